#include "cascadecounter.h"

#include "cascadewalker.h"
#include "dialect.h"
#include "metadata.h"
#include "record.h"
#include "relationship.h"
#include "selectrunner.h"
#include "statementbuilder.h"
#include "table.h"
#include "unitofwork.h"

namespace orm {

namespace {

bool cascadesDeletes(const Relationship &relationship) {
    return (relationship.cascade & CascadeFlag::Delete) && !relationship.passiveDeletes &&
           !relationship.followsDatabase;
}

} // namespace

CascadeCounter::CascadeCounter(const Metadata &metadata, const Dialect *dialect,
                               const UnitOfWork &work, SelectRunner &selects, CascadeWalker &walker,
                               qint64 listLimit)
    : m_metadata(metadata)
    , m_dialect(dialect)
    , m_work(work)
    , m_selects(selects)
    , m_walker(walker)
    , m_listLimit(listLimit) {
}

bool CascadeCounter::countable(const Table &table, QSet<const Table *> *visiting) {
    if (!m_stagedKnown) {
        m_stagedKnown = true;
        for (const RecordPtr &record : m_work.pending())
            m_staged.insert(&record->table());
        for (const RecordPtr &record : m_work.edited())
            m_staged.insert(&record->table());
    }
    // A table met twice on one way down is a cycle of cascades: loading follows it row by row.
    if (m_staged.contains(&table) || visiting->contains(&table))
        return false;
    visiting->insert(&table);
    for (const Relationship &relationship : m_metadata.relationships()) {
        if (relationship.parent != &table)
            continue;
        if (cascadesDeletes(relationship)) {
            if (!countable(*relationship.child, visiting))
                return false;
        } else if (!relationship.passiveDeletes && !relationship.followsDatabase) {
            return false; // the ORM sets each loaded child to NULL or is blocked by it
        }
    }
    visiting->remove(&table);
    return true;
}

CascadeCounter::Outcome CascadeCounter::count(const Relationship &relationship,
                                              const RecordList &parents, int depth,
                                              const QString &path) {
    const Table &child = *relationship.child;
    const ForeignKey *key = relationship.foreignKey;
    if (!key || parents.isEmpty() ||
        parents.size() > StatementBuilder::chunkRows(key->targetColumns.size()))
        return Outcome::Load;
    QVariantList binds;
    for (const RecordPtr &parent : parents) {
        if (parent->state() != ObjectState::Persistent)
            return Outcome::Load;
        for (int column : key->targetColumns)
            binds.append(parent->storedValue(column));
    }
    QSet<const Table *> visiting;
    if (!countable(child, &visiting))
        return Outcome::Load;
    Q_ASSERT(m_dialect); // counted only while a database is open
    const StatementBuilder sql(*m_dialect);
    const QString condition = sql.in(child, key->columns, parents.size());
    qint64 rows = 0;
    if (!m_selects.countWhere(child, condition, binds, &rows)) {
        m_error = m_selects.error();
        return Outcome::Failed;
    }
    if (rows <= m_listLimit)
        return Outcome::Load;
    return take(relationship, condition, binds, rows, depth, path, parents.first())
               ? Outcome::Counted
               : Outcome::Failed;
}

bool CascadeCounter::take(const Relationship &relationship, const QString &condition,
                          const QVariantList &binds, qint64 rows, int depth, const QString &path,
                          const RecordPtr &root) {
    const Table &table = *relationship.child;
    DeletePreview::Counted counted;
    counted.table = &table;
    counted.relationship = &relationship;
    counted.rows = rows;
    counted.depth = depth;
    counted.reason = relationship.cascadeSentence();
    counted.path = path + QStringLiteral(" → ") + table.name();
    counted.condition = condition;
    counted.binds = binds;
    m_counted.append(counted);

    // Below them: the ORM's own delete cascades are counted in turn (their rows through a
    // subquery of these), and every other foreign key to them is the database's to act on.
    Q_ASSERT(m_dialect); // counted only while a database is open
    const StatementBuilder sql(*m_dialect);
    QSet<const ForeignKey *> followedByOrm;
    for (const Relationship &below : m_metadata.relationships()) {
        if (below.parent != &table || !cascadesDeletes(below))
            continue;
        const ForeignKey *key = below.foreignKey;
        followedByOrm.insert(key);
        const QString childCondition =
            QStringLiteral("%1 IN (SELECT %2 FROM %3 WHERE %4)")
                .arg(sql.columns(*below.child, key->columns),
                     sql.columns(table, key->targetColumns), sql.table(table), condition);
        qint64 childRows = 0;
        if (!m_selects.countWhere(*below.child, childCondition, binds, &childRows)) {
            m_error = m_selects.error();
            return false;
        }
        if (childRows > 0 &&
            !take(below, childCondition, binds, childRows, depth + 1, counted.path, root))
            return false;
    }
    if (!m_walker.walk(table, condition, binds, root, counted.path, followedByOrm)) {
        m_error = m_walker.error();
        return false;
    }
    return true;
}

} // namespace orm
