#pragma once

#include "flushsql.h"
#include "postgrescopy.h"
#include "session.h"

#include <QByteArray>

#include <memory>

namespace orm {

class NewRows;

/// The commit of a session that holds nothing staged but rows kept as cells (NewRows, an
/// import's): each row written from its cells in one transaction of its own, with no flush plan
/// and no record a row — on SQLite an INSERT a row, on PostgreSQL COPY, 20,000 rows a statement.
/// Session::commit() runs it when UnitOfWork::holdsOnlyNewRows() and no transaction is open.
///
/// It writes the database and touches nothing in memory: once run() has committed, the session
/// lets the cells go and says so (Session::applyNewRowsCommit()), as it applies a flush plan
/// FlushExecutor ran (rule 8: memory changes only after the database accepted all of it).
///
/// Not supported (run() declines before BEGIN, and the session plans the rows as records
/// instead): rows already made records, a read-only table, a table whose rows refer to rows of
/// their own table (a plan puts such parents first), and on PostgreSQL an insert-only table (its
/// rows are not COPY's to write) or a connection COPY cannot take.
class NewRowsCommit {
public:
    /// For a session with a dialect (Session::isValid()).
    explicit NewRowsCommit(Session &session);
    NewRowsCommit(const NewRowsCommit &) = delete;
    NewRowsCommit &operator=(const NewRowsCommit &) = delete;

    /// BEGIN, every row of the session's rows kept as cells in their entry order, COMMIT. False,
    /// with nothing written (declined, or the transaction rolled back), when the rows are not
    /// supported (above), when BEGIN is refused, or when a value is not certainly writable as it
    /// is (newCellWritable()) or the database refuses a statement or the COMMIT: the flush's own
    /// plan then says what is refused and where.
    [[nodiscard]] bool run();

private:
    /// True when every table's rows can be written as they are, in their order, without a plan.
    bool takesEveryTable() const;
    /// Writes one table's rows; false at the first one refused.
    bool write(const NewRows &rows);
    /// Sends the rows of the current COPY, if any (true when there are none).
    bool sendCopy();

    Session &m_session;
    /// On a server, rows go as COPY (a row at a time is a round trip each); nothing needs to come
    /// back, as no record is made of them.
    const bool m_copies;
    StatementShapes m_shapes;
    std::unique_ptr<PostgresCopy> m_copy; ///< made by run() when m_copies
    Statement m_statement;                ///< the shape of the rows being written
    /// The rows of one COPY, in COPY's text format: a few MB at most, not a million rows' worth.
    QByteArray m_copyText;
    qsizetype m_copyRows = 0;
};

} // namespace orm
