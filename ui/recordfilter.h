#pragma once

#include "orm/session.h"

#include <QString>

namespace ui {

/// The filter box's text as a query: a row matches when a text column, or the display text of a
/// record a foreign key refers to, contains the text (case-insensitive), or when a whole-number
/// column equals it. The same rule runs in SQL (for database rows, values bound) and in memory
/// (for new records, which the database does not have yet).
class RecordFilter {
public:
    RecordFilter() = default;
    RecordFilter(const orm::Session &session, const orm::Table &table, const QString &text);

    bool isEmpty() const { return m_text.isEmpty(); }
    const QString &text() const { return m_text; }
    /// Sets the query's WHERE fragment and binds (clears them for an empty filter).
    void apply(orm::Query *query) const;
    bool matches(const orm::RecordPtr &record) const;

private:
    const orm::Table *m_table = nullptr;
    QString m_text;
    QString m_where;
    QVariantList m_binds;
};

} // namespace ui
