// Session: running a flush plan inside a transaction, and applying it to memory only after the
// database has accepted all of it (rule 8: a failed commit changes nothing in memory).

#include "session.h"

#include "flushplanner.h"
#include "flushsql.h"
#include "followedrows.h"
#include "sessioninternals.h"
#include "sqlitereader.h"
#include "statementbuilder.h"
#include "statementcache.h"
#include "values.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <memory>

namespace orm {

namespace {

/// Sets a row's value only where it differs (same type, same value, same nullness otherwise): a
/// row the INSERT wrote as staged stays shared with the plan's and the record's list, so that a
/// million-row import holds one list a row, not two, while the commit fills the row store.
void setIfDiffers(QVariantList &row, int column, const QVariant &value) {
    const QVariant &held = row.at(column);
    if (held.typeId() != value.typeId() || held.isNull() != value.isNull() || !(held == value))
        row[column] = value;
}

/// Puts into an inserted row the parents' new keys its statement bound (from `first` on, in the
/// order of the write's columns): every other value was bound as the row holds it already.
void setAwaitedKeys(const FlushPlan::Write &write, const QVariantList &binds, qsizetype first,
                    QVariantList *row) {
    for (const AwaitedKey &awaited : write.awaitingKeys) {
        const qsizetype at = write.columns.indexOf(awaited.column);
        if (at >= 0)
            setIfDiffers(*row, awaited.column, binds.at(first + at));
    }
}

/// The value a child's foreign key column takes from its parent: the referenced column as a
/// parent inserted earlier in this flush has just been given it (a generated key, a key column
/// filled from its own parent).
QVariant keyFor(const FlushPlan &plan, const FlushResult &result, const AwaitedKey &awaited) {
    const auto inserted = result.insertedAt.constFind(awaited.parent.get());
    return inserted != result.insertedAt.cend()
               ? result.insertedRow(plan, *inserted).at(awaited.parentColumn)
               : awaited.parent->value(awaited.parentColumn);
}

/// The row an UPDATE leaves: the columns it sets over the row as the database held it (a row
/// the flush's own earlier statements changed, FollowedRows, or the stored one); the parents' new
/// keys and what the database computed are filled in by the caller.
QVariantList updatedRow(const FlushPlan::Write &write, const FlushResult &result) {
    const auto followed = result.followedRows.constFind(write.record.get());
    if (followed == result.followedRows.cend())
        return write.values;
    QVariantList row = *followed;
    for (int column : write.columns)
        row[column] = write.values.at(column);
    return row;
}

} // namespace

bool Session::beginTransaction() {
    QSqlDatabase db = database();
    logStatement(QStringLiteral("BEGIN"), {});
    if (db.transaction())
        return true;
    Error error = m_dialect->classify(db.lastError(), nullptr);
    if (error.kind == Error::Kind::Database && !db.isOpen())
        error.kind = Error::Kind::Connection;
    error.message = tr("A transaction could not be started: nothing was saved, and every staged "
                       "change is kept.");
    setError(error);
    return false;
}

bool Session::flush() {
    const bool ok = runFlush(false);
    clearReaderStatements(); // see selectRecords(): nothing prepared survives the call
    return ok;
}

bool Session::commit() {
    const bool ok = runFlush(true);
    clearReaderStatements();
    return ok;
}

/// Runs a plan's statements in order. With `batching` (a server's dialect, Dialect::
/// writeBatchRows()), rows of one shape go as multi-row statements (StatementShapes::groups(),
/// which the SQL preview shows too); a batch the database refuses names no record, so runFlush()
/// then runs the plan again a row at a time (batchFailed).
class FlushExecutor {
public:
    FlushExecutor(Session &session, const FlushPlan &plan, FlushResult &result, bool batching)
        : m_session(session)
        , m_plan(plan)
        , m_result(result)
        , m_shapes(session.dialect())
        , m_keyOf([this](const AwaitedKey &awaited) { return keyFor(m_plan, m_result, awaited); })
        , m_followed(session, plan, m_shapes, result.followedRows)
        , m_batching(batching) {
        m_shapes.setFollowedRows(&result.followedRows);
        // The inserts other writes will ask for by record; every other one only by its index
        for (const FlushPlan::Write &write : plan.writes) {
            for (const AwaitedKey &awaited : write.awaitingKeys)
                m_keyed.insert(awaited.parent.get());
            if (write.completesInsert)
                m_keyed.insert(write.record.get());
        }
    }

    bool run() {
        if (!m_batching) { // a statement per row, without grouping (SQLite's 100,000-row flushes)
            for (const FlushPlan::Write &write : m_plan.writes) {
                const bool ok = write.insert            ? insert(write)
                                : write.completesInsert ? complete(write)
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
        for (const StatementGroup &group : m_shapes.groups(m_plan, m_batching)) {
            bool ok = false;
            switch (group.kind) {
            case StatementGroup::Insert:
                ok = group.size() == 1 ? insert(*group.writes.front()) : insertBatch(group.writes);
                break;
            case StatementGroup::Update:
                ok = group.size() == 1 || reachesAny(group.writes) ? updateEach(group.writes)
                                                                   : updateBatch(group.writes);
                break;
            case StatementGroup::Delete:
                ok = group.size() == 1 ? remove(group.deletes.first()) : removeBatch(group.deletes);
                break;
            case StatementGroup::Complete:
                ok = complete(*group.writes.front());
                break;
            }
            if (!ok)
                return false;
        }
        return true;
    }

    RecordPtr failedRecord;
    bool conflict = false;
    /// A multi-row statement failed: which of its rows the database refused is not known.
    bool batchFailed = false;

private:
    /// A key edit whose ON UPDATE actions other rows of the flush follow runs alone (FollowedRows).
    bool reachesAny(const std::vector<const FlushPlan::Write *> &writes) {
        return std::any_of(writes.begin(), writes.end(), [this](const FlushPlan::Write *write) {
            return m_followed.reaches(*write);
        });
    }
    bool updateEach(const std::vector<const FlushPlan::Write *> &writes) {
        for (const FlushPlan::Write *write : writes) {
            if (!update(*write))
                return false;
        }
        return true;
    }

    bool insertBatch(const std::vector<const FlushPlan::Write *> &batch) {
        const Statement statement = m_shapes.insertBatch(batch, m_keyOf);
        const Table &table = batch.front()->record->table();
        Session::WriteResult outcome;
        const int returned = int(statement.returnedColumns.size());
        // Thousands of values: written into the text where the driver would send them as
        // literals anyway (Dialect::inlinesBatchValues()).
        if (!m_session.executeWrite(statement.sql, statement.binds, &table, returned, &outcome,
                                    true, m_session.dialect().inlinesBatchValues()) ||
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
        const QList<int> &columns = batch.front()->columns;
        qsizetype bind = 0;
        for (std::size_t k = 0; k < batch.size(); ++k) {
            const FlushPlan::Write &write = *batch[k];
            QVariantList row = write.values;
            setAwaitedKeys(write, statement.binds, bind, &row);
            bind += columns.size();
            for (int i = 0; i < returned; ++i)
                setIfDiffers(row, statement.returnedColumns.at(i),
                             outcome.rows.at(qsizetype(k)).value(i));
            inserted(write, std::move(row));
        }
        return true;
    }

    /// Keeps the row an INSERT left, where it is not the write's own list (see FlushResult).
    void inserted(const FlushPlan::Write &write, QVariantList &&row) {
        const qsizetype index = &write - m_plan.writes.data();
        if (row.constData() != write.values.constData()) {
            if (m_result.insertedRows.empty())
                m_result.insertedRows.resize(m_plan.writes.size());
            m_result.insertedRows[size_t(index)] = std::move(row);
        }
        if (!m_keyed.isEmpty() && m_keyed.contains(write.record.get()))
            m_result.insertedAt.insert(write.record.get(), index);
    }

    bool updateBatch(const std::vector<const FlushPlan::Write *> &batch) {
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

    bool removeBatch(const RecordList &records) {
        const Statement statement = m_shapes.deleteBatch(records);
        const Table &table = records.first()->table();
        Session::WriteResult outcome;
        if (!m_session.executeWrite(statement.sql, statement.binds, &table,
                                    int(statement.returnedColumns.size()), &outcome, true)) {
            batchFailed = true;
            return false;
        }
        for (const RecordPtr &record : records)
            m_followed.ran(record.get());
        return outcome.rows.size() == records.size() ||
               allReturned(records, keysReturned(table, outcome.rows));
    }

    /// The keys a batched UPDATE or DELETE returned (its first columns), each to its row.
    static QHash<Key, qsizetype> keysReturned(const Table &table, const QList<QVariantList> &rows) {
        const QList<int> &keyColumns = table.primaryKeyColumns();
        QHash<Key, qsizetype> keys;
        keys.reserve(rows.size());
        for (qsizetype i = 0; i < rows.size(); ++i)
            keys.insert(Key::ofValues(table, keyColumns, rows.at(i).mid(0, keyColumns.size())), i);
        return keys;
    }

    /// Rule 12: every row of a batch must have been written; one that did not come back was
    /// changed or deleted by someone else, and the commit fails naming it.
    bool allReturned(const RecordList &records, const QHash<Key, qsizetype> &returned) {
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

    bool insert(const FlushPlan::Write &write) {
        const Statement statement = m_shapes.insertStatement(write, m_keyOf);
        Session::WriteResult outcome;
        if (!m_session.executeWrite(statement.sql, statement.binds, &write.record->table(),
                                    int(statement.returnedColumns.size()), &outcome)) {
            failedRecord = write.record;
            return false;
        }
        QVariantList row = write.values;
        setAwaitedKeys(write, statement.binds, 0, &row);
        if (statement.lastInsertIdColumn >= 0)
            setIfDiffers(row, statement.lastInsertIdColumn, outcome.lastInsertId);
        for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
            setIfDiffers(row, statement.returnedColumns.at(i), outcome.returned.value(i));
        if (!readWhatTriggersWrote(write.record, &row))
            return false;
        inserted(write, std::move(row));
        return true;
    }

    /// Rule 6 on a table with triggers: they may have changed the row just written (an AFTER
    /// trigger's UPDATE, which RETURNING does not see), so the row is read back whole.
    bool readWhatTriggersWrote(const RecordPtr &record, QVariantList *row) {
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

    bool update(const FlushPlan::Write &write) {
        const bool reaches = m_followed.reaches(write);
        if (reaches && !m_followed.before(write, &failedRecord, &conflict))
            return false;
        const Statement statement = m_shapes.updateStatement(write, m_keyOf);
        Session::WriteResult outcome;
        if (!runChecked(statement, write.record, &outcome))
            return false;
        // Read before the record counts as run: its own row is not among those followed
        m_followed.ran(write.record.get());
        if (reaches && !m_followed.after(&failedRecord))
            return false;
        if (write.freesDelete) // its DELETE checks against the row as this UPDATE left it
            return readFreedRow(write.record);
        if (!statement.returnedColumns.isEmpty()) {
            QList<QPair<int, QVariant>> &filled = m_result.readBack[write.record.get()];
            for (qsizetype i = 0; i < statement.returnedColumns.size(); ++i)
                filled.append({statement.returnedColumns.at(i), outcome.returned.value(i)});
        }
        if (write.record->table().hasTriggers()) {
            QVariantList row = updatedRow(write, m_result);
            for (const AwaitedKey &awaited : write.awaitingKeys)
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

    /// The row of a record whose references a freeing UPDATE set to NULL (RowOrder), for its
    /// DELETE to check against (whatever triggers or generated columns made of it).
    bool readFreedRow(const RecordPtr &record) {
        QVariantList row;
        if (m_session.readRow(record->table(), m_shapes.storedKey(*record), &row) !=
            Session::RowRead::Found) {
            failedRecord = record;
            return false;
        }
        m_result.followedRows.insert(record.get(), row);
        return true;
    }

    /// Sets the references an INSERT of this flush left NULL to break a cycle (RowOrder).
    bool complete(const FlushPlan::Write &write) {
        const Statement statement = m_shapes.completionStatement(
            write, m_result.insertedRow(m_plan, m_result.insertedAt.value(write.record.get())),
            m_keyOf);
        Session::WriteResult outcome;
        return runChecked(statement, write.record, &outcome);
    }

    bool remove(const RecordPtr &record) {
        const Statement statement = m_shapes.deleteStatement(record);
        Session::WriteResult outcome;
        m_followed.ran(record.get());
        return runChecked(statement, record, &outcome);
    }

    /// Runs an UPDATE or DELETE that must change exactly the one row the session loaded.
    bool runChecked(const Statement &statement, const RecordPtr &record,
                    Session::WriteResult *outcome) {
        if (!m_session.executeWrite(statement.sql, statement.binds, &record->table(),
                                    int(statement.returnedColumns.size()), outcome)) {
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

    Session &m_session;
    const FlushPlan &m_plan;
    FlushResult &m_result;
    StatementShapes m_shapes;
    KeyOf m_keyOf;
    FollowedRows m_followed;
    bool m_batching;
    QSet<const Record *> m_keyed;
};

bool Session::restartFlush(bool nested) {
    if (nested) // the savepoint stays after ROLLBACK TO
        return execute(QStringLiteral("ROLLBACK TO SAVEPOINT shelf_flush"), {}, nullptr);
    logStatement(QStringLiteral("ROLLBACK"), {});
    database().rollback();
    return beginTransaction();
}

bool Session::runFlush(bool commitAfter) {
    clearError();
    if (!m_dialect) {
        Error error;
        error.kind = Error::Kind::Usage;
        error.message = tr("The database driver is not supported.");
        setError(error);
        return false;
    }
    FlushPlan plan;
    FlushPlanner planner(*this);
    if (!planner.plan(&plan)) {
        setError(planner.error());
        return false;
    }
    QSqlDatabase db = database();
    const bool nested = m_inTransaction;
    if (plan.isEmpty() && !(commitAfter && nested)) {
        if (commitAfter)
            Q_EMIT committed();
        return true;
    }
    if (nested) {
        if (!execute(QStringLiteral("SAVEPOINT shelf_flush"), {}, nullptr))
            return false;
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
        if (restartFlush(nested)) {
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
    if (ok && nested)
        ok = execute(QStringLiteral("RELEASE SAVEPOINT shelf_flush"), {}, nullptr);
    if (ok && commitAfter) {
        logStatement(QStringLiteral("COMMIT"), {});
        if (!db.commit()) {
            Error error = m_dialect->classify(db.lastError(), nullptr);
            error.message = tr("The database did not accept the commit.");
            commitOutcomeUnknown = error.kind == Error::Kind::Connection;
            setError(error);
            ok = false;
            transactionLost = true;
        }
    }
    if (!ok) {
        Error error = m_lastError;
        if (nested && !transactionLost) {
            // Undo this flush only: earlier flushes of the transaction stay as they were.
            QSqlQuery undo(db);
            if (!undo.exec(QStringLiteral("ROLLBACK TO SAVEPOINT shelf_flush")) ||
                !undo.exec(QStringLiteral("RELEASE SAVEPOINT shelf_flush"))) {
                db.rollback();
                revertFlushes();
            }
        } else {
            db.rollback();
            m_inTransaction = false;
            if (nested)
                revertFlushes();
        }
        error.record = executor->failedRecord ? executor->failedRecord : error.record;
        describeFailure(error, executor->conflict);
        if (commitOutcomeUnknown) {
            // The connection went during COMMIT itself: the server may have committed before its
            // answer was lost. Say so rather than promise that nothing was saved.
            error.message = tr("The connection to the database was lost while it was committing, "
                               "so Shelf cannot tell whether your changes were saved. Every "
                               "staged change is kept. Reconnect and refresh to see what the "
                               "database holds before committing again.");
        }
        setError(error);
        return false;
    }
    // The rows this transaction deleted and the keys it changed, for what the database did to
    // the rows referring to them
    QList<TableRow> deletedRows, keysEdited;
    if (commitAfter) {
        for (const RecordPtr &record : plan.deletes)
            deletedRows.append(
                {&record->table(), result.followedRows.value(record.get(), record->storedRow())});
        for (const RecordPtr &record : m_flushedDeletes)
            deletedRows.append({&record->table(), record->storedRow()});
        for (const FlushPlan::Write &write : plan.writes) {
            const Record &record = *write.record;
            if (!write.insert && !write.completesInsert && record.storedKey() != record.key()) {
                keysEdited.append({&record.table(), record.storedRow()});
                keysEdited.append({&record.table(), write.values});
            }
        }
        for (const RecordPtr &record : m_touched) {
            if (record->m_state == ObjectState::Persistent && record->hasCommittedValues() &&
                record->m_storedRow && // else the stored row is the committed one
                Key::ofRow(record->table(), record->committedRow()) != record->storedKey()) {
                keysEdited.append({&record->table(), record->committedRow()});
                keysEdited.append({&record->table(), record->storedRow()});
            }
        }
    }
    const bool triggersFired = commitAfter && reachesTriggers(plan);
    m_inTransaction = !commitAfter;
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

namespace {

/// The first line of a driver's text without the PostgreSQL severity prefix ("ERROR:  ").
QString databaseReason(const QString &driverMessage) {
    QString reason = driverMessage.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    for (const QLatin1String prefix : {QLatin1String("ERROR:"), QLatin1String("FATAL:")}) {
        if (reason.startsWith(prefix))
            reason = reason.mid(prefix.size()).trimmed();
    }
    while (reason.endsWith(QLatin1Char('.')))
        reason.chop(1);
    return reason;
}

/// A CHECK constraint that Column::range() declared: say the range, not the constraint's name.
QString rangeMessage(const QString &who, const Column &column) {
    const QString label = column.displayLabel();
    if (column.minimum && column.maximum)
        return Session::tr("%1 cannot be saved: %2 must be between %3 and %4.")
            .arg(who, label, QString::number(*column.minimum), QString::number(*column.maximum));
    if (column.minimum)
        return Session::tr("%1 cannot be saved: %2 must be at least %3.")
            .arg(who, label, QString::number(*column.minimum));
    return Session::tr("%1 cannot be saved: %2 must be at most %3.")
        .arg(who, label, QString::number(*column.maximum));
}

} // namespace

void Session::describeFailure(Error &error, bool conflict) {
    const RecordPtr record = error.record;
    if (!record) {
        if (error.kind == Error::Kind::Connection)
            error.message = tr("The connection to the database was lost: nothing was saved, and "
                               "every staged change is kept. Reconnect and commit again.");
        return;
    }
    const Table &table = record->table();
    error.table = table.name();
    const QString who = record->displayName();
    if (conflict) {
        error.kind = Error::Kind::Conflict;
        // Which column did the other user change? Read the row as it is now.
        QSqlQuery now(database());
        now.prepare(m_sql->selectByKey(table));
        for (const QVariant &value : record->storedKey().values())
            now.addBindValue(value);
        if (now.exec() && now.next()) {
            for (int column = 0; column < table.columnCount(); ++column) {
                const QVariant current = values::normalizeNull(now.value(column));
                if (!values::same(current, record->storedValue(column))) {
                    error.column = table.column(column).name;
                    error.message =
                        tr("%1 was changed by another user: %2 is now '%3' (you loaded "
                           "'%4'). Nothing was saved; your changes are kept.")
                            .arg(who, table.column(column).displayLabel(), current.toString(),
                                 record->storedValue(column).toString());
                    break;
                }
            }
            if (error.column.isEmpty())
                error.message =
                    tr("%1 was changed by another user. Nothing was saved; your changes "
                       "are kept.")
                        .arg(who);
        } else {
            error.message =
                tr("%1 was deleted by another user. Nothing was saved; your changes are "
                   "kept.")
                    .arg(who);
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
            QSqlQuery exists(database());
            exists.prepare(
                QStringLiteral("SELECT 1 FROM %1 WHERE %2")
                    .arg(m_sql->table(*target), m_sql->equals(*target, key.targetColumns)));
            for (const QVariant &part : value.values())
                exists.addBindValue(part);
            if (exists.exec() && !exists.next()) {
                error.column = table.column(key.column()).name;
                break;
            }
        }
    }
    const int column = error.column.isEmpty() ? -1 : table.columnIndex(error.column);
    const QString label = column >= 0 ? table.column(column).displayLabel() : QString();
    if (error.kind == Error::Kind::Constraint) {
        if (error.constraint == QLatin1String("not null"))
            error.message = tr("%1 cannot be saved: %2 must not be empty.").arg(who, label);
        else if (error.constraint == QLatin1String("unique"))
            error.message = tr("%1 cannot be saved: another %2 already has this %3.")
                                .arg(who, table.className(), label.isEmpty() ? tr("value") : label);
        else if (error.constraint == QLatin1String("foreign key"))
            error.message = tr("%1 cannot be saved: %2 refers to a record that does not exist.")
                                .arg(who, label.isEmpty() ? tr("a reference") : label);
        else if (error.constraint == QLatin1String("type"))
            error.message = tr("%1 cannot be saved: %2 has a value of the wrong type.")
                                .arg(who, label.isEmpty() ? tr("a column") : label);
        else if (column >= 0 && error.constraint == table.column(column).checkName(table.name()) &&
                 (table.column(column).minimum || table.column(column).maximum))
            error.message = rangeMessage(who, table.column(column));
        else
            error.message =
                tr("%1 cannot be saved: %2 breaks the rule %3.")
                    .arg(who, label.isEmpty() ? tr("a value") : label, error.constraint);
    } else if (error.kind == Error::Kind::Connection) {
        error.message = tr("The connection to the database was lost while saving %1: nothing was "
                           "saved, and every staged change is kept. Reconnect and commit again.")
                            .arg(who);
    } else {
        // Not a failure Shelf knows by name (a trigger's RAISE, a rule of another program): the
        // database's own words are the only explanation there is, so they go in the message.
        const QString reason = databaseReason(error.driverMessage);
        error.message =
            reason.isEmpty()
                ? tr("%1 cannot be saved: the database reported an error.").arg(who)
                : tr("%1 cannot be saved. The database says: \u201c%2\u201d").arg(who, reason);
    }
}

void Session::applyFlush(FlushPlan &plan, FlushResult &result, bool committedNow) {
    QList<QPair<Record *, int>> changedColumns;
    QList<Record *> stateChanges;
    // Row by row, each write's lists are dropped once its record holds the row, so that the
    // staged lists are freed while the row store fills (a million-row import's peak). Only
    // awaited parents (insertedAt) are read again by later writes: their rows stay.
    for (size_t index = 0; index < plan.writes.size(); ++index) {
        FlushPlan::Write &write = plan.writes[index];
        if (write.freesDelete)
            continue; // the record is deleted: it keeps the values the user saw
        Record *record = write.record.get();
        const Table &table = record->table();
        QVariantList row;
        const bool keyed = write.insert && result.insertedAt.contains(record);
        const bool ownRow = !result.insertedRows.empty() && !result.insertedRows[index].isEmpty();
        if (write.insert) {
            // Moved out where nothing reads it again: the lists go with the record's staged one
            row = keyed    ? result.insertedRow(plan, qsizetype(index))
                  : ownRow ? std::move(result.insertedRows[index])
                           : std::move(write.values);
        } else if (write.completesInsert) {
            row = record->values(); // as its INSERT, applied above, stored it
            for (int column : std::as_const(write.columns))
                row[column] = write.values.at(column);
            for (const AwaitedKey &awaited : write.awaitingKeys)
                row[awaited.column] = keyFor(plan, result, awaited);
        } else {
            row = updatedRow(write, result);
            for (const AwaitedKey &awaited : write.awaitingKeys)
                row[awaited.column] = keyFor(plan, result, awaited);
            for (const auto &[column, value] : result.readBack.value(record))
                row[column] = value;
        }
        const Key storedBefore = write.insert ? Key() : record->storedKey();
        for (int column = 0; column < row.size(); ++column) {
            if (!values::same(row.at(column), record->value(column)))
                changedColumns.append({record, column});
        }
        if (committedNow) // straight into the row store: no stored row to keep until the snapshot
            record->loadRow(rowStore(table), row);
        else
            record->storeRow(row);
        row = {};
        if (!keyed) { // nothing reads this write's values again
            write.values = {};
            if (ownRow)
                result.insertedRows[index] = {};
        }
        for (Record::ParentSlot &slot : record->m_parents)
            slot = Record::ParentSlot{}; // follow the stored keys from now on
        if (write.insert) {
            record->m_state = ObjectState::Persistent;
            m_identity.insert(table, record->storedKey(), write.record);
            if (!committedNow)
                m_flushedInserts.push_back(write.record);
            stateChanges.append(record);
        } else if (!write.completesInsert) {
            if (storedBefore != record->storedKey()) { // an UPDATE of key columns
                rekey(write.record, storedBefore);
                followKeyUpdate(*record, storedBefore, &changedColumns);
            }
            if (!record->m_tracked) {
                record->m_tracked = true;
                m_touched.push_back(write.record);
            }
        }
    }
    m_new.clear(); // every pending record was inserted or discarded

    for (const RecordPtr &record : plan.discards) {
        if (record->m_session == this && record->m_state == ObjectState::Pending)
            discardPending(record.get());
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
                if (committedNow && !parent->m_children.empty() &&
                    parent->m_children[relationship->childSlot])
                    std::erase(parent->m_children[relationship->childSlot]->committed, record);
            }
        }
        record->m_markedForDelete = false;
        record->m_state = ObjectState::Deleted;
        stateChanges.append(record.get());
        if (!committedNow)
            m_flushedDeletes.push_back(record);
    }

    if (committedNow) {
        auto snapshot = [this](Record *record) {
            record->commitStored(rowStore(record->table()));
            for (auto &list : record->m_children) {
                if (list && list->loaded)
                    list->committed = list->items;
            }
            record->m_tracked = false;
            record->m_countedAsChanged = false;
        };
        for (const RecordPtr &record : m_touched)
            snapshot(record.get());
        for (const RecordPtr &record : m_flushedInserts)
            snapshot(record.get());
        for (const FlushPlan::Write &write : plan.writes)
            snapshot(write.record.get());
        m_touched.clear();
        m_flushedInserts.clear();
        // Deleted and committed: detached, out of the identity map.
        for (const RecordPtr &record : m_flushedDeletes) {
            if (record->m_session == this && record->m_state == ObjectState::Deleted)
                leaveSession(record.get(), ObjectState::Detached);
        }
        for (const RecordPtr &record : plan.deletes) {
            if (record->m_session == this)
                leaveSession(record.get(), ObjectState::Detached);
        }
        m_flushedDeletes.clear();
        m_deleteReasons.clear();
    }
    for (const auto &[record, column] : changedColumns)
        Q_EMIT recordChanged(record, column);
    for (Record *record : stateChanges)
        Q_EMIT recordStateChanged(record);
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

void Session::rekey(const RecordPtr &record, const Key &before) {
    const Key now = record->storedKey();
    if (before == now)
        return;
    m_identity.remove(record->table(), before, record.get());
    if (!now.isNull())
        m_identity.insert(record->table(), now, record);
}

void Session::followKeyUpdate(const Record &parent, const Key &before,
                              QList<QPair<Record *, int>> *changedColumns) {
    const Table &table = parent.table();
    const QVariantList now = parent.storedKey().values(); // in key order
    for (const Relationship *relationship : table.childRelationships()) {
        // An edit of another unique key is no key edit here: its children keep their values.
        if (!relationship->refersToPrimaryKey() || !relationship->foreignKey ||
            relationship->foreignKey->onUpdate != ReferentialAction::Cascade ||
            now.size() != relationship->foreignKeyColumns.size())
            continue;
        const QList<int> &columns = relationship->foreignKeyColumns;
        // Key updates are rare: looking through the loaded children of that table is cheap.
        for (const RecordPtr &child : m_identity.records(*relationship->child)) {
            if (!child->hasStoredRow() || relationship->parentKeyOf(*child, true) != before)
                continue;
            const Key childBefore = child->storedKey();
            const bool stagedHere = relationship->parentKeyOf(*child) == before;
            for (qsizetype i = 0; i < columns.size(); ++i)
                child->setStoredValue(columns.at(i), now.at(i));
            rekey(child, childBefore); // a key column of its own: found by the new key
            if (stagedHere) {
                for (qsizetype i = 0; i < columns.size(); ++i) {
                    child->setStagedValue(columns.at(i), now.at(i));
                    changedColumns->append({child.get(), columns.at(i)});
                }
            }
            // Rollback puts the row back as committed, as the database's rollback does.
            if (!child->m_tracked) {
                child->m_tracked = true;
                m_touched.push_back(child);
            }
        }
    }
}

void Session::unflushInsert(Record *record) {
    // The row a flush inserted is gone with its transaction: a generated key is gone with it, a
    // key the user gave stays.
    const Table &table = record->table();
    m_identity.remove(table, record->storedKey(), record);
    record->setStoredRow({}); // the staged values stay
    for (int column : table.primaryKeyColumns()) {
        if (table.column(column).autoIncrement)
            record->setStagedValue(column, QVariant());
    }
    record->m_state = ObjectState::Pending;
}

void Session::revertFlushes() {
    // The transaction holding earlier flushes is gone: what they wrote is staged again.
    for (const RecordPtr &record : m_flushedInserts) {
        unflushInsert(record.get());
        m_new.push_back(record);
    }
    std::sort(m_new.begin(), m_new.end(),
              [](const RecordPtr &a, const RecordPtr &b) { return a->m_sequence < b->m_sequence; });
    m_flushedInserts.clear();
    for (const RecordPtr &record : m_flushedDeletes) {
        record->m_state = ObjectState::Persistent;
        record->m_markedForDelete = true;
    }
    m_flushedDeletes.clear();
    for (const RecordPtr &record : m_touched) {
        const Key flushed = record->storedKey();
        record->revertStoredToCommitted();
        rekey(record, flushed); // a key UPDATE that was flushed is undone with the transaction
    }
    for (const RecordPtr &record : m_new)
        updateChangeCount(record.get());
    for (const RecordPtr &record : m_touched)
        updateChangeCount(record.get());
    m_inTransaction = false;
}

} // namespace orm
