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
/// a commit writes them into the records' slots.
///
/// Kept per column as runs: consecutive writes whose values of the column are one integer (a
/// parent's new key that its children's INSERTs took) or count up by one (the keys the database
/// generated, row after row) take 16 bytes together, any other value 16 bytes of its own. A flat
/// list took 16 bytes a value: w1's 210,000 keys were 3.4 MB of its commit's peak, and a
/// million-row import of a file without keys one such value a row. A write holds one value per
/// column (FlushExecutor asks holdsLast() before it adds one).
class WrittenCells {
public:
    /// A write's values, by column.
    using Cells = QVarLengthArray<QPair<int, QVariant>, 4>;

    bool isEmpty() const { return m_columns.empty(); }
    /// Adds what write `write` left in `column` (which it holds no value of yet).
    void add(qsizetype write, int column, const QVariant &value);
    /// True when write `write`, the last write added, holds a value of `column` (a column two
    /// references share takes the first one's key).
    bool holdsLast(qsizetype write, int column) const;
    /// What write `write` left, by column; none when the database holds its cells as they are.
    /// Asked write after write (a commit's), each is found where the last one ended.
    Cells of(qsizetype write) const;
    /// What write `write` left in `column`, or std::nullopt: one value found without making the
    /// write's list (a flush asks for each book's author's new key while it adds the books' own).
    std::optional<QVariant> value(qsizetype write, int column) const;
    /// Writes what write `write` left into row `slot` of `store`, each value as RowStore::set()
    /// holds it, an integer without a QVariant made of it: a commit's INSERTs bound from their
    /// slots, which become their committed rows (w1: 210,000 keys, each made into a QVariant for
    /// a list and set from it). Asked write after write, as of().
    void writeInto(qsizetype write, RowStore &store, int slot) const;
    /// Runs held, of every column (for tests and benchmarks).
    std::size_t runCount() const;

private:
    /// What a run's values are: integers of one type (their bits in `first` on), or one value
    /// of any other kind (a NULL, a text), kept in m_others at `first`.
    enum class Kind : std::uint8_t { LongLong, ULongLong, Int, InOthers };
    enum class Step : std::uint8_t { Same, Up };
    /// The values of `count` consecutive writes from `firstWrite` on: `first`, then each the
    /// one before (Same) or one more (Up).
    struct Run {
        std::uint32_t firstWrite;
        std::uint16_t count;
        Kind kind;
        Step step;
        std::int64_t first;
        bool covers(std::uint32_t write) const {
            return write >= firstWrite && write - firstWrite < count;
        }
        /// The bits of the value of `write` (which the run covers), as `first` holds them.
        std::int64_t payloadOf(std::uint32_t write) const {
            return step == Step::Up ? std::int64_t(std::uint64_t(first) + (write - firstWrite))
                                    : first;
        }
        QVariant value(std::uint32_t write, const QVariantList &others) const;
    };
    static_assert(sizeof(Run) == 16);
    /// One column's runs, each write in one at most.
    struct Column {
        int column = -1;
        std::vector<Run> mutable runs; ///< by firstWrite once sorted (a lookup sorts them)
        bool mutable sorted = true;    ///< false after a batch added writes out of plan order
        std::size_t mutable found = 0; ///< the run the last lookup found: the next is near
    };

    /// The runs of `column`, made (in column order) if there are none yet.
    Column &columnOf(int column);
    const Column *heldColumn(int column) const;
    /// The run of `column` that holds `write`, or nullptr.
    static const Run *find(const Column &column, std::uint32_t write);

    std::vector<Column> m_columns; ///< by column
    QVariantList m_others;         ///< values that are not an integer of a key's types
};

} // namespace orm
