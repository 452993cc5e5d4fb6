#include "schemadiff.h"

#include "ddlbuilder.h"
#include "sqlitedialect.h"

#include <QRegularExpression>

namespace orm {

namespace {

/// The column's CHECK as one expression in the declared form (bounds and declared checks) or as
/// the database gave it (reflection fills Column::checks); normalized for comparison.
QString checkOf(const Column &column) {
    static const SqliteDialect quoting; // quote() is the same in every dialect
    return SchemaDiff::normalizedCheck(DdlBuilder(quoting).checkExpression(column));
}

QString defaultOf(const Column &column) {
    if (column.defaultValue.isValid())
        return column.defaultValue.toString();
    // A reflected default is SQL text: 'x'::text, 0, 'x'.
    static const QRegularExpression cast(QStringLiteral("::[a-z ]+$"));
    QString text = column.defaultExpression;
    text.remove(cast);
    if (text.size() >= 2 && text.startsWith(QLatin1Char('\'')) && text.endsWith(QLatin1Char('\'')))
        text = text.mid(1, text.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'"));
    return text;
}

bool sameColumn(const Column &declared, const Column &actual, bool compareChecks) {
    // A reflected Boolean on SQLite is INTEGER (SQLite has no boolean type).
    const auto type = [](ColumnType type) {
        return type == ColumnType::Boolean ? ColumnType::Integer : type;
    };
    if (type(declared.type) != type(actual.type) || declared.nullable != actual.nullable ||
        declared.unique != actual.unique || declared.primaryKey != actual.primaryKey)
        return false;
    if (!declared.primaryKey && defaultOf(declared) != defaultOf(actual))
        return false;
    return !compareChecks || checkOf(declared) == checkOf(actual);
}

void compareTable(const TableShape &declared, const TableShape &actual, bool compareChecks,
                  bool compareIndexes, QList<MigrationOp> *ops) {
    const QString &table = declared.name;
    // Foreign keys that go or change are dropped before their columns change or go.
    for (const ForeignKeyShape &key : actual.foreignKeys) {
        const ForeignKeyShape *wanted = declared.foreignKey(key.columns);
        if (!wanted || *wanted != key)
            ops->append(MigrationOp::dropForeignKey(table, key.columns));
    }
    if (compareIndexes) {
        for (const IndexShape &index : actual.indexes) {
            if (!declared.indexes.contains(index))
                ops->append(MigrationOp::dropIndex(table, index.name));
        }
    }
    for (const Column &column : actual.columns) {
        if (!declared.column(column.name))
            ops->append(MigrationOp::dropColumn(table, column.name));
    }
    for (const Column &column : declared.columns) {
        const Column *found = actual.column(column.name);
        if (!found)
            ops->append(MigrationOp::addColumn(table, column));
        else if (!sameColumn(column, *found, compareChecks))
            ops->append(MigrationOp::alterColumn(table, column));
    }
    for (const ForeignKeyShape &key : declared.foreignKeys) {
        const ForeignKeyShape *found = actual.foreignKey(key.columns);
        if (!found || *found != key)
            ops->append(MigrationOp::addForeignKey(table, key));
    }
    if (compareIndexes) {
        for (const IndexShape &index : declared.indexes) {
            if (!actual.indexes.contains(index))
                ops->append(MigrationOp::createIndex(table, index));
        }
    }
}

} // namespace

QString SchemaDiff::normalizedCheck(const QString &expression) {
    static const QRegularExpression casts(QStringLiteral("::[a-z]+( [a-z]+)?"));
    static const QRegularExpression noise(QStringLiteral("[\\s()\"]"));
    static const QRegularExpression keyword(QStringLiteral("^\\s*check\\b"));
    QString text = expression.toLower();
    text.remove(keyword); // the catalog's text is the whole constraint: CHECK (…)
    text.remove(casts);
    text.remove(noise);
    return text;
}

QList<MigrationOp> SchemaDiff::compare(const SchemaState &declared, const SchemaState &actual) {
    QList<MigrationOp> ops;
    const bool compareChecks = declared.knowsChecks() && actual.knowsChecks();
    const bool compareIndexes = declared.knowsIndexes() && actual.knowsIndexes();
    // Tables the database has and the program does not go first, children before parents.
    for (auto it = actual.tables().crbegin(); it != actual.tables().crend(); ++it) {
        if (!declared.table(it->name))
            ops.append(MigrationOp::dropTable(it->name));
    }
    for (const TableShape &table : declared.tables()) {
        const TableShape *found = actual.table(table.name);
        if (!found)
            ops.append(MigrationOp::createTable(table));
        else
            compareTable(table, *found, compareChecks, compareIndexes, &ops);
    }
    return ops;
}

} // namespace orm
