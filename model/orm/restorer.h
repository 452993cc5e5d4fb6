#pragma once

#include "types.h"

#include <functional>

namespace orm {

class IdentityMap;
class Session;
class UnitOfWork;

/// Puts memory back when a transaction ends without its commit (issue 13, a session made of
/// parts): rollback()'s restore (docs/contract.md §2 rule 7: no database round trip) and a lost
/// flush's revert (rule 8: a failed commit changes nothing in memory). It walks the unit of work's
/// lists — pending records, what a flush inserted and deleted, the edited records — calls each
/// record's transition (Record::revertToCommitted() and its neighbours, which carry out
/// RecordValues' revert() and revertFlush()), and keeps the identity map in step with the keys
/// that come back.
///
/// What is not its job stays the session's, handed in as callbacks: a record leaving the session
/// (Session::leaveSession(): its signals and bookkeeping), the signals views follow, recounting a
/// record's changes, and the transaction itself (rolled back before the restore). It emits
/// nothing and runs no SQL.
class Restorer {
public:
    /// What the session does for a rollback, in the order the restore reaches each record.
    struct Notices {
        /// A pending record, or one a flush inserted, leaves the session as transient.
        std::function<void(Record *record)> leave;
        /// A restored column's value changed. Empty: nobody listens, and no column is compared
        /// (100,000 restored rows with no view open compare nothing).
        std::function<void(Record *record, int column)> valueChanged;
        /// A restored record was marked for delete or deleted, and is persistent again.
        std::function<void(Record *record)> stateChanged;
    };

    /// `session` is whose records are restored: a listed record that has left it since (a flushed
    /// delete expunged) is only unlisted. It is compared, never called.
    Restorer(UnitOfWork &work, IdentityMap &identity, const Session *session)
        : m_work(work)
        , m_identity(identity)
        , m_session(session) {}

    /// Rollback's restore (rule 7): pending records and those a flush inserted leave (keeping
    /// their values, a generated key forgotten); every edited record and every flushed delete
    /// returns to its committed values, references and loaded collections, persistent, back in
    /// the identity map under its committed key. Every list is emptied, the delete reasons and
    /// the change count too. True when that count had records (the session signals
    /// hasChangesChanged(false)).
    bool rollback(const Notices &notices);

    /// The transaction that held earlier flushes is gone (rule 8): what they wrote is staged
    /// again — inserted records pending again in entry order, deleted ones marked for delete,
    /// edited ones with their stored values back to the committed ones (their staged edits
    /// kept, a flushed key edit undone in the identity map). `recount` is called for every
    /// pending and edited record afterwards, so the session's change count follows.
    void revertFlushes(const std::function<void(Record *record)> &recount);

private:
    /// A flushed insert undone: out of the identity map, no stored row, pending again.
    void unflushInsert(Record *record);

    UnitOfWork &m_work;
    IdentityMap &m_identity;
    const Session *m_session;
};

} // namespace orm
