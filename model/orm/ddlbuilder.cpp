#include "ddlbuilder.h"

#include "dialect.h"
#include "values.h"

namespace orm {

namespace {

/// A one-column key the database generates is declared on its column (a rowid alias, an
/// identity); any other key is a table constraint with its columns in key order.
int generatedKey(const TableShape &table) {
    if (table.primaryKey.size() != 1)
        return -1;
    const int index = table.columnIndex(table.primaryKey.first());
    return index >= 0 && table.columns.at(index).autoIncrement ? index : -1;
}

} // namespace

QString DdlBuilder::columnList(const QStringList &columns) const {
    QStringList quoted;
    for (const QString &column : columns)
        quoted << m_dialect.quote(column);
    return quoted.join(QStringLiteral(", "));
}

QString DdlBuilder::columnDefinition(const TableShape &table, const Column &column,
                                     bool inlineCheck) const {
    const int index = table.columnIndex(column.name);
    const bool isGeneratedKey = index >= 0 && index == generatedKey(table);
    Column plain = column;
    plain.primaryKey = isGeneratedKey;
    QString definition =
        m_dialect.quote(column.name) + QLatin1Char(' ') + m_dialect.columnType(plain);
    if (!isGeneratedKey && (!column.nullable || column.primaryKey))
        definition += QStringLiteral(" NOT NULL");
    if (column.unique && !column.primaryKey)
        definition += QStringLiteral(" UNIQUE");
    if (column.defaultValue.isValid())
        definition += QStringLiteral(" DEFAULT ") + values::sqlLiteral(column.defaultValue);
    if (inlineCheck) {
        if (const QString check = checkConstraint(table.name, column); !check.isEmpty())
            definition += QLatin1Char(' ') + check;
    }
    return definition;
}

QString DdlBuilder::checkExpression(const Column &column) const {
    QStringList parts;
    if (column.minimum)
        parts << QStringLiteral("%1 >= %2").arg(m_dialect.quote(column.name)).arg(*column.minimum);
    if (column.maximum)
        parts << QStringLiteral("%1 <= %2").arg(m_dialect.quote(column.name)).arg(*column.maximum);
    for (const QString &check : column.checks)
        parts << (parts.isEmpty() && column.checks.size() == 1 ? check
                                                               : QStringLiteral("(%1)").arg(check));
    return parts.join(QStringLiteral(" AND "));
}

QString DdlBuilder::checkConstraint(const QString &table, const Column &column) const {
    const QString expression = checkExpression(column);
    if (expression.isEmpty())
        return {};
    return QStringLiteral("CONSTRAINT %1 CHECK (%2)")
        .arg(m_dialect.quote(column.checkName(table)), expression);
}

QString DdlBuilder::foreignKeyConstraint(const QString &table, const ForeignKeyShape &key) const {
    QString definition = QStringLiteral("CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (%4)")
                             .arg(m_dialect.quote(TableShape::foreignKeyName(table, key.columns)),
                                  columnList(key.columns), m_dialect.quote(key.targetTable),
                                  columnList(key.targetColumns));
    if (key.onDelete != OnDelete::NoAction)
        definition += QStringLiteral(" ON DELETE ") + onDeleteName(key.onDelete);
    if (key.onUpdate != ReferentialAction::NoAction)
        definition += QStringLiteral(" ON UPDATE ") + onDeleteName(key.onUpdate);
    return definition;
}

QString DdlBuilder::createTable(const TableShape &table, const QString &sqlName) const {
    QStringList definitions;
    for (const Column &column : table.columns)
        definitions << columnDefinition(table, column);
    if (generatedKey(table) < 0 && !table.primaryKey.isEmpty())
        definitions << QStringLiteral("PRIMARY KEY (%1)").arg(columnList(table.primaryKey));
    for (const QStringList &unique : table.uniques)
        definitions << QStringLiteral("UNIQUE (%1)").arg(columnList(unique));
    for (const Column &column : table.columns) {
        if (const QString check = checkConstraint(table.name, column); !check.isEmpty())
            definitions << check;
    }
    for (const ForeignKeyShape &key : table.foreignKeys)
        definitions << foreignKeyConstraint(table.name, key);
    return QStringLiteral("CREATE TABLE %1 (\n    %2\n)%3")
        .arg(m_dialect.quote(sqlName.isEmpty() ? table.name : sqlName),
             definitions.join(QStringLiteral(",\n    ")), m_dialect.tableOptions());
}

QStringList DdlBuilder::createTableWithIndexes(const TableShape &table) const {
    QStringList statements{createTable(table)};
    for (const IndexShape &index : table.indexes)
        statements << createIndex(table.name, index);
    return statements;
}

QString DdlBuilder::createIndex(const QString &table, const IndexShape &index) const {
    return QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
        .arg(index.unique ? QStringLiteral("UNIQUE ") : QString(), m_dialect.quote(index.name),
             m_dialect.quote(table), columnList(index.columns));
}

QString DdlBuilder::dropIndex(const QString &index) const {
    return QStringLiteral("DROP INDEX %1").arg(m_dialect.quote(index));
}

} // namespace orm
