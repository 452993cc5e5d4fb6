// Issue 6, "hostile input" at the session (docs/contract.md §6: values always travel as bound
// parameters): SQL-injection strings, quotes and backslashes, NUL bytes, a 1 MB string,
// right-to-left text, emoji and other tricky Unicode, in every text column, through insert, update,
// the conflict check of a later update, and a query's bound filter. Each is stored and read back
// verbatim through the independent connection — never executed, never truncated or normalised
// silently. A value the database cannot hold at all must be refused with an error, with nothing
// lost.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

using namespace shelftest;

namespace {

/// "" when equal; else where the texts part (without printing a megabyte).
QString verbatimDifference(const QString &actual, const QString &expected) {
    if (actual == expected)
        return {};
    qsizetype i = 0;
    while (i < actual.size() && i < expected.size() && actual.at(i) == expected.at(i))
        ++i;
    return QStringLiteral("length %1, expected %2; first difference at %3: U+%4 instead of U+%5")
        .arg(actual.size())
        .arg(expected.size())
        .arg(i)
        .arg(i < actual.size() ? actual.at(i).unicode() : 0, 4, 16, QLatin1Char('0'))
        .arg(i < expected.size() ? expected.at(i).unicode() : 0, 4, 16, QLatin1Char('0'));
}

QString megabyte() {
    // Mixed widths in UTF-8 and UTF-16 (ASCII, Latin, CJK, a surrogate pair), so a length counted
    // in the wrong unit shows
    const QString piece = QStringLiteral("abc \u00e9\u00fc \u4e66 \U0001F4DA; ");
    QString result;
    result.reserve(1024 * 1024 + piece.size());
    while (result.size() < 1024 * 1024)
        result += piece;
    result.truncate(1024 * 1024 - 1);
    return result + QLatin1Char('!'); // the end is there
}

struct TextColumn {
    const char *table;
    const char *column;
};
const TextColumn TextColumns[] = {
    {"authors", "name"}, {"books", "title"}, {"users", "name"}, {"reviews", "text"}};

} // namespace

class TestHostileValues : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldStoreHostileTextVerbatim_data();
    void shouldStoreHostileTextVerbatim();
};

void TestHostileValues::shouldStoreHostileTextVerbatim_data() {
    QTest::addColumn<QString>("value");
    QTest::newRow("injection: close and drop") << QStringLiteral("Robert'); DROP TABLE books; --");
    QTest::newRow("injection: always true") << QStringLiteral("' OR '1'='1");
    QTest::newRow("injection: quoted identifier") << QStringLiteral("\"; DELETE FROM \"authors");
    QTest::newRow("injection: second statement")
        << QStringLiteral("x'; DELETE FROM users; SELECT '");
    QTest::newRow("quotes and backslashes")
        << QStringLiteral("It's \"quoted\" `back` \\' \\\" C:\\new\\table %s %d ? $1 :name");
    QTest::newRow("NUL inside") << QStringLiteral("before") + QChar(0) + QStringLiteral("after");
    QTest::newRow("NUL at the end") << QStringLiteral("tail") + QChar(0);
    QTest::newRow("1 MB") << megabyte();
    QTest::newRow("right-to-left")
        << QStringLiteral("\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u200f(1)\u200e "
                          "\u202eevil\u202c");
    QTest::newRow("emoji") << QStringLiteral(
        "\U0001F4DA\U0001F469\u200D\U0001F4BB \U0001F3F3\uFE0F\u200D\U0001F308 "
        "\U0001F44D\U0001F3FD");
    QTest::newRow("decomposed accent, not normalised") << QStringLiteral("Cafe\u0301 \u212b");
    QTest::newRow("whitespace kept") << QStringLiteral("  padded\t\r\n  ");
    QTest::newRow("looks like NULL") << QStringLiteral("NULL");
}

void TestHostileValues::shouldStoreHostileTextVerbatim() {
    QFETCH(QString, value);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto rowsBefore = f.dump();

    // Given new records carrying the value in every text column, and a persistent one renamed to it
    auto author = Author::create(value);
    auto book = Book::create(value, author);
    auto user = User::create(value);
    auto review = Review::create(book, user, 3, value);
    f.session->addAll({user, author, review});
    QVERIFY(lib.crichton->setName(value));
    const RecordList records{author, book, user, review, lib.crichton};
    const QString memoryBefore = memoryOf(*f.session, records);

    // When the session commits
    const bool committed = f.session->commit();

    if (!committed) {
        // Then (only for a value the database cannot hold: PostgreSQL text has no NUL) the refusal
        // is an error naming the record, and nothing is lost or half-written
        const orm::Error error = f.session->lastError();
        QVERIFY2(value.contains(QChar(0)) && backend() == Backend::Postgres,
                 qPrintable(QStringLiteral("a storable value was refused: ") + error.fullText()));
        QVERIFY2(error.kind != orm::Error::Kind::None && error.kind != orm::Error::Kind::Connection,
                 qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
        QVERIFY(error.record);
        QVERIFY(!error.message().isEmpty());
        // (rule 8: the error names the column too, so the user knows what to fix)
        QCOMPARE(error.column, error.record->table().name() == QLatin1String("books")
                                   ? QStringLiteral("title")
                               : error.record->table().name() == QLatin1String("reviews")
                                   ? QStringLiteral("text")
                                   : QStringLiteral("name"));
        const QString memoryAfter = memoryOf(*f.session, records);
        QVERIFY2(memoryAfter == memoryBefore,
                 qPrintable(firstDifference(memoryAfter, memoryBefore)));
        QCOMPARE(f.dump(), rowsBefore);
        qInfo("refused as %s: %s", qPrintable(str(error.kind)),
              qPrintable(error.fullText().replace(QChar(0), QStringLiteral("\\0"))));
        return;
    }

    // Then every column reads back verbatim through another connection, and no statement ran
    // that the value spelled out
    const QList<QPair<RecordPtr, TextColumn>> cells{{author, TextColumns[0]},
                                                    {book, TextColumns[1]},
                                                    {user, TextColumns[2]},
                                                    {review, TextColumns[3]},
                                                    {lib.crichton, TextColumns[0]}};
    for (const auto &[record, where] : cells) {
        const QVariant stored =
            f.cell(QLatin1String(where.table), QLatin1String(where.column), record->id());
        QVERIFY2(verbatimDifference(stored.toString(), value).isEmpty(),
                 qPrintable(QStringLiteral("%1.%2: %3")
                                .arg(QLatin1String(where.table), QLatin1String(where.column),
                                     verbatimDifference(stored.toString(), value))));
    }
    QCOMPARE(f.count(QStringLiteral("authors")), 3);
    QCOMPARE(f.count(QStringLiteral("books")), 4);
    QCOMPARE(f.count(QStringLiteral("users")), 4);
    QCOMPARE(f.count(QStringLiteral("reviews")), 4);

    // When the rows are edited again (the UPDATE's conflict check compares the stored value)
    const QString again = value + QStringLiteral(" \u2014 2nd");
    QVERIFY(author->setName(again));
    QVERIFY(lib.crichton->setName(again));
    QVERIFY(review->setText(again));
    QVERIFY(book->setTitle(again));
    QVERIFY(user->setName(again));
    QVERIFY2(
        f.session->commit(),
        qPrintable(QStringLiteral("a row holding the value reads as changed by someone else: ") +
                   f.session->lastError().fullText().left(500)));

    // Then the new values read back verbatim too
    for (const auto &[record, where] : cells) {
        const QVariant stored =
            f.cell(QLatin1String(where.table), QLatin1String(where.column), record->id());
        QVERIFY2(verbatimDifference(stored.toString(), again).isEmpty(),
                 qPrintable(QStringLiteral("%1.%2: %3")
                                .arg(QLatin1String(where.table), QLatin1String(where.column),
                                     verbatimDifference(stored.toString(), again))));
    }

    // And a fresh session finds exactly those rows with the value as a bound filter, and reads it
    // back verbatim
    auto fresh = f.freshSession();
    orm::Query byName;
    byName.where = QStringLiteral("name = ?");
    byName.binds = {again};
    const RecordList found = fresh->query(library::authorsTable(), byName);
    QVERIFY2(!fresh->lastError(), qPrintable(fresh->lastError().fullText()));
    QCOMPARE(found.size(), 2);
    for (const RecordPtr &record : found)
        QVERIFY2(
            verbatimDifference(record->value(Author::NameColumn).toString(), again).isEmpty(),
            qPrintable(verbatimDifference(record->value(Author::NameColumn).toString(), again)));
    QCOMPARE(fresh->count(library::usersTable(), {QStringLiteral("name = ?"), {again}}), 1);
}

QTEST_GUILESS_MAIN(TestHostileValues)

#include "tst_faults_hostilevalues.moc"
