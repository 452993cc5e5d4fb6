// Loader: rows to records through the identity map, records by key, a child's parent and the
// collections of many parents, in chunks of keys. The SELECTs run in Session::selectRows().

#include "loader.h"

#include "collatedkey.h"
#include "identitymap.h"
#include "record.h"
#include "rowstore.h"
#include "session.h"
#include "sessioninternals.h"
#include "statementbuilder.h"
#include "transaction.h"
#include "unitofwork.h"
#include "values.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>
#include <algorithm>
#include <iterator>
#include <limits>

namespace orm {

Loader::Loader(Session &session, IdentityMap &identity, UnitOfWork &work,
               const Transaction &transaction)
    : m_session(session)
    , m_identity(identity)
    , m_work(work)
    , m_transaction(transaction) {
}

Loader::~Loader() = default;

QList<Loader::Chunk> Loader::chunks(qsizetype keys, qsizetype width) {
    const qsizetype perChunk = StatementBuilder::chunkRows(width);
    QList<Chunk> result;
    result.reserve((keys + perChunk - 1) / perChunk);
    for (qsizetype start = 0; start < keys; start += perChunk)
        result.append({start, std::min(perChunk, keys - start)});
    return result;
}

// --- Rows to records -----------------------------------------------------------------------------

void Loader::retireRowStores() {
    for (const auto *stores : {&m_rowStores, &m_replacedStores}) {
        for (const RowStoreRef &store : *stores) {
            if (store)
                store->retire();
        }
    }
}

const RowStoreRef &Loader::rowStore(const Table &table) {
    const size_t rank = size_t(table.dependencyRank());
    if (m_rowStores.size() <= rank)
        m_rowStores.resize(rank + 1);
    RowStoreRef &store = m_rowStores[rank];
    // A store only knows its number of columns: after a schema change the table's shape decides
    if (!store || store->columnCount() != table.columnCount()) {
        if (store)
            m_replacedStores.push_back(store);
        store = RowStoreRef::make(table, &m_session);
    }
    return store;
}

void Loader::enter(const RecordPtr &record, const Key &key) {
    SessionInternals::enterLoaded(*record, &m_session);
    if (!key.isNull()) // a table without a key: rows are read, never identified
        m_identity.insert(record->table(), key, record);
}

RecordPtr Loader::recordFromRow(const Table &table, QVariantList row) {
    const Key key = Key::ofRow(table, row);
    if (RecordPtr existing = m_identity.find(table, key)) {
        // Rule 11: staged values win. An untouched record takes the database's current values
        // (as expire_on_commit would), so a refresh shows other users' committed work.
        if (!SessionInternals::isTracked(*existing) && !m_transaction.isOpen() &&
            existing->state() == ObjectState::Persistent) {
            const QVariantList before = existing->values();
            bool differs = false;
            for (int column = 0; column < row.size(); ++column) {
                if (!values::same(before.at(column), row.at(column))) {
                    differs = true;
                    break;
                }
            }
            if (differs) {
                // Another user re-pointed a foreign key: move the record between the in-memory
                // collections (staged and committed alike), so both sides keep agreeing.
                for (const Relationship *relationship : table.parentRelationships()) {
                    QVariantList was;
                    QVariantList now;
                    for (int column : relationship->foreignKeyColumns) {
                        was.append(before.at(column));
                        now.append(row.at(column));
                    }
                    const Key oldKey = relationship->parentKeyOf(was);
                    const Key newKey = relationship->parentKeyOf(now);
                    if (oldKey == newKey)
                        continue;
                    const int slot = relationship->childSlot;
                    if (RecordPtr old = m_session.findLoadedParent(*relationship, oldKey)) {
                        if (auto *list = SessionInternals::childListIfAny(*old, slot)) {
                            list->unlink(existing.get());
                            list->unlinkCommitted(existing.get());
                        }
                    }
                    if (RecordPtr parent = m_session.findLoadedParent(*relationship, newKey)) {
                        if (auto *list = SessionInternals::childListIfAny(*parent, slot)) {
                            list->linkIfLoaded(existing);
                            list->linkCommitted(existing);
                        }
                    }
                }
                SessionInternals::valuesOf(m_session, *existing).load(rowStore(table), row);
                for (int column = 0; column < row.size(); ++column) {
                    if (!values::same(before.at(column), row.at(column)))
                        SessionInternals::announceChanged(m_session, existing.get(), column);
                }
            }
        }
        return existing;
    }
    RecordPtr record = table.createRecord();
    SessionInternals::valuesOf(m_session, *record).load(rowStore(table), row);
    enter(record, key);
    SessionInternals::announceAdded(m_session, record.get());
    return record;
}

RecordPtr Loader::recordFromSlot(const Table &table, const RowStoreRef &store, int slot) {
    const QList<int> &keyColumns = table.primaryKeyColumns();
    Key key;
    if (keyColumns.size() == 1) {
        const int column = keyColumns.first();
        qint64 number = 0;
        if (table.column(column).type == ColumnType::Integer &&
            store->integerKey(slot, column, &number))
            key = Key::ofInteger(number); // what ofValue() makes of it, without a QVariant
        else
            key = Key::ofValue(table, column, store->value(slot, column));
    } else if (!keyColumns.isEmpty()) {
        QVariantList values;
        values.reserve(keyColumns.size());
        for (int column : keyColumns)
            values.append(store->value(slot, column));
        key = Key::ofValues(table, keyColumns, values);
    }
    if (!key.isNull() && m_identity.contains(table, key)) {
        // Known already: recordFromRow() decides (rule 11), from the row as a list (rare)
        const QVariantList row = store->row(slot);
        store->release(slot);
        return recordFromRow(table, row);
    }
    RecordPtr record = table.createRecord();
    SessionInternals::valuesOf(m_session, *record).adoptSlot(store, slot);
    enter(record, key);
    SessionInternals::announceAdded(m_session, record.get());
    return record;
}

bool Loader::ColumnFilter::acceptsCell(const RowStore &store, int slot) const {
    qint64 number = 0;
    if (acceptsInteger && store.integerKey(slot, column, &number))
        return acceptsInteger(number);
    return accepts(store.value(slot, column));
}

/// The loader's side of a SELECT: each row becomes a record (or goes through the filters only).
class Loader::RecordSink final : public RowSink {
public:
    RecordSink(Loader &loader, const Table &table, RecordList *out, const RowFilter *filter,
               const ColumnFilter *columnFilter, const EachRecord *each = nullptr)
        : m_loader(loader)
        , m_table(table)
        , m_out(out)
        , m_each(each)
        , m_filter(filter)
        , m_columnFilter(columnFilter) {}

    RowStore &store() override {
        // Held here: a slot on recordAdded may replace the loader's store (a schema change).
        m_store = m_loader.rowStore(m_table);
        return *m_store;
    }
    bool takeSlot(int slot) override {
        if (m_columnFilter && !m_columnFilter->acceptsCell(*m_store, slot)) {
            m_store->release(slot);
            return true;
        }
        RecordPtr record;
        if (m_filter) { // refresh's captures, which want the row as a list
            const QVariantList row = m_store->row(slot);
            m_store->release(slot);
            if (!(*m_filter)(row))
                return true;
            record = m_loader.recordFromRow(m_table, row);
        } else {
            record = m_loader.recordFromSlot(m_table, m_store, slot);
        }
        hand(std::move(record));
        return true;
    }
    bool keeps(const QVariantList &row) override {
        if (m_columnFilter && !m_columnFilter->accepts(row.at(m_columnFilter->column)))
            return false;
        return !m_filter || (*m_filter)(row);
    }
    void takeRow(QVariantList row) override {
        hand(m_loader.recordFromRow(m_table, std::move(row)));
    }

private:
    void hand(RecordPtr &&record) {
        if (m_each)
            (*m_each)(std::move(record));
        else if (m_out)
            m_out->append(std::move(record));
    }

    Loader &m_loader;
    const Table &m_table;
    RecordList *m_out;
    const EachRecord *m_each;
    const RowFilter *m_filter;
    const ColumnFilter *m_columnFilter;
    RowStoreRef m_store;
};

bool Loader::select(const Table &table, const QString &sql, const QVariantList &binds,
                    RecordList *out, const RowFilter *filter) {
    RecordSink sink(*this, table, out, filter, nullptr);
    return SessionInternals::selectRows(m_session, table, sql, binds, sink);
}

bool Loader::select(const Table &table, const QString &sql, const QVariantList &binds,
                    const EachRecord &each, const ColumnFilter *columnFilter) {
    RecordSink sink(*this, table, nullptr, nullptr, columnFilter, &each);
    return SessionInternals::selectRows(m_session, table, sql, binds, sink);
}

// --- Records by key ----------------------------------------------------------------------------

const Error &Loader::error() const {
    return m_session.lastError();
}

RecordPtr Loader::get(const Table &table, const Key &key) {
    RecordPtr record;
    (void)find(table, key, &record); // a failed read is no record; error() says why
    return record;
}

bool Loader::find(const Table &table, const Key &key, RecordPtr *record) {
    record->reset();
    const StatementBuilder *sql = SessionInternals::statements(m_session);
    if (key.isNull() || !sql)
        return true;
    if ((*record = m_identity.find(table, key)))
        return true;
    RecordList found;
    if (!select(table, sql->selectByKey(table), key.values(), &found))
        return false;
    if (!found.isEmpty())
        *record = found.first();
    return true;
}

RecordList Loader::getMany(const Table &table, const QVariantList &ids) {
    RecordList records;
    const StatementBuilder *sql = SessionInternals::statements(m_session);
    if (!sql || table.primaryKeyColumns().isEmpty())
        return records;
    QVariantList missing; // key values, key after key
    qsizetype missingKeys = 0;
    QSet<Key> seen;
    for (const QVariant &id : ids) {
        const Key key = Key::fromId(table, id);
        if (key.isNull() || seen.contains(key))
            continue;
        seen.insert(key);
        if (RecordPtr loaded = m_identity.find(table, key)) {
            records.append(loaded);
        } else {
            missing.append(key.values());
            ++missingKeys;
        }
    }
    const QList<int> &keyColumns = table.primaryKeyColumns();
    const qsizetype width = keyColumns.size();
    for (const Chunk &chunk : chunks(missingKeys, width)) {
        const QVariantList binds = missing.mid(chunk.start * width, chunk.size * width);
        if (!select(table,
                    sql->selectList(table) + QStringLiteral(" WHERE ") +
                        sql->in(table, keyColumns, chunk.size),
                    binds, &records))
            break;
    }
    return records;
}

// --- Relationships -----------------------------------------------------------------------------

RecordPtr Loader::loadParent(const Record &child, const Relationship &relationship) {
    const Key key = relationship.parentKeyOf(child);
    const Table &parent = *relationship.parent;
    if (relationship.refersToPrimaryKey())
        return get(parent, Key::fromId(parent, key.toVariant())); // as Session::get() takes it
    if (RecordPtr loaded = m_session.findLoadedParent(relationship, key))
        return loaded;
    const StatementBuilder *sql = SessionInternals::statements(m_session);
    if (!sql || key.isNull())
        return nullptr;
    // Another unique key: one row by its values, through the identity map like any other.
    RecordList found;
    if (!select(parent, sql->selectWhere(parent, relationship.referencedColumns), key.values(),
                &found) ||
        found.isEmpty())
        return nullptr;
    return found.first();
}

bool Loader::readsWholeChildTable(const Relationship &relationship, qsizetype parents) {
    // SQLite has no statistics on a file nobody ran ANALYZE on, so for a range of foreign keys it
    // takes the foreign key's index and then looks every row up in the table: three times the
    // work of reading the table in order when the range holds most of it (every author's books).
    // The parents' key range says whether they are most of their table (one statement that reads
    // the two ends of the key's index); children of other parents are skipped as they are read.
    constexpr qsizetype ManyParents = 2000;
    const Table &parent = *relationship.parent;
    const Table &child = *relationship.child;
    if (!SessionInternals::readsThroughSqlite(m_session) || parents < ManyParents ||
        !relationship.refersToPrimaryKey() || parent.primaryKeyColumns().size() != 1 ||
        child.primaryKeyColumns().size() != 1 ||
        child.column(child.primaryKey()).type != ColumnType::Integer)
        return false;
    QSqlQuery *range = nullptr;
    if (!SessionInternals::selects(m_session).select(
            SessionInternals::statements(m_session)->keyRange(parent), {}, &parent, &range)) {
        SessionInternals::clearError(m_session); // the index it is; the read itself says what fails
        return false;
    }
    bool lowOk = false, highOk = false;
    const qint64 low = range->next() ? range->value(0).toLongLong(&lowOk) : 0;
    const qint64 high = range->value(1).toLongLong(&highOk);
    range->finish();
    return lowOk && highOk && high >= low && quint64(high) - quint64(low) < 2 * quint64(parents);
}

bool Loader::loadChildren(const RecordList &parents, const Relationship &relationship,
                          const KeySource *parentKeys, KeySource *childKeys) {
    if (childKeys)
        *childKeys = KeySource{};
    // Parents whose collection is not in memory and that have rows in the database.
    const Table &childTable = *relationship.child;
    const QList<int> &columns = relationship.foreignKeyColumns;
    // A one-column reference to a one-column key takes the fast paths below (a key range, the
    // parents' query as a subquery); every other shape goes in chunked IN lists of its columns.
    const bool simple = relationship.isSimple();
    // A NOCASE parent key has children whose foreign key differs from it in case ('alfki' under
    // 'ALFKI'), as the database matches them: they are grouped by keys folded so. (The
    // identity map keeps its exact keys; only this matching folds.)
    const QStringList collations = collated::ofReference(relationship);
    const auto matchKey = [&](const Key &key) {
        return collations.isEmpty() ? key : collated::parentKey(relationship, key, collations);
    };
    RecordList toLoad;
    QHash<Key, qsizetype> byKey; // a parent's place in toLoad
    bool integerKeys = true;
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = std::numeric_limits<qint64>::min();
    for (const RecordPtr &parent : parents) {
        Q_ASSERT(&parent->table() == relationship.parent);
        if (parent->childrenLoaded(relationship))
            continue;
        if (parent->state() != ObjectState::Persistent && parent->state() != ObjectState::Deleted)
            continue;
        const Key key = relationship.referencedKeyOf(*parent, /*stored=*/true);
        if (key.isNull())
            continue;
        Key matched = matchKey(key);
        if (byKey.contains(matched))
            continue;
        byKey.insert(std::move(matched), toLoad.size());
        toLoad.append(parent);
        integerKeys = integerKeys && key.isInteger();
        if (key.isInteger()) {
            lowest = std::min(lowest, key.integer());
            highest = std::max(highest, key.integer());
        }
    }
    if (toLoad.isEmpty())
        return true;
    const StatementBuilder &sql = *SessionInternals::statements(m_session);
    const QString foreignKey = m_session.dialect().quote(childTable.column(columns.first()).name);
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
    constexpr qsizetype ChunkSize = StatementBuilder::ChunkParameters;
    // (Not for a collated key: the IN lists compare by its collation, a subquery would not.)
    if (simple && parentKeys && collations.isEmpty() && toLoad.size() > ChunkSize) {
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
        for (const Chunk &chunk : chunks(toLoad.size(), columns.size())) {
            Batch batch;
            batch.binds.reserve(chunk.size * columns.size());
            for (qsizetype i = chunk.start; i < chunk.start + chunk.size; ++i)
                StatementBuilder::appendKey(&batch.binds,
                                            relationship.referencedKeyOf(*toLoad.at(i), true));
            batch.sql = sql.selectWhereIn(childTable, columns, chunk.size) + order;
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
    // Each parent's stored children, at its place in toLoad (a run of rows finds its parent once
    // in byKey): where a hash of lists by key took 73 bytes a parent beside the lists and a key
    // made again for each parent to take its list (w2: 0.7 MB at the peak)
    std::vector<std::vector<RecordPtr>> byParent(size_t(toLoad.size()));
    ColumnFilter wanted;
    wanted.column = columns.first();
    wanted.accepts = [&](const QVariant &value) {
        return byKey.contains(matchKey(
            Key::ofValue(*relationship.parent, relationship.referencedColumns.first(), value)));
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
        // The rows of one parent mostly come in one run (ordered by its key, or stored together):
        // a run is gathered apart and goes into its parent's bucket made to measure, since the
        // bucket becomes the collection (w2: a list grown by doubling had 60% spare room).
        Key runKey;
        std::vector<RecordPtr> run;
        const auto endRun = [&] {
            if (run.empty())
                return;
            // (Rows of a parent not asked for, where no filter ran, are dropped.)
            if (const auto parent = byKey.constFind(runKey); parent != byKey.cend()) {
                std::vector<RecordPtr> &bucket = byParent[size_t(*parent)];
                if (bucket.empty())
                    bucket.reserve(run.size()); // (a later run of the same parent grows it)
                std::move(run.begin(), run.end(), std::back_inserter(bucket));
            }
            run.clear();
        };
        const EachRecord intoBucket = [&](RecordPtr &&row) {
            Key key = matchKey(relationship.parentKeyOf(*row, /*stored=*/true));
            if (!run.empty() && key != runKey)
                endRun();
            if (run.empty())
                runKey = std::move(key);
            run.push_back(std::move(row));
        };
        if (!select(childTable, batch.sql, batch.binds, intoBucket, simple ? &wanted : nullptr))
            return false;
        endRun();
    }
    byKey = {}; // only the rows' filter asked it: its memory goes before the collections are made

    // Children staged to point here (a pending record, or a key edited as a value while the
    // parent was not in memory) are not in the rows yet.
    QHash<const Record *, std::vector<RecordPtr>> movedHere;
    auto collectMoved = [&](const RecordPtr &child) {
        if (&child->table() != &childTable || child->session() != &m_session)
            return;
        const RecordPtr parent = SessionInternals::currentParent(*child, relationship);
        if (parent && matchKey(relationship.referencedKeyOf(*parent)) !=
                          matchKey(relationship.parentKeyOf(*child, /*stored=*/true)))
            movedHere[parent.get()].push_back(child);
    };
    for (const RecordPtr &child : m_work.edited())
        collectMoved(child);
    for (const RecordPtr &child : m_work.pending())
        collectMoved(child);

    for (qsizetype at = 0; at < toLoad.size(); ++at) {
        Record *parent = toLoad.at(at).get();
        ChildCollection &list = SessionInternals::childList(*parent, relationship.childSlot);
        std::vector<RecordPtr> stored = std::move(byParent[size_t(at)]);
        const auto movedAway = [&](const RecordPtr &child) {
            return SessionInternals::isTracked(*child) &&
                   SessionInternals::currentParent(*child, relationship).get() != parent;
        };
        const auto arriving = movedHere.constFind(parent);
        if (list.addedWhileUnloaded().empty() && arriving == movedHere.cend() &&
            std::none_of(stored.begin(), stored.end(), movedAway)) {
            list.load(std::move(stored)); // nothing staged over the rows: no second list
            continue;
        }
        std::vector<RecordPtr> staged;
        staged.reserve(stored.size());
        for (const RecordPtr &child : stored) {
            // A staged move away from this parent keeps the child out of the collection.
            if (!movedAway(child))
                staged.push_back(child);
        }
        auto appendMissing = [&staged](const RecordPtr &child) {
            if (std::find(staged.begin(), staged.end(), child) == staged.end())
                staged.push_back(child);
        };
        for (const RecordPtr &child : list.addedWhileUnloaded())
            appendMissing(child);
        if (arriving != movedHere.cend()) {
            for (const RecordPtr &child : *arriving)
                appendMissing(child);
        }
        const bool differsFromCommitted = list.load(std::move(stored), std::move(staged));
        // Staged moves already shape this collection: rollback must put it back, so the parent
        // joins the records it restores.
        if (differsFromCommitted)
            SessionInternals::touch(m_session, *parent);
    }
    return true;
}

} // namespace orm
