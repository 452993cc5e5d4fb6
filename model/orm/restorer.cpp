#include "restorer.h"

#include "identitymap.h"
#include "record.h"
#include "sessioninternals.h"
#include "unitofwork.h"
#include "values.h"

namespace orm {

bool Restorer::rollback(const Notices &notices) {
    // Pending records (and those a flush inserted) become transient, keeping their values.
    RecordList leaving = m_work.takePending();
    for (const RecordPtr &record : m_work.takeFlushedInserts()) {
        unflushInsert(record.get());
        leaving.push_back(record);
    }
    for (const RecordPtr &record : leaving)
        notices.leave(record.get());

    // Everything touched since the last commit returns to its committed snapshot (rule 7). A
    // flushed delete is listed once, whether or not it is edited too.
    std::vector<RecordPtr> touched = m_work.takeEdited();
    for (const RecordPtr &record : m_work.takeFlushedDeletes()) {
        if (!SessionInternals::setTracked(*record, true))
            touched.push_back(record);
    }
    const bool columnsWatched = bool(notices.valueChanged);
    for (const RecordPtr &record : touched) {
        Record *target = record.get();
        SessionInternals::setTracked(*target, false);
        if (target->session() != m_session)
            continue;
        const QVariantList before = columnsWatched ? target->values() : QVariantList();
        const bool stateChanges =
            target->isMarkedForDelete() || target->state() == ObjectState::Deleted;
        Key storedBefore;
        if (SessionInternals::revertToCommitted(*target, &storedBefore)) {
            // A delete that was flushed took the record out of the identity map: it is back (and
            // a flushed key edit is undone with the row)
            const Table &table = target->table();
            const Key key = target->key();
            if (storedBefore != key)
                m_identity.remove(table, storedBefore, target);
            // A row whose key is NULL (SQLite lets a non-integer PRIMARY KEY hold one) has no
            // identity to keep: it is never in the map.
            if (!key.isNull() && m_identity.find(table, key).get() != target)
                m_identity.insert(table, key, record);
        }
        for (int column = 0; columnsWatched && column < before.size(); ++column) {
            if (!values::same(before.at(column), target->value(column)))
                notices.valueChanged(target, column);
        }
        if (stateChanges)
            notices.stateChanged(target);
    }
    m_work.clearDeleteReasons();
    return m_work.resetChangeCount();
}

void Restorer::revertFlushes(const std::function<void(Record *record)> &recount) {
    const std::vector<RecordPtr> inserts = m_work.takeFlushedInserts();
    for (const RecordPtr &record : inserts)
        unflushInsert(record.get());
    m_work.returnFlushedInserts(inserts);
    for (const RecordPtr &record : m_work.takeFlushedDeletes())
        SessionInternals::unflushDelete(*record);
    for (const RecordPtr &record : m_work.edited()) {
        const Key flushed = record->storedKey();
        SessionInternals::unflushEdit(*record);
        m_identity.rekey(record, flushed); // a key UPDATE that was flushed is undone with it
    }
    for (const RecordPtr &record : m_work.pending())
        recount(record.get());
    for (const RecordPtr &record : m_work.edited())
        recount(record.get());
}

void Restorer::unflushInsert(Record *record) {
    m_identity.remove(record->table(), record->storedKey(), record);
    SessionInternals::unflushInsert(*record);
}

} // namespace orm
