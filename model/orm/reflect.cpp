#include "reflect.h"

#include "schemabuilder.h"

#include <QCoreApplication>

namespace orm {

Reflection reflect(const QSqlDatabase &database) {
    SchemaBuilder builder;
    QString error;
    bool read = false;
    if (!database.isOpen()) {
        error = QCoreApplication::translate("orm", "the database is not open");
    } else if (database.driverName() == QLatin1String("QSQLITE")) {
        read = reflectSqlite(database, builder, &error);
    } else if (database.driverName() == QLatin1String("QPSQL")) {
        read = reflectPostgres(database, builder, &error);
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

} // namespace orm
