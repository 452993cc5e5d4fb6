#pragma once

#include <QObject>

class QAction;
class QLineEdit;
class QMainWindow;
class QMenu;
class QToolBar;

namespace ui {

/// The main window's actions, menus and toolbar, with stable object names ("actionCommit",
/// "actionRollback", …) for tests and keyboard shortcuts a user expects (Ctrl+S commits, Delete
/// deletes, F5 refreshes). Only builds them: MainWindow connects them.
struct MainActions {
    QAction *newDatabase = nullptr;
    QAction *openDatabase = nullptr;
    QAction *connectPostgres = nullptr;
    QMenu *recentMenu = nullptr;
    QAction *closeTable = nullptr;
    QAction *quit = nullptr;

    QAction *undo = nullptr;
    QAction *redo = nullptr;
    QAction *newRecord = nullptr;
    QAction *deleteRecord = nullptr;
    QAction *commit = nullptr;
    QAction *rollback = nullptr;
    QAction *refresh = nullptr;
    QAction *find = nullptr;
    QAction *nextPane = nullptr;
    QAction *goToTable = nullptr;
    QAction *goBack = nullptr;
    QAction *goForward = nullptr;
    QAction *goToRecord = nullptr;

    // Data in and out (issue 14; DataTransfer connects them).
    QAction *importCsv = nullptr;
    QAction *exportData = nullptr;
    QAction *copy = nullptr;
    QAction *copyRaw = nullptr;
    QAction *copyWithHeaders = nullptr;
    QAction *paste = nullptr;
    QAction *duplicate = nullptr;
    QAction *setCells = nullptr;

    QAction *seed = nullptr;
    QAction *seedLarge = nullptr;
    QAction *about = nullptr;

    QToolBar *toolBar = nullptr;
    QLineEdit *filter = nullptr;
    QMenu *viewMenu = nullptr;

    /// Creates every action, the menu bar and the toolbar of `window`.
    void build(QMainWindow *window);

private:
    void buildDataActions(QMainWindow *window);
};

} // namespace ui
