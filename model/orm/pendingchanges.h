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

} // namespace orm
