#include "mainactions.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

#include <limits>

namespace ui {

namespace {

QAction *makeAction(QMainWindow *window, const char *name, const QString &text,
                    const QList<QKeySequence> &shortcuts = {},
                    QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
    auto *action = new QAction(text, window);
    action->setObjectName(QLatin1String(name));
    action->setShortcuts(shortcuts);
    if (icon != QStyle::SP_CustomBase)
        action->setIcon(window->style()->standardIcon(icon));
    if (!shortcuts.isEmpty()) {
        action->setToolTip(QStringLiteral("%1 (%2)").arg(
            QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("\u2026")),
            shortcuts.first().toString(QKeySequence::NativeText)));
    }
    return action;
}

/// Ctrl+Shift+Z reverts where it is free; where it is the platform's Redo (X11 desktops), Rollback
/// takes Ctrl+Shift+R ("revert") instead.
QKeySequence rollbackShortcut() {
    const QKeySequence preferred(Qt::CTRL | Qt::SHIFT | Qt::Key_Z);
    if (!QKeySequence::keyBindings(QKeySequence::Redo).contains(preferred))
        return preferred;
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
}

/// The platform's Redo keys, and Ctrl+Y besides: most editors take it for Redo, and people try it
/// first on X11 desktops too, whose Redo is Ctrl+Shift+Z alone.
QList<QKeySequence> redoShortcuts() {
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Redo);
    const QKeySequence ctrlY(Qt::CTRL | Qt::Key_Y);
    if (!keys.contains(ctrlY))
        keys.append(ctrlY);
    return keys;
}

} // namespace

void MainActions::build(QMainWindow *window) {
    newDatabase = makeAction(window, "actionNewDatabase", QObject::tr("&New SQLite Database\u2026"),
                             {QKeySequence::New}, QStyle::SP_FileIcon);
    openDatabase =
        makeAction(window, "actionOpenDatabase", QObject::tr("&Open SQLite Database\u2026"),
                   {QKeySequence::Open}, QStyle::SP_DialogOpenButton);
    connectPostgres =
        makeAction(window, "actionConnectPostgres", QObject::tr("&Connect to PostgreSQL\u2026"), {},
                   QStyle::SP_DriveNetIcon);
    closeTable =
        makeAction(window, "actionCloseTable", QObject::tr("Close &Table"), {QKeySequence::Close});
    quit = makeAction(window, "actionQuit", QObject::tr("&Quit"), {QKeySequence::Quit});

    undo = makeAction(window, "actionUndo", QObject::tr("&Undo"), {QKeySequence::Undo},
                      QStyle::SP_ArrowBack);
    redo = makeAction(window, "actionRedo", QObject::tr("&Redo"), redoShortcuts(),
                      QStyle::SP_ArrowForward);
    // The menu names what will be undone; the toolbar button stays short.
    undo->setIconText(QObject::tr("Undo"));
    redo->setIconText(QObject::tr("Redo"));
    newRecord =
        makeAction(window, "actionNewRecord", QObject::tr("&New Record"),
                   {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), QKeySequence(Qt::Key_Insert)},
                   QStyle::SP_FileDialogNewFolder);
    deleteRecord = makeAction(window, "actionDelete", QObject::tr("&Delete Record\u2026"),
                              {QKeySequence::Delete}, QStyle::SP_TrashIcon);
    commit = makeAction(window, "actionCommit", QObject::tr("&Commit"), {QKeySequence::Save},
                        QStyle::SP_DialogApplyButton);
    rollback = makeAction(window, "actionRollback", QObject::tr("Ro&llback\u2026"),
                          {rollbackShortcut()}, QStyle::SP_DialogDiscardButton);
    refresh = makeAction(window, "actionRefresh", QObject::tr("R&efresh"), {QKeySequence::Refresh},
                         QStyle::SP_BrowserReload);
    find = makeAction(window, "actionFilter", QObject::tr("&Filter\u2026"), {QKeySequence::Find});
    // Tab moves inside a table: F6 moves between the panes (the table, its related records, the
    // pending changes), as in most desktop applications.
    nextPane =
        makeAction(window, "actionNextPane", QObject::tr("Next &Pane"), {QKeySequence(Qt::Key_F6)});
    // The navigator's filter: type part of a name, Enter opens the first table that matches.
    goToTable = makeAction(window, "actionGoToTable", QObject::tr("Go to &Table\u2026"),
                           {QKeySequence(Qt::CTRL | Qt::Key_T)});
    goBack = makeAction(window, "actionBack", QObject::tr("&Back"), {QKeySequence::Back},
                        QStyle::SP_ArrowLeft);
    goForward = makeAction(window, "actionForward", QObject::tr("&Forward"),
                           {QKeySequence::Forward}, QStyle::SP_ArrowRight);
    // Follows the current cell: a foreign key to the row it names, a related row to its table.
    goToRecord = makeAction(window, "actionGoToRecord", QObject::tr("Go to &Referenced Row"),
                            {QKeySequence(Qt::CTRL | Qt::Key_G)});

    seed = makeAction(window, "actionSeed", QObject::tr("&Seed Database\u2026"));
    seedLarge = makeAction(window, "actionSeedLarge", QObject::tr("Seed &Large Library\u2026"));
    about = makeAction(window, "actionAbout", QObject::tr("&About Shelf"));

    buildDataActions(window);

    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(QObject::tr("&File"));
    file->addAction(newDatabase);
    file->addAction(openDatabase);
    file->addAction(connectPostgres);
    recentMenu = file->addMenu(QObject::tr("Open &Recent"));
    recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    file->addAction(importCsv);
    file->addAction(exportData);
    file->addSeparator();
    file->addAction(closeTable);
    file->addSeparator();
    file->addAction(quit);

    QMenu *edit = bar->addMenu(QObject::tr("&Edit"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(copy);
    edit->addAction(copyRaw);
    edit->addAction(copyWithHeaders);
    edit->addAction(paste);
    edit->addSeparator();
    edit->addAction(newRecord);
    edit->addAction(duplicate);
    edit->addAction(setCells);
    edit->addAction(deleteRecord);
    edit->addSeparator();
    edit->addAction(commit);
    edit->addAction(rollback);
    edit->addSeparator();
    edit->addAction(find);
    edit->addAction(refresh);

    QMenu *database = bar->addMenu(QObject::tr("&Database"));
    database->addAction(seed);
    database->addAction(seedLarge);

    viewMenu = bar->addMenu(QObject::tr("&View"));
    viewMenu->addAction(nextPane);
    viewMenu->addSeparator();
    QMenu *go = bar->addMenu(QObject::tr("&Go"));
    go->addAction(goBack);
    go->addAction(goForward);
    go->addSeparator();
    go->addAction(goToRecord);
    go->addAction(goToTable);
    QMenu *help = bar->addMenu(QObject::tr("&Help"));
    help->addAction(about);

    toolBar = window->addToolBar(QObject::tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(goBack);
    toolBar->addAction(goForward);
    toolBar->addSeparator();
    toolBar->addAction(newRecord);
    toolBar->addAction(deleteRecord);
    toolBar->addSeparator();
    toolBar->addAction(commit);
    toolBar->addAction(rollback);
    toolBar->addSeparator();
    toolBar->addAction(undo);
    toolBar->addAction(redo);
    toolBar->addAction(refresh);
    toolBar->addSeparator();
    filter = new QLineEdit(toolBar);
    filter->setObjectName(QStringLiteral("filterEdit"));
    filter->setPlaceholderText(QObject::tr("Filter this table\u2026"));
    filter->setAccessibleName(QObject::tr("Filter this table"));
    filter->setClearButtonEnabled(true);
    filter->setMaxLength(std::numeric_limits<int>::max()); // not QLineEdit's silent 32767
    filter->setMaximumWidth(260);
    toolBar->addWidget(filter);
    viewMenu->addAction(toolBar->toggleViewAction());
}

void MainActions::buildDataActions(QMainWindow *window) {
    importCsv = makeAction(window, "actionImportCsv", QObject::tr("&Import CSV or JSON\u2026"));
    exportData = makeAction(window, "actionExport", QObject::tr("&Export\u2026"));
    copy = makeAction(window, "actionCopy", QObject::tr("C&opy"), {QKeySequence::Copy});
    copyRaw = makeAction(window, "actionCopyRaw", QObject::tr("Copy Ra&w Values"),
                         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)});
    copyWithHeaders = makeAction(window, "actionCopyWithHeaders", QObject::tr("Copy with &Headers"),
                                 {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C)});
    paste = makeAction(window, "actionPaste", QObject::tr("&Paste"), {QKeySequence::Paste});
    duplicate = makeAction(window, "actionDuplicate", QObject::tr("Dupl&icate Record"),
                           {QKeySequence(Qt::CTRL | Qt::Key_D)});
    setCells = makeAction(window, "actionSetCells", QObject::tr("&Set Selected Cells\u2026"));
}

} // namespace ui
