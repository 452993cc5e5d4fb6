// The large synthetic seed behind "Seed large library…": progress, cancel, and what stays.

#include "testdatabase.h"
#include "ui/databasetarget.h"
#include "ui/seeding.h"

#include "library/library.h"

#include <QProgressDialog>
#include <QTest>
#include <QTimer>
#include <QWidget>

class tst_Seeding : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shouldSeedWithProgress() {
        shelftest::TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        orm::Session session(db.connectionName(), library::metadata());
        QWidget parent;
        QString error;
        QCOMPARE(ui::seeding::seedLarge(&parent, session, 30, 2, &error),
                 ui::seeding::Outcome::Done);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM authors")).toInt(), 30);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM books")).toInt(), 60);
    }

    void shouldStopWhenCancelledKeepingWhatWasCommitted() {
        shelftest::TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        orm::Session session(db.connectionName(), library::metadata());
        QWidget parent;
        // The user presses Cancel as soon as the dialog runs its event loop
        QTimer::singleShot(0, &parent, [&parent] {
            if (auto *progress = parent.findChild<QProgressDialog *>())
                progress->cancel();
        });
        QString error;
        QCOMPARE(ui::seeding::seedLarge(&parent, session, 2500, 1, &error),
                 ui::seeding::Outcome::Cancelled);
        const int authors = db.scalar(QStringLiteral("SELECT count(*) FROM authors")).toInt();
        QVERIFY2(authors > 0 && authors < 2500, qPrintable(QString::number(authors)));
    }

    void shouldParseDatabaseTargets() {
        const ui::DatabaseTarget pg = ui::DatabaseTarget::fromString(
            QStringLiteral("postgresql://ann:secret@db.local:6543/shelf"));
        QCOMPARE(pg.kind, ui::DatabaseTarget::Kind::Postgres);
        QCOMPARE(pg.host, QStringLiteral("db.local"));
        QCOMPARE(pg.port, 6543);
        QCOMPARE(pg.user, QStringLiteral("ann"));
        QCOMPARE(pg.database, QStringLiteral("shelf"));
        QCOMPARE(pg.password, QStringLiteral("secret"));
        // What is remembered never contains the password
        QVERIFY(!pg.toString().contains(QStringLiteral("secret")));
        QCOMPARE(ui::DatabaseTarget::fromString(pg.toString()).host, QStringLiteral("db.local"));
        const ui::DatabaseTarget file =
            ui::DatabaseTarget::fromString(QStringLiteral("/tmp/a.sqlite"));
        QCOMPARE(file.kind, ui::DatabaseTarget::Kind::Sqlite);
        QCOMPARE(file.displayName(), QStringLiteral("a.sqlite"));
    }
};

QTEST_MAIN(tst_Seeding)
#include "tst_seeding.moc"
