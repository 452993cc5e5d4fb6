#pragma once

// Shared by the widget tests: a prompter with scripted answers (no modal dialog ever blocks a
// test), a seeded main window on a fresh database, and screenshots into $SHELF_ARTIFACTS.

#include "app/launchplan.h"
#include "app/mainwindow.h"
#include "testdatabase.h"
#include "ui/conflictdialog.h"
#include "ui/databasetarget.h"
#include "ui/pendingchangespane.h"
#include "ui/prompter.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"
#include "ui/upgradedialog.h"

#include "orm/deletepreview.h"
#include "orm/session.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QWidget>
#include <memory>

namespace uitest {

/// Answers every question from a script and records what was asked.
class ScriptedPrompter : public ui::Prompter {
public:
    PendingChoice pendingAnswer = PendingChoice::Cancel;
    bool confirmAnswer = true;
    DeleteChoice deleteAnswer = DeleteChoice::Delete;
    QList<DeleteChoice> deleteAnswers;  ///< answered first to last before deleteAnswer
    QList<orm::DeletePreview> previews; ///< every delete preview shown, in order
    /// The sizes "Seed large library" answers with (the offered ones when 0).
    int largeSeedAuthors = 0;
    int largeSeedBooksPerAuthor = 0;
    /// What "Upgrade library" answers, and every upgrade question asked.
    bool upgradeAnswer = true;
    QList<ui::UpgradeQuestion> upgrades;
    /// Answers to conflict questions, first to last; Cancel once they run out.
    QList<ConflictChoice> conflictAnswers;

    QStringList asked;        ///< titles/actions of every question, in order
    QStringList errors;       ///< texts of every error shown
    QStringList confirmTexts; ///< texts of every confirmation asked, in order
    orm::DeletePreview lastPreview;
    QList<ui::ConflictQuestion> conflicts; ///< every conflict question, in order

    PendingChoice askPendingChanges(QWidget *, const QString &action, int) override {
        asked << QStringLiteral("pending: ") + action;
        return pendingAnswer;
    }
    bool confirm(QWidget *, const QString &title, const QString &text, const QString &) override {
        asked << QStringLiteral("confirm: ") + title;
        confirmTexts << text;
        return confirmAnswer;
    }
    QStringList notices; ///< the lines of every notice shown
    void showNotice(QWidget *, const QString &title, const QString &,
                    const QStringList &lines) override {
        asked << QStringLiteral("notice: ") + title;
        notices << lines;
    }
    void showError(QWidget *, const QString &title, const QString &text, const QString &) override {
        asked << QStringLiteral("error: ") + title;
        errors << text;
    }
    DeleteChoice confirmDelete(QWidget *, const orm::DeletePreview &preview) override {
        asked << QStringLiteral("delete");
        lastPreview = preview;
        previews << preview;
        return deleteAnswers.isEmpty() ? deleteAnswer : deleteAnswers.takeFirst();
    }
    bool chooseLargeSeed(QWidget *, const QString &, int *authors, int *booksPerAuthor) override {
        asked << QStringLiteral("seed large");
        if (largeSeedAuthors > 0)
            *authors = largeSeedAuthors;
        if (largeSeedBooksPerAuthor > 0)
            *booksPerAuthor = largeSeedBooksPerAuthor;
        return confirmAnswer;
    }
    bool confirmUpgrade(QWidget *, const ui::UpgradeQuestion &question) override {
        asked << QStringLiteral("upgrade");
        upgrades << question;
        return upgradeAnswer;
    }
    ConflictChoice resolveConflict(QWidget *, const ui::ConflictQuestion &question) override {
        // The conflict dialog shows the failed commit's message: it counts as an error shown.
        asked << QStringLiteral("conflict");
        errors << question.headline() + QLatin1Char('\n') + question.message;
        conflicts << question;
        return conflictAnswers.isEmpty() ? ConflictChoice::Cancel : conflictAnswers.takeFirst();
    }
    /// The paths the file questions answer with (empty: cancelled).
    QString fileToSave;
    QString fileToOpen;
    QString chooseFileToSave(QWidget *, const QString &title, const QString &) override {
        asked << QStringLiteral("save file: ") + title;
        return fileToSave;
    }
    QString chooseFileToOpen(QWidget *, const QString &title) override {
        asked << QStringLiteral("open file: ") + title;
        return fileToOpen;
    }
};

/// Saves a screenshot of `widget` as $SHELF_ARTIFACTS/<name>.png; returns the path.
inline QString saveScreenshot(QWidget *widget, const QString &name) {
    QString folder = qEnvironmentVariable("SHELF_ARTIFACTS");
    if (folder.isEmpty())
        folder = QDir::tempPath() + QStringLiteral("/shelf-artifacts");
    QDir().mkpath(folder);
    const QString path = folder + QLatin1Char('/') + name + QStringLiteral(".png");
    const bool saved = widget->grab().save(path);
    if (!saved)
        qWarning("could not save %s", qPrintable(path));
    return saved ? path : QString();
}

/// Settings go to a folder of this test process alone, never to the user's configuration and
/// never to one shared with a test program running beside it (CTest runs them in parallel).
inline void isolateSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ShelfTest"));
    QCoreApplication::setApplicationName(QStringLiteral("ShelfTest"));
    static QTemporaryDir settingsFolder(QDir::tempPath() +
                                        QStringLiteral("/shelf-settings-XXXXXX"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsFolder.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsFolder.path());
    QSettings().clear(); // every test program starts from defaults
    // Numbers read as in English (United States), "1,200", whatever the machine's locale
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

/// Every line of the pending changes pane, refreshed first, top to bottom: the groups, each
/// record, and under it its columns, effects and reasons.
inline QStringList pendingLines(ui::PendingChangesPane *pane) {
    pane->refresh();
    QStringList texts;
    const auto collect = [&texts](QTreeWidgetItem *item, const auto &self) -> void {
        texts << item->text(0);
        for (int i = 0; i < item->childCount(); ++i)
            self(item->child(i), self);
    };
    for (int i = 0; i < pane->changesTree()->topLevelItemCount(); ++i)
        collect(pane->changesTree()->topLevelItem(i), collect);
    return texts;
}

/// Makes `window` the active window. Keyboard tests need it; offscreen that is immediate, under a
/// bare X server (no window manager) it takes an explicit request.
inline bool activate(QWidget *window) {
    window->activateWindow();
    QApplication::setActiveWindow(window);
    return QTest::qWaitForWindowActive(window, 2000);
}

/// A main window on a fresh, seeded SQLite file, with a scripted prompter.
struct SeededWindow {
    shelftest::TestDatabase database;
    std::unique_ptr<app::MainWindow> window;
    ScriptedPrompter *prompter = nullptr;

    bool open() {
        if (!database.open()) {
            qWarning("%s", qPrintable(database.errorString()));
            return false;
        }
        window = std::make_unique<app::MainWindow>();
        auto scripted = std::make_unique<ScriptedPrompter>();
        prompter = scripted.get();
        window->setPrompter(std::move(scripted));
        window->resize(1300, 760);
        if (!window->openDatabase(ui::DatabaseTarget::sqlite(database.sqlitePath()), true))
            return false;
        window->show();
        return QTest::qWaitForWindowExposed(window.get()) && activate(window.get());
    }
};

/// A new main window with a scripted prompter, shown and opened on `target` as the command line
/// opens it (LaunchPlan, `table` as --table): the way into a database the test built itself,
/// which Shelf reflects. `window` and `prompter` are replaced; the old window goes first, as if
/// Shelf started again. With `active`, it also waits for the window to be active (keyboard tests).
inline bool launchWindow(const ui::DatabaseTarget &target, const QString &table,
                         std::unique_ptr<app::MainWindow> &window, ScriptedPrompter *&prompter,
                         bool active = false) {
    window.reset();
    window = std::make_unique<app::MainWindow>();
    auto scripted = std::make_unique<ScriptedPrompter>();
    prompter = scripted.get();
    window->setPrompter(std::move(scripted));
    window->resize(1300, 760);
    window->show();
    app::LaunchPlan plan;
    plan.target = target;
    plan.table = table;
    return plan.run(*window) && QTest::qWaitForWindowExposed(window.get()) &&
           (!active || activate(window.get()));
}

/// What the widget suites share: a seeded window per test function and the ways into it. A suite
/// derives from QObject first and from this second, opens the window in its init() slot
/// (`QVERIFY(openSeeded())`) and closes it in cleanup().
class SeededWindowTest {
protected:
    bool openSeeded() {
        m_seeded = std::make_unique<SeededWindow>();
        return m_seeded->open();
    }
    void closeSeeded() { m_seeded.reset(); }

    app::MainWindow &window() { return *m_seeded->window; }
    shelftest::TestDatabase &database() { return m_seeded->database; }
    ScriptedPrompter &prompter() { return *m_seeded->prompter; }
    orm::Session &session() { return *window().session(); }
    ui::RecordTableModel *model(const orm::Table &table) {
        return window().browser()->modelFor(table);
    }
    QTableView *view(const orm::Table &table) { return window().browser()->viewFor(table); }
    /// The window's action with this object name ("actionCommit").
    QAction *action(const char *name) {
        auto *found = window().findChild<QAction *>(QLatin1String(name));
        Q_ASSERT(found);
        return found;
    }

    /// The first loaded row whose cell in `column` reads `text` in `role`, or -1.
    static int rowWithText(const ui::RecordTableModel *model, int column, const QString &text,
                           int role = Qt::DisplayRole) {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, column).data(role).toString() == text)
                return row;
        }
        return -1;
    }
    /// The record of that row, or nullptr.
    orm::RecordPtr record(const orm::Table &table, int column, const QString &text,
                          int role = Qt::DisplayRole) {
        ui::RecordTableModel *m = model(table);
        const int row = rowWithText(m, column, text, role);
        return row < 0 ? nullptr : m->record(row);
    }

    std::unique_ptr<SeededWindow> m_seeded;
};

} // namespace uitest
