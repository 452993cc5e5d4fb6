#include "dialect.h"

#include "table.h"

#include "postgresdialect.h"
#include "sqlitedialect.h"

namespace orm {

std::unique_ptr<Dialect> Dialect::forDatabase(const QSqlDatabase &database) {
    const QString driver = database.driverName();
    if (driver == QLatin1String("QSQLITE"))
        return std::make_unique<SqliteDialect>();
    if (driver == QLatin1String("QPSQL"))
        return std::make_unique<PostgresDialect>();
    return nullptr;
}

QString Dialect::quoteTable(const Table &table) const {
    if (table.schema().isEmpty())
        return quote(table.sqlName());
    return quote(table.schema()) + QLatin1Char('.') + quote(table.sqlName());
}

QString Dialect::quote(const QString &identifier) const {
    QString escaped = identifier;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString Dialect::selectColumn(const Column &column) const {
    return quote(column.name);
}

QString Dialect::dropTable(const QString &quotedTable) const {
    return QStringLiteral("DROP TABLE IF EXISTS %1").arg(quotedTable);
}

} // namespace orm
