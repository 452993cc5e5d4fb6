#pragma once

#include "relationship.h"
#include "table.h"

#include <deque>
#include <memory>

namespace orm {

/// Tables and relationships: the data that drives DDL, flush order, the delete planner and the
/// generic table models. Declare tables, columns and relationships, then call finalize().
class Metadata {
public:
    Metadata();
    ~Metadata();
    Metadata(const Metadata &) = delete;
    Metadata &operator=(const Metadata &) = delete;

    Table &addTable(const QString &name, const QString &className);
    /// Declares `parent.name` (collection) and `child.backrefName` (reference) through
    /// `child.foreignKeyColumn`, which must already be declared as a foreign key to parent.
    Relationship &addRelationship(const QString &parentTable, const QString &name,
                                  const QString &childTable, const QString &foreignKeyColumn,
                                  const QString &backrefName,
                                  Cascade cascade = CascadeFlag::SaveUpdate);
    /// Wires relationships into their tables and orders tables parents-first. Call once.
    void finalize();

    const Table *table(const QString &name) const; ///< nullptr when unknown
    /// Tables in dependency order: every parent before its children.
    const QList<const Table *> &tables() const { return m_ordered; }
    const std::deque<Relationship> &relationships() const { return m_relationships; }
    const Relationship *relationship(const QString &parentTable, const QString &name) const;

private:
    std::deque<Table> m_tables; // deque: stable addresses
    std::deque<Relationship> m_relationships;
    QList<const Table *> m_ordered;
    bool m_finalized = false;
};

} // namespace orm
