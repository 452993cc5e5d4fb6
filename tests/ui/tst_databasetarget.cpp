// Where a database lives, what is remembered about it (never the password), and the window state
// that persists between runs.

#include "uitesthelpers.h"

#include "app/recentdatabases.h"
#include "ui/connectdialog.h"
#include "ui/tablebrowser.h"

#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTest>

class tst_DatabaseTarget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QSettings().clear(); }

    void shouldParsePostgresUrls() {
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
        // Defaults: port 5432, database named after the user
        const ui::DatabaseTarget bare =
            ui::DatabaseTarget::fromString(QStringLiteral("postgresql://bob@localhost"));
        QCOMPARE(bare.port, 5432);
        QCOMPARE(bare.database, QStringLiteral("bob"));
    }

    void shouldTreatAnythingElseAsAFile() {
        const ui::DatabaseTarget file =
            ui::DatabaseTarget::fromString(QStringLiteral("/tmp/a.sqlite"));
        QCOMPARE(file.kind, ui::DatabaseTarget::Kind::Sqlite);
        QCOMPARE(file.displayName(), QStringLiteral("a.sqlite"));
        QVERIFY(!ui::DatabaseTarget::fromString(QString()).isValid());
    }

    void shouldRememberRecentDatabasesWithoutPasswords() {
        app::recentdatabases::add(ui::DatabaseTarget::sqlite(QStringLiteral("/tmp/one.sqlite")));
        app::recentdatabases::add(ui::DatabaseTarget::fromString(
            QStringLiteral("postgresql://ann:secret@db.local:6543/shelf")));
        app::recentdatabases::add(ui::DatabaseTarget::sqlite(QStringLiteral("/tmp/one.sqlite")));
        const QList<ui::DatabaseTarget> recent = app::recentdatabases::load();
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent.first().path, QStringLiteral("/tmp/one.sqlite")); // newest first
        QCOMPARE(recent.last().password, QString());
        QVERIFY(!QSettings()
                     .value(QStringLiteral("recentDatabases"))
                     .toStringList()
                     .join(' ')
                     .contains(QStringLiteral("secret")));
    }

    void shouldRestoreTheSplitterAfterClosing() {
        QByteArray saved;
        {
            uitest::SeededWindow seeded;
            QVERIFY(seeded.open());
            QSplitter *splitter = seeded.window->browser()->splitter();
            splitter->setSizes({300, 300});
            saved = splitter->saveState();
            QVERIFY(seeded.window->close());
        }
        uitest::SeededWindow again;
        QVERIFY(again.open());
        QCOMPARE(again.window->browser()->splitter()->saveState(), saved);
        // And the database just opened is the first recent one
        QCOMPARE(app::recentdatabases::load().first().path, again.database.sqlitePath());
    }

    void shouldRestoreTheWindowGeometryAfterClosing() {
        // Given a window the user moved and resized (inside the offscreen screen), then closed
        QRect saved;
        {
            uitest::SeededWindow seeded;
            QVERIFY(seeded.open());
            seeded.window->setGeometry(QRect(40, 50, 700, 480));
            QTRY_COMPARE(seeded.window->geometry().size(), QSize(700, 480));
            saved = seeded.window->geometry();
            QVERIFY(seeded.window->close());
        }
        // When the window is made again (its own default size is 1280 x 800)
        app::MainWindow again;
        // Then it has the size and place it was closed with
        QCOMPARE(again.size(), saved.size());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QTRY_COMPARE(again.geometry(), saved);
    }

    void shouldGiveTheConnectDialogsFieldsRoomForTheirText() {
        ui::ConnectDialog dialog;
        dialog.setTarget(ui::DatabaseTarget::fromString(QStringLiteral(
            "postgresql://library_admin@db-primary.example.org:5432/shelf_library")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        for (const char *name : {"hostEdit", "databaseEdit", "userEdit", "passwordEdit"}) {
            auto *field = dialog.findChild<QLineEdit *>(QLatin1String(name));
            QVERIFY(field);
            // Room for the host name above, and more than the 3 cm of a bare QLineEdit
            const int needed =
                field->fontMetrics().horizontalAdvance(QStringLiteral("db-primary.example.org"));
            QVERIFY2(field->width() > needed + 20,
                     qPrintable(QStringLiteral("%1 is %2 px wide, needs %3")
                                    .arg(QLatin1String(name))
                                    .arg(field->width())
                                    .arg(needed)));
        }
        dialog.setError(QStringLiteral("could not connect to server: Connection refused"));
        QVERIFY(!uitest::saveScreenshot(&dialog, QStringLiteral("connect-dialog")).isEmpty());
    }

    void shouldFillTheConnectDialogFromAUrlPastedIntoTheHost() {
        // Given the dialog as it opens
        ui::ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *host = dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"));
        QVERIFY(host);
        // When a connection URL, as services and documentation hand them out, is pasted into the
        // host field
        host->setFocus();
        host->selectAll();
        QTest::keyClicks(host,
                         QStringLiteral("postgresql://grace:s3cret@db.example.org:6543/pagila"));
        QTest::keyClick(host, Qt::Key_Tab);
        // Then every field takes its part, the password too (kept in memory only)
        const auto text = [&dialog](const char *name) {
            return dialog.findChild<QLineEdit *>(QLatin1String(name))->text();
        };
        QCOMPARE(text("hostEdit"), QStringLiteral("db.example.org"));
        QCOMPARE(dialog.target().port, 6543);
        QCOMPARE(text("databaseEdit"), QStringLiteral("pagila"));
        QCOMPARE(text("userEdit"), QStringLiteral("grace"));
        QCOMPARE(text("passwordEdit"), QStringLiteral("s3cret"));
        // And a host name typed as such stays a host name
        host->setFocus();
        host->selectAll();
        QTest::keyClicks(host, QStringLiteral("postgres-primary"));
        QTest::keyClick(host, Qt::Key_Tab);
        QCOMPARE(dialog.target().host, QStringLiteral("postgres-primary"));
        QCOMPARE(dialog.target().database, QStringLiteral("pagila"));
    }
};

QTEST_MAIN(tst_DatabaseTarget)
#include "tst_databasetarget.moc"
