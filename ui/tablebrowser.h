#pragma once

#include "orm/types.h"
#include "stagedproblems.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QWidget>
#include <memory>

class QAction;
class QSplitter;
class QTabWidget;
class QTableView;

namespace orm {
class Session;
}

namespace ui {

class EditHistory;
class RecordTableModel;
class RelatedRecordsPane;

/// The centre of the main window: one tab per table (a RecordTableModel in a table view) above
/// the related-records pane of the selected record. Knows which view the user worked in last, so
/// New and Delete act where the user is, and can bring any record into view.
class TableBrowser : public QWidget {
    Q_OBJECT
public:
    explicit TableBrowser(QWidget *parent = nullptr);

    /// Rebuilds every tab for `session` (nullptr: empty).
    void setSession(orm::Session *session, EditHistory *history);

    RecordTableModel *modelFor(const orm::Table &table) const;
    QTableView *viewFor(const orm::Table &table) const;
    QList<RecordTableModel *> models() const; ///< the table tabs' models
    RecordTableModel *currentModel() const;   ///< the current table tab's model
    QTableView *currentView() const;
    void setCurrentTable(const orm::Table &table);

    /// The view the user worked in last: a table tab or a related-records tab.
    QTableView *activeView() const;
    RecordTableModel *activeModel() const;
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

    RelatedRecordsPane *relatedPane() const { return m_related; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void currentTableChanged();
    void editRefused(const QString &message);
    void loadFailed(const QString &message);
    void activeRecordChanged();
    /// Rows were loaded, added or removed in a table tab.
    void rowsChanged();
    /// The keyboard focus moved: a cell editor may have opened or closed.
    void editingChanged();

private:
    void onFocusChanged(QWidget *old, QWidget *now);
    void updateRelated();
    void rememberCurrent(QTableView *view, RecordTableModel *model);
    void restoreCurrent(QTableView *view, RecordTableModel *model);
    /// A view with rows always has a current cell: the first row's first editable one.
    static void ensureCurrentCell(QTableView *view);
    void onCurrentTabChanged();
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
    QPointer<QAction> m_deleteAction; ///< the table tab shown before the current one
    QHash<QTableView *, KeptCurrent> m_kept;
};

} // namespace ui
