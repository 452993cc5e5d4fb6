#include "flushplanner.h"

#include "deleteresolver.h"
#include "dialect.h"
#include "record.h"
#include "relationship.h"
#include "roworder.h"
#include "sessioninternals.h" // the records' relationship slots, not the session
#include "unitofwork.h"
#include "values.h"

#include <QCoreApplication>
#include <QSet>
#include <QVarLengthArray>
#include <algorithm>
#include <cstdint>
#include <utility>

namespace orm {

namespace {

int rank(const Record &record) {
    return record.table().dependencyRank();
}

int rank(const RecordPtr &record) {
    return rank(*record);
}

/// `records` by their tables' dependency rank, parents first, each table's in the order listed:
/// their places in the list (4 bytes each), placed by counting (no comparison, no copy of the
/// list). A list of authors each followed by their books (w1) was copied and merge-sorted,
/// 110,000 shared pointers moved with their reference counts.
std::vector<std::uint32_t> inRankOrder(const RecordList &records) {
    Q_ASSERT(records.size() <= qsizetype(UINT32_MAX));
    int highest = -1;
    for (const RecordPtr &record : records)
        highest = std::max(highest, rank(record));
    std::vector<std::size_t> next(std::size_t(highest + 1), 0); // where each rank's records start
    for (const RecordPtr &record : records)
        ++next[std::size_t(rank(record))];
    std::size_t start = 0;
    for (std::size_t &count : next)
        start += std::exchange(count, start);
    std::vector<std::uint32_t> ordered(std::size_t(records.size()));
    for (qsizetype at = 0; at < records.size(); ++at)
        ordered[next[std::size_t(rank(records.at(at)))]++] = std::uint32_t(at);
    return ordered;
}

/// True when a cell of a new record's row, as the row store holds it, is one that
/// values::validate() plainly accepts — a number in a column of its type within its bounds, a text
/// that is not blank, an allowed NULL — so that a million imported rows are checked without a
/// QVariant each. False means "ask validate()": it judges every other case, and words the refusal.
bool acceptedAsHeld(const Column &column, const RowStore::BindCell &cell, bool storesNul) {
    using As = RowStore::BindCell::As;
    switch (cell.as) {
    case As::Null:
        return column.nullable || column.primaryKey || column.defaultValue.isValid();
    case As::Integer:
        return column.type == ColumnType::Integer &&
               (!column.minimum || cell.integer >= *column.minimum) &&
               (!column.maximum || cell.integer <= *column.maximum);
    case As::Real:
        return column.type == ColumnType::Real;
    case As::Latin1:
        if (column.type != ColumnType::Text || (!storesNul && cell.latin1.contains(QChar(0))))
            return false;
        if (column.nullable)
            return true;
        for (const char c : cell.latin1) { // not blank: QString::trimmed() would keep something
            if (!QChar(uchar(c)).isSpace())
                return true;
        }
        return false;
    case As::Value:
        return false;
    }
    return false;
}

} // namespace

bool newCellWritable(const Column &column, const RowStore &store, int slot, int index,
                     bool storesNul, Error::Reason *reason, QString *problem) {
    if (acceptedAsHeld(column, store.bindCell(slot, index), storesNul))
        return true;
    const QVariant value = store.value(slot, index);
    if (column.hasDatabaseDefault() && value.isNull())
        return true; // the database fills it
    if (QString refusal = values::validate(column, value); !refusal.isEmpty()) {
        *reason = Error::Reason::InvalidValue;
        *problem = std::move(refusal);
        return false;
    }
    if (!storesNul && value.typeId() == QMetaType::QString && value.toString().contains(QChar(0))) {
        *reason = Error::Reason::NulInText;
        return false;
    }
    return true;
}

namespace {

/// The row to store, with every foreign key taken from the parent it now points at. `like`: a
/// write of the same kind planned before this one (an INSERT of the same table, the UPDATE
/// before), whose block a plain one shares (Write::startLike()).
FlushPlan::Write resolveWrite(const RecordPtr &record, bool insert, const FlushPlan::Write *like) {
    FlushPlan::Write write;
    write.record = record;
    if (like)
        write.startLike(*like);
    // A new record's values in the row store stay there, and a stored record's UPDATE reads the
    // record's values (its staged changes over the stored row) until one of them is replaced;
    // a new record's list is shared
    write.setInsert(insert, !insert || SessionInternals::valuesOf(*record).newRowInStore());
    if (!write.valuesInRecord())
        write.setValues(record->values());
    QVarLengthArray<AwaitedColumn, 4> awaited;
    for (const Relationship *relationship : record->table().parentRelationships()) {
        const QList<int> &columns = relationship->foreignKeyColumns;
        if (SessionInternals::parentAwaitingKey(*record, *relationship)) {
            for (qsizetype i = 0; i < columns.size(); ++i) {
                const int column = columns.at(i);
                awaited.append({column, relationship->referencedColumns.at(i), relationship});
                if (write.value(column).isValid()) // else no copy of the row (it is shared)
                    write.setValue(column, QVariant());
            }
        } else if (RecordPtr parent = SessionInternals::assignedParent(*record, *relationship)) {
            for (qsizetype i = 0; i < columns.size(); ++i) {
                const int column = columns.at(i);
                const QVariant referenced = parent->value(relationship->referencedColumns.at(i));
                if (!values::same(write.value(column), referenced))
                    write.setValue(column, referenced); // no copy of the row when nothing changes
            }
        }
    }
    write.setAwaitedColumns(awaited); // the same as `like`'s: its block stays shared
    return write;
}

/// The columns of a stored record's UPDATE row that may differ from its stored row. A write that
/// reads the record's values (valuesInRecord()) holds the stored value itself in every column
/// without a staged change, so comparing it, a stored text made into a QString for nothing, finds
/// nothing (w3: two columns of three): only its changed columns may differ. A write holding a row
/// of its own, where resolveWrite() or the delete resolver replaced a value, may differ anywhere
/// (and rarely happens): every column is compared. So this needs to know nothing of what those
/// replace.
QVarLengthArray<bool, 32> columnsThatMayDiffer(const FlushPlan::Write &write) {
    const Table &table = write.record->table();
    const bool ownRow = !write.valuesInRecord();
    QVarLengthArray<bool, 32> mayDiffer(table.columnCount(), ownRow);
    if (!ownRow) {
        const RecordValues &held = SessionInternals::valuesOf(*write.record);
        for (int column = 0; column < table.columnCount(); ++column)
            mayDiffer[column] = held.change(column) != nullptr;
    }
    return mayDiffer;
}

} // namespace

PlannedRecord::operator RecordPtr() const {
    return m_record ? m_record->shared_from_this() : RecordPtr();
}

void FlushPlan::Write::setInsert(bool insert, bool valuesInRecord) {
    if (this->insert() != insert || this->valuesInRecord() != valuesInRecord) {
        content().insert = insert;
        content().valuesInRecord = valuesInRecord;
    }
}

void FlushPlan::Write::startLike(const Write &like) {
    Q_ASSERT(!m_content);
    const Content *shared = like.m_content.constData();
    if (shared && shared->values.isEmpty() && shared->nulledColumns.isEmpty() &&
        !shared->completesInsert && !shared->freesDelete)
        m_content = like.m_content;
}

QVariantList FlushPlan::Write::takeValues() {
    if (values().isEmpty())
        return {};                      // nothing to take: a shared block stays shared
    return std::move(content().values); // detaches first where another write shares the block
}

void FlushPlan::Write::clearValues() {
    if (!values().isEmpty()) // read through the const block: a shared block is not copied
        content().values.clear();
}

QVarLengthArray<AwaitedKey, 2> FlushPlan::Write::awaitingKeys() const {
    QVarLengthArray<AwaitedKey, 2> keys;
    for (const AwaitedColumn &awaited : awaitedColumns()) {
        keys.append({awaited.column,
                     SessionInternals::assignedParent(*record, *awaited.relationship),
                     awaited.parentColumn});
    }
    return keys;
}

std::optional<AwaitedColumn> FlushPlan::Write::takeAwaitedColumn(int column) {
    const QList<AwaitedColumn> &kept = awaitedColumns();
    const auto found =
        std::find_if(kept.cbegin(), kept.cend(),
                     [column](const AwaitedColumn &entry) { return entry.column == column; });
    if (found == kept.cend())
        return std::nullopt;
    const AwaitedColumn taken = *found;
    content().awaitedColumns.removeAt(found - kept.cbegin());
    return taken;
}

bool FlushPlan::Write::awaits(int column) const {
    const QList<AwaitedColumn> &kept = awaitedColumns();
    return std::any_of(kept.cbegin(), kept.cend(),
                       [column](const AwaitedColumn &entry) { return entry.column == column; });
}

QVariant FlushPlan::Write::value(int column) const {
    return valuesInRecord() ? record->value(column) : values().at(column);
}

bool FlushPlan::Write::isNull(int column) const {
    if (!valuesInRecord())
        return values().at(column).isNull();
    bool null = false;
    if (SessionInternals::valuesOf(*record).newCellIsNull(column, &null))
        return null;
    return record->value(column).isNull();
}

std::optional<QLatin1StringView> FlushPlan::Write::stagedText(int column) const {
    if (!valuesInRecord())
        return std::nullopt;
    const StagedChanges::Change *change = SessionInternals::valuesOf(*record).change(column);
    if (!change || !change->holdsText())
        return std::nullopt;
    return change->inlineText();
}

QVariantList FlushPlan::Write::row() const {
    return valuesInRecord() ? record->values() : values();
}

RowCells FlushPlan::Write::cells() const {
    return insert() && valuesInRecord() ? SessionInternals::valuesOf(*record).newRowCells(columns())
                                        : RowCells{};
}

void FlushPlan::Write::setValue(int column, const QVariant &value) {
    if (valuesInRecord()) {
        content().values = record->values();
        content().valuesInRecord = false;
    }
    content().values[column] = value;
}

FlushPlanner::FlushPlanner(const UnitOfWork &work, const Metadata &metadata, const Dialect *dialect,
                           DeleteResolver &resolver)
    : m_work(work)
    , m_metadata(metadata)
    , m_dialect(dialect)
    , m_resolver(resolver) {
}

bool FlushPlanner::fail(Error::Kind kind, Error::Reason reason, const RecordPtr &record, int column,
                        const QString &detail) {
    m_error = Error{};
    m_error.kind = kind;
    m_error.reason = reason;
    m_error.detail = detail;
    m_error.record = record;
    m_error.table = record ? record->table().name() : QString();
    if (record && column >= 0)
        m_error.column = record->table().column(column).name;
    return false;
}

bool FlushPlanner::validate(const FlushPlan::Write &write) {
    if (m_lenient)
        return true;
    const Table &table = write.record->table();
    // docs/contract.md §7 rule 5: what Shelf cannot write safely never reaches the database.
    if (table.isReadOnly())
        return fail(Error::Kind::Validation, Error::Reason::ReadOnlyTable, write.record, -1,
                    table.readOnlyReason());
    const RowCells held = write.cells(); // a new record's row where the store holds it
    Q_ASSERT(m_dialect); // a strict plan runs only on a session with a dialect (runFlush())
    const bool storesNul = m_dialect->storesNulInText();
    auto check = [&](int column) {
        if (write.awaits(column) || !table.column(column).isWritable())
            return true;
        if (!held.isEmpty()) {
            Error::Reason reason = Error::Reason::None;
            QString problem;
            if (newCellWritable(table.column(column), *held.store, held.slot, column, storesNul,
                                &reason, &problem))
                return true;
            return fail(Error::Kind::Validation, reason, write.record, column,
                        reason == Error::Reason::NulInText ? m_dialect->name() : problem);
        }
        if (const std::optional<QLatin1StringView> text = write.stagedText(column)) {
            RowStore::BindCell cell; // judged on its bytes, as a new row's text in the store
            cell.as = RowStore::BindCell::As::Latin1;
            cell.latin1 = *text;
            if (acceptedAsHeld(table.column(column), cell, storesNul))
                return true;
        }
        const QVariant value = write.value(column);
        if (table.column(column).hasDatabaseDefault() && value.isNull())
            return true; // the database fills it
        const QString problem = values::validate(table.column(column), value);
        if (!problem.isEmpty())
            return fail(Error::Kind::Validation, Error::Reason::InvalidValue, write.record, column,
                        problem);
        if (!storesNul && value.typeId() == QMetaType::QString &&
            value.toString().contains(QChar(0)))
            return fail(Error::Kind::Validation, Error::Reason::NulInText, write.record, column,
                        m_dialect->name());
        return true;
    };
    const int count = write.insert() ? table.columnCount() : int(write.columns().size());
    for (int i = 0; i < count; ++i) {
        if (!check(write.insert() ? i : write.columns().at(i)))
            return false;
    }
    return true;
}

bool FlushPlanner::plan(FlushPlan *plan) {
    const std::vector<RecordPtr> &touched = m_work.edited();
    const RecordList &pending = m_work.pending();

    // 1. What is deleted: records marked by remove(), and orphans judged on today's state.
    RecordList seeds;
    QHash<const Record *, QString> reasons = m_work.deleteReasons();
    for (const RecordPtr &record : touched) {
        if (record->state() != ObjectState::Persistent)
            continue;
        bool orphan = false;
        for (const Relationship *relationship : record->table().parentRelationships()) {
            if ((relationship->cascade & CascadeFlag::DeleteOrphan) &&
                SessionInternals::isOrphaned(*record, *relationship)) {
                orphan = true;
                if (!record->isMarkedForDelete())
                    reasons.insert(record.get(), QCoreApplication::translate(
                                                     "orm", "taken out of %1, which is %2")
                                                     .arg(relationship->qualifiedName(),
                                                          cascadeName(relationship->cascade)));
            }
        }
        if (record->isMarkedForDelete() || orphan)
            seeds.append(record);
    }
    DeleteResolver &resolver = m_resolver;
    if (!resolver.resolve(seeds, {}, true, reasons)) {
        m_error = resolver.error();
        return false;
    }
    if (!resolver.blockers().isEmpty() && !m_lenient) {
        const DeletePreview::Blocker &blocker = resolver.blockers().first();
        // A record blocker names the child; rows the database keeps are named by the reason.
        fail(Error::Kind::Blocked, Error::Reason::DeleteBlocked, blocker.blocked, -1,
             blocker.reason);
        m_error.other = blocker.record;
        m_error.deleting = true;
        m_error.column = blocker.columnName();
        return false;
    }
    plan->deleteReasons = resolver.deleted();

    // 2. Pending records that will never be inserted (★): children of deleted or discarded
    //    parents, and records taken out of a delete-orphan collection. Parents are decided first.
    QSet<const Record *> discarded;
    for (const RecordPtr &record : resolver.discarded()) {
        discarded.insert(record.get());
        plan->discards.append(record);
    }
    // Parents' tables first, each in the order staged; those kept are moved to the front of the
    // same list (into `pending`, which stays as it is meanwhile): a second list took 0.9 MB of
    // w1's commit, freed only once its writes were made beside it
    std::vector<std::uint32_t> kept = inRankOrder(pending);
    std::size_t keptCount = 0;
    for (std::size_t candidate = 0; candidate < kept.size(); ++candidate) {
        const RecordPtr &record = pending.at(kept[candidate]);
        bool discard = discarded.contains(record.get());
        for (const Relationship *relationship : record->table().parentRelationships()) {
            const RecordPtr parent = SessionInternals::currentParent(*record, *relationship);
            const bool parentGoes =
                parent && (resolver.isDeleted(parent.get()) || discarded.contains(parent.get()));
            // A nullable key is set to NULL instead (phase 2 of the resolver lists it).
            if (parentGoes && ((relationship->cascade & CascadeFlag::Delete) ||
                               !relationship->foreignKeyNullable()))
                discard = true;
        }
        if (!discard) {
            for (const Relationship *relationship : record->table().parentRelationships()) {
                if ((relationship->cascade & CascadeFlag::DeleteOrphan) &&
                    SessionInternals::isExplicitOrphan(*record, *relationship))
                    discard = true;
            }
        }
        if (discard) {
            if (!discarded.contains(record.get())) {
                discarded.insert(record.get());
                plan->discards.append(record);
            }
        } else {
            kept[keptCount++] = kept[candidate];
        }
    }
    kept.resize(keptCount);

    // 3. Writes: INSERTs of kept pending records, UPDATEs of changed and re-pointed records.
    QHash<const Record *, QList<int>> nulled;
    for (const DeletePreview::Nulled &entry : resolver.nulled())
        nulled[entry.record.get()].append(entry.column);
    // The plan's writes are built in place (a million-row import: one vector of Writes, not
    // three); room for every UPDATE too, so that appending them moves nothing.
    std::vector<FlushPlan::Write> inserts;
    inserts.reserve(kept.size() + touched.size() + size_t(resolver.nulled().size()));
    // An INSERT planned earlier of each table, the first of its latest run: a plain INSERT shares
    // its block, also where the tables alternate (an author, its books, the next author: w1)
    QHash<const Table *, size_t> earlierOfTable;
    for (const std::uint32_t keptAt : kept) {
        const RecordPtr &record = pending.at(keptAt);
        const Table &table = record->table();
        const FlushPlan::Write *like = nullptr;
        if (!inserts.empty() && &inserts.back().record->table() == &table) {
            like = &inserts.back(); // in a run of one table's rows: no lookup a row
        } else {
            const auto earlier = earlierOfTable.constFind(&table);
            if (earlier != earlierOfTable.cend())
                like = &inserts[*earlier];
            earlierOfTable.insert(&table, inserts.size());
        }
        FlushPlan::Write write = resolveWrite(record, true, like);
        for (int column : nulled.value(record.get())) {
            if (write.value(column).isValid())
                write.setValue(column, QVariant());
        }
        QVarLengthArray<int, 32> columns;
        for (int column = 0; column < table.columnCount(); ++column) {
            // (a value awaited from a parent is not NULL: it is bound when the parent has it)
            if (insertWrites(table.column(column), write.isNull(column) && !write.awaits(column)))
                columns.append(column);
        }
        // Rows of a table mostly write the same columns: the block shared with the INSERT before
        // stays shared (no allocation a row)
        write.setColumns(columns);
        if (!validate(write))
            return false;
        inserts.push_back(std::move(write));
    }
    // Rows of one flush that refer to each other: parent rows first, cycles broken (RowOrder).
    RowOrder rowOrder(m_metadata);
    std::vector<FlushPlan::Write> completions;
    if (!rowOrder.orderInserts(&inserts, &completions)) {
        m_error = rowOrder.error();
        return false;
    }
    std::vector<FlushPlan::Write> writes;
    std::vector<RecordPtr> updates;
    updates.reserve(touched.size());
    const auto mayUpdate = [&](const RecordPtr &record) {
        return record->state() == ObjectState::Persistent && !resolver.isDeleted(record.get());
    };
    // `touched` names a record once (it is listed as it becomes tracked): only the rows the
    // resolver nulls, which may repeat a record or name one of `touched`, need a set (w3 listed
    // 10,000 records in one for nothing)
    for (const RecordPtr &record : touched) {
        if (mayUpdate(record))
            updates.push_back(record);
    }
    if (!resolver.nulled().isEmpty()) {
        QSet<const Record *> seen;
        seen.reserve(qsizetype(updates.size()));
        for (const RecordPtr &record : updates)
            seen.insert(record.get());
        for (const DeletePreview::Nulled &entry : resolver.nulled()) {
            if (mayUpdate(entry.record) && !seen.contains(entry.record.get())) {
                seen.insert(entry.record.get());
                updates.push_back(entry.record);
            }
        }
    }
    // Parents first, then by key; the keys read once (records are mostly touched in key order)
    std::vector<std::pair<std::pair<int, Key>, RecordPtr>> ordered;
    ordered.reserve(updates.size());
    for (const RecordPtr &record : updates)
        ordered.push_back({{rank(record), record->storedKey()}, record});
    const auto byKey = [](const auto &a, const auto &b) { return a.first < b.first; };
    if (!std::is_sorted(ordered.begin(), ordered.end(), byKey))
        std::sort(ordered.begin(), ordered.end(), byKey); // keys are unique
    QList<int> lastColumns; // updates of one table mostly set the same columns: one shared list
    for (const auto &[key, record] : ordered) {
        // Starting from the block of the UPDATE before: the plain UPDATEs of a table (the same
        // columns set, nothing else held) share one, as its plain INSERTs do (w3: 10,000 blocks)
        FlushPlan::Write write =
            resolveWrite(record, false, writes.empty() ? nullptr : &writes.back());
        const QList<int> nulledHere = nulled.value(record.get());
        for (int column : nulledHere)
            write.setValue(column, QVariant());
        QVarLengthArray<int, 32> columns;
        const Table &table = record->table();
        const QVarLengthArray<bool, 32> mayDiffer = columnsThatMayDiffer(write);
        const RecordValues &held = SessionInternals::valuesOf(*record);
        for (int column = 0; column < table.columnCount(); ++column) {
            if (write.awaits(column)) {
                columns.append(column);
                continue;
            }
            if (!mayDiffer[column])
                continue;
            // Compared with the stored cell where it lies: no QString made of a stored text, nor
            // of a staged one the record holds as Latin-1
            const StagedChanges::Change *staged =
                write.valuesInRecord() ? held.change(column) : nullptr;
            const std::optional<bool> sameText =
                staged ? held.textSameAsStored(*staged) : std::nullopt;
            QVariant value;
            const bool same =
                sameText ? *sameText : held.sameAsStored(column, value = write.value(column));
            if (!same) {
                if (table.column(column).isWritable())
                    columns.append(column);
                else // no edit reaches this column
                    write.setValue(column, record->storedValue(column));
            } else if (!sameText) { // (the very same text needs nothing)
                const QVariant stored = record->storedValue(column);
                if (value.typeId() != stored.typeId() || value != stored)
                    write.setValue(column, stored); // an equal value, as read
            }
        }
        if (columns.isEmpty())
            continue;
        if (!std::equal(columns.cbegin(), columns.cend(), lastColumns.cbegin(), lastColumns.cend()))
            lastColumns = QList<int>(columns.cbegin(), columns.cend());
        write.shareColumns(lastColumns);
        write.setNulledColumns(nulledHere);
        if (!validate(write))
            return false;
        writes.push_back(std::move(write));
    }
    // Per table, parents first: INSERTs, then UPDATEs. Both runs are already in table order:
    // the updates are appended after the inserts and the two runs merged by table (stable:
    // inserts first), in place. Only rows of tables in a cycle can make the inserts leave table
    // order: then every INSERT goes first.
    const auto byRank = [](const FlushPlan::Write &a, const FlushPlan::Write &b) {
        return rank(*a.record) < rank(*b.record);
    };
    const bool insertsInTableOrder = std::is_sorted(inserts.begin(), inserts.end(), byRank);
    plan->writes = std::move(inserts);
    const auto insertCount = std::ptrdiff_t(plan->writes.size());
    plan->writes.reserve(plan->writes.size() + writes.size() + completions.size());
    for (FlushPlan::Write &write : writes)
        plan->writes.push_back(std::move(write));
    writes = {};
    if (insertsInTableOrder && insertCount > 0 && !plan->writes.empty() &&
        !std::is_sorted(plan->writes.begin(), plan->writes.end(), byRank))
        std::inplace_merge(plan->writes.begin(), plan->writes.begin() + insertCount,
                           plan->writes.end(), byRank);
    for (FlushPlan::Write &write : completions)
        plan->writes.push_back(std::move(write));

    // 4. DELETEs, child tables first.
    for (const DeletePreview::Deleted &entry : resolver.deleted()) {
        if (entry.record->state() == ObjectState::Persistent)
            plan->deletes.append(entry.record);
    }
    std::stable_sort(plan->deletes.begin(), plan->deletes.end(),
                     [](const RecordPtr &a, const RecordPtr &b) { return rank(a) > rank(b); });
    // Child rows first inside a table too; a cycle freed by UPDATEs just before the deletes
    std::vector<FlushPlan::Write> frees;
    if (!rowOrder.orderDeletes(&plan->deletes, &frees)) {
        m_error = rowOrder.error();
        return false;
    }
    for (FlushPlan::Write &write : frees)
        plan->writes.push_back(std::move(write));
    // The plan names its records without holding them (PlannedRecord): the pending list holds
    // the inserted ones until the plan is applied, the plan itself the others.
    for (const FlushPlan::Write &write : plan->writes) {
        if (!write.insert())
            plan->held.append(RecordPtr(write.record));
    }
    return true;
}

} // namespace orm
