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
    /// One column's staged value. A text of up to InlineText characters, each below U+0100 (most
    /// edits of a name or a title), is kept as Latin-1 bytes in the change itself, where a
    /// QVariant kept the QString given, a second allocation of 64 bytes for a 20-character title
    /// (w5: 6.5 MB of its peak, issue 13). value() makes the very same QString again.
    class Change {
    public:
        static constexpr int InlineText = 32;

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
        QVariant value() const {
            return m_length < 0 ? m_variant : QVariant(QString(inlineText()));
        }
        /// The QVariant held, or nullptr for a text held as Latin-1 (value() makes it).
        const QVariant *variant() const { return m_length < 0 ? &m_variant : nullptr; }
        QVariant *variant() { return m_length < 0 ? &m_variant : nullptr; }
        /// The text held as Latin-1, or an empty view where a QVariant is held.
        QLatin1StringView inlineText() const {
            return m_length < 0 ? QLatin1StringView() : QLatin1StringView(m_text, m_length);
        }
        void set(const QVariant &value) {
            drop();
            hold(value);
        }

    private:
        void hold(const QVariant &value);
        void take(Change &&other) {
            m_length = other.m_length;
            if (m_length < 0)
                new (&m_variant) QVariant(std::move(other.m_variant));
            else
                std::memcpy(m_text, other.m_text, size_t(m_length));
        }
        void drop() {
            if (m_length < 0)
                m_variant.~QVariant();
        }

        qint8 m_length = -1; ///< characters in m_text; -1: m_variant holds the value
        union {
            QVariant m_variant;
            char m_text[InlineText];
        };
    };
    static_assert(sizeof(Change) == 40,
                  "a change costs what a pair of a column and a QVariant did");

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
    /// 100,000 edits), held alone in a chunk of a pool, with no count: 40 bytes, where a block
    /// with its count and its pool took 56. Its pool is found from its address
    /// (RecordPool::release()). Both are aligned to 8.
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
