#pragma once

#include "ui/databasetarget.h"
#include "ui/mainactions.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QDockWidget;

namespace orm {
class ChangeWatcher;
class Metadata;
class Session;
class Table;
} // namespace orm

namespace ui {
class ChangeNoticeBar;
class DataTransfer;
class EditController;
class EditHistory;
class PendingChangesPane;
class Prompter;
class TableBrowser;
class TableNavigator;
} // namespace ui

namespace app {

class DatabaseConnection;
class DatabaseMenu;
class WindowStatus;

/// Shelf's one window: the table browser with its related-records pane in the centre, the
/// pending-changes pane docked at the side, the actions of MainActions. Wiring only: the edit
/// actions live in EditController, the views in TableBrowser, every question in Prompter.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a database (asking about staged changes first). A new SQLite file gets the library
    /// tables; `seed` runs "Seed database" without asking; `table` (any spelling showTable()
    /// takes) is shown, beside the tabs of the last visit or alone on a first one. False (with a
    /// message shown) on failure; a table the database lacks is only a status message.
    bool openDatabase(const ui::DatabaseTarget &target, bool seed = false,
                      const QString &table = {});
    orm::Session *session() const;
    const ui::DatabaseTarget &target() const;

    /// Replaces the dialogs (tests script the answers). Takes ownership.
    void setPrompter(std::unique_ptr<ui::Prompter> prompter);
    ui::Prompter *prompter() const { return m_prompter.get(); }

    const ui::MainActions &actions() const { return m_actions; }
    ui::TableBrowser *browser() const { return m_browser; }
    ui::TableNavigator *navigator() const { return m_navigator; }
    /// Opens a table by name (Shelf's name, the database's, or schema.table), as `--table` does;
    /// false with a status message when the database has no such table.
    bool showTable(const QString &name);
    ui::PendingChangesPane *pendingChangesPane() const { return m_pending; }
    ui::EditController *editController() const { return m_edits; }
    ui::DataTransfer *dataTransfer() const { return m_transfer; }
    ui::EditHistory *editHistory() const { return m_history; }

    /// Database → Seed database…: asks, then drops, recreates and seeds every table.
    bool seedDatabase();
    /// File → Connect to PostgreSQL…: the connection dialog, prefilled with `prefill` (or the last
    /// server used), until a connection works or the user cancels.
    /// The connection dialog, prefilled; `seed` loads the sample library once connected, `table`
    /// is shown as openDatabase() shows it.
    void connectToPostgres(const ui::DatabaseTarget &prefill = {}, bool seed = false,
                           const QString &table = {});
    void seedLargeLibrary();

    /// Watches the database for other connections' commits (nullptr without a database).
    orm::ChangeWatcher *changeWatcher() const { return m_watcher; }
    /// The "database changed — refresh" notice in the status bar (hidden until a change).
    ui::ChangeNoticeBar *changeNotice() const;
    /// View → Refresh and the notice's Refresh: re-reads the rows of records without staged
    /// changes and reloads the views; staged edits stay staged (and win).
    void refreshFromDatabase();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void connectActions();
    /// Hands the new session to the views; `shown` (may be null) is the table to show.
    void installSession(const orm::Table *shown);
    /// The table `name` names in Shelf's spelling, the database's, or schema.table; or null.
    static const orm::Table *findTable(const orm::Metadata &metadata, const QString &name);
    /// Says that the partition `partition` the user asked for is shown as `table`.
    void showPartitionNote(const QString &partition, const orm::Table &table);
    /// Asks before upgrading an older library, then upgrades it; false when declined or failed.
    bool upgradeLibrary(DatabaseConnection &connection);
    void updateActions();
    void showStatus(const QString &message);
    /// Keeps the open tabs for the next time this database opens.
    void rememberOpenTables();
    /// The non-modal notice of what reflection left out or made read-only, when anything.
    void noticeWhatOpenedInPart();
    void restoreSettings();
    void saveSettings() const;

    ui::MainActions m_actions;
    std::unique_ptr<ui::Prompter> m_prompter;
    std::unique_ptr<DatabaseConnection> m_connection;
    ui::EditHistory *m_history = nullptr; // child of this window, replaced with the session
    ui::TableBrowser *m_browser;
    ui::PendingChangesPane *m_pending;
    QDockWidget *m_pendingDock;
    ui::TableNavigator *m_navigator;
    QDockWidget *m_navigatorDock;
    ui::EditController *m_edits;
    DatabaseMenu *m_databaseMenu = nullptr;
    WindowStatus *m_status;
    orm::ChangeWatcher *m_watcher = nullptr; // replaced with the session
    ui::DataTransfer *m_transfer = nullptr;  // import, export, copy, paste (issue 14)
};

} // namespace app
