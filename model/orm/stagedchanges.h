#pragma once

#include <QVariant>

#include <cstddef>
#include <cstring>
#include <new>
#include <utility>

namespace orm {

/// A record's staged values where they differ from the stored ones, by column. None for a loaded
/// row nobody edited, most of 100,000: 8 bytes, one pointer, where a vector takes 24 (issue 13: the
/// record is most of what a loaded or imported row costs). Two changes or more share one
/// allocation with their count, so an edited record makes no more allocations than with a vector.
///
/// A record's only change, most edited records' (w5: 100,000 edits), is held alone with no count,
/// in a chunk of a pool kept per thread (records are used on the thread of their session):
/// 100,000 edits and the rollback that drops them cost a pointer bump and a push each, where the
/// heap's allocation and its consolidation on free were 9% of w5's instructions (issue 13). The
/// pool gives its memory back once every chunk it handed out is back.
class StagedChanges {
public:
    /// One column's staged value, in 32 bytes. A text of up to InlineText characters, each below
    /// U+0100 (most edits of a name or a title), is kept as Latin-1 bytes in the change itself,
    /// where a QVariant kept the QString given, a second allocation of 64 bytes for a
    /// 20-character title (w5: 6.5 MB of its peak, issue 13); so are a number of up to 8 bytes
    /// and NULL. value() makes the very same QVariant again. Any other value (a longer text, a
    /// date, a blob, a typed NULL) is a QVariant of its own, out of line: a change that held any
    /// QVariant took 40 bytes (w5: 100,000 edited titles, 4 MB of its peak).
    class Change {
    public:
        static constexpr int InlineText = 27;

        Change(int column, const QVariant &value)
            : column(column) {
            hold(value);
        }
        Change(Change &&other) noexcept
            : column(other.column) {
            take(std::move(other));
        }
        Change &operator=(Change &&other) noexcept {
            if (this != &other) {
                drop();
                column = other.column;
                take(std::move(other));
            }
            return *this;
        }
        ~Change() { drop(); }

        int column;
        /// The value as it was staged.
        QVariant value() const;
        /// The QVariant held out of line, or nullptr for a value held in the change (a short
        /// text, a number, NULL: value() makes it).
        const QVariant *variant() const { return m_form == OutOfLine ? outOfLine() : nullptr; }
        QVariant *variant() { return m_form == OutOfLine ? outOfLine() : nullptr; }
        /// True for a text held as Latin-1 bytes (inlineText()).
        bool holdsText() const { return m_form >= 0; }
        /// The text held as Latin-1, or an empty view for any other value.
        QLatin1StringView inlineText() const {
            return holdsText() ? QLatin1StringView(m_bytes, m_form) : QLatin1StringView();
        }
        void set(const QVariant &value) {
            drop();
            hold(value);
        }

    private:
        /// m_form: the characters of a text held as Latin-1 (0 to InlineText), or one of these.
        enum Form : qint8 {
            OutOfLine = -1, ///< m_bytes: a QVariant *
            Number = -2,    ///< m_bytes: the metatype (2 bytes), then the value's bytes
            Null = -3,      ///< an invalid QVariant (SQL NULL)
        };
        static constexpr int NumberBytes = 2;
        static_assert(NumberBytes + 8 <= InlineText && sizeof(QVariant *) <= InlineText);

        void hold(const QVariant &value);
        QVariant *outOfLine() const {
            QVariant *held = nullptr;
            std::memcpy(&held, m_bytes, sizeof held);
            return held;
        }
        void take(Change &&other) {
            m_form = std::exchange(other.m_form, Null); // the moved-from change owns nothing
            std::memcpy(m_bytes, other.m_bytes, sizeof m_bytes);
        }
        void drop() {
            if (m_form == OutOfLine)
                delete outOfLine();
        }

        qint8 m_form = Null;
        char m_bytes[InlineText]; ///< unaligned: a pointer or a number is copied in and out
    };
    static_assert(sizeof(Change) == 32, "a record's only change fills a 32-byte chunk, where a "
                                        "pair of a column and a QVariant took 40");

    StagedChanges() = default;
    StagedChanges(const StagedChanges &) = delete;
    StagedChanges &operator=(const StagedChanges &) = delete;
    ~StagedChanges() { clear(); }

    bool empty() const { return !m_data; }
    std::size_t size() const { return !m_data ? 0 : isSingle() ? 1 : block()->size; }
    Change *begin() { return std::as_const(*this).first(); }
    Change *end() { return std::as_const(*this).first() + size(); }
    const Change *begin() const { return first(); }
    const Change *end() const { return first() + size(); }
    /// One-change blocks this thread's pool has handed out and not had back (for tests).
    static std::size_t pooledBlocksOnThisThread();
    Change &front() { return *begin(); }
    const Change &front() const { return *begin(); }

    /// The change of `column`, or nullptr.
    const Change *find(int column) const {
        for (const Change &change : *this) {
            if (change.column == column)
                return &change;
        }
        return nullptr;
    }
    Change *find(int column) { return const_cast<Change *>(std::as_const(*this).find(column)); }

    void emplace_back(int column, const QVariant &value) {
        if (!m_data) {
            Change *single = new (takeSingle()) Change(column, value);
            m_data = reinterpret_cast<void *>(quintptr(single) | SingleTag);
            return;
        }
        if (isSingle() || block()->size == block()->capacity)
            grow();
        new (block()->entries() + block()->size) Change(column, value);
        ++block()->size;
    }
    void erase(const Change *at) {
        if (isSingle()) {
            clear();
            return;
        }
        Change *entries = block()->entries();
        for (Change *to = entries + (at - entries); to + 1 < entries + block()->size; ++to)
            *to = std::move(to[1]);
        entries[--block()->size].~Change();
        if (block()->size == 0)
            clear();
    }
    /// Drops every change and the memory that held them.
    void clear() {
        if (!m_data)
            return;
        for (Change &change : *this)
            change.~Change();
        if (isSingle())
            releaseSingle(single());
        else
            ::operator delete(block());
        m_data = nullptr;
    }

private:
    /// Two changes or more: the count, then the changes, in one allocation from the heap.
    struct Block {
        quint32 size;
        quint32 capacity;
        Change *entries() { return reinterpret_cast<Change *>(this + 1); }
    };
    static_assert(sizeof(Block) % alignof(Change) == 0);
    /// The low bit of m_data says it points to a record's only change, most records' (w5:
    /// 100,000 edits), held alone in a chunk of a pool, with no count: 32 bytes, where a block
    /// with its count and its pool took 56. Its pool is found from its address
    /// (RecordPool::release()). Both are aligned to 8 (the pool's chunks, operator new's blocks).
    static constexpr quintptr SingleTag = 1;

    bool isSingle() const { return quintptr(m_data) & SingleTag; }
    Change *single() const { return reinterpret_cast<Change *>(quintptr(m_data) & ~SingleTag); }
    Block *block() const { return static_cast<Block *>(m_data); }
    Change *first() const { return !m_data ? nullptr : isSingle() ? single() : block()->entries(); }

    /// Room for twice the changes held (two, from a single one), the changes moved there.
    void grow() {
        const quint32 capacity = isSingle() ? 2 : block()->capacity * 2;
        auto *grown =
            static_cast<Block *>(::operator new(sizeof(Block) + capacity * sizeof(Change)));
        grown->size = 0;
        grown->capacity = capacity;
        for (Change &change : *this)
            new (grown->entries() + grown->size++) Change(std::move(change));
        clear();
        m_data = grown;
    }

    /// Room for one change from this thread's pool (the change not made yet).
    static void *takeSingle();
    static void releaseSingle(Change *single);

    void *m_data = nullptr; ///< a Block, a single Change (SingleTag set), or nullptr while none
};

} // namespace orm
