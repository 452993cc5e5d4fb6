#pragma once

#include <QSqlDatabase>
#include <QSqlDriver>
#include <libpq-fe.h>

namespace orm {

/// libpq's functions, taken from the library QPSQL loaded for the connection. Shelf does not link
/// libpq: every process would then load it and the twenty libraries it needs (Kerberos, LDAP,
/// TLS: about 5 MiB and a slower start) even when it only ever opens SQLite files. Included by the
/// .cpp files that reach QPSQL's connection (PostgresCopy, PostgresReader, PostgresDialect), never
/// by a header.
struct LibPq {
    decltype(&::PQstatus) status = nullptr;
    decltype(&::PQtransactionStatus) transactionStatus = nullptr;
    decltype(&::PQbackendPID) backendPID = nullptr;
    decltype(&::PQparameterStatus) parameterStatus = nullptr;
    decltype(&::PQexec) exec = nullptr;
    decltype(&::PQprepare) prepare = nullptr;
    decltype(&::PQdescribePrepared) describePrepared = nullptr;
    decltype(&::PQexecPrepared) execPrepared = nullptr;
    decltype(&::PQresultStatus) resultStatus = nullptr;
    decltype(&::PQclear) clear = nullptr;
    decltype(&::PQnparams) nparams = nullptr;
    decltype(&::PQparamtype) paramtype = nullptr;
    decltype(&::PQnfields) nfields = nullptr;
    decltype(&::PQftype) ftype = nullptr;
    decltype(&::PQntuples) ntuples = nullptr;
    decltype(&::PQgetvalue) getvalue = nullptr;
    decltype(&::PQgetlength) getlength = nullptr;
    decltype(&::PQgetisnull) getisnull = nullptr;
    decltype(&::PQunescapeBytea) unescapeBytea = nullptr;
    decltype(&::PQfreemem) freemem = nullptr;
    decltype(&::PQputCopyData) putCopyData = nullptr;
    decltype(&::PQputCopyEnd) putCopyEnd = nullptr;
    decltype(&::PQgetResult) getResult = nullptr;
    decltype(&::PQerrorMessage) errorMessage = nullptr;
    decltype(&::PQresultErrorMessage) resultErrorMessage = nullptr;
    decltype(&::PQresultErrorField) resultErrorField = nullptr;
};

/// The functions, loaded once from libpq.so.5 (the ABI Debian's QPSQL is built against; the
/// library stays loaded); nullptr when libpq or one of them cannot be found, and the callers then
/// leave everything to QPSQL.
const LibPq *libpq();

/// The PGconn of an open QPSQL connection (QSqlDriver::handle()), or nullptr.
PGconn *connectionOf(const QSqlDatabase &database);
/// The same of a QPSQL driver: nullptr once it is closed. QPSQL frees its PGconn on close() and
/// makes a new one on open(), so a PGconn kept across calls is only safe to use while this still
/// returns it.
PGconn *connectionOf(const QSqlDriver *driver);

} // namespace orm
