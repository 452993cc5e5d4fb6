#pragma once

#include <QVariant>

#include <cstddef>
#include <cstring>
#include <new>
#include <utility>

namespace orm {

class RecordPool;

/// A record's staged values where they differ from the stored ones, by column. None for a loaded
/// row nobody edited, most of 100,000: 8 bytes, one pointer, where a vector takes 24 (issue 13: the
/// record is most of what a loaded or imported row costs). The changes and their count share one
/// allocation, made on the first change and freed with the last, so an edited record makes no
/// more allocations than with a vector (w5: 100,000 edits).
///
/// A record's first change, most records' only one, takes its block from a pool of such blocks
/// kept per thread (records are used on the thread of their session): 100,000 edits and the
/// rollback that drops them cost a pointer bump and a push each, where the heap's allocation and
/// its consolidation on free were 9% of w5's instructions (issue 13). The pool gives its memory
/// back once every block it handed out is back.
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

    bool empty() const { return !m_block; }
    std::size_t size() const { return m_block ? m_block->size : 0; }
    Change *begin() { return m_block ? m_block->entries() : nullptr; }
    Change *end() { return m_block ? m_block->entries() + m_block->size : nullptr; }
    const Change *begin() const { return m_block ? m_block->entries() : nullptr; }
    const Change *end() const { return m_block ? m_block->entries() + m_block->size : nullptr; }
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
        if (!m_block || m_block->size == m_block->capacity)
            grow();
        new (m_block->entries() + m_block->size) Change(column, value);
        ++m_block->size;
    }
    void erase(const Change *at) {
        Change *entries = m_block->entries();
        for (Change *to = entries + (at - entries); to + 1 < entries + m_block->size; ++to)
            *to = std::move(to[1]);
        entries[--m_block->size].~Change();
        if (m_block->size == 0)
            clear();
    }
    /// Drops every change and the memory that held them.
    void clear() {
        if (!m_block)
            return;
        for (Change &change : *this)
            change.~Change();
        release(m_block);
        m_block = nullptr;
    }

private:
    /// The count, then the changes themselves in the same allocation.
    struct Block {
        quint32 size;
        quint32 capacity;
        RecordPool *pool; ///< where a one-change block came from; nullptr: the heap
        Change *entries() { return reinterpret_cast<Change *>(this + 1); }
    };
    static_assert(sizeof(Block) % alignof(Change) == 0);

    void grow() {
        const quint32 capacity = m_block ? m_block->capacity * 2 : 1;
        Block *grown =
            capacity == 1
                ? firstBlock()
                : static_cast<Block *>(::operator new(sizeof(Block) + capacity * sizeof(Change)));
        if (capacity != 1)
            grown->pool = nullptr;
        grown->size = 0;
        grown->capacity = capacity;
        for (Change &change : *this)
            new (grown->entries() + grown->size++) Change(std::move(change));
        clear();
        m_block = grown;
    }

    /// A block for one change, from this thread's pool (its `pool` set).
    static Block *firstBlock();
    static constexpr std::size_t OneChangeBlock = sizeof(Block) + sizeof(Change);
    static void release(Block *block);

    Block *m_block = nullptr; ///< nullptr while there is no change
};

} // namespace orm
