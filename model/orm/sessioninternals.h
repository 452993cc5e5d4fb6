#pragma once

// Private to model/orm: gives the flush planner and the delete resolver read access to the
// session's bookkeeping and the records' relationship slots, without making them friends of each.

#include "record.h"
#include "session.h"
#include "textrows.h"

namespace orm {

class SessionInternals {
public:
    /// What the session has staged: its pending and edited records, why deletes cascaded.
    static const UnitOfWork &unitOfWork(const Session &session) { return session.m_work; }

    /// The parent a child points at now: an assigned reference, else the record its foreign key
    /// names if the session has it in memory. Never queries.
    static RecordPtr currentParent(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        if (slot.assigned) {
            if (RecordPtr parent = slot.parent.lock())
                return parent;
            if (slot.orphaned)
                return nullptr;
        }
        if (!child.m_session)
            return nullptr;
        const Key key = relationship.parentKeyOf(child);
        return key.isNull() ? nullptr : child.m_session->findLoadedParent(relationship, key);
    }
    /// True when the child was taken out of its parent's collection (or its reference set null).
    static bool isOrphaned(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        return (slot.assigned && slot.orphaned) ||
               (!slot.assigned && relationship.parentKeyOf(child).isNull());
    }
    /// True only when the reference was explicitly set to nothing (removed from the collection).
    static bool isExplicitOrphan(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        return slot.assigned && slot.orphaned;
    }
    /// The parent whose new key the child's foreign key must take at flush, if it has none yet.
    static RecordPtr parentAwaitingKey(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        if (!slot.assigned)
            return nullptr;
        RecordPtr parent = slot.parent.lock();
        if (parent && (parent->state() == ObjectState::Pending ||
                       relationship.referencedKeyOf(*parent).isNull()))
            return parent;
        return nullptr;
    }
    static RecordPtr assignedParent(const Record &child, const Relationship &relationship) {
        return child.assignedParent(relationship.parentSlot);
    }
    /// The loaded collection, or nullptr when it is not in memory.
    static const std::vector<RecordPtr> *loadedChildren(const Record &parent,
                                                        const Relationship &relationship) {
        const Record::ChildList *list = parent.childListIfAny(relationship.childSlot);
        if (list)
            return list->loaded ? &list->items : nullptr;
        static const std::vector<RecordPtr> none;
        return parent.childrenLoaded(relationship) ? &none : nullptr;
    }
    /// A new record whose staged values are held in the row store (no list of its own).
    static bool newRowInStore(const Record &record) { return record.m_rows.newRowInStore(); }
    /// The cells of `columns` of a new record's staged values in the row store; empty when they
    /// are not held there.
    static RowCells newRowCells(const Record &record, const QList<int> &columns) {
        return record.m_rows.newRowCells(columns);
    }
    /// A persistent record with no staged change since its row was read: its row is in the database
    /// exactly as the session holds it.
    static bool isUntouched(const Record &record) {
        return record.m_state == ObjectState::Persistent && !record.m_tracked;
    }
    static bool loadChildrenFrom(Session &session, const RecordList &parents,
                                 const Relationship &relationship, const KeySource *parentKeys,
                                 KeySource *childKeys) {
        return session.loadChildrenFrom(parents, relationship, parentKeys, childKeys);
    }
    /// readRowsAsText() (textrows.h), which reads as Session::readRows() does.
    static TextRead readRowsAsText(Session &session, const Table &table, const Query &query,
                                   const std::function<bool(const PostgresReader::TextRow &)> &row);
    /// Runs the SELECT `sql` through the session's PostgreSQL reader, as its reads do: prepared
    /// once, logged once, a read in progress meanwhile; `read(reader, statement, &error)` runs it
    /// and hands its rows over. Declined where the session has no reader, a read is in progress,
    /// or the reader leaves the statement to QPSQL; Failed with lastError() set.
    template <class Read>
    static TextRead readThroughLibpq(Session &session, const QString &sql,
                                     const QVariantList &binds, const Table &table,
                                     const Read &read);
    /// Runs a SELECT the session has no method for (the delete resolver's per-parent counts);
    /// on success `*result` is positioned before the first row: finish() it after reading.
    static bool select(Session &session, const QString &sql, const QVariantList &binds,
                       const Table *table, QSqlQuery **result) {
        return session.execute(sql, binds, table, result);
    }
    /// Counts the rows of `table` where `condition` (SQL over its columns, with `binds`) holds:
    /// what a preview says the database will cascade, set or refuse. False when the query failed
    /// (the session's lastError() says why).
    static bool countWhere(Session &session, const Table &table, const QString &condition,
                           const QVariantList &binds, qint64 *rows);
    static quint64 sequence(const Record &record) { return record.m_sequence; }

    // A record's transitions when a transaction ends without its commit, for the Restorer
    // (Record::setTracked() and the rest say what each does).
    static bool setTracked(Record &record, bool tracked) { return record.setTracked(tracked); }
    static bool revertToCommitted(Record &record, Key *storedBefore) {
        return record.revertToCommitted(storedBefore);
    }
    static void unflushInsert(Record &record) { record.unflushInsert(); }
    static void unflushDelete(Record &record) { record.unflushDelete(); }
    static void unflushEdit(Record &record) { record.unflushEdit(); }
    /// Reads one row by its key without touching the identity map: false when reading failed;
    /// `*found` false when there is no such row.
    static bool readRow(Session &session, const Table &table, const Key &key, QVariantList *row,
                        bool *found) {
        const Session::RowRead read = session.readRow(table, key, row);
        *found = read == Session::RowRead::Found;
        return read != Session::RowRead::Failed;
    }
    /// The value ON UPDATE / ON DELETE SET DEFAULT gives the column (Session::columnDefault()).
    static bool columnDefault(Session &session, const Table &table, int column, QVariant *value) {
        return session.columnDefault(table, column, value);
    }
};

} // namespace orm
