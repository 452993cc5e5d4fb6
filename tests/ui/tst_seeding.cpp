// The large synthetic seed behind "Seed large library…": progress, cancel, and what stays.

#include "app/seeding.h"
#include "testdatabase.h"

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
        QCOMPARE(app::seeding::seedLarge(&parent, session, 30, 2, &error),
                 app::seeding::Outcome::Done);
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
        QCOMPARE(app::seeding::seedLarge(&parent, session, 2500, 1, &error),
                 app::seeding::Outcome::Cancelled);
        const int authors = db.scalar(QStringLiteral("SELECT count(*) FROM authors")).toInt();
        QVERIFY2(authors > 0 && authors < 2500, qPrintable(QString::number(authors)));
    }
};

QTEST_MAIN(tst_Seeding)
#include "tst_seeding.moc"
