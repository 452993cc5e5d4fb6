#include "libpq.h"

#include <QLibrary>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <type_traits>

namespace orm {

namespace {

bool load(LibPq *pq) {
    QLibrary library(QStringLiteral("pq"), 5);
    if (!library.load())
        return false;
    const auto take = [&library](auto &function, const char *name) {
        function =
            reinterpret_cast<std::remove_reference_t<decltype(function)>>(library.resolve(name));
        return function != nullptr;
    };
    return take(pq->status, "PQstatus") && take(pq->transactionStatus, "PQtransactionStatus") &&
           take(pq->backendPID, "PQbackendPID") && take(pq->parameterStatus, "PQparameterStatus") &&
           take(pq->exec, "PQexec") && take(pq->prepare, "PQprepare") &&
           take(pq->describePrepared, "PQdescribePrepared") &&
           take(pq->execPrepared, "PQexecPrepared") && take(pq->resultStatus, "PQresultStatus") &&
           take(pq->clear, "PQclear") && take(pq->nparams, "PQnparams") &&
           take(pq->paramtype, "PQparamtype") && take(pq->nfields, "PQnfields") &&
           take(pq->ftype, "PQftype") && take(pq->ntuples, "PQntuples") &&
           take(pq->getvalue, "PQgetvalue") && take(pq->getlength, "PQgetlength") &&
           take(pq->getisnull, "PQgetisnull") && take(pq->unescapeBytea, "PQunescapeBytea") &&
           take(pq->freemem, "PQfreemem") && take(pq->putCopyData, "PQputCopyData") &&
           take(pq->putCopyEnd, "PQputCopyEnd") && take(pq->getResult, "PQgetResult") &&
           take(pq->errorMessage, "PQerrorMessage") &&
           take(pq->resultErrorMessage, "PQresultErrorMessage") &&
           take(pq->resultErrorField, "PQresultErrorField");
}

} // namespace

const LibPq *libpq() {
    static const LibPq *const loaded = [] {
        static LibPq functions;
        return load(&functions) ? &functions : nullptr;
    }();
    return loaded;
}

PGconn *connectionOf(const QSqlDatabase &database) {
    if (database.driverName() != QLatin1String("QPSQL"))
        return nullptr;
    return connectionOf(database.driver());
}

PGconn *connectionOf(const QSqlDriver *driver) {
    if (!driver || !driver->isOpen() || !libpq())
        return nullptr;
    const QVariant handle = driver->handle();
    // Qt 6 names the type as the compiler spells it ("pg_conn*", what the PGconn typedef names);
    // Qt 5 and Qt's documentation say "PGconn*".
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

} // namespace orm
