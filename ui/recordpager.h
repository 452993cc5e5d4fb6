#pragma once

#include "recordfilter.h"

#include "orm/session.h"

namespace ui {

/// Reads one table page by page through Session::query(), with the filter and the order in SQL:
/// the database side of RecordTableModel's table mode. Each page also loads, in one query per
/// parent table, the records its foreign keys refer to, so cells never query one by one.
class RecordPager {
public:
    RecordPager(orm::Session *session, const orm::Table &table);

    void setFilter(const QString &text);
    const RecordFilter &filter() const { return m_filter; }
    /// False when the order is already this one.
    bool setOrder(int column, Qt::SortOrder order);
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }

    /// The first page; `error` is set when the query failed.
    orm::RecordList restart(QString *error);
    /// The next page.
    orm::RecordList next(QString *error);
    bool atEnd() const { return m_atEnd; }
    /// Rows matching the filter in the database (one COUNT query; staged changes not counted).
    qint64 count() const { return m_session->count(*m_table, m_query); }
    /// A row already read left the table (deleted): the next page starts one row earlier.
    /// Reading a row twice is harmless (the model skips it); skipping one is not.
    void forgetRow() { m_offset = qMax<qint64>(0, m_offset - 1); }

    /// Loads the records that `records`' foreign keys refer to and the session does not hold.
    static void prefetchParents(orm::Session &session, const orm::Table &table,
                                const orm::RecordList &records);

private:
    orm::RecordList read(qint64 offset, QString *error);

    orm::Session *m_session;
    const orm::Table *m_table;
    orm::Query m_query;
    RecordFilter m_filter;
    qint64 m_offset = 0;
    bool m_atEnd = false;
    int m_pageSize = 256;
};

} // namespace ui
