#pragma once

#include "flushplanner.h"
#include "flushsql.h"
#include "followedrows.h"
#include "postgrescopy.h"
#include "session.h"

#include <QHash>
#include <QSet>
#include <QVariantList>

#include <vector>

namespace orm {

/// The value a child's foreign key column takes from its parent: the referenced column as a
/// parent inserted earlier in this flush has just been given it (a generated key, a key column
/// filled from its own parent).
QVariant keyFor(const FlushPlan &plan, const FlushResult &result, const AwaitedKey &awaited);

/// The row an UPDATE leaves: the columns it sets over the row as the database held it (a row
/// the flush's own earlier statements changed, FollowedRows, or the stored one); the parents' new
/// keys and what the database computed are filled in by the caller.
QVariantList updatedRow(const FlushPlan::Write &write, const FlushResult &result);

/// Runs a plan's statements in order. With `batching` (a server's dialect, Dialect::
/// writeBatchRows()), rows of one shape go as multi-row statements (StatementShapes::groups(),
/// which the SQL preview shows too); a batch the database refuses names no record, so runFlush()
/// then runs the plan again a row at a time (batchFailed).
class FlushExecutor {
public:
    FlushExecutor(Session &session, const FlushPlan &plan, FlushResult &result, bool batching);
    /// False at the first statement the database refuses (failedRecord, conflict, batchFailed).
    bool run();

    RecordPtr failedRecord;
    bool conflict = false;
    /// A multi-row statement failed (which of its rows the database refused is not known), or a
    /// batched DELETE returned a row unlike the stored one (the database is to judge it).
    bool batchFailed = false;

private:
    /// A key edit whose ON UPDATE actions other rows of the flush follow runs alone (FollowedRows).
    bool reachesAny(const std::vector<const FlushPlan::Write *> &writes);
    bool updateEach(const std::vector<const FlushPlan::Write *> &writes);
    bool insertBatch(const std::vector<const FlushPlan::Write *> &batch);
    enum class Copy { Copied, Refused, NotCopied };
    /// A batch StatementShapes::copiesBatch() takes, through PostgresCopy: NotCopied (nothing
    /// sent, nothing logged) when the connection cannot take a COPY now or a value has no COPY
    /// text (copytext), for insertBatch() to write it with INSERT.
    Copy copyBatch(const Statement &statement, const Table &table);
    /// Keeps the rows a batch wrote: the values bound, with what RETURNING gave (`returned`, one
    /// row per write in the batch's order, or none).
    void batchInserted(const std::vector<const FlushPlan::Write *> &batch,
                       const Statement &statement, const QList<QVariantList> &returned);

    /// Keeps the row an INSERT left, where it is not the write's own list (see FlushResult).
    /// Records an INSERT that ran: `row` is kept when `changed` (the database gave values the plan
    /// did not hold: a generated key, a trigger's), else the plan's row is what was stored.
    void inserted(const FlushPlan::Write &write, QVariantList &&row, bool changed);
    /// For an INSERT bound from the record's cells: keeps what the database holds in `column`
    /// (FlushResult::insertedCells) where that is not what the cell holds and the column is not
    /// kept yet for this write (a column two references share takes the first one's key). Then
    /// inserted() records the write.
    void keepWritten(const FlushPlan::Write &write, int column, const QVariant &value);
    bool updateBatch(const std::vector<const FlushPlan::Write *> &batch);
    bool removeBatch(const RecordList &records);

    /// The keys a batched UPDATE or DELETE returned (its first columns), each to its row.
    static QHash<Key, qsizetype> keysReturned(const Table &table, const QList<QVariantList> &rows);

    /// Rule 12: every row of a batch must have been written; one that did not come back was
    /// deleted (or, for an UPDATE, changed) by someone else, and the commit fails naming it.
    bool allReturned(const RecordList &records, const QHash<Key, qsizetype> &returned);
    bool insert(const FlushPlan::Write &write);

    /// Rule 6 on a table with triggers: they may have changed the row just written (an AFTER
    /// trigger's UPDATE, which RETURNING does not see), so the row is read back whole.
    bool readWhatTriggersWrote(const RecordPtr &record, QVariantList *row);
    bool update(const FlushPlan::Write &write);

    /// The row of a record whose references a freeing UPDATE set to NULL (RowOrder), for its
    /// DELETE to check against (whatever triggers or generated columns made of it).
    bool readFreedRow(const RecordPtr &record);

    /// Sets the references an INSERT of this flush left NULL to break a cycle (RowOrder).
    bool complete(const FlushPlan::Write &write);
    bool remove(const RecordPtr &record);

    /// Runs an UPDATE or DELETE that must change exactly the one row the session loaded: bound
    /// from `cells` where given (StatementShapes::updateCells()), else from its binds.
    bool runChecked(const Statement &statement, const RecordPtr &record,
                    Session::WriteResult *outcome, const RowCells *cells = nullptr);

    /// keyFor() with the last key found remembered: a parent's children mostly come one after
    /// another (an author's books), each asking for the same new key (w1: nine times in ten).
    QVariant parentKey(const AwaitedKey &awaited);

    Session &m_session;
    const FlushPlan &m_plan;
    FlushResult &m_result;
    StatementShapes m_shapes;
    KeyOf m_keyOf;
    /// The last key parentKey() took from an insert this flush ran: that insert's index and the
    /// column (the values an insert left do not change once it has run).
    struct LastParentKey {
        qsizetype insert = -1;
        int column = -1;
        QVariant key;
    } m_lastParentKey;
    FollowedRows m_followed;
    bool m_batching;
    QSet<const Record *> m_keyed;
    std::unique_ptr<PostgresCopy> m_copy; ///< made at the first COPY
    QByteArray m_copyRows;                ///< the rows of the current COPY, reused
};

} // namespace orm
