#include "sqlitemigrationrenderer.h"

#include "dialect.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::SqliteMigrationRenderer", text);
}

} // namespace

bool SqliteMigrationRenderer::canAddInPlace(const Column &column) {
    return !column.primaryKey && !column.unique &&
           (column.nullable || column.defaultValue.isValid());
}

bool SqliteMigrationRenderer::rebuilds(const MigrationOp &op) const {
    using Kind = MigrationOp::Kind;
    switch (op.kind) {
    case Kind::DropColumn:
    case Kind::AlterColumn:
    case Kind::AddForeignKey:
    case Kind::DropForeignKey:
        return true;
    case Kind::AddColumn:
        return !canAddInPlace(op.column);
    default:
        return false;
    }
}

QStringList SqliteMigrationRenderer::beforeTransaction() const {
    return {QStringLiteral("PRAGMA foreign_keys = OFF"),
            QStringLiteral("PRAGMA legacy_alter_table = ON")};
}

QStringList SqliteMigrationRenderer::afterTransaction() const {
    // Every Shelf connection runs with foreign keys on (SqliteDialect::configureConnection()).
    return {QStringLiteral("PRAGMA legacy_alter_table = OFF"),
            QStringLiteral("PRAGMA foreign_keys = ON")};
}

QStringList SqliteMigrationRenderer::checksBeforeCommit() const {
    // Both return rows only for problems (integrity_check says "ok" when there are none).
    return {QStringLiteral("PRAGMA foreign_key_check"),
            QStringLiteral("SELECT integrity_check FROM pragma_integrity_check "
                           "WHERE integrity_check <> 'ok'")};
}

QStringList SqliteMigrationRenderer::render(const MigrationOp &op, const SchemaState &before,
                                            const SchemaState &after, const QSqlDatabase &database,
                                            QString *error) const {
    using Kind = MigrationOp::Kind;
    const QString table = m_dialect.quote(op.table);
    switch (op.kind) {
    case Kind::CreateTable:
        return m_ddl.createTableWithIndexes(op.shape);
    case Kind::DropTable:
        return {QStringLiteral("DROP TABLE %1").arg(table)};
    case Kind::RenameColumn:
        return {QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                    .arg(table, m_dialect.quote(op.columnName), m_dialect.quote(op.newName))};
    case Kind::CreateIndex:
        return {m_ddl.createIndex(op.table, op.index)};
    case Kind::DropIndex:
        return {m_ddl.dropIndex(op.index.name)};
    case Kind::Data:
        return op.sql.isEmpty() ? QStringList() : QStringList{op.sql};
    case Kind::AddColumn:
        if (canAddInPlace(op.column))
            return {
                QStringLiteral("ALTER TABLE %1 ADD COLUMN %2")
                    .arg(table, m_ddl.columnDefinition(*after.table(op.table), op.column, true))};
        break;
    default:
        break;
    }
    const TableShape *from = before.table(op.table);
    const TableShape *to = after.table(op.table);
    if (!from || !to) {
        *error = tr("there is no table %1").arg(op.table);
        return {};
    }
    return rebuild(*from, *to, database, error);
}

QStringList SqliteMigrationRenderer::rebuild(const TableShape &from, const TableShape &to,
                                             const QSqlDatabase &database, QString *error) const {
    // The table's own indexes and triggers, as sqlite_schema holds them: DROP TABLE takes them
    // along, and they are run again once the new table has the old name. Indexes of the UNIQUE
    // constraints (no SQL) come back with CREATE TABLE; an index on a column that is gone stays
    // gone.
    QStringList recreate;
    QSqlQuery objects(database);
    objects.prepare(QStringLiteral("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? "
                                   "AND type IN ('index', 'trigger') AND sql IS NOT NULL "
                                   "ORDER BY type, name"));
    objects.addBindValue(from.name);
    if (!objects.exec()) {
        *error = objects.lastError().text();
        return {};
    }
    while (objects.next()) {
        if (objects.value(0).toString() == QLatin1String("index")) {
            QSqlQuery columns(database);
            columns.prepare(QStringLiteral("SELECT name FROM pragma_index_info(?)"));
            columns.addBindValue(objects.value(1));
            bool kept = columns.exec();
            while (kept && columns.next())
                kept = columns.value(0).isNull() || to.column(columns.value(0).toString());
            if (!kept)
                continue;
        }
        recreate.append(objects.value(2).toString());
    }

    QStringList copied;
    for (const Column &column : to.columns) {
        if (from.column(column.name))
            copied.append(column.name);
    }
    const QString newName = QStringLiteral("shelf_new_") + to.name;
    const QString columns = m_ddl.columnList(copied);
    QStringList statements{
        m_ddl.createTable(to, newName),
        QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3")
            .arg(m_dialect.quote(newName), columns, m_dialect.quote(from.name)),
        QStringLiteral("DROP TABLE %1").arg(m_dialect.quote(from.name)),
        QStringLiteral("ALTER TABLE %1 RENAME TO %2")
            .arg(m_dialect.quote(newName), m_dialect.quote(to.name)),
    };
    return statements + recreate;
}

} // namespace orm
