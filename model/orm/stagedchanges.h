#pragma once

#include <QVariant>

#include <cstddef>
#include <new>
#include <utility>

namespace orm {

/// A record's staged values where they differ from the stored ones, by column. None for a loaded
/// row nobody edited, most of 100,000: 8 bytes, one pointer, where a vector takes 24 (issue 13: the
/// record is most of what a loaded or imported row costs). The changes and their count share one
/// allocation, made on the first change and freed with the last, so an edited record makes no
/// more allocations than with a vector (w5: 100,000 edits).
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
        ::operator delete(m_block);
        m_block = nullptr;
    }

private:
    /// The count, then the changes themselves in the same allocation.
    struct Block {
        quint32 size;
        quint32 capacity;
        Change *entries() { return reinterpret_cast<Change *>(this + 1); }
    };
    static_assert(sizeof(Block) % alignof(Change) == 0);

    void grow() {
        const quint32 capacity = m_block ? m_block->capacity * 2 : 1;
        auto *grown =
            static_cast<Block *>(::operator new(sizeof(Block) + capacity * sizeof(Change)));
        grown->size = 0;
        grown->capacity = capacity;
        for (Change &change : *this)
            new (grown->entries() + grown->size++) Change(std::move(change));
        clear();
        m_block = grown;
    }

    Block *m_block = nullptr; ///< nullptr while there is no change
};

} // namespace orm
