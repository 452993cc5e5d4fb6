// The window on a real X server without a window manager (Xvfb as `xvfb-run` starts it: a kiosk
// session, a remote display without a desktop, and how people script Shelf with xdotool). There
// nothing gives a new window the keyboard: typed text still reached the cell under the pointer,
// but every key that needs an active window (Ctrl+S, Ctrl+Z, Delete's shortcut) went nowhere
// until the user clicked. The offscreen platform the other widget suites use makes every window
// it shows active, so this suite runs on xcb (tests/CMakeLists.txt).

#include "../ui/uitesthelpers.h"

#include <QApplication>
#include <QDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QTimer>

class tst_WithoutWindowManager : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    uitest::ScriptedPrompter *m_prompter = nullptr;

private Q_SLOTS:
    void initTestCase() {
        uitest::isolateSettings();
        // On any other platform this suite would prove nothing.
        QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    }
    void init() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        QVERIFY(m_database->exec(
            QStringLiteral("CREATE TABLE shelf (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")));
        QVERIFY(m_database->exec(QStringLiteral("INSERT INTO shelf VALUES (1, 'Top')")));
    }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldTakeTheKeyboardWhenTheWindowOpens() {
        // When the window opens, with no window manager to give it the keyboard
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()),
                                     QStringLiteral("shelf"), m_window, m_prompter));
        // Then it has the keyboard without a click: Ctrl+S, Ctrl+Z reach it
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
    }

    void shouldHaveItBackWhenTheUserAnswersADialogOverIt() {
        // Given the window with the keyboard
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()),
                                     QStringLiteral("shelf"), m_window, m_prompter));
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
        // When a modal dialog over it takes the keyboard and the user answers it
        QMessageBox box(QMessageBox::Question, QStringLiteral("Delete"), QStringLiteral("Sure?"),
                        QMessageBox::Ok | QMessageBox::Cancel, m_window.get());
        bool dialogHadKeyboard = false;
        QTimer::singleShot(0, &box, [&] {
            box.activateWindow();
            dialogHadKeyboard = QTest::qWaitForWindowActive(&box);
            QTest::keyClick(&box, Qt::Key_Escape);
        });
        box.exec();
        QVERIFY(dialogHadKeyboard);
        // Then the window has it again
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
    }

    void shouldHaveItBackWhenADialogTheUserAnsweredClosesAfterItsWork() {
        // Given the window with the keyboard
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()),
                                     QStringLiteral("shelf"), m_window, m_prompter));
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
        // When the user clicks a modal dialog's button whose work shows a progress dialog and
        // spins the event loop before the dialog closes (an import's Stage Rows)
        QDialog dialog(m_window.get());
        dialog.setModal(true);
        auto *stage = new QPushButton(QStringLiteral("Stage Rows"), &dialog);
        QObject::connect(stage, &QPushButton::clicked, &dialog, [&dialog] {
            QProgressDialog progress(QStringLiteral("Importing…"), QStringLiteral("Cancel"), 0, 5,
                                     &dialog);
            progress.setWindowModality(Qt::WindowModal);
            progress.setMinimumDuration(0);
            for (int step = 0; step <= 5; ++step) {
                progress.setValue(step);
                QTest::qWait(20);
            }
            progress.close();
            QTest::qWait(20);
            dialog.accept();
        });
        bool dialogHadKeyboard = false;
        QTimer::singleShot(0, &dialog, [&] {
            dialog.activateWindow();
            dialogHadKeyboard = QTest::qWaitForWindowActive(&dialog);
            QTest::mouseClick(stage, Qt::LeftButton);
        });
        dialog.exec();
        QVERIFY(dialogHadKeyboard);
        // Then the window has it again: Ctrl+S commits what the dialog staged
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
    }

    void shouldRedoWithCtrlYAsWellAsThePlatformsRedo() {
        // Given the window on X11, whose Redo is Ctrl+Shift+Z, and a name edited with the keyboard
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()),
                                     QStringLiteral("shelf"), m_window, m_prompter));
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
        QTableView *view = m_window->browser()->currentView();
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        const QModelIndex name =
            model->index(0, model->table().columnIndex(QStringLiteral("name")));
        view->setFocus();
        view->setCurrentIndex(name);
        QTest::keyClick(view, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("Bottom"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(name.data().toString(), QStringLiteral("Bottom"));
        // When Ctrl+Z undoes it and Ctrl+Y, which most editors take for Redo, follows
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(name.data().toString(), QStringLiteral("Top"));
        QTest::keyClick(view, Qt::Key_Y, Qt::ControlModifier);
        // Then the edit is staged again
        QCOMPARE(name.data().toString(), QStringLiteral("Bottom"));
        // And the platform's own Redo redoes too
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(name.data().toString(), QStringLiteral("Top"));
        QTest::keySequence(view, QKeySequence(QKeySequence::Redo));
        QCOMPARE(name.data().toString(), QStringLiteral("Bottom"));
    }
};

QTEST_MAIN(tst_WithoutWindowManager)
#include "tst_withoutwindowmanager.moc"
