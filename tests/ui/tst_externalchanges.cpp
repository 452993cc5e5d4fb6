// Issue 6 "Other users", external changes in the window: another connection's commit shows a
// quiet "database changed — refresh" notice in the status bar, the window's own commits do not,
// and Refresh shows the new rows and values while staged edits stay staged (and shown as such).

#include "uitesthelpers.h"

#include "ui/changewatcher.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include "library/library.h"
#include "orm/changewatcher.h"

#include <QAction>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>

using namespace library;
using ui::RecordTableModel;

class tst_ExternalChanges : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    RecordTableModel *authors() { return window().browser()->modelFor(Author::staticTable()); }
    int rowWithName(const QString &text) {
        return rowWithText(authors(), Author::NameColumn, text);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        QVERIFY(openSeeded());
        QVERIFY(window().changeWatcher());
        window().changeWatcher()->setInterval(20);
    }
    void cleanup() { closeSeeded(); }

    void shouldShowTheNoticeWhenAnotherConnectionCommits() {
        ui::ChangeNoticeBar *notice = window().changeNotice();
        QVERIFY(!notice->isVisible());
        // When another connection renames Stephen King
        QVERIFY(database().exec(
            QStringLiteral("UPDATE authors SET name = 'Steve King' WHERE name = 'Stephen King'")));
        // Then the notice appears, quietly (no question was asked)
        QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 10000);
        QVERIFY(window().statusBar()->isAncestorOf(notice));
        QVERIFY(prompter().asked.isEmpty());
        QVERIFY(notice->text().contains(QStringLiteral("changed by someone else")));
        uitest::saveScreenshot(&window(), QStringLiteral("external-change-notice"));
        uitest::saveScreenshot(window().statusBar(), QStringLiteral("external-change-statusbar"));
        // And the rows are not reloaded behind the user's back
        QVERIFY(rowWithName(QStringLiteral("Stephen King")) >= 0);
    }

    void shouldNotShowTheNoticeForOwnCommits() {
        // When the window commits a rename of its own
        const int row = rowWithName(QStringLiteral("Stephen King"));
        QVERIFY(row >= 0);
        QVERIFY(authors()->setData(authors()->index(row, Author::NameColumn),
                                   QStringLiteral("Richard Bachman")));
        window().findChild<QAction *>(QStringLiteral("actionCommit"))->trigger();
        QVERIFY(!window().session()->hasChanges());
        // Then a poll finds nothing new
        window().changeWatcher()->check();
        QVERIFY(!window().changeWatcher()->hasExternalChanges());
        QVERIFY(!window().changeNotice()->isVisible());
        // But another connection's commit right after still shows it
        QVERIFY(database().exec(QStringLiteral("INSERT INTO authors (name) VALUES ('Ursula')")));
        QTRY_VERIFY_WITH_TIMEOUT(window().changeNotice()->isVisible(), 10000);
    }

    void shouldRefreshAndKeepStagedEdits() {
        // Given a staged rename of Michael Crichton
        const int crichtonRow = rowWithName(QStringLiteral("Michael Crichton"));
        QVERIFY(crichtonRow >= 0);
        const orm::RecordPtr crichton = authors()->record(crichtonRow);
        QVERIFY(authors()->setData(authors()->index(crichtonRow, Author::NameColumn),
                                   QStringLiteral("M. Crichton")));
        const qint64 rowsBefore = authors()->rowCount();
        // And another connection that renames Stephen King and adds an author
        QVERIFY(database().exec(
            QStringLiteral("UPDATE authors SET name = 'Steve King' WHERE name = 'Stephen King'")));
        QVERIFY(database().exec(QStringLiteral("INSERT INTO authors (name) VALUES ('Ursula')")));
        QTRY_VERIFY_WITH_TIMEOUT(window().changeNotice()->isVisible(), 10000);

        // When the user clicks Refresh in the notice
        window().changeNotice()->refreshButton()->click();

        // Then the views show the other user's work
        QTRY_VERIFY_WITH_TIMEOUT(rowWithName(QStringLiteral("Steve King")) >= 0, 5000);
        QCOMPARE(rowWithName(QStringLiteral("Stephen King")), -1);
        QVERIFY(rowWithName(QStringLiteral("Ursula")) >= 0);
        QCOMPARE(authors()->rowCount(), rowsBefore + 1);
        // And the staged rename is still staged and shown as modified
        const QModelIndex cell =
            authors()->index(authors()->ensureLoaded(crichton.get()), Author::NameColumn);
        QVERIFY(cell.isValid());
        QCOMPARE(cell.data().toString(), QStringLiteral("M. Crichton"));
        QVERIFY(cell.data(RecordTableModel::ModifiedRole).toBool());
        QVERIFY(window().session()->hasChanges());
        // And the notice is gone until the next change
        QVERIFY(!window().changeNotice()->isVisible());
        QVERIFY(!window().changeWatcher()->hasExternalChanges());
        // And the commit writes the staged rename without a conflict
        window().findChild<QAction *>(QStringLiteral("actionCommit"))->trigger();
        QVERIFY(prompter().errors.isEmpty());
        QCOMPARE(
            database()
                .scalar(QStringLiteral("SELECT name FROM authors WHERE id = ?"), {crichton->id()})
                .toString(),
            QStringLiteral("M. Crichton"));
    }
};

QTEST_MAIN(tst_ExternalChanges)
#include "tst_externalchanges.moc"
