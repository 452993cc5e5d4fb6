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
    /// The same through a foreign key of any shape: `foreignKeyColumns` (in key order) must be
    /// exactly the columns of a foreign key of child to parent.
    Relationship &addRelationship(const QString &parentTable, const QString &name,
                                  const QString &childTable, const QStringList &foreignKeyColumns,
                                  const QString &backrefName,
                                  Cascade cascade = CascadeFlag::SaveUpdate);
    /// Wires relationships into their tables and orders tables parents-first. Call once.
    void finalize();

    const Table *table(const QString &name) const; ///< nullptr when unknown
    /// The table, to change how it is presented after finalize() (the columns that name its
    /// rows, a user's choice); its structure stays as declared. nullptr when unknown.
    Table *tableForPresentation(const QString &name);
    /// Tables in dependency order: every parent before its children.
    const QList<const Table *> &tables() const { return m_ordered; }
    const std::deque<Relationship> &relationships() const { return m_relationships; }
    const Relationship *relationship(const QString &parentTable, const QString &name) const;
    /// True when foreign keys form a cycle between tables (tables() is then parents-first only
    /// outside the cycle).
    bool hasCycles() const { return m_hasCycles; }
    /// True for metadata read from a database by reflect(): deletes follow the database's
    /// declared ON DELETE actions only (docs/contract.md §7).
    bool isReflected() const { return m_reflected; }
    void setReflected(bool reflected) { m_reflected = reflected; }
    /// Makes every table read-only, with `reason` shown to the user (a library from a newer
    /// Shelf, docs/contract.md §8).
    void setAllReadOnly(const QString &reason);

private:
    void resolveTargetColumns(Table &table);
    static const ForeignKey *foreignKeyOf(const Relationship &relationship);
    void orderParentsFirst();

    std::deque<Table> m_tables; // deque: stable addresses
    std::deque<Relationship> m_relationships;
    QList<const Table *> m_ordered;
    QHash<QString, const Table *> m_byName;
    bool m_finalized = false;
    bool m_hasCycles = false;
    bool m_reflected = false;
};

} // namespace orm
