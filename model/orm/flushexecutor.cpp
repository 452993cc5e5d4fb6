// Running a flush plan's statements against the database, a row or a batch of rows at a time,
// and keeping what the database gave back (keys, computed values) for Session::applyFlush().

#include "flushexecutor.h"

#include "copytext.h"
#include "sessioninternals.h"
#include "sqlitereader.h"
#include "statementbuilder.h"
#include "statementcache.h"
#include "values.h"

#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <utility>

namespace orm {

namespace {

/// True unless `value` is `held` exactly: the same type, the same nullness, the same value.
bool differs(const QVariant &held, const QVariant &value) {
    return held.typeId() != value.typeId() || held.isNull() != value.isNull() || !(held == value);
}

/// Sets a row's value only where it differs: a row the INSERT wrote as staged stays shared with
/// the plan's and the record's list, so that a million-row import holds one list a row, not two,
/// while the commit fills the row store.
void setIfDiffers(QVariantList &row, int column, const QVariant &value) {
    if (differs(row.at(column), value))
        row[column] = value;
}

/// Puts into an inserted row the parents' new keys its statement bound (from `first` on, in the
/// order of the write's columns): every other value was bound as the row holds it already.
void setAwaitedKeys(const FlushPlan::Write &write, const QVariantList &binds, qsizetype first,
                    QVariantList *row) {
    for (const AwaitedKey &awaited : write.awaitingKeys()) {
        const qsizetype at = write.columns().indexOf(awaited.column);
        if (at >= 0)
            setIfDiffers(*row, awaited.column, binds.at(first + at));
    }
}

/// values::same(), but NaN equal to NaN, as PostgreSQL compares its floats and numerics.
bool sameAsTheDatabaseSays(const Column &column, const QVariant &stored, const QVariant &returned) {
    if (values::same(column, stored, returned))
        return true;
    const auto nan = [&column](const QVariant &value) {
        if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float)
            return std::isnan(value.toDouble());
        return column.type == ColumnType::Decimal && value.typeId() == QMetaType::QString &&
               value.toString().compare(QLatin1String("NaN"), Qt::CaseInsensitive) == 0;
    };
    return nan(stored) && nan(returned);
}

} // namespace

/// The value a child's foreign key column takes from its parent: the referenced column as a
/// parent inserted earlier in this flush has just been given it (a generated key, a key column
/// filled from its own parent).
QVariant keyFor(const FlushPlan &plan, const FlushResult &result, const AwaitedKey &awaited) {
    const auto inserted = result.insertedAt.constFind(awaited.parent.get());
    return inserted != result.insertedAt.cend()
               ? result.insertedValue(plan, *inserted, awaited.parentColumn)
               : awaited.parent->value(awaited.parentColumn);
}

/// The row an UPDATE leaves: the columns it sets over the row as the database held it (a row
/// the flush's own earlier statements changed, FollowedRows, or the stored one); the parents' new
/// keys and what the database computed are filled in by the caller.
QVariantList updatedRow(const FlushPlan::Write &write, const FlushResult &result) {
    const auto followed = result.followedRows.constFind(write.record.get());
    if (followed == result.followedRows.cend())
        return write.row();
    QVariantList row = *followed;
    for (int column : write.columns())
        row[column] = write.value(column);
    return row;
}

FlushExecutor::FlushExecutor(Session &session, const FlushPlan &plan, FlushResult &result,
                             bool batching)
    : m_session(session)
    , m_plan(plan)
    , m_result(result)
    , m_shapes(session.dialect())
    , m_keyOf([this](const AwaitedKey &awaited) { return parentKey(awaited); })
    , m_followed(session, plan, m_shapes, result.followedRows)
    , m_batching(batching) {
    m_shapes.setFollowedRows(&result.followedRows);
    // The inserts other writes will ask for by record; every other one only by its index. A
    // parent's children mostly come one after another: the set is asked once for them.
    const Record *lastParent = nullptr;
    for (const FlushPlan::Write &write : plan.writes) {
        for (const AwaitedKey &awaited : write.awaitingKeys()) {
            if (awaited.parent.get() != std::exchange(lastParent, awaited.parent.get()))
                m_keyed.insert(awaited.parent.get());
        }
        if (write.completesInsert())
            m_keyed.insert(write.record.get());
    }
}

QVariant FlushExecutor::parentKey(const AwaitedKey &awaited) {
    const auto inserted = m_result.insertedAt.constFind(awaited.parent.get());
    if (inserted == m_result.insertedAt.cend())
        return keyFor(m_plan, m_result, awaited); // not inserted by this flush, or not yet
    if (m_lastParentKey.insert != *inserted || m_lastParentKey.column != awaited.parentColumn)
        m_lastParentKey = {*inserted, awaited.parentColumn,
                           m_result.insertedValue(m_plan, *inserted, awaited.parentColumn)};
    return m_lastParentKey.key;
}

bool FlushExecutor::run() {
    if (!m_batching) { // a statement per row, without grouping (SQLite's 100,000-row flushes)
        for (const FlushPlan::Write &write : m_plan.writes) {
            const bool ok = write.insert()            ? insert(write)
                            : write.completesInsert() ? complete(write)
                                                      : update(write);
            if (!ok)
                return false;
        }
        for (const RecordPtr &record : m_plan.deletes) {
            if (!remove(record))
                return false;
        }
        return true;
    }
    return m_shapes.forEachGroup(m_plan, m_batching, [this](StatementGroup &&group) {
        switch (group.kind) {
        case StatementGroup::Insert:
            return group.size() == 1 ? insert(*group.writes.front()) : insertBatch(group.writes);
        case StatementGroup::Update:
            return group.size() == 1 || reachesAny(group.writes) ? updateEach(group.writes)
                                                                 : updateBatch(group.writes);
        case StatementGroup::Delete:
            return group.size() == 1 ? remove(group.deletes.first()) : removeBatch(group.deletes);
        case StatementGroup::Complete:
            return complete(*group.writes.front());
        }
        return false;
    });
}

bool FlushExecutor::reachesAny(const std::vector<const FlushPlan::Write *> &writes) {
    return std::any_of(writes.begin(), writes.end(), [this](const FlushPlan::Write *write) {
        return m_followed.reaches(*write);
    });
}

bool FlushExecutor::updateEach(const std::vector<const FlushPlan::Write *> &writes) {
    for (const FlushPlan::Write *write : writes) {
        if (!update(*write))
            return false;
    }
    return true;
}

bool FlushExecutor::insertBatch(const std::vector<const FlushPlan::Write *> &batch) {
    const Table &table = batch.front()->record->table();
    if (m_shapes.copiesBatch(*batch.front())) {
        const Statement copy = m_shapes.copyBatch(batch, m_keyOf);
        switch (copyBatch(copy, table)) {
        case Copy::Copied:
            batchInserted(batch, copy, {});
            return true;
        case Copy::Refused: // a row at a time names the record (runFlush())
            batchFailed = true;
            return false;
        case Copy::NotCopied:
            break;
        }
    }
    const Statement statement = m_shapes.insertBatch(batch, m_keyOf);
    Session::WriteResult outcome;
    const int returned = int(statement.returnedColumns.size());
    // Thousands of values: written into the text where the driver would send them as
    // literals anyway (Dialect::inlinesBatchValues()).
    if (!m_session.executeWrite(statement.sql, statement.binds, &table, returned, &outcome, true,
                                m_session.dialect().inlinesBatchValues()) ||
        (returned > 0 && outcome.rows.size() != qsizetype(batch.size()))) {
        batchFailed = true;
        return false;
    }
    if (statement.orderColumn >= 0) {
        // The generated keys in ascending order are the rows in VALUES order (see
        // StatementShapes::lookupShape()), whatever order RETURNING sent them in.
        const int order = statement.orderColumn;
        std::sort(outcome.rows.begin(), outcome.rows.end(),
                  [order](const QVariantList &a, const QVariantList &b) {
                      return a.at(order).toLongLong() < b.at(order).toLongLong();
                  });
    }
    batchInserted(batch, statement, returned > 0 ? outcome.rows : QList<QVariantList>());
    return true;
}

FlushExecutor::Copy FlushExecutor::copyBatch(const Statement &statement, const Table &table) {
    if (!m_copy)
        m_copy = PostgresCopy::forDatabase(m_session.database());
    if (!m_copy || !m_copy->ready())
        return Copy::NotCopied;
    m_copyRows.resize(0); // keeps its capacity for the next batch (clear() would free it)
    if (!copytext::appendRows(&m_copyRows, statement.copyTypes, statement.binds))
        return Copy::NotCopied;
    m_session.logStatement(statement.sql, statement.binds);
    QSqlError error;
    if (m_copy->copy(statement.sql, m_copyRows, &error))
        return Copy::Copied;
    m_session.refused(error, &table);
    return Copy::Refused;
}

void FlushExecutor::batchInserted(const std::vector<const FlushPlan::Write *> &batch,
                                  const Statement &statement, const QList<QVariantList> &returned) {
    const QList<int> &columns = batch.front()->columns();
    qsizetype bind = 0;
    for (std::size_t k = 0; k < batch.size(); ++k) {
        const FlushPlan::Write &write = *batch[k];
        if (write.valuesInRecord()) {
            // Held in the row store: what the database holds apart from its cells, value by
            // value, as insert() keeps it (PostgreSQL w1: a list and a text a book, 18 MB)
            for (const AwaitedKey &awaited : write.awaitingKeys()) {
                const qsizetype at = columns.indexOf(awaited.column);
                if (at >= 0)
                    keepWritten(write, awaited.column, statement.binds.at(bind + at));
            }
            bind += columns.size();
            if (!returned.isEmpty()) {
                const QVariantList &values = returned.at(qsizetype(k));
                for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
                    keepWritten(write, statement.returnedColumns.at(i), values.value(i));
            }
            inserted(write, {}, false);
            continue;
        }
        // Shared with `planned` until a value differs: a changed row is a list of its own
        const QVariantList planned = write.row();
        QVariantList row = planned;
        setAwaitedKeys(write, statement.binds, bind, &row);
        bind += columns.size();
        if (!returned.isEmpty()) {
            const QVariantList &values = returned.at(qsizetype(k));
            for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
                setIfDiffers(row, statement.returnedColumns.at(i), values.value(i));
        }
        const bool changed = row.constData() != planned.constData();
        inserted(write, std::move(row), changed);
    }
}

void FlushExecutor::inserted(const FlushPlan::Write &write, QVariantList &&row, bool changed) {
    const qsizetype index = &write - m_plan.writes.data();
    if (changed) {
        if (m_result.insertedRows.empty())
            m_result.insertedRows.resize(m_plan.writes.size());
        m_result.insertedRows[size_t(index)] = std::move(row);
    }
    if (!m_keyed.isEmpty() && m_keyed.contains(write.record.get()))
        m_result.insertedAt.insert(write.record.get(), index);
}

void FlushExecutor::keepWritten(const FlushPlan::Write &write, int column, const QVariant &value) {
    const qsizetype index = &write - m_plan.writes.data();
    WrittenCells &cells = m_result.insertedCells;
    // A cell still NULL (a key the database gives, a parent's key awaited) differs from any
    // value, as the cell says: no QVariant made of it (w1: 210,000 of them)
    if (cells.holdsLast(index, column) ||
        !((!value.isNull() && write.isNull(column)) || differs(write.value(column), value)))
        return;
    cells.add(index, column, value);
}

bool FlushExecutor::updateBatch(const std::vector<const FlushPlan::Write *> &batch) {
    const Statement statement = m_shapes.updateBatch(batch, m_keyOf);
    const Table &table = batch.front()->record->table();
    Session::WriteResult outcome;
    if (!m_session.executeWrite(statement.sql, statement.binds, &table,
                                int(statement.returnedColumns.size()), &outcome, true)) {
        batchFailed = true;
        return false;
    }
    const qsizetype keyColumns = table.primaryKeyColumns().size();
    for (const FlushPlan::Write *write : batch)
        m_followed.ran(write->record.get());
    if (outcome.rows.size() == qsizetype(batch.size()) &&
        statement.returnedColumns.size() == keyColumns)
        return true; // every row written, nothing to read back
    const QHash<Key, qsizetype> rowOf = keysReturned(table, outcome.rows);
    RecordList records;
    records.reserve(qsizetype(batch.size()));
    for (const FlushPlan::Write *write : batch)
        records << write->record;
    if (!allReturned(records, rowOf))
        return false;
    for (const RecordPtr &record : std::as_const(records)) {
        // Generated columns follow the columns they are computed from (rule 6).
        const QVariantList &row = outcome.rows.at(rowOf.value(m_shapes.storedKey(*record)));
        QList<QPair<int, QVariant>> &filled = m_result.readBack[record.get()];
        for (qsizetype i = keyColumns; i < statement.returnedColumns.size(); ++i)
            filled.append({statement.returnedColumns.at(i), row.value(i)});
    }
    return true;
}

bool FlushExecutor::removeBatch(const RecordList &records) {
    const Statement statement = m_shapes.deleteBatch(records);
    const Table &table = records.first()->table();
    Session::WriteResult outcome;
    if (!m_session.executeWrite(statement.sql, statement.binds, &table,
                                int(statement.returnedColumns.size()), &outcome, true)) {
        batchFailed = true;
        return false;
    }
    const QHash<Key, qsizetype> rowOf = keysReturned(table, outcome.rows);
    if (!allReturned(records, rowOf))
        return false;
    // Rule 12: every row deleted must have been the row as the session holds it. A value unequal
    // here may yet be an equal value in another form in the database's terms: the batch is undone
    // and the flush runs again a row at a time, where the database compares and names the record.
    const qsizetype keyColumns = table.primaryKeyColumns().size();
    for (const RecordPtr &record : records) {
        const QVariantList &row = outcome.rows.at(rowOf.value(m_shapes.storedKey(*record)));
        for (qsizetype i = keyColumns; i < statement.returnedColumns.size(); ++i) {
            const int column = statement.returnedColumns.at(i);
            if (!sameAsTheDatabaseSays(table.column(column), m_shapes.storedValue(*record, column),
                                       row.value(i))) {
                batchFailed = true;
                return false;
            }
        }
    }
    return true;
}

QHash<Key, qsizetype> FlushExecutor::keysReturned(const Table &table,
                                                  const QList<QVariantList> &rows) {
    const QList<int> &keyColumns = table.primaryKeyColumns();
    QHash<Key, qsizetype> keys;
    keys.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        keys.insert(Key::ofValues(table, keyColumns, rows.at(i).mid(0, keyColumns.size())), i);
    return keys;
}

bool FlushExecutor::allReturned(const RecordList &records, const QHash<Key, qsizetype> &returned) {
    for (const RecordPtr &record : records) {
        m_followed.ran(record.get());
        if (!returned.contains(m_shapes.storedKey(*record))) {
            failedRecord = record;
            conflict = true;
            return false;
        }
    }
    return true;
}

bool FlushExecutor::insert(const FlushPlan::Write &write) {
    // A new record's row bound where it is held, its parents' new keys beside it: no value list
    // (but for a table with triggers, whose row is read back whole below)
    RowCells cells = write.cells();
    if (!cells.isEmpty()) {
        for (const AwaitedKey &awaited : write.awaitingKeys()) {
            const qsizetype at = write.columns().indexOf(awaited.column);
            // A column two references share takes the first one's key, as valueFor() gives it
            const bool taken = std::any_of(cells.given.cbegin(), cells.given.cend(),
                                           [at](const auto &entry) { return entry.first == at; });
            if (at >= 0 && !taken)
                cells.given.emplace_back(at, m_keyOf(awaited));
        }
    }
    const Statement statement =
        cells.isEmpty() ? m_shapes.insertStatement(write, m_keyOf) : m_shapes.insertShape(write);
    const int returned = int(statement.returnedColumns.size());
    Session::WriteResult outcome;
    if (!(cells.isEmpty() ? m_session.executeWrite(statement.sql, statement.binds,
                                                   &write.record->table(), returned, &outcome)
                          : m_session.executeWrite(statement.sql, cells, &write.record->table(),
                                                   returned, &outcome))) {
        failedRecord = write.record;
        return false;
    }
    if (write.valuesInRecord() && write.awaitedColumns().isEmpty() &&
        statement.lastInsertIdColumn < 0 && statement.returnedColumns.isEmpty() &&
        !write.record->table().hasTriggers()) {
        // Written as the record holds it, and nothing came back: no list to make and compare
        inserted(write, {}, false);
        return true;
    }
    if (!cells.isEmpty() && !write.record->table().hasTriggers()) {
        // Bound from the cells: what the database holds apart from them, value by value
        for (const auto &[at, key] : cells.given)
            keepWritten(write, write.columns().at(at), key);
        if (statement.lastInsertIdColumn >= 0)
            keepWritten(write, statement.lastInsertIdColumn, outcome.lastInsertId);
        for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
            keepWritten(write, statement.returnedColumns.at(i), outcome.returned.value(i));
        inserted(write, {}, false);
        return true;
    }
    // Shared with `planned` until a value differs: a changed row is a list of its own
    const QVariantList planned = write.row();
    QVariantList row = planned;
    if (cells.isEmpty())
        setAwaitedKeys(write, statement.binds, 0, &row);
    if (statement.lastInsertIdColumn >= 0)
        setIfDiffers(row, statement.lastInsertIdColumn, outcome.lastInsertId);
    for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
        setIfDiffers(row, statement.returnedColumns.at(i), outcome.returned.value(i));
    if (!readWhatTriggersWrote(write.record, &row))
        return false;
    const bool changed = row.constData() != planned.constData();
    inserted(write, std::move(row), changed);
    return true;
}

bool FlushExecutor::readWhatTriggersWrote(const RecordPtr &record, QVariantList *row) {
    const Table &table = record->table();
    if (!table.hasTriggers())
        return true;
    QVariantList current;
    switch (m_session.readRow(table, Key::ofRow(table, *row), &current)) {
    case Session::RowRead::Found:
        *row = current;
        return true;
    case Session::RowRead::Gone: // a trigger moved or removed it: keep what was written
        return true;
    case Session::RowRead::Failed:
        failedRecord = record;
        return false;
    }
    return false;
}

bool FlushExecutor::update(const FlushPlan::Write &write) {
    const bool reaches = m_followed.reaches(write);
    if (reaches && !m_followed.before(write, &failedRecord, &conflict))
        return false;
    Statement statement;
    const RowCells cells = m_shapes.updateCells(write, m_keyOf, &statement);
    if (cells.isEmpty())
        statement = m_shapes.updateStatement(write, m_keyOf);
    Session::WriteResult outcome;
    if (!runChecked(statement, write.record, &outcome, cells.isEmpty() ? nullptr : &cells))
        return false;
    // Read before the record counts as run: its own row is not among those followed
    m_followed.ran(write.record.get());
    if (reaches && !m_followed.after(&failedRecord))
        return false;
    if (write.freesDelete()) // its DELETE checks against the row as this UPDATE left it
        return readFreedRow(write.record);
    if (!statement.returnedColumns.isEmpty()) {
        QList<QPair<int, QVariant>> &filled = m_result.readBack[write.record.get()];
        for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
            filled.append({statement.returnedColumns.at(i), outcome.returned.value(i)});
    }
    if (write.record->table().hasTriggers()) {
        QVariantList row = updatedRow(write, m_result);
        for (const AwaitedKey &awaited : write.awaitingKeys())
            row[awaited.column] = m_keyOf(awaited);
        const QVariantList written = row;
        if (!readWhatTriggersWrote(write.record, &row))
            return false;
        QList<QPair<int, QVariant>> &filled = m_result.readBack[write.record.get()];
        for (int column = 0; column < row.size(); ++column) {
            if (!values::same(row.at(column), written.at(column)))
                filled.append({column, row.at(column)});
        }
    }
    return true;
}

bool FlushExecutor::readFreedRow(const RecordPtr &record) {
    QVariantList row;
    if (m_session.readRow(record->table(), m_shapes.storedKey(*record), &row) !=
        Session::RowRead::Found) {
        failedRecord = record;
        return false;
    }
    m_result.followedRows.insert(record.get(), row);
    return true;
}

bool FlushExecutor::complete(const FlushPlan::Write &write) {
    const Statement statement = m_shapes.completionStatement(
        write, m_result.insertedRow(m_plan, m_result.insertedAt.value(write.record.get())),
        m_keyOf);
    Session::WriteResult outcome;
    return runChecked(statement, write.record, &outcome);
}

bool FlushExecutor::remove(const RecordPtr &record) {
    const Statement statement = m_shapes.deleteStatement(record);
    Session::WriteResult outcome;
    m_followed.ran(record.get());
    return runChecked(statement, record, &outcome);
}

bool FlushExecutor::runChecked(const Statement &statement, const RecordPtr &record,
                               Session::WriteResult *outcome, const RowCells *cells) {
    const int returned = int(statement.returnedColumns.size());
    if (!(cells ? m_session.executeWrite(statement.sql, *cells, &record->table(), returned, outcome)
                : m_session.executeWrite(statement.sql, statement.binds, &record->table(), returned,
                                         outcome))) {
        failedRecord = record;
        return false;
    }
    if (outcome->changes != 1) {
        failedRecord = record;
        conflict = true;
        return false;
    }
    return true;
}

} // namespace orm
