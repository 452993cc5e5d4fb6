#include "cellstyle.h"

namespace ui::cellstyle {

QColor modifiedBackground() {
    return QColor(255, 226, 150);
}

QColor newBackground() {
    return QColor(200, 238, 200);
}

QColor deletedBackground() {
    return QColor(225, 225, 225);
}

QColor deletedForeground() {
    return QColor(125, 125, 125);
}

QColor errorBackground() {
    return QColor(255, 170, 170);
}

QColor blockedBackground() {
    return QColor(255, 205, 205);
}

QFont struckOut(QFont font) {
    font.setStrikeOut(true);
    return font;
}

} // namespace ui::cellstyle
