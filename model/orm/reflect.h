#pragma once

#include "metadata.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <memory>

namespace orm {

/// What reflect() read, or why it could not.
struct Reflection {
    std::unique_ptr<Metadata> metadata; ///< null when the schema could not be read at all
    QString error;                      ///< why metadata is null
    /// Parts of the schema Shelf opens read-only or leaves out, each with its reason, in words a
    /// user reads ("orders: a view", "foreign key of lines to 'gone': no such table").
    QStringList notices;
    /// A partition's name (as Shelf would call it: "payment_p2022_01", "archive.payment_old") →
    /// the partitioned table it belongs to, which Shelf lists and edits in its place.
    QHash<QString, QString> partitionOf;
    int catalogQueries = 0; ///< statements run: a fixed number, whatever the number of tables

    explicit operator bool() const { return metadata != nullptr; }
};

/// Reads a connection's schema into Metadata (docs/contract.md §7): tables and views, columns with
/// their declared types mapped to ColumnType, primary keys of every shape, unique keys, CHECKs and
/// foreign keys with their ON DELETE / ON UPDATE actions. Every foreign key whose target is
/// usable becomes a relationship that deletes nothing by itself: the database's declared actions
/// are the only delete rules (Metadata::isReflected()).
///
/// SQLite is read through its pragmas (table_list, table_xinfo, foreign_key_list, index_list,
/// index_xinfo), PostgreSQL through pg_catalog; never by parsing DDL. Only SELECTs and read-only
/// pragmas run: an SQLite file is byte-identical afterwards.
///
/// Tables Shelf cannot write safely are kept, read-only with a reason: views, PostgreSQL tables
/// without a primary key or unique NOT NULL key, tables the role may not update. SQLite tables
/// without a declared key are edited through their rowid (a hidden key column named "rowid";
/// VACUUM may renumber rowids, so they identify a row only within one session).
Reflection reflect(const QSqlDatabase &database);
/// reflect() inside a transaction the caller holds open (a library upgrade checks its result
/// before COMMIT). On PostgreSQL a table another session drops while the catalog is read fails
/// the attempt, and a failed statement aborts the whole transaction: each attempt runs under a
/// savepoint, rolled back to before the next one.
Reflection reflectWithinTransaction(const QSqlDatabase &database);

} // namespace orm
