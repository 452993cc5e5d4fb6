// DeleteMode::WithDependents (docs/contract.md §7 rule 2) over a selection: Shelf deletes more than
// the database's own rules only when the user asks, and then previews every row first.
#include "dependentscollector.h"

#include "record.h"
#include "session.h"
#include "statementbuilder.h"
#include "table.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::DependentsCollector", text);
}

/// The columns of the foreign key that `column` starts (the column alone when it is in none).
QList<int> referenceColumns(const Table &table, int column) {
    const ForeignKey *key = table.foreignKey(column);
    return key ? key->columns : QList<int>{column};
}

/// A row's stored values of that foreign key.
QVariantList referenceValues(const Record &row, int column) {
    QVariantList values;
    for (int part : referenceColumns(row.table(), column))
        values << row.storedValue(part);
    return values;
}

/// Foreign key values as one text, to find a blocker by them ("3\x1f7"); the column first, so
/// that two keys from one table to the same row stay apart.
QString referenceText(int column, const QVariantList &values) {
    QStringList parts{QString::number(column)};
    for (const QVariant &value : values)
        parts << value.toString();
    return parts.join(QChar(0x1f));
}

/// "Genre 'Rock'" for one record, "these 3 records" for several: the subject of an error.
QString subject(const RecordList &records) {
    return records.size() == 1 ? records.first()->displayName()
                               : tr("These %1 records").arg(records.size());
}

/// What a dependent that WithDependents added blocked: the record it refers to and the foreign
/// key column's name.
struct BlockedBy {
    RecordPtr blocked;
    QString column;
};

/// Makes the dependents in `preview` read as such: why each is deleted ("refers to …; deleted
/// with it, as you asked") and its path from the chosen row, the rows its own cascades bring
/// nested under it, entries ordered by path length.
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

} // namespace

bool DependentsCollector::readBlockingRows(
    const QList<const DeletePreview::Blocker *> &blockers,
    const std::function<void(const RecordPtr &, const DeletePreview::Blocker &)> &take) {
    // Tables in the order their first blocker comes, so that the delete order does not depend on
    // a hash.
    QList<const Table *> tables;
    QHash<const Table *, QList<const DeletePreview::Blocker *>> byTable;
    for (const DeletePreview::Blocker *blocker : blockers) {
        if (!byTable.contains(blocker->table))
            tables << blocker->table;
        byTable[blocker->table].append(blocker);
    }
    for (const Table *table : std::as_const(tables)) {
        const QList<const DeletePreview::Blocker *> &all = byTable[table];
        for (qsizetype first = 0; first < all.size();) {
            // One query per chunk of parameters (at least one condition per query).
            QStringList conditions;
            Query rows;
            qsizetype last = first;
            while (last < all.size() &&
                   (conditions.isEmpty() || rows.binds.size() + all.at(last)->rowsBinds.size() <=
                                                StatementBuilder::ChunkParameters)) {
                conditions << all.at(last)->rowsCondition;
                rows.binds << all.at(last)->rowsBinds;
                ++last;
            }
            rows.where = StatementBuilder::anyOf(conditions);
            const RecordList dependents = m_session.query(*table, rows);
            if (m_session.lastError()) {
                m_preview.error = m_session.lastError().fullText();
                return false;
            }
            // Which blocked record each row refers to, for its explanation: the blocker whose
            // foreign key values the row holds.
            QHash<QString, const DeletePreview::Blocker *> byValues;
            QList<int> columns;
            for (qsizetype i = first; i < last; ++i) {
                byValues.insert(referenceText(all.at(i)->column, all.at(i)->rowsBinds), all.at(i));
                if (!columns.contains(all.at(i)->column))
                    columns << all.at(i)->column;
            }
            for (const RecordPtr &dependent : dependents) {
                const DeletePreview::Blocker *owner = all.at(first);
                for (int column : std::as_const(columns)) {
                    if (const DeletePreview::Blocker *found = byValues.value(
                            referenceText(column, referenceValues(*dependent, column)));
                        found) {
                        owner = found;
                        break;
                    }
                }
                take(dependent, *owner);
            }
            first = last;
        }
    }
    return true;
}

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
        // Rows the database keeps are read table by table, their conditions joined a chunk of
        // parameters at a time: a thousand blocked tracks are a few queries, not a thousand.
        QList<const DeletePreview::Blocker *> databaseRows;
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
            if (blocker.record)
                take(blocker.record, blocker);
            else if (blocker.table && !blocker.rowsCondition.isEmpty())
                databaseRows.append(&blocker);
        }
        if (!readBlockingRows(databaseRows, take))
            return false;
        if (found.isEmpty()) // blockers remain that no further delete removes
            return false;
        // Deepest first: a row is deleted before the rows it refers to, also within one table.
        m_all = found + m_all;
    }
    const QString text =
        records.size() == 1
            ? tr("%1 has dependents more than %2 levels deep; Shelf does not delete them all at "
                 "once.")
            : tr("%1 have dependents more than %2 levels deep; Shelf does not delete them all at "
                 "once.");
    m_preview.error = text.arg(subject(records)).arg(MaxRounds);
    return false;
}

} // namespace orm
