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
/// of each kind for every relationship, both kinds of slots in one allocation behind one pointer:
/// a record that never uses them — most of 100,000 loaded rows — pays 8 bytes for them, where two
/// such pointers took 16 and two vectors 48 (issue 13: the record is most of what a loaded row
/// costs).
///
/// The allocation is a chunk of the record's table's RecordPool, and holds the slots alone: how
/// many of each sort it holds is the chunk's kind, which its block keeps (RecordPool::kindOf()).
/// A book's parent slot is 16 bytes there, where the heap took 48 with its header and a count
/// beside it took 24 (w1: 100,000 books given their author until the commit, 0.8 MB).
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
        Q_ASSERT(!m_block && parents <= MaxCount && children <= MaxCount);
        void *raw = pool.allocate(parents * sizeof(P) + children * sizeof(C), Alignment,
                                  std::uint32_t(parents << 16 | children));
        auto *block = static_cast<std::byte *>(raw);
        std::uninitialized_value_construct_n(reinterpret_cast<P *>(block), parents);
        std::uninitialized_value_construct_n(reinterpret_cast<C *>(block + parents * sizeof(P)),
                                             children);
        m_block = block;
    }
    /// Frees every slot.
    void clear() {
        // Let go first: a slot's destructor may release records that reach this one.
        std::byte *block = std::exchange(m_block, nullptr);
        if (!block)
            return;
        const Counts counts = countsOf(block);
        std::destroy_n(childrenAt(block, counts), counts.children);
        std::destroy_n(parentsAt(block), counts.parents);
        RecordPool::release(block); // to the pool its block names, the table gone or not
    }

    /// The parent slots, or none before make().
    std::span<P> parents() { return m_block ? parentSpan(m_block) : std::span<P>(); }
    std::span<const P> parents() const {
        return m_block ? std::span<const P>(parentSpan(m_block)) : std::span<const P>();
    }
    /// The child slots, or none before make().
    std::span<C> children() { return m_block ? childSpan(m_block) : std::span<C>(); }
    std::span<const C> children() const {
        return m_block ? std::span<const C>(childSpan(m_block)) : std::span<const C>();
    }

private:
    static_assert(sizeof(P) % alignof(C) == 0, "the child slots follow the parent slots");
    static constexpr std::size_t Alignment = std::max(alignof(P), alignof(C));
    static_assert(Alignment <= 16, "what RecordPool::allocate() aligns to");
    /// Each count has 16 bits of the chunk's kind.
    static constexpr std::size_t MaxCount = 0xffff;

    struct Counts {
        std::uint32_t parents;
        std::uint32_t children;
    };
    static Counts countsOf(const std::byte *block) {
        const std::uint32_t kind = RecordPool::kindOf(block);
        return {kind >> 16, kind & 0xffff};
    }
    static P *parentsAt(std::byte *block) { return std::launder(reinterpret_cast<P *>(block)); }
    static C *childrenAt(std::byte *block, const Counts &counts) {
        return std::launder(reinterpret_cast<C *>(block + counts.parents * sizeof(P)));
    }
    // (No object to launder where a table has no relationship of the kind.)
    static std::span<P> parentSpan(std::byte *block) {
        const Counts counts = countsOf(block);
        return counts.parents ? std::span<P>(parentsAt(block), counts.parents) : std::span<P>();
    }
    static std::span<C> childSpan(std::byte *block) {
        const Counts counts = countsOf(block);
        return counts.children ? std::span<C>(childrenAt(block, counts), counts.children)
                               : std::span<C>();
    }

    std::byte *m_block = nullptr;
};

} // namespace orm
