// The real main window starts offscreen on a seeded database, shows the library, and has its
// Commit and Rollback actions (found by object name, disabled while nothing is staged).

#include "uitesthelpers.h"

#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAction>
#include <QTest>

class tst_Smoke : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }

    void shouldStartWithTheSeededLibrary() {
        // Given a fresh database, seeded through the window
        uitest::SeededWindow seeded;
        QVERIFY(seeded.open());
        app::MainWindow &window = *seeded.window;

        // Then the actions exist under their stable names, idle while nothing is staged
        auto *commit = window.findChild<QAction *>(QStringLiteral("actionCommit"));
        auto *rollback = window.findChild<QAction *>(QStringLiteral("actionRollback"));
        QVERIFY(commit);
        QVERIFY(rollback);
        QVERIFY(!commit->isEnabled());
        QVERIFY(!rollback->isEnabled());
        for (const char *name : {"actionDelete", "actionUndo", "actionRedo", "actionSeed",
                                 "actionNewRecord", "actionRefresh"})
            QVERIFY2(window.findChild<QAction *>(QLatin1String(name)), name);
        QCOMPARE(commit->shortcut(), QKeySequence(QKeySequence::Save));

        // And the tables show the sample library
        ui::RecordTableModel *authors = window.browser()->modelFor(library::authorsTable());
        QVERIFY(authors);
        QCOMPARE(authors->rowCount(), 2);
        ui::RecordTableModel *users = window.browser()->modelFor(library::usersTable());
        QCOMPARE(users->rowCount(), 7);

        QVERIFY(!uitest::saveScreenshot(&window, QStringLiteral("smoke-mainwindow")).isEmpty());
    }
};

QTEST_MAIN(tst_Smoke)
#include "tst_smoke.moc"
