#include "relatedrows.h"

#include "record.h"
#include "relationship.h"
#include "session.h"
#include "sessioninternals.h"
#include "statementbuilder.h"
#include "table.h"

#include <QSet>
#include <algorithm>

namespace orm {

namespace {

bool sameSet(const QList<int> &a, const QList<int> &b) {
    return a.size() == b.size() &&
           std::all_of(a.cbegin(), a.cend(), [&b](int column) { return b.contains(column); });
}

/// The record's values of `columns`; empty when one of them is NULL (it refers to nothing).
QVariantList valuesOf(const Record &record, const QList<int> &columns) {
    QVariantList values;
    for (int column : columns) {
        const QVariant value = record.value(column);
        if (value.isNull())
            return {};
        values.append(value);
    }
    return values;
}

} // namespace

const Table *ManyToMany::junction() const {
    return near ? near->child : nullptr;
}

const Table *ManyToMany::farTable() const {
    return far ? far->parent : nullptr;
}

bool isJunction(const Table &table) {
    const QList<int> &key = table.primaryKeyColumns();
    if (key.size() < 2)
        return false;
    QSet<int> covered;
    int keysInKey = 0;
    for (const ForeignKey &foreignKey : table.foreignKeys()) {
        const bool inKey = !foreignKey.columns.isEmpty() &&
                           std::all_of(foreignKey.columns.cbegin(), foreignKey.columns.cend(),
                                       [&key](int column) { return key.contains(column); });
        if (!inKey)
            continue;
        ++keysInKey;
        for (int column : foreignKey.columns)
            covered.insert(column);
    }
    return keysInKey == 2 && covered.size() == key.size();
}

QList<ManyToMany> manyToManyFrom(const Table &table) {
    QList<ManyToMany> links;
    for (const Relationship *near : table.childRelationships()) {
        const Table &junction = *near->child;
        // One-column references only, as the pane's other tabs show them (relationshipOf()).
        if (!near->isSimple() || !junction.isKeyColumn(near->foreignKeyColumns.first()) ||
            !isJunction(junction))
            continue;
        for (const Relationship *far : junction.parentRelationships()) {
            if (far != near && far->isSimple() &&
                junction.isKeyColumn(far->foreignKeyColumns.first()))
                links.append(ManyToMany{near, far});
        }
    }
    return links;
}

RecordList farRecords(Session &session, const RecordPtr &record, const ManyToMany &link) {
    RecordList far;
    if (!record || !link.near || !link.far)
        return far;
    RecordList rows = record->children(*link.near);
    rows.removeIf([](const RecordPtr &row) { return row->isMarkedForDelete(); });
    QVariantList keys;
    for (const RecordPtr &row : std::as_const(rows)) {
        const QVariant key = row->value(link.far->foreignKeyColumns.first());
        if (!key.isNull())
            keys.append(key);
    }
    // Read together; parent() below then finds each in the identity map.
    const RecordList read = session.getMany(*link.farTable(), keys);
    QSet<const Record *> seen;
    for (const RecordPtr &row : std::as_const(rows)) {
        const RecordPtr target = row->parent(*link.far);
        if (target && !seen.contains(target.get())) {
            seen.insert(target.get());
            far.append(target);
        }
    }
    return far;
}

const Relationship *relationshipOf(const Table &child, const ForeignKey &key) {
    if (key.isComposite())
        return nullptr;
    const Relationship *relationship = child.relationshipForColumn(key.column());
    return relationship && relationship->parent->name() == key.targetTable ? relationship : nullptr;
}

RecordPtr referencedRecord(Session &session, const RecordPtr &record, const ForeignKey &key) {
    if (!record)
        return nullptr;
    // A relationship knows a parent staged before it has a key (a new author of a new book).
    if (const Relationship *relationship = relationshipOf(record->table(), key))
        return record->parent(*relationship);
    const QVariantList values = valuesOf(*record, key.columns);
    const Table *target = session.metadata().table(key.targetTable);
    if (values.isEmpty() || !target || key.targetColumns.size() != values.size())
        return nullptr;
    const QList<int> &primaryKey = target->primaryKeyColumns();
    if (sameSet(primaryKey, key.targetColumns)) {
        QVariantList id;
        for (int column : primaryKey)
            id.append(values.at(key.targetColumns.indexOf(column)));
        return session.get(*target, id.size() == 1 ? id.first() : QVariant(id));
    }
    if (!session.isValid())
        return nullptr;
    // A key to another unique column (a customer's company name).
    Query query;
    query.where = StatementBuilder(session.dialect()).equals(*target, key.targetColumns);
    query.binds = values;
    query.limit = 1;
    const RecordList found = session.query(*target, query);
    return found.isEmpty() ? nullptr : found.first();
}

RecordList referringRecords(Session &session, const Table &child, const ForeignKey &key,
                            const RecordPtr &record) {
    RecordList rows;
    if (!record || !session.isValid() || key.targetColumns.size() != key.columns.size())
        return rows;
    const QVariantList values = valuesOf(*record, key.targetColumns);
    if (values.isEmpty())
        return rows;
    const auto refersToRecord = [&key, &values](const RecordPtr &row) {
        for (qsizetype i = 0; i < key.columns.size(); ++i) {
            if (row->value(key.columns.at(i)) != values.at(i))
                return false;
        }
        return true;
    };
    if (record->state() == ObjectState::Persistent) {
        Query query;
        query.where = StatementBuilder(session.dialect()).equals(child, key.columns);
        query.binds = values;
        // The database holds the committed values: a row staged to point elsewhere is left out.
        for (const RecordPtr &row : session.query(child, query)) {
            const bool moved = std::any_of(key.columns.cbegin(), key.columns.cend(),
                                           [&row](int column) { return row->isModified(column); });
            if (!moved || refersToRecord(row))
                rows.append(row);
        }
    }
    // Rows the database has elsewhere that are staged to point here (their edits are tracked).
    for (const RecordPtr &row : SessionInternals::unitOfWork(session).edited()) {
        if (&row->table() != &child || row->state() != ObjectState::Persistent ||
            !refersToRecord(row) || rows.contains(row))
            continue;
        const bool moved = std::any_of(key.columns.cbegin(), key.columns.cend(),
                                       [&row](int column) { return row->isModified(column); });
        if (moved)
            rows.append(row);
    }
    for (const RecordPtr &row : session.newRecords(child)) {
        if (refersToRecord(row))
            rows.append(row);
    }
    return rows;
}

} // namespace orm
