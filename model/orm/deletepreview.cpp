#include "deletepreview.h"

#include "record.h"

namespace orm {

int DeletePreview::deletedCount(const QString &table) const {
    int count = 0;
    for (const Deleted &entry : deleted) {
        if (entry.record->table().name() == table)
            ++count;
    }
    return count;
}

} // namespace orm
