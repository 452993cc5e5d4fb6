#include "schemastate.h"

#include "metadata.h"

#include <QCoreApplication>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::SchemaState", text);
}

bool applyToTable(TableShape &table, const MigrationOp &op, const SchemaState &state,
                  QString *error) {
    using Kind = MigrationOp::Kind;
    switch (op.kind) {
    case Kind::AddColumn:
        if (table.column(op.column.name)) {
            *error = tr("%1 already has a column %2").arg(table.name, op.column.name);
            return false;
        }
        table.columns.append(op.column);
        return true;
    case Kind::DropColumn: {
        const int index = table.columnIndex(op.columnName);
        if (index < 0) {
            *error = tr("%1 has no column %2").arg(table.name, op.columnName);
            return false;
        }
        table.columns.removeAt(index);
        table.primaryKey.removeAll(op.columnName);
        // What named the column goes with it, as DROP COLUMN (or the rebuild) leaves it.
        table.foreignKeys.removeIf(
            [&](const ForeignKeyShape &key) { return key.columns.contains(op.columnName); });
        table.indexes.removeIf(
            [&](const IndexShape &index) { return index.columns.contains(op.columnName); });
        table.uniques.removeIf(
            [&](const QStringList &unique) { return unique.contains(op.columnName); });
        return true;
    }
    case Kind::RenameColumn: {
        Column *column = table.column(op.columnName);
        if (!column || table.column(op.newName)) {
            *error = tr("%1: cannot rename %2 to %3").arg(table.name, op.columnName, op.newName);
            return false;
        }
        column->name = op.newName;
        const auto rename = [&](QStringList &names) {
            for (QString &name : names) {
                if (name == op.columnName)
                    name = op.newName;
            }
        };
        rename(table.primaryKey);
        for (ForeignKeyShape &key : table.foreignKeys)
            rename(key.columns);
        for (IndexShape &index : table.indexes)
            rename(index.columns);
        for (QStringList &unique : table.uniques)
            rename(unique);
        return true;
    }
    case Kind::AlterColumn: {
        Column *column = table.column(op.column.name);
        if (!column) {
            *error = tr("%1 has no column %2").arg(table.name, op.column.name);
            return false;
        }
        *column = op.column;
        return true;
    }
    case Kind::AddForeignKey:
        if (!state.table(op.foreignKey.targetTable) && op.foreignKey.targetTable != table.name) {
            *error = tr("%1 refers to %2, which does not exist")
                         .arg(table.name, op.foreignKey.targetTable);
            return false;
        }
        if (table.foreignKey(op.foreignKey.columns)) {
            *error = tr("%1 already has a foreign key on %2")
                         .arg(table.name, op.foreignKey.columns.join(QStringLiteral(", ")));
            return false;
        }
        table.foreignKeys.append(op.foreignKey);
        return true;
    case Kind::DropForeignKey: {
        const auto removed = table.foreignKeys.removeIf(
            [&](const ForeignKeyShape &key) { return key.columns == op.foreignKey.columns; });
        if (removed == 0) {
            *error = tr("%1 has no foreign key on %2")
                         .arg(table.name, op.foreignKey.columns.join(QStringLiteral(", ")));
            return false;
        }
        return true;
    }
    case Kind::CreateIndex:
        table.indexes.append(op.index);
        return true;
    case Kind::DropIndex: {
        const auto removed = table.indexes.removeIf(
            [&](const IndexShape &index) { return index.name == op.index.name; });
        if (removed == 0) {
            *error = tr("%1 has no index %2").arg(table.name, op.index.name);
            return false;
        }
        return true;
    }
    default:
        return true;
    }
}

} // namespace

SchemaState SchemaState::from(const Metadata &metadata, bool fromDatabase,
                              const QStringList &except) {
    SchemaState state;
    state.m_knowsIndexes = !fromDatabase;
    for (const Table *table : metadata.tables()) {
        // A library lives in the first schema of the search path: qualified names are elsewhere.
        if (except.contains(table->name()) || table->name() != table->sqlName())
            continue;
        state.m_tables.append(TableShape::from(*table, metadata, !fromDatabase));
    }
    // Reflection reads CHECKs only where the database has a catalog of them (PostgreSQL): the
    // caller says so with setKnowsChecks() (Dialect::reflectsChecks()).
    state.m_knowsChecks = !fromDatabase;
    return state;
}

const TableShape *SchemaState::table(const QString &name) const {
    for (const TableShape &table : m_tables) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

TableShape *SchemaState::table(const QString &name) {
    for (TableShape &table : m_tables) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

bool SchemaState::apply(const MigrationOp &op, QString *error) {
    using Kind = MigrationOp::Kind;
    if (op.kind == Kind::Data)
        return true;
    if (op.kind == Kind::CreateTable) {
        if (table(op.table)) {
            *error = tr("the table %1 already exists").arg(op.table);
            return false;
        }
        m_tables.append(op.shape);
        return true;
    }
    TableShape *found = table(op.table);
    if (!found) {
        *error = tr("there is no table %1").arg(op.table);
        return false;
    }
    if (op.kind == Kind::DropTable) {
        m_tables.removeIf([&](const TableShape &shape) { return shape.name == op.table; });
        return true;
    }
    TableShape changed = *found;
    if (!applyToTable(changed, op, *this, error))
        return false;
    *found = changed;
    return true;
}

} // namespace orm
