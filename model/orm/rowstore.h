#pragma once

#include "prefault.h"

#include <QString>
#include <QVarLengthArray>
#include <QVariant>
#include <QVariantList>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace orm {

struct Column;
class Session;
class Table;

/// The rows of one table as the database last gave them (issue 13), packed: one 16-byte cell per
/// value, where a QVariantList row costs an allocation, 32 bytes a value and a heap string per
/// text. Integers, booleans and reals are held inline, as is text of up to
/// 12 Latin-1 characters; a NULL keeps its type. Longer text, blobs and every other type are kept
/// as the QVariant they came as (sharing its data, so reading them back copies nothing).
///
/// A value comes back exactly as it went in: the same metatype and the same value (a decimal's
/// "1.10" stays that text, a text in a non-STRICT SQLite INTEGER column stays text, a blob's bytes
/// stay bytes). Slots freed by release() are reused; dropping the store frees its blocks.
///
/// Cells live in fixed-size blocks of whole rows (about BlockCells each), out-of-line values in
/// blocks of HeapBlockValues: growing adds a block and never moves or copies a stored row. One
/// array grown by doubling had the old and the new array alive together and up to half of it
/// spare (a million-row CSV import: 23 MiB of its peak); small blocks reuse freed heap memory.
class RowStore {
public:
    /// A store of `columns` columns; `table` and `session`, when given, are whose rows it holds.
    explicit RowStore(int columns, const Table *table = nullptr, Session *session = nullptr);

    int columnCount() const { return m_columns; }
    /// The table whose rows the store holds (a record's table is its store's: RecordHome), or
    /// nullptr for a store made for its cells alone.
    const Table *table() const { return m_table; }
    /// The session that made the store, while it lives (retire() forgets it): a record in a
    /// session is in its session's store, and asks it which session that is (Record::session()).
    Session *session() const { return m_session; }
    /// Stores a row (`columns` values) in a free slot and returns the slot.
    int add(const QVariantList &row);
    /// A new row of NULLs in a free slot, to be filled with the setters below (a reader writes
    /// what the database gives straight into the cells: no QVariantList, no QString per text).
    int addNulls();
    /// Sets one cell of a row (added by addNulls(), still NULL there, or any other).
    void setInteger(int slot, int column, qint64 value);
    /// An int and an unsigned 64-bit integer, held as set() holds QVariant(value) (what QPSQL
    /// reads int2 and int4, and an int8 that is not negative, as), without the QVariant.
    void setInt(int slot, int column, int value) {
        setRaw(slot, column, QMetaType::Int, &value, sizeof value);
    }
    void setUnsignedInteger(int slot, int column, quint64 value) {
        setRaw(slot, column, QMetaType::ULongLong, &value, sizeof value);
    }
    void setReal(int slot, int column, double value);
    /// Text as UTF-8 bytes: ASCII of up to 12 characters is held inline as it is; other text is
    /// decoded once and stored as set() would store the QString.
    void setUtf8(int slot, int column, const char *utf8, qsizetype bytes);
    /// Text as Latin-1 bytes (a staged text kept so, StagedChanges::Change), stored as set() would
    /// store the QString they make: up to 12 characters inline, longer text out of line.
    void setLatin1(int slot, int column, QLatin1StringView text);
    /// Replaces a stored row's values.
    void set(int slot, const QVariantList &row);
    void set(int slot, int column, const QVariant &value);
    QVariant value(int slot, int column) const;
    QVariantList row(int slot) const;
    /// True when the value is exactly `value` (same type, same value), without making a QVariant.
    bool holds(int slot, int column, const QVariant &value) const;
    /// values::same(type, value, this->value(slot, column)): equal as values of the column's type
    /// (rule 5), with the same answer in every case — but a short text held inline is compared
    /// with `value`'s text where it is, and an out-of-line value where it is kept, so comparing an
    /// edit with a loaded row makes no QString (issue 13: w5 made two per edited title).
    bool same(int slot, int column, const Column &type, const QVariant &value) const;
    /// same(slot, column, type, QString(text)) for a text held as Latin-1 bytes (a staged text,
    /// StagedChanges::Change), answered from the bytes where they settle it: the cell holds text
    /// and the column compares text exactly. std::nullopt where the answer needs the QString.
    std::optional<bool> sameText(int slot, int column, const Column &type,
                                 QLatin1StringView text) const;
    /// The metatype of value(slot, column), without making the value.
    int typeId(int slot, int column) const;
    /// True where value(slot, column).isNull(), answered from the cell: no QVariant is made of
    /// a number or a short text to ask it (a flush plan asks it of every column of every new row).
    bool isNull(int slot, int column) const {
        const Cell &held = cell(slot, column);
        return held.kind == Kind::Null ||
               (held.kind == Kind::Heap && heapValue(heapIndex(held)).isNull());
    }
    /// True with `*number` set when the cell holds an integer that an Integer column's key reads
    /// as this qint64 (values::coerce(), Key::ofValue()): a qint64, an int, or an unsigned 64-bit
    /// integer up to INT64_MAX — what PostgreSQL's int2, int4 and int8 read as (QPSQL's types).
    /// Keys and foreign keys read so make no QVariant on either backend.
    bool integerKey(int slot, int column, qint64 *number) const {
        const Cell &held = cell(slot, column);
        if (held.kind != Kind::Raw)
            return false;
        switch (held.typeId) {
        case QMetaType::LongLong:
            std::memcpy(number, held.payload, sizeof *number);
            return true;
        case QMetaType::ULongLong: {
            quint64 unsignedNumber = 0;
            std::memcpy(&unsignedNumber, held.payload, sizeof unsignedNumber);
            if (unsignedNumber > quint64(std::numeric_limits<qint64>::max()))
                return false;
            *number = qint64(unsignedNumber);
            return true;
        }
        case QMetaType::Int: {
            qint32 small = 0;
            std::memcpy(&small, held.payload, sizeof small);
            *number = small;
            return true;
        }
        default:
            return false;
        }
    }
    /// The characters of a short text held inline, or an empty view for any other value. The view
    /// points into the store: valid until that cell is changed or released (adding rows never
    /// moves it).
    QLatin1StringView inlineText(int slot, int column) const;
    /// A cell as a statement binds it: a number or a short text as it is held, without a QVariant
    /// (a new record's INSERT binds straight from its slot, issue 14); any other value as value()
    /// gives it. Integer covers the types a binder takes as a 64-bit integer (booleans and the
    /// integer types up to 64 bits but `long`), Real doubles and floats.
    struct BindCell {
        enum class As : quint8 { Null, Integer, Real, Latin1, Value };
        As as = As::Null;
        qint64 integer = 0;
        double real = 0;
        QLatin1StringView latin1; ///< points into the store, as inlineText()
        QVariant value;
    };
    BindCell bindCell(int slot, int column) const;
    /// Frees the slot for reuse (and the out-of-line values it held); nothing once retired.
    void release(int slot);
    /// The session that filled the store has ended: its records' slots are no longer recycled
    /// one by one as they go (110,000 rows released at a session's end cost 4% of loading them),
    /// and everything goes with the store when its last record does.
    void retire() {
        m_retired = true;
        m_session = nullptr;
    }

    // --- Rows kept apart ------------------------------------------------------------------
    // A record's stored row while it differs from its committed one: between a flush and the
    // commit, what the database holds inside the transaction (a flushed edit's row, or an empty
    // row for a flushed delete). Few records have one, and only for a moment, so the rows are
    // kept here by their owner's address and a record keeps a flag where it kept a pointer
    // (8 bytes a record: w1's 110,000 records held one each, null). RecordValues owns its entry:
    // it drops it before it lets go of this store.

    /// Keeps `row` for `owner`, replacing the one it had.
    void keepApart(const void *owner, QVariantList row) { m_apart[owner] = std::move(row); }
    /// The row kept for `owner`, which has one.
    const QVariantList &apart(const void *owner) const {
        const auto found = m_apart.find(owner);
        Q_ASSERT(found != m_apart.end());
        return found->second;
    }
    QVariantList &apart(const void *owner) {
        return const_cast<QVariantList &>(std::as_const(*this).apart(owner));
    }
    /// The row kept for `owner`, taken out of the store (found once).
    QVariantList takeApart(const void *owner) {
        auto node = m_apart.extract(owner);
        Q_ASSERT(!node.empty());
        return std::move(node.mapped());
    }
    void dropApart(const void *owner) { m_apart.erase(owner); }
    /// Rows kept apart, for tests.
    qsizetype apartCount() const { return qsizetype(m_apart.size()); }

    /// Rows held (added and not released).
    qsizetype rowCount() const { return m_rows; }
    /// Values held out of line (long text, blobs, other types), for tests.
    qsizetype outOfLineCount() const { return qsizetype(m_heapSize - m_freeHeap.size()); }
    /// Rows a block of cells holds (a power of two).
    int rowsPerBlock() const { return 1 << m_blockShift; }
    /// Bytes allocated for cells and out-of-line places: whole blocks, for tests and benchmarks.
    qsizetype reservedBytes() const;

    /// Cells a block aims at (64 KiB): small enough for the heap to place among freed memory.
    static constexpr int BlockCells = 4096;
    /// Out-of-line places a block holds (32 KiB).
    static constexpr int HeapBlockValues = 1024;

private:
    enum class Kind : quint8 { Null, Raw, Latin1, Heap };
    struct Cell {
        Kind kind = Kind::Null; ///< Null: an invalid QVariant (SQL NULL)
        quint8 length = 0;      ///< Latin1: characters held inline
        quint16 typeId = 0;     ///< Raw: the metatype (a number or a boolean, bytes as they are)
        char payload[12]{};     ///< Raw: the value's bytes; Latin1: the characters; Heap: an index
    };
    static_assert(sizeof(Cell) == 16);
    static constexpr int InlineText = 12;

    Cell &cell(int slot, int column) {
        return m_blocks[size_t(slot) >> m_blockShift]
                       [(size_t(slot) & m_blockMask) * size_t(m_columns) + size_t(column)];
    }
    const Cell &cell(int slot, int column) const {
        return m_blocks[size_t(slot) >> m_blockShift]
                       [(size_t(slot) & m_blockMask) * size_t(m_columns) + size_t(column)];
    }
    QVariant &heapValue(quint32 index) const {
        return m_heapBlocks[index / HeapBlockValues][index % HeapBlockValues];
    }
    void store(Cell &cell, const QVariant &value);
    /// A number's bytes as store() holds a QVariant of metatype `typeId` (`bytes` of them). Inline:
    /// the readers' setters run per cell, and a call to a function of this -fPIC library is not.
    void setRaw(int slot, int column, int typeId, const void *value, std::size_t bytes) {
        Q_ASSERT(bytes <= sizeof(Cell::payload));
        Cell &target = cell(slot, column);
        clear(target);
        target.kind = Kind::Raw;
        target.typeId = quint16(typeId);
        std::memcpy(target.payload, value, bytes);
    }
    /// The cell NULL again, an out-of-line value let go. Inline: each reader's setter clears the
    /// cell it writes (mostly one a slot just made, NULL already).
    void clear(Cell &cell) {
        if (cell.kind == Kind::Heap)
            releaseHeap(cell);
        cell = Cell{};
    }
    void releaseHeap(const Cell &cell);
    QVariant load(const Cell &cell) const;
    quint32 heapIndex(const Cell &cell) const;

    int m_columns;
    const Table *m_table;
    Session *m_session;
    int m_blockShift = 0;   ///< a slot's block is slot >> m_blockShift
    size_t m_blockMask = 0; ///< its row inside the block is slot & m_blockMask
    qsizetype m_rows = 0;
    int m_slots = 0; ///< slots handed out so far (the next new one)
    /// Slot-major inside a block: a row's cells are next to each other. Blocks are never moved.
    std::vector<PrefaultedArray<Cell>> m_blocks;
    std::vector<int> m_freeSlots; ///< released slots, reused first
    /// Out-of-line values, HeapBlockValues a block; m_heapSize places handed out so far.
    std::vector<std::unique_ptr<QVariant[]>> m_heapBlocks;
    quint32 m_heapSize = 0;
    std::vector<quint32> m_freeHeap;
    std::unordered_map<const void *, QVariantList> m_apart; ///< see keepApart()
    bool m_retired = false;
    int m_holders = 0; ///< RowStoreRefs to this store (the session's and its records')
    friend class RowStoreRef;
    friend class RecordHome; ///< holds a reference as a RowStoreRef does, in a tagged pointer
};

/// A counted reference to a RowStore, what a session and each of its records hold: the store goes
/// with the last one (a record may outlive its session). 8 bytes where a shared_ptr takes 16 in
/// every record, and counted without atomic instructions: a session and its records are used on
/// one thread (issue 13: a million imported rows each held one).
class RowStoreRef {
public:
    RowStoreRef() = default;
    /// A new store of `columns` columns, for cells alone.
    static RowStoreRef make(int columns) { return RowStoreRef(new RowStore(columns)); }
    /// A new store of `table`'s rows, for `session` (nullptr: a record's own, in no session).
    static RowStoreRef make(const Table &table, Session *session);
    RowStoreRef(const RowStoreRef &other)
        : RowStoreRef(other.m_store) {}
    RowStoreRef(RowStoreRef &&other) noexcept
        : m_store(std::exchange(other.m_store, nullptr)) {}
    RowStoreRef &operator=(RowStoreRef other) noexcept {
        std::swap(m_store, other.m_store);
        return *this;
    }
    ~RowStoreRef() {
        if (m_store && --m_store->m_holders == 0)
            delete m_store;
    }

    RowStore *get() const { return m_store; }
    RowStore *operator->() const { return m_store; }
    RowStore &operator*() const { return *m_store; }
    explicit operator bool() const { return m_store != nullptr; }
    friend bool operator==(const RowStoreRef &a, const RowStoreRef &b) {
        return a.m_store == b.m_store;
    }

private:
    explicit RowStoreRef(RowStore *store)
        : m_store(store) {
        if (m_store)
            ++m_store->m_holders;
    }

    RowStore *m_store = nullptr;
};

/// Some cells of one row of a store, in the order a statement binds them: what a write binds
/// without making the row's values into a list.
struct RowCells {
    const RowStore *store = nullptr;
    int slot = -1;
    QList<int> columns;
    /// Parameters bound with a value of their own instead of their cell, by position in
    /// `columns` (a foreign key taking the new key of a parent inserted first).
    /// (Inline for two: an UPDATE mostly sets one or two columns, a new row awaits one key.)
    QVarLengthArray<std::pair<qsizetype, QVariant>, 2> given = {};
    /// Parameters bound with a text of their own held as Latin-1 where its owner keeps it (an
    /// UPDATE's staged title: FlushPlan::Write::stagedText()), by position in `columns`: bound
    /// from those bytes, which outlive the statement, with no QString made of them.
    QVarLengthArray<std::pair<qsizetype, QLatin1StringView>, 2> givenText = {};

    bool isEmpty() const { return store == nullptr; }
    /// The values as a list (for a statement log).
    QVariantList values() const;
};

} // namespace orm
