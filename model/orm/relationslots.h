#pragma once

#include "recordpool.h"

#include <QtGlobal>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <utility>

namespace orm {

/// A record's slots per relationship of its table: the parent it was given through each reference
/// (P) and its child list through each collection (C). None until the first one is used, then one
/// of each kind for every relationship, the counts and both kinds of slots in one allocation
/// behind one pointer: a record that never uses them — most of 100,000 loaded rows — pays 8 bytes
/// for them, where two such pointers took 16 and two vectors 48 (issue 13: the record is most of
/// what a loaded row costs).
///
/// The allocation is a chunk of the record's table's RecordPool: a book's parent slot is 32 bytes
/// there, where the heap took 48 with its header (w1: 100,000 books given their author, 1.6 MB).
template <class P, class C>
class RelationSlots {
public:
    RelationSlots() = default;
    ~RelationSlots() { clear(); }
    RelationSlots(const RelationSlots &) = delete;
    RelationSlots &operator=(const RelationSlots &) = delete;

    bool empty() const { return !m_block; }
    /// Makes `parents` parent slots and `children` child slots, each as its type's T() makes it,
    /// in a chunk of `pool`; only while there are none.
    void make(std::size_t parents, std::size_t children, RecordPool &pool) {
        Q_ASSERT(!m_block && parents <= UINT32_MAX && children <= UINT32_MAX);
        void *raw = pool.allocate(sizeof(Block) + parents * sizeof(P) + children * sizeof(C),
                                  alignof(Block));
        Block *block = new (raw) Block{std::uint32_t(parents), std::uint32_t(children)};
        std::byte *storage = reinterpret_cast<std::byte *>(block + 1);
        std::uninitialized_value_construct_n(reinterpret_cast<P *>(storage), parents);
        std::uninitialized_value_construct_n(reinterpret_cast<C *>(storage + parents * sizeof(P)),
                                             children);
        m_block = block;
    }
    /// Frees every slot.
    void clear() {
        // Let go first: a slot's destructor may release records that reach this one.
        Block *block = std::exchange(m_block, nullptr);
        if (!block)
            return;
        std::destroy_n(block->children(), block->childCount);
        std::destroy_n(block->parents(), block->parentCount);
        block->~Block();
        RecordPool::release(block); // to the pool its block names, the table gone or not
    }

    /// The parent slots, or none before make().
    std::span<P> parents() { return m_block ? m_block->parentSpan() : std::span<P>(); }
    std::span<const P> parents() const {
        return m_block ? std::span<const P>(m_block->parentSpan()) : std::span<const P>();
    }
    /// The child slots, or none before make().
    std::span<C> children() { return m_block ? m_block->childSpan() : std::span<C>(); }
    std::span<const C> children() const {
        return m_block ? std::span<const C>(m_block->childSpan()) : std::span<const C>();
    }

private:
    static_assert(sizeof(P) % alignof(C) == 0, "the child slots follow the parent slots");
    /// The counts, then the parent slots, then the child slots (the block's alignment is theirs).
    struct alignas(std::max({alignof(P), alignof(C), alignof(std::uint64_t)})) Block {
        std::uint32_t parentCount;
        std::uint32_t childCount;
        P *parents() { return std::launder(reinterpret_cast<P *>(this + 1)); }
        C *children() {
            return std::launder(reinterpret_cast<C *>(reinterpret_cast<std::byte *>(this + 1) +
                                                      parentCount * sizeof(P)));
        }
        // (No object to launder where a table has no relationship of the kind.)
        std::span<P> parentSpan() {
            return parentCount ? std::span<P>(parents(), parentCount) : std::span<P>();
        }
        std::span<C> childSpan() {
            return childCount ? std::span<C>(children(), childCount) : std::span<C>();
        }
    };
    static_assert(alignof(Block) <= 16, "what RecordPool::allocate() aligns to");

    Block *m_block = nullptr;
};

} // namespace orm
