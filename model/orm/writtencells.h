#pragma once

#include <QPair>
#include <QVarLengthArray>
#include <QVariant>
#include <QVariantList>

#include <cstdint>
#include <optional>
#include <vector>

namespace orm {

class RowStore;

/// What INSERTs bound from their records' cells left in the database apart from those cells (a
/// generated key, a parent's new key, what RETURNING gave), by the index of the write in its plan:
/// a commit writes them into the records' slots. One flat list for the whole flush, 16 bytes a
/// value where it is an integer (what keys mostly are: 64-bit, signed or not as QPSQL reads an
/// int8 that is not negative, or an int as it reads int4): a million-row import of a file without
/// keys kept a list of its own a row for its generated key (88 bytes; 86 MB of a 364 MiB peak),
/// and w1 two values a book (on PostgreSQL, unsigned keys kept as QVariants aside: 8 MB).
class WrittenCells {
public:
    using Cells = QVarLengthArray<QPair<int, QVariant>, 4>;

    bool isEmpty() const { return m_entries.empty(); }
    /// Room for `values` values (a flush with as many writes mostly writes one each).
    void reserve(std::size_t values) { m_entries.reserve(values); }
    /// Adds what write `write` left in `column`.
    void add(qsizetype write, int column, const QVariant &value);
    /// True when `column` is among the values of write `write`, the last write added (a column
    /// two references share takes the first one's key).
    bool holdsLast(qsizetype write, int column) const {
        for (auto entry = m_entries.crbegin();
             entry != m_entries.crend() && entry->write == std::uint32_t(write); ++entry) {
            if (entry->column == column)
                return true;
        }
        return false;
    }
    /// What write `write` left, in the order added; none when the database holds its cells as
    /// they are. Asked write after write (a commit's), each is found where the last one ended.
    Cells of(qsizetype write) const;
    /// What write `write` left in `column`, or std::nullopt: one value found without making the
    /// write's list, and without moving where of() reads next (a flush asks for each book's
    /// author's new key while it adds the books' own).
    std::optional<QVariant> value(qsizetype write, int column) const;
    /// Writes what write `write` left into row `slot` of `store`, each value as RowStore::set()
    /// holds it, an integer without a QVariant made of it: a commit's INSERTs bound from their
    /// slots, which become their committed rows (w1: 210,000 keys, each made into a QVariant for
    /// a list and set from it). Asked write after write, as of().
    void writeInto(qsizetype write, RowStore &store, int slot) const;

private:
    /// What `payload` is: the value itself as an integer of its type, or its place in m_others.
    enum class Kind : std::uint8_t { LongLong, ULongLong, Int, InOthers };
    struct Entry {
        std::uint32_t write;
        std::uint16_t column;
        Kind kind;
        std::int64_t payload;
        QVariant value(const QVariantList &others) const;
    };
    static_assert(sizeof(Entry) == 16);

    /// The first entry of `write`, or m_entries.size().
    std::size_t firstOf(std::uint32_t write) const;

    std::vector<Entry> mutable m_entries; ///< by write, then in the order added
    QVariantList m_others;                ///< values that are not a 64-bit integer
    bool mutable m_sorted = true;         ///< m_entries are in write order
    std::size_t mutable m_next = 0;       ///< where the last of() ended: the next write's start
};

} // namespace orm
