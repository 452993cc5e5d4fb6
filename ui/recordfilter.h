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

    /// SQL that is true when `quotedColumn` contains the text bound by containsBinds(): a plain
    /// substring search (instr/strpos), so '%', '_' and '\\' are literal and the text has no
    /// length limit (SQLite refuses LIKE patterns past 50,000 bytes). Case is folded by LOWER(),
    /// which SQLite does for ASCII only, so the text as typed is tried too.
    static QString containsTerm(const orm::Dialect &dialect, const QString &quotedColumn);
    /// The two values containsTerm() binds, in order.
    static QVariantList containsBinds(const QString &text);

private:
    const orm::Table *m_table = nullptr;
    QString m_text;
    QString m_where;
    QVariantList m_binds;
};

} // namespace ui
