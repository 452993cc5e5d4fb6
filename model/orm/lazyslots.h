#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace orm {

/// A record's slots per relationship of its table (the parents it was given, its child lists):
/// none until the first one is used, then one for every relationship. Held through one pointer, so
/// a record that never uses them — most of 100,000 loaded rows — pays 8 bytes for them where a
/// vector costs 24 (issue 13: the record is most of what a loaded row costs). The slots and their
/// count are one allocation: a book given its new author made two (a vector and its array, 64
/// bytes of heap), 100,000 of them in w1.
template <class T>
class LazySlots {
public:
    LazySlots() = default;
    ~LazySlots() { clear(); }
    LazySlots(const LazySlots &) = delete;
    LazySlots &operator=(const LazySlots &) = delete;

    bool empty() const { return !m_block; }
    /// Makes `count` slots, each as T() makes it; only while there are none.
    void resize(std::size_t count) {
        Q_ASSERT(!m_block);
        void *raw = ::operator new(sizeof(Block) + count * sizeof(T));
        Block *block = new (raw) Block{count};
        std::uninitialized_value_construct_n(reinterpret_cast<T *>(block + 1), count);
        m_block = block;
    }
    void clear() {
        // Let go first: a slot's destructor may release records that reach this one.
        Block *block = std::exchange(m_block, nullptr);
        if (!block)
            return;
        std::destroy_n(block->entries(), block->count);
        block->~Block();
        ::operator delete(block);
    }

    T &operator[](std::size_t slot) {
        Q_ASSERT(m_block && slot < m_block->count);
        return m_block->entries()[slot];
    }
    const T &operator[](std::size_t slot) const {
        Q_ASSERT(m_block && slot < m_block->count);
        return m_block->entries()[slot];
    }
    T *begin() { return m_block ? m_block->entries() : nullptr; }
    T *end() { return m_block ? m_block->entries() + m_block->count : nullptr; }
    const T *begin() const { return m_block ? m_block->entries() : nullptr; }
    const T *end() const { return m_block ? m_block->entries() + m_block->count : nullptr; }

private:
    /// The count, then the slots right after it (the block's alignment is theirs).
    struct alignas(std::max(alignof(T), alignof(std::size_t))) Block {
        std::size_t count;
        T *entries() { return std::launder(reinterpret_cast<T *>(this + 1)); }
    };
    static_assert(alignof(Block) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);

    Block *m_block = nullptr;
};

} // namespace orm
