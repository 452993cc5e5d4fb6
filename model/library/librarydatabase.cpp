#include "librarydatabase.h"

#include "librarymetadata.h"
#include "orm/session.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace library {

namespace {

bool isStamped(const QSqlDatabase &database) {
    QSqlQuery query(database);
    if (database.driverName() == QLatin1String("QSQLITE"))
        return query.exec(QStringLiteral("PRAGMA application_id")) && query.next() &&
               query.value(0).toInt() == kApplicationId;
    // to_regclass is NULL (not an error) when the marker table is missing: reading writes nothing.
    return query.exec(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(markerTable())) &&
           query.next() && query.value(0).toBool();
}

/// A library lives in one schema, the first of the search path (PostgreSQL): tables of other
/// schemas, which reflection names schema.table, are not part of it.
bool inDefaultSchema(const orm::Table &table) {
    return table.name() == table.sqlName();
}

} // namespace

QString markerTable() {
    return QStringLiteral("shelf_library");
}

bool matchesDeclared(const orm::Metadata &reflected, QString *difference) {
    const auto differ = [difference](const QString &what) {
        if (difference)
            *difference = what;
        return false;
    };
    const orm::Metadata &declared = metadata();
    for (const orm::Table *table : reflected.tables()) {
        if (inDefaultSchema(*table) && table->name() != markerTable() &&
            !declared.table(table->name()))
            return differ(QStringLiteral("table %1 is not the library's").arg(table->name()));
    }
    for (const orm::Table *table : declared.tables()) {
        const orm::Table *found = reflected.table(table->name());
        if (!found)
            return differ(QStringLiteral("no table %1").arg(table->name()));
        if (found->columnCount() != table->columnCount())
            return differ(QStringLiteral("%1 has other columns").arg(table->name()));
        for (int i = 0; i < table->columnCount(); ++i) {
            const orm::Column &want = table->column(i);
            const orm::Column &have = found->column(i);
            if (have.name != want.name || have.type != want.type ||
                have.nullable != want.nullable || have.primaryKey != want.primaryKey)
                return differ(QStringLiteral("%1.%2 differs").arg(table->name(), want.name));
        }
        if (found->foreignKeys().size() != table->foreignKeys().size())
            return differ(QStringLiteral("%1 has other foreign keys").arg(table->name()));
        for (const orm::ForeignKey &key : table->foreignKeys()) {
            const orm::ForeignKey *twin = found->foreignKey(key.column());
            if (!twin || twin->isComposite() || twin->targetTable != key.targetTable ||
                twin->onDelete != key.onDelete)
                return differ(QStringLiteral("%1.%2 refers elsewhere")
                                  .arg(table->name(), table->column(key.column()).name));
        }
    }
    return true;
}

DatabaseKind recognise(const QSqlDatabase &database, const orm::Metadata &reflected) {
    if (std::none_of(reflected.tables().begin(), reflected.tables().end(),
                     [](const orm::Table *table) { return inDefaultSchema(*table); }))
        return DatabaseKind::Empty;
    if (isStamped(database) || matchesDeclared(reflected))
        return DatabaseKind::Library;
    return DatabaseKind::Other;
}

bool createTables(orm::Session &session) {
    if (!session.createAll())
        return false;
    // The stamp only speeds recognition up: an unstamped library is still recognised by its
    // schema, so a stamp that cannot be written (a role without CREATE) is no failure.
    QSqlQuery stamp(session.database());
    const bool stamped =
        session.database().driverName() == QLatin1String("QSQLITE")
            ? stamp.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId))
            : stamp.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (revision integer NOT NULL)")
                             .arg(markerTable())) &&
                  stamp.exec(QStringLiteral("DELETE FROM %1").arg(markerTable())) &&
                  stamp.exec(
                      QStringLiteral("INSERT INTO %1 (revision) VALUES (1)").arg(markerTable()));
    if (!stamped)
        qWarning("library: the database could not be stamped: %s",
                 qPrintable(stamp.lastError().text()));
    return true;
}

} // namespace library
