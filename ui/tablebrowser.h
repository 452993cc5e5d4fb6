#pragma once

#include "navigationhistory.h"
#include "orm/types.h"
#include "stagedproblems.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QWidget>
#include <memory>

class QAction;
class QSplitter;
class QTabWidget;
class QTableView;

namespace orm {
class Metadata;
class Session;
class Table;
} // namespace orm

namespace ui {

class EditHistory;
class Prompter;
class RecordModel;
class RecordTableModel;
class RelatedRecordsPane;

/// The centre of the main window: one tab per table (a RecordTableModel in a table view) above
/// the related-records pane of the selected record. Knows which view the user worked in last, so
/// New and Delete act where the user is, and can bring any record into view.
class TableBrowser : public QWidget {
    Q_OBJECT
public:
    explicit TableBrowser(QWidget *parent = nullptr);

    /// Rebuilds the tabs for `session` (nullptr: empty): the tables named in `openTables` that
    /// the schema has, in that order, with `currentTable` shown. Without any: every table of
    /// Shelf's library, or the first table of any other database in tableorder (it may have
    /// hundreds: the navigator opens the others).
    void setSession(orm::Session *session, EditHistory *history, const QStringList &openTables = {},
                    const QString &currentTable = {});

    /// Shows the table, opening a tab for it when it has none. False when the table is not the
    /// session's or the tab could not be shown (an editor elsewhere holds a refused value).
    bool openTable(const orm::Table &table);
    /// Shows the table as the user moves through the Tables list (a click, the arrow keys),
    /// leaving the keyboard where it is. A table without a tab opens in the preview tab, which
    /// the next table previewed replaces, so walking down a list of 500 tables leaves one tab, not
    /// 500. The preview becomes a tab of its own once the user works in it (the keyboard enters
    /// its grid), opens it with openTable(), or its table holds staged changes when the next
    /// table is previewed. False as openTable().
    bool previewTable(const orm::Table &table);
    /// Closes the tab at `tab` after staging its open editor; false (the tab stays) when that
    /// value is refused. Staged edits of the table stay staged.
    bool closeTable(int tab);
    /// The names of the tables with a tab, in tab order.
    QStringList openTableNames() const;
    QTabWidget *tabs() const { return m_tabs; }
    orm::Session *session() const { return m_session; }

    RecordTableModel *modelFor(const orm::Table &table) const;
    QTableView *viewFor(const orm::Table &table) const;
    QList<RecordTableModel *> models() const; ///< the table tabs' models
    RecordTableModel *currentModel() const;   ///< the current table tab's model
    QTableView *currentView() const;
    /// openTable(), for callers that only switch.
    void setCurrentTable(const orm::Table &table);

    /// The view the user worked in last: a table tab or a related-records tab.
    QTableView *activeView() const;
    RecordModel *activeModel() const;
    /// The record of the active view's current row.
    orm::RecordPtr activeRecord() const;
    /// The records of every row with a selected cell in the active view, top to bottom; the
    /// active record alone when nothing is selected.
    orm::RecordList selectedRecords() const;

    /// Whether a cell editor is open in any table or related-records view.
    bool hasOpenEditor() const;
    /// The one gate before every action that commits, rolls back, undoes, reloads or leaves the
    /// session: stages the open cell editor's value. When the value is refused the editor stays
    /// open with the reason shown and this returns false — the action must stop.
    [[nodiscard]] bool commitOpenEditor();
    /// Gives the current table the keyboard focus, with a current cell (the first row's first
    /// editable cell when there was none), so that F2 and typing edit at once.
    void focusCurrentTable();

    /// Switches to the record's table, loads pages until the row is there, selects the cell.
    bool revealRecord(const orm::RecordPtr &record, int column = -1);
    /// revealRecord() as the user's move to another place: where they were goes into the
    /// navigation history, so Back returns there.
    bool goTo(const orm::RecordPtr &record, int column = -1);
    /// Where the active view's current cell leads: a related row opens in its own table, a
    /// foreign-key cell at the row it refers to (nullptr: the cell leads nowhere).
    orm::RecordPtr referencedRecord() const;
    /// Back and Forward through the places goTo() visited; a place whose row is gone is skipped.
    bool goBack();
    bool goForward();
    NavigationHistory *navigation() const { return m_navigation; }
    /// Marks the cell in every model showing the record (a failed commit), and reveals it.
    void markError(const orm::RecordPtr &record, int column, const QString &message);
    /// Marks several cells (a failed commit found several problems) and reveals the first.
    void markErrors(const QList<stagedproblems::Problem> &cells);
    void clearErrorMarks();

    /// Filters the current table tab (in SQL, staged edits kept).
    void setFilter(const QString &text);
    QString filter() const;
    void reloadAll();

    /// The window's Delete, offered by the tables' context menus.
    void setDeleteAction(QAction *action) { m_deleteAction = action; }
    /// The window's questions, asked by the tables' context menus (which file to save a value
    /// to); nullptr: those actions do nothing.
    void setPrompter(Prompter *prompter) { m_prompter = prompter; }
    Prompter *prompter() const { return m_prompter; }

    RelatedRecordsPane *relatedPane() const { return m_related; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void currentTableChanged();
    /// The browser changed the current table's filter itself (revealRecord() cleared it to show a
    /// row it hid): what shows the filter should show filter() again.
    void filterChanged();
    /// A table tab was opened, closed or moved.
    void openTablesChanged();
    /// The user chose the columns that name `table`'s rows (empty: Shelf's choice again), from
    /// a column header's menu.
    void labelChangeRequested(const QString &table, const QStringList &columns);
    void editRefused(const QString &message);
    void loadFailed(const QString &message);
    void activeRecordChanged();
    /// Rows were loaded, added or removed in a table tab.
    void rowsChanged();
    /// The keyboard focus moved: a cell editor may have opened or closed.
    void editingChanged();

private:
    static QList<const orm::Table *> tablesToOpen(const orm::Metadata &metadata,
                                                  const QStringList &names);
    QTableView *createTab(const orm::Table &table);
    /// Opens or switches to the table's tab (openTable() without keeping a preview).
    bool showTab(const orm::Table &table);
    void onFocusChanged(QWidget *old, QWidget *now);
    void updateRelated();
    void rememberCurrent(QTableView *view, RecordTableModel *model);
    void restoreCurrent(QTableView *view, RecordTableModel *model);
    /// A view with rows always has a current cell: the first row's first editable one.
    static void ensureCurrentCell(QTableView *view);
    void onCurrentTabChanged();
    /// The record and column of the current table tab's current cell.
    NavigationHistory::Place currentPlace() const;
    /// Shows `place`'s record; false when its row is gone.
    bool revealPlace(const NavigationHistory::Place &place);
    QList<QTableView *> allViews() const;

    /// The current record and column of a view whose model is being reset.
    struct KeptCurrent {
        std::weak_ptr<orm::Record> record;
        int column = -1;
    };

    QPointer<orm::Session> m_session;
    QPointer<EditHistory> m_history;
    QSplitter *m_splitter;
    QTabWidget *m_tabs;
    RelatedRecordsPane *m_related;
    QList<RecordTableModel *> m_models;
    QList<QTableView *> m_views;
    QPointer<QTableView> m_activeView;
    QPointer<QTableView> m_shownView;
    Prompter *m_prompter = nullptr;   ///< the window's, which outlives the browser's menus
    QPointer<QAction> m_deleteAction; ///< the table tab shown before the current one
    QHash<QTableView *, KeptCurrent> m_kept;
    QPointer<QTableView> m_preview; ///< the tab previewTable() replaces, until the user keeps it
    bool m_leaveFocus = false;      ///< while previewing: the keyboard stays in the Tables list
    NavigationHistory *m_navigation;
};

} // namespace ui
