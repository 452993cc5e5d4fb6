#pragma once

#include "types.h"

#include <QList>
#include <QString>
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
};

} // namespace orm
