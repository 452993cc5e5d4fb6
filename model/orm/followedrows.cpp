#include "followedrows.h"

#include "flushsql.h"
#include "foreignkeyactions.h"
#include "metadata.h"
#include "record.h"
#include "sessioninternals.h"
#include "values.h"

#include <QSqlQuery>

namespace orm {

FollowedRows::FollowedRows(Session &session, const FlushPlan &plan, StatementShapes &shapes,
                           QHash<const Record *, QVariantList> &rows)
    : m_session(session)
    , m_plan(plan)
    , m_shapes(shapes)
    , m_rows(rows) {
}

bool FollowedRows::hasRun(const Record *record) {
    for (; m_ranInSet < m_ran.size(); ++m_ranInSet)
        m_ranSet.insert(m_ran[m_ranInSet]);
    return m_ranSet.contains(record);
}

const QList<FollowedRows::Referrer> &FollowedRows::referrers(const Table &table) {
    const auto known = m_referrers.constFind(&table);
    if (known != m_referrers.cend())
        return *known;
    QList<Referrer> found;
    for (const Table *child : m_session.metadata().tables()) {
        for (const ForeignKey &key : child->foreignKeys()) {
            if (key.targetTable == table.name() && actsOnReferringRows(key.onUpdate) &&
                key.targetColumns.size() == key.columns.size())
                found.append({child, &key});
        }
    }
    return *m_referrers.insert(&table, found);
}

bool FollowedRows::reaches(const FlushPlan::Write &write) {
    if (write.insert() || write.completesInsert())
        return false; // nothing refers to a row this flush inserts but rows it inserts after
    for (const Referrer &referrer : referrers(write.record->table())) {
        for (int column : referrer.key->targetColumns) {
            if (write.columns().contains(column))
                return true;
        }
    }
    return false;
}

void FollowedRows::collect(const Table &table, const QList<int> &columns, const QVariantList &old,
                           const QVariantList &now, int depth) {
    if (depth > 16) // a cycle of cascades into keys: what is reached already is enough
        return;
    for (const Referrer &referrer : referrers(table)) {
        const ForeignKey &key = *referrer.key;
        bool touched = false;
        QVariantList from, to;
        for (int target : key.targetColumns) {
            touched = touched || columns.contains(target);
            from << old.at(target);
            to << now.at(target);
        }
        if (!touched)
            continue;
        const Key oldKey = Key::ofValues(table, key.targetColumns, from);
        if (oldKey.isNull())
            continue; // nothing refers to a NULL
        for (const RecordPtr &record : m_waiting.value(referrer.child)) {
            if (hasRun(record.get()))
                continue;
            QVariantList row;
            row.reserve(referrer.child->columnCount());
            for (int column = 0; column < referrer.child->columnCount(); ++column)
                row << m_shapes.storedValue(*record, column);
            QVariantList refers;
            for (int column : key.columns)
                refers << row.at(column);
            if (Key::ofValues(table, key.targetColumns, refers) != oldKey)
                continue;
            QVariantList predicted = row;
            bool known = true;
            for (qsizetype i = 0; i < key.columns.size() && known; ++i) {
                const int column = key.columns.at(i);
                if (key.onUpdate == ReferentialAction::Cascade)
                    predicted[column] = to.at(i);
                else if (key.onUpdate == ReferentialAction::SetNull)
                    predicted[column] = QVariant();
                else // SET DEFAULT: the DEFAULT as the database evaluates it (a key column too)
                    known = SessionInternals::selects(m_session).columnDefault(
                        *referrer.child, column, &predicted[column]);
            }
            if (!known)
                continue; // its own statement then fails as a conflict, naming it
            bool seen = false;
            for (const Reached &reached : std::as_const(m_reached))
                seen = seen || reached.record == record;
            if (seen)
                continue;
            m_reached.append({record, predicted});
            // The referring columns changed: rows referring to them follow in turn
            collect(*referrer.child, key.columns, row, predicted, depth + 1);
        }
    }
}

bool FollowedRows::before(const FlushPlan::Write &write, RecordPtr *failed, bool *conflict) {
    m_reached.clear();
    if (!m_indexed) {
        for (const FlushPlan::Write &each : m_plan.writes) {
            if (!each.insert() && !each.completesInsert())
                m_waiting[&each.record->table()].append(each.record);
        }
        for (const RecordPtr &record : m_plan.deletes)
            m_waiting[&record->table()].append(record);
        m_indexed = true;
    }
    const Table &table = write.record->table();
    QVariantList old;
    old.reserve(table.columnCount());
    for (int column = 0; column < table.columnCount(); ++column)
        old << m_shapes.storedValue(*write.record, column);
    collect(table, write.columns(), old, write.row(), 0);
    for (const Reached &reached : std::as_const(m_reached)) {
        const Statement lock = m_shapes.lockStatement(reached.record);
        QSqlQuery *result = nullptr;
        if (!SessionInternals::selects(m_session).select(lock.sql, lock.binds,
                                                         &reached.record->table(), &result)) {
            *failed = reached.record;
            return false;
        }
        const bool unchanged = result->next();
        result->finish();
        if (!unchanged) { // changed or deleted by someone else (rule 12)
            *failed = reached.record;
            *conflict = true;
            return false;
        }
    }
    return true;
}

bool FollowedRows::after(RecordPtr *failed) {
    for (const Reached &reached : std::as_const(m_reached)) {
        const Table &table = reached.record->table();
        QVariantList row;
        bool found = false;
        if (!SessionInternals::readRow(m_session, table, Key::ofRow(table, reached.predicted), &row,
                                       &found)) {
            *failed = reached.record;
            return false;
        }
        // Not found: a trigger moved or removed it; its own statement then fails as before
        if (found)
            m_rows.insert(reached.record.get(), row);
    }
    m_reached.clear();
    return true;
}

} // namespace orm
