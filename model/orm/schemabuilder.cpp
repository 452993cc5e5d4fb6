#include "schemabuilder.h"

#include "labelchooser.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

/// "author_id" → "author", "ReportsTo" stays: the name of the reference on the child.
QString referenceName(const Table &child, const QString &column) {
    for (const char *suffix : {"_id", "_ID", "Id", "ID"}) {
        const QLatin1String tail(suffix);
        if (column.size() > tail.size() && column.endsWith(tail)) {
            const QString stem = column.left(column.size() - tail.size());
            if (child.columnIndex(stem) < 0)
                return stem;
        }
    }
    return column;
}

} // namespace

SchemaBuilder::SchemaBuilder()
    : m_metadata(std::make_unique<Metadata>()) {
    m_metadata->setReflected(true);
}

Table &SchemaBuilder::addTable(const QString &qualifiedName) {
    Table &table = m_metadata->addTable(qualifiedName, qualifiedName);
    // Shown as the database names it ("Order Details", "audit_log"), not re-cased.
    table.setLabel(qualifiedName);
    m_tables.insert(qualifiedName, &table);
    return table;
}

bool SchemaBuilder::run(QSqlQuery &query, const QString &sql, QString *error) {
    countQuery();
    query.setForwardOnly(true);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool SchemaBuilder::resolve(const NamedForeignKey &named, ForeignKey *key, QString *problem) const {
    const Table *child = m_tables.value(named.table);
    const Table *target = m_tables.value(named.targetTable);
    if (!target) {
        *problem = tr("refers to '%1', which does not exist").arg(named.targetTable);
        return false;
    }
    if (named.columns.isEmpty()) {
        *problem = tr("has no columns");
        return false;
    }
    for (const QString &name : named.columns) {
        const int index = child->columnIndex(name);
        if (index < 0) {
            *problem = tr("names a column '%1' that the table does not have").arg(name);
            return false;
        }
        key->columns.append(index);
    }
    QList<int> targetColumns;
    if (named.targetColumns.isEmpty()) {
        targetColumns = target->primaryKeyColumns();
    } else {
        for (const QString &name : named.targetColumns) {
            const int index = target->columnIndex(name);
            if (index < 0 || target->column(index).hidden) {
                *problem = tr("refers to a column '%1' that '%2' does not have")
                               .arg(name, named.targetTable);
                return false;
            }
            targetColumns.append(index);
        }
    }
    if (targetColumns.size() != key->columns.size()) {
        *problem = tr("has %1 columns but refers to %2")
                       .arg(key->columns.size())
                       .arg(targetColumns.size());
        return false;
    }
    // The target columns must identify one row: the key, or a unique key, in any order.
    const auto sameSet = [](QList<int> a, QList<int> b) {
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        return a == b;
    };
    bool unique = sameSet(targetColumns, target->primaryKeyColumns()) &&
                  !target->primaryKeyColumns().isEmpty() &&
                  !target->column(target->primaryKeyColumns().first()).hidden;
    for (const UniqueKey &uniqueKey : target->uniqueKeys())
        unique = unique || sameSet(targetColumns, uniqueKey.columns);
    if (!unique) {
        *problem = tr("refers to columns of '%1' that are not unique").arg(named.targetTable);
        return false;
    }
    key->targetTable = named.targetTable;
    for (int index : std::as_const(targetColumns))
        key->targetColumnNames.append(target->column(index).name);
    key->onDelete = named.onDelete;
    key->onUpdate = named.onUpdate;
    key->deferrable = named.deferrable;
    key->initiallyDeferred = named.initiallyDeferred;
    key->name = named.name;
    return true;
}

void SchemaBuilder::addRelationships() {
    // Count the foreign keys between each pair of tables first: two keys from one table to the
    // same parent (a flight's origin and destination) are two relationships named after their
    // columns.
    QHash<QPair<const Table *, QString>, int> keysToParent;
    for (const Table *child : std::as_const(m_tables)) {
        for (const ForeignKey &key : child->foreignKeys())
            ++keysToParent[{child, key.targetTable}];
    }
    for (const Table *child : std::as_const(m_tables)) {
        for (const ForeignKey &key : child->foreignKeys()) {
            const Table *parent = m_tables.value(key.targetTable);
            QStringList columns;
            for (int column : key.columns)
                columns << child->column(column).name;
            const QString columnList = columns.join(QStringLiteral(", "));
            const bool several = keysToParent.value({child, key.targetTable}) > 1;
            const QString name =
                several ? QStringLiteral("%1 (%2)").arg(child->name(), columnList) : child->name();
            // A one-column reference is named after its column ("author" for author_id); one of
            // several columns after its parent, and after its columns too when there are more.
            QString backref = referenceName(*child, columns.first());
            if (key.isComposite()) {
                backref = several ? QStringLiteral("%1 (%2)").arg(parent->name(), columnList)
                                  : parent->name();
            }
            Relationship &relationship = m_metadata->addRelationship(
                parent->name(), name, child->name(), columns, backref, CascadeFlag::SaveUpdate);
            relationship.followsDatabase = true;
            relationship.label =
                several ? QStringLiteral("%1 (%2)").arg(child->displayLabel(), columnList)
                        : child->displayLabel();
        }
    }
}

Reflection SchemaBuilder::finish() {
    for (const NamedForeignKey &named : std::as_const(m_foreignKeys)) {
        ForeignKey key;
        QString problem;
        Table *child = m_tables.value(named.table);
        if (!child)
            continue;
        if (resolve(named, &key, &problem)) {
            child->addForeignKey(key);
            continue;
        }
        notice(tr("%1: a foreign key (%2) %3; it is left out")
                   .arg(named.table, named.columns.join(QStringLiteral(", ")), problem));
        if (m_unresolvedKeysBlockWrites && !child->isReadOnly())
            child->setReadOnly(tr("a foreign key %1").arg(problem));
    }
    // The label needs the foreign keys: a key column never names a row.
    for (Table *table : std::as_const(m_tables))
        table->setLabelColumns(chooseLabelColumns(*table));
    addRelationships();
    m_metadata->finalize();
    m_result.metadata = std::move(m_metadata);
    return std::move(m_result);
}

} // namespace orm
