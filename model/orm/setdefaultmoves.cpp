#include "setdefaultmoves.h"

#include "dialect.h"
#include "loader.h"
#include "metadata.h"
#include "record.h"
#include "selectrunner.h"
#include "statementbuilder.h"
#include "table.h"
#include "unitofwork.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlQuery>
#include <algorithm>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

QString rowsOf(const Table &table, qint64 rows) {
    return rows == 1 ? tr("1 row of %1").arg(table.name())
                     : tr("%1 rows of %2").arg(rows).arg(table.name());
}

/// The values `record` holds in `columns` as the database has them (staged values for a record
/// never stored).
Key storedKeyOf(const Record &record, const QList<int> &columns) {
    QVariantList row;
    row.reserve(record.table().columnCount());
    for (int column = 0; column < record.table().columnCount(); ++column)
        row.append(record.storedValue(column));
    return Key::ofColumns(record.table(), columns, row);
}

} // namespace

void SetDefaultMoves::addCascaded(const Table &table, const QString &condition,
                                  const QVariantList &binds) {
    m_cascaded.append(Cascaded{&table, condition, binds});
}

bool SetDefaultMoves::whyMissing(const ForeignKey &key, const DefaultRow &target,
                                 const QList<const Record *> &deletedByOrm,
                                 const QList<DeletePreview::Counted> &counted, QString *why,
                                 QString *name) {
    const Table &parent = *target.parent;
    const QList<int> &columns = key.targetColumns;
    const QVariantList &values = target.values;
    *name = target.name;
    // Deleted by the ORM: chosen, cascaded, or staged earlier.
    for (const Record *record : deletedByOrm) {
        if (&record->table() == &parent && storedKeyOf(*record, columns) == target.key) {
            *name = record->displayName();
            *why = tr("%1 is deleted too").arg(*name);
            return true;
        }
    }
    Q_ASSERT(m_dialect); // counted only while a database is open
    const StatementBuilder sql(*m_dialect);
    const QString equals = sql.equals(parent, columns);
    const auto among = [&](const QString &condition, const QVariantList &binds, bool *found) {
        qint64 rows = 0;
        if (!countWhere(parent, QStringLiteral("(%1) AND %2").arg(condition, equals),
                        binds + values, &rows))
            return false;
        *found = rows > 0;
        return true;
    };
    for (const DeletePreview::Counted &entry : counted) {
        bool found = false;
        if (entry.table != &parent || entry.condition.isEmpty())
            continue;
        if (!among(entry.condition, entry.binds, &found))
            return false;
        if (found) {
            *why = tr("%1 is deleted too (%2)").arg(*name, entry.reason);
            return true;
        }
    }
    for (const Cascaded &entry : std::as_const(m_cascaded)) {
        bool found = false;
        if (entry.table != &parent)
            continue;
        if (!among(entry.condition, entry.binds, &found))
            return false;
        if (found) {
            *why = tr("the database deletes %1 too, by its own cascade").arg(*name);
            return true;
        }
    }
    // A new row the commit inserts first (saves go before deletes) is there when the delete runs.
    if (!target.found())
        *why = tr("no row of %1 has %2")
                   .arg(parent.name(), describeAssignment(parent, columns, values));
    return true;
}

bool SetDefaultMoves::countWhere(const Table &table, const QString &condition,
                                 const QVariantList &binds, qint64 *rows) {
    if (m_selects.countWhere(table, condition, binds, rows))
        return true;
    m_error = m_selects.error();
    return false;
}

bool SetDefaultMoves::takeOffMovedAway(const Move &move, qint64 *rows) {
    const Table &child = *move.child;
    const QList<int> &keyColumns = child.primaryKeyColumns();
    if (keyColumns.isEmpty())
        return true;
    QList<Key> movedAway;
    for (const RecordPtr &record : m_work.edited()) {
        if (&record->table() != &child || record->state() != ObjectState::Persistent ||
            record->isMarkedForDelete())
            continue;
        if (std::any_of(move.key->columns.cbegin(), move.key->columns.cend(),
                        [&record](int column) { return record->isModified(column); }))
            movedAway.append(record->storedKey());
    }
    Q_ASSERT(m_dialect); // counted only while a database is open
    const StatementBuilder sql(*m_dialect);
    for (const auto &[start, size] : Loader::chunks(movedAway.size(), keyColumns.size())) {
        QVariantList binds = move.binds;
        for (qsizetype i = 0; i < size; ++i)
            StatementBuilder::appendKey(&binds, movedAway.at(start + i));
        qint64 away = 0;
        if (!countWhere(
                child,
                QStringLiteral("(%1) AND %2").arg(move.condition, sql.in(child, keyColumns, size)),
                binds, &away))
            return false;
        *rows -= away;
    }
    return true;
}

void SetDefaultMoves::addEffect(const Move &move, qint64 rows, const QString &target) {
    const QString columns = move.child->columnNames(move.key->columns);
    const auto reason = [&](qint64 total) {
        return tr("the database sets %1 to its default, %2, in %3 (%4)")
            .arg(columns, target, rowsOf(*move.child, total), move.cause);
    };
    // One effect per foreign key and default row, rows summed over the parents and levels.
    const EffectSource source{move.key, target};
    if (const qsizetype known = m_effectSources.indexOf(source); known >= 0) {
        DeletePreview::DatabaseEffect &effect = m_effects[known];
        effect.rows += rows;
        effect.reason = reason(effect.rows);
        return;
    }
    DeletePreview::DatabaseEffect effect;
    effect.table = move.child->name();
    effect.action = OnDelete::SetDefault;
    effect.rows = rows;
    effect.reason = reason(rows);
    m_effects.append(effect);
    m_effectSources.append(source);
}

bool SetDefaultMoves::settle(const QList<const Record *> &deletedByOrm,
                             const QList<DeletePreview::Counted> &counted) {
    // One move per deleted parent: the DEFAULT is evaluated, and its row looked for, once per
    // foreign key (DefaultRows), and what the delete does to that row decided once too.
    QHash<const ForeignKey *, QPair<QString, QString>> verdictOf; // why missing, and its name
    for (const Move &move : std::as_const(m_moves)) {
        qint64 rows = move.rows;
        if (move.asStored && !takeOffMovedAway(move, &rows))
            return false;
        if (rows <= 0)
            continue;
        const Table &child = *move.child;
        const ForeignKey &key = *move.key;
        const Table *parent = m_metadata.table(key.targetTable);
        if (!parent || key.targetColumns.size() != key.columns.size()) {
            addEffect(move, rows, tr("as the database declares it"));
            continue;
        }
        const DefaultRow *defaultRow = m_defaultRows.of(child, key);
        if (!defaultRow) {
            m_error = m_defaultRows.error();
            return false;
        }
        QString why;
        QString target = defaultRow->name;
        if (defaultRow->refersToNothing) {
            // A NULL refers to nothing (MATCH SIMPLE): fine where the column may hold it.
            if (!defaultRow->nullInNotNullColumn.isEmpty())
                why = tr("%1 has no default but NULL, which it cannot hold")
                          .arg(defaultRow->nullInNotNullColumn);
        } else if (const auto known = verdictOf.constFind(&key); known != verdictOf.cend()) {
            why = known->first;
            target = known->second;
        } else {
            if (!whyMissing(key, *defaultRow, deletedByOrm, counted, &why, &target))
                return false;
            verdictOf.insert(&key, {why, target});
        }
        if (why.isEmpty()) {
            addEffect(move, rows, target);
            continue;
        }
        DeletePreview::Blocker blocker;
        blocker.blocked = move.blocked;
        blocker.table = &child;
        blocker.column = key.column();
        blocker.rows = rows;
        blocker.rowsCondition = move.condition;
        blocker.rowsBinds = move.binds;
        blocker.action = OnDelete::SetDefault;
        blocker.reason =
            (rows == 1 ? tr("%1 would be set to its default, %2, but %3 (%4)")
                       : tr("%1 would be set to their default, %2, but %3 (%4)"))
                .arg(rowsOf(child, rows),
                     describeAssignment(child, key.columns, defaultRow->values), why, move.cause);
        m_blockers.append(blocker);
    }
    return true;
}

} // namespace orm
