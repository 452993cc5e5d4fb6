#pragma once

#include "types.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace orm {

/// One staged change, for the pending-changes pane and for tests.
struct PendingChange {
    enum class Kind { New, Modified, Deleted };
    struct ColumnChange {
        int column = -1;
        QVariant before;   ///< the stored value
        QVariant after;    ///< the staged value; for a new parent's key: null, see `afterText`
        QString afterText; ///< how to show `after` ("new Author 'X'")
    };

    Kind kind = Kind::New;
    RecordPtr record;
    QList<ColumnChange> columns; ///< New: every set column; Modified: the changed ones
    QString reason;              ///< for cascade effects: "Author.books is all, delete-orphan"
    /// For an edit of a referenced key (a customer's code): what the database does to the rows
    /// that refer to the old value, by each foreign key's ON UPDATE ("the database changes
    /// customer_code in 2 rows of invoices to the new value (ON UPDATE CASCADE)").
    QStringList databaseEffects;
    /// True when an ON UPDATE NO ACTION / RESTRICT will make the database refuse the edit.
    bool refusedByDatabase = false;
};

/// The staged changes as a pane lists them: the first ones of each kind (new, modified, deleted)
/// in flush order, made in full, and how many there are of each kind in each table. A window that
/// has staged a 100,000-row import lists a few hundred and counts the rest (it built every change,
/// and a tree item for every value, after every edit: 2.8 s and 560 MB).
struct PendingListing {
    struct Count {
        PendingChange::Kind kind = PendingChange::Kind::New;
        const Table *table = nullptr;
        qsizetype count = 0;
    };
    QList<PendingChange> changes; ///< the first ones of each kind, in flush order
    QList<Count> counts;          ///< every change by kind and table, in order of first appearance
    qsizetype total = 0;          ///< every change

    /// Counts one more change of `kind` in `table`.
    void count(PendingChange::Kind kind, const Table *table);
};

} // namespace orm
