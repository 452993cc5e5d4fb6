#include "postgrescopy.h"

#include <QSqlDriver>
#include <QVariant>
#include <libpq-fe.h>

#include <algorithm>

namespace orm {

namespace {

/// A piece of COPY data: large enough that the calls cost nothing, small enough that libpq's
/// output buffer does not hold a second copy of a whole batch.
constexpr qsizetype ChunkBytes = 64 * 1024;

QSqlError errorOf(PGconn *connection, const PGresult *result, const char *fallback) {
    const char *message = result ? PQresultErrorMessage(result) : nullptr;
    QString text = QString::fromUtf8(message && *message ? message : PQerrorMessage(connection));
    if (text.isEmpty())
        text = QString::fromUtf8(fallback);
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QSqlError::ErrorType type = PQstatus(connection) == CONNECTION_BAD
                                          ? QSqlError::ConnectionError
                                          : QSqlError::StatementError;
    return QSqlError(QStringLiteral("COPY failed"), text.trimmed(), type,
                     state ? QString::fromLatin1(state) : QString());
}

} // namespace

std::unique_ptr<PostgresCopy> PostgresCopy::forDatabase(const QSqlDatabase &database) {
    if (database.driverName() != QLatin1String("QPSQL") || !database.isOpen() || !database.driver())
        return nullptr;
    const QVariant handle = database.driver()->handle();
    // Qt 6 names the type as the compiler spells it ("pg_conn*", what the PGconn typedef names);
    // Qt 5 and Qt's documentation say "PGconn*".
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    PGconn *connection = *static_cast<PGconn *const *>(handle.constData());
    if (!connection)
        return nullptr;
    return std::unique_ptr<PostgresCopy>(new PostgresCopy(connection));
}

bool PostgresCopy::ready() const {
    if (PQstatus(m_connection) != CONNECTION_OK)
        return false;
    const PGTransactionStatusType status = PQtransactionStatus(m_connection);
    // Inside the flush's transaction only: a COPY outside one would commit on its own (rule 8)
    return status == PQTRANS_INTRANS;
}

bool PostgresCopy::copy(const QString &sql, const QByteArray &rows, QSqlError *error) {
    PGresult *started = PQexec(m_connection, sql.toUtf8().constData());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        *error = errorOf(m_connection, started, "COPY did not start");
        PQclear(started);
        return false;
    }
    PQclear(started);
    const char *sendError = nullptr;
    for (qsizetype sent = 0; sent < rows.size(); sent += ChunkBytes) {
        const int size = int(std::min(ChunkBytes, rows.size() - sent));
        if (PQputCopyData(m_connection, rows.constData() + sent, size) != 1) {
            sendError = "COPY data could not be sent";
            break;
        }
    }
    // After a failed send the server still needs the COPY ended (with an error: nothing written).
    const bool ended = PQputCopyEnd(m_connection, sendError) == 1;
    // The COPY's answer, then a null result once the command is over
    QSqlError refused;
    while (PGresult *result = PQgetResult(m_connection)) {
        const ExecStatusType status = PQresultStatus(result);
        // Still in COPY (ending it failed before libpq left that state, out of memory): libpq
        // would give this result again and again, never the null that ends the loop
        const bool stillCopying =
            status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH;
        if (status != PGRES_COMMAND_OK && refused.type() == QSqlError::NoError)
            refused = errorOf(m_connection, result, "COPY failed");
        PQclear(result);
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
