#pragma once

#include "recordmodel.h"
#include "recordpager.h"

#include <QHash>

namespace ui {

/// The rows of one table of an orm::Session, paged: the model behind every table tab.
///
/// The session's pending records of the table come first, then the database rows. rowCount()
/// comes from one SQL COUNT; rows are read on demand, a page at a time, when a view asks for them
/// (RecordPager: keyset pagination from a cached neighbour, backwards from the end for the last
/// pages, so no page costs a scan of the rows before it). A bounded LRU cache keeps the pages; an
/// evicted page gives its records back to the session (Session::releaseUnused), except those with
/// staged changes, which the session keeps, so a page read again shows them as they were.
/// Sorting and filtering run in SQL; because queries go through the identity map, staged edits
/// survive them. Rows marked for delete stay until commit; commit, rollback and reload() count
/// again. What a cell shows and how it is edited is RecordModel's.
class RecordTableModel : public RecordModel {
    Q_OBJECT
public:
    RecordTableModel(orm::Session *session, const orm::Table &table, QObject *parent = nullptr);
    ~RecordTableModel() override;

    /// Shows only rows with a text column (or a referenced record's name) containing `text`.
    void setFilter(const QString &text);
    QString filter() const { return m_pager.filter().text(); }
    /// Rows per page read (takes effect at the next reload()).
    void setPageSize(int rows) { m_nextPageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    /// Pages kept in memory at most (at least 2).
    void setPageCacheSize(int pages);
    int pageCacheSize() const { return m_maxPages; }
    int cachedPageCount() const { return int(m_pages.size()); }
    /// Rows matching the filter in the database, as of the last count.
    qint64 databaseRowCount() const { return m_databaseRows; }
    /// Rows of the table (not counting parent records) read from the database so far.
    qint64 rowsRead() const { return m_pager.rowsRead(); }
    /// Forgets the loaded rows and counts again; pages are read when asked for.
    void reload();
    /// Returns `record`'s row, reading the page it is on (found with one COUNT query, or by
    /// reading up to `maxPages` pages when the order cannot locate it); -1 when it is not a row.
    int ensureLoaded(const orm::Record *record, int maxPages = 64);

    orm::RecordPtr record(int row) const override;
    int rowOf(const orm::Record *record) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    orm::RecordPtr loadedRecord(int row) const override;
    bool isNamesake(int row, const orm::Record *parent) const override;
    void recheckNamesakes(const orm::Table &parentTable) override;
    void onRecordAdded(orm::Record *record) override;
    void onRecordRemoved(orm::Record *record) override;
    bool waitsOutManyChanges() const override { return true; }
    void onManyChanged() override { recount(); }
    void onCommitted() override { recount(); }
    void onRolledBack() override { recount(); }
    void onSchemaChanged() override { reload(); }

private:
    void insertRecord(int row, const orm::RecordPtr &record);
    void removeRowAt(int row);
    /// The record of a database row, reading its page if needed.
    orm::RecordPtr databaseRecord(qint64 row) const;
    void loadPage(qint64 page);
    void evictPages(qint64 keep);
    void dropPages();
    /// Commit, rollback, a row gone: count again, keep persistent indexes on their records.
    void recount();
    void scheduleRecount();

    orm::RecordList m_rows; ///< the session-new records, before the database rows

    struct CachedPage {
        RecordPager::Page page;
        quint64 lastUse = 0;
        bool failed = false;
    };
    RecordPager m_pager;
    qint64 m_databaseRows = -1; ///< until the first count
    int m_pageSize = 256;
    int m_nextPageSize = 256; ///< setPageSize(): applied by reload(), with the pages dropped
    int m_maxPages = 16;
    QHash<qint64, CachedPage> m_pages;            ///< by page number
    QHash<const orm::Record *, qint64> m_dbIndex; ///< database row of cached records
    /// Whether a new row's parent shares its label with another row ("Music (#1)"), found on
    /// first paint, one parent at a time; held (the parent too) until the next reload or recheck.
    mutable QHash<const orm::Record *, QPair<orm::RecordPtr, bool>> m_newRowNamesakes;
    quint64 m_useClock = 0;
    bool m_recountScheduled = false;
};

} // namespace ui
