// Issue 15, "killed mid-upgrade": an upgrade interrupted at any moment leaves the library either
// at the old revision, intact and byte-identical, or at the new revision, complete — never in
// between.
//
// SQLite: this executable re-invokes itself as a child process (SHELF_UPGRADE_CHILD=<file>) that
// upgrades a revision-1 library of 20,000 books; the parent SIGKILLs it at a seeded statement of
// the upgrade (half of the trials) or a seeded delay into its COMMIT (the other half), then opens
// the file (rolling back a hot journal, as the next start of Shelf would), runs integrity_check
// and compares it with the two reference states.
//
// PostgreSQL: the upgrading connection's backend is terminated (pg_terminate_backend from another
// connection) just before a seeded statement; the library must still be revision 1 with every row.
//
// Seeds are printed; SHELF_FAULT_SEED=<n> replays another run.

#include "faultchild.h"
#include "revision1.h"

#include "library/upgrader.h"
#include "orm/reflect.h"
#include "orm/schemadiff.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <cstdio>

using namespace shelftest;

namespace {

constexpr quint32 DefaultTrialSeed = 20261203;
constexpr int SqliteTrials = 24;
constexpr int PostgresTrials = 8;
constexpr int Books = 20000;

const char ChildVariable[] = "SHELF_UPGRADE_CHILD";

/// A revision-1 library: 400 authors, 20,000 books (every third borrowed), 100 users, a review on
/// every tenth book.
bool seedRevision1(const QSqlDatabase &database, QString *error) {
    if (!makeRevision1(database, error))
        return false;
    QSqlQuery query(database);
    const QStringList statements{
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                       "400) INSERT INTO authors (id, name) SELECT i, 'Author ' || i FROM n"),
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                       "100) INSERT INTO users (id, name) SELECT i, 'User ' || i FROM n"),
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                       "%1) INSERT INTO books (id, title, author_id, borrower_id) SELECT i, "
                       "'Book ' || i, i %% 400 + 1, CASE WHEN i %% 3 = 0 THEN i %% 100 + 1 END "
                       "FROM n")
            .arg(Books),
        QStringLiteral("INSERT INTO reviews (book_id, user_id, rating, text) SELECT id, id %% 100 "
                       "+ 1, id %% 5 + 1, 'Review of ' || title FROM books WHERE id %% 10 = 0")};
    for (const QString &sql : statements) {
        QString text = sql;
        text.replace(QStringLiteral("%%"), QStringLiteral("%"));
        if (!query.exec(text)) {
            *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

/// Every row in revision 1's columns, as text.
QString dumpRows(const QSqlDatabase &database) {
    QStringList lines;
    for (const char *sql :
         {"SELECT id, name FROM authors ORDER BY id", "SELECT id, name FROM users ORDER BY id",
          "SELECT id, title, author_id, borrower_id FROM books ORDER BY id",
          "SELECT id, book_id, user_id, rating, text FROM reviews ORDER BY id"}) {
        QSqlQuery query(database);
        query.setForwardOnly(true);
        if (!query.exec(QLatin1String(sql)))
            return query.lastError().text();
        while (query.next()) {
            QStringList cells;
            for (int i = 0; i < query.record().count(); ++i)
                cells << (query.value(i).isNull() ? QStringLiteral("NULL")
                                                  : query.value(i).toString());
            lines << cells.join(QLatin1Char('|'));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

struct Inspection {
    QString integrity;
    int revision = -1;
    bool schemaComplete = false; ///< reflected schema == the revision's schema
    QString rows;
    QString error;
};

Inspection inspect(const QSqlDatabase &database) {
    Inspection result;
    QSqlQuery check(database);
    if (check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next())
        result.integrity = check.value(0).toString();
    check.finish();
    const orm::Reflection reflection = orm::reflect(database);
    if (!reflection) {
        result.error = reflection.error;
        return result;
    }
    result.revision = library::schemaRevision(database, *reflection.metadata);
    result.schemaComplete =
        result.revision > 0 &&
        orm::SchemaDiff::compare(library::schemaAt(result.revision),
                                 library::reflectedSchema(database, *reflection.metadata))
            .isEmpty();
    result.rows = dumpRows(database);
    return result;
}

Inspection inspectFile(const QString &path) {
    static int serial = 0;
    const QString name = QStringLiteral("upgrade_inspect_%1").arg(++serial);
    Inspection result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open())
            result = inspect(db);
        else
            result.error = db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QByteArray bytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The child: upgrade the file; with SHELF_FAULT_SIGNAL_AT=k print a line just before the k-th
/// statement (the parent's cue to SIGKILL it) and carry on without waiting.
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
        library::Upgrader upgrader(db);
        if (!upgrader.inspect()) {
            std::fprintf(stderr, "child: %s\n", qPrintable(upgrader.errorString()));
            return 2;
        }
        FaultChildSignal signal;
        upgrader.setStatementLog([&](const QString &) { signal.beforeStatement(); });
        if (upgrader.upgrade()) {
            signal.printDone("UPGRADED");
        } else {
            std::fprintf(stderr, "child: %s\n", qPrintable(upgrader.errorString()));
            status = 3;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("child"));
    return status;
}

} // namespace

class TestKilledUpgrade : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sqliteFileIsOldOrNewWhenKilledMidUpgrade();
    void postgresLibraryIsUnchangedWhenTerminatedMidUpgrade();
};

void TestKilledUpgrade::sqliteFileIsOldOrNewWhenKilledMidUpgrade() {
    if (backend() != Backend::Sqlite)
        QSKIP("killing the process that writes a file is an SQLite fault; PostgreSQL's twin is "
              "postgresLibraryIsUnchangedWhenTerminatedMidUpgrade");
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    const QString basePath = dir.filePath(QStringLiteral("base.sqlite"));
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("base"));
        db.setDatabaseName(basePath);
        QVERIFY(db.open());
        QString error;
        QVERIFY2(seedRevision1(db, &error), qPrintable(error));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("base"));
    const QByteArray baseBytes = bytes(basePath);
    const Inspection before = inspectFile(basePath);
    QCOMPARE(before.integrity, QStringLiteral("ok"));
    QCOMPARE(before.revision, 1);
    QVERIFY(before.schemaComplete);

    // The state after: a child left to finish
    const QString afterPath = dir.filePath(QStringLiteral("after.sqlite"));
    QVERIFY(QFile::copy(basePath, afterPath));
    int statements = 0, commitMs = 0;
    {
        QProcess child;
        QVERIFY(startFaultChild(child, ChildVariable, afterPath, 0));
        QVERIFY2(child.waitForFinished(120000), "the reference child did not finish in 120 s");
        QCOMPARE(child.exitCode(), 0);
        const QString output = QString::fromLocal8Bit(child.readAllStandardOutput());
        const FinishedChild upgraded = finishedChild(output, QStringLiteral("UPGRADED"));
        statements = upgraded.statements;
        commitMs = upgraded.lastStatementMs;
        QVERIFY2(statements > 5, qPrintable(output));
    }
    const Inspection after = inspectFile(afterPath);
    QCOMPARE(after.integrity, QStringLiteral("ok"));
    QCOMPARE(after.revision, library::currentRevision());
    QVERIFY(after.schemaComplete);
    QCOMPARE(after.rows, before.rows);

    const quint32 seed = faultTrialSeed(DefaultTrialSeed);
    qInfo("trial seed %u (SHELF_FAULT_SEED=%u replays it); the upgrade runs %d statements, its "
          "COMMIT %d ms",
          seed, seed, statements, commitMs);
    QRandomGenerator random(seed);
    const QList<KillPoint> killPoints =
        seededKillPoints(random, SqliteTrials, statements, commitMs * 2 + 1);

    int keptOld = 0, keptNew = 0;
    for (int trial = 0; trial < killPoints.size(); ++trial) {
        const KillPoint point = killPoints.at(trial);
        const QString path = dir.filePath(QStringLiteral("trial%1.sqlite").arg(trial));
        QVERIFY(QFile::copy(basePath, path));

        // When the child is SIGKILLed `delayMs` after it reached statement `statement`
        QProcess child;
        QVERIFY(startFaultChild(child, ChildVariable, path, point.statement));
        const QByteArray output = killWhenReady(child, point.delayMs);
        QVERIFY2(child.state() == QProcess::NotRunning, "the child did not die");
        QVERIFY2(output.contains(FaultReadyLine), output.constData());
        const bool finished = output.contains("UPGRADED");

        // Then the file is intact, and either the old library byte for byte or the new complete
        const Inspection found = inspectFile(path);
        const QString where = QStringLiteral("trial %1 (seed %2, killed %3 ms after statement %4 "
                                             "of %5)")
                                  .arg(trial)
                                  .arg(seed)
                                  .arg(point.delayMs)
                                  .arg(point.statement)
                                  .arg(statements);
        QVERIFY2(found.error.isEmpty(), qPrintable(where + QStringLiteral(": ") + found.error));
        QVERIFY2(found.integrity == QLatin1String("ok"),
                 qPrintable(where + QStringLiteral(": integrity_check says ") + found.integrity));
        QVERIFY2(found.revision == 1 || found.revision == library::currentRevision(),
                 qPrintable(where + QStringLiteral(": revision %1").arg(found.revision)));
        QVERIFY2(found.schemaComplete, qPrintable(where + QStringLiteral(": the schema is not "
                                                                         "its revision's")));
        QVERIFY2(found.rows == before.rows, qPrintable(where + QStringLiteral(": rows differ")));
        if (found.revision == 1) {
            QVERIFY2(!finished, qPrintable(where + QStringLiteral(": upgraded, then lost")));
            QVERIFY2(bytes(path) == baseBytes,
                     qPrintable(where + QStringLiteral(": the old file is not byte-identical")));
            ++keptOld;
        } else {
            ++keptNew;
        }
        qInfo("trial %d: killed %d ms after statement %d of %d -> revision %d%s", trial,
              point.delayMs, point.statement, statements, found.revision,
              finished ? " (had finished)" : "");
        QFile::remove(path);
    }
    qInfo("%lld trials: %d left revision 1 byte-identical, %d revision %d complete, 0 anything "
          "else",
          qlonglong(killPoints.size()), keptOld, keptNew, library::currentRevision());
}

void TestKilledUpgrade::postgresLibraryIsUnchangedWhenTerminatedMidUpgrade() {
    if (backend() != Backend::Postgres)
        QSKIP("terminating the server's backend is a PostgreSQL fault");
    const quint32 seed = faultTrialSeed(DefaultTrialSeed);
    QRandomGenerator random(seed);
    int statements = 0;
    {
        // How many statements an upgrade runs (on a library of its own)
        TestDatabase probe;
        QVERIFY2(probe.open(), qPrintable(probe.errorString()));
        QString error;
        QVERIFY2(makeRevision1(probe.connection(), &error), qPrintable(error));
        library::Upgrader upgrader(probe.connection());
        QVERIFY(upgrader.inspect());
        upgrader.setStatementLog([&](const QString &) { ++statements; });
        QVERIFY2(upgrader.upgrade(), qPrintable(upgrader.errorString()));
    }
    qInfo("trial seed %u; the upgrade runs %d statements", seed, statements);
    for (int trial = 0; trial < PostgresTrials; ++trial) {
        TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        QString error;
        QVERIFY2(seedRevision1(db.connection(), &error), qPrintable(error));
        const QString rows = dumpRows(db.independent());
        QSqlQuery pid(db.connection());
        QVERIFY(pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next());
        const qint64 backendPid = pid.value(0).toLongLong();
        pid.finish();

        // When the backend is terminated just before a seeded statement
        const int killAt = random.bounded(1, statements + 1);
        library::Upgrader upgrader(db.connection());
        QVERIFY(upgrader.inspect());
        int count = 0;
        upgrader.setStatementLog([&](const QString &) {
            if (++count == killAt) {
                QSqlQuery kill(db.independent());
                kill.exec(QStringLiteral("SELECT pg_terminate_backend(%1, 10000)").arg(backendPid));
            }
        });
        QVERIFY2(!upgrader.upgrade(), qPrintable(QStringLiteral("trial %1: the upgrade succeeded "
                                                                "on a dead connection")
                                                     .arg(trial)));

        // Then another connection finds revision 1, complete, with every row
        const Inspection found = inspect(db.newConnection());
        QVERIFY2(found.error.isEmpty(), qPrintable(found.error));
        QCOMPARE(found.revision, 1);
        QVERIFY(found.schemaComplete);
        QCOMPARE(found.rows, rows);
        qInfo("trial %d: terminated before statement %d of %d -> revision 1, unchanged", trial,
              killAt, statements);
    }
}

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(ChildVariable))
        return runChild(qEnvironmentVariable(ChildVariable));
    TestKilledUpgrade test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_faults_killedupgrade.moc"
