#include "tableorder.h"

#include "orm/table.h"

#include <QString>

namespace ui::tableorder {

namespace {

/// Shelf names a table of the first schema of search_path without its schema ("customers"),
/// those of other schemas with it ("archive.customers").
bool namedWithoutSchema(const orm::Table *table) {
    return table->name() == table->sqlName();
}

} // namespace

bool byName(const orm::Table *a, const orm::Table *b) {
    if (const int bySchema = QString::compare(a->schema(), b->schema(), Qt::CaseInsensitive)) {
        // The schema whose tables the user names plainly first: "customers" typed in the
        // filter, and the table a first visit opens at, are its own, not archive's
        if (namedWithoutSchema(a) != namedWithoutSchema(b))
            return namedWithoutSchema(a);
        return bySchema < 0;
    }
    return QString::compare(a->displayLabel(), b->displayLabel(), Qt::CaseInsensitive) < 0;
}

} // namespace ui::tableorder
