// Session: what the database did beyond the statements a commit ran — the loaded rows its ON
// DELETE / ON UPDATE actions changed, deleted or moved to another key, and what triggers wrote —
// read again, so that after a commit every loaded record's snapshot equals the database
// (docs/contract.md §2 rule 6) and its next edit is no conflict (rule 12). See session.h.

#include "session.h"

#include "flushplanner.h"
#include "foreignkeyactions.h"
#include "statementbuilder.h"
#include "values.h"

#include <QSqlQuery>

namespace orm {

namespace {

/// What an action does to the referring rows of one parent row: their foreign key columns become
/// `now` (empty: as stored — a cascade delete takes the row, or memory already followed it), and
/// `before` (when not empty) is what those columns held before the commit.
struct Reach {
    QVariantList now;
    QVariantList before;
};

} // namespace

bool Session::columnDefault(const Table &table, int column, QVariant *value) {
    const Column &declared = table.column(column);
    if (declared.defaultValue.isValid()) {
        *value = declared.defaultValue;
        return true;
    }
    if (declared.defaultExpression.isEmpty()) {
        *value = QVariant(); // no DEFAULT: SET DEFAULT sets NULL
        return true;
    }
    // The DEFAULT as the database evaluates it. A value that is not constant (a sequence, the
    // time) may differ from the one the action took: the row is then not found under the key
    // this gives, and its record leaves the session as a row that is gone.
    QSqlQuery *result = nullptr;
    if (!execute(m_sql->valueOf(declared.defaultExpression), {}, &table, &result))
        return false;
    const bool found = result->next();
    if (found)
        *value = values::normalizeNull(result->value(0));
    result->finish();
    return found;
}

bool Session::reachesTriggers(const FlushPlan &plan) const {
    QList<const Table *> reached;
    const auto reach = [&reached](const Table *table) {
        if (!reached.contains(table))
            reached.append(table);
    };
    for (const FlushPlan::Write &write : plan.writes)
        reach(&write.record->table());
    for (const RecordPtr &record : plan.deletes)
        reach(&record->table());
    for (const auto *list :
         {&m_work.edited(), &m_work.flushedInserts(), &m_work.flushedDeletes()}) {
        for (const RecordPtr &record : *list)
            reach(&record->table());
    }
    // The tables the database's own actions write to fire their triggers too
    for (qsizetype i = 0; i < reached.size(); ++i) {
        if (reached.at(i)->hasTriggers())
            return true;
        for (const Table *child : m_metadata.tables()) {
            for (const ForeignKey &key : child->foreignKeys()) {
                if (key.targetTable == reached.at(i)->name() &&
                    (actsOnReferringRows(key.onDelete) || actsOnReferringRows(key.onUpdate)))
                    reach(child);
            }
        }
    }
    return false;
}

bool Session::databaseFollowsDeletesOf(const Table &parent) const {
    for (const Table *child : m_metadata.tables()) {
        for (const ForeignKey &key : child->foreignKeys()) {
            if (key.targetTable == parent.name() && actsOnReferringRows(key.onDelete))
                return true;
        }
    }
    return false;
}

void Session::followDatabaseActions(QList<TableRow> deleted, QList<TableRow> edited) {
    // Each level's deleted rows and changed rows (before, after), then the loaded rows that
    // referred to them with an action the database takes, read again where the action left them
    // (SET DEFAULT's value is the database's; a trigger may write more): rows a cascade took are
    // the deleted rows of the next level, rows whose referenced columns moved its changed rows.
    // Without this, a report whose manager was deleted kept the manager's key, and its next edit
    // failed as a conflict; a row whose key a cascade moved left the session as if deleted.
    QSet<const Record *> seen;
    QHash<QPair<const Table *, int>, QVariant> defaults;
    const auto outcome = [&](const Table &child, const ForeignKey &key, OnDelete action,
                             const QVariantList &now, QVariantList *values) {
        *values = action == OnDelete::Cascade ? now : QVariantList();
        for (int column : key.columns) {
            if (action == OnDelete::Cascade)
                break;
            if (action == OnDelete::SetNull) {
                values->append(QVariant());
                continue;
            }
            const auto known = defaults.constFind({&child, column});
            QVariant value;
            if (known != defaults.cend())
                value = *known;
            else if (columnDefault(child, column, &value))
                defaults.insert({&child, column}, value);
            else
                return false;
            values->append(value);
        }
        return true;
    };
    while (!deleted.isEmpty() || !edited.isEmpty()) {
        QHash<const Table *, QList<QVariantList>> gone;
        for (const auto &[table, row] : std::as_const(deleted))
            gone[table].append(row);
        QHash<const Table *, QList<QPair<QVariantList, QVariantList>>> moved;
        for (qsizetype i = 0; i + 1 < edited.size(); i += 2)
            moved[edited.at(i).first].append({edited.at(i).second, edited.at(i + 1).second});
        struct Follow {
            RecordPtr record;
            Key key;             ///< where its row is now
            QVariantList before; ///< its row before the commit
        };
        QList<Follow> affected;
        for (const Table *child : m_metadata.tables()) {
            for (const ForeignKey &key : child->foreignKeys()) {
                const Table *parent = m_metadata.table(key.targetTable);
                if (!parent || key.targetColumns.size() != key.columns.size())
                    continue;
                QHash<Key, Reach> reached;
                if (actsOnReferringRows(key.onDelete)) {
                    for (const QVariantList &row : gone.value(parent)) {
                        Reach reach;
                        if (key.onDelete == OnDelete::Cascade ||
                            outcome(*child, key, key.onDelete, {}, &reach.now))
                            reached.insert(Key::ofColumns(*parent, key.targetColumns, row), reach);
                    }
                }
                if (actsOnReferringRows(key.onUpdate)) {
                    for (const auto &[before, after] : moved.value(parent)) {
                        const Key old = Key::ofColumns(*parent, key.targetColumns, before);
                        const Key now = Key::ofColumns(*parent, key.targetColumns, after);
                        if (old == now)
                            continue;
                        QVariantList oldValues, newValues;
                        for (int column : key.targetColumns) {
                            oldValues << before.at(column);
                            newValues << after.at(column);
                        }
                        Reach stayed;
                        if (outcome(*child, key, key.onUpdate, newValues, &stayed.now))
                            reached.insert(old, stayed);
                        // Rows memory already moved (followKeyUpdate) are where they are now
                        reached.insert(now, Reach{{}, oldValues});
                    }
                }
                if (reached.isEmpty())
                    continue;
                for (const RecordPtr &record : m_identity.records(*child)) {
                    if (record->m_state != ObjectState::Persistent ||
                        !record->m_rows.hasStoredRow() || seen.contains(record.get()))
                        continue;
                    QVariantList values;
                    bool null = false;
                    for (int column : key.columns) {
                        values << record->storedValue(column);
                        null = null || values.last().isNull();
                    }
                    const auto found =
                        reached.constFind(Key::ofValues(*parent, key.targetColumns, values));
                    if (null || found == reached.cend())
                        continue;
                    Follow follow{record, {}, record->m_rows.storedRow()};
                    QVariantList row = record->m_rows.storedRow();
                    for (qsizetype i = 0; i < key.columns.size(); ++i) {
                        if (!found->now.isEmpty())
                            row[key.columns.at(i)] = found->now.at(i);
                        if (!found->before.isEmpty())
                            follow.before[key.columns.at(i)] = found->before.at(i);
                    }
                    follow.key = Key::ofRow(*child, row);
                    seen.insert(record.get());
                    affected << follow;
                }
            }
        }
        QList<TableRow> nextDeleted, nextEdited;
        for (const Follow &follow : std::as_const(affected)) {
            Record *record = follow.record.get();
            QVariantList row;
            switch (readRow(record->table(), follow.key, &row)) {
            case RowRead::Found: {
                const Key storedBefore = record->storedKey();
                adoptRow(record, row, false);
                m_identity.rekey(follow.record, storedBefore);
                for (int column = 0; column < row.size(); ++column) {
                    if (!values::same(row.at(column), follow.before.at(column))) {
                        nextEdited << TableRow{&record->table(), follow.before}
                                   << TableRow{&record->table(), row};
                        break;
                    }
                }
                break;
            }
            case RowRead::Gone:
                nextDeleted.append({&record->table(), follow.before});
                dropGoneRecord(record);
                break;
            case RowRead::Failed: // the commit stands; a refresh shows the rows later
                clearError();
                return;
            }
        }
        deleted = nextDeleted;
        edited = nextEdited;
    }
}

} // namespace orm
