#pragma once

#include "tableshape.h"

#include <QString>
#include <QStringList>

namespace orm {

class Dialect;

/// The one place where DDL is written: CREATE TABLE with its constraints, the indexes on foreign
/// keys, a column's definition for ALTER TABLE … ADD COLUMN, CHECK and REFERENCES clauses.
/// createAll() and the migrations both write through it, so a table a migration makes is the
/// table createAll() would have made. Identifiers are quoted by the dialect; the only literals
/// are declared defaults and CHECK bounds, which come from code, never from a user.
class DdlBuilder {
public:
    explicit DdlBuilder(const Dialect &dialect)
        : m_dialect(dialect) {}

    /// CREATE TABLE for `table`, named `sqlName` when given (SQLite's rebuild makes the new table
    /// under another name first).
    QString createTable(const TableShape &table, const QString &sqlName = {}) const;
    /// CREATE TABLE and then CREATE INDEX for each of the table's indexes: what createAll() runs.
    QStringList createTableWithIndexes(const TableShape &table) const;
    QString createIndex(const QString &table, const IndexShape &index) const;
    QString dropIndex(const QString &index) const;

    /// `"name" TYPE [NOT NULL] [UNIQUE] [DEFAULT …]`; with `inlineCheck` also its CHECK as a
    /// column constraint (ALTER TABLE … ADD COLUMN takes no table constraint).
    QString columnDefinition(const TableShape &table, const Column &column,
                             bool inlineCheck = false) const;
    /// The expression of the column's CHECK (its bounds and declared checks), empty when none.
    QString checkExpression(const Column &column) const;
    /// `CONSTRAINT "ck_t_c" CHECK (…)`, empty when the column has no check.
    QString checkConstraint(const QString &table, const Column &column) const;
    /// `CONSTRAINT "t_c_fkey" FOREIGN KEY ("c") REFERENCES "p" ("id") [ON DELETE …]`.
    QString foreignKeyConstraint(const QString &table, const ForeignKeyShape &key) const;
    /// The quoted names, comma-separated.
    QString columnList(const QStringList &columns) const;

private:
    const Dialect &m_dialect;
};

} // namespace orm
