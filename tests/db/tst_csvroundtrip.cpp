// Issue 14: export then import gives the same rows — every column type, NULLs, empty text, quotes,
// line breaks, tabs, unicode — through CSV, TSV and JSON, foreign keys as keys and as labels (two
// parents of one label as "Ann (#4)", as the grid shows them), on both backends. The comparison
// is byte for byte: the copy's export equals the original's, both read by a fresh session from
// the database. With nothing staged, export writes rows as read without making records: the same
// bytes as through records (a session with a staged change).

#include "libraryfixture.h"
#include "realschemas.h"

#include "io/csvimport.h"
#include "io/tableexport.h"
#include "orm/valueinput.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <cstring>

using namespace shelftest;

namespace {

QStringList schema() {
    if (backend() == Backend::Sqlite) {
        const QString columns = QStringLiteral(
            "(id INTEGER PRIMARY KEY, qty INTEGER, name TEXT, ratio REAL, ok BOOLEAN, price "
            "NUMERIC(10,2), day DATE, at_time TIME, stamp DATETIME, photo BLOB, uid UUID, doc "
            "JSON, owner_id INTEGER REFERENCES owners(id))");
        return {QStringLiteral("CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
                QStringLiteral("CREATE TABLE things ") + columns,
                QStringLiteral("CREATE TABLE copies ") + columns};
    }
    const QString columns = QStringLiteral(
        "(id integer PRIMARY KEY, qty bigint, name text, ratio double precision, ok boolean, "
        "price numeric(10,2), day date, at_time time, stamp timestamp, stamptz timestamptz, photo "
        "bytea, uid uuid, doc jsonb, mood mood, owner_id integer REFERENCES owners(id))");
    return {QStringLiteral("CREATE TYPE mood AS ENUM ('happy', 'sad')"),
            QStringLiteral("CREATE TABLE owners (id integer PRIMARY KEY, name text NOT NULL)"),
            QStringLiteral("CREATE TABLE things ") + columns,
            QStringLiteral("CREATE TABLE copies ") + columns};
}

/// The rows of `things`, as a user would type them (column → text; a missing column is NULL).
QList<QMap<QString, QString>> awkwardRows() {
    return {
        {{"id", "1"},
         {"qty", "-42"},
         {"name", "comma, \"quote\" and\nline break"},
         {"ratio", "0.1"},
         {"ok", "true"},
         {"price", "12.50"},
         {"day", "2026-12-03"},
         {"at_time", "10:15:30"},
         {"stamp", "2026-12-03 10:15:30"},
         {"stamptz", "2026-12-03T10:15:30.250Z"},
         {"photo", "\\x00ff0a0d22"},
         {"uid", "{6f1c1b2e-8a3d-4c51-9a0e-2f4b5c6d7e8f}"},
         {"doc", "{\"a\": [1, \"x,y\"]}"},
         {"mood", "happy"},
         {"owner_id", "1"}},
        {{"id", "2"}}, // every other column NULL
        {{"id", "3"}, {"name", ""}, {"qty", "0"}, {"ok", "false"}, {"owner_id", "2"}},
        {{"id", "4"},
         {"name", "tab\there, CR LF\r\nand  spaces  "},
         {"ratio", "-1.5e-300"},
         {"owner_id", "1"}},
        {{"id", "5"}, {"name", "ünïcødé ✓ 𝄞 日本語"}, {"price", "-0.01"}, {"mood", "sad"}},
        {{"id", "6"}, {"name", "NULL"}, {"doc", "3"}},
    };
}

} // namespace

class TestCsvRoundTrip : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::Metadata> m_metadata;
    std::unique_ptr<orm::Session> m_session;

    const orm::Table &table(const char *name) { return *m_metadata->table(QLatin1String(name)); }

    /// The table as export writes it, read by a session that has nothing loaded.
    QByteArray exportFresh(const char *name, io::ExportOptions options) {
        orm::Session fresh(m_db->newConnection(), *m_metadata);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        io::TableExporter exporter(fresh, *fresh.metadata().table(QLatin1String(name)), options);
        const io::ExportResult result = exporter.exportQuery({}, &buffer);
        if (!result.error.isEmpty())
            qWarning() << result.error;
        return buffer.data();
    }

    /// The table as export writes it through a session that holds a staged change elsewhere (a
    /// new owner), so that every row becomes a record first; `readThings` gets how many rows of
    /// the table became records. With `stagedThing`, row 1 of things has a staged name too
    /// (export of committed values leaves it out).
    QByteArray exportThroughRecords(io::ExportOptions options, bool stagedThing, int *readThings) {
        orm::Session session(m_db->newConnection(), *m_metadata);
        const orm::Table &things = *session.metadata().table(QLatin1String("things"));
        orm::RecordPtr owner = session.metadata().table(QLatin1String("owners"))->createRecord();
        owner->setValue(0, 3);
        owner->setValue(1, QStringLiteral("Cy"));
        session.add(owner);
        if (stagedThing) {
            const orm::RecordPtr first = session.get(things, 1);
            if (!first || !first->setValue(things.columnIndex(QStringLiteral("name")),
                                           QStringLiteral("staged, not committed")))
                return {};
        }
        *readThings = 0;
        QObject::connect(&session, &orm::Session::recordAdded, [&](orm::Record *record) {
            if (&record->table() == &things)
                ++*readThings;
        });
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        io::TableExporter exporter(session, things, options);
        const io::ExportResult result = exporter.exportQuery({}, &buffer);
        if (!result.error.isEmpty())
            qWarning() << result.error;
        return buffer.data();
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        for (const QString &statement : schema())
            QVERIFY2(m_db->exec(statement), qPrintable(m_db->errorString()));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO owners VALUES (1, 'Ann'), (2, 'Bob')")));
        QString error;
        QVERIFY2(openReflected(*m_db, &m_metadata, &m_session, &error), qPrintable(error));
        // The rows go in as typed values, through the session.
        const orm::Table &things = table("things");
        for (const auto &row : awkwardRows()) {
            orm::RecordPtr record = things.createRecord();
            for (auto it = row.cbegin(); it != row.cend(); ++it) {
                const int column = things.columnIndex(it.key());
                if (column < 0)
                    continue; // a PostgreSQL-only type on SQLite
                QVariant value;
                QVERIFY2(orm::values::fromInput(m_session->dialect(), things.column(column),
                                                it.value(), &value, &error),
                         qPrintable(it.key() + QLatin1String(": ") + error));
                if (things.column(column).type == orm::ColumnType::Text)
                    value = it.value(); // "" stays empty text, not NULL
                QVERIFY(record->setValue(column, value));
            }
            m_session->add(record);
        }
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
    }
    void cleanup() {
        m_session.reset();
        m_metadata.reset();
        m_db.reset();
    }

    void shouldGiveTheSameRowsBack_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("labels");
        QTest::newRow("csv, keys") << int(io::TextFormat::Csv) << false;
        QTest::newRow("csv, labels") << int(io::TextFormat::Csv) << true;
        QTest::newRow("tsv, keys") << int(io::TextFormat::Tsv) << false;
        QTest::newRow("json, keys") << int(io::TextFormat::Json) << false;
        QTest::newRow("json, labels") << int(io::TextFormat::Json) << true;
    }
    void shouldGiveTheSameRowsBack() {
        QFETCH(int, format);
        QFETCH(bool, labels);
        // Given the table exported
        io::ExportOptions options;
        options.writer.format = io::TextFormat(format);
        options.foreignKeysAsLabels = labels;
        const QByteArray exported = exportFresh("things", options);
        QVERIFY(exported.contains("Ann") == labels);
        // When it is imported into an empty table of the same columns and committed
        QBuffer file;
        file.setData(exported);
        file.open(QIODevice::ReadOnly);
        io::ImportOptions importOptions;
        importOptions.dialect.delimiter = format == int(io::TextFormat::Tsv) ? '\t' : ',';
        if (format == int(io::TextFormat::Json))
            importOptions.format = io::ImportFormat::Json;
        importOptions.foreignKeys = labels ? io::ForeignKeyInput::Label : io::ForeignKeyInput::Key;
        io::CsvImporter importer(*m_session, table("copies"), importOptions);
        const io::ImportResult result = importer.run(&file);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, qint64(awkwardRows().size()));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        // Then the copy exports to the same bytes, and NULL and empty text stayed apart
        const QByteArray copied = exportFresh("copies", options);
        QCOMPARE(QString::fromUtf8(copied), QString::fromUtf8(exported));
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM copies WHERE name IS NULL")).toInt(),
            1);
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM copies WHERE name = ''")).toInt(), 1);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM copies WHERE id = 4")).toString(),
                 QStringLiteral("tab\there, CR LF\r\nand  spaces  "));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT owner_id FROM copies WHERE id = 3")).toInt(),
                 2);
    }

    void shouldGiveTwoParentsOfOneLabelBackAsTheGridShowsThem_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("committedOnly");
        QTest::newRow("csv") << int(io::TextFormat::Csv) << false;
        QTest::newRow("csv, committed only") << int(io::TextFormat::Csv) << true;
        QTest::newRow("json") << int(io::TextFormat::Json) << false;
    }
    void shouldGiveTwoParentsOfOneLabelBackAsTheGridShowsThem() {
        QFETCH(int, format);
        QFETCH(bool, committedOnly);
        // Given a second owner called "Ann", and a thing of hers
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO owners VALUES (4, 'Ann')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO things (id, name, owner_id) VALUES (7, "
                                          "'hers', 4)")));
        // When the things are exported with their owners as labels
        io::ExportOptions options;
        options.writer.format = io::TextFormat(format);
        options.foreignKeysAsLabels = true;
        options.includeStaged = !committedOnly;
        const QByteArray exported = exportFresh("things", options);
        // Then the two Anns are written as the grid shows them, and Bob by his name alone
        QVERIFY2(exported.contains("Ann (#1)") && exported.contains("Ann (#4)"),
                 exported.constData());
        QVERIFY(exported.contains("Bob") && !exported.contains("Bob (#"));
        // And importing them gives each thing its own owner back
        QBuffer file;
        file.setData(exported);
        file.open(QIODevice::ReadOnly);
        io::ImportOptions importOptions;
        if (format == int(io::TextFormat::Json))
            importOptions.format = io::ImportFormat::Json;
        importOptions.foreignKeys = io::ForeignKeyInput::Label;
        io::CsvImporter importer(*m_session, table("copies"), importOptions);
        const io::ImportResult result = importer.run(&file);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT owner_id FROM copies WHERE id = 7")).toInt(),
                 4);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT owner_id FROM copies WHERE id = 1")).toInt(),
                 1);
        QCOMPARE(QString::fromUtf8(exportFresh("copies", options)), QString::fromUtf8(exported));
    }

    void shouldStageEachFieldAsTypedInputGivesIt() {
        // Issue 14: import takes a plain number or text straight from the file's bytes and leaves
        // everything else to values::fromInput(). Given fields plain and not plain for a whole
        // number, a real and a text column, one per row (the other columns NULL)
        const orm::Table &copies = table("copies");
        const QList<QPair<QString, QStringList>> fields = {
            {"qty",
             {"42", "-7", "+007", "-0", " 42", "42 ", "1e3", "12.0", "123456789012345678",
              "-123456789012345678", "1234567890123456789", "99999999999999999999", "-", "+", "x",
              "\u0661\u0662"}},
            {"ratio",
             {"0.25", "-1e3", "+.5", "1,5", " 2.5", "2.5 ", "inf", "1e999", ".", "-0", "1e-400",
              "0x10", "5", "+-5", "nan", "1.7976931348623157e308"}},
            {"name",
             {"plain", " padded ", "Forr\u00f3", "\uFEFFmark", "   ", "\u00a0", "a", "twelve chars",
              "thirteen char", "x\ty", "\u65e5\u672c", "NUL?"}},
        };
        QByteArray csv = "id,qty,ratio,name\n";
        struct Expected {
            int column;
            bool valid;
            QVariant value;
        };
        QList<Expected> expected;
        QStringList names;      // the column each row fills, for messages
        QStringList fieldTexts; // its field
        int id = 100;
        for (qsizetype position = 0; position < fields.size(); ++position) {
            const auto &[name, texts] = fields.at(position);
            const int column = copies.columnIndex(name);
            const orm::Column &c = copies.column(column);
            for (const QString &text : texts) {
                QByteArray quoted = text.toUtf8();
                quoted.replace('"', "\"\"");
                QByteArrayList cells = {QByteArray::number(++id), {}, {}, {}};
                cells[position + 1] = '"' + quoted + '"';
                csv += cells.join(',') + '\n';
                names << name;
                fieldTexts << text;
                // What the same text gives typed into the cell (blank text read from a file
                // stays text: a value, not "empty the cell")
                QVariant value;
                QString error;
                bool valid = true;
                if (c.type == orm::ColumnType::Text && text.trimmed().isEmpty())
                    value = text;
                else
                    valid = orm::values::fromInput(m_session->dialect(), c, text, &value, &error);
                expected.append({column, valid, value});
            }
        }
        // (fromInput() itself, where a wrong answer would be copied by both paths: a sign after
        // '+' is no number, as Qt says; NaN is refused, SQLite would keep it as NULL)
        const auto expectedFor = [&](const char *name, const char *text) {
            for (qsizetype row = 0; row < names.size(); ++row) {
                if (names.at(row) == QLatin1String(name) &&
                    fieldTexts.at(row) == QString::fromUtf8(text))
                    return expected.at(row);
            }
            return Expected{-1, false, {}};
        };
        QCOMPARE(expectedFor("qty", "+007").value, QVariant(qlonglong(7)));
        QVERIFY(!expectedFor("qty", "1234567890123456789").value.isNull());
        QVERIFY(!expectedFor("ratio", "+-5").valid);
        QVERIFY(!expectedFor("ratio", "nan").valid);
        QVERIFY(!expectedFor("ratio", "1,5").valid);
        QCOMPARE(expectedFor("ratio", "+.5").value, QVariant(0.5));
        // When the file is imported, the valid rows only
        QBuffer file;
        file.setData(csv);
        file.open(QIODevice::ReadOnly);
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        io::CsvImporter importer(*m_session, copies, options);
        const io::ImportResult result = importer.run(&file);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        // Then each row is staged exactly as fromInput() gives its field, or refused as it is
        QCOMPARE(result.rowsRead, qint64(expected.size()));
        QHash<qint64, orm::RecordPtr> staged;
        for (const orm::RecordPtr &record : result.staged())
            staged.insert(record->value(0).toLongLong(), record);
        QSet<qint64> refusedLines;
        for (const io::Refusal &refusal : result.refusals)
            refusedLines.insert(refusal.line);
        for (qsizetype row = 0; row < expected.size(); ++row) {
            const Expected &want = expected.at(row);
            const qint64 key = 101 + row;
            const QString where = QStringLiteral("row %1, %2").arg(key).arg(names.at(row));
            QVERIFY2(refusedLines.contains(row + 2) == !want.valid, qPrintable(where));
            QVERIFY2(staged.contains(key) == want.valid, qPrintable(where));
            if (!want.valid)
                continue;
            const QVariant got = staged.value(key)->value(want.column);
            QVERIFY2(got.typeId() == want.value.typeId(),
                     qPrintable(where + QLatin1String(": ") + got.typeName()));
            if (got.typeId() == QMetaType::Double) {
                const double a = got.toDouble(), b = want.value.toDouble();
                QVERIFY2(std::memcmp(&a, &b, sizeof a) == 0, qPrintable(where));
            } else {
                QVERIFY2(got == want.value,
                         qPrintable(where + QLatin1String(": ") + got.toString() +
                                    QLatin1String(" / ") + want.value.toString()));
            }
        }
        // And the rows commit as staged: "+007" is 7, "Forró" is that text
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM copies")).toLongLong(),
                 qint64(staged.size()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT qty FROM copies WHERE id = 103")).toLongLong(),
                 7);
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM copies WHERE name = 'Forr\u00f3'"))
                .toLongLong(),
            1);
    }

    void shouldRefuseBlankTextWhereTheColumnMustNotBeEmpty() {
        // Given names for a column that must not be empty: plain, padded, and blank two ways
        QBuffer file;
        file.setData("id,name\n10,x\n11,\"   \"\n12,\"\xC2\xA0\"\n13,\" y \"\n");
        file.open(QIODevice::ReadOnly);
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        // When they are imported
        io::CsvImporter importer(*m_session, table("owners"), options);
        const io::ImportResult result = importer.run(&file);
        // Then the blank ones are refused, named by line, and the others staged as written
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 2);
        QCOMPARE(result.refusals.size(), 2);
        QCOMPARE(result.refusals.at(0).line, 3);
        QCOMPARE(result.refusals.at(1).line, 4);
        QCOMPARE(result.staged().at(1)->value(1).toString(), QStringLiteral(" y "));
    }

    void shouldWriteTheSameBytesWithoutMakingRecords_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("labels");
        QTest::addColumn<bool>("committedOnly");
        QTest::newRow("csv, keys") << int(io::TextFormat::Csv) << false << false;
        QTest::newRow("csv, labels") << int(io::TextFormat::Csv) << true << false;
        QTest::newRow("csv, committed only") << int(io::TextFormat::Csv) << true << true;
        QTest::newRow("tsv, keys") << int(io::TextFormat::Tsv) << false << false;
        QTest::newRow("json, labels") << int(io::TextFormat::Json) << true << false;
    }
    void shouldWriteTheSameBytesWithoutMakingRecords() {
        // Issue 14: with nothing staged, export writes the rows as read (no records); with
        // something staged, each row becomes a record first. Both must write the same bytes.
        QFETCH(int, format);
        QFETCH(bool, labels);
        QFETCH(bool, committedOnly);
        io::ExportOptions options;
        options.writer.format = io::TextFormat(format);
        options.foreignKeysAsLabels = labels;
        options.includeStaged = !committedOnly;
        options.pageSize = 4; // two pages, the second one short: keyset paging both ways
        // Given a session with nothing staged, that does not make a record of any row of things
        orm::Session session(m_db->newConnection(), *m_metadata);
        const orm::Table &things = *session.metadata().table(QLatin1String("things"));
        int recordsMade = 0;
        QObject::connect(&session, &orm::Session::recordAdded, [&](orm::Record *record) {
            if (&record->table() == &things)
                ++recordsMade;
        });
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        io::TableExporter exporter(session, things, options);
        const io::ExportResult result = exporter.exportQuery({}, &buffer);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rows, qint64(awkwardRows().size()));
        QCOMPARE(recordsMade, 0);
        // When the same table is exported by a session with a staged change (records made)
        int recordsRead = 0;
        const QByteArray throughRecords =
            exportThroughRecords(options, committedOnly, &recordsRead);
        QCOMPARE(recordsRead, int(awkwardRows().size()) - (committedOnly ? 1 : 0)); // row 1 held
        // Then the bytes are the same: NULLs, decimals, times, quotes, line breaks, labels
        QCOMPARE(QString::fromUtf8(buffer.data()), QString::fromUtf8(throughRecords));
        QVERIFY(!throughRecords.contains("staged, not committed"));
    }

    void shouldWriteJsonThatNamesEveryColumn() {
        io::ExportOptions options;
        options.writer.format = io::TextFormat::Json;
        const QByteArray json = exportFresh("things", options);
        QJsonParseError error;
        const QJsonArray rows = QJsonDocument::fromJson(json, &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(rows.size(), awkwardRows().size());
        QCOMPARE(rows.at(0).toObject().value("qty").toInteger(), -42);
        QCOMPARE(rows.at(0).toObject().value("name").toString(),
                 QStringLiteral("comma, \"quote\" and\nline break"));
        QVERIFY(rows.at(1).toObject().value("name").isNull());
        QCOMPARE(rows.at(2).toObject().value("ok").toBool(true), false);
    }
};

QTEST_GUILESS_MAIN(TestCsvRoundTrip)
#include "tst_csvroundtrip.moc"
