#include "tableorder.h"

#include "orm/table.h"

#include <QString>

namespace ui::tableorder {

bool byName(const orm::Table *a, const orm::Table *b) {
    if (const int bySchema = QString::compare(a->schema(), b->schema(), Qt::CaseInsensitive))
        return bySchema < 0;
    return QString::compare(a->displayLabel(), b->displayLabel(), Qt::CaseInsensitive) < 0;
}

} // namespace ui::tableorder
