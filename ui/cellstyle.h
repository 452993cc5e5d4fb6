#pragma once

#include <QColor>
#include <QFont>
#include <QString>

namespace ui {

/// The colours and fonts that show staged state, shared by every view (table cells, the related
/// records pane, the pending-changes pane and the delete preview), so a tint means the same
/// thing everywhere.
namespace cellstyle {

QColor modifiedBackground(); ///< a staged edit: amber
QColor newBackground();      ///< a new record: green
QColor deletedBackground();  ///< marked for delete: grey
QColor deletedForeground();
QColor errorBackground(); ///< the cell a failed commit names: red
QColor blockedBackground();
QFont struckOut(QFont font = QFont());

} // namespace cellstyle
} // namespace ui
