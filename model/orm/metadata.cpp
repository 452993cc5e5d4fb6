#include "metadata.h"

#include <QSet>

namespace orm {

Metadata::Metadata() = default;
Metadata::~Metadata() = default;

Table &Metadata::addTable(const QString &name, const QString &className) {
    Q_ASSERT(!m_finalized);
    Q_ASSERT(!m_byName.contains(name));
    m_tables.emplace_back(name, className);
    m_byName.insert(name, &m_tables.back());
    return m_tables.back();
}

Relationship &Metadata::addRelationship(const QString &parentTable, const QString &name,
                                        const QString &childTable, const QString &foreignKeyColumn,
                                        const QString &backrefName, Cascade cascade) {
    return addRelationship(parentTable, name, childTable, QStringList{foreignKeyColumn},
                           backrefName, cascade);
}

Relationship &Metadata::addRelationship(const QString &parentTable, const QString &name,
                                        const QString &childTable,
                                        const QStringList &foreignKeyColumns,
                                        const QString &backrefName, Cascade cascade) {
    Q_ASSERT(!m_finalized);
    Relationship relationship;
    relationship.name = name;
    relationship.backrefName = backrefName;
    relationship.parent = table(parentTable);
    relationship.child = table(childTable);
    Q_ASSERT_X(relationship.parent && relationship.child, "Metadata::addRelationship",
               "declare both tables first");
    for (const QString &column : foreignKeyColumns)
        relationship.foreignKeyColumns.append(relationship.child->columnIndex(column));
    Q_ASSERT_X(foreignKeyOf(relationship), "Metadata::addRelationship",
               "the columns must be declared as a foreign key to the parent");
    relationship.cascade = cascade;
    m_relationships.push_back(relationship);
    return m_relationships.back();
}

const ForeignKey *Metadata::foreignKeyOf(const Relationship &relationship) {
    for (const ForeignKey &key : relationship.child->foreignKeys()) {
        if (key.columns == relationship.foreignKeyColumns &&
            key.targetTable == relationship.parent->name())
            return &key;
    }
    return nullptr;
}

void Metadata::setAllReadOnly(const QString &reason) {
    for (Table &table : m_tables)
        table.setReadOnly(reason);
}

void Metadata::finalize() {
    Q_ASSERT(!m_finalized);
    m_finalized = true;
    for (Relationship &relationship : m_relationships) {
        auto *parent = const_cast<Table *>(relationship.parent);
        auto *child = const_cast<Table *>(relationship.child);
        relationship.childSlot = int(parent->m_childRelationships.size());
        parent->m_childRelationships.append(&relationship);
        relationship.parentSlot = int(child->m_parentRelationships.size());
        child->m_parentRelationships.append(&relationship);
    }
    for (Table &table : m_tables)
        resolveTargetColumns(table);
    // The child's foreign keys no longer move: the relationships may point at them.
    for (Relationship &relationship : m_relationships) {
        relationship.foreignKey = foreignKeyOf(relationship);
        Q_ASSERT(relationship.foreignKey);
        relationship.referencedColumns = relationship.foreignKey->targetColumns;
    }
    orderParentsFirst();
}

void Metadata::resolveTargetColumns(Table &table) {
    for (ForeignKey &key : table.m_foreignKeys) {
        const Table *target = this->table(key.targetTable);
        Q_ASSERT_X(target, "Metadata::finalize", qPrintable(key.targetTable));
        if (!target)
            continue;
        key.targetColumns.clear();
        if (key.targetColumnNames.isEmpty()) {
            key.targetColumns = target->primaryKeyColumns();
        } else {
            for (const QString &name : std::as_const(key.targetColumnNames))
                key.targetColumns.append(target->columnIndex(name));
        }
    }
}

void Metadata::orderParentsFirst() {
    // Repeatedly place the tables whose referenced tables are placed. Tables that refer to each
    // other in a cycle (a reflected schema may have them) are placed in declaration order once
    // nothing else can be: flush order then relies on the database (deferrable keys) or fails
    // with the database's message, never half-written (the commit is one transaction).
    QList<Table *> remaining;
    for (Table &table : m_tables)
        remaining.append(&table);
    QSet<const Table *> placed;
    auto place = [&](qsizetype i) {
        Table *table = remaining.takeAt(i);
        table->m_rank = int(m_ordered.size());
        m_ordered.append(table);
        placed.insert(table);
    };
    while (!remaining.isEmpty()) {
        bool progressed = false;
        for (qsizetype i = 0; i < remaining.size();) {
            const Table *candidate = remaining.at(i);
            bool ready = true;
            for (const ForeignKey &key : candidate->foreignKeys()) {
                const Table *target = table(key.targetTable);
                if (target && target != candidate && !placed.contains(target))
                    ready = false;
            }
            if (ready) {
                place(i);
                progressed = true;
            } else {
                ++i;
            }
        }
        if (!progressed) {
            m_hasCycles = true;
            place(0);
        }
    }
}

const Table *Metadata::table(const QString &name) const {
    return m_byName.value(name);
}

Table *Metadata::tableForPresentation(const QString &name) {
    for (Table &table : m_tables) {
        if (table.name() == name)
            return &table;
    }
    return nullptr;
}

const Relationship *Metadata::relationship(const QString &parentTable, const QString &name) const {
    for (const Relationship &relationship : m_relationships) {
        if (relationship.parent->name() == parentTable && relationship.name == name)
            return &relationship;
    }
    return nullptr;
}

} // namespace orm
