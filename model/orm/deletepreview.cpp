#include "deletepreview.h"

#include "record.h"
#include "table.h"

namespace orm {

QString DeletePreview::Blocker::columnName() const {
    return table && column >= 0 ? table->column(column).name : QString();
}

int DeletePreview::deletedCount(const QString &table) const {
    int count = 0;
    for (const Deleted &entry : deleted) {
        if (entry.record->table().name() == table)
            ++count;
    }
    return count;
}

} // namespace orm
