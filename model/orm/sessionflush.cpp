// Session: running a flush plan inside a transaction, and applying it to memory only after the
// database has accepted all of it (rule 8: a failed commit changes nothing in memory).

#include "session.h"

#include "deleteresolver.h"
#include "flushexecutor.h"
#include "flushplanner.h"
#include "flushsql.h"
#include "newrows.h"
#include "newrowscommit.h"
#include "restorer.h"
#include "sessioninternals.h"
#include "statementbuilder.h"
#include "values.h"

#include <QMetaMethod>
#include <QSqlQuery>

#include <algorithm>
#include <memory>
#include <optional>

namespace orm {

bool Session::beginTransaction() {
    return m_transaction.begin() || transactionNotStarted();
}

bool Session::transactionNotStarted() {
    Error error = m_dialect->classify(m_transaction.lastError(), nullptr);
    if (error.kind == Error::Kind::Database && !database().isOpen())
        error.kind = Error::Kind::Connection;
    error.reason = Error::Reason::TransactionNotStarted;
    setError(error);
    return false;
}

bool Session::flush() {
    const bool ok = runFlush(false);
    clearReaderStatements(); // see selectRows(): nothing prepared survives the call
    return ok;
}

bool Session::commit() {
    const bool ok = runFlush(true);
    clearReaderStatements();
    return ok;
}

bool Session::restartFlush() {
    const bool toSavepoint = m_transaction.inSavepoint();
    if (m_transaction.restart())
        return true;
    // Reported as when the statement runs on its own: ROLLBACK TO as any refused statement, a
    // new BEGIN as a transaction that could not start.
    return toSavepoint ? refused(m_transaction.lastError(), nullptr) : transactionNotStarted();
}

bool Session::runFlush(bool commitAfter) {
    clearError();
    if (!m_dialect) {
        Error error;
        error.kind = Error::Kind::Usage;
        error.reason = Error::Reason::UnsupportedDriver;
        setError(error);
        return false;
    }
    // Nothing staged but rows kept as cells (an import): written from there, no plan, no record.
    // The part writes and commits, touching no memory; what that means in memory (the cells let
    // go, the change count, what triggers did) is the session's, as after a plan's flush.
    if (commitAfter && m_work.holdsOnlyNewRows() && !m_transaction.isOpen()) {
        if (NewRowsCommit(*this).run()) {
            applyNewRowsCommit();
            return true;
        }
        clearError(); // planned as records below, which says what is refused and where
    }
    FlushPlan plan;
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
    resolver.setListingPaths(false); // what it deletes, not how it is reached
    FlushPlanner planner(m_work, m_metadata, m_dialect.get(), resolver);
    if (!planner.plan(&plan)) {
        setError(planner.error());
        return false;
    }
    // A flush after an earlier flush of the transaction runs in a savepoint, so that its failure
    // undoes only itself.
    const bool nested = m_transaction.isOpen();
    if (plan.isEmpty() && !(commitAfter && nested)) {
        if (commitAfter)
            Q_EMIT committed();
        return true;
    }
    if (nested) {
        if (!m_transaction.savepoint())
            return refused(m_transaction.lastError(), nullptr);
    } else if (!beginTransaction()) {
        return false;
    }

    FlushResult result;
    auto executor =
        std::make_unique<FlushExecutor>(*this, plan, result, m_dialect->writeBatchRows() > 1);
    bool ok = executor->run();
    if (!ok && executor->batchFailed && m_lastError.kind != Error::Kind::Connection) {
        // A refused batch names no record: the same plan again, a row at a time, stops at the
        // row the database refuses, with its own error for it (or succeeds, if only the batch
        // as a whole was refused). Memory is untouched until the end either way (rule 8).
        const Error batchError = m_lastError;
        if (restartFlush()) {
            clearError();
            result = FlushResult();
            executor = std::make_unique<FlushExecutor>(*this, plan, result, false);
            ok = executor->run();
        } else {
            setError(batchError); // what went wrong first, not the failed restart
        }
    }
    bool transactionLost = false;
    bool commitOutcomeUnknown = false;
    if (ok && nested && !m_transaction.releaseSavepoint())
        ok = refused(m_transaction.lastError(), nullptr);
    if (ok && commitAfter) {
        if (!m_transaction.commit()) { // and rolled back
            Error error = m_dialect->classify(m_transaction.lastError(), nullptr);
            // A COMMIT another's lock held back was not made (and is rolled back here): said so,
            // where a connection lost during COMMIT leaves the outcome unknown
            if (error.reason != Error::Reason::Busy) {
                error.reason = Error::Reason::CommitRefused;
                commitOutcomeUnknown = error.kind == Error::Kind::Connection;
            }
            setError(error);
            ok = false;
            transactionLost = true;
        }
    }
    if (!ok) {
        Error error = m_lastError;
        if (nested && !transactionLost) {
            // Undo this flush only: earlier flushes of the transaction stay as they were, unless
            // the database refuses that and rolls them back too.
            if (!m_transaction.abandonSavepoint())
                revertFlushes();
        } else {
            m_transaction.rollback();
            if (nested)
                revertFlushes();
        }
        error.record = executor->failedRecord ? executor->failedRecord : error.record;
        describeFailure(error, executor->conflict);
        if (commitOutcomeUnknown) // the connection went during COMMIT itself
            error.reason = Error::Reason::LostWhileCommitting;
        setError(error);
        return false;
    }
    // The rows this transaction deleted and the keys it changed, for what the database did to
    // the rows referring to them
    QList<TableRow> deletedRows, keysEdited;
    if (commitAfter) {
        // Only the rows of tables a database action follows: the others are not read (w4 made
        // 11,000 rows for nothing)
        QHash<const Table *, bool> followed;
        const auto isFollowed = [&](const Table &table) {
            auto found = followed.constFind(&table);
            if (found == followed.cend())
                found = followed.insert(&table, databaseFollowsDeletesOf(table));
            return *found;
        };
        for (const RecordPtr &record : plan.deletes) {
            if (!isFollowed(record->table()))
                continue;
            const auto row = result.followedRows.constFind(record.get());
            deletedRows.append({&record->table(), row != result.followedRows.cend()
                                                      ? *row
                                                      : record->m_rows.storedRow()});
        }
        for (const RecordPtr &record : m_work.flushedDeletes()) {
            if (isFollowed(record->table()))
                deletedRows.append({&record->table(), record->m_rows.storedRow()});
        }
        for (const FlushPlan::Write &write : plan.writes) {
            const Record &record = *write.record;
            // (Keys made only where a key column has a change staged: w3 made 20,000 for nothing)
            if (!write.insert() && !write.completesInsert() && record.m_rows.hasStagedKeyChange() &&
                record.storedKey() != record.key()) {
                keysEdited.append({&record.table(), record.m_rows.storedRow()});
                keysEdited.append({&record.table(), write.row()});
            }
        }
        for (const RecordPtr &record : m_work.edited()) {
            if (record->m_state == ObjectState::Persistent && record->hasCommittedValues() &&
                record->m_rows
                    .storedDiffersFromCommitted() && // else the stored row is the committed one
                Key::ofRow(record->table(), record->m_rows.committedRow()) != record->storedKey()) {
                keysEdited.append({&record->table(), record->m_rows.committedRow()});
                keysEdited.append({&record->table(), record->m_rows.storedRow()});
            }
        }
    }
    const bool triggersFired = commitAfter && reachesTriggers(plan);
    applyFlush(plan, result, commitAfter);
    if (!deletedRows.isEmpty() || !keysEdited.isEmpty())
        followDatabaseActions(std::move(deletedRows), std::move(keysEdited));
    // A trigger may have changed or deleted any row, of any table: every loaded record is read
    // again (all are unchanged now), so that its snapshot is the database's (rule 6). The
    // commit stands if that read fails; a refresh shows the rows later.
    if (triggersFired && !refreshUnchanged())
        clearError();
    return true;
}

void Session::applyNewRowsCommit() {
    // Committed: the rows are the database's, read again like any other when asked for
    bool triggersFired = false;
    for (const UnitOfWork::PendingRows &entry : m_work.takeNewRows()) {
        triggersFired = triggersFired || entry.rows->table().hasTriggers();
        entry.rows->written();
    }
    resetChangeCount();
    // A trigger may have changed any row, of any table (as runFlush() reads them again)
    if (triggersFired && !refreshUnchanged())
        clearError();
    Q_EMIT committed();
}

// What failed, as facts: the reason, and the column the database did not name (errorwording.cpp
// makes the sentence).
namespace {

enum class RowFound { Yes, No, Unknown };

/// Whether `table` has a row whose `columns` hold `values`, read now (describeFailure()'s
/// questions about the rows around a refused write); Unknown when the read itself failed.
RowFound rowExists(const QSqlDatabase &database, const StatementBuilder &sql, const Table &table,
                   const QList<int> &columns, const QVariantList &values) {
    QSqlQuery exists(database);
    exists.prepare(QStringLiteral("SELECT 1 FROM %1 WHERE %2")
                       .arg(sql.table(table), sql.equals(table, columns)));
    for (const QVariant &value : values)
        exists.addBindValue(value);
    if (!exists.exec())
        return RowFound::Unknown;
    return exists.next() ? RowFound::Yes : RowFound::No;
}

/// The row that already holds what `record` may not have too (the UNIQUE columns the database
/// named): a stored row, read now — the session's record of it where it is loaded, else a record
/// made in no session to name it — or another new record staged with the same values. nullptr
/// where the database named no column, or the row that had them was written by the flush now
/// rolled back and is staged no more.
RecordPtr holderOfDuplicate(const Session &session, const StatementBuilder &sql,
                            const RecordList &pending, const Record &record, const Error &error) {
    const Table &table = record.table();
    QList<int> columns;
    QVariantList values;
    for (const QString &name :
         error.columns.isEmpty() ? QStringList{error.column} : error.columns) {
        const int column = table.columnIndex(name);
        if (column < 0 || record.value(column).isNull())
            return nullptr;
        columns << column;
        values << record.value(column);
    }
    QSqlQuery held(session.database());
    held.prepare(sql.selectWhere(table, columns));
    for (const QVariant &value : std::as_const(values))
        held.addBindValue(value);
    if (held.exec()) {
        while (held.next()) {
            QVariantList row;
            for (int column = 0; column < table.columnCount(); ++column)
                row << values::normalizeNull(held.value(column));
            const Key key = Key::ofRow(table, row);
            if (key == record.storedKey())
                continue; // its own row, whose UPDATE was refused
            if (RecordPtr loaded = session.findLoaded(table, key))
                return loaded;
            RecordPtr named = table.createRecord();
            return named->setNewRow(std::move(row)) ? named : nullptr;
        }
    }
    for (const RecordPtr &other : pending) {
        if (other.get() == &record || &other->table() != &table)
            continue;
        bool same = true;
        for (qsizetype i = 0; same && i < columns.size(); ++i)
            same = values::same(table.column(columns.at(i)), other->value(columns.at(i)),
                                values.at(i));
        if (same)
            return other;
    }
    return nullptr;
}

} // namespace

void Session::describeFailure(Error &error, bool conflict) {
    if (error.reason == Error::Reason::Busy) {
        // Another program's lock, not this row's fault: no record to mark
        error.record = nullptr;
        error.column.clear();
        return;
    }
    const RecordPtr record = error.record;
    if (!record) {
        if (error.kind == Error::Kind::Connection)
            error.reason = Error::Reason::LostWhileSaving;
        return;
    }
    const Table &table = record->table();
    error.table = table.name();
    if (conflict) {
        error.kind = Error::Kind::Conflict;
        error.reason = Error::Reason::DeletedByOther;
        error.column.clear(); // only a column found to differ below is named
        // Which column did the other user change? Read the row as it is now.
        QSqlQuery now(database());
        now.prepare(m_sql->selectByKey(table));
        for (const QVariant &value : record->storedKey().values())
            now.addBindValue(value);
        if (now.exec() && now.next()) {
            error.reason = Error::Reason::ChangedByOther;
            for (int column = 0; column < table.columnCount(); ++column) {
                const QVariant current = values::normalizeNull(now.value(column));
                if (!values::same(current, record->storedValue(column))) {
                    error.column = table.column(column).name;
                    error.valueNow = current;
                    error.valueLoaded = record->storedValue(column);
                    break;
                }
            }
        }
        return;
    }
    if (error.kind == Error::Kind::Constraint && error.constraint == QLatin1String("foreign key") &&
        error.column.isEmpty()) {
        // SQLite does not say which key failed: find the reference that points at nothing.
        for (const ForeignKey &key : table.foreignKeys()) {
            const Table *target = m_metadata.table(key.targetTable);
            const Key value = Key::ofColumns(table, key.columns, record->values());
            if (value.isNull() || !target || key.targetColumns.size() != key.columns.size())
                continue;
            if (rowExists(database(), *m_sql, *target, key.targetColumns, value.values()) ==
                RowFound::No) {
                error.column = table.column(key.column()).name;
                break;
            }
        }
        // Not a reference of its own: rows elsewhere refer to the key it changes or the row it
        // deletes (ON UPDATE or ON DELETE NO ACTION / RESTRICT). Which table's?
        if (error.column.isEmpty()) {
            if (const Table *referring = referringTable(*record)) {
                error.reason = Error::Reason::StillReferenced;
                error.detail = referring->displayLabel();
                return;
            }
        }
    }
    const int column = error.column.isEmpty() ? -1 : table.columnIndex(error.column);
    if (error.kind == Error::Kind::Constraint) {
        if (error.constraint == QLatin1String("not null"))
            error.reason = Error::Reason::MustNotBeEmpty;
        else if (error.constraint == QLatin1String("unique")) {
            error.reason = Error::Reason::Duplicate;
            error.other = holderOfDuplicate(*this, *m_sql, m_work.pending(), *record, error);
        } else if (error.constraint == QLatin1String("foreign key"))
            error.reason = Error::Reason::MissingParent;
        else if (error.constraint == QLatin1String("type"))
            error.reason = Error::Reason::WrongType;
        else if (column >= 0 && error.constraint == table.column(column).checkName(table.name()) &&
                 (table.column(column).minimum || table.column(column).maximum))
            error.reason = Error::Reason::OutOfRange; // Column::range()'s CHECK
        else
            error.reason = Error::Reason::BreaksRule;
    } else if (error.kind == Error::Kind::Connection) {
        error.reason = Error::Reason::LostWhileSaving;
    } else {
        error.reason = Error::Reason::SaveRefused; // the database's own words explain it
    }
}

const Table *Session::referringTable(const Record &record) {
    const Table &table = record.table();
    const bool deleting = record.isMarkedForDelete();
    for (const Table *child : m_metadata.tables()) {
        for (const ForeignKey &key : child->foreignKeys()) {
            if (key.targetTable != table.name() || key.targetColumns.size() != key.columns.size())
                continue;
            // Only a rule that leaves the rows where they are refuses the change
            const ReferentialAction action = deleting ? key.onDelete : key.onUpdate;
            if (action != ReferentialAction::NoAction && action != ReferentialAction::Restrict)
                continue;
            QVariantList referenced;
            for (int column : key.targetColumns)
                referenced << record.storedValue(column);
            if (std::any_of(referenced.cbegin(), referenced.cend(),
                            [](const QVariant &value) { return value.isNull(); }))
                continue;
            if (rowExists(database(), *m_sql, *child, key.columns, referenced) == RowFound::Yes)
                return child;
        }
    }
    return nullptr;
}

namespace {

/// True when an UPDATE of the plan (not an INSERT's completion) writes a column of its table's key.
bool updatesKeyColumns(const FlushPlan &plan) {
    return std::any_of(plan.writes.cbegin(), plan.writes.cend(), [](const FlushPlan::Write &write) {
        if (write.insert() || write.completesInsert())
            return false;
        const Table &table = write.record->table();
        return std::any_of(write.columns().cbegin(), write.columns().cend(),
                           [&table](int column) { return table.isKeyColumn(column); });
    });
}

} // namespace

void Session::reserveIdentities(const FlushPlan &plan) {
    std::vector<qsizetype> inserts(size_t(m_metadata.tables().size()));
    for (const FlushPlan::Write &write : plan.writes) {
        const Table &table = write.record->table();
        const QList<int> &key = table.primaryKeyColumns();
        if (write.insert() && key.size() == 1 &&
            table.column(key.first()).type == ColumnType::Integer)
            ++inserts[size_t(table.dependencyRank())];
    }
    for (const Table *table : m_metadata.tables()) {
        if (inserts[size_t(table->dependencyRank())] > 0)
            m_identity.reserve(*table, inserts[size_t(table->dependencyRank())]);
    }
}

void Session::applyFlush(FlushPlan &plan, FlushResult &result, bool committedNow) {
    std::optional<ManyChanges> many(std::in_place, *this,
                                    qsizetype(plan.writes.size()) + plan.deletes.size() +
                                        plan.discards.size());
    QList<QPair<Record *, int>> changedColumns;
    // Per-column change signals only when a view listens, as rollback() does (a script or an
    // import committing 100,000 rows compares no column and lists none)
    const bool columnsWatched = announcesChanges();
    // Row by row, each write's lists are dropped once its record holds the row, so that the
    // staged lists are freed while the row store fills (a million-row import's peak). Only
    // awaited parents (insertedAt) are read again by later writes: their rows stay.
    // The inserted records enter the identity map after that loop, once their written keys are
    // in their rows and let go and their given parents' slots are freed: the room made for them
    // then takes memory those held (w1: 3.2 MB of map beside 3.4 MB of written keys and 3.8 MB
    // of slots was its peak). An UPDATE of a key column follows its children through the map
    // (followKeyUpdate()), which must then already hold the records inserted before it.
    const bool identitiesLater =
        std::any_of(plan.writes.cbegin(), plan.writes.cend(),
                    [](const FlushPlan::Write &write) { return write.insert(); }) &&
        !updatesKeyColumns(plan);
    if (!identitiesLater)
        reserveIdentities(plan);
    // A record whose INSERT a later UPDATE completes (a cycle) keeps its parent slots until then:
    // the completion finds the parents whose keys it awaits there (AwaitedColumn)
    QSet<const Record *> completedLater;
    for (const FlushPlan::Write &write : plan.writes) {
        if (write.completesInsert())
            completedLater.insert(write.record.get());
    }
    for (size_t index = 0; index < plan.writes.size(); ++index) {
        FlushPlan::Write &write = plan.writes[index];
        if (write.freesDelete())
            continue; // the record is deleted: it keeps the values the user saw
        Record *record = write.record.get();
        const Table &table = record->table();
        QVariantList row;
        const bool keyed = write.insert() && result.insertedAt.contains(record);
        const bool ownRow = !result.insertedRows.empty() && !result.insertedRows[index].isEmpty();
        // Stored as the record holds it in the row store, but for the values the database gave
        // (a generated key, a parent's new key): its slot, with those written in, becomes the
        // committed row
        const bool asStaged = write.insert() && write.valuesInRecord() && !ownRow;
        // A commit writes what the database gave such an INSERT straight into the slot that
        // becomes its committed row; the values are listed only for those who read them
        int slot = -1;
        RowStore *intoSlot =
            committedNow && asStaged && !columnsWatched && record->m_rows.newRowInStore()
                ? valuesOf(record).newRowSlot(&slot)
                : nullptr;
        if (intoSlot)
            result.insertedCells.writeInto(qsizetype(index), *intoSlot, slot);
        const WrittenCells::Cells written =
            intoSlot ? WrittenCells::Cells() : result.cellsWritten(qsizetype(index));
        // An UPDATE that wrote the record's staged values as they are, committed now: its
        // changes go into its committed row's cells, no row made (w3: 10,000 rows of three)
        const bool inPlace = committedNow && !write.insert() && !write.completesInsert() &&
                             write.valuesInRecord() && write.awaitedColumns().isEmpty() &&
                             !result.readBack.contains(record) &&
                             !result.followedRows.contains(record);
        if (asStaged) {
            if (!committedNow)
                row = written.isEmpty() ? record->values()
                                        : result.insertedRow(plan, qsizetype(index));
        } else if (write.insert()) {
            // Moved out where nothing reads it again: the lists go with the record's staged one
            row = keyed    ? result.insertedRow(plan, qsizetype(index))
                  : ownRow ? std::move(result.insertedRows[index])
                           : write.takeValues();
        } else if (write.completesInsert()) {
            row = record->values(); // as its INSERT, applied above, stored it
            for (int column : write.columns())
                row[column] = write.value(column);
            for (const AwaitedKey &awaited : write.awaitingKeys())
                row[awaited.column] = keyFor(plan, result, awaited);
        } else if (!inPlace) {
            row = updatedRow(write, result);
            for (const AwaitedKey &awaited : write.awaitingKeys())
                row[awaited.column] = keyFor(plan, result, awaited);
            for (const auto &[column, value] : result.readBack.value(record))
                row[column] = value;
        }
        // An UPDATE of other columns than the key leaves the key as it was
        const bool keyKept =
            inPlace && std::none_of(write.columns().cbegin(), write.columns().cend(),
                                    [&](int column) { return table.isKeyColumn(column); });
        const Key storedBefore = write.insert() || keyKept ? Key() : record->storedKey();
        for (int column = 0; columnsWatched && !asStaged && column < row.size(); ++column) {
            if (!values::same(row.at(column), record->value(column)))
                changedColumns.append({record, column});
        }
        for (const auto &[column, value] : written) {
            if (columnsWatched && asStaged && !values::same(value, record->value(column)))
                changedColumns.append({record, column});
            if (committedNow && asStaged) // into the slot that becomes the committed row
                valuesOf(record).stageValue(column, value);
        }
        // Committed now: straight into the row store, no stored row to keep until the snapshot
        if (!committedNow)
            valuesOf(record).flushed(row);
        else if (inPlace && !valuesOf(record).committedChanges(m_loader.rowStore(table)))
            valuesOf(record).load(m_loader.rowStore(table), record->values());
        else if (!inPlace &&
                 (!asStaged || !valuesOf(record).committedAsStaged(m_loader.rowStore(table))))
            valuesOf(record).load(m_loader.rowStore(table), asStaged ? record->values() : row);
        row = {};
        if (!keyed) { // nothing reads this write's values again
            write.clearValues();
            if (ownRow)
                result.insertedRows[index] = {};
        }
        if (!write.insert() || !completedLater.contains(record))
            record->forgetGivenParents(); // follow the stored keys from now on (and free the slots)
        if (write.insert()) {
            record->m_state = ObjectState::Persistent;
            if (!identitiesLater)
                m_identity.insert(table, record->storedKey(), write.record);
        } else if (!write.completesInsert()) {
            if (!keyKept && storedBefore != record->storedKey()) { // an UPDATE of key columns
                m_identity.rekey(write.record, storedBefore);
                followKeyUpdate(*record, storedBefore, &changedColumns);
            }
            if (!record->m_tracked) {
                record->m_tracked = true;
                m_work.addEdited(write.record);
            }
        }
    }
    if (identitiesLater) {
        result.insertedCells = WrittenCells(); // read by the loop above only
        reserveIdentities(plan);
        for (const FlushPlan::Write &write : plan.writes) {
            if (write.insert() && !write.freesDelete())
                m_identity.insert(write.record->table(), write.record->storedKey(), write.record);
        }
    }
    // Every pending record was inserted or discarded. The plan names the inserted ones without
    // holding them (PlannedRecord): the list is held until the plan has been applied.
    const RecordList inserted = m_work.takePending();

    for (const RecordPtr &record : plan.discards) {
        if (record->session() == this && record->m_state == ObjectState::Pending)
            discardPending(record.get());
    }
    // Listed in entry order, as they were pending: a rollback puts them back in front of the
    // records pending since (UnitOfWork::returnFlushedInserts())
    if (!committedNow) {
        for (const RecordPtr &record : inserted) {
            if (record->session() == this && record->m_state == ObjectState::Persistent)
                m_work.addFlushedInsert(record);
        }
    }
    for (const RecordPtr &record : plan.deletes) {
        // Out of every collection that holds it: the stored parent's and a staged new one's.
        for (const Relationship *relationship : record->table().parentRelationships()) {
            const RecordPtr stored =
                findLoadedParent(*relationship, relationship->parentKeyOf(*record, true));
            const RecordPtr current = SessionInternals::currentParent(*record, *relationship);
            for (const RecordPtr &parent : {stored, current}) {
                if (!parent)
                    continue;
                parent->unlinkChild(*relationship, record.get());
                ChildCollection *list =
                    SessionInternals::childListIfAny(*parent, relationship->childSlot);
                if (committedNow && list)
                    list->unlinkCommitted(record.get());
            }
        }
        record->m_markedForDelete = false;
        record->m_state = ObjectState::Deleted;
        if (!committedNow)
            m_work.addFlushedDelete(record);
    }

    if (committedNow) {
        auto snapshot = [this](Record *record) {
            valuesOf(record).commit(m_loader.rowStore(record->table()));
            for (auto &list : record->m_slots.children()) {
                if (list)
                    list->commit();
            }
            record->m_tracked = false;
            record->m_countedAsChanged = false;
        };
        for (const RecordPtr &record : m_work.takeEdited())
            snapshot(record.get());
        for (const RecordPtr &record : m_work.takeFlushedInserts())
            snapshot(record.get());
        for (const FlushPlan::Write &write : plan.writes)
            snapshot(write.record.get());
        // Deleted and committed: detached, out of the identity map.
        for (const RecordPtr &record : m_work.flushedDeletes()) {
            if (record->session() == this && record->m_state == ObjectState::Deleted)
                leaveSession(record.get(), ObjectState::Detached);
        }
        for (const RecordPtr &record : plan.deletes) {
            if (record->session() == this)
                leaveSession(record.get(), ObjectState::Detached);
        }
        m_work.clearFlushedDeletes();
        m_work.clearDeleteReasons();
    }
    for (const auto &[record, column] : changedColumns)
        announceChanged(record, column);
    // The records whose state changed, read from the plan rather than listed (a million-row
    // import: 8 MiB at its peak): the inserted ones, now persistent, then the deleted ones.
    for (const FlushPlan::Write &write : plan.writes) {
        if (write.insert())
            announceStateChanged(write.record.get());
    }
    for (const RecordPtr &record : plan.deletes)
        announceStateChanged(record.get());
    many.reset(); // views have read what they show again before the commit is signalled
    if (committedNow) {
        resetChangeCount();
        Q_EMIT committed();
    } else {
        for (const FlushPlan::Write &write : plan.writes)
            updateChangeCount(write.record.get());
        for (const RecordPtr &record : plan.deletes)
            updateChangeCount(record.get());
    }
}

void Session::followKeyUpdate(const Record &parent, const Key &before,
                              QList<QPair<Record *, int>> *changedColumns) {
    const Table &table = parent.table();
    const QVariantList now = parent.storedKey().values(); // in key order
    for (const Relationship *relationship : table.childRelationships()) {
        // Only children that refer to the primary key are followed here. Those that refer to
        // another unique key are changed by the database's ON UPDATE CASCADE but keep the old
        // value in memory (a limit: their next edit then reads as a conflict, rule 12).
        if (!relationship->refersToPrimaryKey() || !relationship->foreignKey ||
            relationship->foreignKey->onUpdate != ReferentialAction::Cascade ||
            now.size() != relationship->foreignKeyColumns.size())
            continue;
        const QList<int> &columns = relationship->foreignKeyColumns;
        // Key updates are rare: looking through the loaded children of that table is cheap.
        for (const RecordPtr &child : m_identity.records(*relationship->child)) {
            if (!child->m_rows.hasStoredRow() || relationship->parentKeyOf(*child, true) != before)
                continue;
            const Key childBefore = child->storedKey();
            const bool stagedHere = relationship->parentKeyOf(*child) == before;
            for (qsizetype i = 0; i < columns.size(); ++i)
                valuesOf(child.get()).setStoredValue(columns.at(i), now.at(i));
            m_identity.rekey(child, childBefore); // a key column of its own: found by the new key
            if (stagedHere) {
                for (qsizetype i = 0; i < columns.size(); ++i) {
                    valuesOf(child.get()).stageValue(columns.at(i), now.at(i));
                    changedColumns->append({child.get(), columns.at(i)});
                }
            }
            // Rollback puts the row back as committed, as the database's rollback does.
            if (!child->m_tracked) {
                child->m_tracked = true;
                m_work.addEdited(child);
            }
        }
    }
}

void Session::revertFlushes() {
    // The transaction holding earlier flushes is gone: what they wrote is staged again.
    Restorer(m_work, m_identity, this).revertFlushes([this](Record *record) {
        updateChangeCount(record);
    });
}

} // namespace orm
