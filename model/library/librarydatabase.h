#pragma once

#include <QSqlDatabase>
#include <QString>

namespace orm {
class Metadata;
class Session;
} // namespace orm

namespace library {

/// SQLite `PRAGMA application_id` of a library Shelf made ("Shlf").
constexpr qint32 kApplicationId = 0x53686c66;
/// The one-row table that marks a PostgreSQL library (its schema revision).
QString markerTable();

/// What a database is to Shelf, judged from its reflected schema and the stamp Shelf writes when
/// it creates a library (DESIGN.md §7 rule 6).
enum class DatabaseKind {
    Empty,   ///< no user tables: Shelf makes it a library
    Library, ///< stamped, or (made before stamps) its schema is exactly the declared library
    Other,   ///< any other database: opened as itself, through its reflected schema
};
DatabaseKind recognise(const QSqlDatabase &database, const orm::Metadata &reflected);

/// True when `reflected` holds every table of library::metadata() with the same columns (name,
/// type, nullability, key) and foreign keys, and no other table but the marker. Otherwise
/// `difference` names the first thing that differs.
bool matchesDeclared(const orm::Metadata &reflected, QString *difference = nullptr);

/// createAll() and the stamp: what makes a database a library. Seeding calls it.
[[nodiscard]] bool createTables(orm::Session &session);

} // namespace library
