// Session: loading relationships — a record's parent, a parent's collection, and the children
// of many parents at once, in chunks.

#include "session.h"

#include "sessioninternals.h"
#include "statementbuilder.h"

#include <QSqlQuery>
#include <limits>

namespace orm {

namespace {
constexpr qsizetype ChunkSize = StatementBuilder::ChunkParameters;
}

RecordPtr Session::loadParent(const Record *child, const Relationship &relationship) {
    const Key key = relationship.parentKeyOf(*child);
    if (relationship.refersToPrimaryKey())
        return get(*relationship.parent, key.toVariant());
    clearError();
    if (RecordPtr loaded = findLoadedParent(relationship, key))
        return loaded;
    if (!m_sql || key.isNull())
        return nullptr;
    // Another unique key: one row by its values, through the identity map like any other.
    const Table &parent = *relationship.parent;
    RecordList found;
    if (!selectRecords(parent, m_sql->selectWhere(parent, relationship.referencedColumns),
                       key.values(), &found) ||
        found.isEmpty())
        return nullptr;
    return found.first();
}

bool Session::loadCollection(Record *parent, const Relationship &relationship) {
    return loadChildren({parent->shared_from_this()}, relationship);
}

bool Session::readsWholeChildTable(const Relationship &relationship, qsizetype parents) {
    // SQLite has no statistics on a file nobody ran ANALYZE on, so for a range of foreign keys it
    // takes the foreign key's index and then looks every row up in the table: three times the
    // work of reading the table in order when the range holds most of it (every author's books).
    // The parents' key range says whether they are most of their table (one statement that reads
    // the two ends of the key's index); children of other parents are skipped as they are read.
    constexpr qsizetype ManyParents = 2000;
    const Table &parent = *relationship.parent;
    const Table &child = *relationship.child;
    if (!m_reader || parents < ManyParents || !relationship.refersToPrimaryKey() ||
        parent.primaryKeyColumns().size() != 1 || child.primaryKeyColumns().size() != 1 ||
        child.column(child.primaryKey()).type != ColumnType::Integer)
        return false;
    QSqlQuery *range = nullptr;
    if (!execute(m_sql->keyRange(parent), {}, &parent, &range)) {
        clearError(); // the index it is; the read itself says what fails
        return false;
    }
    bool lowOk = false, highOk = false;
    const qint64 low = range->next() ? range->value(0).toLongLong(&lowOk) : 0;
    const qint64 high = range->value(1).toLongLong(&highOk);
    range->finish();
    return lowOk && highOk && high >= low && quint64(high) - quint64(low) < 2 * quint64(parents);
}

bool Session::loadChildren(const RecordList &parents, const Relationship &relationship) {
    return loadChildrenFrom(parents, relationship, nullptr, nullptr);
}

bool Session::loadChildrenFrom(const RecordList &parents, const Relationship &relationship,
                               const KeySource *parentKeys, KeySource *childKeys) {
    if (childKeys)
        *childKeys = KeySource{};
    // Parents whose collection is not in memory and that have rows in the database.
    const Table &childTable = *relationship.child;
    const QList<int> &columns = relationship.foreignKeyColumns;
    // A one-column reference to a one-column key takes the fast paths below (a key range, the
    // parents' query as a subquery); every other shape goes in chunked IN lists of its columns.
    const bool simple = relationship.isSimple();
    RecordList toLoad;
    QHash<Key, Record *> byKey;
    bool integerKeys = true;
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = std::numeric_limits<qint64>::min();
    for (const RecordPtr &parent : parents) {
        Q_ASSERT(&parent->table() == relationship.parent);
        if (parent->childrenLoaded(relationship))
            continue;
        if (parent->m_state != ObjectState::Persistent && parent->m_state != ObjectState::Deleted)
            continue;
        const Key key = relationship.referencedKeyOf(*parent, /*stored=*/true);
        if (key.isNull() || byKey.contains(key))
            continue;
        byKey.insert(key, parent.get());
        toLoad.append(parent);
        integerKeys = integerKeys && key.isInteger();
        if (key.isInteger()) {
            lowest = std::min(lowest, key.integer());
            highest = std::max(highest, key.integer());
        }
    }
    if (toLoad.isEmpty())
        return true;
    const StatementBuilder &sql = *m_sql;
    const QString foreignKey = m_dialect->quote(childTable.column(columns.first()).name);
    // Ordered as the foreign key's index delivers the rows: no sort step.
    QList<int> orderColumns = columns;
    for (int keyColumn : childTable.primaryKeyColumns()) {
        if (!orderColumns.contains(keyColumn))
            orderColumns << keyColumn;
    }
    QString order = sql.orderBy(childTable, orderColumns, Qt::AscendingOrder);

    // Dense integer keys (the first 1,000 authors, every author) read one key range and skip the
    // rows of parents not asked for; other keys go in IN lists of bounded size.
    struct Batch {
        QString sql;
        QVariantList binds;
    };
    std::vector<Batch> batches;
    QString keyFilter; // the WHERE of the single batch, when there is one
    if (simple && parentKeys && toLoad.size() > ChunkSize) {
        // Many parents that came from one query: select their children through that query, so
        // the number of statements does not grow with the number of parents.
        keyFilter = QStringLiteral(" WHERE %1 IN (%2)").arg(foreignKey, parentKeys->sql);
        batches.push_back({sql.selectList(childTable) + keyFilter + order, parentKeys->binds});
    } else if (simple && integerKeys &&
               childTable.column(columns.first()).type == ColumnType::Integer &&
               highest - lowest < 4 * qint64(toLoad.size()) + ChunkSize) {
        // (A foreign key column of another type compares a range as text in SQLite: "5" is not
        // between "1" and "3000". The IN lists below compare value by value.)
        const bool scan = readsWholeChildTable(relationship, toLoad.size());
        if (scan) // in the child's key order, as the table holds its rows: no index, no sort
            order = sql.orderBy(childTable, childTable.primaryKeyColumns(), Qt::AscendingOrder);
        keyFilter = QStringLiteral(" WHERE ") + sql.between(childTable, columns.first(), scan);
        batches.push_back({sql.selectList(childTable) + keyFilter + order, {lowest, highest}});
    } else {
        const qsizetype chunk = simple ? ChunkSize : StatementBuilder::chunkRows(columns.size());
        for (qsizetype start = 0; start < toLoad.size(); start += chunk) {
            const qsizetype size = std::min(chunk, toLoad.size() - start);
            Batch batch;
            batch.binds.reserve(size * columns.size());
            for (qsizetype i = 0; i < size; ++i)
                StatementBuilder::appendKey(
                    &batch.binds, relationship.referencedKeyOf(*toLoad.at(start + i), true));
            batch.sql = sql.selectWhereIn(childTable, columns, size) + order;
            batches.push_back(std::move(batch));
        }
    }
    // The next level selects its parents' keys through this one: only a one-column key can be
    // referred to by the subquery.
    if (simple && childKeys && batches.size() == 1 && childTable.primaryKey() >= 0) {
        childKeys->sql =
            QStringLiteral("SELECT %1 FROM %2")
                .arg(sql.columns(childTable, {childTable.primaryKey()}), sql.table(childTable)) +
            keyFilter;
        childKeys->binds = batches.front().binds;
    }
    QHash<Key, std::vector<RecordPtr>> byParent;
    ColumnFilter wanted;
    wanted.column = columns.first();
    wanted.accepts = [&](const QVariant &value) {
        return byKey.contains(
            Key::ofValue(*relationship.parent, relationship.referencedColumns.first(), value));
    };
    // The rows come ordered by the foreign key: a parent's children follow each other, so the
    // answer for the row before is the answer for most rows (one lookup per parent, not per row).
    qint64 lastInteger = 0;
    bool lastAccepted = false;
    bool hasLast = false;
    if (relationship.parent->column(relationship.referencedColumns.first()).type ==
        ColumnType::Integer) {
        wanted.acceptsInteger = [&](qint64 value) {
            if (!hasLast || value != lastInteger) {
                lastAccepted = byKey.contains(Key::ofInteger(value));
                lastInteger = value;
                hasLast = true;
            }
            return lastAccepted;
        };
    }
    for (const Batch &batch : batches) {
        RecordList rows;
        if (!selectRecords(childTable, batch.sql, batch.binds, &rows, nullptr,
                           simple ? &wanted : nullptr))
            return false;
        // The same order: the bucket of the row before is kept until the key changes. It is only
        // used before the next insertion into byParent, which may move the buckets.
        Key bucketKey;
        std::vector<RecordPtr> *bucket = nullptr;
        for (const RecordPtr &row : std::as_const(rows)) {
            Key key = relationship.parentKeyOf(*row, /*stored=*/true);
            if (!bucket || key != bucketKey) {
                bucket = &byParent[key];
                bucketKey = std::move(key);
            }
            bucket->push_back(row);
        }
    }

    // Children staged to point here (a pending record, or a key edited as a value while the
    // parent was not in memory) are not in the rows yet.
    QHash<const Record *, std::vector<RecordPtr>> movedHere;
    auto collectMoved = [&](const RecordPtr &child) {
        if (&child->table() != &childTable || child->m_session != this)
            return;
        const RecordPtr parent = SessionInternals::currentParent(*child, relationship);
        if (parent && relationship.referencedKeyOf(*parent) !=
                          relationship.parentKeyOf(*child, /*stored=*/true))
            movedHere[parent.get()].push_back(child);
    };
    for (const RecordPtr &child : m_work.edited())
        collectMoved(child);
    for (const RecordPtr &child : m_work.pending())
        collectMoved(child);

    for (const RecordPtr &parentPtr : std::as_const(toLoad)) {
        Record *parent = parentPtr.get();
        Record::ChildList &list = parent->childList(relationship.childSlot);
        std::vector<RecordPtr> stored =
            byParent.take(relationship.referencedKeyOf(*parent, /*stored=*/true));
        list.items.clear();
        list.items.reserve(stored.size());
        for (const RecordPtr &child : stored) {
            // A staged move away from this parent keeps the child out of the collection.
            if (!child->m_tracked ||
                SessionInternals::currentParent(*child, relationship).get() == parent)
                list.items.push_back(child);
        }
        auto appendMissing = [&list](const RecordPtr &child) {
            if (std::find(list.items.begin(), list.items.end(), child) == list.items.end())
                list.items.push_back(child);
        };
        for (const RecordPtr &child : list.addedWhileUnloaded)
            appendMissing(child);
        for (const RecordPtr &child : movedHere.value(parent))
            appendMissing(child);
        list.addedWhileUnloaded.clear();
        const bool differsFromCommitted = list.items != stored;
        list.committed = std::move(stored);
        list.loaded = true;
        // Staged moves already shape this collection: rollback must put it back, so the parent
        // joins the records it restores.
        if (differsFromCommitted)
            touch(parent);
    }
    return true;
}

} // namespace orm
