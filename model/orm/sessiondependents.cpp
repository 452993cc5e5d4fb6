// DeleteMode::WithDependents (docs/contract.md §7 rule 2): Shelf deletes more than the database's
// own rules only when the user asks, and then previews every row first. The rows that block a
// delete are loaded and added to it, level by level, until nothing blocks or nothing more can be
// added.
#include "session.h"

namespace orm {

namespace {

/// A chain of blocking rows is followed this many levels deep (a deep org chart is fine; rows
/// that keep adding rows forever are not).
constexpr int MaxRounds = 64;

/// What each dependent blocked: the record it refers to and the foreign key column's name.
struct BlockedBy {
    RecordPtr blocked;
    QString column;
};

/// The dependents that WithDependents added read as such in the preview: why each is deleted
/// ("refers to …, which it kept from being deleted") and the path from the chosen row, and the
/// rows each one's own cascades bring along are nested under it. Entries are ordered by path
/// length so that every row follows the row its path goes through.
void explainDependents(DeletePreview *preview, const QHash<const Record *, BlockedBy> &blockedBy) {
    const QString step = QStringLiteral(" \u2192 ");
    QHash<const Record *, QString> paths;
    const auto pathOf = [&](const Record *record, const auto &self) -> QString {
        if (const auto known = paths.constFind(record); known != paths.cend())
            return *known;
        const auto link = blockedBy.constFind(record);
        const QString path = link == blockedBy.cend()
                                 ? record->displayName()
                                 : self(link->blocked.get(), self) + step + record->displayName();
        paths.insert(record, path);
        return path;
    };
    QHash<QString, QString> fullPathOfName; // a dependent's own name → its path from the root
    for (DeletePreview::Deleted &entry : preview->deleted) {
        const auto link = blockedBy.constFind(entry.record.get());
        if (entry.depth != 0 || link == blockedBy.cend())
            continue;
        entry.reason = Session::tr("refers to %1 through %2; deleted with it, as you asked")
                           .arg(link->blocked->displayName(), link->column);
        entry.path = pathOf(entry.record.get(), pathOf);
        fullPathOfName.insert(entry.record->displayName(), entry.path);
    }
    // A dependent's own cascade ("invoices #1 → invoice_lines #1, 2") hangs under its full path.
    for (DeletePreview::Deleted &entry : preview->deleted) {
        if (entry.depth == 0 || entry.path.isEmpty())
            continue;
        const qsizetype cut = entry.path.indexOf(step);
        const QString head = cut < 0 ? entry.path : entry.path.left(cut);
        if (const auto full = fullPathOfName.constFind(head); full != fullPathOfName.cend())
            entry.path = *full + entry.path.mid(head.size());
    }
    std::stable_sort(preview->deleted.begin(), preview->deleted.end(),
                     [&step](const DeletePreview::Deleted &a, const DeletePreview::Deleted &b) {
                         return a.path.count(step) < b.path.count(step);
                     });
}

} // namespace

bool Session::collectDependents(const RecordPtr &record, RecordList *all, DeletePreview *preview) {
    *all = {record};
    QSet<const Record *> members{record.get()};
    QHash<const Record *, BlockedBy> blockedBy;
    for (int round = 0; round < MaxRounds; ++round) {
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
                         .arg(MaxRounds);
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
