#pragma once

#include "error.h"
#include "flushplanner.h"

#include <functional>
#include <vector>

namespace orm {

/// The order in which one flush writes rows that refer to rows written by the same flush
/// (docs/contract.md §7, flush order for real schemas). Tables are already ordered parents first;
/// this orders the rows: a new row after the new rows it refers to (a manager before the clerk who
/// reports to them, whatever order they were added in), a deleted row before the deleted rows it
/// refers to.
///
/// Rows that refer to each other in a cycle cannot all go first. Where a reference in the cycle
/// may be NULL, its row is inserted without it and a completing UPDATE sets it once the row it
/// refers to exists, in the same transaction; a cycle only through references that may not be
/// NULL is refused before anything is written, naming its rows and columns. A foreign key that
/// PostgreSQL checks at COMMIT (DEFERRABLE INITIALLY DEFERRED) to a row whose key is known needs
/// no order at all.
class RowOrder {
public:
    explicit RowOrder(const Metadata &metadata)
        : m_metadata(metadata) {}

    /// Reorders `inserts` (given in table order, then the order records entered the session)
    /// and appends to `completions` the UPDATEs that set references left out to break cycles
    /// (Write::completesInsert). False with error() when a cycle cannot be broken.
    [[nodiscard]] bool orderInserts(std::vector<FlushPlan::Write> *inserts,
                                    std::vector<FlushPlan::Write> *completions);
    /// Reorders `deletes` (given child tables first) so that a row goes before the rows of the
    /// same delete it refers to. Rows that refer to each other in a cycle cannot all go first:
    /// where the references to one of them may be NULL, an UPDATE appended to `frees`
    /// (Write::freesDelete) sets them to NULL before the deletes, and that row goes first; a cycle
    /// only through references that may not be NULL is refused before anything is written,
    /// naming its rows and columns. False with error() then.
    [[nodiscard]] bool orderDeletes(RecordList *deletes, std::vector<FlushPlan::Write> *frees);

    const Error &error() const { return m_error; }

private:
    struct Edge;
    /// True when rows of `table` may refer to rows of a table written after it, or to its own.
    bool needsRowOrder(const Table &table) const;
    /// Sets error() to name the cycle found walking from row `start` to the row each waits for
    /// (inserts: the row it refers to; deletes: a row that refers to it). Returns false.
    bool failOnCycle(const std::vector<Edge> &edges, const std::vector<bool> &placed, int start,
                     const std::function<RecordPtr(int)> &recordOf, bool deleting);

    const Metadata &m_metadata;
    Error m_error;
};

} // namespace orm
