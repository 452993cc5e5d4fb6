// Issue 14: importing a JSON file (an array of objects, or JSON Lines) through the same import as
// CSV (io::CsvImporter with ImportFormat::Json): keys mapped to columns by name, JSON null is
// NULL, every value checked as if typed, staged all or nothing (or the valid rows only), refused
// rows named by record and key, nothing half-staged when the file is bad. Both backends. The
// round trip of every column type is in tst_csvroundtrip.

#include "libraryfixture.h"

#include "io/csvimport.h"

#include <QBuffer>
#include <QTest>

using namespace shelftest;

namespace {

io::ImportResult importJson(orm::Session &session, const char *table, const QByteArray &json,
                            io::ImportOptions options = {}) {
    if (options.format == io::ImportFormat::Csv)
        options.format = io::ImportFormat::Json;
    QBuffer file;
    file.setData(json);
    file.open(QIODevice::ReadOnly);
    io::CsvImporter importer(session, *library::metadata().table(QLatin1String(table)), options);
    return importer.run(&file);
}

QByteArray filled(QByteArray json, const SmallLibrary &lib) {
    return json.replace("%1", QByteArray::number(idOf(lib.it)))
        .replace("%2", QByteArray::number(idOf(lib.andy)));
}

} // namespace

class TestJsonImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldStageObjectsByKeyWithNullFromJsonNull() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given reviews as objects, keys in any order, one text null and one left out, an author
        // named by label
        const QByteArray json = filled(R"([
            {"book_id": %1, "user_id": %2, "rating": 4, "text": "Tense"},
            {"rating": 2, "user_id": %2, "book_id": %1, "text": null},
            {"book_id": %1, "user_id": %2, "rating": 3}
        ])",
                                       lib);
        const qint64 nullTexts = f.count(QStringLiteral("reviews WHERE text IS NULL"));
        // When imported and committed
        const io::ImportResult result = importJson(*f.session, "reviews", json);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 3);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        // Then the rows are there, NULL where the file said null or left the key out
        QCOMPARE(
            f.db.scalar(QStringLiteral("SELECT rating FROM reviews WHERE text = 'Tense'")).toInt(),
            4);
        QCOMPARE(f.count(QStringLiteral("reviews WHERE text IS NULL")), nullTexts + 2);
        // And books take their author by name, as a CSV header would
        const io::ImportResult books =
            importJson(*f.session, "books", R"([{"title": "Carrie", "author": "Stephen King"}])");
        QVERIFY2(books.error.isEmpty(), qPrintable(books.error));
        QCOMPARE(f.session->newRecords(Book::staticTable()).first()->value(Book::AuthorIdColumn),
                 lib.king->value(Author::IdColumn));
    }

    void shouldStageJsonLines() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        io::ImportOptions options;
        options.format = io::ImportFormat::JsonLines;
        const io::ImportResult result = importJson(
            *f.session, "users", "{\"name\": \"Zed\"}\n{\"name\": \"Yan \u00e9\"}\n", options);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users WHERE name IN ('Zed', 'Yan \u00e9')")), 2);
    }

    void shouldStageNothingNamingTheRecordAndKeyOfARefusedValue() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given an edit staged before
        QVERIFY(lib.it->setValue(QStringLiteral("title"), QStringLiteral("It (1986)")));
        // When a file with a rating out of range, a text for a number, an unknown key and a
        // record that is not an object is imported all or nothing
        const QByteArray json = filled(R"([
            {"book_id": %1, "user_id": %2, "rating": 5, "text": "fine"},
            {"book_id": %1, "user_id": %2, "rating": 9, "text": "too high"},
            {"book_id": %1, "user_id": "%2x", "rating": 3},
            {"book_id": %1, "user_id": %2, "rating": 3, "stars": 3},
            [1, 2]
        ])",
                                       lib);
        const io::ImportResult result = importJson(*f.session, "reviews", json);
        // Then nothing is staged, each refusal names its record (and key), the edit is untouched
        QVERIFY2(result.error.contains(QStringLiteral("Nothing was staged")),
                 qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 0);
        QCOMPARE(result.rowsRefused, 4);
        QVERIFY(f.session->newRecords(Review::staticTable()).isEmpty());
        QCOMPARE(lib.it->value(QStringLiteral("title")).toString(), QStringLiteral("It (1986)"));
        QCOMPARE(result.refusals.size(), 4);
        QCOMPARE(result.refusals.at(0).line, 2);
        QCOMPARE(result.refusals.at(0).field, 3);
        QVERIFY2(
            result.refusals.at(0).message.startsWith(QStringLiteral("Record 2, key \"rating\"")),
            qPrintable(result.refusals.at(0).message));
        QVERIFY2(result.refusals.at(0).message.contains(QStringLiteral("between 1 and 5")),
                 qPrintable(result.refusals.at(0).message));
        QVERIFY2(
            result.refusals.at(1).message.startsWith(QStringLiteral("Record 3, key \"user_id\"")),
            qPrintable(result.refusals.at(1).message));
        QVERIFY2(result.refusals.at(2).message.contains(
                     QStringLiteral("Record 4 has the key \"stars\"")),
                 qPrintable(result.refusals.at(2).message));
        QVERIFY2(
            result.refusals.at(3).message.startsWith(QStringLiteral("Record 5 is not valid JSON")),
            qPrintable(result.refusals.at(3).message));
        // When the valid rows only are asked for: the one good review is staged
        io::ImportOptions validOnly;
        validOnly.mode = io::ImportMode::ValidRowsOnly;
        const io::ImportResult valid = importJson(*f.session, "reviews", json, validOnly);
        QCOMPARE(valid.rowsStaged, 1);
        QCOMPARE(valid.rowsRefused, 4);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("reviews WHERE text = 'fine'")), 1);
    }

    void shouldStageNothingFromAFileThatIsNotAnArrayOfObjects_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("name\nZed\n") << "is not JSON";
        QTest::newRow("an object") << QByteArray(R"({"name": "Zed"})") << "one JSON object";
        QTest::newRow("cut short")
            << QByteArray(R"([{"name": "Zed"}, {"name": "Yan"})") << "not closed";
        QTest::newRow("first record bad") << QByteArray(R"([{"name" "Zed"}])") << "Record 1";
        QTest::newRow("no column") << QByteArray(R"([{"colour": "red"}])") << "No column";
        QTest::newRow("empty") << QByteArray("[]") << "no rows";
    }
    void shouldStageNothingFromAFileThatIsNotAnArrayOfObjects() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const io::ImportResult result = importJson(*f.session, "users", json);
        QVERIFY2(result.error.contains(message), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 0);
        QVERIFY(!f.session->hasChanges());
    }
};

QTEST_GUILESS_MAIN(TestJsonImport)
#include "tst_jsonimport.moc"
