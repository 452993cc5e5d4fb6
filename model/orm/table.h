#pragma once

#include "column.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QVariantList>
#include <functional>

namespace orm {

/// A FOREIGN KEY from one column of this table to the primary key of another.
struct ForeignKey {
    int column = -1;
    QString targetTable;
    OnDelete onDelete = OnDelete::NoAction;
};

using RecordFactory = std::function<RecordPtr(const Table *)>;

/// A table's metadata: columns (the primary key is one integer column), foreign keys, the
/// relationships it takes part in, and the factory that makes its typed records.
/// Tables are owned by Metadata and never change once Metadata::finalize() has run.
class Table {
public:
    Table(QString name, QString className);

    const QString &name() const { return m_name; }
    /// The name a user reads for one record ("Author").
    const QString &className() const { return m_className; }

    int addColumn(const Column &column);
    void addForeignKey(const QString &column, const QString &targetTable,
                       OnDelete onDelete = OnDelete::NoAction);
    void setFactory(RecordFactory factory) { m_factory = std::move(factory); }
    /// The column that names a record to a user (Author.name, Book.title).
    void setDisplayColumn(const QString &column);
    /// What a user reads for the whole table ("Authors"); translated by whoever declares it.
    void setLabel(const QString &label) { m_label = label; }
    /// The label, else the name with a capital first letter.
    QString displayLabel() const;

    const QList<Column> &columns() const { return m_columns; }
    const Column &column(int index) const { return m_columns.at(index); }
    int columnCount() const { return int(m_columns.size()); }
    /// A row of nulls, one per column, shared (not copied) by every new record until it is written.
    const QVariantList &nullRow() const { return m_nullRow; }
    int columnIndex(const QString &name) const; ///< -1 when there is none
    int primaryKey() const { return m_primaryKey; }
    int displayColumn() const { return m_displayColumn; }
    const QList<ForeignKey> &foreignKeys() const { return m_foreignKeys; }
    const ForeignKey *foreignKey(int column) const; ///< nullptr when the column is no foreign key

    /// Relationships in which this table is the child (many-to-one side), by slot.
    const QList<const Relationship *> &parentRelationships() const { return m_parentRelationships; }
    /// Relationships in which this table is the parent (one-to-many side), by slot.
    const QList<const Relationship *> &childRelationships() const { return m_childRelationships; }
    /// The relationship whose foreign key is this column, or nullptr.
    const Relationship *relationshipForColumn(int column) const;

    /// Position in dependency order: parents before children (set by Metadata::finalize()).
    int dependencyRank() const { return m_rank; }

    RecordPtr createRecord() const;

private:
    friend class Metadata;
    QString m_name;
    QString m_className;
    QString m_label;
    QList<Column> m_columns;
    QHash<QString, int> m_columnIndex;
    QVariantList m_nullRow;
    QList<ForeignKey> m_foreignKeys;
    QList<const Relationship *> m_parentRelationships;
    QList<const Relationship *> m_childRelationships;
    RecordFactory m_factory;
    int m_primaryKey = -1;
    int m_displayColumn = -1;
    int m_rank = 0;
};

} // namespace orm
