#pragma once

#include "orm/schemastate.h"

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
/// it creates a library (docs/contract.md §7 rule 6).
enum class DatabaseKind {
    Empty,   ///< no user tables: Shelf makes it a library
    Library, ///< stamped, or (made before stamps) its schema is exactly a revision's
    Other,   ///< any other database: opened as itself, through its reflected schema
};
DatabaseKind recognise(const QSqlDatabase &database, const orm::Metadata &reflected);

/// The library's schema revision (docs/contract.md §8): the stamp (SQLite user_version, the marker
/// table's revision on PostgreSQL; a stamp from before revisions counts as 1), or for an unstamped
/// database the revision whose schema it has exactly. 0 when it is no library (or empty).
int schemaRevision(const QSqlDatabase &database, const orm::Metadata &reflected);

/// A sentence naming both revisions, for a library from a newer Shelf (which opens read-only).
QString newerRevisionMessage(int revision);

/// The reflected schema of the library's tables (the marker table and other schemas left out),
/// knowing CHECKs where the database's catalog has them.
orm::SchemaState reflectedSchema(const QSqlDatabase &database, const orm::Metadata &reflected);

/// True when `reflected` has the schema of the current revision (library::metadata()). Otherwise
/// `difference` says what differs, as the first migration operation that would fix it.
bool matchesDeclared(const orm::Metadata &reflected, QString *difference = nullptr);

/// Stamps the database as a library at `revision`, inside the caller's transaction.
[[nodiscard]] bool stamp(const QSqlDatabase &database, int revision, QString *error);

/// createAll() and the stamp of the current revision: what makes a database a library. Seeding
/// calls it.
[[nodiscard]] bool createTables(orm::Session &session);

} // namespace library
