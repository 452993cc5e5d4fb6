#pragma once

#include "types.h"

#include <QHash>
#include <QString>
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace orm {

class NewRows;

/// What a session has staged since its last commit, as lists of records: the pending records in
/// the order they entered, the persistent records edited, what a flush wrote while its commit is
/// still to come, why remove() cascaded to a record, and how many records have changes
/// (docs/contract.md §2 rules 5–8). The flush planner walks these lists; a commit empties them,
/// the Restorer walks them to restore memory after a rollback or a lost transaction.
///
/// It keeps the lists, not the records' own flags (Record::m_tracked, m_countedAsChanged: set by
/// the session and the Restorer): addEdited() trusts that a record is listed once, countChange()
/// that a record is counted once. Signals are the session's too: the counting operations say
/// when "has changes" flips, and the session emits hasChangesChanged().
class UnitOfWork {
public:
    // --- Pending records, in entry order (rule 5: INSERTs in the order records were added) ---

    /// The pending records (the rows held as cells made records first: see addNewRows()).
    const RecordList &pending() const {
        makeNewRowsRecords();
        return m_pending;
    }
    void addPending(const RecordPtr &record) { m_pending.append(record); }
    void dropPending(const RecordPtr &record);
    /// The pending records, leaving none.
    RecordList takePending();
    /// Keeps `records`, which are the pending records as listed (the same, in the same order),
    /// instead of the list: one list shared with the caller's, where an import hands the session
    /// the list of its staged records and keeps that list for an undo step (a million-row import
    /// would hold two of 16 MB each). A later change to either copies it.
    void sharePending(const RecordList &records);
    /// A flush inserted or discarded every pending record.
    void clearPending() { m_pending.clear(); }
    /// Puts the inserts a flush made (in entry order, takeFlushedInserts()) back in front of the
    /// pending records: they entered before any record pending since that flush (a flush takes
    /// every pending record), so the list stays in entry order with nothing to sort.
    void returnFlushedInserts(const std::vector<RecordPtr> &inserts);

    // --- New rows held as cells, with no record a row (NewRows: an import) ------------------

    struct PendingRows {
        std::shared_ptr<NewRows> rows;
        /// Where the rows entered among the pending records: after this many of the pending list
        /// (the records added one by one before them). The list only grows at its end while rows
        /// are held (whatever drops or reorders a pending record makes them records first), so
        /// the place stays right until the materializer puts them there.
        qsizetype pendingBefore = 0;
    };
    /// Keeps `rows` pending as they are, entered after every record pending now. Whoever reads a
    /// list of pending records gets them as records, made then by the materializer
    /// (setMaterializer()), each batch in its place; only a commit of nothing else reads them as
    /// cells (holdsOnlyNewRows()).
    void addNewRows(std::shared_ptr<NewRows> rows);
    const std::vector<PendingRows> &newRows() const { return m_newRows; }
    bool holdsNewRows(const NewRows *rows) const;
    /// The rows held as cells, leaving none (a commit wrote them, a rollback drops them, or the
    /// materializer makes them records).
    std::vector<PendingRows> takeNewRows();
    /// True when rows held as cells are all that is staged: no pending record, no edit, no
    /// flushed work awaiting its commit, no delete.
    bool holdsOnlyNewRows() const;
    /// What makes the rows held as cells pending records (the session's part: it attaches them).
    void setMaterializer(std::function<void()> materializer) {
        m_materializer = std::move(materializer);
    }

    // --- Persistent records edited since the last commit (values, references, deletes) -----

    const std::vector<RecordPtr> &edited() const { return m_edited; }
    /// Lists `record`. Once the list outgrows EditedGrowth, it takes room at once for every
    /// record the session holds (the most that can be edited), as setHeldCount() counts them.
    void addEdited(const RecordPtr &record) {
        if (m_edited.size() == m_edited.capacity() && m_edited.size() >= EditedGrowth)
            makeRoomForEdits();
        m_edited.push_back(record);
    }
    /// What counts the records the session holds (its identity map). Asked only when the edited
    /// list is full past EditedGrowth: a count over every table, where 100,000 first edits would
    /// each have paid for one.
    void setHeldCount(std::function<qsizetype()> heldCount) { m_heldCount = std::move(heldCount); }
    void dropEdited(const RecordPtr &record);
    std::vector<RecordPtr> takeEdited();

    // --- Written by a flush, awaiting its commit (rolled back with the transaction) ----------

    const std::vector<RecordPtr> &flushedInserts() const { return m_flushedInserts; }
    const std::vector<RecordPtr> &flushedDeletes() const { return m_flushedDeletes; }
    void addFlushedInsert(const RecordPtr &record) { m_flushedInserts.push_back(record); }
    void addFlushedDelete(const RecordPtr &record) { m_flushedDeletes.push_back(record); }
    std::vector<RecordPtr> takeFlushedInserts();
    std::vector<RecordPtr> takeFlushedDeletes();
    void clearFlushedDeletes() { m_flushedDeletes.clear(); }
    /// True between a flush that wrote something and its commit or rollback.
    bool hasFlushedWork() const { return !m_flushedInserts.empty() || !m_flushedDeletes.empty(); }

    // --- Why remove() marked a record (the pending-changes list and the delete preview) ------

    const QHash<const Record *, QString> &deleteReasons() const { return m_deleteReasons; }
    void setDeleteReason(const Record *record, const QString &reason);
    /// True when the record was marked because a delete cascaded to it, not removed itself.
    bool isCascadedDelete(const Record *record) const { return m_deleteReasons.contains(record); }
    void forgetDeleteReason(const Record *record) { m_deleteReasons.remove(record); }
    void clearDeleteReasons() { m_deleteReasons.clear(); }

    // --- Counting changed records -----------------------------------------------------------

    /// One more (`changed`) or one fewer record with changes. True when that flips whether any
    /// record has changes: the session then signals hasChangesChanged().
    bool countChange(bool changed);
    /// `count` more records (or rows held as cells) with changes; true when that flips it.
    bool countChanges(qsizetype count);
    /// No record has changes any more (commit, rollback, expungeAll). True when some had.
    bool resetChangeCount();
    /// Records with staged changes (a flush's written work aside).
    bool hasChangedRecords() const { return m_changeCount > 0; }
    /// What Session::hasChanges() answers: changed records, or a flush's work awaiting commit.
    bool hasChanges() const { return hasChangedRecords() || hasFlushedWork(); }

    /// Forgets every record list (expungeAll(): the records leave the session). The delete reasons
    /// stay, as expungeAll() has always left them; the count is reset by resetChangeCount(),
    /// which says whether to signal.
    void clearRecords();

private:
    /// Doubling from here, each list outgrown stayed in the heap as a hole that the allocations
    /// after it did not fill: w5's 100,000 edits left 2 MB of them resident (issue 13). Room made
    /// for every record held is taken only as it is written.
    static constexpr std::size_t EditedGrowth = 4096;

    /// Room in the edited list for every record held (at least twice what it holds).
    void makeRoomForEdits();
    /// The rows held as cells become pending records, where any are held.
    void makeNewRowsRecords() const {
        if (!m_newRows.empty() && m_materializer)
            m_materializer();
    }

    RecordList m_pending;               ///< pending records in entry order
    std::vector<PendingRows> m_newRows; ///< pending rows held as cells, in entry order
    std::function<void()> m_materializer;
    std::function<qsizetype()> m_heldCount;
    std::vector<RecordPtr> m_edited;         ///< persistent records edited since the last commit
    std::vector<RecordPtr> m_flushedDeletes; ///< deleted by a flush, awaiting commit
    std::vector<RecordPtr> m_flushedInserts; ///< inserted by a flush, awaiting commit (entry order)
    QHash<const Record *, QString> m_deleteReasons; ///< why remove() cascaded to a record
    qsizetype m_changeCount = 0; ///< records counted as changed (Record::m_countedAsChanged)
};

} // namespace orm
