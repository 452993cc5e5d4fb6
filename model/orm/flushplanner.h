#pragma once

#include "column.h"
#include "deletepreview.h"
#include "error.h"
#include "rowstore.h"
#include "types.h"
#include "writtencells.h"

#include <QHash>
#include <QList>
#include <QSharedData>
#include <QSharedDataPointer>
#include <QVarLengthArray>
#include <QVariantList>
#include <algorithm>
#include <optional>
#include <vector>

namespace orm {

class DeleteResolver;
class Dialect;
class UnitOfWork;

/// A child's foreign key column that takes a column of a parent inserted earlier in the flush.
struct AwaitedKey {
    int column = -1;       ///< in the child
    RecordPtr parent;      ///< inserted before the child
    int parentColumn = -1; ///< the referenced column whose inserted value the child takes
};

/// An AwaitedKey as a write keeps it: the reference instead of the parent, which the child's
/// slot of that reference names (the planner found the parent there). The same for every row of
/// a table that awaits its parents the same way, so that a table's INSERTs share one block: 100,000
/// books of new authors (w1) kept 160 bytes a book of lists naming their parents.
struct AwaitedColumn {
    int column = -1;       ///< in the child
    int parentColumn = -1; ///< the referenced column whose inserted value the child takes
    const Relationship *relationship = nullptr; ///< whose parent slot names the parent
    friend bool operator==(const AwaitedColumn &, const AwaitedColumn &) = default;
};

/// A record a flush plan names without holding a reference to it: the session's pending list holds
/// every record a plan inserts until the plan has been applied, and FlushPlan::held every other
/// one, so that a million-row import's plan takes no reference count (and 8 bytes less) a row.
class PlannedRecord {
public:
    PlannedRecord() = default;
    PlannedRecord(const RecordPtr &record) // implicit: a write names a record as a list holds it
        : m_record(record.get()) {}

    Record *get() const { return m_record; }
    Record *operator->() const { return m_record; }
    Record &operator*() const { return *m_record; }
    explicit operator bool() const { return m_record != nullptr; }
    /// The record as a shared pointer, for a list or an error that keeps it.
    operator RecordPtr() const;

    friend bool operator==(const PlannedRecord &a, const PlannedRecord &b) = default;
    friend bool operator==(const PlannedRecord &a, const RecordPtr &b) {
        return a.m_record == b.get();
    }

private:
    Record *m_record = nullptr;
};

/// Everything one flush will write, in statement order (docs/contract.md §2 rule 5): per table,
/// parents first, INSERTs (in the order records entered the session) then UPDATEs; then DELETEs,
/// child tables first. Computed without touching memory, so a failed flush leaves nothing changed.
struct FlushPlan {
    /// One statement's row. A million-row import holds a million writes (issue 14): a write is
    /// its record and one implicitly shared block with its flags and lists, which the plain
    /// INSERTs of a table (the same flags and columns, values in the row store, no awaited key,
    /// nothing nulled) share. A change gives the write a block of its own (copy on write).
    struct Write {
        PlannedRecord record;

        bool insert() const { return m_content && m_content->insert; }
        /// An UPDATE of a record inserted earlier in the same flush, setting the references its
        /// INSERT left NULL to break a cycle (RowOrder): found by the key the INSERT gave it.
        bool completesInsert() const { return m_content && m_content->completesInsert; }
        /// An UPDATE of a record this flush then deletes, setting to NULL its references to
        /// another deleted row of a cycle so that that row can go first (RowOrder). Memory
        /// never takes its values: the record is deleted.
        bool freesDelete() const { return m_content && m_content->freesDelete; }
        /// The row to store is the record's staged values as they are: a new record's held in the
        /// row store, read from there when written, so that a million-row import holds no list a
        /// row (issue 14); a stored record's, its changes over its stored row, so that an UPDATE
        /// makes none either. A change to one value makes the write a list of its own.
        bool valuesInRecord() const { return m_content && m_content->valuesInRecord; }
        /// Makes the write an INSERT, or an UPDATE. `valuesInRecord`: an INSERT of a new record
        /// whose values the row store holds, or an UPDATE of a stored record, which reads the
        /// record's staged values until one is replaced (setValue()).
        void setInsert(bool insert, bool valuesInRecord);
        void setCompletesInsert() { content().completesInsert = true; }
        void setFreesDelete() { content().freesDelete = true; }
        /// Starts from `like`'s block (the INSERT, or UPDATE, before this one) where that holds
        /// nothing but its flags, columns and awaited references: the plain INSERTs of a table
        /// share one block, and so do its plain UPDATEs. setInsert(), setAwaitedColumns() and every
        /// later change copy it where this write differs.
        void startLike(const Write &like);

        /// The columns the statement writes.
        const QList<int> &columns() const { return m_content ? m_content->columns : none<int>(); }
        /// Sets the columns (a block shared with the same columns stays shared).
        template <class Columns>
        void setColumns(const Columns &columns);
        /// Sets the columns to `columns` itself, shared (the UPDATEs of a table mostly set the same
        /// columns: one list for all of them).
        void shareColumns(const QList<int> &columns) {
            if (this->columns().constData() != columns.constData()) // a shared block stays so
                content().columns = columns;
        }
        void addColumn(int column) { content().columns.append(column); }

        /// The full row to store (foreign keys resolved); empty while valuesInRecord: read it
        /// through value() and row().
        const QVariantList &values() const {
            return m_content ? m_content->values : none<QVariant>();
        }
        void setValues(const QVariantList &values) { content().values = values; }
        /// The list of values, moved out where no other write shares it.
        QVariantList takeValues();
        /// Drops the list of values (a write applied to memory).
        void clearValues();

        /// Columns ← new keys of parents inserted first, each parent read from the record's slot
        /// of the reference (made for the caller).
        QVarLengthArray<AwaitedKey, 2> awaitingKeys() const;
        /// The same, as kept: by reference.
        const QList<AwaitedColumn> &awaitedColumns() const {
            return m_content ? m_content->awaitedColumns : none<AwaitedColumn>();
        }
        /// Sets the awaited references (a block shared with the same ones stays shared).
        template <class Awaited>
        void setAwaitedColumns(const Awaited &awaited);
        void addAwaitedColumn(const AwaitedColumn &awaited) {
            content().awaitedColumns.append(awaited);
        }
        /// Takes the awaited key of `column` out of this write (into a completing UPDATE).
        std::optional<AwaitedColumn> takeAwaitedColumn(int column);
        bool awaits(int column) const;

        /// Foreign keys set to NULL because their parent is deleted.
        const QList<int> &nulledColumns() const {
            return m_content ? m_content->nulledColumns : none<int>();
        }
        void setNulledColumns(const QList<int> &columns) {
            if (!columns.isEmpty() || !nulledColumns().isEmpty()) // a shared block stays so
                content().nulledColumns = columns;
        }

        /// One value of the row to store.
        QVariant value(int column) const;
        /// value(column).isNull(), asked of the record's cell where it holds the values: no
        /// QVariant made of a text to ask it (w1: one for each of 320,000 values).
        bool isNull(int column) const;
        /// While valuesInRecord: the record's staged text of `column` where its change keeps it
        /// as Latin-1 bytes (StagedChanges::Change::inlineText(): most edits of a name or a
        /// title), for a check and a bind that need no QString. std::nullopt for any other value:
        /// ask value() (w3: 10,000 titles made into a QString twice over, 7% of its instructions).
        std::optional<QLatin1StringView> stagedText(int column) const;
        /// The row to store (the record's values made into a list, while valuesInRecord).
        QVariantList row() const;
        /// Sets one value of the row to store (the write then holds a list of its own).
        void setValue(int column, const QVariant &value);
        /// While valuesInRecord: the cells of columns() in the record's slot of the row store,
        /// for a statement to bind where they are. Empty otherwise.
        RowCells cells() const;

    private:
        struct Content : QSharedData {
            QList<int> columns;
            QVariantList values;
            QList<AwaitedColumn> awaitedColumns;
            QList<int> nulledColumns;
            bool insert = false;
            bool completesInsert = false;
            bool freesDelete = false;
            bool valuesInRecord = false;
        };
        template <class T>
        static const QList<T> &none() {
            static const QList<T> empty;
            return empty;
        }
        /// This write's own block, made or detached on first change.
        Content &content() {
            if (!m_content)
                m_content = new Content;
            return *m_content; // non-const: detaches a shared block
        }

        QSharedDataPointer<Content> m_content;
    };
    // A million-row import holds a million writes: 16 MB, where a write with its own lists took
    // 72 bytes
    static_assert(sizeof(Write) <= 16);
    std::vector<Write> writes;
    /// The records of the writes that are not INSERTs (UPDATEs, completions, freeing UPDATEs),
    /// held while the plan names them (PlannedRecord); the pending list holds the inserted ones.
    RecordList held;
    RecordList deletes;
    RecordList discards; ///< pending records that will never be inserted (★)
    QList<DeletePreview::Deleted> deleteReasons;

    bool isEmpty() const { return writes.empty() && deletes.isEmpty() && discards.isEmpty(); }
};

template <class Awaited>
void FlushPlan::Write::setAwaitedColumns(const Awaited &awaited) {
    const QList<AwaitedColumn> &now = awaitedColumns(); // const: a shared block is not copied
    if (!std::equal(awaited.cbegin(), awaited.cend(), now.cbegin(), now.cend()))
        content().awaitedColumns = QList<AwaitedColumn>(awaited.cbegin(), awaited.cend());
}

template <class Columns>
void FlushPlan::Write::setColumns(const Columns &columns) {
    const QList<int> &now = this->columns(); // const: a shared block is not copied to compare
    if (!std::equal(columns.cbegin(), columns.cend(), now.cbegin(), now.cend()))
        content().columns = QList<int>(columns.cbegin(), columns.cend());
}

/// What the database returned while a plan ran; applied to memory only once all of it succeeded.
struct FlushResult {
    /// Inserted records' rows as the database holds them, by the index of their write in the
    /// plan: the values written, the parents' new keys, and what the database filled (generated
    /// keys, defaults, generated columns). An empty list where the database holds the write's
    /// values as planned (a million-row import keeps no second list a row). Empty until a row
    /// differs: then one entry per write.
    std::vector<QVariantList> insertedRows;
    /// For an INSERT bound from the record's cells (Write::valuesInRecord()): the values the
    /// database holds apart from those cells (a generated key, a parent's new key, what RETURNING
    /// gave), by column, where insertedRows would hold a whole row: a commit writes them into the
    /// record's slot.
    WrittenCells insertedCells;
    /// Where the inserts whose new keys other writes of the plan need are (an awaited parent, a
    /// record whose INSERT an UPDATE completes): only those, not every inserted record.
    QHash<const Record *, qsizetype> insertedAt;

    /// The row write `index` (an INSERT that ran) left in the database.
    QVariantList insertedRow(const FlushPlan &plan, qsizetype index) const {
        if (!insertedRows.empty() && !insertedRows.at(size_t(index)).isEmpty())
            return insertedRows.at(size_t(index));
        QVariantList row = plan.writes.at(size_t(index)).row();
        for (const auto &[column, value] : cellsWritten(index))
            row[column] = value;
        return row;
    }
    /// One value of insertedRow(), without making the row.
    QVariant insertedValue(const FlushPlan &plan, qsizetype index, int column) const {
        if (!insertedRows.empty() && !insertedRows.at(size_t(index)).isEmpty())
            return insertedRows.at(size_t(index)).at(column);
        if (std::optional<QVariant> written = insertedCells.value(index, column))
            return *std::move(written);
        return plan.writes.at(size_t(index)).value(column);
    }
    /// insertedCells' values of write `index` (none when the database holds its cells as they are).
    WrittenCells::Cells cellsWritten(qsizetype index) const { return insertedCells.of(index); }
    /// Updated records' columns the database recomputed (generated columns), by column.
    QHash<const Record *, QList<QPair<int, QVariant>>> readBack;
    /// Rows the database changed through this flush's own earlier statements before their own
    /// UPDATE or DELETE ran (FollowedRows): what those statements checked against.
    QHash<const Record *, QVariantList> followedRows;
};

/// True when an INSERT writes `column`, its value being NULL or not. Left to the database: what
/// it computes, and a NULL where it has a value to fill in (an identity key, a default); a key it
/// does not generate is written as given. The planner's INSERTs and a commit of rows kept as
/// cells (NewRowsCommit) leave out the same columns.
inline bool insertWrites(const Column &column, bool valueIsNull) {
    return column.isWritable() && !(column.hasDatabaseDefault() && valueIsNull);
}

/// True when a new row's value of `column` (the table's column `index`), held in `slot` of
/// `store`, may be written as it is: what the planner checks of every value of an INSERT bound
/// from its cells (docs/contract.md §7 rule 5), so that a commit writing rows from their cells
/// without a plan (NewRowsCommit) checks the same. False with the reason as facts:
/// InvalidValue with values::validate()'s phrase in `problem`, or NulInText.
bool newCellWritable(const Column &column, const RowStore &store, int slot, int index,
                     bool storesNul, Error::Reason *reason, QString *problem);

/// Works out a FlushPlan from the parts of a session it reads (issue 13, a session made of parts):
/// what is staged, the schema, the dialect's limits, and a delete resolver for what deletes do.
/// It holds no session, so it can run on the parts alone.
class FlushPlanner {
public:
    /// `resolver` is fresh (nothing resolved yet): plan() resolves the staged deletes with it.
    /// `dialect` is only read when checking values, which lenient planning skips: it may be null
    /// there (a session on a driver Shelf does not support still lists what is staged).
    FlushPlanner(const UnitOfWork &work, const Metadata &metadata, const Dialect *dialect,
                 DeleteResolver &resolver);
    /// Builds the plan. False with error() on a validation failure, a blocked delete, or a
    /// database error while loading the children a delete needs.
    [[nodiscard]] bool plan(FlushPlan *plan);
    /// Lenient planning lists what is staged even when commit would refuse it (invalid values,
    /// blocked deletes): for the pending-changes pane and the SQL preview.
    void setLenient(bool lenient) { m_lenient = lenient; }
    const Error &error() const { return m_error; }

private:
    /// Sets error() from the facts; the detail is a phrase another part worded (Error::detail).
    bool fail(Error::Kind kind, Error::Reason reason, const RecordPtr &record, int column,
              const QString &detail = {});
    bool validate(const FlushPlan::Write &write);

    const UnitOfWork &m_work;
    const Metadata &m_metadata;
    const Dialect *m_dialect;
    DeleteResolver &m_resolver;
    Error m_error;
    bool m_lenient = false;
};

} // namespace orm
