#pragma once

#include <QVariant>

#include <cstddef>
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
    using Change = std::pair<int, QVariant>;

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
