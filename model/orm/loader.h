#pragma once

#include "error.h"
#include "key.h"
#include "rowstore.h"
#include "types.h"

#include <QList>
#include <QString>
#include <QVariantList>
#include <functional>
#include <memory>
#include <vector>

namespace orm {

class IdentityMap;
struct Relationship;
class Session;
class Transaction;
class UnitOfWork;

/// SQL that selects the primary keys of a set of rows (a superset is fine), with its binds.
/// Internal to the delete resolver's level-by-level loading (Loader::loadChildren()).
struct KeySource {
    QString sql;
    QVariantList binds;
    bool isValid() const { return !sql.isEmpty(); }
};

/// Where a SELECT of every column of one table hands its rows (Session::selectRows()): a reader
/// that writes rows straight into a row store hands each slot as it is read; QPSQL's rows are
/// read whole, filtered as they come, and handed over as lists once the statement is finished
/// (making a record announces it, and a slot that reads would disturb the statement).
class RowSink {
public:
    virtual ~RowSink() = default;
    /// The store a reader writes into, asked once the statement is logged.
    virtual RowStore &store() = 0;
    /// A row a reader wrote into store(): the sink takes the slot over (keeps or releases it).
    /// False stops the read.
    virtual bool takeSlot(int slot) = 0;
    /// A row QPSQL read: false leaves it out.
    virtual bool keeps(const QVariantList &row) = 0;
    /// A row kept, after the statement finished.
    virtual void takeRow(QVariantList row) = 0;
};

/// Turns rows into records (issue 13, a session made of parts; docs/contract.md §2 rule 11): a
/// row read becomes a persistent record of its session, adopted into the identity map, its values
/// in its table's row store — or, when the key is known already, the record the session has,
/// which takes the row only while it has nothing staged and no transaction is open (staged
/// values win). On top of that it loads what records need: records by key, one by one or in
/// chunks, a child's parent and the collections of many parents at once in a bounded number of
/// statements.
///
/// It owns the per-table row stores the rows go into. The SELECTs run through the session
/// (Session::selectRows(): its readers, its statement log, its lastError()), which also emits
/// recordAdded / recordChanged for what the loader adopts; the loader never clears the
/// session's error (the session's entry points do).
class Loader {
public:
    Loader(Session &session, IdentityMap &identity, UnitOfWork &work,
           const Transaction &transaction);
    ~Loader();
    Loader(const Loader &) = delete;
    Loader &operator=(const Loader &) = delete;

    /// Why the last load that returned false failed, as facts: the session's lastError(), as its
    /// statements run through the session.
    const Error &error() const;

    // --- Rows to records ---------------------------------------------------------------------

    /// Where the committed rows of a table's records are kept, made on first use (again after a
    /// schema change gave the table another number of columns).
    const RowStoreRef &rowStore(const Table &table);
    /// The session ends: every store stops recycling slots (RowStore::retire()).
    void retireRowStores();
    /// The record of a row read: the identity map's, refreshed when it is untouched and no
    /// transaction is open (moved between loaded collections when a foreign key changed), else a
    /// new persistent record in the map (announced with recordAdded).
    RecordPtr recordFromRow(const Table &table, QVariantList row);
    /// recordFromRow() for a row a reader wrote into `store`'s `slot`: a new record takes the
    /// slot as its committed row (announced with recordAdded), otherwise the slot is released.
    RecordPtr recordFromSlot(const Table &table, const RowStoreRef &store, int slot);

    /// A row's values as a list, before any record is made: false from it leaves the row out.
    using RowFilter = std::function<bool(const QVariantList &row)>;
    /// Runs a SELECT of every column of `table` and appends the records of its rows to `out`
    /// (may be null). With `filter`, each row goes through it first (refresh's captures). False
    /// when the statement failed (the session's lastError() says why).
    bool select(const Table &table, const QString &sql, const QVariantList &binds, RecordList *out,
                const RowFilter *filter = nullptr);

    // --- Records by key ----------------------------------------------------------------------

    /// From the identity map, else one SELECT. nullptr when there is no such row (or reading
    /// failed).
    RecordPtr get(const Table &table, const Key &key);
    /// get(), telling a failed read from a missing row: false with error() when reading failed;
    /// `*record` null when there is no such row.
    [[nodiscard]] bool find(const Table &table, const Key &key, RecordPtr *record);
    /// Session::getMany(): each key once, from the identity map or read in chunks() of keys.
    RecordList getMany(const Table &table, const QVariantList &ids);

    // --- Relationships -----------------------------------------------------------------------

    /// The record the child's foreign key names: get() when it refers to the primary key, else
    /// the loaded parent with that unique key or one SELECT by it.
    RecordPtr loadParent(const Record &child, const Relationship &relationship);
    /// Loads the collections of the parents (persistent or deleted, not yet loaded) in a bounded
    /// number of statements: one key range for dense integer keys, the parents' own query as a
    /// subquery through `parentKeys` when there are many, else chunks() of IN lists. Children
    /// staged to move away stay out, children staged to move here (or added while unloaded) go
    /// in; a parent whose collection then differs from the committed one is touched (rollback
    /// restores it). `childKeys` says how to select the keys of what was loaded (next level).
    bool loadChildren(const RecordList &parents, const Relationship &relationship,
                      const KeySource *parentKeys = nullptr, KeySource *childKeys = nullptr);

    // --- Chunks of keys ----------------------------------------------------------------------

    /// A run of keys that one IN list takes: keys [start, start + size).
    struct Chunk {
        qsizetype start = 0;
        qsizetype size = 0;
        bool operator==(const Chunk &) const = default;
    };
    /// `keys` keys of `width` values each, in IN lists of at most StatementBuilder::chunkRows()
    /// keys (StatementBuilder::ChunkParameters binds; one key a list, however wide it is), in
    /// order: what every multi-key read of the loader runs, one statement a chunk.
    static QList<Chunk> chunks(qsizetype keys, qsizetype width);

private:
    class RecordSink;
    /// Keeps the rows whose value in `column` is accepted: read from the row store where the
    /// reader writes there, so no row list is made for it.
    struct ColumnFilter {
        int column = -1;
        std::function<bool(const QVariant &value)> accepts;
        /// Optional: the same answer for a qint64 cell, asked without making its QVariant.
        std::function<bool(qint64 value)> acceptsInteger;

        bool acceptsCell(const RowStore &store, int slot) const;
    };
    /// A record made of a row, handed over as it is made (a load of 100,000 children groups them
    /// by parent as they come, with no list of them all).
    using EachRecord = std::function<void(RecordPtr &&record)>;
    /// Runs a SELECT of every column of `table` and hands each record kept by `columnFilter` to
    /// `each`. False when the statement failed.
    bool select(const Table &table, const QString &sql, const QVariantList &binds,
                const EachRecord &each, const ColumnFilter *columnFilter);
    /// True when the children of `parents` parents are best read by a scan of the child table
    /// (SQLite, most of the parent table's rows): see loader.cpp.
    bool readsWholeChildTable(const Relationship &relationship, qsizetype parents);
    /// A new persistent record of the session, in the identity map when its row has a key.
    void enter(const RecordPtr &record, const Key &key);

    Session &m_session;
    IdentityMap &m_identity;
    UnitOfWork &m_work;
    const Transaction &m_transaction;
    std::vector<RowStoreRef> m_rowStores; ///< by dependency rank, made on first use
    /// Stores a table's new shape replaced (records may still be in them): retired with the
    /// others, so that no record asks a session that is gone for itself (Record::session()).
    std::vector<RowStoreRef> m_replacedStores;
};

} // namespace orm
