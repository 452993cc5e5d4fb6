// Issue 13 on PostgreSQL: the session's SELECTs read through libpq on QPSQL's connection
// (orm::PostgresReader), each value written straight into the table's RowStore. Pinned here:
// every column type reflection brings comes back exactly as QPSQL reads it (same metatype, same
// value, compared cell by cell with the same statement run through QPSQL: integers, NUMERIC as its
// text, floats with NaN, ±Infinity and -0, booleans, text, char(n) with its padding, bytea, dates,
// uuid, json, jsonb, interval, enums, arrays, money, and the NULL of each); binds compare as
// QPSQL's literals do (IN lists, BETWEEN, text keys, composite keys, dates, doubles, booleans) and
// those it cannot send so are left to QPSQL; a result column it does not read (time, timestamp)
// leaves the statement to QPSQL; a refused statement, a cancelled one and a lost server are
// reported as QPSQL reports them; the session logs the SELECT once and reads inside its
// transaction. SQLite has its own reader (tests/unit/tst_sqlitereader): the suite is skipped there.

#include "exactvalue.h"
#include "io/tableexport.h"
#include "io/textrowcells.h"
#include "libraryfixture.h"
#include "orm/postgresreader.h"
#include "orm/textrows.h"
#include "orm/values.h"
#include "realschemas.h"

#include <QBuffer>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QThread>

using namespace shelftest;

namespace {

const QStringList Setup = {
    QStringLiteral("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"),
    QStringLiteral(
        "CREATE TABLE every (id integer PRIMARY KEY, small smallint, big bigint, exact numeric, "
        "price numeric(10,2), single real, ratio double precision, ok boolean, name text, "
        "short varchar(20), code char(5), photo bytea, day date, uid uuid, doc json, docb jsonb, "
        "span interval, feeling mood, numbers integer[], words text[], cash money, at time, "
        "stamp timestamp, stamptz timestamptz)"),
    // Edge values, one row each in part; row 9 is NULL in every column but its key
    QStringLiteral(
        "INSERT INTO every VALUES "
        "(1, 32767, 9223372036854775807, 1.10, 12.50, 3.4028235e38, 'NaN', true, 'Ada', "
        "'short', 'ab', '\\x0001ff00'::bytea, '2026-12-04', "
        "'6f1c1b2e-8a3d-4c51-9a0e-000000000001', '{\"k\": [1, 2.50]}', '{\"b\": 1, \"a\": null}', "
        "'1 year 2 mons 3 days 04:05:06.789', 'happy', '{1,NULL,3}', '{\"a b\",NULL,\"\\\\\"}', "
        "12.34, '10:15:30.123456', '2026-12-03 10:15:30.123456', '2026-12-03 10:15:30+02'),"
        "(2, -32768, -9223372036854775808, -0, -0.01, '-Infinity', 'Infinity', false, '', "
        "'', '', ''::bytea, '0001-01-01', '00000000-0000-0000-0000-000000000000', '[]', '{}', "
        "'-1 days', 'sad', '{}', '{}', -1.5, '00:00', '1999-01-08 04:05:06', "
        "'1999-01-08 04:05:06Z'),"
        "(3, 0, 0, 123456789012345678901234567890.123, 0, '-0', '-0', true, 'ünïcødé ✓ 𝄞 日本語', "
        "'twelve chars', 'abcde', '\\x00'::bytea, '9999-12-31', "
        "'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', '\"text\"', '0', 'ok', '{{1,2},{3,4}}', "
        "'{\"with, comma\"}', 0, '23:59:59.999999', '2000-02-29 00:00', '2000-02-29 00:00+00'),"
        "(4, 1, 5000000000, 'NaN', 99999999.99, 1e-38, 5e-324, false, 'thirteen char', "
        "'ünï', 'é', '\\xdeadbeef'::bytea, '2000-02-29', '6f1c1b2e-8a3d-4c51-9a0e-000000000004', "
        "'{\"tab\": \"\\t\"}', '[1, \"x\"]', '00:00:00.000001', 'happy', '{-2147483648}', "
        "'{\"\"}', 1000000.01, '12:00', '1970-01-01 00:00', '1970-01-01 00:00Z'),"
        "(5, -1, -1, 0.000000000000000000001, -99999999.99, 0.1, 0.1, true, "
        "'a much longer text than twelve characters, to be held out of line', "
        "'  spaces  ', ' x', decode(repeat('ab', 1000), 'hex'), '1970-01-01', "
        "'6f1c1b2e-8a3d-4c51-9a0e-000000000005', '{}', '{\"k\": \"ünï\"}', '-1 year -2 mons', "
        "'sad', '{0}', '{a}', -0.01, '00:00:00.5', '2026-01-01 00:00:00.5', "
        "'2026-01-01 00:00:00.5+05:30'),"
        "(6, 2, 2, 1e10, 1, 1.17549435e-38, 1.7976931348623157e308, false, 'x', 'y', "
        "'z', '\\x41'::bytea, '2024-06-30', '6f1c1b2e-8a3d-4c51-9a0e-000000000006', '1', '2', "
        "'1 mon', 'ok', '{7}', '{b}', 0.01, '01:02:03', '2024-06-30 01:02:03', "
        "'2024-06-30 01:02:03-07'),"
        "(7, 3, 3, 2.5, 2.5, 1.0, 0.30000000000000004, true, 'tab\there', 'line\nbreak', "
        "'q''t', '\\x5c'::bytea, '1999-12-31', '6f1c1b2e-8a3d-4c51-9a0e-000000000007', "
        "'{\"a\":1}', '{\"a\":1}', '1 day', 'happy', '{1,2}', '{\"x\\\"y\"}', 5, '13:00', "
        "'1999-12-31 23:59:59', '1999-12-31 23:59:59+00'),"
        "(8, 4, 4, -123.450, -1.00, -1.5, -2.5e-300, false, 'It''s \"quoted\"', 'Ω', 'ÿ', "
        "'\\x'::bytea, '2026-12-04', '6f1c1b2e-8a3d-4c51-9a0e-000000000008', '\"ünï\"', "
        "'[null]', '-00:00:01', 'sad', '{}', '{\"NULL\"}', -1000, '00:00:01', "
        "'2026-12-04 00:00:01', '2026-12-04 00:00:01+00'),"
        "(9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"),
    // Keys of several shapes, for the binds
    QStringLiteral("CREATE TABLE keyed (region text, number bigint, day date, score double "
                   "precision, done boolean, label text, PRIMARY KEY (region, number))"),
    QStringLiteral(
        "INSERT INTO keyed SELECT CASE WHEN i % 3 = 0 THEN 'north' WHEN i % 3 = 1 THEN 'south' "
        "ELSE 'Sud ü' END, i, date '2026-01-01' + i, i / 4.0, i % 2 = 0, 'label ' || i FROM "
        "generate_series(1, 300) AS i"),
};

/// Every column but the times, which Shelf reads as text (PostgresDialect::selectColumn()).
const QString EveryColumn = QStringLiteral(
    "SELECT id, small, big, exact, price, single, ratio, ok, name, short, code, photo, day, uid, "
    "doc, docb, span, feeling, numbers, words, cash, at::text AS at, stamp::text AS stamp, "
    "stamptz::text AS stamptz FROM every WHERE id >= ? ORDER BY id");

/// The rows QPSQL reads for `sql` with `binds`: a prepared, forward-only query (as the session's
/// StatementCache runs it), NUMERIC as text, each NULL made an invalid QVariant (as the session
/// makes it).
QList<QVariantList> readByQpsql(QSqlDatabase db, const QString &sql, const QVariantList &binds,
                                QString *error) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.setNumericalPrecisionPolicy(QSql::HighPrecision);
    QList<QVariantList> rows;
    if (!query.prepare(sql)) {
        *error = query.lastError().text();
        return rows;
    }
    for (qsizetype i = 0; i < binds.size(); ++i)
        query.bindValue(int(i), binds.at(i));
    if (!query.exec()) {
        *error = query.lastError().text();
        return rows;
    }
    while (query.next()) {
        QVariantList row;
        for (int column = 0; column < query.record().count(); ++column)
            row << orm::values::normalizeNull(query.value(column));
        rows << row;
    }
    return rows;
}

} // namespace

class TestPostgresReader : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::PostgresReader> m_reader;

    /// The rows the reader reads for `sql` with `binds`, through a RowStore as the session keeps
    /// them; `*declined` when it leaves the statement to QPSQL.
    QList<QVariantList> readByReader(const QString &sql, const QVariantList &binds, int columns,
                                     bool *declined, QSqlError *error) {
        QList<QVariantList> rows;
        const orm::PostgresReader::Statement *statement = m_reader->prepare(sql, binds, error);
        *declined = !statement && !error->isValid();
        if (!statement)
            return rows;
        orm::RowStore store(columns);
        const bool ok = m_reader->selectInto(
            *statement, store,
            [&](int slot) {
                rows << store.row(slot);
                return true;
            },
            error);
        if (!ok)
            rows.clear();
        return rows;
    }

    /// Compares the reader's rows with QPSQL's, cell by cell, metatype and value.
    void compareWithQpsql(const QString &sql, const QVariantList &binds, int columns,
                          qsizetype expectedRows) {
        bool declined = false;
        QSqlError error;
        const QList<QVariantList> fast = readByReader(sql, binds, columns, &declined, &error);
        QVERIFY2(!declined, qPrintable(sql));
        QVERIFY2(!error.isValid(), qPrintable(error.text()));
        QString qpsqlError;
        const QList<QVariantList> slow = readByQpsql(m_db->connection(), sql, binds, &qpsqlError);
        QVERIFY2(qpsqlError.isEmpty(), qPrintable(qpsqlError));
        QCOMPARE(slow.size(), expectedRows);
        QCOMPARE(fast.size(), slow.size());
        for (qsizetype row = 0; row < slow.size(); ++row) {
            for (int column = 0; column < columns; ++column) {
                const QVariant &a = fast.at(row).at(column);
                const QVariant &b = slow.at(row).at(column);
                QVERIFY2(exactly(a, b), qPrintable(QStringLiteral("row %1 column %2: reader %3, "
                                                                  "QPSQL %4")
                                                       .arg(row)
                                                       .arg(column)
                                                       .arg(describe(a), describe(b))));
            }
        }
    }

private Q_SLOTS:
    void init() {
        if (backend() != Backend::Postgres)
            QSKIP("libpq is PostgreSQL's; SQLite's reader is tests/unit/tst_sqlitereader");
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        for (const QString &statement : Setup)
            QVERIFY2(m_db->exec(statement), qPrintable(m_db->errorString()));
        m_reader = orm::PostgresReader::forDatabase(m_db->connection(), true);
        QVERIFY(m_reader);
    }
    void cleanup() {
        m_reader.reset();
        m_db.reset();
    }

    void shouldReadEveryTypeExactlyAsQpsqlDoes();
    void shouldBindKeysAsQpsqlComparesThem();
    void shouldLeaveToQpsqlWhatItCannotReadExactly();
    void shouldReportRefusedCancelledAndLostReadsAsQpsqlDoes();
    void shouldReadThroughTheSessionAsQpsqlDid();
    void shouldDeleteRowsOfEveryTypeInOneStatementComparingWhatItReturns();
    void shouldForgetItsStatementsOnlyOnceTheRowsAreHandedOver();
    void shouldKeepNoRowPastTheOneItStoppedAt();
    void shouldForgetItsStatementsInOneRoundTripAndNoOneElses();
    void shouldDeliverANotificationThatCameWithItsResult();
    void shouldLeaveToQpsqlAConnectionClosedOrReopenedUnderIt();
    void shouldExportEveryTypeFromItsTextAsFromItsValues_data();
    void shouldExportEveryTypeFromItsTextAsFromItsValues();
};

void TestPostgresReader::shouldExportEveryTypeFromItsTextAsFromItsValues_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("nullText");
    QTest::addColumn<bool>("byteOrderMark");
    QTest::addColumn<bool>("header");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("csv") << int(io::TextFormat::Csv) << QString() << false << true << 2000;
    QTest::newRow("csv, pages of 4, no header, BOM")
        << int(io::TextFormat::Csv) << QString() << true << false << 4;
    QTest::newRow("csv, NULL as NULL")
        << int(io::TextFormat::Csv) << QStringLiteral("NULL") << false << true << 3;
    QTest::newRow("tsv, NULL as \\N, BOM")
        << int(io::TextFormat::Tsv) << QStringLiteral("\\N") << true << true << 5;
}

void TestPostgresReader::shouldExportEveryTypeFromItsTextAsFromItsValues() {
    // Issue 14: with nothing staged, CSV and TSV export writes PostgreSQL's text as it came where
    // that is the cell's text (text types, integers), else the value's cell.
    QFETCH(int, format);
    QFETCH(QString, nullText);
    QFETCH(bool, byteOrderMark);
    QFETCH(bool, header);
    QFETCH(int, pageSize);
    // Given the 24 columns of every type, and rows whose text is awkward at its ends (spaces of
    // Unicode's that QChar::isSpace() knows, a BOM, a character of 4 bytes) or inside
    QVERIFY2(
        m_db->exec(QStringLiteral(
            "INSERT INTO every (id, name, short, code, doc, words, single, ratio, exact) VALUES "
            "(11, ' lead', 'trail ', '\t', '\"x\"', '{\" a \"}', 1e20, 1e21, 1e21), "
            "(12, E'\\u00a0nbsp', E'nbsp\\u00a0', E'\\u3000', E'\"\\u2028\"', E'{\\u0085}', "
            "123456789, 123456789012, 0.0001), "
            "(13, E'\\ufeffbom', E'bom\\ufeff', E'\\U0001D11E', E'\"\\U0001D11E\"', '{\"a,b\"}', "
            "0.00001, 1e-5, 100), "
            "(14, 'NULL', '\\N', 'a\"b', '\"a\\\"b\"', '{\"\"}', 16777216, 9007199254740993, "
            "-0.0), "
            "(15, E'cr\\r', E'lf\\n', ',', '\",\"', '{NULL}', -1e-10, -1e100, 1.5), "
            // Reals whose text is Qt's shortest form and some whose text is not, as float4
            // (single) and float8 (ratio): an exponent, 16 or 17 digits, zero, -0, NaN, ±Infinity
            "(16, 'reals', '', '', '1', '{}', 0.1, 0.1, 0), (17, 'reals', '', '', '1', '{}', "
            "1e-7, 1e-7, 0), (18, 'reals', '', '', '1', '{}', 123456789.123, 123456789.123, 0), "
            "(19, 'reals', '', '', '1', '{}', 0.0001, 0.001, 0), "
            "(20, 'reals', '', '', '1', '{}', 100000, 120000, 0), "
            "(21, 'reals', '', '', '1', '{}', 10000, -0.00012, 0), "
            "(22, 'reals', '', '', '1', '{}', 1234567, 1234567890.12345, 0), "
            "(23, 'reals', '', '', '1', '{}', -1249.75, 1234567890.123456, 0), "
            "(24, 'reals', '', '', '1', '{}', 0, 0, 0), "
            "(25, 'reals', '', '', '1', '{}', '-0', '-0', 0), "
            "(26, 'reals', '', '', '1', '{}', 'NaN', 'Infinity', 0), "
            "(27, 'reals', '', '', '1', '{}', '-Infinity', 1e21, 0), "
            "(28, 'reals', '', '', '1', '{}', 0.3, 0.3, 0), "
            "(29, 'reals', '', '', '1', '{}', 16777217, 100000000000000, 0), "
            "(30, 'reals', '', '', '1', '{}', 1.5e-5, 999999999999999, 0)")),
        qPrintable(m_db->errorString()));
    std::unique_ptr<orm::Metadata> metadata;
    std::unique_ptr<orm::Session> session;
    QString problem;
    QVERIFY2(openReflected(*m_db, &metadata, &session, &problem), qPrintable(problem));
    const orm::Table &every = *metadata->table(QStringLiteral("every"));
    QList<int> columns;
    for (int column = 0; column < every.columnCount(); ++column)
        columns << column;

    // When a session with nothing staged counts the rows (through QPSQL that would leave its
    // result in flight, and the reader would decline what follows), then reads them as text
    QCOMPARE(session->count(every, {}), qint64(29));
    io::TextRowCells cells(every, columns);
    QList<QList<QByteArray>> fromText; // a NULL cell as a null QByteArray
    QStringList realsAsSent;           // the reals written as the server's text, not converted
    const QList<int> reals{every.columnIndex(QStringLiteral("single")),
                           every.columnIndex(QStringLiteral("ratio"))};
    const orm::TextRead read =
        orm::readRowsAsText(*session, every, {}, [&](const orm::PostgresReader::TextRow &row) {
            QList<QByteArray> texts;
            const QList<io::Utf8Cell> &made = cells.cellsOf(row);
            for (const io::Utf8Cell &cell : made)
                texts << (cell.null ? QByteArray()
                                    : QByteArray(cell.text.data(), cell.text.size()));
            for (int column : reals) {
                if (!made.at(column).null && made.at(column).text.data() == row.text(column).data())
                    realsAsSent << QString::fromUtf8(made.at(column).text);
            }
            fromText << texts;
            return true;
        });
    QVERIFY2(read == orm::TextRead::Read, qPrintable(session->lastError().fullText()));
    // Among them the reals whose text is Qt's shortest form, float4 and float8 alike, and none
    // that is not
    for (const char *asSent : {"0.1", "123456789.123", "0.001", "120000", "10000", "-0.00012",
                               "1234567890.12345", "-1249.75", "0.3", "999999999999999"})
        QVERIFY2(realsAsSent.contains(QLatin1String(asSent)),
                 qPrintable(QLatin1String(asSent) + QStringLiteral(" not among ") +
                            realsAsSent.join(QLatin1Char(' '))));
    for (const char *converted :
         {"1e-07", "0.0001", "100000", "1234567890.123456", "0", "-0", "NaN", "Infinity",
          "-Infinity", "1e+21", "100000000000000", "1.5e-05", "0.30000000000000004"})
        QVERIFY2(!realsAsSent.contains(QLatin1String(converted)), converted);

    // Then each cell is the text cellFor() makes of the value readRows() reads, NULL as NULL
    QList<QVariantList> values;
    QVERIFY(session->readRows(every, {}, [&](const QVariantList &row) {
        values << row;
        return true;
    }));
    QCOMPARE(fromText.size(), values.size());
    for (qsizetype row = 0; row < values.size(); ++row) {
        for (int column : columns) {
            const io::Cell cell =
                io::TableExporter::cellFor(every.column(column), values.at(row).at(column));
            const QByteArray expected =
                cell.kind == io::Cell::Kind::Null ? QByteArray() : cell.text.toUtf8();
            const QByteArray &actual = fromText.at(row).at(column);
            QVERIFY2(actual.isNull() == expected.isNull() && actual == expected,
                     qPrintable(QStringLiteral("row %1 column %2: %3 from the text, %4 from the "
                                               "value")
                                    .arg(row)
                                    .arg(every.column(column).name,
                                         actual.isNull() ? QStringLiteral("NULL")
                                                         : QString::fromUtf8(actual),
                                         expected.isNull() ? QStringLiteral("NULL")
                                                           : QString::fromUtf8(expected))));
        }
    }

    // And the file is byte for byte the one written through records (a session with a change
    // staged elsewhere), page by page
    io::ExportOptions options;
    options.writer.format = io::TextFormat(format);
    options.writer.nullText = nullText;
    options.writer.byteOrderMark = byteOrderMark;
    options.header = header;
    options.pageSize = pageSize;
    const auto exportEvery = [&](orm::Session &from) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        io::TableExporter exporter(from, *from.metadata().table(QStringLiteral("every")), options);
        const io::ExportResult result = exporter.exportQuery({}, &buffer);
        return result.error.isEmpty() && result.rows == 29 ? buffer.data() : QByteArray();
    };
    const QByteArray asText = exportEvery(*session);
    QVERIFY(!asText.isEmpty());
    orm::Session staged(m_db->newConnection(), *metadata);
    const orm::RecordPtr other = metadata->table(QStringLiteral("keyed"))->createRecord();
    QVERIFY(other->setValue(0, QStringLiteral("staged")) && other->setValue(1, 1));
    staged.add(other);
    QVERIFY(staged.hasChanges());
    const QByteArray throughRecords = exportEvery(staged);
    QCOMPARE(QString::fromUtf8(asText), QString::fromUtf8(throughRecords));
    QCOMPARE(asText, throughRecords);
}

void TestPostgresReader::shouldLeaveToQpsqlAConnectionClosedOrReopenedUnderIt() {
    // Given a statement the reader has prepared
    QSqlError error;
    const QString sql = QStringLiteral("SELECT id FROM every ORDER BY id");
    QVERIFY(m_reader->prepare(sql, {}, &error));
    // When the connection is closed under it (QPSQL frees its PGconn), then opened again (a new
    // PGconn, likely in the same memory, where the statement was never prepared)
    QSqlDatabase connection = m_db->connection();
    connection.close();
    // Then the reader declines, touching nothing of the old connection (AddressSanitizer would
    // say so), and QPSQL reads and reports as before
    QVERIFY(!m_reader->prepare(sql, {}, &error));
    QVERIFY(!error.isValid());
    QVERIFY2(connection.open(), qPrintable(connection.lastError().text()));
    QVERIFY(!m_reader->prepare(sql, {}, &error));
    QVERIFY(!error.isValid());
}

void TestPostgresReader::shouldDeliverANotificationThatCameWithItsResult() {
    // Given a connection that listens (Shelf's ChangeWatcher on the session's connection), and a
    // notification that reached its socket while no event was processed
    QSqlDriver *driver = m_db->connection().driver();
    QVERIFY(driver->subscribeToNotification(QStringLiteral("shelf_reader_test")));
    int notified = 0;
    connect(driver, &QSqlDriver::notification, this, [&] { ++notified; });
    QTest::qWait(100); // the check QPSQL queued after its LISTEN has run
    QVERIFY(m_db->exec(QStringLiteral("NOTIFY shelf_reader_test")));
    QThread::msleep(200);

    // When the reader reads (libpq takes the notification in with the result)
    QSqlError error;
    const orm::PostgresReader::Statement *statement =
        m_reader->prepare(QStringLiteral("SELECT id FROM every"), {}, &error);
    QVERIFY(statement);
    orm::RowStore store(1);
    QVERIFY(m_reader->selectInto(
        *statement, store, [](int) { return true; }, &error));

    // Then the driver still tells about it, as after a statement of QPSQL's own
    QTRY_COMPARE_WITH_TIMEOUT(notified, 1, 3000);
    driver->unsubscribeFromNotification(QStringLiteral("shelf_reader_test"));
}

void TestPostgresReader::shouldForgetItsStatementsOnlyOnceTheRowsAreHandedOver() {
    // Given a read of nine rows
    QSqlError error;
    const QString sql = QStringLiteral("SELECT id, name FROM every ORDER BY id");
    const orm::PostgresReader::Statement *statement = m_reader->prepare(sql, {}, &error);
    QVERIFY(statement);
    const quint64 prepared = m_reader->preparedCount();

    // When its statements are forgotten while the first row is handed over (a slot that
    // changes the schema)
    orm::RowStore store(2);
    QList<qlonglong> ids;
    QVERIFY(m_reader->selectInto(
        *statement, store,
        [&](int slot) {
            if (ids.isEmpty())
                m_reader->clear();
            ids << store.value(slot, 0).toLongLong();
            return true;
        },
        &error));

    // Then every row still came, and the statement is prepared again afterwards
    QCOMPARE(ids, (QList<qlonglong>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    QVERIFY(m_reader->prepare(sql, {}, &error));
    QCOMPARE(m_reader->preparedCount(), prepared + 1);
}

void TestPostgresReader::shouldKeepNoRowPastTheOneItStoppedAt() {
    // Given a read of nine rows, every one written into the store before the first is handed over
    QSqlError error;
    const orm::PostgresReader::Statement *statement =
        m_reader->prepare(QStringLiteral("SELECT id, name FROM every ORDER BY id"), {}, &error);
    QVERIFY(statement);
    orm::RowStore store(2);

    // When the caller keeps three rows and stops at the third
    QList<qlonglong> ids;
    QVERIFY(m_reader->selectInto(
        *statement, store,
        [&](int slot) {
            ids << store.value(slot, 0).toLongLong();
            return ids.size() < 3;
        },
        &error));

    // Then it was handed those three, in order, and the store holds them alone: the six rows
    // after the stop were written and then released
    QCOMPARE(ids, (QList<qlonglong>{1, 2, 3}));
    QCOMPARE(store.rowCount(), 3);
}

void TestPostgresReader::shouldForgetItsStatementsInOneRoundTripAndNoOneElses() {
    // Given three statements the reader prepared (an export's count and pages), one QPSQL
    // prepared on the same connection, and a transaction open with a row in it
    QSqlDatabase connection = m_db->connection();
    QSqlQuery backend(connection);
    QVERIFY(backend.exec(QStringLiteral("SELECT pg_backend_pid()")) && backend.next());
    const int pid = backend.value(0).toInt();
    backend.finish();
    QSqlError error;
    QVERIFY(m_reader->prepare(QStringLiteral("SELECT count(*) FROM every"), {}, &error));
    QVERIFY(m_reader->prepare(QStringLiteral("SELECT id FROM every WHERE id > ?"), {0}, &error));
    QVERIFY(m_reader->prepare(QStringLiteral("SELECT name FROM every WHERE id > ?"), {0}, &error));
    QSqlQuery qpsql(connection);
    QVERIFY(qpsql.prepare(QStringLiteral("SELECT name FROM every WHERE id = ?")));
    QVERIFY(connection.transaction());
    const auto rollback = qScopeGuard([&] { connection.rollback(); });
    QVERIFY(QSqlQuery(connection)
                .exec(QStringLiteral(
                    "INSERT INTO every (id, name) VALUES (10, 'in the transaction')")));

    // When it forgets them (the session's end)
    m_reader->clear();

    // Then one statement went to the server for the three, none of them is left, QPSQL's is,
    // and the transaction goes on
    QSqlQuery activity(m_db->independent());
    QVERIFY(activity.exec(
                QStringLiteral("SELECT query FROM pg_stat_activity WHERE pid = %1").arg(pid)) &&
            activity.next());
    QCOMPARE(activity.value(0).toString().count(QStringLiteral("DEALLOCATE shelf_read_")), 3);
    QSqlQuery prepared(connection);
    QVERIFY(prepared.exec(QStringLiteral("SELECT count(*) FROM pg_prepared_statements WHERE name "
                                         "LIKE 'shelf\\_read\\_%'")) &&
            prepared.next());
    QCOMPARE(prepared.value(0).toInt(), 0);
    prepared.finish();
    qpsql.addBindValue(10);
    QVERIFY2(qpsql.exec() && qpsql.next(), qPrintable(qpsql.lastError().text()));
    QCOMPARE(qpsql.value(0).toString(), QStringLiteral("in the transaction"));
}

void TestPostgresReader::shouldReadEveryTypeExactlyAsQpsqlDoes() {
    // Given rows of every type with edge values and a row of NULLs; When both read them; Then
    // every cell is the same metatype and value
    compareWithQpsql(EveryColumn, {0}, 24, 9);
}

void TestPostgresReader::shouldBindKeysAsQpsqlComparesThem() {
    // Given 300 rows keyed by region and number; When the same statements and binds are read by
    // both; Then they find the same rows, with the same values
    const QString select =
        QStringLiteral("SELECT region, number, day, score, done, label FROM keyed WHERE ");
    const QString order = QStringLiteral(" ORDER BY region, number");
    struct Case {
        QString where;
        QVariantList binds;
        qsizetype rows;
    };
    const QList<Case> cases{
        {QStringLiteral("number IN (?, ?, ?, ?)"), {1, qlonglong(2), QStringLiteral("3"), 400}, 3},
        {QStringLiteral("number BETWEEN ? AND ?"), {10, 19}, 10},
        {QStringLiteral("region = ?"), {QStringLiteral("Sud ü")}, 100},
        {QStringLiteral("(region, number) IN ((?, ?), (?, ?))"),
         {QStringLiteral("north"), 3, QStringLiteral("south"), qlonglong(4)},
         2},
        {QStringLiteral("day = ?"), {QDate(2026, 1, 11)}, 1},
        {QStringLiteral("day BETWEEN ? AND ?"),
         {QStringLiteral("2026-01-02"), QDate(2026, 1, 5)},
         4},
        {QStringLiteral("score = ?"), {2.5}, 1},
        {QStringLiteral("score > ?"), {74.75}, 1},
        {QStringLiteral("done = ? AND number < ?"), {true, 10}, 4},
        {QStringLiteral("label LIKE ?"), {QStringLiteral("label 1_")}, 10},
        {QStringLiteral("label IS NOT DISTINCT FROM ?"), {QVariant()}, 0},
        {QStringLiteral("(region, number) > (?, ?)"), {QStringLiteral("south"), 290}, 3},
        {QStringLiteral("number > ?") + order + QStringLiteral(" LIMIT ? OFFSET ?"),
         {100, 5, 2},
         5},
    };
    for (const Case &c : cases) {
        compareWithQpsql(select + c.where + (c.where.contains(order) ? QString() : order), c.binds,
                         6, c.rows);
        if (QTest::currentTestFailed())
            qWarning() << "the case" << c.where << c.binds;
    }
}

void TestPostgresReader::shouldLeaveToQpsqlWhatItCannotReadExactly() {
    // Given columns QPSQL reads its own way (QTime, QDateTime) and binds it sends its own way
    // (a QDateTime goes with a time zone); When the reader is asked; Then it declines, no error
    QSqlError error;
    for (const QString &column : {QStringLiteral("at"), QStringLiteral("stamp"),
                                  QStringLiteral("stamptz"), QStringLiteral("id::oid")}) {
        QVERIFY2(!m_reader->prepare(QStringLiteral("SELECT %1 FROM every").arg(column), {}, &error),
                 qPrintable(column));
        QVERIFY(!error.isValid());
    }
    QVERIFY(!m_reader->prepare(QStringLiteral("SELECT id FROM every WHERE stamp < ?"),
                               {QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)}, &error));
    QVERIFY(!error.isValid());
    // A double compared with NUMERIC: QPSQL's literal is its shortest text, the same NUMERIC
    QVERIFY(
        !m_reader->prepare(QStringLiteral("SELECT id FROM every WHERE exact = ?"), {0.1}, &error));
    QVERIFY(!error.isValid());
    // The same statement with binds it does send is read
    QVERIFY(m_reader->prepare(QStringLiteral("SELECT id FROM every WHERE stamp < ?"),
                              {QStringLiteral("2026-01-01")}, &error));
}

void TestPostgresReader::shouldReportRefusedCancelledAndLostReadsAsQpsqlDoes() {
    // A statement the server refuses: QPSQL's wording and SQLSTATE
    QSqlError error;
    QVERIFY(!m_reader->prepare(QStringLiteral("SELECT nothing FROM nowhere"), {}, &error));
    QCOMPARE(error.nativeErrorCode(), QStringLiteral("42P01"));
    QCOMPARE(error.type(), QSqlError::StatementError);
    QVERIFY2(error.databaseText().contains(QLatin1String("nowhere")),
             qPrintable(error.databaseText()));

    // A statement cancelled by the server (statement_timeout): 57014
    QSqlQuery(m_db->connection()).exec(QStringLiteral("SET statement_timeout = 50"));
    error = QSqlError();
    const orm::PostgresReader::Statement *slow =
        m_reader->prepare(QStringLiteral("SELECT id FROM every, pg_sleep(1) LIMIT 1"), {}, &error);
    QVERIFY(slow);
    orm::RowStore store(1);
    QVERIFY(!m_reader->selectInto(
        *slow, store, [](int) { return true; }, &error));
    QCOMPARE(error.nativeErrorCode(), QStringLiteral("57014"));
    QCOMPARE(store.rowCount(), 0);
    QSqlQuery(m_db->connection()).exec(QStringLiteral("SET statement_timeout = 0"));

    // The server gone: the session's dialect calls it a lost connection
    const orm::PostgresReader::Statement *statement =
        m_reader->prepare(QStringLiteral("SELECT id FROM every"), {}, &error);
    QVERIFY(statement);
    QSqlQuery backend(m_db->connection());
    QVERIFY(backend.exec(QStringLiteral("SELECT pg_backend_pid()")) && backend.next());
    const qint64 own = backend.value(0).toLongLong();
    backend.finish();
    QVERIFY(m_db->exec(QStringLiteral("SELECT pg_terminate_backend(?)"), {own}));
    QTest::qWait(100);
    error = QSqlError();
    QVERIFY(!m_reader->selectInto(
        *statement, store, [](int) { return true; }, &error));
    auto dialect = orm::Dialect::forDatabase(m_db->connection());
    QVERIFY(dialect);
    QCOMPARE(dialect->classify(error, nullptr).kind, orm::Error::Kind::Connection);
    // Nothing further is tried on the dead connection: QPSQL reports it
    QVERIFY(!m_reader->prepare(QStringLiteral("SELECT id FROM every"), {}, &error));
}

void TestPostgresReader::shouldReadThroughTheSessionAsQpsqlDid() {
    // Given a session on the reflected table
    std::unique_ptr<orm::Metadata> metadata;
    std::unique_ptr<orm::Session> session;
    QString problem;
    QVERIFY2(openReflected(*m_db, &metadata, &session, &problem), qPrintable(problem));
    StatementRecorder recorder;
    recorder.attach(*session);
    const orm::Table &every = *metadata->table(QStringLiteral("every"));

    // When it queries every row, inside a transaction that holds a row nobody else sees yet
    QVERIFY(session->database().transaction());
    // Ended whatever happens, or the schema could not be dropped after a failure
    const auto rollback = qScopeGuard([&] { session->database().rollback(); });
    QVERIFY(QSqlQuery(session->database())
                .exec(QStringLiteral("INSERT INTO every (id, name) VALUES (10, 'uncommitted')")));
    const quint64 statements = session->statementCount();
    const orm::RecordList records = session->query(every);
    QVERIFY2(!session->lastError().isError(), qPrintable(session->lastError().fullText()));

    // Then one SELECT was logged, read by the reader (its statement is prepared on the session's
    // connection), and each record holds what QPSQL reads for that SELECT
    QCOMPARE(session->statementCount(), statements + 1);
    QSqlQuery prepared(session->database());
    QVERIFY(prepared.exec(QStringLiteral("SELECT count(*) FROM pg_prepared_statements WHERE name "
                                         "LIKE 'shelf\\_read\\_%'")) &&
            prepared.next());
    QCOMPARE(prepared.value(0).toInt(), 1);
    prepared.finish();
    QCOMPARE(recorder.all().size(), 1);
    QCOMPARE(records.size(), 10);
    QString error;
    const QList<QVariantList> rows = readByQpsql(session->database(), recorder.all().first().sql,
                                                 recorder.all().first().binds, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), records.size());
    for (qsizetype row = 0; row < rows.size(); ++row) {
        const QVariantList values = records.at(row)->values();
        for (int column = 0; column < every.columnCount(); ++column)
            QVERIFY2(exactly(values.at(column), rows.at(row).at(column)),
                     qPrintable(
                         QStringLiteral("row %1 column %2: session %3, QPSQL %4")
                             .arg(row)
                             .arg(column)
                             .arg(describe(values.at(column)), describe(rows.at(row).at(column)))));
    }
}

void TestPostgresReader::shouldDeleteRowsOfEveryTypeInOneStatementComparingWhatItReturns() {
    // Issue 13: a batched DELETE finds its rows by key and returns them whole; the session
    // compares each with the row it read (rule 12). Given a session that read the 9 rows of every
    // type, edge values included (NaN, -0, ±Infinity, padded char(n), arrays, json), all removed
    std::unique_ptr<orm::Metadata> metadata;
    std::unique_ptr<orm::Session> session;
    QString problem;
    QVERIFY2(openReflected(*m_db, &metadata, &session, &problem), qPrintable(problem));
    const orm::Table &every = *metadata->table(QStringLiteral("every"));
    const orm::RecordList records = session->query(every);
    QCOMPARE(records.size(), 9);
    for (const orm::RecordPtr &record : records)
        QVERIFY(session->remove(record));

    // When another user changes one value of row 3, its jsonb, and the session commits
    QVERIFY(m_db->exec(QStringLiteral("UPDATE every SET docb = '\"other\"' WHERE id = 3")));
    StatementRecorder recorder;
    recorder.attach(*session);
    QVERIFY(!session->commit());

    // Then the commit fails as a conflict naming row 3, and every row is still there
    QCOMPARE(str(session->lastError().kind), str(orm::Error::Kind::Conflict));
    QVERIFY2(session->lastError().record == records.at(2),
             qPrintable(session->lastError().fullText()));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM every")).toInt(), 9);

    // When row 3 is left alone and the session commits again
    QVERIFY(session->unremove(records.at(2)));
    recorder.clear();
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the other 8 rows went in one DELETE (each returned row the same as the one read, NaN
    // as NaN), and only row 3 is left
    QCOMPARE(recorder.withVerb(QStringLiteral("DELETE")).size(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM every")).toInt(), 1);

    // When row 3, read again, is renamed and committed (its UPDATE finds it unchanged by every
    // column, json included, which has no equality operator: compared by its text)
    std::unique_ptr<orm::Metadata> freshMetadata;
    std::unique_ptr<orm::Session> fresh;
    QVERIFY2(openReflected(*m_db, &freshMetadata, &fresh, &problem), qPrintable(problem));
    const orm::RecordList left = fresh->query(*freshMetadata->table(QStringLiteral("every")));
    QCOMPARE(left.size(), 1);
    QVERIFY(left.first()->setValue(QStringLiteral("name"), QStringLiteral("renamed")));
    QVERIFY2(fresh->commit(), qPrintable(fresh->lastError().fullText()));

    // Then the database holds the new name
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM every WHERE id = 3")).toString(),
             QStringLiteral("renamed"));
}

QTEST_GUILESS_MAIN(TestPostgresReader)
#include "tst_postgresreader.moc"
