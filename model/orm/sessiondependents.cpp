// DeleteMode::WithDependents (docs/contract.md §7 rule 2) for one record: Shelf deletes more than
// the database's own rules only when the user asks, and then previews every row first. The work
// is DependentsCollector's, with a selection of one record.
#include "dependentscollector.h"
#include "session.h"

namespace orm {

bool Session::collectDependents(const RecordPtr &record, RecordList *all, DeletePreview *preview) {
    // A selection of one: the same rounds, reads and explanations as for many records.
    DependentsCollector collector(*this);
    const bool collected = collector.collect({record});
    *all = collector.all();
    *preview = collector.preview();
    return collected;
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
        const bool blocked = preview.error.isEmpty() && !preview.blockers.isEmpty();
        error.reason = blocked ? Error::Reason::DeleteBlocked : Error::Reason::DeletePreviewFailed;
        error.detail = blocked ? preview.blockers.first().reason : preview.error;
        error.deleting = true;
        setError(error);
        return false;
    }
    return removeAll(all);
}

} // namespace orm
