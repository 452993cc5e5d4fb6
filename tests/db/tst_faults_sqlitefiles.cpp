// Issue 6, "locked, read-only, full, missing, corrupt" (docs/contract.md §2 rule 8, §6), SQLite
// only:
// - a write lock held by another connection or process, a read-only connection or file, a full
//   database: commit() fails quickly with a structured error and a plain sentence, every staged
//   edit survives, and the same commit succeeds once the condition is gone;
// - a missing folder, a missing file opened for reading, a file that is not a database, an empty,
//   truncated or bit-flipped file: opening and browsing gives a clear error (no crash, no hang) and
//   never creates or modifies the file.
//
// This executable re-invokes itself (SHELF_FAULT_LOCK_HOLDER=<file>) as the other process that
// holds `BEGIN IMMEDIATE` until its standard input closes. Seeds are printed; SHELF_FAULT_SEED
// replays another run of the random bit flips.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace shelftest;

namespace {

constexpr quint32 DefaultFlipSeed = 61;
constexpr int RandomFlips = 40;
/// The session's busy timeout in these tests: long enough to be a real wait, short enough for CI.
constexpr int BusyTimeoutMs = 150;

const char LockHolderVariable[] = "SHELF_FAULT_LOCK_HOLDER";

// --- The other process ---------------------------------------------------------------------------

/// Holds a write lock (BEGIN IMMEDIATE) on the file until standard input reaches end of file.
int runLockHolder(const QString &path) {
    int status = 0;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("lock"));
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (!db.open() || !query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            std::fprintf(stderr, "lock holder: %s\n", qPrintable(query.lastError().text()));
            return 2;
        }
        std::fprintf(stdout, "LOCKED\n");
        std::fflush(stdout);
        char buffer[64];
        while (std::fgets(buffer, sizeof buffer, stdin)) {
        }
        if (!query.exec(QStringLiteral("ROLLBACK")))
            status = 3;
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("lock"));
    return status;
}

// --- Staged work
// -----------------------------------------------------------------------------------

/// Staged work of every kind on the small library: a rename, a new author with a new book, a
/// staged delete (whose borrowed book is returned) and a new review.
struct StagedWork {
    std::shared_ptr<Author> herbert;
    std::shared_ptr<Book> dune;
    std::shared_ptr<Review> review;
    QString reviewText = QStringLiteral("Long");

    [[nodiscard]] bool stage(LibraryFixture &f, SmallLibrary &lib) {
        dune = Book::create(QStringLiteral("Dune"));
        herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
        f.session->add(herbert);
        review = Review::create(lib.it, lib.buzz, 2, reviewText);
        f.session->add(review);
        return lib.king->setName(QStringLiteral("Richard Bachman")) && f.session->remove(lib.cat);
    }
    RecordList records(const SmallLibrary &lib) const {
        RecordList result = lib.all();
        result << herbert << dune << review;
        return result;
    }
    /// The database holds all of it.
    void verifyCommitted(LibraryFixture &f, const SmallLibrary &lib) const {
        QCOMPARE(
            f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
            QStringLiteral("Richard Bachman"));
        QVERIFY(!dune->id().isNull());
        QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), dune->id()),
                 QVariant(herbert->id()).toLongLong());
        QVERIFY(!f.rowExists(QStringLiteral("users"), lib.cat->id()));
        QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                    .isNull());
        QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), review->id()).toString(),
                 reviewText);
    }
};

/// Points the session's connection at new options and reconnects it (keeping staged work).
bool reconnectWith(orm::Session &session, const QString &options) {
    QSqlDatabase db = session.database();
    db.setConnectOptions(options);
    return session.reconnect();
}

// --- Files that must not change
// --------------------------------------------------------------------

/// What "not created or modified" compares: the folder's entries, and each file's size, time and
/// bytes.
QString folderFingerprint(const QString &folder) {
    QStringList lines;
    const QFileInfoList entries = QDir(folder).entryInfoList(
        QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &entry : entries) {
        QFile file(entry.absoluteFilePath());
        QByteArray hash;
        if (entry.isFile() && file.open(QIODevice::ReadOnly))
            hash = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
        lines.append(QStringLiteral("%1 %2 %3 %4")
                         .arg(entry.fileName())
                         .arg(entry.size())
                         .arg(entry.lastModified().toMSecsSinceEpoch())
                         .arg(QString::fromLatin1(hash)));
    }
    return lines.join(QLatin1Char('\n'));
}

/// What opening and browsing a file gave: whether the connection opened, and every error seen.
struct Browse {
    bool opened = false;
    QStringList errors;        ///< "kind: message (driver text)"
    QStringList kinds;         ///< the session's error kinds, in order
    bool allStructured = true; ///< every failure had a kind and a plain sentence
};

/// Opens the file as the app does (QSQLITE, a session, a first read of every table) and records
/// what failed.
Browse openAndBrowse(const QString &path, const QString &options = {}) {
    static int serial = 0;
    const QString name = QStringLiteral("faults_browse_%1").arg(++serial);
    Browse result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
        result.opened = db.open();
        if (!result.opened) {
            result.errors.append(QStringLiteral("open: ") + db.lastError().text());
            result.allStructured = !db.lastError().text().trimmed().isEmpty();
        } else {
            orm::Session session(db, library::metadata());
            for (const orm::Table *table : library::metadata().tables()) {
                const RecordList rows = session.query(*table);
                const orm::Error error = session.lastError();
                if (error) {
                    result.errors.append(
                        QStringLiteral("%1: %2: %3")
                            .arg(table->name(), str(error.kind), error.fullText()));
                    result.kinds.append(str(error.kind));
                    result.allStructured &= error.kind != orm::Error::Kind::None &&
                                            !error.message().trimmed().isEmpty();
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

quint32 flipSeed() {
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("SHELF_FAULT_SEED").toUInt(&ok);
    return ok ? seed : DefaultFlipSeed;
}

/// A valid library file of several pages per table (so a truncation or a flipped page hits rows).
bool writeLibraryFile(const QString &path, QString *error) {
    const QString name = QStringLiteral("faults_write");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            orm::Session session(db, library::metadata());
            ok = session.createAll() && library::seed(session) &&
                 library::seedLarge(session, 60, 20);
            if (!ok)
                *error = session.lastError().fullText();
        } else {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

/// The file's page size and the root page of a table, read from the file itself.
bool pageOf(const QString &path, const QString &table, int *pageSize, int *rootPage) {
    const QString name = QStringLiteral("faults_pages");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QSqlQuery query(db);
        if (db.open() && query.exec(QStringLiteral("PRAGMA page_size")) && query.next()) {
            *pageSize = query.value(0).toInt();
            ok = query.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = '%1'")
                                .arg(table)) &&
                 query.next();
            if (ok)
                *rootPage = query.value(0).toInt();
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool rewrite(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

enum class Damage {
    MissingFolder,
    MissingFileReadOnly,
    NotADatabase,
    Empty,
    TruncatedToHalf,
    TruncatedToOnePage,
    MagicFlipped,
    BooksRootPageFlipped,
    ReviewsRootPageFlipped,
};

} // namespace

Q_DECLARE_METATYPE(Damage)

class TestSqliteFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void shouldFailQuicklyAndKeepEditsWhileTheFileIsWriteLocked_data();
    void shouldFailQuicklyAndKeepEditsWhileTheFileIsWriteLocked();
    void shouldFailAndKeepEditsOnAReadOnlyConnection();
    void shouldFailAndKeepEditsOnAReadOnlyFileOrFolder_data();
    void shouldFailAndKeepEditsOnAReadOnlyFileOrFolder();
    void shouldFailAndKeepEditsWhenTheDatabaseIsFull();
    void shouldRefuseDamagedOrMissingFilesWithoutTouchingThem_data();
    void shouldRefuseDamagedOrMissingFilesWithoutTouchingThem();
    void shouldSurviveRandomBitFlipsWithoutTouchingTheFile();
};

void TestSqliteFiles::init() {
    if (backend() != Backend::Sqlite)
        QSKIP("these faults are about SQLite files; PostgreSQL has no file to lock, fill or "
              "corrupt (its connection faults are in tst_faults_killedcommit)");
}

// --- Locked
// ------------------------------------------------------------------------------------------

void TestSqliteFiles::shouldFailQuicklyAndKeepEditsWhileTheFileIsWriteLocked_data() {
    QTest::addColumn<bool>("otherProcess");
    QTest::newRow("another connection holds BEGIN IMMEDIATE") << false;
    QTest::newRow("another process holds BEGIN IMMEDIATE") << true;
}

void TestSqliteFiles::shouldFailQuicklyAndKeepEditsWhileTheFileIsWriteLocked() {
    QFETCH(bool, otherProcess);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QVERIFY2(
        reconnectWith(*f.session, QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs)),
        qPrintable(f.session->lastError().fullText()));

    // Given staged work
    StagedWork work;
    QVERIFY(work.stage(f, lib));
    const RecordList records = work.records(lib);
    const QString memoryBefore = memoryOf(*f.session, records);
    const auto rowsBefore = f.dump();

    // And another connection or process that holds the write lock
    QProcess holder;
    if (otherProcess) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(LockHolderVariable), f.db.sqlitePath());
        holder.setProcessEnvironment(environment);
        holder.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        holder.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(holder.waitForStarted(30000));
        QByteArray output;
        const QDeadlineTimer deadline(60000);
        while (!output.contains("LOCKED") && holder.state() == QProcess::Running &&
               !deadline.hasExpired()) {
            holder.waitForReadyRead(1000);
            output += holder.readAllStandardOutput();
        }
        QVERIFY2(output.contains("LOCKED"), "the lock holder did not take the lock");
    } else {
        QVERIFY2(f.db.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(f.db.errorString()));
    }

    // When the session commits
    QElapsedTimer timer;
    timer.start();
    const bool committed = f.session->commit();
    const qint64 elapsed = timer.elapsed();

    // Then it fails within a few busy timeouts, as a connection problem with a plain sentence
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    // (error.h: a locked database is a Connection problem — wait and try again)
    QVERIFY2(error.kind == orm::Error::Kind::Connection,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY2(error.driverMessage.contains(QLatin1String("locked")), qPrintable(error.fullText()));
    QVERIFY(!error.message().isEmpty());
    QVERIFY(!error.message().contains(QLatin1String("SQLITE")));
    QVERIFY2(elapsed < 20 * BusyTimeoutMs,
             qPrintable(QStringLiteral("commit took %1 ms with a %2 ms busy timeout")
                            .arg(elapsed)
                            .arg(BusyTimeoutMs)));
    // And memory and the file are as before
    QVERIFY(f.session->hasChanges());
    const QString memoryAfter = memoryOf(*f.session, records);
    QVERIFY2(memoryAfter == memoryBefore, qPrintable(firstDifference(memoryAfter, memoryBefore)));
    QCOMPARE(f.dump(), rowsBefore);

    // When the lock is released and the same commit runs again
    if (otherProcess) {
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(30000));
        QCOMPARE(holder.exitCode(), 0);
    } else {
        QVERIFY2(f.db.exec(QStringLiteral("ROLLBACK")), qPrintable(f.db.errorString()));
    }
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then everything staged is in the file
    QVERIFY(!f.session->hasChanges());
    work.verifyCommitted(f, lib);
}

// --- Read-only
// ----------------------------------------------------------------------------------------

void TestSqliteFiles::shouldFailAndKeepEditsOnAReadOnlyConnection() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session whose connection was opened read-only (SQLITE_OPEN_READONLY: what a file the
    // user may not write gives, and the one read-only condition that holds even for root)
    QVERIFY2(reconnectWith(*f.session, QStringLiteral("QSQLITE_OPEN_READONLY")),
             qPrintable(f.session->lastError().fullText()));
    // And staged work
    StagedWork work;
    QVERIFY(work.stage(f, lib));
    const RecordList records = work.records(lib);
    const QString memoryBefore = memoryOf(*f.session, records);
    const auto rowsBefore = f.dump();

    // When the session commits
    const bool committed = f.session->commit();

    // Then it fails with a plain sentence and the driver's "readonly"
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    QVERIFY2(error.driverMessage.contains(QLatin1String("readonly")), qPrintable(error.fullText()));
    // (error.h: a read-only file is a Database failure, not a lost connection)
    QVERIFY2(error.kind == orm::Error::Kind::Database,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY(!error.message().isEmpty());
    // And nothing is lost or written
    const QString memoryAfter = memoryOf(*f.session, records);
    QVERIFY2(memoryAfter == memoryBefore, qPrintable(firstDifference(memoryAfter, memoryBefore)));
    QCOMPARE(f.dump(), rowsBefore);

    // When the connection is reopened for writing and the same commit runs again
    QVERIFY2(reconnectWith(*f.session, QString()), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then everything staged is in the file
    work.verifyCommitted(f, lib);
}

void TestSqliteFiles::shouldFailAndKeepEditsOnAReadOnlyFileOrFolder_data() {
    QTest::addColumn<bool>("folder");
    QTest::newRow("file chmod 0444") << false;
    QTest::newRow("folder chmod 0555 (no room for the journal)") << true;
}

void TestSqliteFiles::shouldFailAndKeepEditsOnAReadOnlyFileOrFolder() {
    QFETCH(bool, folder);
    if (::geteuid() == 0)
        QSKIP("running as root, whom file permissions do not stop: "
              "shouldFailAndKeepEditsOnAReadOnlyConnection covers the read-only failure");
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QString path = f.db.sqlitePath();
    const QString target = folder ? QFileInfo(path).absolutePath() : path;
    const QFile::Permissions writable = QFile::permissions(target);
    const QFile::Permissions readOnly =
        folder ? QFile::ReadOwner | QFile::ExeOwner : QFile::ReadOwner | QFile::ReadGroup;
    // Given a file (or its folder) the user may not write, and a session that opens it anew
    QVERIFY(QFile::setPermissions(target, readOnly));
    const bool reconnected = f.session->reconnect();
    const auto restore = qScopeGuard([&] { QFile::setPermissions(target, writable); });
    QVERIFY2(reconnected, qPrintable(f.session->lastError().fullText()));
    // And staged work
    StagedWork work;
    QVERIFY(work.stage(f, lib));
    const RecordList records = work.records(lib);
    const QString memoryBefore = memoryOf(*f.session, records);
    const auto rowsBefore = f.dump();

    // When the session commits
    const bool committed = f.session->commit();

    // Then it fails with a plain sentence, and nothing is lost or written
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Database,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY(!error.message().isEmpty());
    const QString memoryAfter = memoryOf(*f.session, records);
    QVERIFY2(memoryAfter == memoryBefore, qPrintable(firstDifference(memoryAfter, memoryBefore)));
    QCOMPARE(f.dump(), rowsBefore);

    // When the permission is given back and the session reconnects and commits again
    QVERIFY(QFile::setPermissions(target, writable));
    QVERIFY2(f.session->reconnect(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then everything staged is in the file
    work.verifyCommitted(f, lib);
}

// --- Full
// -------------------------------------------------------------------------------------------------

void TestSqliteFiles::shouldFailAndKeepEditsWhenTheDatabaseIsFull() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given staged work that needs new pages (a 256 KB review text)
    StagedWork work;
    QVERIFY(work.stage(f, lib));
    work.reviewText = QString(256 * 1024, QLatin1Char('x'));
    QVERIFY(work.review->setText(work.reviewText));
    const RecordList records = work.records(lib);
    const QString memoryBefore = memoryOf(*f.session, records);
    const auto rowsBefore = f.dump();
    // And a database that may not grow (PRAGMA max_page_count = its current size)
    QSqlQuery pragma(f.session->database());
    QVERIFY(pragma.exec(QStringLiteral("PRAGMA page_count")) && pragma.next());
    const int pages = pragma.value(0).toInt();
    QVERIFY(pragma.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)) && pragma.next());
    QCOMPARE(pragma.value(0).toInt(), pages);
    pragma.finish();

    // When the session commits
    const bool committed = f.session->commit();

    // Then it fails with a plain sentence and the driver's "full"
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    QVERIFY2(error.driverMessage.contains(QLatin1String("full")), qPrintable(error.driverMessage));
    // (a full database is a Database failure: reconnecting would not help)
    QVERIFY2(error.kind == orm::Error::Kind::Database,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.message().left(200)));
    QVERIFY(!error.message().isEmpty());
    // And nothing is lost or written
    const QString memoryAfter = memoryOf(*f.session, records);
    QVERIFY2(memoryAfter == memoryBefore, qPrintable(firstDifference(memoryAfter, memoryBefore)));
    QCOMPARE(f.dump(), rowsBefore);

    // When there is room again and the same commit runs
    QVERIFY(pragma.exec(QStringLiteral("PRAGMA max_page_count = 1000000")) && pragma.next());
    pragma.finish();
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then everything staged is in the file, the long text in full
    work.verifyCommitted(f, lib);
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), work.review->id())
                 .toString()
                 .size(),
             256 * 1024);
}

// --- Missing and damaged files
// ---------------------------------------------------------------------

void TestSqliteFiles::shouldRefuseDamagedOrMissingFilesWithoutTouchingThem_data() {
    QTest::addColumn<Damage>("damage");
    QTest::newRow("a folder that does not exist") << Damage::MissingFolder;
    QTest::newRow("a missing file, opened for reading") << Damage::MissingFileReadOnly;
    QTest::newRow("a text file") << Damage::NotADatabase;
    QTest::newRow("an empty file") << Damage::Empty;
    QTest::newRow("truncated to half") << Damage::TruncatedToHalf;
    QTest::newRow("truncated to one page") << Damage::TruncatedToOnePage;
    QTest::newRow("header magic bit-flipped") << Damage::MagicFlipped;
    QTest::newRow("books root page type bit-flipped") << Damage::BooksRootPageFlipped;
    QTest::newRow("reviews root page type bit-flipped") << Damage::ReviewsRootPageFlipped;
}

void TestSqliteFiles::shouldRefuseDamagedOrMissingFilesWithoutTouchingThem() {
    QFETCH(Damage, damage);
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    QString path = dir.filePath(QStringLiteral("library.sqlite"));
    QString options;

    // Given a missing or damaged file
    QString error;
    QByteArray bytes;
    if (damage != Damage::MissingFolder && damage != Damage::MissingFileReadOnly) {
        QVERIFY2(writeLibraryFile(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes = file.readAll();
    }
    int pageSize = 0, rootPage = 0;
    switch (damage) {
    case Damage::MissingFolder:
        path = dir.filePath(QStringLiteral("no such folder/library.sqlite"));
        break;
    case Damage::MissingFileReadOnly:
        options = QStringLiteral("QSQLITE_OPEN_READONLY");
        break;
    case Damage::NotADatabase:
        QVERIFY(rewrite(path, QByteArray("Dear diary, today I wrote a library.\n").repeated(200)));
        break;
    case Damage::Empty:
        QVERIFY(rewrite(path, {}));
        break;
    case Damage::TruncatedToHalf:
        QVERIFY(rewrite(path, bytes.left(bytes.size() / 2)));
        break;
    case Damage::TruncatedToOnePage:
        QVERIFY(pageOf(path, QStringLiteral("books"), &pageSize, &rootPage));
        QVERIFY(rewrite(path, bytes.left(pageSize)));
        break;
    case Damage::MagicFlipped:
        bytes[3] = char(bytes.at(3) ^ 0x04); // "SQLite format 3" → "SQLlte…"
        QVERIFY(rewrite(path, bytes));
        break;
    case Damage::BooksRootPageFlipped:
    case Damage::ReviewsRootPageFlipped: {
        const QString table = damage == Damage::BooksRootPageFlipped ? QStringLiteral("books")
                                                                     : QStringLiteral("reviews");
        QVERIFY(pageOf(path, table, &pageSize, &rootPage));
        QVERIFY(rootPage > 1);
        const qsizetype offset = qsizetype(rootPage - 1) * pageSize; // the b-tree page type byte
        bytes[offset] = char(bytes.at(offset) ^ 0x20);
        QVERIFY(rewrite(path, bytes));
        break;
    }
    }
    const QString folder = QFileInfo(path).absolutePath();
    const QString filesBefore = folderFingerprint(dir.path());

    // When the app opens it and reads every table
    const Browse browse = openAndBrowse(path, options);

    // Then there is an error, each with a kind and a plain sentence
    QVERIFY2(!browse.errors.isEmpty(), "a damaged or missing file was read without an error");
    QVERIFY2(browse.allStructured, qPrintable(browse.errors.join(QLatin1Char('\n'))));
    qInfo("%s", qPrintable(browse.errors.first()));
    // And the session calls a file it cannot read a Database failure, not a lost connection
    const bool allDatabase =
        std::all_of(browse.kinds.cbegin(), browse.kinds.cend(),
                    [](const QString &kind) { return kind == str(orm::Error::Kind::Database); });
    QVERIFY2(allDatabase, qPrintable(browse.kinds.join(QLatin1Char(','))));
    // And nothing was created or modified
    QCOMPARE(folderFingerprint(dir.path()), filesBefore);
    if (damage == Damage::MissingFolder)
        QVERIFY(!QFileInfo::exists(folder));
}

void TestSqliteFiles::shouldSurviveRandomBitFlipsWithoutTouchingTheFile() {
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    const QString pristine = dir.filePath(QStringLiteral("pristine.sqlite"));
    QString error;
    QVERIFY2(writeLibraryFile(pristine, &error), qPrintable(error));
    QFile file(pristine);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    file.close();
    const quint32 seed = flipSeed();
    qInfo("flip seed %u (SHELF_FAULT_SEED=%u replays it), %d flips of one bit in %lld bytes", seed,
          seed, RandomFlips, qlonglong(bytes.size()));
    QRandomGenerator random(seed);

    int refused = 0;
    for (int trial = 0; trial < RandomFlips; ++trial) {
        // Given a library file with one random bit flipped (half of them in the first page, where
        // the header and the schema live)
        const qsizetype offset =
            trial % 2 == 0 ? random.bounded(4096) : random.bounded(int(bytes.size()));
        const int bit = random.bounded(8);
        QByteArray damaged = bytes;
        damaged[offset] = char(damaged.at(offset) ^ (1 << bit));
        const QString path = dir.filePath(QStringLiteral("flip%1.sqlite").arg(trial));
        QVERIFY(rewrite(path, damaged));
        const QString before = folderFingerprint(dir.path());

        // When the app opens it and reads every table
        const Browse browse = openAndBrowse(path);

        // Then it does not crash or hang, any failure is structured, and the file is untouched
        QVERIFY2(browse.allStructured, qPrintable(QStringLiteral("flip %1 (byte %2 bit %3): %4")
                                                      .arg(trial)
                                                      .arg(offset)
                                                      .arg(bit)
                                                      .arg(browse.errors.join(QLatin1Char('\n')))));
        QCOMPARE(folderFingerprint(dir.path()), before);
        refused += browse.errors.isEmpty() ? 0 : 1;
        QFile::remove(path);
    }
    qInfo("%d flips: %d refused with an error, %d read (a flipped bit in a value reads as another "
          "value)",
          RandomFlips, refused, RandomFlips - refused);
}

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(LockHolderVariable))
        return runLockHolder(qEnvironmentVariable(LockHolderVariable));
    TestSqliteFiles test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_faults_sqlitefiles.moc"
