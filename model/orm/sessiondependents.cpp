// DeleteMode::WithDependents (docs/contract.md §7 rule 2): Shelf deletes more than the database's
// own rules only when the user asks, and then previews every row first. The rows that block a
// delete are loaded and added to it, level by level, until nothing blocks or nothing more can be
// added.
#include "dependentscollector.h"
#include "session.h"

namespace orm {

bool Session::collectDependents(const RecordPtr &record, RecordList *all, DeletePreview *preview) {
    *all = {record};
    QSet<const Record *> members{record.get()};
    QHash<const Record *, BlockedBy> blockedBy;
    for (int round = 0; round < DependentsCollector::MaxRounds; ++round) {
        *preview = previewDelete(*all);
        if (!preview->error.isEmpty())
            return false;
        if (preview->blockers.isEmpty()) {
            explainDependents(preview, blockedBy);
            return true;
        }
        RecordList found;
        const auto take = [&](const RecordPtr &dependent, const DeletePreview::Blocker &blocker) {
            if (dependent && !members.contains(dependent.get()) &&
                !dependent->isMarkedForDelete()) {
                members.insert(dependent.get());
                found.append(dependent);
                blockedBy.insert(dependent.get(), {blocker.blocked, blocker.columnName()});
            }
        };
        for (const DeletePreview::Blocker &blocker : std::as_const(preview->blockers)) {
            if (blocker.table && blocker.table->isReadOnly()) {
                preview->error = tr("%1 cannot be deleted with its dependents: %2 cannot be "
                                    "changed (%3).")
                                     .arg(record->displayName(), blocker.table->name(),
                                          blocker.table->readOnlyReason());
                return false;
            }
            if (blocker.record) {
                take(blocker.record, blocker);
                continue;
            }
            if (blocker.rowsCondition.isEmpty())
                continue;
            Query rows;
            rows.where = blocker.rowsCondition;
            rows.binds = blocker.rowsBinds;
            const RecordList dependents = query(*blocker.table, rows);
            if (lastError()) {
                preview->error = lastError().fullText();
                return false;
            }
            for (const RecordPtr &dependent : dependents)
                take(dependent, blocker);
        }
        if (found.isEmpty()) // blockers remain that no further delete removes
            return false;
        // Deepest first: a row is deleted before the rows it refers to, also within one table.
        *all = found + *all;
    }
    preview->error = tr("%1 has dependents more than %2 levels deep; Shelf does not delete them "
                        "all at once.")
                         .arg(record->displayName())
                         .arg(DependentsCollector::MaxRounds);
    return false;
}

DeletePreview Session::previewDelete(const RecordPtr &record, DeleteMode mode) {
    if (mode == DeleteMode::AsDeclared)
        return previewDelete(record);
    RecordList all;
    DeletePreview preview;
    collectDependents(record, &all, &preview);
    preview.root = record;
    return preview;
}

bool Session::remove(const RecordPtr &record, DeleteMode mode) {
    if (mode == DeleteMode::AsDeclared)
        return remove(record);
    RecordList all;
    DeletePreview preview;
    if (!collectDependents(record, &all, &preview)) {
        Error error;
        error.kind = preview.error.isEmpty() ? Error::Kind::Blocked : Error::Kind::Database;
        error.record = record;
        error.table = record->table().name();
        error.message = preview.error.isEmpty() && !preview.blockers.isEmpty()
                            ? tr("%1 cannot be deleted: %2.")
                                  .arg(record->displayName(), preview.blockers.first().reason)
                            : preview.error;
        setError(error);
        return false;
    }
    return removeAll(all);
}

} // namespace orm
