#include "tableshape.h"

#include "metadata.h"

namespace orm {

int TableShape::columnIndex(const QString &name) const {
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == name)
            return i;
    }
    return -1;
}

const Column *TableShape::column(const QString &name) const {
    const int index = columnIndex(name);
    return index < 0 ? nullptr : &columns.at(index);
}

Column *TableShape::column(const QString &name) {
    const int index = columnIndex(name);
    return index < 0 ? nullptr : &columns[index];
}

const ForeignKeyShape *TableShape::foreignKey(const QStringList &keyColumns) const {
    for (const ForeignKeyShape &key : foreignKeys) {
        if (key.columns == keyColumns)
            return &key;
    }
    return nullptr;
}

QString TableShape::foreignKeyIndexName(const QString &table, const QStringList &columns) {
    return QStringLiteral("ix_%1_%2").arg(table, columns.join(QLatin1Char('_')));
}

QString TableShape::foreignKeyName(const QString &table, const QStringList &columns) {
    return QStringLiteral("%1_%2_fkey").arg(table, columns.join(QLatin1Char('_')));
}

TableShape TableShape::from(const Table &table, const Metadata &metadata,
                            bool withForeignKeyIndexes) {
    TableShape shape;
    shape.name = table.name();
    for (const Column &column : table.columns()) {
        if (!column.hidden) // SQLite's rowid is no column CREATE TABLE writes
            shape.columns.append(column);
    }
    for (int column : table.primaryKeyColumns()) {
        if (!table.column(column).hidden)
            shape.primaryKey.append(table.column(column).name);
    }
    const auto names = [](const Table &of, const QList<int> &indexes) {
        QStringList result;
        for (int index : indexes)
            result.append(of.column(index).name);
        return result;
    };
    for (const UniqueKey &key : table.uniqueKeys()) {
        if (key.columns.size() > 1)
            shape.uniques.append(names(table, key.columns));
    }
    for (const ForeignKey &key : table.foreignKeys()) {
        ForeignKeyShape foreign;
        foreign.columns = names(table, key.columns);
        foreign.targetTable = key.targetTable;
        if (const Table *target = metadata.table(key.targetTable))
            foreign.targetColumns = names(*target, key.targetColumns);
        foreign.onDelete = key.onDelete;
        foreign.onUpdate = key.onUpdate;
        shape.foreignKeys.append(foreign);
        if (withForeignKeyIndexes)
            shape.indexes.append(
                {foreignKeyIndexName(shape.name, foreign.columns), foreign.columns, false});
    }
    return shape;
}

} // namespace orm
