#pragma once

#include "error.h"
#include "key.h"
#include "record.h"

#include <QHash>
#include <QString>
#include <QVariantList>

namespace orm {

class Dialect;
class Loader;
class Metadata;
class SelectRunner;
class Table;
class UnitOfWork;
struct ForeignKey;

/// The row a foreign key's `SET DEFAULT` (ON DELETE or ON UPDATE) sends the referring rows to:
/// the DEFAULT of each of its columns, evaluated as the database evaluates it, and the row of the
/// target table that holds those values, stored or inserted by the same commit.
struct DefaultRow {
    QVariantList values; ///< the DEFAULT of each foreign key column, in the key's order
    /// Some value is NULL: it refers to nothing (MATCH SIMPLE), and `name` reads "NULL".
    bool refersToNothing = false;
    /// The first foreign key column whose DEFAULT is NULL though it cannot hold NULL (the
    /// database refuses the action); empty when there is none.
    QString nullInNotNullColumn;
    const Table *parent = nullptr; ///< the key's target table; null when it is not known
    Key key;                       ///< `values` as a key of the parent's target columns
    /// How the row reads: the row itself ("category 'Uncategorised'") when found by its primary
    /// key or staged, else "category with id = 1"; "NULL" when it refers to nothing.
    QString name;
    bool stored = false; ///< the database holds such a row now
    bool staged = false; ///< a new row the commit inserts (saves go first) has them
    bool found() const { return stored || staged; }
};

/// Evaluates and looks for each foreign key's default row once, however many deletes or key
/// edits of one preview meet it (a thousand categories deleted are not a thousand reads). The
/// ON DELETE preview (SetDefaultMoves) and the key-edit preview (ReferencedEditPreview) share it,
/// and word what they find themselves.
///
/// It takes the parts it reads, not the session: the schema, the dialect (for the SQL of its
/// counts), the loader (a default row by its primary key), what is staged (a new row may be the
/// default row) and a runner for the DEFAULTs and the counts.
///
/// Not followed: a DEFAULT that is not constant (a sequence, the time) is evaluated once here and
/// may name another row at commit.
class DefaultRows {
public:
    DefaultRows(const Metadata &metadata, const Dialect *dialect, Loader &loader,
                const UnitOfWork &work, SelectRunner &selects)
        : m_metadata(metadata)
        , m_dialect(dialect)
        , m_loader(loader)
        , m_work(work)
        , m_selects(selects) {}

    /// The default row of `key`, a foreign key of `child`; null on a database error (error()).
    const DefaultRow *of(const Table &child, const ForeignKey &key);
    const Error &error() const { return m_error; }

private:
    bool evaluate(const Table &child, const ForeignKey &key, DefaultRow *row);
    bool lookFor(const ForeignKey &key, DefaultRow *row);

    const Metadata &m_metadata;
    const Dialect *m_dialect;
    Loader &m_loader;
    const UnitOfWork &m_work;
    SelectRunner &m_selects;
    QHash<const ForeignKey *, DefaultRow> m_rows;
    Error m_error;
};

/// `category_id = 1`, `(invoice_id, line_no) = (1, 1)`: what SET DEFAULT sets the columns to, as
/// the ON DELETE and ON UPDATE previews word it.
QString describeAssignment(const Table &table, const QList<int> &columns,
                           const QVariantList &values);

} // namespace orm
