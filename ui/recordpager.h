#pragma once

#include "recordfilter.h"

#include "orm/session.h"

#include <QSet>

namespace ui {

/// Reads windows of one table through Session::query(), with the filter and the order in SQL:
/// the database side of RecordTableModel. A page starting deep in the table does not
/// cost O(offset): it continues from a neighbouring page's boundary row (keyset pagination,
/// `WHERE (sort, id) > (…)`), and a page near the end is read backwards from the end
/// (`ORDER BY … DESC LIMIT`). Each page also loads, in one query per parent table, the records
/// its foreign keys refer to, so cells never query one by one, and finds which of those share
/// their label with another row (one more query per parent table whose labels can repeat).
class RecordPager {
public:
    RecordPager(orm::Session *session, const orm::Table &table);

    void setFilter(const QString &text);
    const RecordFilter &filter() const { return m_filter; }
    /// False when the order is already this one.
    bool setOrder(int column, Qt::SortOrder order);

    /// Rows matching the filter in the database (one COUNT query; staged changes not counted);
    /// -1 with `error` set when the query failed.
    qint64 count(QString *error);

    /// What read() returns: the rows, and the parent records their foreign keys refer to (held
    /// with the page, so that they stay loaded exactly as long as the rows that show them).
    struct Page {
        orm::RecordList records;
        orm::RecordList parents;
        /// Those of `parents` whose label another row of their table shares (Namesakes): their
        /// cells add the key.
        QSet<const orm::Record *> namesakes;
    };
    /// Reads `rows` rows starting at row `first` of `total` rows in the current order and filter.
    /// `before` (the row just before `first`) and `after` (the row just after the page), when
    /// known, let the read continue from them instead of skipping `first` rows.
    Page read(qint64 first, qint64 rows, qint64 total, const orm::RecordPtr &before,
              const orm::RecordPtr &after, QString *error);
    /// Rows before `record` in the database in the current order and filter (one COUNT query);
    /// -1 when that cannot be told (a nullable sort column, a query failure).
    qint64 positionOf(const orm::RecordPtr &record, QString *error);

    /// Rows of the table read so far (not counting parent records).
    qint64 rowsRead() const { return m_rowsRead; }
    /// Parent records read so far to show foreign keys.
    qint64 parentRowsRead() const { return m_parentRowsRead; }

    /// Loads the records that `records`' foreign keys refer to and the session does not hold;
    /// returns every referenced parent the session has afterwards.
    static orm::RecordList prefetchParents(orm::Session &session, const orm::Table &table,
                                           const orm::RecordList &records,
                                           qint64 *loaded = nullptr);

private:
    /// The columns rows are ordered by: the sort column, then the key columns.
    QList<int> orderColumns() const;
    /// Whether rows can be located by their sort value (NULLs sort differently per database).
    bool keysetUsable(const orm::RecordPtr &boundary) const;
    /// The WHERE fragment for rows after (`after` true) or before `boundary` in the order.
    void restrictTo(orm::Query *query, const orm::RecordPtr &boundary, bool after) const;
    orm::RecordList run(const orm::Query &query, bool backwards, QString *error);

    orm::Session *m_session;
    const orm::Table *m_table;
    orm::Query m_query;
    RecordFilter m_filter;
    qint64 m_rowsRead = 0;
    qint64 m_parentRowsRead = 0;
};

} // namespace ui
