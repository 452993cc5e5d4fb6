#include "reflect.h"

#include "schemabuilder.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace orm {

namespace {

Reflection read(const QSqlDatabase &database, bool withinTransaction) {
    SchemaBuilder builder;
    QString error;
    bool read = false;
    if (!database.isOpen()) {
        error = QCoreApplication::translate("orm", "the database is not open");
    } else if (database.driverName() == QLatin1String("QSQLITE")) {
        read = reflectSqlite(database, builder, &error);
    } else if (database.driverName() == QLatin1String("QPSQL")) {
        // Catalog functions (pg_get_expr, has_table_privilege, …) read the catalog as it is now,
        // not as the statement's snapshot saw it: a table another session drops meanwhile fails
        // the statement ("could not open relation with OID"). Such a race does not repeat.
        constexpr int Attempts = 3;
        QSqlQuery savepoint(database);
        for (int attempt = 1; attempt <= Attempts && !read; ++attempt) {
            builder = SchemaBuilder();
            error.clear();
            if (withinTransaction && !savepoint.exec(QStringLiteral("SAVEPOINT shelf_reflect"))) {
                error = savepoint.lastError().text();
                break;
            }
            read = reflectPostgres(database, builder, &error);
            if (withinTransaction)
                savepoint.exec(read ? QStringLiteral("RELEASE SAVEPOINT shelf_reflect")
                                    : QStringLiteral("ROLLBACK TO SAVEPOINT shelf_reflect"));
        }
    } else {
        error = QCoreApplication::translate("orm", "Shelf cannot read the schema of a %1 database")
                    .arg(database.driverName());
    }
    if (!read) {
        Reflection failed;
        failed.error = error;
        return failed;
    }
    return builder.finish();
}

} // namespace

Reflection reflect(const QSqlDatabase &database) {
    return read(database, false);
}

Reflection reflectWithinTransaction(const QSqlDatabase &database) {
    return read(database, true);
}

} // namespace orm
