#pragma once

#include "orm/foreignkeyactions.h"

#include <QHash>
#include <QPointer>
#include <QSet>
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
/// italics, the reason in their tooltip. Activating a table (Enter, a double click) asks the
/// window to open it; moving to a table in the list (a click, the arrow keys) asks the window to
/// show it while the keyboard stays in the list.
class TableNavigator : public QWidget {
    Q_OBJECT
public:
    explicit TableNavigator(QWidget *parent = nullptr);
    ~TableNavigator() override;

    /// Lists the session's tables and starts counting their rows (nullptr: empty).
    void setSession(orm::Session *session);
    /// The partitions of the session's tables (PostgreSQL), each by name with the table listed in
    /// its place (orm::Reflection::partitionOf): the filter finds a table by them too, and its
    /// tooltip names them. For the session set last.
    void setPartitions(const QHash<QString, QString> &partitionOf);
    /// Marks the table shown in the window (without opening or showing anything).
    void setCurrentTable(const orm::Table *table);

    QLineEdit *filterEdit() const { return m_filter; }
    QTreeView *tree() const { return m_tree; }
    /// The filtered list as the tree shows it.
    QSortFilterProxyModel *listModel() const { return m_proxy; }
    /// Counts every table's rows again (after a refresh); the counts shown stay until the new ones
    /// arrive. While a round is still counting, the new one starts when it ends: the window never
    /// waits for a count.
    void recount();
    /// Counts again the tables a commit wrote to and every table whose foreign keys reach them
    /// (the database's own ON DELETE / ON UPDATE actions): not the whole database after each
    /// commit. Triggers may write elsewhere: every table is counted again after a commit that
    /// wrote to a table with triggers, or whose deletes and key edits (`actionStarts`) a foreign
    /// key's action took into one.
    void recountAfterCommit(const QSet<const orm::Table *> &written,
                            const orm::ActionStarts &actionStarts);
    /// The row count shown for a table, -1 while it is not known.
    qint64 rowCount(const orm::Table &table) const;
    /// Whether every row count has arrived (or failed).
    bool countsFinished() const;

Q_SIGNALS:
    void tableActivated(const orm::Table &table);
    /// The user moved to another table in the list; never for setCurrentTable() or a filter.
    void tableChosen(const orm::Table &table);
    /// A row count arrived (tests and the status bar wait for it).
    void rowCountChanged(const orm::Table &table);
    void countsDone();

private:
    void activate(const QModelIndex &proxyIndex);
    /// The user moved to or clicked the row: asks for its table unless it is the one shown.
    void choose(const QModelIndex &proxyIndex);
    const orm::Table *tableAt(const QModelIndex &proxyIndex) const;
    void onCounted(int table, qint64 rows);
    void onCountFailed(int table, const QString &message);
    void count(const QSet<const orm::Table *> &tables);
    void onRoundFinished();

    QPointer<orm::Session> m_session;
    QLineEdit *m_filter;
    QTreeView *m_tree;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    RowCounter *m_counter;
    QList<const orm::Table *> m_tables;         ///< indexed by the handle the counter gives back
    QHash<int, QStandardItem *> m_countItems;   ///< each table's Rows cell
    QHash<const orm::Table *, qint64> m_counts; ///< counts that arrived
    QSet<const orm::Table *> m_countNext;       ///< asked for while a round was counting
    const orm::Table *m_shown = nullptr;        ///< the window's table, as setCurrentTable() said
    bool m_syncing = false; ///< the list follows the window: no choice of the user's
};

} // namespace ui
