#pragma once

namespace orm {
class Table;
} // namespace orm

namespace ui {

/// The order in which a person looks for a table: by name, not in dependency order (which means
/// nothing to a person). The Tables dock lists tables in it, and a database opened without
/// remembered tabs shows the first table in it, so the tab opened is the one listed on top.
namespace tableorder {

/// True when `a` comes before `b`: by schema first (when the database has several: the first
/// schema of search_path, whose tables are named without it, then the others by name), then by
/// label, ignoring case.
bool byName(const orm::Table *a, const orm::Table *b);

} // namespace tableorder

} // namespace ui
