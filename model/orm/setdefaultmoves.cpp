#include "setdefaultmoves.h"

#include "dialect.h"
#include "record.h"
#include "session.h"
#include "sessioninternals.h"
#include "statementbuilder.h"
#include "table.h"

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

QString describeAssignment(const Table &table, const QList<int> &columns,
                           const QVariantList &values) {
    QStringList shown;
    for (const QVariant &value : values)
        shown << (value.isNull() ? QStringLiteral("NULL") : value.toString());
    if (columns.size() == 1)
        return table.column(columns.first()).name + QStringLiteral(" = ") + shown.first();
    return QStringLiteral("(%1) = (%2)")
        .arg(table.columnNames(columns), shown.join(QStringLiteral(", ")));
}

void SetDefaultMoves::addCascaded(const Table &table, const QString &condition,
                                  const QVariantList &binds) {
    m_cascaded.append(Cascaded{&table, condition, binds});
}

bool SetDefaultMoves::defaults(const Table &child, const ForeignKey &key, QVariantList *values) {
    for (int column : key.columns) {
        QVariant value;
        if (!SessionInternals::columnDefault(m_session, child, column, &value)) {
            m_error = m_session.lastError();
            return false;
        }
        values->append(value);
    }
    return true;
}

bool SetDefaultMoves::whyMissing(const Table &parent, const ForeignKey &key, const Key &target,
                                 const QList<const Record *> &deletedByOrm,
                                 const QList<DeletePreview::Counted> &counted, QString *why,
                                 QString *name) {
    const QList<int> &columns = key.targetColumns;
    const QVariantList values = target.values();
    const bool byPrimaryKey = columns == parent.primaryKeyColumns();
    // The row itself names it best ("category 'Uncategorised'"), when it is found by its key.
    RecordPtr row;
    if (byPrimaryKey) {
        row = m_session.get(parent, target.toVariant());
        if (!row && m_session.lastError()) {
            m_error = m_session.lastError();
            return false;
        }
    }
    *name = row ? row->displayName()
                : tr("%1 with %2").arg(parent.name(), describeAssignment(parent, columns, values));
    // Deleted by the ORM: chosen, cascaded, or staged earlier.
    for (const Record *record : deletedByOrm) {
        if (&record->table() == &parent && storedKeyOf(*record, columns) == target) {
            *name = record->displayName();
            *why = tr("%1 is deleted too").arg(*name);
            return true;
        }
    }
    const StatementBuilder sql(m_session.dialect());
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
    for (const RecordPtr &record : SessionInternals::newRecords(m_session)) {
        if (&record->table() == &parent &&
            Key::ofColumns(parent, columns, record->values()) == target)
            return true;
    }
    qint64 rows = row ? 1 : 0;
    if (!byPrimaryKey && !countWhere(parent, equals, values, &rows))
        return false;
    if (rows == 0)
        *why = tr("no row of %1 has %2")
                   .arg(parent.name(), describeAssignment(parent, columns, values));
    return true;
}

bool SetDefaultMoves::countWhere(const Table &table, const QString &condition,
                                 const QVariantList &binds, qint64 *rows) {
    if (SessionInternals::countWhere(m_session, table, condition, binds, rows))
        return true;
    m_error = m_session.lastError();
    return false;
}

bool SetDefaultMoves::takeOffMovedAway(const Move &move, qint64 *rows) {
    const Table &child = *move.child;
    const QList<int> &keyColumns = child.primaryKeyColumns();
    if (keyColumns.isEmpty())
        return true;
    QList<Key> movedAway;
    for (const RecordPtr &record : SessionInternals::touched(m_session)) {
        if (&record->table() != &child || record->state() != ObjectState::Persistent ||
            record->isMarkedForDelete())
            continue;
        if (std::any_of(move.key->columns.cbegin(), move.key->columns.cend(),
                        [&record](int column) { return record->isModified(column); }))
            movedAway.append(record->storedKey());
    }
    const StatementBuilder sql(m_session.dialect());
    const qsizetype chunk = StatementBuilder::chunkRows(keyColumns.size());
    for (qsizetype start = 0; start < movedAway.size(); start += chunk) {
        const qsizetype size = std::min(chunk, movedAway.size() - start);
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
    // One effect per foreign key and default row, rows summed over the parents and levels.
    for (DeletePreview::DatabaseEffect &effect : m_effects) {
        if (effect.table == move.child->name() && effect.reason.contains(target) &&
            effect.reason.startsWith(tr("the database sets %1 ").arg(columns))) {
            effect.rows += rows;
            effect.reason = tr("the database sets %1 to its default, %2, in %3 (%4)")
                                .arg(columns, target, rowsOf(*move.child, effect.rows), move.cause);
            return;
        }
    }
    DeletePreview::DatabaseEffect effect;
    effect.table = move.child->name();
    effect.action = OnDelete::SetDefault;
    effect.rows = rows;
    effect.reason = tr("the database sets %1 to its default, %2, in %3 (%4)")
                        .arg(columns, target, rowsOf(*move.child, rows), move.cause);
    m_effects.append(effect);
}

bool SetDefaultMoves::settle(const QList<const Record *> &deletedByOrm,
                             const QList<DeletePreview::Counted> &counted) {
    // One move per deleted parent: the DEFAULT is evaluated, and its row looked for, once per
    // foreign key (a thousand categories deleted are not a thousand reads).
    QHash<const ForeignKey *, QVariantList> defaultsOf;
    QHash<const ForeignKey *, QPair<QString, QString>> verdictOf; // why missing, and its name
    for (const Move &move : std::as_const(m_moves)) {
        qint64 rows = move.rows;
        if (move.asStored && !takeOffMovedAway(move, &rows))
            return false;
        if (rows <= 0)
            continue;
        const Table &child = *move.child;
        const ForeignKey &key = *move.key;
        const Table *parent = m_session.metadata().table(key.targetTable);
        if (!parent || key.targetColumns.size() != key.columns.size()) {
            addEffect(move, rows, tr("as the database declares it"));
            continue;
        }
        if (!defaultsOf.contains(&key)) {
            QVariantList evaluated;
            if (!defaults(child, key, &evaluated))
                return false;
            defaultsOf.insert(&key, evaluated);
        }
        const QVariantList values = defaultsOf.value(&key);
        QString why;
        QString target;
        const bool anyNull = std::any_of(values.cbegin(), values.cend(),
                                         [](const QVariant &v) { return v.isNull(); });
        if (anyNull) {
            // A NULL refers to nothing (MATCH SIMPLE): fine where the column may hold it.
            for (qsizetype i = 0; i < values.size(); ++i) {
                const Column &column = child.column(key.columns.at(i));
                if (values.at(i).isNull() && !column.nullable)
                    why = tr("%1 has no default but NULL, which it cannot hold").arg(column.name);
            }
            target = QStringLiteral("NULL");
        } else if (const auto known = verdictOf.constFind(&key); known != verdictOf.cend()) {
            why = known->first;
            target = known->second;
        } else {
            const Key wanted = Key::ofValues(*parent, key.targetColumns, values);
            if (!whyMissing(*parent, key, wanted, deletedByOrm, counted, &why, &target))
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
        blocker.reason = (rows == 1 ? tr("%1 would be set to its default, %2, but %3 (%4)")
                                    : tr("%1 would be set to their default, %2, but %3 (%4)"))
                             .arg(rowsOf(child, rows),
                                  describeAssignment(child, key.columns, values), why, move.cause);
        m_blockers.append(blocker);
    }
    return true;
}

} // namespace orm
