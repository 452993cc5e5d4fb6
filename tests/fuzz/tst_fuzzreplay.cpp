// Replays every file of tests/fuzz/crashers/ (inputs that once crashed or hung Shelf) and
// tests/fuzz/corpus/ (the fuzzer's seeds) through the fuzz target's open-and-browse path, in the
// normal and the sanitizer build: a crash, a sanitizer report or a hang fails the test.
#include "openandbrowse.h"
#include "readcsv.h"

#include <QDir>
#include <QFile>
#include <QTest>

using shelffuzz::BrowseOutcome;

class TestFuzzReplay : public QObject {
    Q_OBJECT

private:
    static QStringList inputs(const QString &folder) {
        QStringList paths;
        const QDir dir(QStringLiteral(SHELF_FUZZ_DIR "/") + folder);
        for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
            if (name != QLatin1String("README.md"))
                paths.append(dir.filePath(name));
        }
        return paths;
    }

    static QByteArray read(const QString &path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }

    static void addRows(const QString &folder) {
        QTest::addColumn<QString>("path");
        const QStringList paths = inputs(folder);
        for (const QString &path : paths)
            QTest::newRow(qPrintable(folder + QLatin1Char('/') + QFileInfo(path).fileName()))
                << path;
        if (paths.isEmpty()) // QTest refuses a data-driven test without rows
            QTest::newRow(qPrintable(folder + QLatin1String(" (empty)"))) << QString();
    }

    static void replay(const QString &path) {
        if (path.isEmpty())
            QSKIP("No inputs in this folder yet.");
        checkOutcome(shelffuzz::openAndBrowse(read(path)));
    }

    // Every input either opens or is refused with a sentence; every failure on the way says why.
    static void checkOutcome(const BrowseOutcome &outcome) {
        if (!outcome.opened)
            QVERIFY2(!outcome.openError.trimmed().isEmpty(), "a refused file needs a message");
        for (const QString &message : outcome.messages)
            QVERIFY2(!message.trimmed().isEmpty(), "an empty error message");
    }

private Q_SLOTS:
    void shouldHaveSeedsAndCrashers() {
        QVERIFY(inputs(QStringLiteral("corpus")).size() >= 5);
        QVERIFY(QFile::exists(QStringLiteral(SHELF_FUZZ_DIR "/crashers/README.md")));
    }

    void shouldBrowseTheSeededLibrary() {
        // Given the seed made from the tutorial's sample library
        const QByteArray bytes = read(QStringLiteral(SHELF_FUZZ_DIR "/corpus/library.sqlite"));
        QVERIFY(!bytes.isEmpty());
        // When the fuzz target opens and browses it
        const BrowseOutcome outcome = shelffuzz::openAndBrowse(bytes);
        // Then every table was read, with rows, related records, a delete preview and a delete
        QVERIFY2(outcome.opened, qPrintable(outcome.openError));
        QCOMPARE(int(outcome.kind), int(library::DatabaseKind::Library));
        QCOMPARE(outcome.tablesBrowsed, 4);
        QVERIFY(outcome.rows >= 10);
        QVERIFY(outcome.cells >= outcome.rows * 2);
        QVERIFY(outcome.relatedRows > 0);
        QVERIFY(outcome.deletePreviews > 0);
        QVERIFY(outcome.pendingChanges > 0);
        QVERIFY2(outcome.messages.isEmpty(), qPrintable(outcome.messages.join(QLatin1Char('\n'))));
    }

    void shouldCreateTablesInAnEmptyFile() {
        // An empty file is a new SQLite database: the tables are created, as MainWindow does.
        const BrowseOutcome outcome = shelffuzz::openAndBrowse({});
        QVERIFY2(outcome.opened, qPrintable(outcome.openError));
        QCOMPARE(int(outcome.kind), int(library::DatabaseKind::Empty));
        QCOMPARE(outcome.tablesBrowsed, 4);
        QCOMPARE(outcome.rows, 0);
    }

    void shouldBrowseADatabaseBuiltFromASchemaScript() {
        // Given a schema script (the fuzzer mutates schemas as text): a shop with a text key,
        // composite keys, a junction table, a self-reference, every ON DELETE, a view, a trigger
        const QByteArray script = read(QStringLiteral(SHELF_FUZZ_DIR "/corpus/schema-shop.sql"));
        QVERIFY(script.startsWith("-- shelf schema"));
        // When the fuzz target builds the file and opens and browses it
        const BrowseOutcome outcome = shelffuzz::openAndBrowse(script);
        // Then it opened as itself, every table was read, rows previewed for delete
        QVERIFY2(outcome.opened, qPrintable(outcome.openError));
        QCOMPARE(int(outcome.kind), int(library::DatabaseKind::Other));
        QCOMPARE(outcome.schemaStatements, 26);
        QCOMPARE(outcome.tablesBrowsed, 13);
        QVERIFY(outcome.rows >= 25);
        QVERIFY(outcome.relatedRows > 0);
        QVERIFY(outcome.deletePreviews >= 20);
        QVERIFY2(outcome.messages.isEmpty(), qPrintable(outcome.messages.join(QLatin1Char('\n'))));
    }

    void shouldRefuseAFileThatIsNoDatabase() {
        const BrowseOutcome outcome = shelffuzz::openAndBrowse(
            QByteArray("This is a shopping list, not a database.\n").repeated(20));
        QVERIFY(!outcome.opened);
        QVERIFY2(outcome.openError.contains(QLatin1String("database"), Qt::CaseInsensitive),
                 qPrintable(outcome.openError));
    }

    void shouldReadCsvSeedsAndRoundTripThem_data() { addRows(QStringLiteral("csv-corpus")); }
    void shouldReadCsvSeedsAndRoundTripThem() {
        // Every CSV seed reads (or is refused with a sentence) and every record it holds comes
        // back the same through CsvWriter, as the CSV fuzzer (shelf_csv_fuzzer) checks.
        QFETCH(QString, path);
        const shelffuzz::CsvOutcome outcome = shelffuzz::readCsv(read(path));
        QVERIFY2(outcome.roundTripMismatch.isEmpty(), qPrintable(outcome.roundTripMismatch));
        QVERIFY(outcome.records > 0 || !outcome.dialectError.isEmpty() ||
                !outcome.readError.isEmpty());
        // A JSON seed is read as JSON: records, or a sentence saying why not
        if (path.contains(QLatin1String(".json")))
            QVERIFY2(outcome.jsonRecords > 0 || !outcome.jsonError.isEmpty(), qPrintable(path));
    }

    void shouldSurviveCrashers_data() { addRows(QStringLiteral("crashers")); }
    void shouldSurviveCrashers() {
        QFETCH(QString, path);
        replay(path);
    }

    void shouldSurviveCorpus_data() { addRows(QStringLiteral("corpus")); }
    void shouldSurviveCorpus() {
        QFETCH(QString, path);
        replay(path);
    }
};

QTEST_MAIN(TestFuzzReplay)
#include "tst_fuzzreplay.moc"
