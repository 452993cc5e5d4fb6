#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;

namespace ui {
class PendingChangesPane;
class TableBrowser;
class TableNavigator;
struct MainActions;
} // namespace ui

namespace app {

class WindowStatus;

/// Moving around the main window: Back and Forward (also the mouse's side buttons anywhere in the
/// window), Go to Record, Go to Table (the Tables dock's filter) and F6 to the next pane. Back,
/// Forward and Go to Record first stage the value of an open editor: moving loses nothing typed.
class WindowNavigation : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QMainWindow *window;
        ui::TableBrowser *browser;
        ui::TableNavigator *navigator;
        QDockWidget *navigatorDock;
        ui::PendingChangesPane *pending;
        WindowStatus *status;
    };
    WindowNavigation(const ui::MainActions &actions, const Parts &parts, QObject *parent);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// The focus goes to the next visible pane: the table, its related records, pending changes.
    void focusNextPane();

    const ui::MainActions &m_actions;
    Parts m_parts;
};

} // namespace app
