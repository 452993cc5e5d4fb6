#pragma once

#include <QSqlError>
#include <QString>
#include <functional>

namespace orm {

/// The database transaction of one connection, as a session's flushes use it
/// (docs/contract.md §2 rules 2, 3 and 8): flush() begins it, commit() or rollback() ends it, and
/// nothing holds it open between user actions but a flush() awaiting its commit(). A flush inside
/// that open transaction runs in a savepoint, so that its failure undoes it alone and the earlier
/// flushes stay.
///
/// It owns whether a transaction and a savepoint are open, nothing else: the connection is named,
/// not held (the session opens and reopens it), and the statements' text comes from
/// StatementBuilder. Each statement is handed to `log` before it runs, so that the session counts
/// and logs it with its own. A failure leaves lastError() as the driver gave it; what it means to
/// the user is the caller's to say.
///
/// Not supported: savepoints inside savepoints (a flush has one at most), and telling whether a
/// COMMIT the connection lost during was applied (the caller says so to the user).
class Transaction {
public:
    /// Counts and logs a statement about to run (sql text, no binds).
    using Log = std::function<void(const QString &sql)>;

    Transaction(const QString &connectionName, Log log);
    /// Rolls back a transaction still open on an open connection (not logged).
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    /// From begin() until commit(), rollback() or forget().
    bool isOpen() const { return m_open; }
    /// From savepoint() until releaseSavepoint() or abandonSavepoint(), or the end of the
    /// transaction.
    bool inSavepoint() const { return m_inSavepoint; }
    /// What the driver said about the last statement it refused.
    const QSqlError &lastError() const { return m_lastError; }

    /// BEGIN. False when the database refuses it: nothing is open then.
    [[nodiscard]] bool begin();
    /// COMMIT. When the database refuses it (a deferred constraint, a lost connection), the
    /// transaction is rolled back as well: SQLite leaves a transaction open after a refused
    /// COMMIT, PostgreSQL ends it, and the caller must find the same on both. Closed either way.
    [[nodiscard]] bool commit();
    /// ROLLBACK of an open transaction, and nothing when none is open. Not logged: it throws work
    /// away and is not a statement of any flush. False when the driver refused it (the
    /// transaction counts as ended all the same: the connection is of no use in it any more).
    bool rollback();
    /// The connection was closed under the transaction (a reconnect): the server has rolled it
    /// back, so there is nothing left to end.
    void forget();

    /// SAVEPOINT inside the open transaction.
    [[nodiscard]] bool savepoint();
    /// RELEASE SAVEPOINT: the work since savepoint() becomes part of the transaction.
    [[nodiscard]] bool releaseSavepoint();
    /// Undoes the work since savepoint() — or, with no savepoint, since begin(), by ROLLBACK and
    /// BEGIN — and starts again from there (a savepoint stays after ROLLBACK TO). False when the
    /// database refuses: without a savepoint, nothing is open then.
    [[nodiscard]] bool restart();
    /// Undoes the work since savepoint() and ends the savepoint, leaving the transaction as it was
    /// before (not logged: work thrown away). When the database refuses either step, the whole
    /// transaction is rolled back and false returned: the earlier work is gone too.
    bool abandonSavepoint();

private:
    bool run(const QString &sql, bool logged);

    QString m_connectionName;
    Log m_log;
    bool m_open = false;
    bool m_inSavepoint = false;
    QSqlError m_lastError;
};

} // namespace orm
