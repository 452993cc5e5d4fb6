// The JSON reader (model/io/jsonreader.h): an array of objects or JSON Lines, keys naming the
// fields from the first object, every kind of value kept as the text a user would type (numbers
// digit for digit), null apart from empty text, every kind of bad input with the record it names,
// and the memory it holds: one chunk of the file and one record, never the document.

#include "io/csvwriter.h"
#include "io/jsonreader.h"

#include <QBuffer>
#include <QTest>

using namespace io;

namespace {

struct ReadResult {
    QStringList names;
    QList<CsvRecord> records;
    CsvError error;
};

ReadResult readAll(const QByteArray &bytes, JsonLayout layout = JsonLayout::Array,
                   CsvLimits limits = {}) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    JsonReader reader(&buffer, layout, limits);
    ReadResult result;
    CsvRecord record;
    while (reader.next(&record))
        result.records << record;
    result.names = reader.fieldNames();
    result.error = reader.error();
    return result;
}

} // namespace

class TestJsonReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldReadAnArrayOfObjectsByTheFirstObjectsKeys() {
        const ReadResult read = readAll(R"([
  {"id": 1, "name": "Ann", "price": 12345678901234567.89, "big": 9223372036854775807},
  {"name": "", "id": 2, "ok": null},
  {"id": 3, "doc": {"a": [1, "x,y"]}, "name": "t\u00e9", "price": -1.5e-300}
])");
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        // Keys name the fields in the first object's order; a later one may leave one out
        QCOMPARE(read.names, QStringList({"id", "name", "price", "big"}));
        QCOMPARE(read.records.size(), 3);
        QCOMPARE(read.records.at(0).line, 1);
        QCOMPARE(read.records.at(0).fields,
                 QStringList({"1", "Ann", "12345678901234567.89", "9223372036854775807"}));
        // "" is empty text, a left-out key is NULL
        QCOMPARE(read.records.at(1).fields.at(1), QString());
        QVERIFY(!read.records.at(1).fields.at(1).isNull());
        QVERIFY(read.records.at(1).fields.at(2).isNull());
        // "ok" is not a key of the first record: the record is refused naming it
        QVERIFY2(read.records.at(1).problem.contains(QStringLiteral("Record 2 has the key \"ok\"")),
                 qPrintable(read.records.at(1).problem));
        QVERIFY2(read.records.at(2).problem.contains(QStringLiteral("\"doc\"")),
                 qPrintable(read.records.at(2).problem));
    }

    void shouldKeepEveryKindOfValueAsItsText() {
        const ReadResult read =
            readAll("[{\"s\": \"t\\u00e9\\t\\\"q\\\"\\n\\ud834\\udd1e\\/\", "
                    "\"n\": -0.5e+3, \"t\": true, \"f\": false, \"z\": null, "
                    "\"o\": {\"a\": [1, \"x,y\"]}, \"a\": [], \"u\": \"日本\"}]");
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        QCOMPARE(read.records.size(), 1);
        const CsvRecord &record = read.records.first();
        QVERIFY2(record.problem.isEmpty(), qPrintable(record.problem));
        QCOMPARE(record.fields.at(0), QStringLiteral("té\t\"q\"\n\U0001D11E/"));
        QCOMPARE(record.fields.at(1), QStringLiteral("-0.5e+3"));
        QCOMPARE(record.fields.at(2), QStringLiteral("true"));
        QCOMPARE(record.fields.at(3), QStringLiteral("false"));
        QVERIFY(record.fields.at(4).isNull());
        QCOMPARE(record.fields.at(5), QStringLiteral("{\"a\": [1, \"x,y\"]}"));
        QCOMPARE(record.fields.at(6), QStringLiteral("[]"));
        QCOMPARE(record.fields.at(7), QStringLiteral("日本"));
    }

    void shouldReadJsonLines() {
        const ReadResult read =
            readAll("\xEF\xBB\xBF{\"name\": \"Zed\"}\n{\"name\": null}\r\n\n{\"name\": \"Yan\"}",
                    JsonLayout::Lines);
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        QCOMPARE(read.records.size(), 3);
        QCOMPARE(read.records.at(2).fields, QStringList({"Yan"}));
        QVERIFY(read.records.at(1).fields.at(0).isNull());
        QCOMPARE(JsonReader::layoutFor(QStringLiteral("/tmp/a.JSONL")), JsonLayout::Lines);
        QCOMPARE(JsonReader::layoutFor(QStringLiteral("a.ndjson")), JsonLayout::Lines);
        QCOMPARE(JsonReader::layoutFor(QStringLiteral("a.json")), JsonLayout::Array);
    }

    void shouldReadWhatExportWrites() {
        // Given rows written by the JSON writer that Export uses
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        CsvWriter::Options options;
        options.format = TextFormat::Json;
        CsvWriter writer(&out, options);
        writer.writeHeader({"id", "name", "ok"});
        writer.writeRow({{Cell::Kind::Number, "1"},
                         Cell::ofText("a \"b\"\n\t✓"),
                         {Cell::Kind::Boolean, "true"}});
        writer.writeRow({{Cell::Kind::Number, "2"}, Cell::null(), Cell::ofText("")});
        QVERIFY(writer.finish());
        // When read back: the same texts, NULL and empty text apart
        const ReadResult read = readAll(out.data());
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        QCOMPARE(read.names, QStringList({"id", "name", "ok"}));
        QCOMPARE(read.records.size(), 2);
        QCOMPARE(read.records.at(0).fields, QStringList({"1", "a \"b\"\n\t✓", "true"}));
        QVERIFY(read.records.at(1).fields.at(1).isNull());
        QVERIFY(!read.records.at(1).fields.at(2).isNull());
        QVERIFY(readAll("[]").records.isEmpty());
        QVERIFY(!readAll("[]").error.isError());
    }

    void shouldStopOnTextThatIsNotAnArrayOfObjects_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("records");
        QTest::newRow("csv") << QByteArray("name\nZed\n") << "is not JSON" << 0;
        QTest::newRow("one object") << QByteArray("{\"name\": \"Zed\"}") << "one JSON object" << 0;
        QTest::newRow("unclosed array") << QByteArray("[{\"name\": \"Zed\"}") << "not closed" << 1;
        QTest::newRow("unclosed object")
            << QByteArray("[{\"name\": \"Zed\"}, {\"name\": \"Y") << "Record 2" << 1;
        QTest::newRow("missing comma")
            << QByteArray("[{\"name\": \"Zed\"} {\"name\": \"Yan\"}]") << "After record 1" << 1;
        QTest::newRow("after the array")
            << QByteArray("[{\"name\": \"Zed\"}] x") << "follows the closing" << 1;
        QTest::newRow("too long") << QByteArray("[{\"name\": \"") + QByteArray(2048, 'x') + "\"}]"
                                  << "longer than" << 0;
    }
    void shouldStopOnTextThatIsNotAnArrayOfObjects() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QFETCH(int, records);
        CsvLimits limits;
        limits.maxFieldBytes = 1024;
        const ReadResult read = readAll(bytes, JsonLayout::Array, limits);
        QVERIFY2(read.error.message.contains(message), qPrintable(read.error.message));
        QCOMPARE(read.records.size(), records);
    }

    void shouldRefuseABadRecordAndGoOn_data() {
        QTest::addColumn<QByteArray>("record");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an object") << QByteArray("42") << "Record 2 is not valid JSON";
        QTest::newRow("no colon") << QByteArray("{\"name\" \"Yan\"}") << "':' is expected";
        QTest::newRow("bad literal") << QByteArray("{\"name\": nope}") << "a value is expected";
        QTest::newRow("bad number") << QByteArray("{\"name\": 1.}") << "decimal point";
        QTest::newRow("bad escape") << QByteArray("{\"name\": \"a\\qb\"}") << "escape";
        QTest::newRow("raw tab") << QByteArray("{\"name\": \"a\tb\"}") << "control character";
        QTest::newRow("half surrogate")
            << QByteArray("{\"name\": \"a\\ud834b\"}") << "half of a surrogate pair";
        QTest::newRow("nul") << QByteArray("{\"name\": \"a\\u0000\"}") << "NUL";
        QTest::newRow("bad utf-8") << QByteArray("{\"name\": \"a\xff\"}") << "UTF-8";
        QTest::newRow("twice") << QByteArray("{\"name\": \"a\", \"name\": \"b\"}") << "twice";
        QTest::newRow("unknown key") << QByteArray("{\"colour\": \"red\"}") << "\"colour\"";
        QTest::newRow("bad nested") << QByteArray("{\"name\": [1,]}") << "nested";
        // Qt's parser takes "\<NUL>" as a NUL; the writer would escape it as \u0000, refused
        QTest::newRow("raw control after a backslash in a nested value")
            << QByteArray("{\"name\": [\"a\\\0b\"]}", 18) << "control character";
    }
    void shouldRefuseABadRecordAndGoOn() {
        QFETCH(QByteArray, record);
        QFETCH(QString, message);
        const ReadResult read =
            readAll("[{\"name\": \"Zed\"},\n " + record + ",\n {\"name\": \"Xi\"}]");
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        QCOMPARE(read.records.size(), 3);
        QVERIFY2(read.records.at(1).problem.contains(message),
                 qPrintable(read.records.at(1).problem));
        QVERIFY2(read.records.at(1).problem.startsWith(QStringLiteral("Record 2")),
                 qPrintable(read.records.at(1).problem));
        QVERIFY(read.records.at(2).problem.isEmpty());
        QCOMPARE(read.records.at(2).fields, QStringList({"Xi"}));
    }

    void shouldHoldOneChunkAndOneRecordNotTheFile() {
        // Given a 24 MiB array of 200,000 objects
        QByteArray bytes = "[";
        const QByteArray object = "{\"id\": 12345, \"name\": \"" + QByteArray(100, 'x') + "\"},\n";
        while (bytes.size() < 24 * 1024 * 1024)
            bytes += object;
        bytes += "{\"id\": 1, \"name\": \"last\"}]";
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        JsonReader reader(&buffer, JsonLayout::Array);
        CsvRecord record;
        // When the first record is read: one 64 KiB chunk was taken from the file, not the file
        QVERIFY(reader.next(&record));
        QCOMPARE(reader.bytesRead(), 64 * 1024);
        // And every record after it is read through chunks of the same size
        qint64 records = 1;
        qint64 largestStep = 0;
        qint64 before = reader.bytesRead();
        while (reader.next(&record)) {
            ++records;
            largestStep = qMax(largestStep, reader.bytesRead() - before);
            before = reader.bytesRead();
        }
        QVERIFY2(!reader.error().isError(), qPrintable(reader.error().message));
        QCOMPARE(record.fields.at(1), QStringLiteral("last"));
        QCOMPARE(records, qint64(bytes.size() / object.size() + 1));
        QCOMPARE(largestStep, 64 * 1024);
        QCOMPARE(reader.bytesRead(), bytes.size());
    }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
