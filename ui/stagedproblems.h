#pragma once

#include "orm/types.h"

#include <QList>
#include <QString>

namespace orm {
class Session;
}

namespace ui::stagedproblems {

/// A staged value that a commit would refuse.
struct Problem {
    orm::RecordPtr record;
    int column = -1;
    QString message; ///< "Title must not be empty"
};

/// Every staged value a commit would refuse for its column's type and constraints — all of them,
/// where the commit stops at the first: the columns of new records, the changed columns of the
/// others. A reference to a parent that is not saved yet counts as set.
QList<Problem> find(orm::Session &session);

} // namespace ui::stagedproblems
