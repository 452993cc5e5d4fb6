#pragma once

#include "types.h"

#include <QString>

namespace orm {

/// A one-to-many relationship and its many-to-one backref, through one foreign key column of the
/// child table: `Author.books` / `Book.author` through `books.author_id`.
struct Relationship {
    QString name;        ///< the collection on the parent ("books")
    QString backrefName; ///< the reference on the child ("author")
    const Table *parent = nullptr;
    const Table *child = nullptr;
    int foreignKeyColumn = -1;                        ///< column index in the child table
    Cascade cascade = CascadeFlag::SaveUpdate;        ///< applies from parent to children
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
    bool foreignKeyNullable() const;
};

} // namespace orm
