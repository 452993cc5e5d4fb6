#pragma once

#include <QVariant>
#include <QVariantList>
#include <cstring>
#include <vector>

namespace orm {

/// The rows of one table as the database last gave them (issue 13), packed: one 16-byte cell per
/// value in one array per table, where a QVariantList row costs an allocation, 32 bytes a value
/// and a heap string per text. Integers, booleans and reals are held inline, as is text of up to
/// 12 Latin-1 characters; a NULL keeps its type. Longer text, blobs and every other type are kept
/// as the QVariant they came as (sharing its data, so reading them back copies nothing).
///
/// A value comes back exactly as it went in: the same metatype and the same value (a decimal's
/// "1.10" stays that text, a text in a non-STRICT SQLite INTEGER column stays text, a blob's bytes
/// stay bytes). Slots freed by release() are reused; dropping the store frees a few arrays.
class RowStore {
public:
    explicit RowStore(int columns);

    int columnCount() const { return m_columns; }
    /// Stores a row (`columns` values) in a free slot and returns the slot.
    int add(const QVariantList &row);
    /// Replaces a stored row's values.
    void set(int slot, const QVariantList &row);
    void set(int slot, int column, const QVariant &value);
    QVariant value(int slot, int column) const;
    QVariantList row(int slot) const;
    /// True when the value is exactly `value` (same type, same value), without making a QVariant.
    bool holds(int slot, int column, const QVariant &value) const;
    /// Frees the slot for reuse (and the out-of-line values it held).
    void release(int slot);

    /// Rows held (added and not released).
    qsizetype rowCount() const { return m_rows; }
    /// Values held out of line (long text, blobs, other types), for tests.
    qsizetype outOfLineCount() const { return qsizetype(m_heap.size() - m_freeHeap.size()); }

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
        return m_cells[size_t(slot) * size_t(m_columns) + size_t(column)];
    }
    const Cell &cell(int slot, int column) const {
        return m_cells[size_t(slot) * size_t(m_columns) + size_t(column)];
    }
    void store(Cell &cell, const QVariant &value);
    void clear(Cell &cell);
    QVariant load(const Cell &cell) const;
    quint32 heapIndex(const Cell &cell) const;

    int m_columns;
    qsizetype m_rows = 0;
    std::vector<Cell> m_cells;    ///< slot-major: a row's cells are next to each other
    std::vector<int> m_freeSlots; ///< released slots, reused first
    std::vector<QVariant> m_heap; ///< out-of-line values
    std::vector<quint32> m_freeHeap;
};

} // namespace orm
