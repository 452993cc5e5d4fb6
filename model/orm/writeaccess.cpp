#include "writeaccess.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>
#include <sqlite3.h>

namespace orm::writeaccess {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

sqlite3 *sqliteHandle(const QSqlDatabase &database) {
    if (!database.driver())
        return nullptr;
    const QVariant handle = database.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

} // namespace

QString readOnlyReason(const QSqlDatabase &database) {
    if (!database.isOpen())
        return {};
    if (database.driverName() == QLatin1String("QSQLITE")) {
        // SQLite opens a file it may not write read-only without a word; it says so here once
        // the file has been read (the caller has read the schema by now)
        sqlite3 *handle = sqliteHandle(database);
        if (handle && sqlite3_db_readonly(handle, "main") == 1)
            return tr("The database file cannot be written: it is read-only for you, or on a "
                      "read-only disk. It opens read-only: nothing can be staged or committed.");
        return {};
    }
    if (database.driverName() == QLatin1String("QPSQL")) {
        QSqlQuery probe(database);
        if (!probe.exec(QStringLiteral(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) ||
            !probe.next())
            return {}; // what cannot be asked is not assumed: a refused write says why
        if (probe.value(0).toBool())
            return tr("The server is a standby in recovery, which takes no writes. The database "
                      "opens read-only: nothing can be staged or committed.");
        if (probe.value(1).toString() == QLatin1String("on"))
            return tr("The server makes this connection's transactions read-only "
                      "(default_transaction_read_only). The database opens read-only: nothing "
                      "can be staged or committed.");
    }
    return {};
}

} // namespace orm::writeaccess
