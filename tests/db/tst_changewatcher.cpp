// Issue 6 "Other users", external changes: orm::ChangeWatcher notices commits by other
// connections (SQLite: PRAGMA data_version; PostgreSQL: LISTEN/NOTIFY through createAll()'s
// triggers, or polling without them) and never the session's own commits.

#include "libraryfixture.h"

#include "orm/changewatcher.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;
using orm::ChangeWatcher;

class TestChangeWatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldWatchWithTheBackendsCheapestMethod();
    void shouldNoticeAnotherConnectionsCommit();
    void shouldNotNoticeOwnCommits();
    void shouldNotNoticeUncommittedWork();
    void shouldWatchByPollingWithoutTheTriggers();
    void shouldKeepWatchingAfterTheSessionReconnects();
    void shouldKeepWatchingAfterTheTablesAreCreatedAgain();

private:
    /// Waits until a commit of the session itself has reached this process as a notification
    /// (PostgreSQL; the watcher, connected first, has seen it by then). SQLite: checks once.
    bool settleOwnCommit(LibraryFixture &f, ChangeWatcher &watcher, int *selfNotifications);
};

void TestChangeWatcher::shouldWatchWithTheBackendsCheapestMethod() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    ChangeWatcher watcher(f.session.get());
    QCOMPARE(ChangeWatcher::methodName(watcher.method()),
             ChangeWatcher::methodName(backend() == Backend::Sqlite
                                           ? ChangeWatcher::Method::SqliteDataVersion
                                           : ChangeWatcher::Method::PostgresNotify));
    QVERIFY(!watcher.hasExternalChanges());
}

void TestChangeWatcher::shouldNoticeAnotherConnectionsCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    ChangeWatcher watcher(f.session.get());
    watcher.setInterval(20);
    int notices = 0;
    connect(&watcher, &ChangeWatcher::externalChange, this, [&notices] { ++notices; });

    // When another connection renames Stephen King
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = 'S. King' WHERE id = ?"),
                      {lib.king->id()}));

    // Then the watcher notices, once
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasExternalChanges(), 10000);
    QCOMPARE(notices, 1);
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = 'Stephen King' WHERE id = ?"),
                      {lib.king->id()}));
    QCOMPARE(notices, 1);

    // And after the user refreshed, the next commit by someone else is news again
    watcher.acknowledge();
    QVERIFY(!watcher.hasExternalChanges());
    QVERIFY(
        f.db.exec(QStringLiteral("DELETE FROM reviews WHERE id = ?"), {lib.andromedaByAndy->id()}));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasExternalChanges(), 10000);
    QCOMPARE(notices, 2);
}

bool TestChangeWatcher::settleOwnCommit(LibraryFixture &f, ChangeWatcher &watcher,
                                        int *selfNotifications) {
    if (backend() == Backend::Sqlite) {
        watcher.check();
        return true;
    }
    const int before = *selfNotifications;
    QSqlQuery ping(f.session->database());
    ping.exec(QStringLiteral("SELECT 1"));
    return QTest::qWaitFor([&] { return *selfNotifications > before; }, 10000);
}

void TestChangeWatcher::shouldNotNoticeOwnCommits() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    ChangeWatcher watcher(f.session.get());
    int selfNotifications = 0;
    if (backend() == Backend::Postgres)
        connect(f.session->database().driver(), &QSqlDriver::notification, this,
                [&selfNotifications](const QString &, QSqlDriver::NotificationSource source,
                                     const QVariant &) {
                    if (source == QSqlDriver::SelfSource)
                        ++selfNotifications;
                });

    // When the session commits an update, an insert and a delete of its own
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(settleOwnCommit(f, watcher, &selfNotifications));
    f.session->add(Author::create(QStringLiteral("Frank Herbert")));
    QVERIFY(f.session->remove(lib.itByAndy));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(settleOwnCommit(f, watcher, &selfNotifications));

    // Then the watcher has nothing to report (the notifications it got were its own session's)
    QVERIFY(!watcher.hasExternalChanges());

    // But another connection's commit right after is noticed
    QVERIFY(
        f.db.exec(QStringLiteral("UPDATE books SET title = 'IT' WHERE id = ?"), {lib.it->id()}));
    watcher.setInterval(20);
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasExternalChanges(), 10000);
}

void TestChangeWatcher::shouldNotNoticeUncommittedWork() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    ChangeWatcher watcher(f.session.get());
    // Given another connection inside a transaction that renames Stephen King
    QSqlDatabase other = f.db.independent();
    QVERIFY(other.transaction());
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = 'S. King' WHERE id = ?"),
                      {lib.king->id()}));
    // Then nothing is news while it is uncommitted (PostgreSQL delivers at commit)
    watcher.check();
    QCoreApplication::processEvents();
    QVERIFY(!watcher.hasExternalChanges());
    // And its commit is
    QVERIFY(other.commit());
    watcher.setInterval(20);
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasExternalChanges(), 10000);
}

void TestChangeWatcher::shouldWatchByPollingWithoutTheTriggers() {
    if (backend() != Backend::Postgres)
        QSKIP("polling without triggers is PostgreSQL's fallback");
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a database whose tables have no notify triggers (made by an older Shelf)
    for (const orm::Table *table : library::metadata().tables())
        QVERIFY(
            f.db.exec(QStringLiteral("DROP TRIGGER shelf_notify_change ON %1").arg(table->name())));
    ChangeWatcher watcher(f.session.get());
    QCOMPARE(ChangeWatcher::methodName(watcher.method()),
             ChangeWatcher::methodName(ChangeWatcher::Method::PostgresPolling));

    // When the session commits its own work, then polling finds nothing new
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(f.session->remove(lib.itByAndy));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    watcher.check();
    QVERIFY(!watcher.hasExternalChanges());

    // When another connection updates, inserts or deletes, then the next poll finds it
    const QStringList statements{
        QStringLiteral("UPDATE books SET title = 'IT' WHERE id = %1").arg(idOf(lib.it)),
        QStringLiteral("INSERT INTO users (name) VALUES ('Dee')"),
        QStringLiteral("DELETE FROM reviews WHERE id = %1").arg(idOf(lib.andromedaByAndy))};
    for (const QString &sql : statements) {
        QVERIFY(f.db.exec(sql));
        watcher.check();
        QVERIFY2(watcher.hasExternalChanges(), qPrintable(sql));
        watcher.acknowledge();
        watcher.check();
        QVERIFY(!watcher.hasExternalChanges());
    }
}

void TestChangeWatcher::shouldKeepWatchingAfterTheSessionReconnects() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    ChangeWatcher watcher(f.session.get());
    watcher.setInterval(20);
    // Given a session whose connection was reopened (PostgreSQL: its LISTEN went with it)
    QVERIFY2(f.session->reconnect(), qPrintable(f.session->lastError().fullText()));
    if (backend() == Backend::Postgres) {
        QSqlQuery path(f.session->database());
        QVERIFY(path.exec(QStringLiteral("SET search_path TO %1").arg(f.db.schema())));
    }
    watcher.check(); // finds the new connection (SQLite: may take it as news once)
    watcher.acknowledge();
    QVERIFY(!watcher.hasExternalChanges());
    if (backend() == Backend::Postgres)
        QVERIFY(f.session->database().driver()->subscribedToNotifications().contains(
            QStringLiteral("shelf_changes")));

    // When another connection commits, then the watcher still notices
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = 'S. King' WHERE id = ?"),
                      {lib.king->id()}));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasExternalChanges(), 10000);
}

void TestChangeWatcher::shouldKeepWatchingAfterTheTablesAreCreatedAgain() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    ChangeWatcher watcher(f.session.get());
    watcher.setInterval(20);
    // Given tables dropped and created again by the session (Seed database does this)
    QVERIFY2(f.session->dropAll(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.session->createAll(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(ChangeWatcher::methodName(watcher.method()),
             ChangeWatcher::methodName(backend() == Backend::Sqlite
                                           ? ChangeWatcher::Method::SqliteDataVersion
                                           : ChangeWatcher::Method::PostgresNotify));
    watcher.check();
    QVERIFY(!watcher.hasExternalChanges());

    // When another connection adds an author to the new tables, then the watcher notices
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO authors (name) VALUES ('Ursula')")));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasExternalChanges(), 10000);
}

QTEST_GUILESS_MAIN(TestChangeWatcher)
#include "tst_changewatcher.moc"
