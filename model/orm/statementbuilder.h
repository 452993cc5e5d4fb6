#pragma once

#include "key.h"

#include <QList>
#include <QString>
#include <QVariantList>
#include <functional>

namespace orm {

class Dialect;
class Table;

/// The one place where SQL about keys is written: selecting by key, conditions on any list of
/// columns (a primary key of one or several columns, a foreign key), chunked IN lists of keys,
/// and keyset conditions for paging. Identifiers are always quoted by the dialect, so names with
/// spaces, quotes, capitals or reserved words need nothing from callers. Values always travel as
/// bound parameters; each method that writes `?` documents the order of its binds.
class StatementBuilder {
public:
    explicit StatementBuilder(const Dialect &dialect)
        : m_dialect(dialect) {}

    /// Bound parameters one IN list holds at most (a chunk of keys).
    static constexpr qsizetype ChunkParameters = 500;
    /// Keys of `columns` values each that one IN list takes.
    static qsizetype chunkRows(qsizetype columns) {
        return std::max<qsizetype>(1, ChunkParameters / std::max<qsizetype>(1, columns));
    }

    /// The quoted table name, with its schema when it has one.
    QString table(const Table &table) const;
    /// `SELECT count(*) FROM "t"`: the rows the database holds (staged changes not counted).
    QString countRows(const Table &table) const;
    /// `"a", "b"`.
    QString columns(const Table &table, const QList<int> &columns) const;
    /// `SELECT "a", "b", … FROM "t"`: every column, in column order.
    QString selectList(const Table &table) const;
    /// `SELECT expression`: one value the database computes (a column's DEFAULT).
    static QString valueOf(const QString &expression);
    /// selectList() WHERE keyEquals(): binds are the key's values.
    QString selectByKey(const Table &table) const;
    /// selectList() WHERE equals(): the rows whose `columns` hold the binds (a parent by a unique
    /// key, the children of one parent by their foreign key).
    QString selectWhere(const Table &table, const QList<int> &columns) const;
    /// selectList() WHERE in(): the rows whose `columns` hold one of `rows` keys (binds row after
    /// row): the children of many parents, a chunk at a time.
    QString selectWhereIn(const Table &table, const QList<int> &columns, qsizetype rows) const;
    /// `SELECT min("k"), max("k") FROM "t"` of a one-column key: how wide its range is, read from
    /// the ends of the key's index.
    QString keyRange(const Table &table) const;
    /// `"a" BETWEEN ? AND ?`, or with `tableScan` `+"a" BETWEEN ? AND ?` (SQLite: the unary plus
    /// keeps the planner off the column's index, so the table is read in key order instead).
    QString between(const Table &table, int column, bool tableScan) const;
    /// `"a" = ? AND "b" = ?`: binds in the order of `columns`. A foreign key column compared as
    /// the database compares it with its parent (Column::referenceCollation) reads
    /// `"a" COLLATE NOCASE = ?`; never a key column, which must find its own row only.
    QString equals(const Table &table, const QList<int> &columns) const;
    /// equals() on the primary key: binds are Key::values().
    QString keyEquals(const Table &table) const;
    /// `"a" IN (?, …)` for one column, `("a", "b") IN ((?, ?), …)` for several (SQLite ≥ 3.15
    /// and PostgreSQL): `rows` keys, binds row after row. Collations as equals().
    QString in(const Table &table, const QList<int> &columns, qsizetype rows) const;
    /// `lower("a") IN (lower(?), …)`: rows whose value of `column` is one of `rows` texts, case
    /// ignored as the database folds it (the database's lower(): ASCII only in SQLite), for a
    /// lookup by label that compares again in memory.
    QString foldedIn(const Table &table, int column, qsizetype rows) const;
    /// `(?, ?), (?, ?), …`: a multi-row VALUES list of `rows` rows of `columns` values each;
    /// binds row after row.
    static QString valueRows(qsizetype columns, qsizetype rows);
    /// `(c) OR (c) OR …`: one condition per row, for a statement that writes several rows each
    /// found by its own condition (a batched DELETE); binds row after row.
    static QString anyRow(const QString &condition, qsizetype rows);
    /// `(a) OR (b) OR …`: rows any of these conditions selects (each with its own binds, in
    /// order); the condition itself when there is one.
    static QString anyOf(const QStringList &conditions);
    /// The columns a query over `table` orders by: `orderColumn` (when given) and then the key
    /// columns, so that the order is total and keyset paging can continue from any row.
    static QList<int> orderColumns(const Table &table, int orderColumn);
    /// ` ORDER BY "o" ASC, "a" ASC` (empty when there are no columns).
    QString orderBy(const Table &table, const QList<int> &columns, Qt::SortOrder order) const;
    /// The rows after (`after`) or before a row in the order of `columns` (orderColumns()) going
    /// `order`: `"a" > ?` or `("o", "a") > (?, ?)`; binds are the row's values of `columns`.
    QString keyset(const Table &table, const QList<int> &columns, bool after,
                   Qt::SortOrder order) const;

    /// `sql` with each `?` outside quoted text and quoted names replaced by the literal of the
    /// bind in its place (`literal(bind)`): for a driver that sends bound values as literals
    /// anyway (Dialect::inlinesBatchValues()), a statement of thousands of values sent as text.
    static QString inlineValues(const QString &sql, const QVariantList &binds,
                                const std::function<QString(const QVariant &)> &literal);

    /// `EXISTS (SELECT 1 FROM "t" AS "namesake" WHERE "namesake"."a" = "t"."a" AND … AND NOT
    /// (key equal))`: rows of `table` whose values of `columns` some other row has too (a label
    /// two rows share), for a query over `table` itself (not aliased); no binds. A NULL value
    /// matches nothing.
    QString sharedByAnotherRow(const Table &table, const QList<int> &columns) const;

    /// Transaction control, as the session logs it: `BEGIN`, `COMMIT` and `ROLLBACK` run through
    /// the driver's own calls (QSqlDatabase::transaction() …), which send these words.
    static QString begin() { return QStringLiteral("BEGIN"); }
    static QString commit() { return QStringLiteral("COMMIT"); }
    static QString rollback() { return QStringLiteral("ROLLBACK"); }
    /// `SAVEPOINT name` and its ends: the same words on SQLite and PostgreSQL. `name` is an
    /// identifier Shelf chooses, never user input.
    static QString savepoint(const QString &name) { return QStringLiteral("SAVEPOINT ") + name; }
    static QString releaseSavepoint(const QString &name) {
        return QStringLiteral("RELEASE SAVEPOINT ") + name;
    }
    static QString rollbackToSavepoint(const QString &name) {
        return QStringLiteral("ROLLBACK TO SAVEPOINT ") + name;
    }

    /// Appends a key's values (in key order) to a statement's binds.
    static void appendKey(QVariantList *binds, const Key &key) { binds->append(key.values()); }

private:
    /// The quoted column, with the COLLATE its references are compared by (equals()).
    QString compared(const Table &table, int column) const;

    const Dialect &m_dialect;
};

} // namespace orm
