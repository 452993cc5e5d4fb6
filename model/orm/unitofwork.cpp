#include "unitofwork.h"

#include "newrows.h"

#include <algorithm>

namespace orm {

void UnitOfWork::dropPending(const RecordPtr &record) {
    makeNewRowsRecords();
    m_pending.removeAll(record);
}

RecordList UnitOfWork::takePending() {
    makeNewRowsRecords();
    RecordList pending = std::move(m_pending);
    m_pending.clear(); // a moved-from list is only "valid"; this one is reused
    return pending;
}

void UnitOfWork::sharePending(const RecordList &records) {
    Q_ASSERT(m_pending == records);
    m_pending = records;
}

void UnitOfWork::returnFlushedInserts(const std::vector<RecordPtr> &inserts) {
    if (inserts.empty())
        return;
    RecordList pending;
    pending.reserve(qsizetype(inserts.size()) + m_pending.size());
    for (const RecordPtr &record : inserts)
        pending.append(record);
    pending.append(m_pending);
    m_pending = std::move(pending);
    for (PendingRows &entry : m_newRows) // the rows held as cells entered after them too
        entry.pendingBefore += qsizetype(inserts.size());
}

void UnitOfWork::addNewRows(std::shared_ptr<NewRows> rows) {
    Q_ASSERT(rows && !holdsNewRows(rows.get()));
    m_newRows.push_back({std::move(rows), m_pending.size()});
}

bool UnitOfWork::holdsNewRows(const NewRows *rows) const {
    return std::any_of(m_newRows.cbegin(), m_newRows.cend(),
                       [rows](const PendingRows &entry) { return entry.rows.get() == rows; });
}

std::vector<UnitOfWork::PendingRows> UnitOfWork::takeNewRows() {
    std::vector<PendingRows> rows = std::move(m_newRows);
    m_newRows.clear();
    return rows;
}

bool UnitOfWork::holdsOnlyNewRows() const {
    return !m_newRows.empty() && m_pending.isEmpty() && m_edited.empty() && !hasFlushedWork() &&
           m_deleteReasons.isEmpty();
}

void UnitOfWork::makeRoomForEdits() {
    const qsizetype held = m_heldCount ? m_heldCount() : 0;
    m_edited.reserve(std::max(m_edited.size() * 2, std::size_t(std::max<qsizetype>(held, 0))));
}

void UnitOfWork::dropEdited(const RecordPtr &record) {
    std::erase(m_edited, record);
}

std::vector<RecordPtr> UnitOfWork::takeEdited() {
    std::vector<RecordPtr> edited = std::move(m_edited);
    m_edited.clear();
    return edited;
}

std::vector<RecordPtr> UnitOfWork::takeFlushedInserts() {
    std::vector<RecordPtr> inserts = std::move(m_flushedInserts);
    m_flushedInserts.clear();
    return inserts;
}

std::vector<RecordPtr> UnitOfWork::takeFlushedDeletes() {
    std::vector<RecordPtr> deletes = std::move(m_flushedDeletes);
    m_flushedDeletes.clear();
    return deletes;
}

void UnitOfWork::setDeleteReason(const Record *record, const QString &reason) {
    m_deleteReasons.insert(record, reason);
}

bool UnitOfWork::countChange(bool changed) {
    const bool before = m_changeCount > 0;
    m_changeCount += changed ? 1 : -1;
    Q_ASSERT(m_changeCount >= 0);
    return before != (m_changeCount > 0);
}

bool UnitOfWork::countChanges(qsizetype count) {
    const bool before = m_changeCount > 0;
    m_changeCount += count;
    return before != (m_changeCount > 0);
}

bool UnitOfWork::resetChangeCount() {
    const bool before = m_changeCount > 0;
    m_changeCount = 0;
    return before;
}

void UnitOfWork::clearRecords() {
    m_newRows.clear(); // they leave as the pending records do: NewRows keeps them for an undo
    m_pending.clear();
    m_edited.clear();
    m_flushedDeletes.clear();
    m_flushedInserts.clear();
}

} // namespace orm
