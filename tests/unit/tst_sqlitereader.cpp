// SQLite's rows written straight into a RowStore (issue 13, SqliteReader::selectInto): every
// storage class a non-STRICT table can hold comes back from the store exactly as the reader's
// QVariant path reads it (same metatype, same value), short ASCII text is held inline, other
// text and blobs out of line, and a row the callback stops at is handed over like the others.
// A real SQLite file through QSQLITE's connection, as the session reads it.

#include "exactvalue.h"
#include "orm/rowstore.h"
#include "orm/sqlitereader.h"

#include <QDate>
#include <QDateTime>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <limits>

using orm::RowStore;
using orm::SqliteReader;
using shelftest::describe;
using shelftest::exactly;

class tst_SqliteReader : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void shouldWriteEveryStorageClassIntoTheStoreExactly_data();
    void shouldWriteEveryStorageClassIntoTheStoreExactly();
    void shouldHoldShortAsciiInlineAndOtherTextOutOfLine();
    void shouldHandOverTheRowItStopsAt();
    void shouldWriteFromTheStoreWhatItWritesFromTheValues_data();
    void shouldWriteFromTheStoreWhatItWritesFromTheValues();
    void shouldBindAGivenValueInPlaceOfItsCell();

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
    std::unique_ptr<SqliteReader> m_reader;
};

void tst_SqliteReader::init() {
    QVERIFY(m_dir.isValid());
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
    m_db.setDatabaseName(m_dir.filePath(QStringLiteral("reader.db")));
    QVERIFY(m_db.open());
    QSqlQuery query(m_db);
    // Not STRICT: a column holds any storage class; `anything` has no affinity at all, so a
    // decimal written as text stays that text, and an INTEGER column keeps text it cannot convert
    QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, number INTEGER, "
                                      "anything, title TEXT)")));
    m_reader = SqliteReader::forDatabase(m_db);
    QVERIFY(m_reader);
}

void tst_SqliteReader::cleanup() {
    m_reader.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("reader"));
    QFile::remove(m_dir.filePath(QStringLiteral("reader.db")));
}

void tst_SqliteReader::shouldWriteEveryStorageClassIntoTheStoreExactly_data() {
    QTest::addColumn<QString>("literal"); // written into the `anything` column
    QTest::addColumn<QVariant>("expected");
    QTest::newRow("integer") << QStringLiteral("-9007199254740993")
                             << QVariant(qint64(-9'007'199'254'740'993));
    QTest::newRow("integer max") << QStringLiteral("9223372036854775807")
                                 << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("real") << QStringLiteral("0.1") << QVariant(0.1);
    QTest::newRow("negative zero") << QStringLiteral("-0.0") << QVariant(-0.0);
    QTest::newRow("decimal as text")
        << QStringLiteral("'1.10'") << QVariant(QStringLiteral("1.10"));
    QTest::newRow("short ascii") << QStringLiteral("'Book 9999-10'")
                                 << QVariant(QStringLiteral("Book 9999-10"));
    QTest::newRow("thirteen ascii")
        << QStringLiteral("'Book 99999-10'") << QVariant(QStringLiteral("Book 99999-10"));
    QTest::newRow("short latin-1") << QStringLiteral("'café'") << QVariant(QStringLiteral("café"));
    QTest::newRow("non latin-1") << QStringLiteral("'Ωμέγα'") << QVariant(QStringLiteral("Ωμέγα"));
    QTest::newRow("emoji") << QStringLiteral("'\U0001F4DA'")
                           << QVariant(QStringLiteral("\U0001F4DA"));
    QTest::newRow("long text") << QStringLiteral("'%1'").arg(QString(5000, QLatin1Char('x')))
                               << QVariant(QString(5000, QLatin1Char('x')));
    QTest::newRow("empty text") << QStringLiteral("''") << QVariant(QStringLiteral(""));
    QTest::newRow("text with NUL")
        << QStringLiteral("CAST(x'610062' AS TEXT)") << QVariant(QString(QLatin1String("a\0b", 3)));
    QTest::newRow("blob") << QStringLiteral("x'00ff10'") << QVariant(QByteArray("\x00\xff\x10", 3));
    QTest::newRow("null") << QStringLiteral("NULL") << QVariant();
}

void tst_SqliteReader::shouldWriteEveryStorageClassIntoTheStoreExactly() {
    QFETCH(QString, literal);
    QFETCH(QVariant, expected);
    QSqlQuery query(m_db);
    QVERIFY(query.exec(
        QStringLiteral("INSERT INTO t VALUES (1, '12a', %1, 'neighbour')").arg(literal)));
    const QString sql = QStringLiteral("SELECT id, number, anything, title FROM t");

    QVariantList listed; // the QVariant path, as a session on another backend would get it
    QSqlError error;
    QVERIFY(m_reader->select(
        sql, {}, 4,
        [&](QVariantList row) {
            listed = row;
            return true;
        },
        &error));
    QVERIFY2(exactly(listed.at(2), expected),
             qPrintable(describe(listed.at(2)) + " != " + describe(expected)));

    RowStore store(4);
    store.add({QVariant(qint64(0)), QVariant(QStringLiteral("a long value, out of line")),
               QVariant(), QVariant()}); // an earlier row, untouched by the read
    int read = -1;
    QVERIFY(m_reader->selectInto(
        sql, {}, store,
        [&](int slot) {
            read = slot;
            return true;
        },
        &error));
    QVERIFY(read >= 0);
    QCOMPARE(store.rowCount(), 2);
    for (int column = 0; column < 4; ++column) {
        const QVariant stored = store.value(read, column);
        QVERIFY2(exactly(stored, listed.at(column)),
                 qPrintable(QStringLiteral("column %1: %2 != %3")
                                .arg(column)
                                .arg(describe(stored), describe(listed.at(column)))));
    }
    QVERIFY(exactly(store.value(read, 1), QVariant(QStringLiteral("12a")))); // text in INTEGER
    QVERIFY(exactly(store.value(0, 1), QVariant(QStringLiteral("a long value, out of line"))));
    // A slot reused after release holds the new row only (no value of the old one is left)
    store.release(read);
    QVERIFY(m_reader->selectInto(
        QStringLiteral("SELECT NULL, NULL, NULL, NULL"), {}, store,
        [&](int slot) {
            read = slot;
            return true;
        },
        &error));
    for (int column = 0; column < 4; ++column)
        QVERIFY(!store.value(read, column).isValid());
}

void tst_SqliteReader::shouldHoldShortAsciiInlineAndOtherTextOutOfLine() {
    QSqlQuery query(m_db);
    QVERIFY(query.exec(QStringLiteral(
        "INSERT INTO t VALUES (1, 7, 2.5, 'Book 12-3'), (2, 8, x'01', 'A title of thirteen'), "
        "(3, NULL, 'Ωμέγα', 'Gödel')")));
    RowStore store(4);
    QList<int> read; // the slots handed over, in row order
    QSqlError error;
    QVERIFY(m_reader->selectInto(
        QStringLiteral("SELECT id, number, anything, title FROM t ORDER BY id"), {}, store,
        [&](int slot) {
            read << slot;
            return true;
        },
        &error));
    QCOMPARE(read.size(), 3);
    QCOMPARE(store.inlineText(read[0], 3), QLatin1StringView("Book 12-3")); // no string made
    QVERIFY(store.inlineText(read[1], 3).isEmpty());
    QCOMPARE(store.inlineText(read[2], 3), QLatin1StringView("G\xf6"
                                                             "del")); // decoded once
    QCOMPARE(store.value(read[2], 3).toString(), QStringLiteral("Gödel"));
    // Out of line: the thirteen-character title, the blob, the Greek text
    QCOMPARE(store.outOfLineCount(), 3);
}

void tst_SqliteReader::shouldHandOverTheRowItStopsAt() {
    QSqlQuery query(m_db);
    QVERIFY(query.exec(QStringLiteral(
        "INSERT INTO t VALUES (1, 1, 'x', 'a'), (2, 2, 'y', 'b'), (3, 3, 'z', 'c')")));
    RowStore store(4);
    int calls = 0;
    QList<int> read;
    QSqlError error;
    QVERIFY(m_reader->selectInto(
        QStringLiteral("SELECT id, number, anything, title FROM t ORDER BY id"), {}, store,
        [&](int slot) {
            read << slot;
            return ++calls < 2; // stop at the second row: it is the callback's as well
        },
        &error));
    QCOMPARE(calls, 2);
    QCOMPARE(store.value(read[0], 0), QVariant(qint64(1)));
    QCOMPARE(store.value(read[1], 0), QVariant(qint64(2)));
    QCOMPARE(store.value(read[1], 2), QVariant(QStringLiteral("y")));
    QCOMPARE(store.rowCount(), 2); // the third row was never written
    // A failing statement adds nothing and says why
    QVERIFY(!m_reader->selectInto(
        QStringLiteral("SELECT nothing FROM t"), {}, store, [](int) { return true; }, &error));
    QVERIFY(error.text().contains(QStringLiteral("nothing")));
    QCOMPARE(store.rowCount(), 2);
}

void tst_SqliteReader::shouldWriteFromTheStoreWhatItWritesFromTheValues_data() {
    QTest::addColumn<QVariant>("value");
    QTest::newRow("null") << QVariant();
    QTest::newRow("typed null text") << QVariant(QMetaType::fromType<QString>());
    QTest::newRow("true") << QVariant(true);
    QTest::newRow("false") << QVariant(false);
    QTest::newRow("int") << QVariant(-7);
    QTest::newRow("uint") << QVariant(4'000'000'000u);
    QTest::newRow("short") << QVariant::fromValue(short(-3));
    QTest::newRow("qint64") << QVariant(std::numeric_limits<qint64>::min());
    QTest::newRow("quint64") << QVariant(quint64(18'000'000'000'000'000'000ull));
    QTest::newRow("long") << QVariant::fromValue(long(123456789));
    QTest::newRow("double") << QVariant(0.1);
    QTest::newRow("negative zero") << QVariant(-0.0);
    QTest::newRow("float") << QVariant(1.5f);
    QTest::newRow("short ascii") << QVariant(QStringLiteral("Book 9999-10"));
    QTest::newRow("short latin-1") << QVariant(QStringLiteral("café ÿ"));
    QTest::newRow("latin-1 at the edge") << QVariant(QString(12, QChar(0xff)));
    QTest::newRow("thirteen ascii") << QVariant(QStringLiteral("Book 99999-10"));
    QTest::newRow("non latin-1") << QVariant(QStringLiteral("Ωμέγα"));
    QTest::newRow("emoji") << QVariant(QStringLiteral("\U0001F4DA"));
    QTest::newRow("empty text") << QVariant(QStringLiteral(""));
    QTest::newRow("text with NUL") << QVariant(QString(QLatin1String("a\0b", 3)));
    QTest::newRow("long text") << QVariant(QString(5000, QLatin1Char('x')));
    QTest::newRow("blob") << QVariant(QByteArray("\x00\xff\x10", 3));
    QTest::newRow("date") << QVariant(QDate(2026, 12, 5));
    QTest::newRow("timestamp") << QVariant(QDateTime(QDate(2026, 12, 5), QTime(6, 30, 1, 250)));
}

// A new record's INSERT binds its row where the row store holds it (Session::executeWrite with
// RowCells): every value must reach the database as the same storage class and the same bytes as
// when bound from its QVariant.
void tst_SqliteReader::shouldWriteFromTheStoreWhatItWritesFromTheValues() {
    QFETCH(QVariant, value);
    const QString insert = QStringLiteral("INSERT INTO t (id, anything, title) VALUES (?, ?, ?)");
    QSqlError error;
    qint64 changes = 0;
    qint64 rowId = 0;
    QVERIFY2(m_reader->write(insert, QVariantList{qint64(1), value, QStringLiteral("neighbour")}, 0,
                             &changes, &rowId, nullptr, &error),
             qPrintable(error.text()));
    QCOMPARE(changes, 1);

    RowStore store(3);
    store.add({QVariant(qint64(0)), QVariant(QStringLiteral("a long value, out of line")),
               QVariant()}); // another row, so that the slot is not the first
    const int slot = store.add({QVariant(qint64(2)), value, QVariant(QStringLiteral("neighbour"))});
    const orm::RowCells cells{&store, slot, {0, 1, 2}};
    QVERIFY(exactly(cells.values().at(1), store.value(slot, 1)));
    QVERIFY2(m_reader->write(insert, cells, 0, &changes, &rowId, nullptr, &error),
             qPrintable(error.text()));
    QCOMPARE(changes, 1);
    QCOMPARE(rowId, 2);

    QSqlQuery query(m_db);
    QVERIFY(query.exec(
        QStringLiteral("SELECT typeof(anything), quote(anything), title FROM t ORDER BY id")));
    QStringList rows;
    while (query.next())
        rows << query.value(0).toString() + QLatin1Char(' ') + query.value(1).toString() +
                    QLatin1Char(' ') + query.value(2).toString();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1), rows.at(0));
}

// A child inserted with its parent binds the parent's new key in place of the NULL its cell holds
// (RowCells::given), and its other cells as they are, in the statement's order.
void tst_SqliteReader::shouldBindAGivenValueInPlaceOfItsCell() {
    const QString insert = QStringLiteral("INSERT INTO t (id, title, anything) VALUES (?, ?, ?)");
    RowStore store(3); // id, title, anything, as the statement names them
    const int slot = store.add({QVariant(qint64(2)), QVariant(), QVariant(QStringLiteral("café"))});
    orm::RowCells cells{&store, slot, {0, 1, 2}};
    cells.given.emplace_back(1, QVariant(QStringLiteral("Ωμέγα")));
    const QVariantList expected{qint64(2), QStringLiteral("Ωμέγα"), QStringLiteral("café")};
    const QVariantList logged = cells.values(); // what a statement log shows
    QCOMPARE(logged.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(exactly(logged.at(i), expected.at(i)), qPrintable(describe(logged.at(i))));
    QSqlError error;
    qint64 changes = 0;
    QVERIFY2(m_reader->write(insert, cells, 0, &changes, nullptr, nullptr, &error),
             qPrintable(error.text()));
    QVERIFY2(m_reader->write(insert, QVariantList{qint64(1), expected.at(1), expected.at(2)}, 0,
                             &changes, nullptr, nullptr, &error),
             qPrintable(error.text()));
    QSqlQuery query(m_db);
    QVERIFY(query.exec(QStringLiteral("SELECT quote(title), quote(anything) FROM t ORDER BY id")));
    QStringList rows;
    while (query.next())
        rows << query.value(0).toString() + QLatin1Char(' ') + query.value(1).toString();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1), rows.at(0));
    QCOMPARE(rows.at(0), QStringLiteral("'Ωμέγα' 'café'"));
}

QTEST_GUILESS_MAIN(tst_SqliteReader)

#include "tst_sqlitereader.moc"
