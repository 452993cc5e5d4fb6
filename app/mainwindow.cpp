#include "mainwindow.h"

#include "databaseconnection.h"
#include "databasemenu.h"
#include "openedtables.h"
#include "recentdatabases.h"
#include "seeding.h"
#include "windowfocus.h"
#include "windownavigation.h"
#include "windowstatus.h"

#include "library/librarydatabase.h"
#include "library/seeder.h"
#include "orm/changewatcher.h"
#include "orm/session.h"
#include "ui/changewatcher.h"
#include "ui/datatransfer.h"
#include "ui/editcontroller.h"
#include "ui/edithistory.h"
#include "ui/navigationhistory.h"
#include "ui/pendingchangespane.h"
#include "ui/prompter.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"
#include "ui/tablenavigator.h"
#include "ui/upgradedialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

// The resources are compiled into the static shelf_ui library: register them explicitly.
static void initShelfResources() {
    Q_INIT_RESOURCE(shelf);
}

namespace app {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_prompter(std::make_unique<ui::Prompter>())
    , m_connection(std::make_unique<DatabaseConnection>())
    , m_browser(new ui::TableBrowser(this))
    , m_pending(new ui::PendingChangesPane(this))
    , m_pendingDock(new QDockWidget(tr("Pending Changes"), this))
    , m_navigator(new ui::TableNavigator(this))
    , m_navigatorDock(new QDockWidget(tr("Tables"), this))
    , m_edits(new ui::EditController(this, m_browser, this))
    , m_status(new WindowStatus(statusBar(), m_browser, this)) {
    initShelfResources();
    new WindowFocus(this);
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/shelf/icons/shelf.png")));
    setCentralWidget(m_browser);
    m_pendingDock->setObjectName(QStringLiteral("pendingChangesDock"));
    m_pendingDock->setWidget(m_pending);
    // Empty, the pane needs little room: it may shrink to a narrow column.
    m_pending->setMinimumWidth(160);
    addDockWidget(Qt::RightDockWidgetArea, m_pendingDock);
    m_navigatorDock->setObjectName(QStringLiteral("tablesDock"));
    m_navigatorDock->setWidget(m_navigator);
    m_navigator->setMinimumWidth(140);
    addDockWidget(Qt::LeftDockWidgetArea, m_navigatorDock);
    m_actions.build(this);
    m_actions.viewMenu->addAction(m_navigatorDock->toggleViewAction());
    m_actions.viewMenu->addAction(m_pendingDock->toggleViewAction());
    m_browser->setDeleteAction(m_actions.deleteRecord);
    m_browser->setPrompter(m_prompter.get());
    m_edits->setPrompter(m_prompter.get());
    connect(m_status->notice(), &ui::ChangeNoticeBar::refreshRequested, this,
            &MainWindow::refreshFromDatabase);
    connect(m_status->notice(), &ui::ChangeNoticeBar::dismissed, this, [this] {
        if (m_watcher)
            m_watcher->acknowledge();
    });
    connect(m_status, &WindowStatus::pendingCountShown, this, &MainWindow::updateActions);
    connectActions();
    // Data in and out (issue 14): import, export, copy, paste, duplicate, set cells.
    m_transfer = new ui::DataTransfer(this, m_browser, this);
    m_transfer->attach(m_actions);
    connect(m_transfer, &ui::DataTransfer::refused, this, &MainWindow::showStatus);
    connect(m_transfer, &ui::DataTransfer::done, this, &MainWindow::showStatus);
    resize(1280, 800);
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() {
    // Views first: they listen to the session. Then the session, while this window can still
    // take its signals (or rather: no longer listens to them).
    // Children outlive this destructor's body and may still signal while they go.
    disconnect(m_browser, nullptr, this, nullptr);
    disconnect(m_pending, nullptr, this, nullptr);
    disconnect(m_edits, nullptr, this, nullptr);
    m_browser->setSession(nullptr, nullptr);
    m_navigator->setSession(nullptr);
    m_pending->setSession(nullptr);
    m_edits->setSession(nullptr, nullptr);
    if (m_history) {
        disconnect(m_history->undoStack(), nullptr, this, nullptr);
        delete m_history;
        m_history = nullptr;
    }
    delete m_watcher;
    m_watcher = nullptr;
    m_status->setSession(nullptr, nullptr);
    if (session())
        disconnect(session(), nullptr, this, nullptr);
    m_connection.reset();
}

orm::Session *MainWindow::session() const {
    return m_connection->session();
}

ui::ChangeNoticeBar *MainWindow::changeNotice() const {
    return m_status->notice();
}

const ui::DatabaseTarget &MainWindow::target() const {
    return m_connection->target();
}

void MainWindow::setPrompter(std::unique_ptr<ui::Prompter> prompter) {
    m_prompter = std::move(prompter);
    m_edits->setPrompter(m_prompter.get());
    m_databaseMenu->setPrompter(m_prompter.get());
    m_browser->setPrompter(m_prompter.get());
}

void MainWindow::connectActions() {
    m_databaseMenu = new DatabaseMenu(
        this, m_actions.recentMenu,
        [this](const ui::DatabaseTarget &target) { return openDatabase(target); }, this);
    m_databaseMenu->setPrompter(m_prompter.get());
    connect(m_actions.newDatabase, &QAction::triggered, m_databaseMenu,
            &DatabaseMenu::newSqliteDatabase);
    connect(m_actions.openDatabase, &QAction::triggered, m_databaseMenu,
            &DatabaseMenu::openSqliteDatabase);
    connect(m_actions.connectPostgres, &QAction::triggered, m_databaseMenu,
            [this] { m_databaseMenu->connectToPostgres(); });
    connect(m_actions.quit, &QAction::triggered, this, &QWidget::close);
    // Undo and Redo act on staged edits: the value typed in an open editor is one of them.
    // The status bar says what was undone: the message it showed ("Marked for delete …") would
    // otherwise describe a change that is no longer staged.
    connect(m_actions.undo, &QAction::triggered, this, [this] {
        if (!m_history || !m_browser->commitOpenEditor() || !m_history->undoStack()->canUndo())
            return;
        const QString step = m_history->undoStack()->undoText();
        m_history->undoStack()->undo();
        showStatus(tr("Undone: %1").arg(step));
    });
    connect(m_actions.redo, &QAction::triggered, this, [this] {
        if (!m_history || !m_browser->commitOpenEditor() || !m_history->undoStack()->canRedo())
            return;
        const QString step = m_history->undoStack()->redoText();
        m_history->undoStack()->redo();
        showStatus(tr("Redone: %1").arg(step));
    });
    connect(m_actions.newRecord, &QAction::triggered, m_edits, &ui::EditController::newRecord);
    connect(m_actions.deleteRecord, &QAction::triggered, m_edits,
            &ui::EditController::deleteActiveRecord);
    connect(m_actions.commit, &QAction::triggered, m_edits, &ui::EditController::commit);
    connect(m_actions.rollback, &QAction::triggered, m_edits, &ui::EditController::rollback);
    connect(m_actions.refresh, &QAction::triggered, this, &MainWindow::refreshFromDatabase);
    connect(m_actions.find, &QAction::triggered, this, [this] {
        m_actions.filter->setFocus();
        m_actions.filter->selectAll();
    });
    connect(m_actions.closeTable, &QAction::triggered, this,
            [this] { m_browser->closeTable(m_browser->tabs()->currentIndex()); });
    connect(m_navigator, &ui::TableNavigator::tableActivated, m_browser,
            &ui::TableBrowser::openTable);
    connect(m_navigator, &ui::TableNavigator::tableChosen, this, [this](const orm::Table &table) {
        if (m_browser->previewTable(table))
            return;
        // An editor holds a refused value: the list goes back to the table still shown.
        ui::RecordTableModel *model = m_browser->currentModel();
        m_navigator->setCurrentTable(model ? &model->table() : nullptr);
    });
    connect(m_browser->navigation(), &ui::NavigationHistory::changed, this,
            &MainWindow::updateActions);
    new WindowNavigation(
        m_actions, {this, m_browser, m_navigator, m_navigatorDock, m_pending, m_status}, this);
    connect(m_browser, &ui::TableBrowser::currentTableChanged, this, [this] {
        ui::RecordTableModel *model = m_browser->currentModel();
        m_navigator->setCurrentTable(model ? &model->table() : nullptr);
        rememberOpenTables();
    });
    connect(m_browser, &ui::TableBrowser::openTablesChanged, this, &MainWindow::rememberOpenTables);
    connect(m_browser, &ui::TableBrowser::labelChangeRequested, this,
            [this](const QString &table, const QStringList &columns) {
                if (!m_connection->setLabelColumns(table, columns))
                    return;
                // Every foreign key to the table reads differently now, in every view.
                m_browser->reloadAll();
                showStatus(columns.isEmpty()
                               ? tr("Rows of %1 are named as Shelf chooses.").arg(table)
                               : tr("Rows of %1 are named by %2.")
                                     .arg(table, columns.join(QStringLiteral(", "))));
            });
    connect(m_actions.seed, &QAction::triggered, this, &MainWindow::seedDatabase);
    connect(m_actions.seedLarge, &QAction::triggered, this, &MainWindow::seedLargeLibrary);
    connect(m_actions.about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Shelf"),
                           tr("<b>Shelf %1</b><p>Browse and edit related records. Edits are "
                              "staged until you commit; deletes show their effects first.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    auto *filterTimer = new QTimer(this);
    filterTimer->setSingleShot(true);
    filterTimer->setInterval(250);
    connect(m_actions.filter, &QLineEdit::textChanged, filterTimer, qOverload<>(&QTimer::start));
    connect(filterTimer, &QTimer::timeout, this,
            [this] { m_browser->setFilter(m_actions.filter->text()); });
    connect(m_actions.filter, &QLineEdit::returnPressed, this, [this, filterTimer] {
        filterTimer->stop();
        m_browser->setFilter(m_actions.filter->text());
        if (QTableView *view = m_browser->currentView())
            view->setFocus();
    });
    const auto showFilter = [this] {
        const QSignalBlocker blocker(m_actions.filter);
        m_actions.filter->setText(m_browser->filter());
    };
    connect(m_browser, &ui::TableBrowser::currentTableChanged, this, showFilter);
    // A row the filter hid was shown (an import's first row, Go to a referenced row): the box
    // must not keep a filter the grid no longer applies.
    connect(m_browser, &ui::TableBrowser::filterChanged, this, showFilter);
    connect(m_browser, &ui::TableBrowser::activeRecordChanged, this, &MainWindow::updateActions);
    connect(m_browser, &ui::TableBrowser::editingChanged, this, &MainWindow::updateActions);
    connect(m_browser, &ui::TableBrowser::editRefused, this, &MainWindow::showStatus);
    connect(m_browser, &ui::TableBrowser::loadFailed, this, &MainWindow::showStatus);
    connect(m_edits, &ui::EditController::statusMessage, this, &MainWindow::showStatus);
    connect(m_edits, &ui::EditController::committed, m_navigator,
            &ui::TableNavigator::recountAfterCommit);
    connect(m_pending, &ui::PendingChangesPane::recordActivated, this,
            [this](const orm::RecordPtr &record) { m_browser->revealRecord(record); });
}

void MainWindow::showStatus(const QString &message) {
    m_status->showMessage(message);
}

bool MainWindow::openDatabase(const ui::DatabaseTarget &target, bool seed, const QString &table) {
    if (session() && !m_edits->resolvePendingChanges(tr("open another database")))
        return false;
    auto connection = std::make_unique<DatabaseConnection>();
    QString error;
    if (!connection->open(target, &error)) {
        m_prompter->showError(this, tr("Cannot open database"), error);
        return false;
    }
    if (connection->needsUpgrade() && !upgradeLibrary(*connection))
        return false;
    if (!connection->readOnlyReason().isEmpty())
        m_prompter->showError(this, tr("Opened read-only"), connection->readOnlyReason());
    orm::Session *opened = connection->session();
    // An empty database becomes a library; every other database opens as itself (its own
    // schema, reflected), asking nothing and writing nothing.
    if (connection->kind() == library::DatabaseKind::Empty && !seed &&
        !library::createTables(*opened)) {
        m_prompter->showError(this, tr("Cannot create the tables"), opened->lastError().message(),
                              opened->lastError().driverMessage);
        return false;
    }
    if (seed) {
        // Seeding works on the library's own tables only, never on the reflected ones.
        connection->useLibrarySchema();
        opened = connection->session();
    }
    if (seed && !library::resetAndSeed(*opened)) {
        m_prompter->showError(this, tr("Seeding failed"), opened->lastError().message(),
                              opened->lastError().driverMessage);
        return false;
    }
    // Detach the views before the old session goes.
    m_browser->setSession(nullptr, nullptr);
    m_navigator->setSession(nullptr);
    m_pending->setSession(nullptr);
    m_edits->setSession(nullptr, nullptr);
    delete m_history;
    m_history = nullptr;
    delete m_watcher; // it listens on the old connection
    m_watcher = nullptr;
    m_status->setSession(nullptr, nullptr);
    m_connection = std::move(connection);
    const QString partitioned = m_connection->partitionedTableOf(table);
    const orm::Table *shown =
        table.isEmpty()
            ? nullptr
            : findTable(session()->metadata(), partitioned.isEmpty() ? table : partitioned);
    installSession(shown);
    recentdatabases::add(target);
    m_databaseMenu->rebuildRecentMenu();
    showStatus(tr("Opened %1.").arg(target.displayName()));
    // A name the database does not have still opens the database, as it was left; it says so.
    if (!table.isEmpty() && !shown)
        showStatus(tr("%1 has no table named %2.").arg(target.displayName(), table));
    else if (shown && !partitioned.isEmpty())
        showPartitionNote(table, *shown);
    noticeWhatOpenedInPart();
    return true;
}

bool MainWindow::upgradeLibrary(DatabaseConnection &connection) {
    // Cancel opens nothing and changes nothing (docs/contract.md §8).
    const library::Upgrader &plan = *connection.upgrader();
    const ui::UpgradeQuestion question{connection.target().displayName(),
                                       plan.fromRevision(),
                                       plan.toRevision(),
                                       plan.steps(),
                                       plan.sql(),
                                       plan.backupPath()};
    if (!m_prompter->confirmUpgrade(this, question))
        return false;
    QString error;
    if (connection.upgrade(&error))
        return true;
    m_prompter->showError(this, tr("The library could not be upgraded"), error);
    return false;
}

void MainWindow::installSession(const orm::Table *shown) {
    orm::Session *current = session();
    m_history = new ui::EditHistory(current, this);
    m_navigator->setSession(current);
    if (current)
        m_navigator->setPartitions(m_connection->partitions());
    openedtables::Remembered tabs = openedtables::load(m_connection->target());
    // The table asked for joins the tabs of the last visit and is shown; on a first visit it is
    // the only tab (not one beside the first table by name).
    if (shown) {
        if (!tabs.tables.contains(shown->name()))
            tabs.tables << shown->name();
        tabs.current = shown->name();
    }
    m_browser->setSession(current, m_history, tabs.tables, tabs.current);
    m_pending->setSession(current);
    m_edits->setSession(current, m_history);
    m_transfer->setSession(current, m_history);
    QUndoStack *stack = m_history->undoStack();
    connect(stack, &QUndoStack::canUndoChanged, this, &MainWindow::updateActions);
    connect(stack, &QUndoStack::canRedoChanged, this, &MainWindow::updateActions);
    connect(stack, &QUndoStack::undoTextChanged, this, &MainWindow::updateActions);
    connect(stack, &QUndoStack::redoTextChanged, this, &MainWindow::updateActions);
    connect(current, &orm::Session::hasChangesChanged, this, &MainWindow::updateActions);
    m_status->setSession(current, &m_connection->target());
    m_watcher = new orm::ChangeWatcher(current, this);
    connect(m_watcher, &orm::ChangeWatcher::externalChange, m_status->notice(), &QWidget::show);
    setWindowTitle(tr("%1[*] \u2014 Shelf").arg(m_connection->target().displayName()));
    updateActions();
}

void MainWindow::refreshFromDatabase() {
    orm::Session *current = session();
    // Reloading the views would close an open editor: its value is staged first (staged edits
    // survive a refresh).
    if (!current || !m_browser->commitOpenEditor())
        return;
    // Acknowledge first: a commit by someone else while the rows are read is news again.
    if (m_watcher)
        m_watcher->acknowledge();
    m_status->notice()->hide();
    const bool refreshed = current->refreshUnchanged();
    m_browser->reloadAll();
    if (!refreshed) {
        showStatus(tr("Refresh failed: %1").arg(current->lastError().message()));
        return;
    }
    m_navigator->recount();
    showStatus(current->hasChanges()
                   ? tr("Refreshed from the database; your staged changes are kept.")
                   : tr("Refreshed from the database."));
}

void MainWindow::updateActions() {
    orm::Session *current = session();
    const bool changes = current && current->hasChanges();
    // A value typed in an open editor counts: Commit stages it first (so Ctrl+S works while
    // typing), Rollback too before it throws everything away.
    const bool editing = m_browser->hasOpenEditor();
    m_actions.commit->setEnabled(changes || editing);
    m_actions.rollback->setEnabled(changes || editing);
    QUndoStack *stack = m_history ? m_history->undoStack() : nullptr;
    m_actions.undo->setEnabled(stack && stack->canUndo());
    m_actions.redo->setEnabled(stack && stack->canRedo());
    m_actions.undo->setText(stack && stack->canUndo() ? tr("&Undo %1").arg(stack->undoText())
                                                      : tr("&Undo"));
    m_actions.undo->setToolTip(m_actions.undo->text().remove(QLatin1Char('&')));
    m_actions.redo->setText(stack && stack->canRedo() ? tr("&Redo %1").arg(stack->redoText())
                                                      : tr("&Redo"));
    m_actions.redo->setToolTip(m_actions.redo->text().remove(QLatin1Char('&')));
    const orm::RecordPtr record = m_browser->activeRecord();
    m_actions.deleteRecord->setEnabled(record && !record->isMarkedForDelete());
    m_actions.newRecord->setEnabled(current != nullptr);
    m_actions.goBack->setEnabled(m_browser->navigation()->canGoBack());
    m_actions.goForward->setEnabled(m_browser->navigation()->canGoForward());
    m_actions.goToRecord->setEnabled(m_browser->referencedRecord() != nullptr);
    m_actions.refresh->setEnabled(current != nullptr);
    // Seeding replaces the library's tables; on another database it would drop the user's own.
    const bool library = current && m_connection && m_connection->isLibrary();
    for (QAction *seed : {m_actions.seed, m_actions.seedLarge}) {
        seed->setEnabled(library);
        seed->setToolTip(current && !library
                             ? tr("%1 is not a Shelf library: seeding applies to a library only.")
                                   .arg(target().displayName())
                             : seed->text().remove(QLatin1Char('&')).remove(QChar(0x2026)));
    }
    setWindowModified(changes);
}

void MainWindow::noticeWhatOpenedInPart() {
    // Views say so in the Tables dock; what else Shelf will not write, or could not read, is
    // listed once, without stopping the user.
    QStringList lines = m_connection->notices();
    for (const orm::Table *table : session()->metadata().tables()) {
        // A database opened read-only as a whole has said so once, in its own dialog
        if (table->isReadOnly() && !table->isView() &&
            table->readOnlyReason() != m_connection->readOnlyReason())
            lines << tr("%1 is read-only: %2").arg(table->displayLabel(), table->readOnlyReason());
    }
    if (lines.isEmpty())
        return;
    m_prompter->showNotice(
        this, tr("Opened in part"),
        tr("%1 opened; some of it is read-only or left out:").arg(target().displayName()), lines);
}

bool MainWindow::showTable(const QString &name) {
    const orm::Table *table = session() ? findTable(session()->metadata(), name) : nullptr;
    const QString partitioned = table ? QString() : m_connection->partitionedTableOf(name);
    if (!partitioned.isEmpty() && session())
        table = findTable(session()->metadata(), partitioned);
    if (!table) {
        showStatus(tr("%1 has no table named %2.").arg(target().displayName(), name));
        return false;
    }
    if (!m_browser->openTable(*table))
        return false;
    if (!partitioned.isEmpty())
        showPartitionNote(name, *table);
    return true;
}

void MainWindow::showPartitionNote(const QString &partition, const orm::Table &table) {
    // Shelf lists a partitioned table once, whole: the partition's rows are among its rows
    showStatus(tr("%1 is a partition of %2: its rows are shown, edited and added to in %2.")
                   .arg(partition, table.displayLabel()));
}

const orm::Table *MainWindow::findTable(const orm::Metadata &metadata, const QString &name) {
    if (const orm::Table *table = metadata.table(name))
        return table;
    // The database's own spelling works too: "Order Details", a schema-qualified name.
    for (const orm::Table *candidate : metadata.tables()) {
        const QString qualified =
            QStringLiteral("%1.%2").arg(candidate->schema(), candidate->sqlName());
        if (candidate->sqlName().compare(name, Qt::CaseInsensitive) == 0 ||
            qualified.compare(name, Qt::CaseInsensitive) == 0)
            return candidate;
    }
    return nullptr;
}

void MainWindow::rememberOpenTables() {
    // Only while the views show this database: detaching them is not the user closing tabs.
    if (!session() || m_browser->session() != session())
        return;
    ui::RecordTableModel *model = m_browser->currentModel();
    openedtables::save(m_connection->target(),
                       {m_browser->openTableNames(), model ? model->table().name() : QString()});
}

bool MainWindow::seedDatabase() {
    if (!session() || !m_connection->isLibrary() ||
        !m_edits->resolvePendingChanges(tr("seed the database")))
        return false;
    if (!m_prompter->confirm(this, tr("Seed database"),
                             tr("Seeding drops every table of %1, creates them again and fills "
                                "them with the sample library. All data in them is lost.")
                                 .arg(target().displayName()),
                             tr("Drop and Seed")))
        return false;
    m_history->clear();
    if (!library::resetAndSeed(*session())) {
        m_prompter->showError(this, tr("Seeding failed"), session()->lastError().message(),
                              session()->lastError().driverMessage);
        m_browser->reloadAll();
        return false;
    }
    m_browser->reloadAll();
    showStatus(tr("Seeded the sample library."));
    return true;
}

void MainWindow::seedLargeLibrary() {
    if (!session() || !m_connection->isLibrary() ||
        !m_edits->resolvePendingChanges(tr("seed the database")))
        return;
    int authors = seeding::LargeAuthors;
    int booksPerAuthor = seeding::LargeBooksPerAuthor;
    if (!m_prompter->chooseLargeSeed(this, target().displayName(), &authors, &booksPerAuthor))
        return;
    m_history->clear();
    // The views would follow every staged record; let them reload once at the end instead.
    const QStringList openTables = m_browser->openTableNames();
    const QString shownTable =
        m_browser->currentModel() ? m_browser->currentModel()->table().name() : QString();
    m_browser->setSession(nullptr, nullptr);
    m_pending->setSession(nullptr);
    QString error;
    const seeding::Outcome outcome =
        seeding::seedLarge(this, *session(), authors, booksPerAuthor, &error);
    m_navigator->setSession(session()); // counted again; before the browser, which marks its table
    m_navigator->setPartitions(m_connection->partitions());
    m_browser->setSession(session(), m_history, openTables, shownTable);
    m_pending->setSession(session());
    if (outcome == seeding::Outcome::Failed)
        m_prompter->showError(this, tr("Seeding failed"), error);
    else
        showStatus(outcome == seeding::Outcome::Done
                       ? tr("Seeded the large library.")
                       : tr("Seeding cancelled; what was committed before stays."));
    m_status->schedulePendingCount();
}

void MainWindow::connectToPostgres(const ui::DatabaseTarget &prefill, bool seed,
                                   const QString &table) {
    m_databaseMenu->connectToPostgres(prefill,
                                      [this, seed, table](const ui::DatabaseTarget &target) {
                                          return openDatabase(target, seed, table);
                                      });
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray())) {
        // First start: give the pending-changes pane room once the window has its size.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_pendingDock}, {qMin(width() / 4, 360)}, Qt::Horizontal);
        });
    }
    m_browser->splitter()->restoreState(
        settings.value(QStringLiteral("mainWindow/browserSplitter")).toByteArray());
    m_pending->splitter()->restoreState(
        settings.value(QStringLiteral("mainWindow/pendingSplitter")).toByteArray());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/browserSplitter"),
                      m_browser->splitter()->saveState());
    settings.setValue(QStringLiteral("mainWindow/pendingSplitter"),
                      m_pending->splitter()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!m_edits->resolvePendingChanges(tr("close Shelf"))) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

} // namespace app
