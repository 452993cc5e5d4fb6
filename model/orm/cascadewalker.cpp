#include "cascadewalker.h"

#include "dialect.h"
#include "metadata.h"
#include "record.h"
#include "selectrunner.h"
#include "setdefaultmoves.h"
#include "statementbuilder.h"

#include <QCoreApplication>
#include <QStringList>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

QString rowsOf(const Table &table, qint64 rows) {
    return rows == 1 ? tr("1 row of %1").arg(table.name())
                     : tr("%1 rows of %2").arg(rows).arg(table.name());
}

/// `"a"` or `("a", "b")`: the columns as one value, for IN over several columns.
QString columnTuple(const StatementBuilder &sql, const Table &table, const QList<int> &columns) {
    const QString list = sql.columns(table, columns);
    return columns.size() == 1 ? list : QLatin1Char('(') + list + QLatin1Char(')');
}

} // namespace

CascadeWalker::CascadeWalker(const Metadata &metadata, const Dialect *dialect,
                             SelectRunner &selects, GoingAnyway goingAnyway, SetDefaultMoves &moves)
    : m_metadata(metadata)
    , m_dialect(dialect)
    , m_selects(selects)
    , m_goingAnyway(std::move(goingAnyway))
    , m_moves(moves) {
}

bool CascadeWalker::walk(const Table &table, const QString &condition, const QVariantList &binds,
                         const RecordPtr &root, const QString &path,
                         const QSet<const ForeignKey *> &followedByOrm) {
    // Built on the first walk only: most deletes never reach a database cascade.
    if (!m_referrersKnown) {
        m_referrersKnown = true;
        for (const Table *child : m_metadata.tables()) {
            for (const ForeignKey &key : child->foreignKeys()) {
                if (const Table *target = m_metadata.table(key.targetTable))
                    m_referrers[target].append({child, &key});
            }
        }
    }
    return walkLevel(table, condition, binds, root, path, 2, followedByOrm);
}

void CascadeWalker::addEffect(const Table &child, const ForeignKey &key, qint64 rows,
                              const QString &path) {
    const QString id = QStringLiteral("%1|%2|%3")
                           .arg(child.name(), child.columnNames(key.columns))
                           .arg(int(key.onDelete));
    auto found = m_effectIndex.constFind(id);
    if (found == m_effectIndex.constEnd()) {
        DeletePreview::DatabaseEffect effect;
        effect.table = child.name();
        effect.action = key.onDelete;
        m_effectIndex.insert(id, int(m_effects.size()));
        m_effects.append(effect);
        found = m_effectIndex.constFind(id);
    }
    DeletePreview::DatabaseEffect &effect = m_effects[found.value()];
    effect.rows += rows;
    const QString cause =
        tr("ON DELETE %1 on %2.%3, through %4")
            .arg(onDeleteName(key.onDelete), child.name(), child.columnNames(key.columns), path);
    switch (key.onDelete) {
    case OnDelete::SetNull:
        effect.reason = tr("the database sets %1 to NULL in %2 (%3)")
                            .arg(child.columnNames(key.columns), rowsOf(child, effect.rows), cause);
        break;
    case OnDelete::SetDefault:
        effect.reason = tr("the database sets %1 to its default in %2 (%3)")
                            .arg(child.columnNames(key.columns), rowsOf(child, effect.rows), cause);
        break;
    default:
        effect.reason = tr("the database deletes %1 (%2)").arg(rowsOf(child, effect.rows), cause);
        break;
    }
}

bool CascadeWalker::claimDeleted(const Table &table, const ForeignKey &key, QString *condition,
                                 QVariantList *binds, qint64 *overlap) {
    *overlap = 0;
    QList<Deleted> &earlier = m_deleted[&table];
    // Rows reached along the same key again are other rows (its parents are other rows, ever since
    // their own overlap was taken out), so only other keys are asked about. A delete so large
    // that the question would not fit one statement keeps its counts per key.
    constexpr qsizetype MaximumBinds = 16 * StatementBuilder::ChunkParameters;
    QStringList others;
    QVariantList otherBinds;
    for (const Deleted &deleted : std::as_const(earlier)) {
        if (deleted.key == &key)
            continue;
        others << QLatin1Char('(') + deleted.condition + QLatin1Char(')');
        otherBinds += deleted.binds;
    }
    earlier.append({&key, *condition, *binds});
    if (others.isEmpty() || binds->size() + otherBinds.size() > MaximumBinds)
        return true;
    // As a CASE, so that a row where the other condition is NULL (a NULL key column) counts as
    // not taken, which it is not
    const QString taken =
        QStringLiteral("CASE WHEN %1 THEN 1 ELSE 0 END").arg(others.join(QStringLiteral(" OR ")));
    QVariantList allBinds = *binds + otherBinds;
    if (!m_selects.countWhere(table, QStringLiteral("(%1) AND %2 = 1").arg(*condition, taken),
                              allBinds, overlap)) {
        m_error = m_selects.error();
        return false;
    }
    if (*overlap > 0) {
        *condition = QStringLiteral("(%1) AND %2 = 0").arg(*condition, taken);
        *binds = std::move(allBinds);
    }
    return true;
}

bool CascadeWalker::walkLevel(const Table &table, const QString &condition,
                              const QVariantList &binds, const RecordPtr &root, const QString &path,
                              int depth, const QSet<const ForeignKey *> &skipped) {
    Q_ASSERT(m_dialect); // walked only while a database is open
    const Dialect &dialect = *m_dialect;
    const StatementBuilder sql(dialect);
    for (const auto &[child, key] : m_referrers.value(&table)) {
        if (skipped.contains(key))
            continue;
        // The children of the rows deleted at this level: their key columns IN the referenced
        // columns of those rows.
        QString childCondition =
            QStringLiteral("%1 IN (SELECT %2 FROM %3 WHERE %4)")
                .arg(columnTuple(sql, *child, key->columns), sql.columns(table, key->targetColumns),
                     dialect.quoteTable(table), condition);
        QVariantList childBinds = binds;
        const QList<int> &keyColumns = child->primaryKeyColumns();
        const QVariantList going =
            !keyColumns.isEmpty() && m_goingAnyway ? m_goingAnyway(*child) : QVariantList();
        if (!going.isEmpty()) {
            childCondition +=
                QStringLiteral(" AND NOT (%1)")
                    .arg(sql.in(*child, keyColumns, going.size() / keyColumns.size()));
            childBinds += going;
        }
        qint64 rows = 0;
        if (!m_selects.countWhere(*child, childCondition, childBinds, &rows)) {
            m_error = m_selects.error();
            return false;
        }
        if (rows == 0)
            continue;
        const QString childPath = path + QStringLiteral(" → ") + child->name();
        bool nullable = true;
        for (int column : key->columns)
            nullable = nullable && child->column(column).nullable;
        const bool refused = key->onDelete == OnDelete::Restrict ||
                             key->onDelete == OnDelete::NoAction ||
                             (key->onDelete == OnDelete::SetNull && !nullable);
        if (refused) {
            DeletePreview::Blocker blocker;
            blocker.blocked = root;
            blocker.table = child;
            blocker.column = key->column();
            blocker.rows = rows;
            blocker.rowsCondition = childCondition;
            blocker.rowsBinds = childBinds;
            blocker.action = key->onDelete;
            blocker.reason = (rows == 1 ? tr("%1 still refers to rows the database deletes "
                                             "(ON DELETE %2 on %3.%4, through %5)")
                                        : tr("%1 still refer to rows the database deletes "
                                             "(ON DELETE %2 on %3.%4, through %5)"))
                                 .arg(rowsOf(*child, rows), onDeleteName(key->onDelete),
                                      child->name(), child->columnNames(key->columns), path);
            m_blockers.append(blocker);
            continue;
        }
        if (key->onDelete == OnDelete::SetDefault) {
            // Only fine when the row the DEFAULT names is still there at commit: decided once the
            // whole delete is known.
            m_moves.add(SetDefaultMoves::Move{
                child, key, rows, root, childCondition, childBinds,
                tr("ON DELETE SET DEFAULT on %1.%2, through %3")
                    .arg(child->name(), child->columnNames(key->columns), path),
                true});
            continue;
        }
        if (key->onDelete == OnDelete::Cascade) {
            qint64 overlap = 0;
            if (!claimDeleted(*child, *key, &childCondition, &childBinds, &overlap))
                return false;
            rows -= overlap;
            if (rows <= 0)
                continue; // reached along another key, which counted them and their children
        }
        addEffect(*child, *key, rows, path);
        if (key->onDelete != OnDelete::Cascade)
            continue;
        m_moves.addCascaded(*child, childCondition, childBinds);
        if (depth >= MaxDepth) {
            m_error.kind = Error::Kind::Database;
            m_error.reason = Error::Reason::CascadeTooDeep;
            m_error.limit = MaxDepth;
            m_error.other = root;
            m_error.table = table.name();
            return false;
        }
        if (!walkLevel(*child, childCondition, childBinds, root, childPath, depth + 1))
            return false;
    }
    return true;
}

} // namespace orm
