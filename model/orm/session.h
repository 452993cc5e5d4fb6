#pragma once

#include "deletepreview.h"
#include "dialect.h"
#include "error.h"
#include "foreignkeyactions.h"
#include "identitymap.h"
#include "loader.h"
#include "metadata.h"
#include "parentindex.h"
#include "pendingchanges.h"
#include "record.h"
#include "transaction.h"
#include "unitofwork.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QSqlQuery;

namespace orm {

class NewRows;
class StatementCache;
class StatementBuilder;
class SqliteReader;
class PostgresReader;
struct FlushPlan;
struct FlushResult;

/// A query over one table: an optional WHERE fragment with `?` placeholders (values always travel
/// as bound parameters), an order and a page.
struct Query {
    QString where;
    QVariantList binds;
    int orderColumn = -1; ///< column index; -1: by primary key
    Qt::SortOrder order = Qt::AscendingOrder;
    /// A foreign key order column sorts by the referenced record's display column (what a view
    /// shows in the cell), not by the key; then by the key itself, so equal names keep an order.
    bool orderByReferencedName = false;
    qint64 limit = -1;
    qint64 offset = 0;
    /// Keyset paging: only the rows after (`keysetAfter`) or before the row whose values of the
    /// order columns (orderColumn, then the key columns) are these, in `order`. Empty: no bound.
    QVariantList keysetFrom = {};
    bool keysetAfter = true;
};

/// A unit of work over one database connection, in the spirit of SQLAlchemy's Session with
/// autoflush=False and expire_on_commit=True (docs/contract.md §2 holds the twelve rules).
///
/// - add() moves a transient record (and what cascades save-update from it) to *pending*;
///   nothing reaches the database before flush() or commit().
/// - remove() marks a persistent record (and what cascades delete from it) for delete; it becomes
///   *deleted* at flush and *detached* at commit. remove() of a pending record discards it.
/// - commit() flushes in one transaction and commits; on failure the database is rolled back and
///   memory is exactly as before the call (no keys, no filled foreign keys, deletes still
///   staged) — see lastError() for what and where.
/// - rollback() restores every record from its committed snapshot without a database round
///   trip; pending records become transient and leave the session, keeping their values.
///
/// The session owns (keeps alive) every record in it. Views listen to its signals.
class Session : public QObject {
    Q_OBJECT
public:
    /// The session configures the connection (SQLite: foreign keys on), opening it first if it is
    /// closed (when that fails, lastError() says why and reconnect() tries again). Open or close
    /// it behind the session's back afterwards and the set-up is lost: use reconnect().
    Session(const QSqlDatabase &database, const Metadata &metadata, QObject *parent = nullptr);
    Session(const QString &connectionName, const Metadata &metadata, QObject *parent = nullptr);
    ~Session() override;

    const Metadata &metadata() const { return m_metadata; }
    QSqlDatabase database() const;
    const Dialect &dialect() const { return *m_dialect; }
    /// False when the connection's driver is not supported (lastError() says which).
    bool isValid() const { return m_dialect != nullptr; }

    // --- Moving records in and out -----------------------------------------------------------

    /// A new, transient record of `table` (Table::createRecord()'s), whose values are kept in this
    /// session's row store from the first one set, as they will be once add() takes it: what an
    /// import of many rows builds its records with, so that none holds a list of its own.
    RecordPtr createRecord(const Table &table);
    /// transient → pending (with everything that cascades save-update); detached → persistent.
    /// A record already in this session is left as it is.
    void add(const RecordPtr &record);
    void addAll(const RecordList &records);
    /// An empty NewRows over this session's row store for `table`: rows for addNewRows(), each
    /// appended as a record createRecord() made and filled (NewRows::append()).
    std::shared_ptr<NewRows> newRows(const Table &table);
    /// Stages `rows` as new records would be staged in their order (addAll()), but keeps them as
    /// cells, with no record a row (a million-row import), while nothing asks for them as records:
    /// a commit() with nothing else staged writes them from there, and rollback() takes them out
    /// again (NewRows keeps them). Whatever reads the pending records (a flush, a view's list, a
    /// delete's preview, a load of their parents' collections) gets them as records, made then.
    /// Made records at once where a view listens to recordAdded, where the rows are records
    /// already or of another session, and where the commit writes many rows a statement (it plans
    /// them as records). Rows staged here already, or written by a commit, add nothing.
    void addNewRows(const std::shared_ptr<NewRows> &rows);
    /// Marks a persistent record for delete, cascading `delete` (children are loaded, in a bounded
    /// number of queries). A pending record is discarded instead (★). Removing twice is a no-op.
    /// Fails for a transient or detached record (Error::Kind::Usage) or when loading children
    /// fails.
    [[nodiscard]] bool remove(const RecordPtr &record);
    /// With DeleteMode::WithDependents, first marks every row that would block the delete (rows
    /// that refer to it, or to rows the database cascades to, with RESTRICT / NO ACTION),
    /// transitively, deepest first. Fails, marking nothing, when a dependent cannot be deleted
    /// (a read-only table, rows that block each other): lastError() names it.
    [[nodiscard]] bool remove(const RecordPtr &record, DeleteMode mode);
    [[nodiscard]] bool removeAll(const RecordList &records);
    /// Takes back a remove() (undo): the record and what its delete cascaded to are no longer
    /// marked. Records removed on their own stay marked; discarded pending records stay
    /// transient (add() them again). False when the record is not marked for delete.
    bool unremove(const RecordPtr &record);
    /// Takes a record out of the session without deleting it: pending → transient,
    /// persistent → detached. Cascades along `expunge`.
    void expunge(const RecordPtr &record);
    /// Empties the session (every record leaves: pending → transient, persistent → detached).
    /// Staged changes are thrown away; call after commit() to free memory.
    void expungeAll();
    /// Frees memory for views over large tables: each record of `records` that is persistent,
    /// unchanged and held by nothing but the session and this list leaves the identity map and is
    /// destroyed with the list (no signals: nobody holds it). A later get() or query() reads it
    /// again. Records with staged changes, or held elsewhere (a collection, a view), stay.
    /// Returns how many were released.
    qsizetype releaseUnused(RecordList &&records);

    // --- Writing -------------------------------------------------------------------------------

    /// Writes staged changes inside a transaction that commit() or rollback() ends.
    [[nodiscard]] bool flush();
    /// flush() + COMMIT. On failure nothing staged is lost (rule 8).
    [[nodiscard]] bool commit();
    /// Throws every staged change away and restores committed values (rule 7).
    void rollback();

    /// Closes and reopens the connection after it was lost (a server restart, a terminated
    /// backend), sets it up again and forgets prepared statements. Staged changes stay: commit()
    /// again afterwards. False with lastError() when the database is still unreachable.
    [[nodiscard]] bool reconnect();

    // --- Reading -------------------------------------------------------------------------------

    /// The record with this primary key: from the identity map, else from the database. `id` is
    /// the value of a one-column key, or a QVariantList of the values in key order for a
    /// composite key (Record::id() gives either). nullptr when there is no such row (or the
    /// query failed: see lastError()).
    RecordPtr get(const Table &table, const QVariant &id);
    /// The records with these keys (each as get() takes it), from the identity map or read in
    /// chunked queries — one per chunk, never one per key. Keys without a row are left out.
    RecordList getMany(const Table &table, const QVariantList &ids);
    template <class T>
    std::shared_ptr<T> get(const QVariant &id);
    /// Rows of a table through the identity map: staged values win over the rows (rule 11).
    RecordList query(const Table &table, const Query &query = {});
    /// The rows `query` selects as the database holds them, in its order, each handed to `row`
    /// as it is read (false from `row` stops): no record is made or refreshed, staged values are
    /// not seen (an export of committed rows reads a million rows this way).
    bool readRows(const Table &table, const Query &query,
                  const std::function<bool(const QVariantList &row)> &row);
    /// Number of rows in the database matching the query (staged changes not counted).
    qint64 count(const Table &table, const Query &query = {});
    /// Loads a relationship's collections for many parents at once (one query per chunk).
    [[nodiscard]] bool loadChildren(const RecordList &parents, const Relationship &relationship);
    /// The record with this key (shaped as for get()) if the session has it in memory; never
    /// queries.
    RecordPtr findLoaded(const Table &table, const QVariant &id) const;
    RecordPtr findLoaded(const Table &table, const Key &key) const;
    /// The parent in memory whose referenced columns hold `parentKey`
    /// (Relationship::parentKeyOf()): through the identity map when they are its primary key,
    /// else through an index of the loaded parents by that key (ParentIndex); never queries.
    RecordPtr findLoadedParent(const Relationship &relationship, const Key &parentKey) const;

    // --- State ---------------------------------------------------------------------------------

    ObjectState state(const RecordPtr &record) const;
    bool contains(const RecordPtr &record) const;
    bool hasChanges() const;
    /// Between a flush() and its commit() or rollback(): the database holds rows no commit has
    /// made yet.
    bool inTransaction() const { return m_transaction.isOpen(); }
    /// Pending records of a table, in the order they entered the session (views show them).
    RecordList newRecords(const Table &table) const;
    /// Persistent records of a table edited since the last commit (a value staged, a reference
    /// moved, marked for delete), in the order first edited; pending ones are newRecords(). A
    /// record whose edit was set back may still be listed: ask Record::isModified(). Never
    /// queries.
    RecordList editedRecords(const Table &table) const;
    /// The tables that hold a staged change (a new, edited or deleted record), without building
    /// the changes themselves: what a commit writes to, before the database's own actions.
    QSet<const Table *> changedTables() const;
    /// Where a commit now would set the database's foreign key actions off: the tables it deletes
    /// rows from (records marked for delete, orphans a delete-orphan rule takes, rows an earlier
    /// flush of the transaction deleted) and those whose referenced columns it changes (a key, or
    /// the unique columns a foreign key names; staged or flushed). tablesReachedByActions() says
    /// where the actions go.
    ActionStarts foreignKeyActionStarts() const;
    /// New, modified and deleted records with their column changes, in flush order.
    QList<PendingChange> pendingChanges();
    /// pendingChanges(), the first `listed` of each kind (every one when negative), and how many
    /// there are by kind and table: the other changes are counted, not made.
    PendingListing pendingListing(qsizetype listed);
    /// pendingChanges().size(), without making the changes.
    qsizetype pendingChangeCount();
    /// The statements commit() would run, with values rendered inline (a dry run; nothing runs
    /// but the loading of children that a delete needs): BEGIN, at most `limit` of them (every
    /// one when negative), COMMIT. `*notShown`, when given: how many were left out.
    QStringList previewSql(qsizetype limit = -1, qsizetype *notShown = nullptr);
    /// What deleting this record would do, without staging anything.
    DeletePreview previewDelete(const RecordPtr &record);
    /// With DeleteMode::WithDependents: what remove(record, WithDependents) would do — every
    /// dependent listed as deleted (depth 0), blockers only for what cannot be deleted.
    DeletePreview previewDelete(const RecordPtr &record, DeleteMode mode);
    /// What deleting these records together would do (a selection of rows): every one of them at
    /// depth 0, `root` the first. Children are loaded in a bounded number of queries however many
    /// records there are, and stay loaded, so remove() of each afterwards runs no query — up to
    /// deletePreviewListLimit() rows per cascade level: more are counted in SQL instead
    /// (DeletePreview::counted, listed on demand with its condition), and remove() loads them.
    DeletePreview previewDelete(const RecordList &records);
    /// Rows of one `delete` cascade level a preview loads and lists; past it, it counts them.
    qint64 deletePreviewListLimit() const { return m_deletePreviewListLimit; }
    void setDeletePreviewListLimit(qint64 rows) {
        m_deletePreviewListLimit = std::max<qint64>(0, rows);
    }

    const Error &lastError() const { return m_lastError; }

    // --- Schema --------------------------------------------------------------------------------

    /// CREATE TABLE for every table (parents first) and an index on every foreign key column.
    [[nodiscard]] bool createAll();
    /// DROP TABLE for every table (children first); empties the session.
    [[nodiscard]] bool dropAll();

    /// Called with every statement the session runs and its bound values (tests, the log pane).
    using StatementLog = std::function<void(const QString &sql, const QVariantList &binds)>;
    void setStatementLog(StatementLog log);
    /// Number of statements run so far (for bounded-query checks).
    quint64 statementCount() const { return m_statementCount; }
    /// Number of statements prepared so far: a statement shape (table and column set) run many
    /// times in one flush or read is prepared once.
    quint64 preparedStatementCount() const;

    // --- Other users: resolving conflicts, refreshing (sessionrefresh.cpp) -------------------

    /// How to settle a conflict on one record (Error::Kind::Conflict after commit()).
    enum class Resolution {
        TakeDatabase, ///< the row as it is now wins: this record's staged edit or delete is dropped
        KeepMine,     ///< my edit or delete stays staged, checked against the row as it is now
    };
    /// Reads the conflicting record's row as it is now and settles the conflict; commit() again
    /// afterwards. Other staged edits are untouched. What happens, by case:
    /// - I edited, they edited: TakeDatabase: values, stored and committed snapshot become the
    ///   row's. KeepMine: the snapshot becomes the row's; my modified columns keep my values,
    ///   the others take the row's (their edit of other columns survives my commit).
    /// - I edited, they deleted: TakeDatabase: the record leaves the session (detached).
    ///   KeepMine: the record is pending again with my values and its old key (both dialects
    ///   accept an explicit key), so the next commit re-inserts the row under the same id.
    /// - I deleted, they edited: TakeDatabase: the delete is taken back (unremove) and the
    ///   record shows the row. KeepMine: the delete stays staged, checked against the new row.
    /// - I deleted, they deleted: either way the record leaves the session (its row is gone).
    /// False (lastError()) when the row cannot be read or the record is not in a state a
    /// conflict can concern (transient, pending, detached: Error::Kind::Usage).
    [[nodiscard]] bool resolveConflict(const RecordPtr &record, Resolution resolution);
    /// Re-reads the row of every loaded persistent record without staged changes (the "database
    /// changed — refresh" notice): they show other users' committed values, and those whose row
    /// was deleted leave the session. Records with staged changes are left alone (staged values
    /// win). False (lastError()) when reading fails; records read before the failure stay
    /// refreshed.
    [[nodiscard]] bool refreshUnchanged();
    /// The record's row as the database holds it now, read without changing the record (what a
    /// conflict dialog shows beside the staged values). False when the row is gone (lastError()
    /// is None) or reading failed (lastError() says why).
    bool currentRow(const RecordPtr &record, QVariantList *row);

private:
    enum class RowRead { Found, Gone, Failed };
    RowRead readRow(const Table &table, const Key &key, QVariantList *row);
    /// Makes `row` the record's stored and committed snapshot and its values (with `keepMine`,
    /// modified columns keep the staged value), moving it between loaded collections when a
    /// foreign key changes, and signals what changed.
    void adoptRow(Record *record, const QVariantList &row, bool keepMine);
    /// The record's row is gone: out of its parents' collections and out of the session.
    void dropGoneRecord(Record *record);
    /// A row as a table holds it (stored values), for followDatabaseActions().
    using TableRow = QPair<const Table *, QVariantList>;
    /// After a commit that deleted these rows and changed the keys of those (each row before and
    /// after, one after the other): the loaded records of rows the database changed by its ON
    /// DELETE / ON UPDATE CASCADE, SET NULL or SET DEFAULT (and the triggers those fire) are read
    /// again, where the action left them (a key it moved: under the new key), level by level.
    void followDatabaseActions(QList<TableRow> deleted, QList<TableRow> keysEdited);
    /// True when a foreign key referring to `parent` has an ON DELETE action the database takes
    /// (CASCADE, SET NULL, SET DEFAULT): only then does followDatabaseActions() read the rows of
    /// `parent` a commit deleted.
    bool databaseFollowsDeletesOf(const Table &parent) const;
    /// The value the database gives the column for SET DEFAULT (a declared literal, or the
    /// DEFAULT evaluated). False (lastError()) when it cannot be read.
    bool columnDefault(const Table &table, int column, QVariant *value);
    /// True when the plan, or what this transaction flushed before, writes to a table with
    /// triggers, directly or through the database's ON DELETE / ON UPDATE actions: they may have
    /// changed any loaded row, which commit then reads again (sessionactions.cpp).
    bool reachesTriggers(const FlushPlan &plan) const;

public:
Q_SIGNALS:
    void recordAdded(orm::Record *record);   ///< entered the session (pending or loaded)
    void recordRemoved(orm::Record *record); ///< left the session (expunged, discarded, deleted)
    void recordChanged(orm::Record *record, int column); ///< a staged or stored value changed
    void recordStateChanged(orm::Record *record); ///< marked/unmarked for delete, flushed, …
    void hasChangesChanged(bool hasChanges);
    void committed();
    void rolledBack();
    void schemaChanged(); ///< createAll()/dropAll() ran: views reload
    /// Many records are about to enter, leave or change at once (an import staged or undone, its
    /// commit, a rollback): a view may stop following the per-record signals above, which still
    /// come, until manyChanged(), and then read what it shows again. A view that inserted or
    /// removed 100,000 rows one by one took minutes. Announced from ManyRecords records on.
    void manyChanging();
    void manyChanged();

public:
    /// Records a change must reach for manyChanging() to announce it.
    static constexpr qsizetype ManyRecords = 256;

private:
    /// manyChanging() for its lifetime when it concerns ManyRecords records or more, and
    /// manyChanged() at its end; nested ones within the outermost announce nothing.
    class ManyChanges {
    public:
        ManyChanges(Session &session, qsizetype records);
        ~ManyChanges();
        ManyChanges(const ManyChanges &) = delete;
        ManyChanges &operator=(const ManyChanges &) = delete;

    private:
        Session &m_session;
        bool m_announced = false;
    };

    friend class Record;
    friend class SessionInternals;
    friend class FlushExecutor;
    friend class NewRowsCommit;
    class Selects; // the SelectRunner the parts get (sessionselects.h)

    // Record hooks
    void touch(Record *record);
    void recordValueChanged(Record *record, int column, std::optional<bool> modified);
    void updateChangeCount(Record *record);
    void countAsChanged(Record *record, bool changed);
    bool loadCollection(Record *parent, const Relationship &relationship);
    RecordPtr loadParent(const Record *child, const Relationship &relationship);
    void cascadeAdd(Record *record);
    void attachNew(const RecordPtr &record);
    /// A record joins the pending ones, last in entry order, and views are told.
    void enterPending(const RecordPtr &record);
    /// The record is in this session from now on (Record::session()): its values move into this
    /// session's row store first if another holds them.
    void enterSession(Record *record);
    /// The rows addNewRows() kept as cells become pending records, in their entry order (what
    /// UnitOfWork asks before anyone reads its pending records).
    void makeNewRowsRecords();
    /// After a NewRowsCommit ran (commit() of nothing but rows kept as cells): the rows are the
    /// database's, their cells let go (read again like any other), nothing staged, what triggers
    /// did read again, committed() emitted.
    void applyNewRowsCommit();

    // Shared machinery (implemented in session*.cpp)
    bool runFlush(bool commitAfter);
    void setError(Error error);
    void clearError();
    /// A record's values, to change them: ParentIndex is told that they change.
    RecordValues &valuesOf(Record *record);
    void leaveSession(Record *record, ObjectState newState);
    void discardPending(Record *record);
    void resetChangeCount();
    /// What the flushes of a lost transaction wrote is staged again (Restorer::revertFlushes()).
    void revertFlushes();
    /// A statement the database refused: the error, classified, becomes lastError(); false.
    bool refused(const QSqlError &sqlError, const Table *table);
    /// Counts a statement, hands it to the statement log and the shelf.orm.sql debug category.
    void logStatement(const QString &sql, const QVariantList &binds);
    void describeFailure(Error &error, bool conflict);
    /// The first table with a row that refers to `record`'s stored key (or the unique columns a
    /// foreign key names) by a foreign key whose ON UPDATE (ON DELETE, for a record marked for
    /// delete) leaves it in place, read now; nullptr when none does.
    const Table *referringTable(const Record &record);
    void applyFlush(FlushPlan &plan, FlushResult &result, bool committedNow);
    /// Room in the identity map for the plan's inserts under integer keys, made once.
    void reserveIdentities(const FlushPlan &plan);
    /// BEGIN through m_transaction; when refused, lastError() says that nothing was saved.
    bool beginTransaction();
    /// lastError() for a BEGIN the database refused (m_transaction.lastError()); false.
    bool transactionNotStarted();
    /// Undoes what a flush wrote so far and starts it again (its savepoint, or a new
    /// transaction): for the row-by-row run after a refused batch.
    bool restartFlush();
    /// With `inlined`: run on that query, the values written into the text by the driver
    /// (Dialect::inlinesBatchValues()), nothing prepared.
    bool execute(const QString &sql, const QVariantList &binds, const Table *table,
                 QSqlQuery **result = nullptr, QSqlQuery *inlined = nullptr);
    /// What one INSERT/UPDATE/DELETE did.
    struct WriteResult {
        qint64 changes = 0;
        QVariant lastInsertId;
        QVariantList returned; ///< the RETURNING row, if the statement has one
        /// Every RETURNING row, in the order the database sent them (a batched statement's;
        /// filled when `allRows` is asked for).
        QList<QVariantList> rows;
    };
    bool executeWrite(const QString &sql, const QVariantList &binds, const Table *table,
                      int returnedColumns, WriteResult *result, bool allRows = false,
                      bool inlineValues = false);
    /// The same, binding a row of the row store (a new record's INSERT, a stored record's
    /// UPDATE): on SQLite's reader no
    /// value list is made unless the statement log or the debug category reads it.
    bool executeWrite(const QString &sql, const RowCells &cells, const Table *table,
                      int returnedColumns, WriteResult *result);
    /// What executeWrite() returns once the reader ran: the refusal as lastError(), or the rowid.
    bool wrote(bool written, const QSqlError &sqlError, const Table *table, qint64 rowId,
               WriteResult *result);
    void clearReaderStatements();
    /// Forgets every prepared statement (QPSQL's and the PostgreSQL reader's): a schema change, a
    /// lost connection.
    void forgetStatements();
    /// Makes the PostgreSQL reader for a connection just set up (nothing on SQLite).
    void makePostgresReader();
    /// Runs a SELECT of every column of `table` through the reader the connection has (SQLite's
    /// C API, libpq) or QPSQL, logged and counted, and hands its rows to `sink` (the Loader's
    /// records). False with lastError() when the statement fails.
    bool selectRows(const Table &table, const QString &sql, const QVariantList &binds,
                    RowSink &sink);
    /// The record and every row that would block its delete, deepest dependents first; false
    /// with `preview` holding what still blocks (or the error) when they cannot all be deleted.
    bool collectDependents(const RecordPtr &record, RecordList *all, DeletePreview *preview);
    /// The database's ON UPDATE CASCADE moved the loaded children of a parent whose key changed
    /// from `before`: their foreign key follows in memory (rule 6).
    void followKeyUpdate(const Record &parent, const Key &before,
                         QList<QPair<Record *, int>> *changedColumns);

    QString m_connectionName;
    const Metadata &m_metadata;
    std::unique_ptr<Dialect> m_dialect;
    std::unique_ptr<StatementBuilder> m_sql; ///< SQL about keys (null without a dialect)
    std::unique_ptr<StatementCache> m_statements;
    std::unique_ptr<SqliteReader> m_reader; ///< SQLite only: SELECTs through the C API
    /// PostgreSQL only: SELECTs through libpq on QPSQL's connection (made once it is set up)
    std::unique_ptr<PostgresReader> m_postgresReader;
    int m_readDepth = 0; ///< reads through m_reader or m_postgresReader in progress (0 or 1)
    IdentityMap m_identity;
    /// Loaded parents by a unique key other than their primary key: a cache findLoadedParent()
    /// fills, told of every change of a record's values (valuesOf(), Record::changingValues())
    mutable ParentIndex m_parentIndex;
    UnitOfWork m_work;         ///< what is staged since the last commit, and what a flush wrote
    Transaction m_transaction; ///< open between a flush() and its commit() or rollback()
    /// Rows to records, records by key, parents and collections; the tables' row stores
    Loader m_loader;
    std::unique_ptr<Selects> m_selects; ///< the SELECTs of the parts without a method here
    Error m_lastError;
    /// What the reader says of a write it could not run: one kept for every write, as a
    /// QSqlError made per statement allocated its private part (w1: 110,000 INSERTs).
    QSqlError m_writeError;
    StatementLog m_log;
    quint64 m_statementCount = 0;
    /// Enough to list any ordinary delete row by row; an author with 100,000 books is counted.
    qint64 m_deletePreviewListLimit = 10000;
    quint64 m_preparedByEarlierReaders = 0; ///< by readers a reconnect() replaced
    bool m_manyChanging = false;            ///< between manyChanging() and manyChanged()
    /// The per-record signals something connected to once (connectNotify()): until then they are
    /// not sent, where an emission with no receiver cost w5 90 instructions an edit and w1 three
    /// of 70 a new record. Not cleared on disconnect: a signal sent to nobody is only slower.
    struct ConnectedSignals {
        bool added = false;
        bool removed = false;
        bool changed = false;
        bool stateChanged = false;
    } m_connected;
    void announceAdded(Record *record) {
        if (m_connected.added)
            Q_EMIT recordAdded(record);
    }
    void announceRemoved(Record *record) {
        if (m_connected.removed)
            Q_EMIT recordRemoved(record);
    }
    void announceStateChanged(Record *record) {
        if (m_connected.stateChanged)
            Q_EMIT recordStateChanged(record);
    }
    void announceChanged(Record *record, int column) {
        if (m_connected.changed)
            Q_EMIT recordChanged(record, column);
    }
    /// True once something listens to recordChanged: only then is it worth comparing a record's
    /// columns one by one to say which changed (a rollback, a commit of 100,000 rows).
    bool announcesChanges() const { return m_connected.changed; }

protected:
    void connectNotify(const QMetaMethod &signal) override;
};

template <class T>
std::shared_ptr<T> Session::get(const QVariant &id) {
    return std::static_pointer_cast<T>(get(T::staticTable(), id));
}

} // namespace orm
