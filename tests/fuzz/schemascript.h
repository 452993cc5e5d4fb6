#pragma once

#include <QByteArray>
#include <QString>

namespace shelffuzz {

/// The first line of an input that is a schema script rather than a database file.
inline constexpr char kSchemaScriptMarker[] = "-- shelf schema\n";

/// True when `input` is a schema script: SQL that builds the database to open (CREATE TABLE,
/// VIEW, INDEX, TRIGGER and INSERT … VALUES statements, separated by semicolons), so that the
/// fuzzer mutates schemas as text — names, types, keys, foreign keys and their actions — and not
/// only the pages of a file.
bool isSchemaScript(const QByteArray &input);

/// Runs the script's statements into a new SQLite file at `path` (foreign keys off, as any other
/// program may have written it; each statement bounded in work, failures skipped) and returns
/// the number of statements that ran. Statements that could run for long (recursive CTEs, SELECTs
/// inside INSERTs, PRAGMAs, ATTACH) are skipped.
int buildFromSchemaScript(const QByteArray &input, const QString &path);

} // namespace shelffuzz
