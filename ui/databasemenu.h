#pragma once

#include "databasetarget.h"

#include <QObject>
#include <functional>

class QMenu;
class QWidget;

namespace ui {

class Prompter;

/// The File menu's database choices: a new or an existing SQLite file, a PostgreSQL server (the
/// connection dialog stays open until a connection works or the user cancels) and the recent
/// databases. Choosing only picks a target; `open` (MainWindow::openDatabase) opens it, asking
/// about staged changes first.
class DatabaseMenu : public QObject {
    Q_OBJECT
public:
    using Opener = std::function<bool(const DatabaseTarget &)>;

    DatabaseMenu(QWidget *window, QMenu *recentMenu, Opener open, QObject *parent = nullptr);
    void setPrompter(Prompter *prompter) { m_prompter = prompter; }

    void newSqliteDatabase();
    void openSqliteDatabase();
    /// Prefilled with `prefill`, else with the last server used (never a password).
    void connectToPostgres(const DatabaseTarget &prefill = {});
    /// Lists the recent databases (after one was opened).
    void rebuildRecentMenu();

private:
    QWidget *m_window;
    QMenu *m_recentMenu;
    Opener m_open;
    Prompter *m_prompter = nullptr;
};

} // namespace ui
