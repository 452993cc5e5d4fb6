#include "deletereasons.h"

#include "orm/record.h"
#include "orm/relationship.h"
#include "orm/table.h"

#include <QCoreApplication>
#include <QLocale>

namespace ui::deletereasons {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::DeleteReasons", text);
}

/// The relationship through which `child` belongs to `parent`: the one whose reference points at
/// that very record, else the first to the parent's table.
const orm::Relationship *linkBetween(const orm::RecordPtr &child, const orm::RecordPtr &parent) {
    const orm::Relationship *byTable = nullptr;
    for (const orm::Relationship *relationship : child->table().parentRelationships()) {
        if (relationship->parent != &parent->table())
            continue;
        if (child->parent(*relationship) == parent)
            return relationship;
        if (!byTable)
            byTable = relationship;
    }
    return byTable;
}

} // namespace

QString deleted(const orm::DeletePreview::Deleted &entry, const orm::RecordPtr &parent) {
    if (entry.depth == 0)
        return entry.reason.isEmpty() ? tr("the record you chose") : entry.reason;
    const orm::Relationship *relationship = parent ? linkBetween(entry.record, parent) : nullptr;
    if (!relationship)
        return entry.reason;
    if (entry.record->state() == orm::ObjectState::Pending)
        return tr("not saved yet: dropped with its %1").arg(relationship->backrefName);
    return tr("deleted with its %1").arg(relationship->backrefName);
}

QString counted(const orm::DeletePreview::Counted &entry) {
    if (!entry.relationship)
        return entry.reason;
    return tr("deleted with their %1").arg(entry.relationship->backrefName);
}

QString blocker(const orm::DeletePreview::Blocker &entry) {
    const QString blocked = entry.blocked ? entry.blocked->displayName() : tr("the record");
    if (!entry.record && entry.action == orm::OnDelete::SetDefault && !entry.reason.isEmpty()) {
        // Where the rows would go, and why that row is not there: the planner's own sentence.
        return entry.reason.at(0).toUpper() + entry.reason.mid(1) + QLatin1Char('.');
    }
    if (!entry.record) {
        const QString table = entry.table ? entry.table->name() : QString();
        if (entry.rows == 1)
            return tr("1 row of %1 still refers to %2, and the database will not delete it "
                      "while one does.")
                .arg(table, blocked);
        return tr("%L1 rows of %2 still refer to %3, and the database will not delete it while "
                  "they do.")
            .arg(QLocale().toString(entry.rows), table, blocked);
    }
    const orm::Relationship *relationship =
        entry.record->table().relationshipForColumn(entry.column);
    if (!relationship)
        return entry.reason;
    return tr("Still refers to %1: delete this %2 first, or give it another %3.")
        .arg(blocked, entry.record->table().className().toLower(), relationship->backrefName);
}

} // namespace ui::deletereasons
