#include "metadata.h"

namespace orm {

Metadata::Metadata() = default;
Metadata::~Metadata() = default;

Table &Metadata::addTable(const QString &name, const QString &className) {
    Q_ASSERT(!m_finalized);
    m_tables.emplace_back(name, className);
    return m_tables.back();
}

Relationship &Metadata::addRelationship(const QString &parentTable, const QString &name,
                                        const QString &childTable, const QString &foreignKeyColumn,
                                        const QString &backrefName, Cascade cascade) {
    Q_ASSERT(!m_finalized);
    Relationship relationship;
    relationship.name = name;
    relationship.backrefName = backrefName;
    relationship.parent = table(parentTable);
    relationship.child = table(childTable);
    Q_ASSERT_X(relationship.parent && relationship.child, "Metadata::addRelationship",
               "declare both tables first");
    relationship.foreignKeyColumn = relationship.child->columnIndex(foreignKeyColumn);
    Q_ASSERT_X(relationship.child->foreignKey(relationship.foreignKeyColumn),
               "Metadata::addRelationship", "the column must be declared as a foreign key");
    relationship.cascade = cascade;
    m_relationships.push_back(relationship);
    return m_relationships.back();
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
    // Parents before children: repeatedly take the tables whose referenced tables are placed.
    QList<Table *> remaining;
    for (Table &table : m_tables)
        remaining.append(&table);
    while (!remaining.isEmpty()) {
        bool progressed = false;
        for (qsizetype i = 0; i < remaining.size(); ++i) {
            Table *candidate = remaining.at(i);
            bool ready = true;
            for (const ForeignKey &key : candidate->foreignKeys()) {
                const Table *target = table(key.targetTable);
                Q_ASSERT_X(target, "Metadata::finalize", qPrintable(key.targetTable));
                if (target != candidate && !m_ordered.contains(target))
                    ready = false;
            }
            if (ready) {
                candidate->m_rank = int(m_ordered.size());
                m_ordered.append(candidate);
                remaining.removeAt(i);
                progressed = true;
                break;
            }
        }
        Q_ASSERT_X(progressed, "Metadata::finalize", "foreign keys form a cycle");
        if (!progressed)
            break;
    }
}

const Table *Metadata::table(const QString &name) const {
    for (const Table &table : m_tables) {
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
