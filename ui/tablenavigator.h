#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace orm {
class Session;
class Table;
} // namespace orm

namespace ui {

class RowCounter;

/// The Tables dock: every table and view of the open database, grouped by schema when there
/// are several (PostgreSQL), filtered as the user types, with row counts that arrive from a
/// background count and never hold the window up. Views and read-only tables are set in
/// italics, the reason in their tooltip. Activating a table asks the window to open it.
class TableNavigator : public QWidget {
    Q_OBJECT
public:
    explicit TableNavigator(QWidget *parent = nullptr);
    ~TableNavigator() override;

    /// Lists the session's tables and starts counting their rows (nullptr: empty).
    void setSession(orm::Session *session);
    /// Marks the table shown in the window (without opening anything).
    void setCurrentTable(const orm::Table *table);

    QLineEdit *filterEdit() const { return m_filter; }
    QTreeView *tree() const { return m_tree; }
    /// The filtered list as the tree shows it.
    QSortFilterProxyModel *listModel() const { return m_proxy; }
    /// Counts every table's rows again (after a commit or a refresh: a delete may have cascaded
    /// anywhere); the counts shown stay until the new ones arrive.
    void recount();
    /// The row count shown for a table, -1 while it is not known.
    qint64 rowCount(const orm::Table &table) const;
    /// Whether every row count has arrived (or failed).
    bool countsFinished() const;

Q_SIGNALS:
    void tableActivated(const orm::Table &table);
    /// A row count arrived (tests and the status bar wait for it).
    void rowCountChanged(const orm::Table &table);
    void countsDone();

private:
    void activate(const QModelIndex &proxyIndex);
    const orm::Table *tableAt(const QModelIndex &proxyIndex) const;
    void onCounted(int table, qint64 rows);
    void onCountFailed(int table, const QString &message);

    QPointer<orm::Session> m_session;
    QLineEdit *m_filter;
    QTreeView *m_tree;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    RowCounter *m_counter;
    QList<const orm::Table *> m_tables;         ///< indexed by the handle the counter gives back
    QHash<int, QStandardItem *> m_countItems;   ///< each table's Rows cell
    QHash<const orm::Table *, qint64> m_counts; ///< counts that arrived
};

} // namespace ui
