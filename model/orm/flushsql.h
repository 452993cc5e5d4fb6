#pragma once

#include "dialect.h"
#include "flushplanner.h"
#include "statementbuilder.h"

#include <QHash>
#include <QVariantList>
#include <functional>

namespace orm {

/// One statement of a flush and its bound values. The executor runs it; the SQL preview renders
/// it with the values inline — the same text either way.
struct Statement {
    QString sql;
    QVariantList binds;
    /// The columns RETURNING gives back, in order: what an INSERT left to the database (an
    /// identity key, defaults, generated columns), what an UPDATE makes the database recompute
    /// (generated columns). Empty: no RETURNING.
    QList<int> returnedColumns;
    /// INSERT: the column the driver's last insert id fills instead (SQLite's rowid key), or -1.
    int lastInsertIdColumn = -1;
    /// A batch (insertBatch()): the position in `returnedColumns` of the generated key whose
    /// ascending order is the order of the rows (see insertBatch()), or -1 when each row's
    /// RETURNING row is matched otherwise (nothing returned; a DELETE's keys).
    int orderColumn = -1;
    /// Not empty: a `COPY … FROM STDIN` (copyBatch()) whose rows are `binds`, row after row, a
    /// value for a column of each of these types (copytext::appendRows()).
    QList<ColumnType> copyTypes = {};
};

/// True when a foreign key of `table` refers to `table` itself (staff who report to staff): its
/// rows may have to go in an order of their own.
bool refersToItself(const Table &table);

/// The key a foreign key takes from a parent inserted earlier in the same flush.
using KeyOf = std::function<QVariant(const AwaitedKey &awaited)>;

/// Writes of a plan that go as one statement: one row, or a batch of rows of one shape.
struct StatementGroup {
    enum Kind { Insert, Update, Delete, Complete };
    Kind kind = Insert;
    std::vector<const FlushPlan::Write *> writes; ///< Insert, Update, Complete (one write)
    RecordList deletes;                           ///< Delete
    qsizetype size() const { return kind == Delete ? deletes.size() : qsizetype(writes.size()); }
};

/// SQL text by statement shape (table, kind, columns): a flush of 100,000 rows builds each
/// shape's text once and only binds values per row.
class StatementShapes {
public:
    explicit StatementShapes(const Dialect &dialect)
        : m_dialect(dialect)
        , m_sql(dialect) {}
    Statement insertStatement(const FlushPlan::Write &write, const KeyOf &keyOf);
    /// insertStatement() without its values: for a row bound from the store (Write::cells()).
    Statement insertShape(const FlushPlan::Write &write);
    /// The same for a row of `table` writing `columns`, with no write planned for it (a row
    /// NewRows holds as cells).
    Statement insertShape(const Table &table, const QList<int> &columns);
    Statement updateStatement(const FlushPlan::Write &write, const KeyOf &keyOf);
    /// updateStatement() bound from the row store: `*statement` its shape, without values, and
    /// the cells to bind, the new values given, the WHERE clause's stored values where the store
    /// holds them (no QVariant made of a stored number or text). Empty, `*statement` untouched,
    /// where the stored row is not there: another row of this transaction stands in front of
    /// it (an earlier flush's, a followed one).
    RowCells updateCells(const FlushPlan::Write &write, const KeyOf &keyOf, Statement *statement);
    /// A Write::completesInsert UPDATE: the row is found by its key in `insertedRow` (what its
    /// INSERT stored), not by every column as it was loaded — it was never loaded.
    Statement completionStatement(const FlushPlan::Write &write, const QVariantList &insertedRow,
                                  const KeyOf &keyOf);
    Statement deleteStatement(const RecordPtr &record);
    /// `SELECT 1 FROM … WHERE <the row as loaded>` with the dialect's row lock: a row that a later
    /// statement of the flush will check, checked (and locked) before the database changes it
    /// (FollowedRows). Binds as deleteStatement().
    Statement lockStatement(const RecordPtr &record);

    /// Rows the database changed during this flush because of its own earlier statements
    /// (FollowedRows): UPDATEs and DELETEs check those rows against these values, not against the
    /// values loaded. Null (the default, and for the SQL preview): the stored values.
    void setFollowedRows(const QHash<const Record *, QVariantList> *rows) { m_followed = rows; }
    /// The value the database holds as far as this flush knows: followed, else stored.
    QVariant storedValue(const Record &record, int column) const;
    Key storedKey(const Record &record) const;

    /// The plan's statements in the order commit runs them (and the SQL preview shows them). With
    /// `batching` (Dialect::writeBatchRows() > 1): consecutive INSERTs of one table and column set
    /// as multi-row statements (a row whose parent is in the batch starts the next one), the
    /// UPDATEs of one table by column set, consecutive DELETEs of one table together. Only the
    /// first `keep` are returned; `*more` counts the others.
    std::vector<StatementGroup> groups(const FlushPlan &plan, bool batching,
                                       std::size_t keep = std::size_t(-1),
                                       std::size_t *more = nullptr);
    /// The same groups in the same order, each made when `visit` is to take it and let go after:
    /// a commit runs each as it comes, where the list of them all held a pointer a row (PostgreSQL
    /// w1: 0.9 MB of its peak). Returns false as soon as `visit` does.
    bool forEachGroup(const FlushPlan &plan, bool batching,
                      const std::function<bool(StatementGroup &&)> &visit);
    /// The one statement of a group.
    Statement statementFor(const StatementGroup &group, const KeyOf &keyOf);

    /// Rows of this INSERT's shape one multi-row statement may take: 1 when it goes alone (the
    /// dialect writes a statement per row, a DEFAULT VALUES row, or RETURNING rows that could not
    /// be told apart: only a generated integer key orders them); ValuesBatchRows at most unless
    /// it goes as COPY.
    qsizetype insertBatchRows(const FlushPlan::Write &write);
    /// Rows one `INSERT … VALUES` takes at most, as the raw libpq benchmark writes them. As many
    /// as 65,535 parameters hold (32,767 books of two values) took 8.5 MB while the statement was
    /// built and sent, which was PostgreSQL w1's peak (issue 13: 59 MiB; 48 MiB with 1,000 rows).
    static constexpr qsizetype ValuesBatchRows = 1000;
    /// `INSERT … VALUES (…), (…) … RETURNING …` of writes of one shape (insertBatchRows() of
    /// them at most); binds row after row.
    Statement insertBatch(const std::vector<const FlushPlan::Write *> &writes, const KeyOf &keyOf);
    /// True when a batch of this INSERT's shape goes as COPY (Dialect::copiesRows()): every
    /// column given by the rows, nothing for RETURNING to read back.
    bool copiesBatch(const FlushPlan::Write &write);
    /// `COPY "table" ("c1", …) FROM STDIN` of writes of one shape, binds as insertBatch(): what
    /// statementFor() gives for a batch copiesBatch() takes; the executor writes it with
    /// insertBatch() instead when the connection cannot take a COPY.
    Statement copyBatch(const std::vector<const FlushPlan::Write *> &writes, const KeyOf &keyOf);
    /// copyBatch() without its values, for rows of `table` writing `columns` with no write planned
    /// for them (rows NewRows holds as cells): the SQL and the columns' types.
    Statement copyShape(const Table &table, const QList<int> &columns);
    /// Rows one UPDATE or DELETE takes at most: an UPDATE finds each row by its own OR-ed
    /// condition (rule 12), a DELETE by a composite key by OR-ed keys, and planning an OR list
    /// grows faster than the list. Measured on PostgreSQL 15:
    /// an UPDATE of 1,000 OR-ed rows takes 140 ms to plan, 100 rows 5.5 ms, 250 rows 11 ms; 200
    /// cost about 0.05 ms a row, less than a round trip per row.
    static constexpr qsizetype KeyedBatchRows = 200;
    /// KeyedBatchRows, or 1 where the dialect writes a statement per row.
    qsizetype keyedBatchRows() const;
    /// Rows of this UPDATE's shape one statement may take: 1 when they go one by one (a key
    /// column changes, the table refers to itself, the dialect writes a statement per row).
    qsizetype updateBatchRows(const FlushPlan::Write &write) const;
    /// `UPDATE … SET "c" = CASE WHEN <key 1> THEN ? … ELSE "c" END … WHERE (row 1 unchanged) OR
    /// … RETURNING <key>, <generated columns>` of writes of one shape: the keys that come back are
    /// the rows updated, as deleteBatch().
    Statement updateBatch(const std::vector<const FlushPlan::Write *> &writes, const KeyOf &keyOf);
    /// Rows of `table` one DELETE may take: 1 when they go one by one.
    qsizetype deleteBatchRows(const Table &table) const;
    /// `DELETE … WHERE <key> IN (…) RETURNING <key>, <every other column>`: the rows that come
    /// back are the rows deleted, as they were; the executor compares them with the stored values.
    /// A record whose key is missing was deleted, or its key changed, by someone else (rule 12).
    Statement deleteBatch(const RecordList &records);

private:
    struct Shape {
        QString sql;
        QList<int> returnedColumns;
        int lastInsertIdColumn = -1;
        int orderColumn = -1;
        bool batchable = false; ///< INSERT: the shape may go as a multi-row batch
        /// UPDATE: the columns whose values it binds, in order: those it sets, then those of
        /// bindUnchanged().
        QList<int> boundColumns;
    };
    const Shape &shape(int kind, const Table &table, const QList<int> &columns, int rows = 1);
    const Shape &lookupShape(int kind, const Table &table, const QList<int> &columns, int rows);
    /// The values of writes of one shape, row after row (a parent's new key where it waits for
    /// one).
    QVariantList batchValues(const std::vector<const FlushPlan::Write *> &writes,
                             const KeyOf &keyOf) const;

    /// `WHERE key = ? AND every column still holds what the database held`: the key as the
    /// database holds it (an edited key column is found by its old value), then the other columns.
    void bindUnchanged(const Record &record, QVariantList *binds) const;
    /// Calls `f` with each column bindUnchanged() binds, in its order.
    template <class F>
    static void forEachUnchanged(const Table &table, F f);

    const Dialect &m_dialect;
    StatementBuilder m_sql;
    const QHash<const Record *, QVariantList> *m_followed = nullptr;
    QHash<QByteArray, Shape> m_shapes;
    // Consecutive statements usually share a shape: remember the last one.
    int m_lastKind = -1;
    int m_lastRows = 0;
    const Table *m_lastTable = nullptr;
    QList<int> m_lastColumns;
    const Shape *m_lastShape = nullptr;
};

/// The statement with its values as SQL literals, for people to read (never executed); a COPY as
/// psql shows one: the statement, its rows in COPY's text format, and `\.`.
QString renderStatement(const Statement &statement);
/// A stand-in value that renderStatement() prints as raw text (e.g. a key not assigned yet).
QVariant placeholderValue(const QString &text);

} // namespace orm
