#pragma once

#include "orm/session.h"
#include "recordpager.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <functional>

namespace ui {

class EditHistory;

/// A table model over one table of an orm::Session: the generic model behind every table view.
///
/// Two row sources:
/// - *table mode* (the default): the session's pending records of the table first, then the
///   database rows. rowCount() comes from one SQL COUNT; rows are read on demand, a page at a
///   time, when a view asks for them (RecordPager: keyset pagination from a cached neighbour,
///   backwards from the end for the last pages, so no page costs a scan of the rows before it).
///   A bounded LRU cache keeps the pages; an evicted page gives its records back to the session
///   (Session::releaseUnused), except those with staged changes, which the session keeps, so a
///   page read again shows them as they were. Sorting and filtering run in SQL; because queries
///   go through the identity map, staged edits survive them. Rows marked for delete stay until
///   commit; commit, rollback and reload() count again.
/// - *relation mode* (setRelation()): the rows are one parent's children (an author's books),
///   as the session holds them in memory, staged re-parenting included. No paging or sorting.
///   setRelatedRows() is relation mode over rows related another way (a row's parent, a
///   playlist's tracks through its junction rows), read by a function given.
///
/// Staged state is shown through the standard roles: a modified cell is tinted and its tooltip
/// gives the committed value, new rows are tinted and marked in the vertical header, rows marked
/// for delete (also by a cascade) are struck through and greyed, and a foreign key that a delete
/// will set to NULL shows as a staged edit. Foreign key columns display the referenced record's
/// display text; their EditRole is the id, ParentRecordRole the record.
///
/// Edits go through an EditHistory when one is set (so they can be undone), else straight to the
/// records. The model follows the session's signals; it never polls.
class RecordTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RecordRole = Qt::UserRole + 1, ///< orm::RecordPtr of the row
        ParentRecordRole,              ///< orm::RecordPtr a foreign key cell refers to
        ModifiedRole,                  ///< bool: the cell holds a staged change
        CommittedValueRole,            ///< the committed value of the cell
        RowStateRole,                  ///< RowState as int
        ErrorRole, ///< the failed commit's message for the cell it names, else invalid
    };
    enum class RowState { Unchanged, New, Modified, MarkedForDelete };
    Q_ENUM(RowState)

    RecordTableModel(orm::Session *session, const orm::Table &table, QObject *parent = nullptr);
    ~RecordTableModel() override;

    const orm::Table &table() const { return *m_table; }
    orm::Session *session() const { return m_session; }
    void setEditHistory(EditHistory *history);

    /// Relation mode: show `parent`'s children along `relationship` (whose child is this table).
    /// nullptr shows nothing.
    void setRelation(const orm::RecordPtr &parent, const orm::Relationship *relationship);
    const orm::Relationship *relationship() const { return m_relationship; }
    orm::RecordPtr relationParent() const { return m_relationParent; }
    /// What setRelatedRows() reads: the rows related to one record, in their order.
    using RowSource = std::function<orm::RecordList()>;
    /// Relation mode over rows that are not one relationship's children: `read` gives them (no
    /// function: nothing), and is asked again when records of this table or of a `watched` one
    /// are added, removed or changed, and after commit and rollback (on the next turn of the
    /// event loop, once for many changes). New rows cannot be linked here: relationship() is null.
    void setRelatedRows(RowSource read, const QList<const orm::Table *> &watched = {});
    /// True in relation mode (setRelation() or setRelatedRows()): the rows are related to one
    /// record, not the table's rows.
    bool isRelated() const { return isRelationMode(); }

    /// Shows only rows with a text column (or a referenced record's name) containing `text`.
    void setFilter(const QString &text);
    QString filter() const { return m_pager.filter().text(); }
    /// Table mode: rows per page read (takes effect at the next reload()).
    void setPageSize(int rows) { m_nextPageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    /// Table mode: pages kept in memory at most (at least 2).
    void setPageCacheSize(int pages);
    int pageCacheSize() const { return m_maxPages; }
    int cachedPageCount() const { return int(m_pages.size()); }
    /// Table mode: rows matching the filter in the database, as of the last count (-1 in
    /// relation mode).
    qint64 databaseRowCount() const { return m_databaseRows; }
    /// Table mode: rows of the table (not counting parent records) read from the database so far.
    qint64 rowsRead() const { return m_pager.rowsRead(); }
    /// Forgets the loaded rows and counts again; pages are read when asked for.
    void reload();
    /// Returns `record`'s row, reading the page it is on (found with one COUNT query, or by
    /// reading up to `maxPages` pages when the order cannot locate it); -1 when it is not a row.
    int ensureLoaded(const orm::Record *record, int maxPages = 64);

    orm::RecordPtr record(int row) const;
    int rowOf(const orm::Record *record) const;
    QModelIndex indexOf(const orm::Record *record, int column = 0) const;
    RowState rowState(int row) const;

    /// Marks one cell (or a whole row with column -1) as the cause of a failed commit (the only
    /// mark: others are cleared).
    void markError(const orm::Record *record, int column, const QString &message);
    /// Marks one more cell: a failed commit may have found several problems.
    void addErrorMark(const orm::Record *record, int column, const QString &message);
    void clearErrorMark();
    /// Why the last setData() was refused (what editRefused() said); empty after one that worked.
    QString lastRefusal() const { return m_lastRefusal; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    /// An edit was refused; the sentence says why, for the status bar.
    void editRefused(const QString &message);
    /// A query failed; the sentence says why.
    void loadFailed(const QString &message);

private:
    bool isValidCell(const QModelIndex &index) const;
    bool isRelationMode() const { return m_relationship != nullptr || m_rowSource != nullptr; }
    /// Relation mode: the rows as they are now (children, or what the row source reads).
    orm::RecordList relatedRows() const;
    bool watches(const orm::Table &table) const;
    void reportLoadError(const QString &error);
    void syncRelation();
    void scheduleRelationSync();
    void rebuildIndex() const;
    void insertRecord(int row, const orm::RecordPtr &record);
    void removeRow(int row);
    void sweepDetached();
    /// Table mode: the record of a database row, reading its page if needed.
    orm::RecordPtr databaseRecord(qint64 row) const;
    /// The record of a row if it is in memory now; never reads.
    orm::RecordPtr loadedRecord(int row) const;
    void loadPage(qint64 page);
    void evictPages(qint64 keep);
    void dropPages();
    /// Commit, rollback, a row gone: count again, keep persistent indexes on their records.
    void recount();
    void scheduleRecount();
    void refreshAll();
    void refreshForeignKeysTo(const orm::Table &parentTable);
    bool isCellModified(int row, int column) const;
    orm::RecordPtr nulledParent(const orm::RecordPtr &record, int column) const;
    bool applyEdit(const orm::RecordPtr &record, int column, const QVariant &value);

    void onRecordAdded(orm::Record *record);
    void onRecordRemoved(orm::Record *record);
    void onRecordChanged(orm::Record *record, int column);
    void onRecordStateChanged(orm::Record *record);

    QPointer<orm::Session> m_session;
    const orm::Table *m_table;
    QPointer<EditHistory> m_history;

    orm::RecordList m_rows; ///< relation mode: the rows; table mode: the session-new records
    mutable QHash<const orm::Record *, int> m_rowIndex; ///< relation mode
    mutable bool m_indexDirty = true;

    struct CachedPage {
        RecordPager::Page page;
        quint64 lastUse = 0;
        bool failed = false;
    };
    RecordPager m_pager;
    qint64 m_databaseRows = -1;
    int m_pageSize = 256;
    int m_nextPageSize = 256; ///< setPageSize(): applied by reload(), with the pages dropped
    int m_maxPages = 16;
    QHash<qint64, CachedPage> m_pages;            ///< table mode: by page number
    QHash<const orm::Record *, qint64> m_dbIndex; ///< table mode: database row of cached records
    quint64 m_useClock = 0;
    bool m_recountScheduled = false;

    orm::RecordPtr m_relationParent;
    const orm::Relationship *m_relationship = nullptr;
    /// setRelatedRows(): a function that is never empty while set (an empty one reads nothing).
    RowSource m_rowSource;
    QList<const orm::Table *> m_watched;
    bool m_syncScheduled = false;
    bool m_reloadScheduled = false;

    /// A cell (or row, column -1) a failed commit names, while its record lives (its address may
    /// be reused after: evicted pages free their records).
    struct Mark {
        const orm::Record *record = nullptr;
        std::weak_ptr<const orm::Record> alive;
        int column = -1;
        QString message;
    };
    QList<Mark> m_marks;
    /// The mark on that cell (or on its whole row), or nullptr.
    const Mark *markFor(const orm::Record *record, int column) const;
    /// The first mark on that record, or nullptr.
    const Mark *rowMark(const orm::Record *record) const;
    void emitRowChanged(const orm::Record *record);
    QString m_lastRefusal;
};

} // namespace ui
