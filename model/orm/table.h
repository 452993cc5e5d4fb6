#pragma once

#include "column.h"
#include "recordpool.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <functional>

namespace orm {

/// The writes a table's triggers fire on (any timing: BEFORE, AFTER, INSTEAD OF).
enum class TriggerEvent {
    Insert = 0x1,
    Update = 0x2, ///< also UPDATE OF some columns
    Delete = 0x4,
};
Q_DECLARE_FLAGS(TriggerEvents, TriggerEvent)
Q_DECLARE_OPERATORS_FOR_FLAGS(TriggerEvents)

/// A FOREIGN KEY from columns of this table to the primary key (or another unique key) of a
/// table: one column or several, matched in order.
struct ForeignKey {
    QList<int> columns; ///< column indexes in this table, in key order
    QString targetTable;
    QStringList targetColumnNames; ///< empty: the target's primary key
    QList<int> targetColumns;      ///< column indexes in the target (set by finalize())
    OnDelete onDelete = OnDelete::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;
    bool deferrable = false; ///< PostgreSQL DEFERRABLE (checked at COMMIT when deferred)
    bool initiallyDeferred = false;
    QString name; ///< the constraint's name, where the database gives one

    /// The first (for a one-column key: the only) column.
    int column() const { return columns.isEmpty() ? -1 : columns.first(); }
    bool isComposite() const { return columns.size() > 1; }
};

/// A UNIQUE constraint or unique index: the columns whose values no two rows share.
struct UniqueKey {
    QList<int> columns;
    QString name;
};

using RecordFactory = std::function<RecordPtr(const Table *)>;

/// A table's metadata: columns, the primary key (one column or several, in key order), foreign
/// keys, unique keys, the relationships it takes part in, and the factory that makes its typed
/// records. Tables are owned by Metadata and never change once Metadata::finalize() has run.
/// A reflected table may be a view or otherwise read-only; readOnlyReason() says why.
class Table {
public:
    Table(QString name, QString className);

    const QString &name() const { return m_name; }
    /// The name a user reads for one record ("Author").
    const QString &className() const { return m_className; }

    int addColumn(const Column &column);
    void addForeignKey(const QString &column, const QString &targetTable,
                       OnDelete onDelete = OnDelete::NoAction);
    /// A foreign key of any shape; its columns must be declared already.
    void addForeignKey(const ForeignKey &key);
    /// Makes these columns the primary key, in this order (reflection: composite keys).
    void setPrimaryKey(const QList<int> &columns);
    void addUniqueKey(const UniqueKey &key) { m_uniqueKeys.append(key); }
    /// Where the table lives in SQL: its schema (PostgreSQL; empty for the default one) and its
    /// name there, when name() is qualified ("sales.orders" is "orders" in schema "sales").
    void setSqlName(const QString &schema, const QString &name) {
        m_schema = schema;
        m_sqlName = name;
    }
    void setView(bool view) { m_view = view; }
    /// A PostgreSQL materialized view created WITH NO DATA and never refreshed: reading or
    /// counting its rows is an error until REFRESH MATERIALIZED VIEW fills it.
    void setUnfilled(bool unfilled) { m_unfilled = unfilled; }
    /// Makes the table read-only: Shelf shows it and never writes to it.
    void setReadOnly(const QString &reason) { m_readOnlyReason = reason; }
    /// The table has triggers, firing on `events` (empty for triggers on no row write, such as
    /// PostgreSQL's ON TRUNCATE).
    void setTriggers(TriggerEvents events) {
        m_hasTriggers = true;
        m_triggerEvents = events;
    }
    /// New rows must go as INSERT, never COPY: the table has rules (which COPY does not invoke: a
    /// DO INSTEAD rule would be bypassed) or row-level security (which COPY FROM refuses).
    void setInsertOnly(bool insertOnly) { m_insertOnly = insertOnly; }
    void addCheck(const QString &expression) { m_checks.append(expression); }
    void setFactory(RecordFactory factory) { m_factory = std::move(factory); }
    /// Records of this table are of type T (a typed façade such as library::Author, made from the
    /// table), in the table's pool as createRecord() makes plain ones.
    template <class T>
    void setRecordType() {
        m_factory = [](const Table *table) -> RecordPtr {
            const RecordPool::Serving serving(table->m_pool.pool);
            return std::allocate_shared<T>(RecordAllocator<T>(), table);
        };
    }
    /// The column that names a record to a user (Author.name, Book.title).
    void setDisplayColumn(const QString &column);
    /// Several columns that name a record together, shown in this order separated by a space
    /// (first name, last name); the last one is displayColumn(), the one sorted and searched by.
    /// Empty: no column names a record, its key does.
    void setLabelColumns(const QList<int> &columns);
    /// What a user reads for the whole table ("Authors"); translated by whoever declares it.
    void setLabel(const QString &label) { m_label = label; }
    /// The label, else the name with a capital first letter.
    QString displayLabel() const;

    const QList<Column> &columns() const { return m_columns; }
    const Column &column(int index) const { return m_columns.at(index); }
    /// A column to complete while the table is being built (reflection); not after finalize().
    Column &editColumn(int index) { return m_columns[index]; }
    int columnCount() const { return int(m_columns.size()); }
    /// A row of nulls, one per column, shared (not copied) by every new record until it is written.
    const QVariantList &nullRow() const { return m_nullRow; }
    int columnIndex(const QString &name) const; ///< -1 when there is none
    /// The primary key's column indexes, in key order; empty for a table without a usable key.
    const QList<int> &primaryKeyColumns() const { return m_keyColumns; }
    /// The key column of a one-column key; -1 when the key is composite or missing.
    int primaryKey() const { return m_keyColumns.size() == 1 ? m_keyColumns.first() : -1; }
    bool hasCompositeKey() const { return m_keyColumns.size() > 1; }
    bool isKeyColumn(int column) const { return m_keyColumns.contains(column); }
    /// The names of `columns` as the database names them, for messages: "invoice_id, line_no".
    QString columnNames(const QList<int> &columns) const;
    const QString &schema() const { return m_schema; }
    /// The table's name in SQL, without its schema.
    const QString &sqlName() const { return m_sqlName.isEmpty() ? m_name : m_sqlName; }
    bool isView() const { return m_view; }
    bool isUnfilled() const { return m_unfilled; }
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    /// Why the table is read-only ("a view", "no primary key"); empty when it is writable.
    const QString &readOnlyReason() const { return m_readOnlyReason; }
    /// True when the database runs triggers on writes: they may do more than a preview shows.
    bool hasTriggers() const { return m_hasTriggers; }
    /// The writes its triggers fire on: a DELETE of its rows may do more than a delete preview
    /// shows only when they include TriggerEvent::Delete.
    TriggerEvents triggerEvents() const { return m_triggerEvents; }
    bool isInsertOnly() const { return m_insertOnly; }
    const QList<UniqueKey> &uniqueKeys() const { return m_uniqueKeys; }
    /// Table-level CHECK expressions, as the database gives them.
    const QStringList &checks() const { return m_checks; }
    int displayColumn() const { return m_displayColumn; }
    /// The columns that name a record, in the order shown (displayColumn() alone, unless
    /// setLabelColumns() gave several).
    QList<int> labelColumns() const;
    const QList<ForeignKey> &foreignKeys() const { return m_foreignKeys; }
    /// The one-column foreign key on this column, else the first composite one that includes it;
    /// nullptr when the column is in no foreign key.
    const ForeignKey *foreignKey(int column) const;

    /// Relationships in which this table is the child (many-to-one side), by slot.
    const QList<const Relationship *> &parentRelationships() const { return m_parentRelationships; }
    /// Relationships in which this table is the parent (one-to-many side), by slot.
    const QList<const Relationship *> &childRelationships() const { return m_childRelationships; }
    /// The simple relationship (Relationship::isSimple()) whose foreign key is this column alone,
    /// or nullptr: the reference a cell edits. Composite references, and references to a unique
    /// key other than the primary key, are among parentRelationships() only.
    const Relationship *relationshipForColumn(int column) const;

    /// Position in dependency order: parents before children (set by Metadata::finalize()).
    int dependencyRank() const { return m_rank; }

    RecordPtr createRecord() const;
    /// Where createRecord() puts the table's records, and a record of the table what it keeps
    /// beside itself (its relation slots, Record::m_slots): memory for records, not the table's
    /// state, so a const table hands it out.
    RecordPool &recordPool() const { return *m_pool.pool; }

private:
    /// The table's RecordPool, disowned when the table goes (records may outlive it). A copy of
    /// the table gets a pool of its own.
    struct PoolOwner {
        RecordPool *pool = RecordPool::create();
        PoolOwner() = default;
        PoolOwner(const PoolOwner &) {}
        PoolOwner &operator=(const PoolOwner &) { return *this; }
        ~PoolOwner() { pool->disown(); }
    };

    friend class Metadata;
    QString m_name;
    QString m_className;
    QString m_label;
    QList<Column> m_columns;
    QHash<QString, int> m_columnIndex;
    QVariantList m_nullRow;
    QList<ForeignKey> m_foreignKeys;
    QList<const Relationship *> m_parentRelationships;
    QList<const Relationship *> m_childRelationships;
    QList<UniqueKey> m_uniqueKeys;
    QStringList m_checks;
    RecordFactory m_factory;
    PoolOwner m_pool;
    QList<int> m_keyColumns;
    QString m_schema;
    QString m_sqlName;
    QString m_readOnlyReason;
    bool m_view = false;
    bool m_unfilled = false;
    bool m_hasTriggers = false;
    TriggerEvents m_triggerEvents;
    bool m_insertOnly = false;
    int m_displayColumn = -1;
    QList<int> m_labelColumns; ///< set by setLabelColumns(); else displayColumn() alone
    int m_rank = 0;
};

} // namespace orm
