#include "session.h"

#include "collatedkey.h"
#include "newrows.h"
#include "postgresreader.h"
#include "restorer.h"
#include "sessioninternals.h"
#include "sqlitereader.h"
#include "statementbuilder.h"
#include "statementcache.h"
#include "values.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSqlQuery>
#include <algorithm>

Q_LOGGING_CATEGORY(lcSession, "shelf.orm.session", QtWarningMsg)

namespace orm {

Session::Session(const QSqlDatabase &database, const Metadata &metadata, QObject *parent)
    : Session(database.connectionName(), metadata, parent) {
}

Session::Session(const QString &connectionName, const Metadata &metadata, QObject *parent)
    : QObject(parent)
    , m_connectionName(connectionName)
    , m_metadata(metadata)
    , m_statements(std::make_unique<StatementCache>(connectionName))
    , m_identity(metadata.tables().size())
    , m_parentIndex(metadata.tables().size())
    , m_transaction(connectionName, [this](const QString &sql) { logStatement(sql, {}); })
    , m_loader(*this, m_identity, m_work, m_transaction)
    , m_selects(std::make_unique<Selects>(*this)) {
    m_work.setMaterializer([this] { makeNewRowsRecords(); });
    m_work.setHeldCount([this] { return m_identity.size(); });
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    m_dialect = Dialect::forDatabase(db);
    if (m_dialect)
        m_sql = std::make_unique<StatementBuilder>(*m_dialect);
    if (!m_dialect) {
        m_lastError.kind = Error::Kind::Usage;
        m_lastError.reason = Error::Reason::UnsupportedDriver;
        m_lastError.detail = db.driverName();
        return;
    }
    // A connection handed over closed is opened here and set up like any other: left closed, it
    // would be opened later by someone who does not know it needs PRAGMA foreign_keys=ON.
    if (!db.isOpen() && !db.open()) {
        m_lastError = m_dialect->classify(db.lastError(), nullptr);
        m_lastError.kind = Error::Kind::Connection;
        m_lastError.reason = Error::Reason::NotOpened;
        return;
    }
    m_reader = SqliteReader::forDatabase(db);
    QString problem;
    if (!m_dialect->configureConnection(db, &problem)) {
        m_lastError.kind = Error::Kind::Connection;
        m_lastError.driverMessage = problem;
        m_lastError.reason = Error::Reason::SetupFailed;
        return;
    }
    makePostgresReader();
}

void Session::makePostgresReader() {
    const QSqlDatabase db = database();
    // NUMERIC is read as its text only under the policy the dialect set (QSql::HighPrecision)
    m_postgresReader =
        PostgresReader::forDatabase(db, db.numericalPrecisionPolicy() == QSql::HighPrecision);
}

void Session::forgetStatements() {
    m_statements->clear();
    if (m_postgresReader)
        m_postgresReader->clear();
}

Session::~Session() {
    m_reader.reset();
    m_postgresReader.reset();
    m_statements.reset(); // before m_transaction rolls back what is still open
    // A collection owns its children, and a child only points back: no ring of owners, unless a
    // record is its own descendant — a row that refers to itself, or rows that refer to each other
    // through a self-reference or a cycle of foreign keys (what reflected schemas may hold). Then
    // the collections are released with the session, or the ring would outlive it.
    const bool rings =
        m_metadata.hasCycles() ||
        std::any_of(m_metadata.relationships().begin(), m_metadata.relationships().end(),
                    [](const Relationship &r) { return r.parent == r.child; });
    const auto release = [rings](const RecordPtr &record) {
        record->m_rows.setInStoresSession(false);
        if (rings)
            record->dropChildLists();
    };
    m_work.takeNewRows(); // rows kept as cells need no record to be let go
    for (const RecordPtr &record : m_work.pending())
        release(record);
    m_identity.forEach(release);
    for (const RecordPtr &record : m_work.flushedDeletes())
        record->m_rows.setInStoresSession(false);
    m_loader.retireRowStores();
}

quint64 Session::preparedStatementCount() const {
    return m_preparedByEarlierReaders + m_statements->preparedCount() +
           (m_reader ? m_reader->preparedCount() : 0) +
           (m_postgresReader ? m_postgresReader->preparedCount() : 0);
}

bool Session::reconnect() {
    clearError();
    m_statements->clear();
    if (m_reader)
        m_preparedByEarlierReaders += m_reader->preparedCount();
    m_reader.reset();
    if (m_postgresReader)
        m_preparedByEarlierReaders += m_postgresReader->preparedCount();
    m_postgresReader.reset(); // its statements die with the connection
    QSqlDatabase db = database();
    db.close();
    m_transaction.forget();
    if (!db.open()) {
        Error error = m_dialect ? m_dialect->classify(db.lastError(), nullptr) : Error{};
        error.kind = Error::Kind::Connection;
        error.reason = Error::Reason::StillUnreachable;
        setError(error);
        return false;
    }
    m_reader = SqliteReader::forDatabase(db);
    QString problem;
    if (m_dialect && !m_dialect->configureConnection(db, &problem)) {
        Error error;
        error.kind = Error::Kind::Connection;
        error.driverMessage = problem;
        error.reason = Error::Reason::SetupFailed;
        setError(error);
        return false;
    }
    makePostgresReader();
    // A flush that was inside the lost transaction is gone with it: stage its work again.
    if (m_work.hasFlushedWork())
        revertFlushes();
    return true;
}

QSqlDatabase Session::database() const {
    return QSqlDatabase::database(m_connectionName, false);
}

void Session::setStatementLog(StatementLog log) {
    m_log = std::move(log);
}

// --- Errors ------------------------------------------------------------------------------------

void Session::setError(Error error) {
    m_lastError = std::move(error);
    qCDebug(lcSession) << "error:" << m_lastError.fullText();
}

void Session::clearError() {
    m_lastError = Error{};
}

// --- Bookkeeping shared with Record ----------------------------------------------------------

void Session::touch(Record *record) {
    if (record->m_state == ObjectState::Persistent && !record->m_tracked) {
        record->m_tracked = true;
        m_work.addEdited(record->shared_from_this());
    }
    updateChangeCount(record);
}

void Session::recordValueChanged(Record *record, int column, std::optional<bool> modified) {
    if (record->m_state == ObjectState::Persistent && !record->m_tracked) {
        record->m_tracked = true;
        m_work.addEdited(record->shared_from_this());
    }
    // A column that now differs from the database decides it: the record has changes. Only a
    // column set back to its stored value needs the whole record looked at.
    if (record->session() == this && (modified ? *modified : record->isModified(column))) {
        if (!record->m_countedAsChanged)
            countAsChanged(record, true);
    } else {
        updateChangeCount(record);
    }
    announceChanged(record, column);
}

void Session::connectNotify(const QMetaMethod &signal) {
    if (signal == QMetaMethod::fromSignal(&Session::recordAdded))
        m_connected.added = true;
    else if (signal == QMetaMethod::fromSignal(&Session::recordRemoved))
        m_connected.removed = true;
    else if (signal == QMetaMethod::fromSignal(&Session::recordChanged))
        m_connected.changed = true;
    else if (signal == QMetaMethod::fromSignal(&Session::recordStateChanged))
        m_connected.stateChanged = true;
    QObject::connectNotify(signal);
}

void Session::updateChangeCount(Record *record) {
    const bool changed = record->session() == this && record->hasChanges();
    if (changed != record->m_countedAsChanged)
        countAsChanged(record, changed);
}

void Session::countAsChanged(Record *record, bool changed) {
    record->m_countedAsChanged = changed;
    if (m_work.countChange(changed))
        Q_EMIT hasChangesChanged(m_work.hasChangedRecords());
}

void Session::resetChangeCount() {
    if (m_work.resetChangeCount())
        Q_EMIT hasChangesChanged(false);
}

bool Session::hasChanges() const {
    return m_work.hasChanges();
}

// --- Adding ------------------------------------------------------------------------------------

RecordPtr Session::createRecord(const Table &table) {
    RecordPtr record = table.createRecord();
    record->m_rows.keepNewRowIn(m_loader.rowStore(table)); // moved, not changed
    return record;
}

void Session::attachNew(const RecordPtr &record) {
    // Its values go into the row store, as a loaded row's (one slot, 16 bytes a value)
    record->m_rows.keepNewRowIn(m_loader.rowStore(record->table())); // moved, not changed
    enterPending(record);
    updateChangeCount(record.get());
}

void Session::enterSession(Record *record) {
    // A record is in the session whose row store holds its values (Record::session()): values
    // in another session's store, or in a store of the record's own, move into this one's
    const RowStore *store = record->m_rows.store();
    if (!store || store->session() != this)
        record->m_rows.moveTo(m_loader.rowStore(record->table()));
    record->m_rows.setInStoresSession(true);
}

void Session::enterPending(const RecordPtr &record) {
    enterSession(record.get());
    record->m_state = ObjectState::Pending;
    m_work.addPending(record);
    announceAdded(record.get());
    announceStateChanged(record.get());
}

void Session::add(const RecordPtr &record) {
    Q_ASSERT(record);
    if (!record)
        return;
    Q_ASSERT_X(!record->session() || record->session() == this, "Session::add",
               "the record belongs to another session");
    if (record->session() && record->session() != this)
        return;
    if (record->session() == this)
        return;
    if (record->m_state == ObjectState::Transient) {
        attachNew(record);
    } else if (record->m_state == ObjectState::Detached) {
        // Re-attach: the record is persistent again, as stored when it left, and known by the key
        // its row has (a staged key edit is written at commit, as for any record).
        const Table &table = record->table();
        const Key key = record->storedKey();
        if (m_identity.contains(table, key)) {
            Q_ASSERT_X(false, "Session::add", "another record with this key is in the session");
            return;
        }
        enterSession(record.get());
        record->m_state = ObjectState::Persistent;
        m_identity.insert(table, key, record);
        announceAdded(record.get());
        announceStateChanged(record.get());
        touch(record.get());
    } else {
        return;
    }
    cascadeAdd(record.get());
}

Session::ManyChanges::ManyChanges(Session &session, qsizetype records)
    : m_session(session)
    , m_announced(records >= ManyRecords && !session.m_manyChanging) {
    if (m_announced) {
        m_session.m_manyChanging = true;
        Q_EMIT m_session.manyChanging();
    }
}

Session::ManyChanges::~ManyChanges() {
    if (m_announced) {
        m_session.m_manyChanging = false;
        Q_EMIT m_session.manyChanged();
    }
}

void Session::addAll(const RecordList &records) {
    const ManyChanges many(*this, records.size());
    const bool nonePending = m_work.pending().isEmpty();
    for (const RecordPtr &record : records)
        add(record);
    // Where the pending records are now just these (an import's staged records, nothing cascaded),
    // the session keeps the caller's list instead of its own copy (UnitOfWork::sharePending())
    if (nonePending && m_work.pending() == records)
        m_work.sharePending(records);
}

namespace {

/// True where addNewRows() makes the rows records at once (and newRows() keeps each record
/// appended as it is): where something would make them so anyway, a view listing what is added or
/// a server's commit that writes many rows a statement but not by COPY (planned from records).
bool stagesNewRowsAsRecords(const Session &session, const Dialect *dialect) {
    return !dialect || (dialect->writeBatchRows() > 1 && !dialect->copiesRows()) ||
           SessionInternals::announcesAdded(session);
}

} // namespace

std::shared_ptr<NewRows> Session::newRows(const Table &table) {
    return std::make_shared<NewRows>(table, m_loader.rowStore(table),
                                     stagesNewRowsAsRecords(*this, m_dialect.get()));
}

void Session::addNewRows(const std::shared_ptr<NewRows> &rows) {
    if (!rows || rows->isWritten() || rows->size() == 0 || m_work.holdsNewRows(rows.get()))
        return;
    if (rows->holdsRecords() || &rows->store() != m_loader.rowStore(rows->table()).get() ||
        stagesNewRowsAsRecords(*this, m_dialect.get())) {
        addAll(rows->records());
        return;
    }
    const qsizetype count = rows->size();
    m_work.addNewRows(rows);
    if (m_work.countChanges(count)) // every row is a change: none is ever given nothing
        Q_EMIT hasChangesChanged(true);
}

void Session::makeNewRowsRecords() {
    const std::vector<UnitOfWork::PendingRows> held = m_work.takeNewRows();
    // The records added one by one, in entry order; each batch of rows goes in where it entered
    // among them (nothing is held as cells any more, so reading the list asks for nothing)
    const RecordList alone = m_work.takePending();
    qsizetype count = 0;
    for (const UnitOfWork::PendingRows &entry : held)
        count += entry.rows->size();
    const ManyChanges many(*this, count);
    qsizetype next = 0;
    for (const UnitOfWork::PendingRows &entry : held) {
        for (; next < entry.pendingBefore && next < alone.size(); ++next)
            m_work.addPending(alone.at(next));
        for (const RecordPtr &record : entry.rows->records()) {
            if (record->session()) { // added on its own since: counted then, listed in its place
                if (m_work.countChange(false))
                    Q_EMIT hasChangesChanged(false);
                continue;
            }
            record->m_countedAsChanged = true; // counted as a row by addNewRows()
            enterPending(record);
        }
    }
    for (; next < alone.size(); ++next)
        m_work.addPending(alone.at(next));
    if (alone.isEmpty() && held.size() == 1 && m_work.pending() == held.front().rows->records())
        m_work.sharePending(held.front().rows->records()); // one list, the import's
}

void Session::cascadeAdd(Record *record) {
    // save-update runs forward (rule 4): into loaded collections, and up to assigned parents.
    const Table &table = record->table();
    for (const Relationship *relationship : table.childRelationships()) {
        if (!(relationship->cascade & CascadeFlag::SaveUpdate))
            continue;
        const ChildCollection *list = record->childListIfAny(relationship->childSlot);
        if (!list)
            continue;
        const std::vector<RecordPtr> children = list->items(); // add() may touch the list
        for (const RecordPtr &child : children) {
            if (child->m_state == ObjectState::Transient || child->m_state == ObjectState::Detached)
                add(child);
        }
    }
    for (const Relationship *relationship : table.parentRelationships()) {
        if (!(relationship->backrefCascade & CascadeFlag::SaveUpdate))
            continue;
        const RecordPtr parent = record->assignedParent(relationship->parentSlot);
        if (parent &&
            (parent->m_state == ObjectState::Transient || parent->m_state == ObjectState::Detached))
            add(parent);
    }
}

// --- Rolling back ------------------------------------------------------------------------------

void Session::rollback() {
    clearError();
    if (!m_transaction.rollback())
        qCWarning(lcSession) << "ROLLBACK failed:" << m_transaction.lastError().text();
    // Per-column change signals only when a view listens (100,000 restored rows, no views: no
    // column-by-column comparison)
    Restorer::Notices notices;
    notices.leave = [this](Record *record) { leaveSession(record, ObjectState::Transient); };
    if (announcesChanges())
        notices.valueChanged = [this](Record *record, int column) {
            announceChanged(record, column);
        };
    notices.stateChanged = [this](Record *record) { announceStateChanged(record); };
    // Rows kept as cells leave as they are (NewRows keeps them: an undo step adds them again)
    m_work.takeNewRows();
    bool hadChanges = false;
    {
        const ManyChanges many(*this, m_work.pending().size() + qsizetype(m_work.edited().size()) +
                                          qsizetype(m_work.flushedInserts().size()) +
                                          qsizetype(m_work.flushedDeletes().size()));
        hadChanges = Restorer(m_work, m_identity, this).rollback(notices);
    }
    if (hadChanges)
        Q_EMIT hasChangesChanged(false);
    Q_EMIT rolledBack();
}

// --- State -------------------------------------------------------------------------------------

ObjectState Session::state(const RecordPtr &record) const {
    Q_ASSERT(record);
    return record->m_state;
}

bool Session::contains(const RecordPtr &record) const {
    return record && record->session() == this;
}

RecordList Session::newRecords(const Table &table) const {
    RecordList result;
    for (const RecordPtr &record : m_work.pending()) {
        if (&record->table() == &table)
            result.append(record);
    }
    return result;
}

RecordList Session::editedRecords(const Table &table) const {
    RecordList result;
    for (const RecordPtr &record : m_work.edited()) {
        if (&record->table() == &table && record->state() == ObjectState::Persistent)
            result.append(record);
    }
    return result;
}

QSet<const Table *> Session::changedTables() const {
    QSet<const Table *> tables;
    for (const RecordPtr &record : m_work.pending())
        tables.insert(&record->table());
    for (const RecordPtr &record : m_work.edited())
        tables.insert(&record->table());
    return tables;
}

ActionStarts Session::foreignKeyActionStarts() const {
    const auto orphaned = [](const Record &record) {
        const QList<const Relationship *> &references = record.table().parentRelationships();
        return std::any_of(references.cbegin(), references.cend(), [&](const Relationship *r) {
            return (r->cascade & CascadeFlag::DeleteOrphan) &&
                   SessionInternals::isOrphaned(record, *r);
        });
    };
    // The columns of each table that a foreign key refers to, found once per table asked about
    QHash<const Table *, QSet<int>> referenced;
    const auto referencedColumnsOf = [&](const Table &table) -> const QSet<int> & {
        auto found = referenced.find(&table);
        if (found == referenced.end())
            found = referenced.insert(&table, referencedColumns(m_metadata, table));
        return *found;
    };
    ActionStarts starts;
    for (const RecordPtr &record : m_work.edited()) {
        const Table &table = record->table();
        if (record->isMarkedForDelete() || orphaned(*record)) {
            starts.deleting.insert(&table);
            continue;
        }
        // Against the committed row: an edit staged now, or written by an earlier flush
        if (!record->hasCommittedValues() || starts.rekeying.contains(&table))
            continue;
        const QSet<int> &columns = referencedColumnsOf(table);
        if (std::any_of(columns.cbegin(), columns.cend(), [&](int column) {
                return !values::same(record->committedValue(column), record->value(column));
            }))
            starts.rekeying.insert(&table);
    }
    for (const RecordPtr &record : m_work.flushedDeletes())
        starts.deleting.insert(&record->table());
    return starts;
}

RecordPtr Session::findLoaded(const Table &table, const QVariant &id) const {
    if (id.isNull())
        return nullptr;
    return m_identity.find(table, Key::fromId(table, id));
}

RecordPtr Session::findLoaded(const Table &table, const Key &key) const {
    return m_identity.find(table, key);
}

RecordPtr Session::findLoadedParent(const Relationship &relationship, const Key &parentKey) const {
    if (parentKey.isNull())
        return nullptr;
    if (relationship.refersToPrimaryKey()) {
        RecordPtr parent = m_identity.find(*relationship.parent, parentKey);
        // The identity map finds exact keys only: 'alfki' names a NOCASE key's 'ALFKI' too
        if (parent || collated::ofReference(relationship).isEmpty())
            return parent;
    }
    return m_parentIndex.find(m_identity, relationship, parentKey);
}

RecordValues &Session::valuesOf(Record *record) {
    m_parentIndex.valuesChanged(record->table());
    return record->m_rows;
}

} // namespace orm
