#include "migrationop.h"

#include <QCoreApplication>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::MigrationOp", text);
}

MigrationOp make(MigrationOp::Kind kind, const QString &table) {
    MigrationOp op;
    op.kind = kind;
    op.table = table;
    return op;
}

/// "integer, may be empty, unique, checked, default 0"
QString columnTraits(const Column &column) {
    QStringList traits{columnTypeName(column.type)};
    traits << (column.nullable ? tr("may be empty") : tr("required"));
    if (column.unique)
        traits << tr("unique");
    if (column.minimum && column.maximum)
        traits << tr("from %1 to %2").arg(*column.minimum).arg(*column.maximum);
    if (!column.checks.isEmpty())
        traits << tr("its format checked");
    if (column.defaultValue.isValid())
        traits << tr("default %1").arg(column.defaultValue.toString());
    return traits.join(QStringLiteral(", "));
}

} // namespace

MigrationOp MigrationOp::createTable(const TableShape &shape) {
    MigrationOp op = make(Kind::CreateTable, shape.name);
    op.shape = shape;
    return op;
}

MigrationOp MigrationOp::dropTable(const QString &table) {
    return make(Kind::DropTable, table);
}

MigrationOp MigrationOp::addColumn(const QString &table, const Column &column) {
    MigrationOp op = make(Kind::AddColumn, table);
    op.column = column;
    return op;
}

MigrationOp MigrationOp::dropColumn(const QString &table, const QString &column) {
    MigrationOp op = make(Kind::DropColumn, table);
    op.columnName = column;
    return op;
}

MigrationOp MigrationOp::renameColumn(const QString &table, const QString &column,
                                      const QString &newName) {
    MigrationOp op = make(Kind::RenameColumn, table);
    op.columnName = column;
    op.newName = newName;
    return op;
}

MigrationOp MigrationOp::alterColumn(const QString &table, const Column &column) {
    MigrationOp op = make(Kind::AlterColumn, table);
    op.column = column;
    return op;
}

MigrationOp MigrationOp::addForeignKey(const QString &table, const ForeignKeyShape &key) {
    MigrationOp op = make(Kind::AddForeignKey, table);
    op.foreignKey = key;
    return op;
}

MigrationOp MigrationOp::dropForeignKey(const QString &table, const QStringList &columns) {
    MigrationOp op = make(Kind::DropForeignKey, table);
    op.foreignKey.columns = columns;
    return op;
}

MigrationOp MigrationOp::createIndex(const QString &table, const IndexShape &index) {
    MigrationOp op = make(Kind::CreateIndex, table);
    op.index = index;
    return op;
}

MigrationOp MigrationOp::dropIndex(const QString &table, const QString &index) {
    MigrationOp op = make(Kind::DropIndex, table);
    op.index.name = index;
    return op;
}

MigrationOp MigrationOp::dataSql(const QString &summary, const QString &sql) {
    MigrationOp op = make(Kind::Data, {});
    op.summary = summary;
    op.sql = sql;
    return op;
}

MigrationOp MigrationOp::dataFunction(const QString &summary, DataFunction function) {
    MigrationOp op = make(Kind::Data, {});
    op.summary = summary;
    op.function = std::move(function);
    return op;
}

QString MigrationOp::describe() const {
    const QString where = table + QLatin1Char('.');
    switch (kind) {
    case Kind::CreateTable:
        return tr("Create the table %1.").arg(table);
    case Kind::DropTable:
        return tr("Remove the table %1 and everything in it.").arg(table);
    case Kind::AddColumn:
        return tr("Add the column %1 (%2).").arg(where + column.name, columnTraits(column));
    case Kind::DropColumn:
        return tr("Remove the column %1 and its values.").arg(where + columnName);
    case Kind::RenameColumn:
        return tr("Rename the column %1 to %2.").arg(where + columnName, newName);
    case Kind::AlterColumn:
        return tr("Change the column %1 to: %2.").arg(where + column.name, columnTraits(column));
    case Kind::AddForeignKey: {
        QString text =
            tr("Make %1 refer to %2")
                .arg(where + foreignKey.columns.join(QStringLiteral(", ")), foreignKey.targetTable);
        if (foreignKey.onDelete != OnDelete::NoAction)
            text += tr(" (when that row is deleted: %1)").arg(onDeleteName(foreignKey.onDelete));
        return text + QLatin1Char('.');
    }
    case Kind::DropForeignKey:
        return tr("Stop checking that %1 refers to an existing row.")
            .arg(where + foreignKey.columns.join(QStringLiteral(", ")));
    case Kind::CreateIndex:
        return (index.unique ? tr("Make %1 unique (index %2).") : tr("Index %1 (index %2)."))
            .arg(where + index.columns.join(QStringLiteral(", ")), index.name);
    case Kind::DropIndex:
        return tr("Remove the index %1 of %2.").arg(index.name, table);
    case Kind::Data:
        return summary;
    }
    return {};
}

QStringList MigrationOp::describe(const QList<MigrationOp> &ops) {
    QStringList sentences;
    for (qsizetype i = 0; i < ops.size(); ++i) {
        const MigrationOp &op = ops.at(i);
        const MigrationOp *next = i + 1 < ops.size() ? &ops.at(i + 1) : nullptr;
        if (op.kind == Kind::DropForeignKey && next && next->kind == Kind::AddForeignKey &&
            next->table == op.table && next->foreignKey.columns == op.foreignKey.columns) {
            sentences << tr("When the row of %1 that %2 refers to is deleted: %3.")
                             .arg(next->foreignKey.targetTable,
                                  op.table + QLatin1Char('.') +
                                      op.foreignKey.columns.join(QStringLiteral(", ")),
                                  next->foreignKey.onDelete == OnDelete::NoAction
                                      ? tr("refuse the delete")
                                      : onDeleteName(next->foreignKey.onDelete));
            ++i;
            continue;
        }
        sentences << op.describe();
    }
    return sentences;
}

} // namespace orm
