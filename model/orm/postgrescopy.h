#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <memory>

struct pg_conn;

namespace orm {

/// Runs `COPY … FROM STDIN` through libpq on the connection QPSQL opened: the same PGconn, so the
/// same transaction. QPSQL cannot feed a COPY, and the server parses COPY's rows several times
/// faster than the text of a multi-row INSERT (issue 14: 0.2–0.4 s against about 1 s for
/// 100,000 rows).
///
/// It sends rows and reads the answer, nothing more: the statement's text comes from
/// StatementShapes, the rows' text from copytext, the statement log and the error's wording from
/// the session. Nothing is read back (no RETURNING): a COPY is only for rows whose every value
/// the session knows.
class PostgresCopy {
public:
    /// nullptr when the connection is not an open QPSQL connection.
    static std::unique_ptr<PostgresCopy> forDatabase(const QSqlDatabase &database);
    PostgresCopy(const PostgresCopy &) = delete;
    PostgresCopy &operator=(const PostgresCopy &) = delete;

    /// True when the connection waits for a command, in a transaction or not. False while QPSQL
    /// still has a result in flight (a forward-only query read row by row, whose rows a COPY
    /// would throw away), or in a failed transaction: write with QPSQL then.
    bool ready() const;

    /// Runs `sql` (a `COPY … FROM STDIN` statement), sends `rows` (COPY's text format, see
    /// copytext.h) in pieces, ends the COPY and waits for the server's answer. False with `error`
    /// set when the server refuses it (its message and SQLSTATE, as QPSQL reports them, so that
    /// Dialect::classify() reads them; ConnectionError when the connection is gone): the
    /// transaction is then aborted, as after a refused INSERT.
    [[nodiscard]] bool copy(const QString &sql, const QByteArray &rows, QSqlError *error);

private:
    explicit PostgresCopy(pg_conn *connection)
        : m_connection(connection) {}

    pg_conn *m_connection;
};

} // namespace orm
