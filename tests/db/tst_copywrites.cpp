// Issue 14: on PostgreSQL, many new rows of one table whose every value the session knows (no key
// or default to read back) go as COPY … FROM STDIN through libpq on QPSQL's connection
// (orm::PostgresCopy), the rows in COPY's text format (orm::copytext). Pinned here: every value of
// every column type arrives as an INSERT of it stores it (escapes, NULL against empty text and
// "\N", exact decimals, doubles, bytes with NUL bytes, dates, JSON), a refused COPY changes nothing
// in memory or in the database and names the record (rule 8), rows with keys to read back and
// values without a COPY text still go as INSERT. SQLite has no COPY: the suite is skipped there.

#include "libraryfixture.h"
#include "orm/flushsql.h"
#include "realschemas.h"

#include <QDateTime>
#include <QTest>
#include <QUuid>

using namespace shelftest;

namespace {

const QString Columns = QStringLiteral(
    "(id integer PRIMARY KEY, big bigint, name text, \"Note, \"\"quoted\"\"\" text, price "
    "numeric(10,2), exact numeric, ratio double precision, ok boolean, day date, stamp "
    "timestamp, stamptz timestamptz, photo bytea, doc json, uid uuid)");

/// Every column as text, as the server writes it: what is compared, whatever the driver reads.
const QString AsText = QStringLiteral(
    "SELECT id, big::text, name, \"Note, \"\"quoted\"\"\", price::text, exact::text, "
    "ratio::text, ok::text, day::text, stamp::text, stamptz::text, encode(photo, 'hex'), "
    "doc::text, uid::text FROM %1 ORDER BY id");

/// Text that COPY's format escapes or could mistake for something else, one per case.
const QList<QVariant> &names() {
    static const QList<QVariant> cases{
        QVariant(),                                // NULL
        QString(QLatin1String("")),                // empty text, not NULL
        QStringLiteral("\\N"),                     // the text \N, not NULL
        QStringLiteral("tab\there"),               // the column separator
        QStringLiteral("line\nbreak"),             // the row separator
        QStringLiteral("carriage\rreturn"),        // read as a line end
        QStringLiteral("back\\slash"),             // the escape character
        QStringLiteral("ends with a backslash\\"), // would escape the separator after it
        QStringLiteral("\\."),                     // the end marker of psql's COPY data
        QStringLiteral("\\x41 \\t \\n \\\\"),      // escapes written as text
        QStringLiteral("It's \"quoted\""),
        QStringLiteral("ünïcødé ✓ 𝄞 日本語"),
        QStringLiteral("all\t\n\r\\ at once\\"),
        QStringLiteral("  spaces  "),
    };
    return cases;
}

/// The values of row `i`, in the order of Columns; every column cycles through its cases.
QVariantList rowValues(int i) {
    static const QList<QVariant> prices{QStringLiteral("12.50"), QStringLiteral("1.10"),
                                        QStringLiteral("-0.01"), QVariant()};
    static const QList<QVariant> exacts{
        QStringLiteral("1.10"), QStringLiteral("0.000000000000000000001"),
        QStringLiteral("123456789012345678901234567890.123"), QVariant(), QStringLiteral("-0")};
    static const QList<QVariant> ratios{0.1,
                                        1e-300,
                                        -2.5,
                                        1.7976931348623157e308,
                                        5e-324,
                                        QVariant(),
                                        std::numeric_limits<double>::quiet_NaN(),
                                        -std::numeric_limits<double>::infinity(),
                                        -0.0,
                                        1.0 / 3};
    static const QList<QVariant> flags{true, false, QVariant()};
    static const QList<QVariant> stamps{QStringLiteral("2026-12-03 10:15:30.123456"),
                                        QStringLiteral("1999-01-08 04:05:06"), QVariant()};
    QByteArray bytes("\x00\x01\\\t\n\r\xff\x00", 8);
    bytes.append(char(i % 256));
    const QVariant photo = i % 5 == 0   ? QVariant()
                           : i % 5 == 1 ? QVariant(QByteArray(""))
                                        : QVariant(bytes);
    const QVariant uid =
        i % 3 == 0 ? QVariant()
        : i % 3 == 1
            ? QVariant(QUuid::createUuidV5(QUuid(), QString::number(i)))
            : QVariant(
                  QStringLiteral("6f1c1b2e-8a3d-4c51-9a0e-%1").arg(i, 12, 10, QLatin1Char('0')));
    return {
        i + 1,
        i % 7 == 0 ? QVariant() : QVariant(qlonglong(5000000000LL + i)),
        names().at(i % names().size()),
        QStringLiteral("row %1").arg(i),
        prices.at(i % prices.size()),
        exacts.at(i % exacts.size()),
        ratios.at(i % ratios.size()),
        flags.at(i % flags.size()),
        i % 11 == 0 ? QVariant() : QVariant(QDate(2026, 1, 1).addDays(i)),
        stamps.at(i % stamps.size()),
        i % 4 == 0
            ? QVariant()
            : QVariant(QDateTime(QDate(2026, 12, 3), QTime(10, 15, 30, 250), Qt::UTC).addSecs(i)),
        photo,
        i % 6 == 0 ? QVariant()
                   : QVariant(QStringLiteral("{\"k\": \"tab\\there\", \"n\": [1, 2.50]}")),
        uid,
    };
}

QStringList textRows(TestDatabase &db, const QString &table) {
    QStringList rows;
    for (const QVariantList &row : db.rows(AsText.arg(table))) {
        QStringList cells;
        for (const QVariant &cell : row)
            cells << (cell.isNull() ? QStringLiteral("NULL")
                                    : QLatin1Char('[') + cell.toString() + QLatin1Char(']'));
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

} // namespace

class TestCopyWrites : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::Metadata> m_metadata;
    std::unique_ptr<orm::Session> m_session;
    StatementRecorder m_recorder;

    const orm::Table &table(const char *name) { return *m_metadata->table(QLatin1String(name)); }

    /// `rows` new records of `items` staged, row i holding rowValues(i).
    RecordList stageItems(int rows) {
        const orm::Table &items = table("items");
        RecordList records;
        for (int i = 0; i < rows; ++i) {
            orm::RecordPtr record = items.createRecord();
            const QVariantList values = rowValues(i);
            for (int column = 0; column < values.size(); ++column) {
                if (!record->setValue(column, values.at(column)))
                    qWarning() << "row" << i << "column" << column << values.at(column);
            }
            m_session->add(record);
            records << record;
        }
        return records;
    }

private Q_SLOTS:
    void init() {
        if (backend() != Backend::Postgres)
            QSKIP("COPY is PostgreSQL's");
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        for (const QString &statement :
             {QStringLiteral("CREATE TABLE items ") + Columns,
              QStringLiteral("CREATE TABLE twins ") + Columns,
              QStringLiteral("CREATE TABLE tagged (id bigint GENERATED BY DEFAULT AS IDENTITY "
                             "PRIMARY KEY, label text NOT NULL)"),
              QStringLiteral("CREATE TABLE events (id integer PRIMARY KEY, at timestamp)"),
              // A rule, which COPY would not invoke: every inserted row is also noted
              QStringLiteral("CREATE TABLE audited (id integer PRIMARY KEY, label text)"),
              QStringLiteral("CREATE TABLE audit (audited_id integer)"),
              QStringLiteral("CREATE RULE note_insert AS ON INSERT TO audited DO ALSO "
                             "INSERT INTO audit VALUES (NEW.id)")})
            QVERIFY2(m_db->exec(statement), qPrintable(m_db->errorString()));
        QString error;
        QVERIFY2(openReflected(*m_db, &m_metadata, &m_session, &error), qPrintable(error));
        m_recorder.attach(*m_session);
    }
    void cleanup() {
        m_session.reset();
        m_metadata.reset();
        m_db.reset();
    }

    void shouldCopyEveryValueAsAnInsertStoresIt();
    void shouldChangeNothingAndNameTheDuplicateWhenACopyIsRefused();
    void shouldStillInsertRowsWhoseKeysTheDatabaseGives();
    void shouldInsertValuesThatHaveNoCopyText();
    void shouldPreviewTheCopyWithItsRows();
    void shouldInsertIntoATableWithARuleSoTheRuleRuns();
};

void TestCopyWrites::shouldInsertIntoATableWithARuleSoTheRuleRuns() {
    // Given 2,500 new rows, keys given, of a table whose rule notes every inserted row
    const orm::Table &audited = table("audited");
    QVERIFY(audited.isInsertOnly());
    QVERIFY(!table("items").isInsertOnly());
    for (int i = 0; i < 2500; ++i) {
        orm::RecordPtr record = audited.createRecord();
        QVERIFY(record->setValue(0, i + 1));
        QVERIFY(record->setValue(1, QStringLiteral("label %1").arg(i)));
        m_session->add(record);
    }
    m_recorder.clear();

    // When the session commits
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

    // Then they went as INSERT, which runs the rule (COPY does not), and every row is noted
    QCOMPARE(m_recorder.withVerb(QStringLiteral("COPY")).size(), 0);
    QVERIFY(m_recorder.withVerb(QStringLiteral("INSERT")).size() >= 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audited")).toInt(), 2500);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(DISTINCT audited_id) FROM audit")).toInt(),
             2500);
}

void TestCopyWrites::shouldCopyEveryValueAsAnInsertStoresIt() {
    // Given 2,500 new rows of every column type, the hard cases of each column among them, and
    // the same values inserted into a twin table through QPSQL (bound values, the INSERT path)
    constexpr int Rows = 2500;
    const RecordList records = stageItems(Rows);
    for (int i = 0; i < Rows; ++i) {
        QVERIFY2(m_db->exec(QStringLiteral("INSERT INTO twins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                           "?, ?, ?, ?, ?)"),
                            rowValues(i)),
                 qPrintable(m_db->errorString()));
    }
    m_recorder.clear();

    // When the session commits
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

    // Then the rows went as one COPY (2,500 rows of 14 columns fit in 65,535 parameters), no
    // INSERT, and the log shows it once
    const QList<LoggedStatement> copies = m_recorder.withVerb(QStringLiteral("COPY"));
    QCOMPARE(copies.size(), 1);
    QVERIFY2(copies.first().sql.startsWith(
                 QStringLiteral(
                     "COPY \"%1\".\"items\" (\"id\", \"big\", \"name\", \"Note, \"\"quoted\"\"\"")
                     .arg(m_db->schema())) ||
                 copies.first().sql.startsWith(QStringLiteral(
                     "COPY \"items\" (\"id\", \"big\", \"name\", \"Note, \"\"quoted\"\"\"")),
             qPrintable(copies.first().sql));
    QVERIFY(copies.first().sql.endsWith(QStringLiteral(") FROM STDIN")));
    QCOMPARE(copies.first().binds.size(), Rows * 14);
    QCOMPARE(m_recorder.withVerb(QStringLiteral("INSERT")).size(), 0);

    // And every value reads back as the INSERT of it stored it, column by column
    const QStringList copied = textRows(*m_db, QStringLiteral("items"));
    const QStringList inserted = textRows(*m_db, QStringLiteral("twins"));
    QCOMPARE(copied.size(), Rows);
    for (int i = 0; i < Rows; ++i)
        QCOMPARE(copied.at(i), inserted.at(i));

    // And each hard text case is itself, NULL only where it was NULL
    for (int i = 0; i < names().size(); ++i) {
        const QVariant expected = names().at(i);
        const QVariant stored =
            m_db->scalar(QStringLiteral("SELECT name FROM items WHERE id = ?"), {i + 1});
        QCOMPARE(stored.isNull(), expected.isNull());
        if (!expected.isNull())
            QCOMPARE(stored.toString(), expected.toString());
    }
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM items WHERE name = ''")).toInt(),
             (Rows + int(names().size()) - 2) / int(names().size()));
    // exact decimals as their text, doubles to the last bit, bytes with their NUL bytes
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT exact::text FROM items WHERE id = 1")).toString(),
             QStringLiteral("1.10"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT price::text FROM items WHERE id = 2")).toString(),
             QStringLiteral("1.10"));
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT ratio = 0.1::float8 FROM items WHERE id = 1")).toBool(),
        true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT ratio = 1e-300::float8 FROM items WHERE id = 2"))
                 .toBool(),
             true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT ratio = 1::float8 / 3 FROM items WHERE id = 10"))
                 .toBool(),
             true);
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT octet_length(photo) FROM items WHERE id = 2")).toInt(),
        0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT doc::text FROM items WHERE id = 2")).toString(),
             QStringLiteral("{\"k\": \"tab\\there\", \"n\": [1, 2.50]}"));
    // And the records are persistent, as committed
    for (const RecordPtr &record : records)
        QCOMPARE(str(m_session->state(record)), str(ObjectState::Persistent));
}

void TestCopyWrites::shouldChangeNothingAndNameTheDuplicateWhenACopyIsRefused() {
    // Given row 1700 already written by someone else, and 2,500 new rows, one of them with its key
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO items (id, name) VALUES (1700, 'theirs')")));
    const RecordList records = stageItems(2500);
    const RecordPtr duplicate = records.at(1699);
    QCOMPARE(duplicate->value(0).toInt(), 1700);
    const QString memoryBefore = memoryOf(*m_session, records);
    const QStringList rowsBefore = textRows(*m_db, QStringLiteral("items"));
    m_recorder.clear();

    // When the session commits
    QVERIFY(!m_session->commit());

    // Then the COPY was refused, the flush ran again a row at a time up to the duplicate, and
    // the error names it as a unique violation of the key
    QCOMPARE(m_recorder.withVerb(QStringLiteral("COPY")).size(), 1);
    QCOMPARE(m_recorder.withVerb(QStringLiteral("INSERT")).size(), 1700);
    const orm::Error error = m_session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Constraint));
    QVERIFY2(error.record == duplicate, qPrintable(error.fullText()));
    QCOMPARE(error.constraint, QStringLiteral("unique"));
    QCOMPARE(error.column, QStringLiteral("id"));
    // And nothing changed: in memory every record pending as staged, in the database one row
    QCOMPARE(memoryOf(*m_session, records), memoryBefore);
    QCOMPARE(textRows(*m_db, QStringLiteral("items")), rowsBefore);

    // When the duplicate's key is fixed and the session commits again
    QVERIFY(duplicate->setValue(0, 9999));
    m_recorder.clear();
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

    // Then the rows went as one COPY, every one of them
    QCOMPARE(m_recorder.withVerb(QStringLiteral("COPY")).size(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 2501);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT big FROM items WHERE id = 9999")).toLongLong(),
             5000000000LL + 1699);
}

void TestCopyWrites::shouldStillInsertRowsWhoseKeysTheDatabaseGives() {
    // Given 2,500 new rows whose keys the database generates
    const orm::Table &tagged = table("tagged");
    RecordList records;
    for (int i = 0; i < 2500; ++i) {
        orm::RecordPtr record = tagged.createRecord();
        QVERIFY(record->setValue(1, QStringLiteral("label %1").arg(i)));
        m_session->add(record);
        records << record;
    }
    m_recorder.clear();

    // When the session commits
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

    // Then they went as INSERT … RETURNING of StatementShapes::ValuesBatchRows rows at most, no
    // COPY, and every record has its own row's key
    QCOMPARE(m_recorder.withVerb(QStringLiteral("COPY")).size(), 0);
    const QList<LoggedStatement> inserts = m_recorder.withVerb(QStringLiteral("INSERT"));
    constexpr qsizetype perStatement = orm::StatementShapes::ValuesBatchRows;
    QCOMPARE(inserts.size(), (2500 + perStatement - 1) / perStatement);
    for (const LoggedStatement &insert : inserts)
        QVERIFY(insert.sql.contains(QStringLiteral("RETURNING")));
    QSet<qint64> keys;
    for (const RecordPtr &record : records) {
        QVERIFY(!record->value(0).isNull());
        keys.insert(record->value(0).toLongLong());
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT label FROM tagged WHERE id = ?"),
                              {record->value(0)})
                     .toString(),
                 record->value(1).toString());
    }
    QCOMPARE(keys.size(), records.size());
}

void TestCopyWrites::shouldInsertValuesThatHaveNoCopyText() {
    // Given new rows whose timestamp without time zone is a QDateTime, which QPSQL sends as a
    // timestamp with time zone for the server to convert (COPY's text could not say the same)
    const orm::Table &events = table("events");
    QList<QDateTime> moments;
    for (int i = 0; i < 50; ++i) {
        moments << QDateTime(QDate(2026, 6, 1), QTime(12, 0, 0, 125), Qt::LocalTime).addDays(i);
        orm::RecordPtr record = events.createRecord();
        QVERIFY(record->setValue(0, i + 1));
        QVERIFY(record->setValue(1, moments.last()));
        m_session->add(record);
    }
    m_recorder.clear();

    // When the session commits
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

    // Then they went as INSERT, and hold what an INSERT of the same values through QPSQL holds
    QCOMPARE(m_recorder.withVerb(QStringLiteral("COPY")).size(), 0);
    QCOMPARE(m_recorder.withVerb(QStringLiteral("INSERT")).size(), 1);
    QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE expected (id integer, at timestamp)")));
    for (int i = 0; i < moments.size(); ++i)
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO expected VALUES (?, ?)"),
                           {i + 1, moments.at(i)}));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events e JOIN expected x USING "
                                         "(id) WHERE e.at = x.at"))
                 .toInt(),
             int(moments.size()));
}

void TestCopyWrites::shouldPreviewTheCopyWithItsRows() {
    // Given three new rows of items whose keys are given
    const orm::Table &events = table("events");
    for (int i = 0; i < 3; ++i) {
        orm::RecordPtr record = events.createRecord();
        QVERIFY(record->setValue(0, i + 1));
        QVERIFY(record->setValue(
            1, i == 1 ? QVariant() : QVariant(QStringLiteral("2026-12-0%1 10:00").arg(i + 1))));
        m_session->add(record);
    }

    // When the SQL is previewed and then committed
    const QStringList preview = m_session->previewSql();
    m_recorder.clear();
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

    // Then the preview shows the COPY commit ran, with its rows as COPY reads them
    const QList<LoggedStatement> copies = m_recorder.withVerb(QStringLiteral("COPY"));
    QCOMPARE(copies.size(), 1);
    QCOMPARE(preview.size(), 3);
    QCOMPARE(preview.at(1),
             copies.first().sql +
                 QStringLiteral(";\n1\t2026-12-01 10:00\n2\t\\N\n3\t2026-12-03 10:00\n\\."));
}

QTEST_GUILESS_MAIN(TestCopyWrites)
#include "tst_copywrites.moc"
