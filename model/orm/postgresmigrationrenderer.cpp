#include "postgresmigrationrenderer.h"

#include "dialect.h"
#include "values.h"

#include <QCoreApplication>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::PostgresMigrationRenderer", text);
}

/// PostgreSQL's own name for a single-column UNIQUE constraint declared on the column.
QString uniqueName(const QString &table, const QString &column) {
    return QStringLiteral("%1_%2_key").arg(table, column);
}

} // namespace

QStringList PostgresMigrationRenderer::render(const MigrationOp &op, const SchemaState &before,
                                              const SchemaState &after,
                                              const QSqlDatabase &database, QString *error) const {
    Q_UNUSED(database);
    Q_UNUSED(after);
    using Kind = MigrationOp::Kind;
    const QString table = m_dialect.quote(op.table);
    const QString alter = QStringLiteral("ALTER TABLE %1 ").arg(table);
    const TableShape *from = before.table(op.table);
    if (!from && op.kind != Kind::CreateTable && op.kind != Kind::Data) {
        *error = tr("there is no table %1").arg(op.table);
        return {};
    }
    switch (op.kind) {
    case Kind::CreateTable:
        return m_ddl.createTableWithIndexes(op.shape) + m_dialect.changeNotificationSetup({table});
    case Kind::DropTable:
        return {QStringLiteral("DROP TABLE %1").arg(table)};
    case Kind::AddColumn:
        return {alter + QStringLiteral("ADD COLUMN ") +
                m_ddl.columnDefinition(*after.table(op.table), op.column, true)};
    case Kind::DropColumn:
        return {alter + QStringLiteral("DROP COLUMN ") + m_dialect.quote(op.columnName)};
    case Kind::RenameColumn:
        return renameColumn(*from, op);
    case Kind::AlterColumn: {
        const Column *column = from->column(op.column.name);
        if (!column) {
            *error = tr("%1 has no column %2").arg(op.table, op.column.name);
            return {};
        }
        return alterColumn(op.table, *column, op.column);
    }
    case Kind::AddForeignKey:
        return {alter + QStringLiteral("ADD ") +
                m_ddl.foreignKeyConstraint(op.table, op.foreignKey)};
    case Kind::DropForeignKey:
        return {alter + QStringLiteral("DROP CONSTRAINT ") +
                m_dialect.quote(TableShape::foreignKeyName(op.table, op.foreignKey.columns))};
    case Kind::CreateIndex:
        return {m_ddl.createIndex(op.table, op.index)};
    case Kind::DropIndex:
        return {m_ddl.dropIndex(op.index.name)};
    case Kind::Data:
        return op.sql.isEmpty() ? QStringList() : QStringList{op.sql};
    }
    return {};
}

QStringList PostgresMigrationRenderer::renameColumn(const TableShape &table,
                                                    const MigrationOp &op) const {
    const QString alter = QStringLiteral("ALTER TABLE %1 ").arg(m_dialect.quote(table.name));
    QStringList statements{alter +
                           QStringLiteral("RENAME COLUMN %1 TO %2")
                               .arg(m_dialect.quote(op.columnName), m_dialect.quote(op.newName))};
    // Constraints named after the column follow it, so later migrations find them by name.
    const auto renameConstraint = [&](const QString &from, const QString &to) {
        statements << alter + QStringLiteral("RENAME CONSTRAINT %1 TO %2")
                                  .arg(m_dialect.quote(from), m_dialect.quote(to));
    };
    const Column *column = table.column(op.columnName);
    Column renamed = *column;
    renamed.name = op.newName;
    if (!m_ddl.checkExpression(*column).isEmpty())
        renameConstraint(column->checkName(table.name), renamed.checkName(table.name));
    if (column->unique)
        renameConstraint(uniqueName(table.name, op.columnName), uniqueName(table.name, op.newName));
    if (table.foreignKey({op.columnName}))
        renameConstraint(TableShape::foreignKeyName(table.name, {op.columnName}),
                         TableShape::foreignKeyName(table.name, {op.newName}));
    return statements;
}

QStringList PostgresMigrationRenderer::alterColumn(const QString &table, const Column &from,
                                                   const Column &to) const {
    const QString alterTable = QStringLiteral("ALTER TABLE %1 ").arg(m_dialect.quote(table));
    const QString alter =
        alterTable + QStringLiteral("ALTER COLUMN %1 ").arg(m_dialect.quote(to.name));
    QStringList statements;
    Column plainFrom = from, plainTo = to;
    plainFrom.primaryKey = plainTo.primaryKey = false;
    if (m_dialect.columnType(plainFrom) != m_dialect.columnType(plainTo)) {
        const QString type = m_dialect.columnType(plainTo);
        statements
            << alter + QStringLiteral("TYPE %1 USING %2::%1").arg(type, m_dialect.quote(to.name));
    }
    if (from.nullable != to.nullable)
        statements << alter + (to.nullable ? QStringLiteral("DROP NOT NULL")
                                           : QStringLiteral("SET NOT NULL"));
    if (from.defaultValue != to.defaultValue)
        statements << alter + (to.defaultValue.isValid() ? QStringLiteral("SET DEFAULT ") +
                                                               values::sqlLiteral(to.defaultValue)
                                                         : QStringLiteral("DROP DEFAULT"));
    if (m_ddl.checkExpression(from) != m_ddl.checkExpression(to)) {
        statements << alterTable + QStringLiteral("DROP CONSTRAINT IF EXISTS %1")
                                       .arg(m_dialect.quote(from.checkName(table)));
        if (const QString check = m_ddl.checkConstraint(table, to); !check.isEmpty())
            statements << alterTable + QStringLiteral("ADD ") + check;
    }
    if (from.unique != to.unique)
        statements << alterTable + (to.unique
                                        ? QStringLiteral("ADD CONSTRAINT %1 UNIQUE (%2)")
                                              .arg(m_dialect.quote(uniqueName(table, to.name)),
                                                   m_dialect.quote(to.name))
                                        : QStringLiteral("DROP CONSTRAINT %1")
                                              .arg(m_dialect.quote(uniqueName(table, to.name))));
    return statements;
}

} // namespace orm
