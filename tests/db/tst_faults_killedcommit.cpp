// Issue 6, "killed mid-commit" (docs/contract.md §2 rule 8, §6): a commit interrupted at any moment
// leaves the database holding exactly the state before it or exactly the state after it.
//
// SQLite: this executable re-invokes itself as a child process (SHELF_FAULT_CHILD=<file>) that
// stages a large mixed change set over a seeded file and commits; the parent SIGKILLs it at a
// seeded statement of the commit and then checks `PRAGMA integrity_check` and compares the file
// row by row with the two reference states.
//
// PostgreSQL: the session's backend is terminated (pg_terminate_backend from the independent
// connection) at a seeded statement of the commit. The commit must fail as a connection error
// with every staged edit still in memory; after Session::reconnect() the same commit succeeds.
//
// Seeds are printed; SHELF_FAULT_SEED=<n> replays another run.

#include "faultchild.h"
#include "libraryfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <thread>

using namespace shelftest;

namespace {

constexpr quint32 DefaultTrialSeed = 20261123;
constexpr int SqliteTrials = 24;
constexpr int PostgresStatementTrials = 6; ///< terminated just before a seeded statement
constexpr int PostgresTimedTrials = 6;     ///< terminated from another thread at a seeded delay

const char ChildVariable[] = "SHELF_FAULT_CHILD";

/// How big the seeded library and the change set are.
struct Scale {
    int authors;        ///< seeded authors; every 10th is deleted by the change set
    int booksPerAuthor; ///< seeded and new books per author, each with two reviews
    int users;          ///< seeded users
    int newAuthors;     ///< authors the change set adds (with books and reviews)
    int newUsers;
};

// About 21,000 statements: ~12,600 inserts, ~6,500 updates, ~1,800 deletes.
constexpr Scale SqliteScale{500, 8, 400, 500, 100};
// About 2,600 statements: enough for a terminate in every phase of the flush, quick to re-seed.
constexpr Scale PostgresScale{60, 5, 50, 60, 20};

// --- The library and the change set ------------------------------------------------------------

/// Seeds "Author a" with "Book a-b", each reviewed twice ("Review a-b-r"), and "User u"; every
/// third book borrowed. Every text is unique, so rows can be compared without their keys.
bool seedBase(orm::Session &session, const Scale &scale, QString *error) {
    QList<std::shared_ptr<User>> users;
    for (int u = 1; u <= scale.users; ++u)
        users.append(User::create(QStringLiteral("User %1").arg(u)));
    RecordList records(users.cbegin(), users.cend());
    int serial = 0;
    for (int a = 1; a <= scale.authors; ++a) {
        auto author = Author::create(QStringLiteral("Author %1").arg(a));
        records.append(author);
        for (int b = 1; b <= scale.booksPerAuthor; ++b, ++serial) {
            auto book = Book::create(QStringLiteral("Book %1-%2").arg(a).arg(b), author);
            if (serial % 3 == 0)
                book->setBorrower(users.at(serial % users.size()));
            for (int r = 1; r <= 2; ++r)
                records.append(Review::create(
                    book, users.at((serial * 7 + r) % users.size()), (serial + r) % 5 + 1,
                    QStringLiteral("Review %1-%2-%3").arg(a).arg(b).arg(r)));
        }
    }
    session.addAll(records);
    if (!session.commit()) {
        *error = QStringLiteral("seeding failed: ") + session.lastError().fullText();
        return false;
    }
    session.expungeAll();
    return true;
}

template <class T>
QList<std::shared_ptr<T>> all(orm::Session &session) {
    QList<std::shared_ptr<T>> result;
    for (const RecordPtr &record : session.query(T::staticTable()))
        result.append(std::static_pointer_cast<T>(record));
    return result;
}

/// Stages the same mixed change set on every run over a seeded library: new users, authors, books
/// and reviews; renamed, re-rated, re-borrowed and moved rows; deleted reviews and deleted authors
/// (cascading to their books and those books' reviews). Returns every record it loaded or made.
bool stageChangeSet(orm::Session &session, const Scale &scale, RecordList *touched,
                    QString *error) {
    QRandomGenerator random(4711); // the change set itself never varies
    const auto users = all<User>(session);
    const auto authors = all<Author>(session);
    const auto books = all<Book>(session);
    const auto reviews = all<Review>(session);
    if (users.size() != scale.users || authors.size() != scale.authors ||
        books.size() != scale.authors * scale.booksPerAuthor) {
        *error =
            QStringLiteral("the seeded library is not complete: ") + session.lastError().fullText();
        return false;
    }
    QHash<qint64, std::shared_ptr<Author>> authorById;
    QHash<qint64, qint64> authorOfBook;
    for (const auto &author : authors)
        authorById.insert(idOf(author), author);
    for (const auto &book : books)
        authorOfBook.insert(idOf(book), book->value(Book::AuthorIdColumn).toLongLong());
    const auto removedAuthor = [](qint64 authorId) { return authorId % 10 == 0; };
    QList<std::shared_ptr<Author>> keptAuthors;
    for (const auto &author : authors)
        if (!removedAuthor(idOf(author)))
            keptAuthors.append(author);

    // Inserts
    QList<std::shared_ptr<User>> everyUser = users;
    RecordList added;
    for (int u = 1; u <= scale.newUsers; ++u) {
        everyUser.append(User::create(QStringLiteral("New user %1").arg(u)));
        added.append(everyUser.last());
    }
    for (int a = 1; a <= scale.newAuthors; ++a) {
        auto author = Author::create(QStringLiteral("New author %1").arg(a));
        added.append(author);
        for (int b = 1; b <= scale.booksPerAuthor; ++b) {
            auto book = Book::create(QStringLiteral("New book %1-%2").arg(a).arg(b), author);
            if (random.bounded(4) == 0)
                book->setBorrower(everyUser.at(random.bounded(int(everyUser.size()))));
            for (int r = 1; r <= 2; ++r)
                added.append(Review::create(
                    book, everyUser.at(random.bounded(int(everyUser.size()))), random.bounded(1, 6),
                    QStringLiteral("New review %1-%2-%3").arg(a).arg(b).arg(r)));
        }
    }
    session.addAll(added);

    // Updates (never on a row that the deletes below will take)
    bool ok = true;
    for (const auto &user : users)
        if (idOf(user) % 3 == 0)
            ok &= user->setName(user->name() + QStringLiteral(" (renamed)"));
    for (const auto &book : books) {
        const qint64 id = idOf(book);
        if (removedAuthor(authorOfBook.value(id)))
            continue;
        if (id % 2 == 0)
            ok &= book->setTitle(book->title() + QStringLiteral(" (2nd ed.)"));
        if (id % 5 == 0)
            ok &= book->setBorrower(
                id % 10 == 0 ? nullptr : everyUser.at(random.bounded(int(everyUser.size()))));
        if (id % 11 == 0)
            ok &= book->setAuthor(keptAuthors.at(random.bounded(int(keptAuthors.size()))));
    }
    RecordList removedReviews;
    for (const auto &review : reviews) {
        const qint64 id = idOf(review);
        if (removedAuthor(authorOfBook.value(review->value(Review::BookIdColumn).toLongLong())))
            continue;
        if (id % 2 == 0) {
            ok &= review->setRating(review->rating() % 5 + 1);
            ok &= review->setText(review->text() + QStringLiteral(" (edited)"));
        } else if (id % 7 == 1) {
            removedReviews.append(review);
        }
    }
    if (!ok) {
        *error = QStringLiteral("an edit was refused while staging");
        return false;
    }

    // Deletes
    RecordList removedAuthors;
    for (const auto &author : authors)
        if (removedAuthor(idOf(author)))
            removedAuthors.append(author);
    if (!session.removeAll(removedReviews) || !session.removeAll(removedAuthors)) {
        *error = QStringLiteral("staging deletes failed: ") + session.lastError().fullText();
        return false;
    }

    if (touched) {
        touched->clear();
        touched->append(RecordList(users.cbegin(), users.cend()));
        touched->append(RecordList(authors.cbegin(), authors.cend()));
        touched->append(RecordList(books.cbegin(), books.cend()));
        touched->append(RecordList(reviews.cbegin(), reviews.cend()));
        touched->append(added);
        // Books of new authors are added by cascade: collect them too.
        for (const RecordPtr &record : std::as_const(added))
            if (record->table().name() == QLatin1String("authors"))
                for (const RecordPtr &book :
                     record->children(*record->table().childRelationships().first()))
                    touched->append(book);
    }
    return true;
}

// --- Reading a database -------------------------------------------------------------------------

using TableDump = QMap<QString, QStringList>;

QString joined(const TableDump &dump) {
    QStringList lines;
    for (auto table = dump.cbegin(); table != dump.cend(); ++table)
        for (const QString &row : table.value())
            lines.append(table.key() + QLatin1Char(' ') + row);
    return lines.join(QLatin1Char('\n'));
}

QStringList renderRows(QSqlQuery &query, int columns) {
    QStringList rows;
    while (query.next()) {
        QStringList cells;
        for (int i = 0; i < columns; ++i)
            cells.append(render(query.value(i)));
        rows.append(cells.join(QLatin1Char('|')));
    }
    return rows;
}

/// Every row of every library table, all columns, ordered by key.
TableDump dumpByKey(const QSqlDatabase &db, QString *error) {
    TableDump result;
    for (const orm::Table *table : library::metadata().tables()) {
        QStringList columns;
        for (const orm::Column &column : table->columns())
            columns.append(column.name);
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY id")
                            .arg(columns.join(QStringLiteral(", ")), table->name()))) {
            *error = table->name() + QStringLiteral(": ") + query.lastError().text();
            return {};
        }
        result.insert(table->name(), renderRows(query, int(columns.size())));
    }
    return result;
}

/// Every row by content, keys replaced by the referenced row's unique text: PostgreSQL does not
/// give back identity values of a rolled-back transaction, so a retried commit gets other keys.
TableDump dumpByContent(const QSqlDatabase &db, QString *error) {
    const QList<QPair<QString, QString>> selects{
        {QStringLiteral("authors"), QStringLiteral("SELECT name FROM authors ORDER BY name")},
        {QStringLiteral("users"), QStringLiteral("SELECT name FROM users ORDER BY name")},
        {QStringLiteral("books"),
         QStringLiteral("SELECT b.title, a.name, u.name FROM books b JOIN authors a ON a.id = "
                        "b.author_id LEFT JOIN users u ON u.id = b.borrower_id ORDER BY b.title")},
        {QStringLiteral("reviews"),
         QStringLiteral("SELECT r.text, b.title, u.name, r.rating FROM reviews r JOIN books b ON "
                        "b.id = r.book_id JOIN users u ON u.id = r.user_id ORDER BY r.text")},
    };
    TableDump result;
    for (const auto &[table, sql] : selects) {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(sql)) {
            *error = table + QStringLiteral(": ") + query.lastError().text();
            return {};
        }
        result.insert(table, renderRows(query, int(sql.count(QLatin1Char(','))) + 1));
    }
    return result;
}

struct ChangeCount {
    int inserted = 0, updated = 0, deleted = 0;
};

/// How many rows differ between two dumps by key (the key is each row's first cell).
ChangeCount countChanges(const TableDump &before, const TableDump &after) {
    ChangeCount result;
    for (auto table = before.cbegin(); table != before.cend(); ++table) {
        QHash<QString, QString> old;
        for (const QString &row : table.value())
            old.insert(row.section(QLatin1Char('|'), 0, 0), row);
        for (const QString &row : after.value(table.key())) {
            const auto found = old.find(row.section(QLatin1Char('|'), 0, 0));
            if (found == old.end()) {
                ++result.inserted;
            } else {
                result.updated += found.value() == row ? 0 : 1;
                old.erase(found);
            }
        }
        result.deleted += int(old.size());
    }
    return result;
}

/// Opens an SQLite file on a connection of its own (rolling back a hot journal, as the next start
/// of the app would), runs the integrity check and dumps it.
TableDump inspectSqliteFile(const QString &path, QString *integrity, QString *error) {
    static int serial = 0;
    const QString name = QStringLiteral("faults_inspect_%1").arg(++serial);
    TableDump result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery check(db);
            QStringList lines;
            if (!check.exec(QStringLiteral("PRAGMA integrity_check")))
                lines.append(check.lastError().text());
            while (check.next())
                lines.append(check.value(0).toString());
            *integrity = lines.join(QLatin1Char('\n'));
            check.finish();
            result = dumpByKey(db, error);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

/// A connection of its own (in the calling thread) that can terminate another backend.
class Terminator {
public:
    Terminator()
        : m_name(QStringLiteral("faults_terminator_%1").arg(quintptr(this), 0, 16)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        shelftest::pointAtTestServer(db);
        db.open();
    }
    ~Terminator() {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    /// pg_terminate_backend(pid, timeout) returns once the backend is gone.
    bool terminate(qint64 pid) {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(QStringLiteral("SELECT pg_terminate_backend(%1, 10000)").arg(pid)) &&
               query.next() && query.value(0).toBool();
    }

private:
    QString m_name;
};

// --- The child process ---------------------------------------------------------------------------

/// The child role: stage the change set over the file and commit it. With SHELF_FAULT_SIGNAL_AT=k
/// it prints a line when the session is about to run its k-th statement of the commit (the
/// parent's cue to SIGKILL it) and carries on without waiting.
int runChild(const QString &path) {
    int status = 0;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("child"));
        db.setDatabaseName(path);
        if (!db.open()) {
            std::fprintf(stderr, "child: cannot open %s\n", qPrintable(path));
            return 2;
        }
        orm::Session session(db, library::metadata());
        QString error;
        if (!stageChangeSet(session, SqliteScale, nullptr, &error)) {
            std::fprintf(stderr, "child: %s\n", qPrintable(error));
            return 2;
        }
        FaultChildSignal signal;
        session.setStatementLog(
            [&](const QString &, const QVariantList &) { signal.beforeStatement(); });
        if (session.commit()) {
            // How long the last statement (COMMIT: journal, file, sync) took, for the kill delays
            signal.printDone("COMMITTED");
        } else {
            std::fprintf(stderr, "child: commit failed: %s\n",
                         qPrintable(session.lastError().fullText()));
            status = 3;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("child"));
    return status;
}

} // namespace

class TestKilledCommit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldLeaveSqliteFileBeforeOrAfterWhenKilledMidCommit();
    void shouldKeepStagedEditsWhenPostgresBackendIsTerminatedMidCommit();
};

void TestKilledCommit::shouldLeaveSqliteFileBeforeOrAfterWhenKilledMidCommit() {
    if (backend() != Backend::Sqlite)
        QSKIP("killing the process that writes a file is an SQLite fault; PostgreSQL's twin is "
              "shouldKeepStagedEditsWhenPostgresBackendIsTerminatedMidCommit");
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    const QString basePath = dir.filePath(QStringLiteral("base.sqlite"));

    // Given a seeded library file (the state before the commit)
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("base"));
        db.setDatabaseName(basePath);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        orm::Session session(db, library::metadata());
        QString error;
        QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
        QVERIFY2(seedBase(session, SqliteScale, &error), qPrintable(error));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("base"));
    QString integrity, error;
    const TableDump before = inspectSqliteFile(basePath, &integrity, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(integrity, QStringLiteral("ok"));

    // And the state after it: a child that is left to finish
    const QString afterPath = dir.filePath(QStringLiteral("after.sqlite"));
    QVERIFY(QFile::copy(basePath, afterPath));
    int statements = 0, commitMs = 0;
    {
        QProcess child;
        QVERIFY(startFaultChild(child, ChildVariable, afterPath, 0));
        QVERIFY2(child.waitForFinished(120000), "the reference child did not finish in 120 s");
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), 0);
        const QString output = QString::fromLocal8Bit(child.readAllStandardOutput());
        const FinishedChild committed = finishedChild(output, QStringLiteral("COMMITTED"));
        statements = committed.statements;
        commitMs = committed.lastStatementMs;
        QVERIFY2(statements > 0, qPrintable(output));
    }
    const TableDump after = inspectSqliteFile(afterPath, &integrity, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(integrity, QStringLiteral("ok"));
    // (the change set is large and mixed: tens of thousands of rows inserted, updated, deleted)
    const ChangeCount changed = countChanges(before, after);
    qInfo("the change set: %d rows inserted, %d updated, %d deleted", changed.inserted,
          changed.updated, changed.deleted);
    QVERIFY(changed.inserted > 10000 && changed.updated > 5000 && changed.deleted > 1000);
    QVERIFY(changed.inserted + changed.updated + changed.deleted > 20000);
    const QString beforeText = joined(before), afterText = joined(after);

    // The kill points: seeded statements of the commit, and seeded delays into the COMMIT itself
    // (where SQLite writes its journal and then the file), where a kill does the most harm. The
    // child's COMMIT time includes updating memory afterwards; the database's part is the first
    // quarter or so, which is where the delays fall.
    const quint32 seed = faultTrialSeed(DefaultTrialSeed);
    qInfo("trial seed %u (SHELF_FAULT_SEED=%u replays it); the commit runs %d statements, its "
          "COMMIT %d ms",
          seed, seed, statements, commitMs);
    QRandomGenerator random(seed);
    const QList<KillPoint> killPoints =
        seededKillPoints(random, SqliteTrials, statements, commitMs / 4 + 1);

    int keptBefore = 0, keptAfter = 0;
    for (int trial = 0; trial < killPoints.size(); ++trial) {
        const int killAt = killPoints.at(trial).statement;
        const int delayMs = killPoints.at(trial).delayMs;
        const QString path = dir.filePath(QStringLiteral("trial%1.sqlite").arg(trial));
        QVERIFY(QFile::copy(basePath, path));

        // When the child is SIGKILLed `delayMs` after it reached statement `killAt` of its commit
        QProcess child;
        QVERIFY(startFaultChild(child, ChildVariable, path, killAt));
        const QByteArray output = killWhenReady(child, delayMs);
        QVERIFY2(child.state() == QProcess::NotRunning, "the child did not die");
        QVERIFY2(output.contains(FaultReadyLine), output.constData());
        const bool finished = output.contains("COMMITTED");

        // Then the file is intact and holds exactly the state before or the state after
        const TableDump found = inspectSqliteFile(path, &integrity, &error);
        QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("trial %1: %2").arg(trial).arg(error)));
        QVERIFY2(integrity == QLatin1String("ok"),
                 qPrintable(QStringLiteral("trial %1 (kill at %2): integrity_check says %3")
                                .arg(trial)
                                .arg(killAt)
                                .arg(integrity)));
        const bool isBefore = found == before, isAfter = found == after;
        const QString foundText = joined(found);
        QVERIFY2(
            isBefore || isAfter,
            qPrintable(QStringLiteral("trial %1 (seed %2, kill %7 ms after statement %3 of "
                                      "%4): the file is neither state.\nversus before: %5\nversus "
                                      "after: %6")
                           .arg(trial)
                           .arg(seed)
                           .arg(killAt)
                           .arg(statements)
                           .arg(firstDifference(foundText, beforeText),
                                firstDifference(foundText, afterText))
                           .arg(delayMs)));
        // A child that printed COMMITTED had its commit acknowledged: that must have stuck
        if (finished)
            QVERIFY2(isAfter,
                     qPrintable(QStringLiteral("trial %1: committed, then lost").arg(trial)));
        (isBefore ? keptBefore : keptAfter)++;
        qInfo("trial %d: killed %d ms after statement %d of %d -> %s%s", trial, delayMs, killAt,
              statements, isBefore ? "before" : "after", finished ? " (had finished)" : "");
        QFile::remove(path);
    }
    qInfo("%lld trials: %d left the state before, %d the state after, 0 anything else",
          qlonglong(killPoints.size()), keptBefore, keptAfter);
}

void TestKilledCommit::shouldKeepStagedEditsWhenPostgresBackendIsTerminatedMidCommit() {
    if (backend() != Backend::Postgres)
        QSKIP("pg_terminate_backend is PostgreSQL's; SQLite's twin is "
              "shouldLeaveSqliteFileBeforeOrAfterWhenKilledMidCommit");

    // The reference states: the seeded library, and the change set committed undisturbed
    TableDump before, after;
    int statements = 0, commitMs = 0;
    {
        SHELF_OPEN_FIXTURE(f)
        QString error;
        QVERIFY2(seedBase(*f.session, PostgresScale, &error), qPrintable(error));
        before = dumpByContent(f.db.independent(), &error);
        QVERIFY2(stageChangeSet(*f.session, PostgresScale, nullptr, &error), qPrintable(error));
        const quint64 start = f.session->statementCount();
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        commitMs = int(timer.elapsed());
        statements = int(f.session->statementCount() - start);
        after = dumpByContent(f.db.independent(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(after != before);
    }
    const quint32 seed = faultTrialSeed(DefaultTrialSeed);
    qInfo("trial seed %u (SHELF_FAULT_SEED replays it); the commit runs %d statements in %d ms",
          seed, statements, commitMs);
    QRandomGenerator random(seed);
    // statement: terminate just before it; 0: from another thread, delayMs into commit()
    QList<KillPoint> killPoints{{1, 0}, {statements, 0}}; // at BEGIN, at COMMIT
    while (killPoints.size() < PostgresStatementTrials)
        killPoints.append({random.bounded(2, statements), 0});
    while (killPoints.size() < PostgresStatementTrials + PostgresTimedTrials)
        killPoints.append({0, random.bounded(0, commitMs + 1)});

    int ambiguous = 0;
    for (int trial = 0; trial < killPoints.size(); ++trial) {
        const int killAt = killPoints.at(trial).statement;
        const int delayMs = killPoints.at(trial).delayMs;
        SHELF_OPEN_FIXTURE(f)
        QString error;
        QVERIFY2(seedBase(*f.session, PostgresScale, &error), qPrintable(error));
        RecordList records;
        QVERIFY2(stageChangeSet(*f.session, PostgresScale, &records, &error), qPrintable(error));
        const QString memoryBefore = snapshotOf(*f.session, records);
        const qsizetype pendingBefore = f.session->pendingChanges().size();

        // Given the session's backend, and a connection that finds its test schema again when it
        // is reopened (the test server puts every test in a schema of its own)
        QSqlDatabase db = f.session->database();
        QSqlQuery pidQuery(db);
        QVERIFY(pidQuery.exec(QStringLiteral("SELECT pg_backend_pid()")) && pidQuery.next());
        const qint64 pid = pidQuery.value(0).toLongLong();
        pidQuery.finish();
        db.setConnectOptions(QStringLiteral("options=-csearch_path=%1").arg(f.db.schema()));

        // When the backend is terminated as the session is about to run statement `killAt`, or
        // from another thread `delayMs` into the commit (mid-statement, as a crash would)
        int count = 0;
        std::atomic<bool> terminated = false;
        std::mutex mutex;
        std::condition_variable returned;
        bool commitReturned = false;
        std::thread terminator;
        if (killAt > 0) {
            f.session->setStatementLog([&](const QString &, const QVariantList &) {
                if (++count == killAt)
                    terminated = Terminator().terminate(pid);
            });
        } else {
            std::promise<void> ready;
            terminator = std::thread([&] {
                Terminator connection;
                ready.set_value();
                std::unique_lock lock(mutex);
                if (!returned.wait_for(lock, std::chrono::milliseconds(delayMs),
                                       [&] { return commitReturned; }))
                    terminated = connection.terminate(pid);
            });
            ready.get_future().wait(); // its connection is open: the delay starts with the commit
        }
        const bool committed = f.session->commit();
        {
            const std::lock_guard lock(mutex);
            commitReturned = true;
        }
        returned.notify_all();
        if (terminator.joinable())
            terminator.join();
        f.session->setStatementLog({});

        if (killAt == 0 && (committed || !terminated)) {
            // The commit was done before the terminate came: the state after, all of it
            QVERIFY2(committed, qPrintable(f.session->lastError().fullText()));
            QVERIFY(!f.session->hasChanges());
            const TableDump done = dumpByContent(f.db.independent(), &error);
            QVERIFY2(done == after, qPrintable(firstDifference(joined(done), joined(after))));
            qInfo("trial %d: terminate %d ms into the commit came after it finished", trial,
                  delayMs);
            continue;
        }

        // Then the commit fails as a lost connection, with a sentence for the user
        QVERIFY2(terminated, "pg_terminate_backend failed");
        QVERIFY2(!committed, qPrintable(QStringLiteral("trial %1: commit succeeded after its "
                                                       "backend was terminated at statement %2")
                                            .arg(trial)
                                            .arg(killAt)));
        const orm::Error failure = f.session->lastError();
        QVERIFY2(failure.kind == orm::Error::Kind::Connection,
                 qPrintable(QStringLiteral("trial %1 (kill at %2): %3: %4")
                                .arg(trial)
                                .arg(killAt)
                                .arg(str(failure.kind), failure.fullText())));
        QVERIFY(!failure.message().isEmpty());
        // And every staged edit is still in memory, exactly as before commit()
        QVERIFY(f.session->hasChanges());
        const QString memoryAfter = snapshotOf(*f.session, records);
        QVERIFY2(memoryAfter == memoryBefore,
                 qPrintable(QStringLiteral("trial %1 (kill at %2): %3")
                                .arg(trial)
                                .arg(killAt)
                                .arg(firstDifference(memoryAfter, memoryBefore))));
        // And nothing of it reached the database — unless the terminate hit the COMMIT after the
        // server had committed but before the reply arrived, where no client can know the outcome
        const TableDump untouched = dumpByContent(f.db.independent(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        if (killAt == 0 && untouched == after) {
            ++ambiguous;
            qWarning("trial %d: terminated %d ms in, as the server committed: outcome unknown to "
                     "the session (it reports a lost connection; the data is all there)",
                     trial, delayMs);
            continue;
        }
        QVERIFY2(untouched == before,
                 qPrintable(firstDifference(joined(untouched), joined(before))));

        // When the session reconnects and commits the same changes again
        QVERIFY2(f.session->reconnect(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.session->pendingChanges().size(), pendingBefore);
        const bool retried = f.session->commit();

        // Then it succeeds and the database holds the state after, row by row
        QVERIFY2(retried, qPrintable(QStringLiteral("trial %1 (kill at %2): retry failed: %3")
                                         .arg(trial)
                                         .arg(killAt)
                                         .arg(f.session->lastError().fullText())));
        QVERIFY(!f.session->hasChanges());
        const TableDump done = dumpByContent(f.db.independent(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(done == after, qPrintable(firstDifference(joined(done), joined(after))));
        // And every record in memory now matches its row under its (new) key
        for (const RecordPtr &record : std::as_const(records)) {
            const QString table = record->table().name();
            if (f.session->state(record) != ObjectState::Persistent) {
                QCOMPARE(str(f.session->state(record)), str(ObjectState::Detached));
                continue;
            }
            QStringList columns, expected;
            for (int column = 0; column < record->table().columnCount(); ++column) {
                columns.append(record->table().column(column).name);
                expected.append(render(record->value(column)));
            }
            const QList<QVariantList> rows =
                f.db.rows(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?")
                              .arg(columns.join(QLatin1Char(',')), table),
                          {record->id()});
            QCOMPARE(rows.size(), 1);
            QStringList actual;
            for (const QVariant &value : rows.first())
                actual.append(render(value));
            QCOMPARE(actual, expected);
        }
        qInfo(
            "trial %d: backend terminated %s -> connection error, %lld staged changes kept, "
            "retry committed",
            trial,
            qPrintable(killAt > 0
                           ? QStringLiteral("before statement %1 of %2").arg(killAt).arg(statements)
                           : QStringLiteral("%1 ms into the commit").arg(delayMs)),
            qlonglong(pendingBefore));
    }
    qInfo("%lld trials, %d with an outcome the session could not know",
          qlonglong(killPoints.size()), ambiguous);
}

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(ChildVariable))
        return runChild(qEnvironmentVariable(ChildVariable));
    TestKilledCommit test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_faults_killedcommit.moc"
