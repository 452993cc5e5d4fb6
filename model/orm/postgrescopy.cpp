#include "postgrescopy.h"

#include "libpq.h"

#include <algorithm>

namespace orm {

namespace {

/// A piece of COPY data: large enough that the calls cost nothing, small enough that libpq's
/// output buffer does not hold a second copy of a whole batch.
constexpr qsizetype ChunkBytes = 64 * 1024;

QSqlError errorOf(PGconn *connection, const PGresult *result, const char *fallback) {
    const LibPq &pq = *libpq(); // loaded: a PostgresCopy exists
    const char *message = result ? pq.resultErrorMessage(result) : nullptr;
    QString text = QString::fromUtf8(message && *message ? message : pq.errorMessage(connection));
    if (text.isEmpty())
        text = QString::fromUtf8(fallback);
    const char *state = result ? pq.resultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QSqlError::ErrorType type = pq.status(connection) == CONNECTION_BAD
                                          ? QSqlError::ConnectionError
                                          : QSqlError::StatementError;
    return QSqlError(QStringLiteral("COPY failed"), text.trimmed(), type,
                     state ? QString::fromLatin1(state) : QString());
}

} // namespace

std::unique_ptr<PostgresCopy> PostgresCopy::forDatabase(const QSqlDatabase &database) {
    PGconn *connection = connectionOf(database);
    if (!connection)
        return nullptr;
    return std::unique_ptr<PostgresCopy>(new PostgresCopy(connection));
}

bool PostgresCopy::ready() const {
    const LibPq &pq = *libpq();
    if (pq.status(m_connection) != CONNECTION_OK)
        return false;
    const PGTransactionStatusType status = pq.transactionStatus(m_connection);
    // Inside the flush's transaction only: a COPY outside one would commit on its own (rule 8)
    return status == PQTRANS_INTRANS;
}

bool PostgresCopy::copy(const QString &sql, const QByteArray &rows, QSqlError *error) {
    const LibPq &pq = *libpq();
    PGresult *started = pq.exec(m_connection, sql.toUtf8().constData());
    if (pq.resultStatus(started) != PGRES_COPY_IN) {
        *error = errorOf(m_connection, started, "COPY did not start");
        pq.clear(started);
        return false;
    }
    pq.clear(started);
    const char *sendError = nullptr;
    for (qsizetype sent = 0; sent < rows.size(); sent += ChunkBytes) {
        const int size = int(std::min(ChunkBytes, rows.size() - sent));
        if (pq.putCopyData(m_connection, rows.constData() + sent, size) != 1) {
            sendError = "COPY data could not be sent";
            break;
        }
    }
    // After a failed send the server still needs the COPY ended (with an error: nothing written).
    const bool ended = pq.putCopyEnd(m_connection, sendError) == 1;
    // The COPY's answer, then a null result once the command is over
    QSqlError refused;
    while (PGresult *result = pq.getResult(m_connection)) {
        const ExecStatusType status = pq.resultStatus(result);
        // Still in COPY (ending it failed before libpq left that state, out of memory): libpq
        // would give this result again and again, never the null that ends the loop
        const bool stillCopying =
            status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH;
        if (status != PGRES_COMMAND_OK && refused.type() == QSqlError::NoError)
            refused = errorOf(m_connection, result, "COPY failed");
        pq.clear(result);
        if (stillCopying)
            break;
    }
    const bool ok = ended && !sendError && refused.type() == QSqlError::NoError;
    if (!ok)
        *error = refused.type() != QSqlError::NoError
                     ? refused
                     : errorOf(m_connection, nullptr, sendError ? sendError : "COPY did not end");
    return ok;
}

} // namespace orm
