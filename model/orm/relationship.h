#pragma once

#include "key.h"
#include "types.h"

#include <QList>
#include <QString>

namespace orm {

struct ForeignKey;

/// A one-to-many relationship and its many-to-one backref, through a foreign key of the child
/// table: `Author.books` / `Book.author` through `books.author_id`, or `InvoiceLine.shipments` /
/// `Shipment.invoice_line` through `shipments(invoice_id, line_no)`. The foreign key refers to the
/// parent's primary key or to another of its unique keys, one column or several.
struct Relationship {
    QString name;        ///< the collection on the parent ("books")
    QString backrefName; ///< the reference on the child ("author")
    const Table *parent = nullptr;
    const Table *child = nullptr;
    QList<int> foreignKeyColumns; ///< column indexes in the child table, in key order
    QList<int> referencedColumns; ///< the parent's columns they refer to, in the same order
    const ForeignKey *foreignKey = nullptr;    ///< the child's key (set by Metadata::finalize())
    Cascade cascade = CascadeFlag::SaveUpdate; ///< applies from parent to children
    Cascade backrefCascade = CascadeFlag::SaveUpdate; ///< applies from child to parent
    bool passiveDeletes = false; ///< leave unloaded children to the database's ON DELETE
    /// Reflected (docs/contract.md §7 rule 2): deleting the parent does to the children exactly
    /// what the foreign key's ON DELETE declares, done by the database — loaded children too. The
    /// ORM never sets them to NULL or blocks on its own.
    bool followsDatabase = false;
    int childSlot = -1;  ///< index in parent->childRelationships()
    int parentSlot = -1; ///< index in child->parentRelationships()
    QString label;       ///< what a user reads for the collection ("Books"), translated

    /// The label, else the name with a capital first letter.
    QString displayLabel() const;

    /// "Author.books".
    QString qualifiedName() const;
    /// "Author.books is all, delete-orphan".
    QString cascadeSentence() const;
    /// True when every foreign key column takes NULL (a reference that can be set to none).
    bool foreignKeyNullable() const;

    bool isComposite() const { return foreignKeyColumns.size() > 1; }
    /// One foreign key column referring to the parent's one-column primary key: the reference a
    /// grid cell edits as a value (Table::relationshipForColumn()).
    bool isSimple() const;
    /// True when the referenced columns are the parent's primary key, in key order: the parent is
    /// found through the identity map; otherwise by its values of referencedColumns.
    bool refersToPrimaryKey() const;
    bool hasForeignKeyColumn(int column) const { return foreignKeyColumns.contains(column); }

    /// The parent key that foreign key values (in key order) name, typed by the parent's
    /// referenced columns; null when any of them is NULL (the database does not check such a
    /// reference either).
    Key parentKeyOf(const QVariantList &foreignKeyValues) const;
    /// The parent key a child names with its staged (or, `stored`, its stored) foreign key.
    Key parentKeyOf(const Record &child, bool stored = false) const;
    /// A parent's key as children name it: its staged (or stored) values of referencedColumns.
    Key referencedKeyOf(const Record &parent, bool stored = false) const;
    /// A parent's values of referencedColumns, staged, in key order.
    QVariantList referencedValues(const Record &parent) const;
};

} // namespace orm
