// Session: other users — settling a conflict on one record (take the database's row or keep my
// edit against it), and re-reading the rows of records without staged changes (the "database
// changed — refresh" notice). See session.h, section "Other users".

#include "session.h"

#include "sessioninternals.h"
#include "statementbuilder.h"
#include "values.h"

#include <algorithm>

namespace orm {

namespace {

/// The parent's collection through `slot`, where it has one (none: no parent, or never used).
ChildCollection *collectionOf(const RecordPtr &parent, int slot) {
    return parent ? SessionInternals::childListIfAny(*parent, slot) : nullptr;
}

} // namespace

Session::RowRead Session::readRow(const Table &table, const Key &key, QVariantList *row) {
    bool found = false;
    const Loader::RowFilter capture = [&](const QVariantList &values) {
        *row = values;
        found = true;
        return false; // the identity map is not touched: the caller decides what to take
    };
    if (!m_loader.select(table, m_sql->selectByKey(table), key.values(), nullptr, &capture))
        return RowRead::Failed;
    return found ? RowRead::Found : RowRead::Gone;
}

void Session::adoptRow(Record *record, const QVariantList &row, bool keepMine) {
    const Table &table = record->table();
    const QVariantList before = record->values();
    QList<bool> mine(table.columnCount(), false);
    QVariantList values = row;
    for (int column = 0; keepMine && column < table.columnCount(); ++column) {
        mine[column] = record->isModified(column);
        if (mine[column])
            values[column] = before.at(column);
    }
    const QVariantList storedBefore = record->m_rows.storedRow();
    const RecordPtr self = record->shared_from_this();
    // The parent a row's foreign key names (any number of columns).
    const auto parentIn = [this](const Relationship &relationship, const QVariantList &values) {
        QVariantList key;
        for (int column : relationship.foreignKeyColumns)
            key.append(values.value(column));
        return findLoadedParent(relationship, relationship.parentKeyOf(key));
    };
    for (const Relationship *relationship : table.parentRelationships()) {
        const int slot = relationship->childSlot;
        // The committed collections follow the database's row.
        const RecordPtr storedParent = parentIn(*relationship, storedBefore);
        const RecordPtr rowParent = parentIn(*relationship, row);
        if (storedParent != rowParent) {
            if (ChildCollection *list = collectionOf(storedParent, slot))
                list->unlinkCommitted(record);
            if (ChildCollection *list = collectionOf(rowParent, slot))
                list->linkCommitted(self);
        }
        // The staged collections follow the values the record keeps.
        if (std::any_of(relationship->foreignKeyColumns.begin(),
                        relationship->foreignKeyColumns.end(),
                        [&mine](int column) { return mine.at(column); }))
            continue; // my re-pointing stays staged, assigned parent and all
        const RecordPtr current = SessionInternals::currentParent(*record, *relationship);
        const RecordPtr next = parentIn(*relationship, values);
        if (!record->m_slots.empty())
            record->m_slots.parents()[relationship->parentSlot] = Record::ParentSlot{};
        if (current == next)
            continue;
        if (ChildCollection *list = collectionOf(current, slot))
            list->unlink(record);
        if (ChildCollection *list = collectionOf(next, slot))
            list->linkIfLoaded(self);
    }
    valuesOf(record).load(m_loader.rowStore(table), row);
    valuesOf(record).stageRow(values);
    // Nothing staged on this record any more (its collections aside): it may follow later reads.
    if (record->m_tracked && !record->hasChanges()) {
        const bool collectionsAsCommitted =
            std::ranges::all_of(record->m_slots.children(), [](const auto &list) {
                // children staged before the collection loaded count as staged too
                return !list || list->isAsCommitted();
            });
        if (collectionsAsCommitted) {
            record->m_tracked = false;
            m_work.dropEdited(self);
        }
    }
    for (int column = 0; column < before.size(); ++column) {
        if (!values::same(before.at(column), values.at(column)))
            announceChanged(record, column);
    }
    updateChangeCount(record);
}

void Session::dropGoneRecord(Record *record) {
    for (const Relationship *relationship : record->table().parentRelationships()) {
        const int slot = relationship->childSlot;
        const RecordPtr stored =
            findLoadedParent(*relationship, relationship->parentKeyOf(*record, true));
        const RecordPtr current = SessionInternals::currentParent(*record, *relationship);
        for (const RecordPtr &parent : {stored, current}) {
            if (ChildCollection *list = collectionOf(parent, slot)) {
                list->unlink(record);
                list->unlinkCommitted(record);
            }
        }
    }
    record->m_markedForDelete = false;
    leaveSession(record, ObjectState::Detached);
}

bool Session::resolveConflict(const RecordPtr &record, Resolution resolution) {
    clearError();
    if (!record || record->session() != this || record->m_state != ObjectState::Persistent) {
        Error error;
        error.kind = Error::Kind::Usage;
        error.record = record;
        error.reason = Error::Reason::NothingToResolve;
        if (record) {
            error.table = record->table().name();
            error.reason = Error::Reason::NotStored;
            error.state = record->state();
        }
        setError(error);
        return false;
    }
    if (m_transaction.isOpen()) {
        // Inside an open transaction the row read back may be this session's own uncommitted
        // write: it must not become the committed snapshot that rollback() restores.
        Error error;
        error.kind = Error::Kind::Usage;
        error.record = record;
        error.table = record->table().name();
        error.reason = Error::Reason::ResolveInTransaction;
        setError(error);
        return false;
    }
    const Table &table = record->table();
    Key key = record->storedKey();
    if (key.isNull())
        key = record->key();
    QVariantList row;
    switch (readRow(table, key, &row)) {
    case RowRead::Failed:
        m_lastError.record = record;
        m_lastError.table = table.name();
        m_lastError.reason = Error::Reason::ReadAgainFailed;
        return false;
    case RowRead::Gone:
        if (record->m_markedForDelete || resolution == Resolution::TakeDatabase) {
            // Deleted by the other user: my delete has nothing left to do, my edit gives way.
            dropGoneRecord(record.get());
            return true;
        }
        {
            // Keep mine: the record is new again, under its old key (an explicit key is a plain
            // INSERT on both dialects; PostgreSQL's sequence has already passed it).
            Record *target = record.get();
            const RecordPtr keep = record;
            for (const Relationship *relationship : table.parentRelationships()) {
                const RecordPtr stored =
                    findLoadedParent(*relationship, relationship->parentKeyOf(*target, true));
                if (ChildCollection *list = collectionOf(stored, relationship->childSlot))
                    list->unlinkCommitted(target);
            }
            m_identity.remove(table, key, target);
            if (target->m_tracked) {
                target->m_tracked = false;
                m_work.dropEdited(keep);
            }
            valuesOf(target).forgetStored(); // the staged values stay, to be inserted again
            target->m_state = ObjectState::Pending;
            m_work.addPending(keep);
            announceStateChanged(target);
            updateChangeCount(target);
        }
        return true;
    case RowRead::Found:
        break;
    }
    if (record->m_markedForDelete) {
        // I delete, they edited: take theirs takes the delete back; keep mine checks the delete
        // against their row.
        if (resolution == Resolution::TakeDatabase)
            unremove(record);
        adoptRow(record.get(), row, false);
        return true;
    }
    adoptRow(record.get(), row, resolution == Resolution::KeepMine);
    return true;
}

bool Session::currentRow(const RecordPtr &record, QVariantList *row) {
    clearError();
    if (!record || record->session() != this || record->m_state != ObjectState::Persistent)
        return false;
    const Table &table = record->table();
    Key key = record->storedKey();
    if (key.isNull())
        key = record->key();
    return readRow(table, key, row) == RowRead::Found;
}

bool Session::refreshUnchanged() {
    clearError();
    if (m_transaction.isOpen())
        return true; // inside my own transaction the rows show my flushed work, not theirs
    const StatementBuilder &sql = *m_sql;
    for (const Table *table : m_metadata.tables()) {
        const QList<int> &keyColumns = table->primaryKeyColumns();
        if (keyColumns.isEmpty())
            continue;
        std::vector<std::pair<Key, RecordPtr>> candidates;
        for (const RecordPtr &record : m_identity.records(*table)) {
            if (record->m_state == ObjectState::Persistent && !record->m_markedForDelete &&
                !record->hasChanges())
                candidates.push_back({record->storedKey(), record});
        }
        std::sort(candidates.begin(), candidates.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const Loader::Chunk &chunk :
             Loader::chunks(qsizetype(candidates.size()), keyColumns.size())) {
            const size_t start = size_t(chunk.start);
            const size_t size = size_t(chunk.size);
            QVariantList binds;
            binds.reserve(chunk.size * keyColumns.size());
            for (size_t i = 0; i < size; ++i)
                StatementBuilder::appendKey(&binds, candidates[start + i].first);
            QHash<Key, QVariantList> rows;
            const Loader::RowFilter capture = [&](const QVariantList &row) {
                rows.insert(Key::ofRow(*table, row), row);
                return false;
            };
            const QString statement = sql.selectList(*table) + QStringLiteral(" WHERE ") +
                                      sql.in(*table, keyColumns, qsizetype(size));
            if (!m_loader.select(*table, statement, binds, nullptr, &capture))
                return false;
            for (size_t i = 0; i < size; ++i) {
                Record *record = candidates[start + i].second.get();
                if (record->session() != this || record->m_state != ObjectState::Persistent)
                    continue;
                const auto found = rows.constFind(candidates[start + i].first);
                if (found == rows.constEnd()) {
                    if (SessionInternals::isUntouched(*record))
                        dropGoneRecord(record);
                    continue;
                }
                const QVariantList &row = *found;
                bool differs = false;
                for (int column = 0; column < row.size() && !differs; ++column)
                    differs = !values::same(row.at(column), record->value(column)) ||
                              !values::same(row.at(column), record->storedValue(column));
                if (differs)
                    adoptRow(record, row, false);
            }
        }
    }
    return true;
}

} // namespace orm
