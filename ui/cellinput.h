#pragma once

#include "orm/types.h"

#include <QString>
#include <QVariant>

namespace orm {
class Session;
}

namespace ui {

class EditHistory;

/// Stages what a user entered in one cell: converts and checks it for the column (recordvalues),
/// turns a foreign key's input — a record, an id, or a typed name that matched nothing — into a
/// re-pointed reference, and goes through `history` when there is one (so it can be undone).
/// Returns false with a sentence for the user when the input is refused; nothing changes then.
[[nodiscard]] bool applyCellInput(orm::Session &session, EditHistory *history,
                                  const orm::RecordPtr &record, int column, const QVariant &input,
                                  QString *error);

} // namespace ui
