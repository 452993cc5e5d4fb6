#include "deletepreview.h"

#include "record.h"
#include "table.h"

namespace orm {

QString DeletePreview::Blocker::columnName() const {
    return table && column >= 0 ? table->column(column).name : QString();
}

int DeletePreview::deletedCount(const QString &table) const {
    qint64 count = 0;
    for (const Deleted &entry : deleted) {
        if (entry.record->table().name() == table)
            ++count;
    }
    for (const Counted &entry : counted) {
        if (entry.table->name() == table)
            count += entry.rows;
    }
    return int(count);
}

qint64 DeletePreview::deletedRows() const {
    qint64 rows = deleted.size();
    for (const Counted &entry : counted)
        rows += entry.rows;
    return rows;
}

} // namespace orm
