// Session: taking records out — remove (with its delete cascade), unremove, discard, expunge.

#include "session.h"

#include "deleteresolver.h"
#include "sessioninternals.h"

#include <algorithm>

namespace orm {

// --- Removing ----------------------------------------------------------------------------------

bool Session::remove(const RecordPtr &record) {
    return removeAll({record});
}

bool Session::removeAll(const RecordList &records) {
    clearError();
    RecordList seeds;
    for (const RecordPtr &record : records) {
        Q_ASSERT(record);
        if (!record)
            continue;
        if (record->session() != this) {
            Error error;
            error.kind = Error::Kind::Usage;
            error.record = record;
            error.table = record->table().name();
            error.reason = Error::Reason::NotInSession;
            error.state = record->state();
            setError(error);
            return false;
        }
        if (record->m_markedForDelete || record->m_state == ObjectState::Deleted)
            continue;                              // rule 10: removing twice is a no-op
        if (!record->readOnlyReason().isEmpty()) { // §7 rule 5
            Error error;
            error.kind = Error::Kind::Usage;
            error.record = record;
            error.table = record->table().name();
            const bool wholeTable = record->table().isReadOnly();
            error.reason = wholeTable ? Error::Reason::ReadOnlyTable : Error::Reason::ReadOnlyRow;
            error.detail = wholeTable ? record->table().readOnlyReason() : record->readOnlyReason();
            error.deleting = true;
            setError(error);
            return false;
        }
        seeds.append(record);
    }
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
    resolver.setListingPaths(false); // what it deletes, not how it is reached
    if (!resolver.resolve(seeds, {}, false)) {
        setError(resolver.error());
        return false;
    }
    const ManyChanges many(*this, resolver.deleted().size());
    for (const DeletePreview::Deleted &entry : resolver.deleted()) {
        Record *target = entry.record.get();
        if (target->m_state == ObjectState::Pending) {
            discardPending(target);
        } else if (target->m_state == ObjectState::Persistent && !target->m_markedForDelete) {
            if (!entry.reason.isEmpty())
                m_work.setDeleteReason(target, entry.reason);
            target->m_markedForDelete = true;
            touch(target);
            announceStateChanged(target);
        }
    }
    return true;
}

bool Session::unremove(const RecordPtr &record) {
    if (!record || record->session() != this || !record->m_markedForDelete)
        return false;
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
    resolver.setListingPaths(false);            // what it deletes, not how it is reached
    if (!resolver.resolve({record}, {}, false)) // collections are loaded: no query runs
        return false;
    const ManyChanges many(*this, resolver.deleted().size());
    for (const DeletePreview::Deleted &entry : resolver.deleted()) {
        Record *target = entry.record.get();
        const bool cascaded = m_work.isCascadedDelete(target);
        if (!target->m_markedForDelete || (target != record.get() && !cascaded))
            continue;
        target->m_markedForDelete = false;
        m_work.forgetDeleteReason(target);
        updateChangeCount(target);
        announceStateChanged(target);
    }
    return true;
}

void Session::discardPending(Record *record) {
    Q_ASSERT(record->m_state == ObjectState::Pending);
    const RecordPtr keep = record->shared_from_this();
    // Out of every collection it was appended to, so nothing shows a record that will never be.
    for (const Relationship *relationship : record->table().parentRelationships()) {
        if (RecordPtr parent = SessionInternals::currentParent(*record, *relationship))
            parent->unlinkChild(*relationship, record);
    }
    m_work.dropPending(keep);
    leaveSession(record, ObjectState::Transient);
}

void Session::leaveSession(Record *record, ObjectState newState) {
    const RecordPtr keep = record->shared_from_this();
    if (record->m_state != ObjectState::Pending)
        m_identity.remove(record->table(), record->storedKey(), record);
    if (record->m_countedAsChanged)
        countAsChanged(record, false);
    if (record->m_tracked) {
        record->m_tracked = false;
        m_work.dropEdited(keep);
    }
    m_work.forgetDeleteReason(record);
    record->m_rows.setInStoresSession(false);
    record->m_state = newState;
    announceRemoved(record);
    announceStateChanged(record);
}

void Session::expunge(const RecordPtr &record) {
    if (!record || record->session() != this)
        return;
    if (record->m_state == ObjectState::Pending) {
        m_work.dropPending(record);
        leaveSession(record.get(), ObjectState::Transient);
    } else {
        leaveSession(record.get(), ObjectState::Detached);
    }
    for (const Relationship *relationship : record->table().childRelationships()) {
        if (!(relationship->cascade & CascadeFlag::Expunge))
            continue;
        if (const auto *children = SessionInternals::loadedChildren(*record, *relationship)) {
            const std::vector<RecordPtr> copy = *children;
            for (const RecordPtr &child : copy)
                expunge(child);
        }
    }
}

void Session::expungeAll() {
    m_transaction.rollback();
    m_work.takeNewRows(); // rows kept as cells leave as they are, no record made for them
    for (const RecordPtr &record : m_work.edited())
        record->m_tracked = false;
    RecordList leaving = m_work.takePending();
    m_identity.forEach([&leaving](const RecordPtr &record) { leaving.push_back(record); });
    m_identity.clear();
    for (const RecordPtr &record : m_work.flushedDeletes())
        leaving.push_back(record);
    m_work.clearRecords(); // flushed inserts are in the identity map: listed above
    const ManyChanges many(*this, leaving.size());
    for (const RecordPtr &record : leaving) {
        record->m_countedAsChanged = false;
        record->m_rows.setInStoresSession(false);
        record->m_state = record->m_state == ObjectState::Pending ? ObjectState::Transient
                                                                  : ObjectState::Detached;
        announceRemoved(record.get());
    }
    resetChangeCount();
}

qsizetype Session::releaseUnused(RecordList &&records) {
    qsizetype released = 0;
    for (RecordPtr &record : records) {
        // Held by the identity map and by this list, and by nothing else
        if (!record || record->session() != this || record->m_state != ObjectState::Persistent ||
            record->m_tracked || record->m_countedAsChanged || record.use_count() != 2)
            continue;
        // A loaded collection may hold staged children that point back at this very object
        if (record->hasChildLists())
            continue;
        const Table &table = record->table();
        const Key key = record->storedKey();
        if (m_identity.find(table, key) != record)
            continue;
        m_identity.remove(table, key, record.get());
        record->m_rows.setInStoresSession(false);
        record->m_state = ObjectState::Detached;
        record.reset();
        ++released;
    }
    records.clear();
    return released;
}

} // namespace orm
