#pragma once

#include <QList>

namespace orm {

class Table;

/// Picks the columns that name a row of a reflected table to a person — what a foreign-key
/// cell, the picker and every message show instead of a key. In order of preference:
/// 1. a text column that is UNIQUE and NOT NULL (a customer's company name): it names exactly
///    one row;
/// 2. a column named `name` or `label`;
/// 3. a first-name / last-name pair, shown "first last" (an employee reads "Jane Peacock" — the
///    job `title` beside them must not win);
/// 4. a column named `title` (an album's);
/// 5. a column whose name ends in "name" (CompanyName, product_name);
/// 6. the first text column.
/// Keys and foreign-key columns never name a row (they are ids); none of the above: empty, and
/// the key names it. Returns the columns in the order they are shown.
QList<int> chooseLabelColumns(const Table &table);

} // namespace orm
