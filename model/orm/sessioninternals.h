#pragma once

// Private to model/orm: hands the session's parts (its unit of work, loader and select runner) to
// the parts and tests given them, and gives the flush planner and the delete resolver read access
// to the records' relationship slots, without making them friends of each.

#include "record.h"
#include "session.h"
#include "sessionselects.h"
#include "textrows.h"

#include <QMetaMethod>
#include <utility>

namespace orm {

class SessionInternals {
public:
    /// What the session has staged: its pending and edited records, why deletes cascaded.
    static const UnitOfWork &unitOfWork(const Session &session) { return session.m_work; }

    /// The parent a child points at now: an assigned reference, else the record its foreign key
    /// names if the session has it in memory. Never queries.
    static RecordPtr currentParent(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        if (slot.assigned()) {
            if (RecordPtr parent = slot.parent())
                return parent;
            if (slot.orphaned())
                return nullptr;
        }
        if (!child.session())
            return nullptr;
        const Key key = relationship.parentKeyOf(child);
        return key.isNull() ? nullptr : child.session()->findLoadedParent(relationship, key);
    }
    /// True when the child was taken out of its parent's collection (or its reference set null).
    static bool isOrphaned(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        return slot.orphaned() || (!slot.assigned() && relationship.parentKeyOf(child).isNull());
    }
    /// True only when the reference was explicitly set to nothing (removed from the collection).
    static bool isExplicitOrphan(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        return slot.orphaned();
    }
    /// The parent whose new key the child's foreign key must take at flush, if it has none yet.
    static RecordPtr parentAwaitingKey(const Record &child, const Relationship &relationship) {
        const Record::ParentSlot &slot = child.parentSlot(relationship.parentSlot);
        RecordPtr parent = slot.parent();
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
        const ChildCollection *list = parent.childListIfAny(relationship.childSlot);
        if (list)
            return list->isLoaded() ? &list->items() : nullptr;
        static const std::vector<RecordPtr> none;
        return parent.childrenLoaded(relationship) ? &none : nullptr;
    }
    /// A record's values (its committed, stored and staged rows), to read: where a new record's
    /// are held, which columns have a staged change, a value compared with its stored cell.
    static const RecordValues &valuesOf(const Record &record) { return record.m_rows; }
    /// A persistent record with no staged change since its row was read: its row is in the database
    /// exactly as the session holds it.
    static bool isUntouched(const Record &record) {
        return record.m_state == ObjectState::Persistent && !record.m_tracked;
    }
    /// The session's loader: rows to records, records by key, parents and collections.
    static Loader &loader(Session &session) { return session.m_loader; }
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
    /// A write whose rows come back (a batch's DELETE … RETURNING every column, UPDATE …
    /// RETURNING its keys), run and read as readThroughLibpq() runs a SELECT: `*rows` gets each
    /// row's first `returnedColumns` values, in the order the server sent them, exactly as QPSQL
    /// would give them. Declined (nothing run) where the reader leaves it to QPSQL.
    static TextRead writeThroughLibpq(Session &session, const QString &sql,
                                      const QVariantList &binds, const Table &table,
                                      int returnedColumns, QList<QVariantList> *rows);
    /// The session's SELECTs for the parts that take a SelectRunner (the delete resolver and its
    /// helpers, the loader, the key-edit preview): run, logged and refused as the session's own.
    static SelectRunner &selects(Session &session) { return *session.m_selects; }

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

    // What the Loader reads and sets of the session and of the records it loads.
    static const StatementBuilder *statements(const Session &session) {
        return session.m_sql.get();
    }
    /// Session::selectRows(): a SELECT of every column of `table`, its rows handed to `sink`.
    static bool selectRows(Session &session, const Table &table, const QString &sql,
                           const QVariantList &binds, RowSink &sink) {
        return session.selectRows(table, sql, binds, sink);
    }
    /// True when something listens to recordAdded.
    static bool announcesAdded(const Session &session) { return session.m_connected.added; }
    /// The session's recordAdded / recordChanged, sent only where something listens.
    static void announceAdded(Session &session, Record *record) { session.announceAdded(record); }
    static void announceChanged(Session &session, Record *record, int column) {
        session.announceChanged(record, column);
    }
    /// True on SQLite, whose rows the session reads through its C API.
    static bool readsThroughSqlite(const Session &session) { return bool(session.m_reader); }
    static void clearError(Session &session) { session.clearError(); }
    /// Session::touch(): the record joins those a rollback restores.
    static void touch(Session &session, Record &record) { session.touch(&record); }
    /// Session::valuesOf(): a record's values, to change them (ParentIndex is told).
    static RecordValues &valuesOf(Session &session, Record &record) {
        return session.valuesOf(&record);
    }
    /// A loaded row's new record: persistent in `session`.
    static void enterLoaded(Record &record, Session *session) {
        // (In the loader's store, the session's own: nothing to move, Session::enterSession())
        Q_ASSERT(record.m_rows.store() && record.m_rows.store()->session() == session);
        Q_UNUSED(session);
        record.m_rows.setInStoresSession(true);
        record.m_state = ObjectState::Persistent;
    }
    /// True while the record is listed among the session's edited records.
    static bool isTracked(const Record &record) { return record.m_tracked; }
    static ChildCollection &childList(Record &parent, int slot) { return parent.childList(slot); }
    /// The child list if the record has one yet (loaded or not); never makes it.
    static ChildCollection *childListIfAny(Record &parent, int slot) {
        return const_cast<ChildCollection *>(std::as_const(parent).childListIfAny(slot));
    }
};

} // namespace orm
