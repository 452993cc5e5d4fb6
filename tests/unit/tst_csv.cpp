// The CSV reader and writer (model/io): RFC 4180 and its edge cases, dialect detection, every kind
// of bad input with the line and column it names, and writer → reader round trips.

#include "io/csvdialect.h"
#include "io/csvreader.h"
#include "io/csvwriter.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringEncoder>
#include <QTest>

using namespace io;

namespace {

struct ReadResult {
    QList<CsvRecord> records;
    CsvError error;
};

ReadResult readAll(const QByteArray &bytes, const CsvDialect &dialect = {}, CsvLimits limits = {}) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, dialect, limits);
    ReadResult result;
    CsvRecord record;
    while (reader.next(&record))
        result.records << record;
    result.error = reader.error();
    return result;
}

QByteArray writeAll(CsvWriter::Options options, const QStringList &header,
                    const QList<QList<Cell>> &rows) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer, options);
    writer.writeHeader(header);
    for (const QList<Cell> &row : rows)
        writer.writeRow(row);
    if (!writer.finish())
        return {};
    return buffer.data();
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldReadQuotedFieldsAsRfc4180Says() {
        // Given fields with delimiters, doubled quotes, CR LF line ends and kept spaces
        const auto result =
            readAll("name,note\r\n\"Smith, J\",\"say \"\"hi\"\"\"\r\n  padded  ,x\r\n");
        // Then each field is as written, quotes removed, spaces kept
        QVERIFY(!result.error.isError());
        QCOMPARE(result.records.size(), 3);
        QCOMPARE(result.records.at(1).fields, QStringList({"Smith, J", "say \"hi\""}));
        QCOMPARE(result.records.at(2).fields, QStringList({"  padded  ", "x"}));
    }

    void shouldCountLinesAcrossLineBreaksInQuotedFields() {
        // Given a field holding two line breaks (LF and CR LF) and a record after it
        const auto result = readAll("a,b\n\"one\ntwo\r\nthree\",x\nlast,y");
        QVERIFY(!result.error.isError());
        QCOMPARE(result.records.size(), 3);
        QCOMPARE(result.records.at(1).fields.first(), QStringLiteral("one\ntwo\r\nthree"));
        QCOMPARE(result.records.at(1).line, 2);
        // Then the record after it starts on line 5, and a last line without a line end counts
        QCOMPARE(result.records.at(2).line, 5);
        QCOMPARE(result.records.at(2).fields, QStringList({"last", "y"}));
    }

    void shouldTellNullFromEmptyText() {
        const auto result = readAll("a,b,c\n,\"\",x\n");
        const QStringList fields = result.records.at(1).fields;
        QVERIFY(fields.at(0).isNull());  // empty and unquoted: NULL
        QVERIFY(!fields.at(1).isNull()); // quoted empty: empty text
        QVERIFY(fields.at(1).isEmpty());
    }

    void shouldGiveEachRecordAsBytesInOneReusedRecord() {
        // Given records of every shape, across chunks: a long one before short ones, NULL and
        // empty text, a NUL and invalid UTF-8 before fine records, a mark inside a field
        QByteArray bytes = "id,text,more\n\"" + QByteArray(70000, 'x') + "\",\"a,b\",\"\"\n";
        bytes += "1,,\"\"\n";
        bytes += QByteArray("2,bad\0nul,x\n", 12);
        bytes += "3,ok,y\n4,\xC3\x28,z\n5,\xEF\xBB\xBFmark,w\n";
        for (int i = 0; i < 3000; ++i)
            bytes += QByteArray::number(i) + ",\"r\n" + QByteArray::number(i) + "\",\n";
        const ReadResult texts = readAll(bytes);
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        CsvReader reader(&buffer, CsvDialect{});
        // When they are read as bytes into one record, over and over
        Utf8Record record;
        qsizetype index = 0;
        while (reader.nextUtf8(&record)) {
            // Then each is what next() gives: the same fields, NULLs, line and problem
            QVERIFY(index < texts.records.size());
            const CsvRecord &expected = texts.records.at(index++);
            QCOMPARE(record.texts(), expected.fields);
            QCOMPARE(record.line, expected.line);
            QCOMPARE(record.problem, expected.problem);
            QCOMPARE(record.problemField, expected.problemField);
            for (int field = 0; field < record.size(); ++field) {
                QCOMPARE(record.isNull(field), expected.fields.at(field).isNull());
                if (expected.problem.isEmpty())
                    QCOMPARE(record.bytes(field).toByteArray(), expected.fields.at(field).toUtf8());
            }
        }
        QCOMPARE(index, texts.records.size());
        QCOMPARE(index, qsizetype(3007));
        QVERIFY(texts.records.at(3).problem.contains(QStringLiteral("NUL")));
        QVERIFY(texts.records.at(4).problem.isEmpty());
        QCOMPARE(texts.records.at(6).fields.at(1), QString(QChar(0xFEFF)) + "mark");
    }

    void shouldSkipBlankLinesButCountThem() {
        const auto result = readAll("a\r\n\r\n\r\nb\r\n");
        QCOMPARE(result.records.size(), 2);
        QCOMPARE(result.records.at(1).line, 4);
    }

    void shouldReadRecordsAcrossChunkBoundaries() {
        // Given 100,000 records (several 64 KiB chunks), one field of each quoted with a comma
        QByteArray bytes = "id,text\n";
        for (int i = 0; i < 100000; ++i)
            bytes += QByteArray::number(i) + ",\"v," + QByteArray::number(i) + "\"\n";
        const auto result = readAll(bytes);
        QVERIFY(!result.error.isError());
        QCOMPARE(result.records.size(), 100001);
        // Then no record is split or merged, and the line numbers hold to the end
        for (int i = 0; i < 100000; i += 997) {
            QCOMPARE(result.records.at(i + 1).fields.at(1), QStringLiteral("v,%1").arg(i));
            QCOMPARE(result.records.at(i + 1).line, i + 2);
        }
    }

    void shouldStopAtAStrayQuoteNamingLineAndColumn() {
        const auto result = readAll("a,b,c\n1,2,3\n4,5 \"inch\",6\n");
        QVERIFY(result.error.isError());
        QCOMPARE(result.error.line, 3);
        QCOMPARE(result.error.field, 2);
        QVERIFY(result.error.message.contains(QStringLiteral("Line 3, column 2")));
        QCOMPARE(result.records.size(), 2); // what came before is read
    }

    void shouldStopAtAQuoteLeftOpenNamingWhereItStarts() {
        const auto result = readAll("a,b\n1,\"open\n2,3\n4,5\n");
        QVERIFY(result.error.isError());
        QCOMPARE(result.error.line, 2);
        QCOMPARE(result.error.field, 2);
        QVERIFY(result.error.message.contains(QStringLiteral("not closed")));
    }

    void shouldReportARaggedRowAndGoOn() {
        const auto result = readAll("a,b,c\n1,2,3\n4,5\n6,7,8\n");
        QVERIFY(!result.error.isError());
        QCOMPARE(result.records.size(), 4);
        QVERIFY(result.records.at(2).problem.contains(QStringLiteral("Line 3 has 2 fields")));
        QVERIFY(result.records.at(3).problem.isEmpty());
    }

    void shouldReportANulCharacterWithItsColumn() {
        const auto result = readAll(QByteArray("a,b\nx,y\0z\n", 10));
        QCOMPARE(result.records.size(), 2);
        QCOMPARE(result.records.at(1).problemField, 1);
        QVERIFY(result.records.at(1).problem.contains(QStringLiteral("Line 2, column 2")));
    }

    void shouldReportInvalidUtf8WithItsColumn() {
        const auto result = readAll("a,b\nok,caf\xE9\n");
        QCOMPARE(result.records.at(1).problemField, 1);
        QVERIFY(result.records.at(1).problem.contains(QStringLiteral("not valid UTF-8")));
    }

    void shouldStopAtAFieldPastTheLimit() {
        // Given a 3 MiB quoted field and a 1 MiB limit (the default is 32 MiB: a 100 MB field
        // stops the same way)
        QByteArray bytes = "a\n\"" + QByteArray(3 * 1024 * 1024, 'x') + "\"\n";
        CsvLimits limits;
        limits.maxFieldBytes = 1024 * 1024;
        const auto result = readAll(bytes, {}, limits);
        QVERIFY(result.error.isError());
        QCOMPARE(result.error.line, 2);
        QVERIFY(result.error.message.contains(QStringLiteral("longer than 1 MiB")));
    }

    void shouldDetectTheDelimiterAndTheHeader() {
        QCOMPARE(detectDialect("name;qty\nab;1\ncd;2\n", true).dialect.delimiter, ';');
        QCOMPARE(detectDialect("name\tqty\nab\t1\n", true).dialect.delimiter, '\t');
        QCOMPARE(detectDialect("name|qty|x\nab|1|2\n", true).dialect.delimiter, '|');
        // A quoted comma does not count
        const DialectGuess quoted = detectDialect("\"a,b\";c\n\"d,e\";f\n", true);
        QCOMPARE(quoted.dialect.delimiter, ';');
        QVERIFY(detectDialect("name,qty\nab,1\n", true).dialect.header);
        QVERIFY(!detectDialect("ab,1\ncd,2\n", true).dialect.header);
    }

    void shouldDetectTheEncoding() {
        const DialectGuess bom = detectDialect("\xEF\xBB\xBFname,qty\n", true);
        QCOMPARE(bom.dialect.encoding, Encoding::Utf8);
        QVERIFY(bom.dialect.byteOrderMark);

        QStringEncoder utf16(QStringEncoder::Utf16LE, QStringEncoder::Flag::WriteBom);
        const QByteArray utf16Bytes = utf16(QStringLiteral("name;city\nZoë;Kraków\n"));
        const DialectGuess wide = detectDialect(utf16Bytes, true);
        QCOMPARE(wide.dialect.encoding, Encoding::Utf16LE);
        QCOMPARE(wide.dialect.delimiter, ';');
        // And the reader decodes it
        const auto result = readAll(utf16Bytes, wide.dialect);
        QCOMPARE(result.records.at(1).fields, QStringList({"Zoë", "Kraków"}));

        const DialectGuess latin = detectDialect("name,city\nZo\xEB,Krak\xF3w\n", true);
        QCOMPARE(latin.dialect.encoding, Encoding::Latin1);
        QVERIFY(latin.note.contains(QStringLiteral("line 2")));
        const auto latinRead = readAll("name,city\nZo\xEB,x\n", latin.dialect);
        QCOMPARE(latinRead.records.at(1).fields.first(), QStringLiteral("Zoë"));
        QVERIFY(latinRead.records.at(1).problem.isEmpty());
    }

    void shouldKeepAByteOrderMarkInsideTheText() {
        // Found by the CSV fuzzer: a second mark after the file's own is a character (U+FEFF) of
        // the first field, and must survive a write and a read.
        const DialectGuess guess = detectDialect("\xEF\xBB\xBF\xEF\xBB\xBFty\nab\n", true);
        QVERIFY(guess.dialect.byteOrderMark);
        const auto result = readAll("\xEF\xBB\xBF\xEF\xBB\xBFty\nab\n", guess.dialect);
        QCOMPARE(result.records.first().fields.first(), QString(QChar(0xFEFF)) + "ty");
        const auto again = readAll("a,\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBFn \n");
        QCOMPARE(again.records.first().fields.at(1), QString(3, QChar(0xFEFF)) + "n ");
        QStringEncoder utf16(QStringEncoder::Utf16LE);
        const QByteArray wide = "\xFF\xFE" + QByteArray(utf16(QStringLiteral("\uFEFFx\n")));
        CsvDialect dialect;
        dialect.encoding = Encoding::Utf16LE;
        dialect.byteOrderMark = true;
        QCOMPARE(readAll(wide, dialect).records.first().fields.first(), QStringLiteral("\uFEFFx"));
    }

    void shouldRefuseAnEmptyFileAndABinaryOne() {
        QVERIFY(detectDialect("", true).error.contains(QStringLiteral("empty")));
        QVERIFY(detectDialect("\n\r\n  \n", true).error.contains(QStringLiteral("empty")));
        QByteArray binary("SQLite format 3\0", 16);
        for (int i = 0; i < 500; ++i)
            binary += char(i % 7);
        QVERIFY(detectDialect(binary, true).error.contains(QStringLiteral("not text")));
    }

    void shouldQuoteOnlyWhatNeedsIt() {
        CsvWriter::Options options;
        const QByteArray csv =
            writeAll(options, {"a", "b", "c", "d", "e"},
                     {{Cell::ofText("plain"), Cell::ofText("x,y"), Cell::ofText("say \"hi\""),
                       Cell::null(), Cell::ofText("")}});
        QCOMPARE(csv, QByteArray("a,b,c,d,e\r\nplain,\"x,y\",\"say \"\"hi\"\"\",,\"\"\r\n"));
        // With a NULL text, empty text needs no quotes
        options.nullText = QStringLiteral("NULL");
        QCOMPARE(writeAll(options, {"a", "b"}, {{Cell::null(), Cell::ofText("")}}),
                 QByteArray("a,b\r\nNULL,\r\n"));
        options = {};
        options.byteOrderMark = true;
        QVERIFY(writeAll(options, {"a"}, {})
                    .startsWith("\xEF\xBB\xBF"
                                "a\r\n"));
    }

    void shouldRoundTripAwkwardTextThroughCsvAndTsv() {
        const QStringList awkward = {QStringLiteral("comma, inside"),
                                     QStringLiteral("\"quoted\""),
                                     QStringLiteral("line\nbreak"),
                                     QStringLiteral("cr\r\nlf"),
                                     QStringLiteral("tab\there"),
                                     QStringLiteral(" lead"),
                                     QStringLiteral("trail "),
                                     QStringLiteral("ünïcødé ✓ 𝄞"),
                                     QStringLiteral("")};
        for (const TextFormat format : {TextFormat::Csv, TextFormat::Tsv}) {
            CsvWriter::Options options;
            options.format = format;
            QList<Cell> row;
            QStringList header;
            for (int i = 0; i < awkward.size(); ++i) {
                row << Cell::ofText(awkward.at(i));
                header << QStringLiteral("c%1").arg(i);
            }
            row << Cell::null();
            header << QStringLiteral("null");
            const QByteArray bytes = writeAll(options, header, {row});
            CsvDialect dialect;
            dialect.delimiter = format == TextFormat::Tsv ? '\t' : ',';
            const auto result = readAll(bytes, dialect);
            QVERIFY2(!result.error.isError(), qPrintable(result.error.message));
            QCOMPARE(result.records.size(), 2);
            const QStringList back = result.records.at(1).fields;
            QCOMPARE(back.mid(0, awkward.size()), awkward);
            QVERIFY(!back.at(awkward.size() - 1).isNull());
            QVERIFY(back.last().isNull());
        }
    }

    void shouldWriteUtf8CellsAsTheirStrings_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("nullText");
        QTest::addColumn<bool>("byteOrderMark");
        QTest::addColumn<bool>("header");
        QTest::newRow("csv") << int(TextFormat::Csv) << QString() << false << true;
        QTest::newRow("csv, BOM, no header") << int(TextFormat::Csv) << QString() << true << false;
        QTest::newRow("csv, NULL text")
            << int(TextFormat::Csv) << QStringLiteral("NULL") << true << true;
        QTest::newRow("tsv, \\N") << int(TextFormat::Tsv) << QStringLiteral("\\N") << false << true;
        QTest::newRow("tsv, ü as NULL")
            << int(TextFormat::Tsv) << QStringLiteral("ü") << true << false;
    }
    void shouldWriteUtf8CellsAsTheirStrings() {
        // Issue 14: PostgreSQL's text goes to the file as UTF-8, without a QString; the bytes must
        // be those of the same cells as QStrings. Quoting looks at the first and last character
        // (QChar::isSpace(), Unicode's spaces too) and at ASCII bytes inside.
        QFETCH(int, format);
        QFETCH(QString, nullText);
        QFETCH(bool, byteOrderMark);
        QFETCH(bool, header);
        const QStringList awkward = {QStringLiteral("plain"),
                                     QStringLiteral(""),
                                     QStringLiteral("comma, inside"),
                                     QStringLiteral("\"quoted\""),
                                     QStringLiteral("line\nbreak"),
                                     QStringLiteral("cr\r"),
                                     QStringLiteral("tab\there"),
                                     QStringLiteral(" lead"),
                                     QStringLiteral("trail "),
                                     QStringLiteral("\tlead tab"),
                                     QStringLiteral("trail\v"),
                                     QStringLiteral("x\x1f"),
                                     QStringLiteral("\u00a0nbsp"),
                                     QStringLiteral("nbsp\u00a0"),
                                     QStringLiteral("\u0085nel"),
                                     QStringLiteral("ideographic\u3000"),
                                     QStringLiteral("\u2028line sep"),
                                     QStringLiteral("\u202fnarrow"),
                                     QStringLiteral("\u1680ogham"),
                                     QStringLiteral("\ufeffbom"),
                                     QStringLiteral("\ufeff lead"),
                                     QStringLiteral("\ufeff"),
                                     QStringLiteral("\ufeff\ufeff"),
                                     QStringLiteral("\u00a0"),
                                     QStringLiteral(" "),
                                     QStringLiteral("bom\ufeff"),
                                     QStringLiteral("\u200bzw"),
                                     QStringLiteral("ünïcødé ✓ 𝄞"),
                                     QStringLiteral("𝄞"),
                                     QStringLiteral("é"),
                                     QStringLiteral("日本語"),
                                     QStringLiteral("NULL"),
                                     QStringLiteral("\\N"),
                                     QStringLiteral("ü"),
                                     QStringLiteral("a\u00a0b"),
                                     QStringLiteral("\"")};
        CsvWriter::Options options;
        options.format = TextFormat(format);
        options.nullText = nullText;
        options.byteOrderMark = byteOrderMark;
        // And rows longer than the writer's buffer (64 KiB), one of nothing but quotes, each
        // doubled
        const QStringList texts =
            awkward + QStringList{QString(70000, QLatin1Char('"')),
                                  QString(70000, QLatin1Char('x')) + QStringLiteral(", \"")};
        QList<Cell> cells;
        QList<QByteArray> utf8; // kept alive while the views point into them
        for (const QString &text : texts) {
            cells << Cell::ofText(text);
            utf8 << text.toUtf8();
        }
        cells << Cell::null();
        QList<Utf8Cell> utf8Cells;
        for (const QByteArray &text : std::as_const(utf8))
            utf8Cells << Utf8Cell{false, text};
        utf8Cells << Utf8Cell{true, {}};
        QStringList names;
        for (qsizetype i = 0; i < cells.size(); ++i)
            names << QStringLiteral("c%1").arg(i);
        // One cell a row, then all in one row: each field alone and beside the others
        QList<QList<Cell>> rows;
        QList<QList<Utf8Cell>> utf8Rows;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            rows << QList<Cell>{cells.at(i)};
            utf8Rows << QList<Utf8Cell>{utf8Cells.at(i)};
        }
        for (int round = 0; round < 3; ++round) { // across several of the buffer's flushes
            rows << cells;
            utf8Rows << utf8Cells;
        }
        const auto write = [&](const auto &written) {
            QBuffer buffer;
            buffer.open(QIODevice::WriteOnly);
            CsvWriter writer(&buffer, options);
            if (header)
                writer.writeHeader(names);
            for (const auto &row : written)
                writer.writeRow(row);
            return writer.finish() ? buffer.data() : QByteArray();
        };
        const QByteArray expected = write(rows);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(QString::fromUtf8(write(utf8Rows)), QString::fromUtf8(expected));
        QCOMPARE(write(utf8Rows), expected);
    }

    void shouldWriteJsonWithTypes() {
        CsvWriter::Options options;
        options.format = TextFormat::Json;
        const QByteArray json = writeAll(options, {"id", "name", "ok", "note"},
                                         {{{Cell::Kind::Number, "1"},
                                           Cell::ofText("a \"b\"\n\u0001"),
                                           {Cell::Kind::Boolean, "true"},
                                           Cell::null()},
                                          {{Cell::Kind::Number, "2.50"},
                                           Cell::ofText("ü"),
                                           {Cell::Kind::Boolean, "false"},
                                           Cell::ofText("")}});
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray rows = document.array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).toObject().value("name").toString(), QStringLiteral("a \"b\"\n\u0001"));
        QVERIFY(rows.at(0).toObject().value("note").isNull());
        QCOMPARE(rows.at(1).toObject().value("id").toDouble(), 2.5);
        QCOMPARE(rows.at(1).toObject().value("ok").toBool(), false);
        QCOMPARE(writeAll(options, {"id"}, {}), QByteArray("[]\n"));
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
