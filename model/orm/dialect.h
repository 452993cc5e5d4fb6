#pragma once

#include "error.h"
#include "types.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace orm {

struct Column;
class MigrationRenderer;

/// What differs between SQL databases: type names, key generation, null-safe comparison,
/// connection set-up and how driver errors map to columns and constraints.
class Dialect {
public:
    virtual ~Dialect() = default;

    /// The dialect for a connection's driver (QSQLITE or QPSQL); nullptr for others.
    static std::unique_ptr<Dialect> forDatabase(const QSqlDatabase &database);

    virtual QString name() const = 0;
    /// Runs once on every new connection (SQLite: PRAGMA foreign_keys=ON).
    virtual bool configureConnection(QSqlDatabase &database, QString *error) const = 0;
    /// The column definition after the quoted name ("INTEGER PRIMARY KEY", "TEXT NOT NULL").
    virtual QString columnType(const Column &column) const = 0;
    /// Appended to CREATE TABLE (SQLite: " STRICT", so a text in an integer column fails).
    virtual QString tableOptions() const { return {}; }
    /// How a SELECT or RETURNING list reads `column` (its quoted name unless the driver would
    /// change the value on the way: PostgreSQL's timestamps and times, whose microseconds QPSQL
    /// drops, are read as their text). The result column keeps the column's name.
    virtual QString selectColumn(const Column &column) const;
    /// The condition that `column` still holds the value bound (rule 12), NULL equal to NULL:
    /// `"c" IS ?` (SQLite) or `"c" IS NOT DISTINCT FROM ?` (PostgreSQL, which compares a type
    /// without an equality of its own by its text).
    virtual QString nullSafeEquals(const Column &column) const = 0;
    virtual QString dropTable(const QString &quotedTable) const;
    /// True: INSERT … RETURNING gives the new key. False: the driver's last insert id does, and
    /// RETURNING is used only to read back database defaults (SQLite buffers RETURNING rows in a
    /// temporary b-tree, which would triple the cost of a plain insert).
    virtual bool returnsInsertedRows() const { return true; }
    /// Rows of one table and shape that one INSERT or DELETE of a flush writes at most (multi-row
    /// VALUES, OR-ed key conditions). 1: a statement per row, as on SQLite, where a prepared
    /// statement per row costs no round trip and is already the fastest way.
    virtual qsizetype writeBatchRows() const { return 1; }
    /// True when the driver sends bound values as SQL literals anyway (QPSQL runs `EXECUTE
    /// stmt (literal, …)`): a multi-row INSERT then goes with its values written into the text by
    /// the driver's own formatValue() (StatementBuilder::inlineValues()), the same literals
    /// without binding each value through QSqlResult (which costs more than the statement).
    virtual bool inlinesBatchValues() const { return false; }
    /// True when many new rows of one table, whose every value the session knows (nothing to read
    /// back), go as `COPY … FROM STDIN` (PostgreSQL, through libpq beside QPSQL: PostgresCopy),
    /// which the server reads several times faster than a multi-row INSERT's text.
    virtual bool copiesRows() const { return false; }
    /// Bound parameters one statement may hold (PostgreSQL's protocol counts them in 16 bits).
    virtual qsizetype maximumParameters() const { return 32766; }
    /// False when text values cannot hold U+0000 (PostgreSQL): such values are refused with the
    /// column named before any SQL runs.
    virtual bool storesNulInText() const { return true; }
    /// Why the database would refuse `text` typed for `column`, or keep it other than typed (a
    /// decimal rounded to the scale its type declares), said before it is staged; empty when it
    /// takes the value as it is or only the database can tell.
    virtual QString refusesText(const Column &column, const QString &text) const {
        Q_UNUSED(column);
        Q_UNUSED(text);
        return {};
    }

    /// Appended to a SELECT inside a flush's transaction so that the rows it finds stay as read
    /// until COMMIT (PostgreSQL: " FOR UPDATE"). Empty on SQLite, where a transaction that read a
    /// row cannot commit a write after another connection changed it (the write fails as busy).
    virtual QString lockRowsClause() const { return {}; }

    /// The SQL function that finds text in text (`instr(haystack, needle)` on SQLite,
    /// `strpos(haystack, needle)` on PostgreSQL): a position > 0 when found.
    virtual QString textPositionFunction() const = 0;
    /// True when other connections' commits arrive as notifications (PostgreSQL's LISTEN), set
    /// up by changeNotificationSetup(); false when a watcher must poll (SQLite's data_version).
    virtual bool notifiesChanges() const { return false; }
    /// Statements that make commits to these (quoted) tables notify watchers; run by createAll().
    virtual QStringList changeNotificationSetup(const QStringList &quotedTables) const {
        Q_UNUSED(quotedTables);
        return {};
    }

    /// Statements that stamp the database as an application's, with its schema revision (SQLite:
    /// application_id and user_version in the file's header; PostgreSQL: a one-row marker table).
    /// They run in the caller's transaction.
    virtual QStringList schemaStamp(qint32 applicationId, int revision,
                                    const QString &markerTable) const = 0;
    /// Reads the stamp: false when the database carries none of `applicationId`; `revision` is 0
    /// for a stamp written before revisions were (SQLite's user_version left at 0).
    virtual bool readSchemaStamp(const QSqlDatabase &database, qint32 applicationId,
                                 const QString &markerTable, int *revision) const = 0;
    /// The file that holds the database (SQLite's main file), empty for a server's database.
    virtual QString databaseFile(const QSqlDatabase &database) const {
        Q_UNUSED(database);
        return {};
    }
    /// A statement that writes a consistent copy of the database to the file bound to its one
    /// parameter, changing nothing in the database (SQLite: VACUUM INTO); empty when there is none.
    virtual QString backupStatement() const { return {}; }
    /// Renders migration operations as this dialect's SQL.
    virtual std::unique_ptr<MigrationRenderer> migrationRenderer() const = 0;
    /// True when reflect() reads CHECK constraints (PostgreSQL's catalog has them; SQLite keeps
    /// them only in CREATE TABLE text, which Shelf does not parse).
    virtual bool reflectsChecks() const { return false; }

    QString quote(const QString &identifier) const;
    /// The table as SQL names it: `"name"`, or `"schema"."name"` outside the default schema.
    QString quoteTable(const Table &table) const;
    /// Turns a driver error into a structured error: kind, column and constraint where the
    /// driver's text names them. `table` is the table the failing statement wrote to.
    virtual Error classify(const QSqlError &error, const Table *table) const = 0;
};

} // namespace orm
