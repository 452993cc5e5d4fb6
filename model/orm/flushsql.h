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
};

/// The key a foreign key takes from a parent inserted earlier in the same flush.
using KeyOf = std::function<QVariant(const RecordPtr &parent)>;

/// SQL text by statement shape (table, kind, columns): a flush of 100,000 rows builds each
/// shape's text once and only binds values per row.
class StatementShapes {
public:
    explicit StatementShapes(const Dialect &dialect)
        : m_dialect(dialect)
        , m_sql(dialect) {}
    Statement insertStatement(const FlushPlan::Write &write, const KeyOf &keyOf);
    Statement updateStatement(const FlushPlan::Write &write, const KeyOf &keyOf);
    /// A Write::completesInsert UPDATE: the row is found by its key in `insertedRow` (what its
    /// INSERT stored), not by every column as it was loaded — it was never loaded.
    Statement completionStatement(const FlushPlan::Write &write, const QVariantList &insertedRow,
                                  const KeyOf &keyOf);
    Statement deleteStatement(const RecordPtr &record);

private:
    struct Shape {
        QString sql;
        QList<int> returnedColumns;
        int lastInsertIdColumn = -1;
    };
    const Shape &shape(int kind, const Table &table, const QList<int> &columns);
    const Shape &lookupShape(int kind, const Table &table, const QList<int> &columns);

    const Dialect &m_dialect;
    StatementBuilder m_sql;
    QHash<QByteArray, Shape> m_shapes;
    // Consecutive statements usually share a shape: remember the last one.
    int m_lastKind = -1;
    const Table *m_lastTable = nullptr;
    QList<int> m_lastColumns;
    const Shape *m_lastShape = nullptr;
};

/// The statement with its values as SQL literals, for people to read (never executed).
QString renderStatement(const Statement &statement);
/// A stand-in value that renderStatement() prints as raw text (e.g. a key not assigned yet).
QVariant placeholderValue(const QString &text);

} // namespace orm
