// DeleteMode::WithDependents (docs/contract.md §7 rule 2) over a selection: Shelf deletes more than
// the database's own rules only when the user asks, and then previews every row first.
#include "dependentscollector.h"

#include "record.h"
#include "session.h"
#include "table.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::DependentsCollector", text);
}

/// What each dependent blocked: the record it refers to and the foreign key column's name.
struct BlockedBy {
    RecordPtr blocked;
    QString column;
};

/// The dependents read as such in the preview: why each is deleted ("refers to …, which it kept
/// from being deleted") and the path from the chosen row; the rows each one's own cascades bring
/// along are nested under it. Entries are ordered by path length so that every row follows the
/// row its path goes through.
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
        entry.reason = tr("refers to %1 through %2; deleted with it, as you asked")
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

/// "Genre 'Rock'" for one record, "these 3 records" for several: the subject of an error.
QString subject(const RecordList &records) {
    return records.size() == 1 ? records.first()->displayName()
                               : tr("These %1 records").arg(records.size());
}

} // namespace

bool DependentsCollector::collect(const RecordList &records) {
    m_all = records;
    m_preview = {};
    if (records.isEmpty())
        return true;
    QSet<const Record *> members;
    for (const RecordPtr &record : records)
        members.insert(record.get());
    QHash<const Record *, BlockedBy> blockedBy;
    for (int round = 0; round < MaxRounds; ++round) {
        m_preview = m_session.previewDelete(m_all);
        m_preview.root = records.first();
        if (!m_preview.error.isEmpty())
            return false;
        if (m_preview.blockers.isEmpty()) {
            explainDependents(&m_preview, blockedBy);
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
        for (const DeletePreview::Blocker &blocker : std::as_const(m_preview.blockers)) {
            if (blocker.table && blocker.table->isReadOnly()) {
                const QString text =
                    records.size() == 1
                        ? tr("%1 cannot be deleted with its dependents: %2 cannot be changed (%3).")
                        : tr("%1 cannot be deleted with their dependents: %2 cannot be changed "
                             "(%3).");
                m_preview.error = text.arg(subject(records), blocker.table->name(),
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
            const RecordList dependents = m_session.query(*blocker.table, rows);
            if (m_session.lastError()) {
                m_preview.error = m_session.lastError().fullText();
                return false;
            }
            for (const RecordPtr &dependent : dependents)
                take(dependent, blocker);
        }
        if (found.isEmpty()) // blockers remain that no further delete removes
            return false;
        // Deepest first: a row is deleted before the rows it refers to, also within one table.
        m_all = found + m_all;
    }
    m_preview.error = tr("%1 have dependents more than %2 levels deep; Shelf does not delete them "
                         "all at once.")
                          .arg(subject(records))
                          .arg(MaxRounds);
    return false;
}

} // namespace orm
