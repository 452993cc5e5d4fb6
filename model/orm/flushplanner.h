#pragma once

#include "deletepreview.h"
#include "error.h"
#include "rowstore.h"
#include "sparselist.h"
#include "types.h"

#include <QHash>
#include <QList>
#include <QVariantList>
#include <vector>

namespace orm {

class DeleteResolver;
class Dialect;
class UnitOfWork;

/// A child's foreign key column that takes a column of a parent inserted earlier in the flush.
struct AwaitedKey {
    int column = -1;       ///< in the child
    RecordPtr parent;      ///< inserted before the child
    int parentColumn = -1; ///< the referenced column whose inserted value the child takes
};

/// Everything one flush will write, in statement order (docs/contract.md §2 rule 5): per table,
/// parents first, INSERTs (in the order records entered the session) then UPDATEs; then DELETEs,
/// child tables first. Computed without touching memory, so a failed flush leaves nothing changed.
struct FlushPlan {
    struct Write {
        RecordPtr record;
        /// The full row to store (foreign keys resolved); empty while valuesInRecord: read them
        /// through value() and row().
        SparseList<QVariant> values;
        QList<int> columns;                  ///< the columns the statement writes (shared)
        SparseList<AwaitedKey> awaitingKeys; ///< columns ← new keys of parents inserted first
        SparseList<int> nulledColumns; ///< foreign keys set to NULL because their parent is deleted
        // The flags last, packed together: a million-row import holds a million Writes.
        bool insert = false;
        /// An UPDATE of a record inserted earlier in the same flush, setting the references its
        /// INSERT left NULL to break a cycle (RowOrder): found by the key the INSERT gave it.
        bool completesInsert = false;
        /// An UPDATE of a record this flush then deletes, setting to NULL its references to
        /// another deleted row of a cycle so that that row can go first (RowOrder). Memory
        /// never takes its values: the record is deleted.
        bool freesDelete = false;
        /// The row to store is the record's staged values as they are, held in the row store (a
        /// new record's): read from there when written, so that a million-row import holds no
        /// list a row (issue 14). A change to one value makes the write a list of its own.
        bool valuesInRecord = false;

        /// One value of the row to store.
        QVariant value(int column) const;
        /// The row to store (the record's values made into a list, while valuesInRecord).
        QVariantList row() const;
        /// Sets one value of the row to store (the write then holds a list of its own).
        void setValue(int column, const QVariant &value);
        /// While valuesInRecord: the cells of `columns` in the record's slot of the row store,
        /// for a statement to bind where they are. Empty otherwise.
        RowCells cells() const;
    };
    // A million-row import holds a million writes
    static_assert(sizeof(Write) <= 72);
    std::vector<Write> writes;
    RecordList deletes;
    RecordList discards; ///< pending records that will never be inserted (★)
    QList<DeletePreview::Deleted> deleteReasons;

    bool isEmpty() const { return writes.empty() && deletes.isEmpty() && discards.isEmpty(); }
};

/// What the database returned while a plan ran; applied to memory only once all of it succeeded.
struct FlushResult {
    /// Inserted records' rows as the database holds them, by the index of their write in the
    /// plan: the values written, the parents' new keys, and what the database filled (generated
    /// keys, defaults, generated columns). An empty list where the database holds the write's
    /// values as planned (a million-row import keeps no second list a row). Empty until a row
    /// differs: then one entry per write.
    std::vector<QVariantList> insertedRows;
    /// For an INSERT bound from the record's cells (Write::valuesInRecord): the values the
    /// database holds apart from those cells (a generated key, a parent's new key, what RETURNING
    /// gave), by column, where insertedRows would hold a whole row: a commit writes them into the
    /// record's slot. Empty until one does: then one entry per write.
    std::vector<QList<QPair<int, QVariant>>> insertedCells;
    /// Where the inserts whose new keys other writes of the plan need are (an awaited parent, a
    /// record whose INSERT an UPDATE completes): only those, not every inserted record.
    QHash<const Record *, qsizetype> insertedAt;

    /// The row write `index` (an INSERT that ran) left in the database.
    QVariantList insertedRow(const FlushPlan &plan, qsizetype index) const {
        if (!insertedRows.empty() && !insertedRows.at(size_t(index)).isEmpty())
            return insertedRows.at(size_t(index));
        QVariantList row = plan.writes.at(size_t(index)).row();
        for (const auto &[column, value] : cellsWritten(index))
            row[column] = value;
        return row;
    }
    /// One value of insertedRow(), without making the row.
    QVariant insertedValue(const FlushPlan &plan, qsizetype index, int column) const {
        if (!insertedRows.empty() && !insertedRows.at(size_t(index)).isEmpty())
            return insertedRows.at(size_t(index)).at(column);
        for (const auto &[written, value] : cellsWritten(index)) {
            if (written == column)
                return value;
        }
        return plan.writes.at(size_t(index)).value(column);
    }
    /// insertedCells' entry for write `index` (none when the database holds its cells as they are).
    const QList<QPair<int, QVariant>> &cellsWritten(qsizetype index) const {
        static const QList<QPair<int, QVariant>> none;
        return insertedCells.empty() ? none : insertedCells.at(size_t(index));
    }
    /// Updated records' columns the database recomputed (generated columns), by column.
    QHash<const Record *, QList<QPair<int, QVariant>>> readBack;
    /// Rows the database changed through this flush's own earlier statements before their own
    /// UPDATE or DELETE ran (FollowedRows): what those statements checked against.
    QHash<const Record *, QVariantList> followedRows;
};

/// Works out a FlushPlan from the parts of a session it reads (issue 13, a session made of parts):
/// what is staged, the schema, the dialect's limits, and a delete resolver for what deletes do.
/// It holds no session, so it can run on the parts alone.
class FlushPlanner {
public:
    /// `resolver` is fresh (nothing resolved yet): plan() resolves the staged deletes with it.
    /// `dialect` is only read when checking values, which lenient planning skips: it may be null
    /// there (a session on a driver Shelf does not support still lists what is staged).
    FlushPlanner(const UnitOfWork &work, const Metadata &metadata, const Dialect *dialect,
                 DeleteResolver &resolver);
    /// Builds the plan. False with error() on a validation failure, a blocked delete, or a
    /// database error while loading the children a delete needs.
    [[nodiscard]] bool plan(FlushPlan *plan);
    /// Lenient planning lists what is staged even when commit would refuse it (invalid values,
    /// blocked deletes): for the pending-changes pane and the SQL preview.
    void setLenient(bool lenient) { m_lenient = lenient; }
    const Error &error() const { return m_error; }

private:
    /// Sets error() from the facts; the detail is a phrase another part worded (Error::detail).
    bool fail(Error::Kind kind, Error::Reason reason, const RecordPtr &record, int column,
              const QString &detail = {});
    bool validate(const FlushPlan::Write &write);

    const UnitOfWork &m_work;
    const Metadata &m_metadata;
    const Dialect *m_dialect;
    DeleteResolver &m_resolver;
    Error m_error;
    bool m_lenient = false;
};

} // namespace orm
