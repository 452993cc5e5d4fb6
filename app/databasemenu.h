#pragma once

#include "ui/databasetarget.h"

#include <QObject>
#include <functional>

class QMenu;
class QWidget;

namespace ui {
class Prompter;
} // namespace ui

namespace app {

/// The File menu's database choices: a new or an existing SQLite file, a PostgreSQL server (the
/// connection dialog stays open until a connection works or the user cancels) and the recent
/// databases. Choosing only picks a target; `open` (MainWindow::openDatabase) opens it, asking
/// about staged changes first.
class DatabaseMenu : public QObject {
    Q_OBJECT
public:
    using Opener = std::function<bool(const ui::DatabaseTarget &)>;

    DatabaseMenu(QWidget *window, QMenu *recentMenu, Opener open, QObject *parent = nullptr);
    void setPrompter(ui::Prompter *prompter) { m_prompter = prompter; }

    /// File → New database: asks for a path, then createSqliteDatabase().
    void newSqliteDatabase();
    /// Replaces whatever is at `path` (the caller asked) with an empty SQLite database and opens
    /// it. The only way, with the first launch, that a menu creates a file.
    bool createSqliteDatabase(const QString &path);
    /// File → Open: opens an existing file only; a missing, damaged or foreign file gets a
    /// message and stays exactly as it was.
    void openSqliteDatabase();
    /// Prefilled with `prefill`, else with the last server used (never a password).
    /// Asks for a server until one answers, then opens it (with `open` instead of the menu's
    /// opener when given, e.g. to seed it).
    void connectToPostgres(const ui::DatabaseTarget &prefill = {}, const Opener &open = {});
    /// Lists the recent databases (after one was opened).
    void rebuildRecentMenu();

private:
    void showError(const QString &title, const QString &text);

    QWidget *m_window;
    QMenu *m_recentMenu;
    Opener m_open;
    ui::Prompter *m_prompter = nullptr;
};

} // namespace app
