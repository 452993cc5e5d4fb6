#pragma once

#include "types.h"

#include <QList>
#include <QString>

namespace orm {

/// What a delete would do, computed without staging anything (DESIGN.md §2 "Delete planner").
/// Committing the delete does exactly this: tests compare the preview with the rows afterwards.
struct DeletePreview {
    struct Deleted {
        RecordPtr record;
        int depth = 0;  ///< 0 for the record itself, 1 for its children, …
        QString reason; ///< "Author.books is all, delete-orphan"; empty for the record itself
        QString path;   ///< "Author 'Michael Crichton' → Book 'Jurassic Park'"
    };
    struct Nulled {
        RecordPtr record; ///< the child whose foreign key is set to NULL
        int column = -1;
        QString reason; ///< "'It' will no longer have a borrower"
    };
    struct Blocker {
        RecordPtr record;  ///< the child that refers to a record being deleted
        RecordPtr blocked; ///< the record it keeps from being deleted
        int column = -1;
        QString reason;
    };
    struct DatabaseEffect {
        QString table;
        OnDelete action = OnDelete::NoAction;
        qint64 rows = 0;
        QString reason; ///< "the database deletes 3 rows of reviews (ON DELETE CASCADE)"
    };

    RecordPtr root;
    QList<Deleted> deleted; ///< root first, then breadth first
    QList<Nulled> nulled;
    QList<Blocker> blockers;
    QList<DatabaseEffect> databaseEffects;
    QString error; ///< set when the preview itself could not be computed (database failure)

    bool isBlocked() const { return !blockers.isEmpty(); }
    /// How many records of a table will be deleted.
    int deletedCount(const QString &table) const;
};

} // namespace orm
