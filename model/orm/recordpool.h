#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace orm {

class Table;

/// Memory for one table's records (issue 13): each record and its shared_ptr control block in one
/// chunk of equal-sized chunks, carved from blocks of a few KiB and kept on a free list when a
/// record goes. Loading 110,000 rows made 110,000 heap allocations, and a session's end freed them
/// one by one through the allocator's consolidation: a sixth of a whole load's time in the
/// profiles. Here a record costs a pointer bump, its end a push, and the blocks go back to the heap
/// together once the last record is gone.
///
/// A pool outlives its table when records do (a caller may keep a record after its metadata is
/// gone): the table only disowns it, and the last chunk returned frees it. Records of one table
/// are made and dropped on one thread, as the session that holds them is used on one.
class RecordPool {
public:
    /// A pool owned by the caller until disown().
    static RecordPool *create() { return new RecordPool; }
    RecordPool(const RecordPool &) = delete;
    RecordPool &operator=(const RecordPool &) = delete;

    /// A chunk of `bytes`. The pool serves the size asked first; another size (a table whose
    /// factory makes records of two types) comes from the heap.
    void *allocate(std::size_t bytes);
    void deallocate(void *chunk, std::size_t bytes);
    /// The owner lets go: the pool frees itself once no chunk is out (now, if none is).
    void disown();

    /// Chunks handed out and not yet back (of either size), and blocks held (for tests).
    std::size_t liveChunks() const { return m_live; }
    std::size_t blockCount() const { return m_blocks.size(); }

private:
    RecordPool() = default;
    ~RecordPool() = default;
    /// Every chunk is back: the blocks go to the heap (a table whose records come and go one at a
    /// time keeps at most one block).
    void releaseBlocks();

    struct FreeChunk {
        FreeChunk *next;
    };
    std::size_t m_chunkBytes = 0; ///< the size served; 0 until the first allocation
    std::vector<std::unique_ptr<std::byte[]>> m_blocks;
    std::byte *m_next = nullptr; ///< the next never-used chunk of the last block
    std::byte *m_end = nullptr;
    FreeChunk *m_free = nullptr;
    std::size_t m_live = 0;
    bool m_owned = true;
};

/// The allocator std::allocate_shared() takes to put a record of `table` in its pool.
template <class T>
class RecordAllocator {
public:
    using value_type = T;

    explicit RecordAllocator(RecordPool *pool)
        : m_pool(pool) {}
    template <class U>
    RecordAllocator(const RecordAllocator<U> &other)
        : m_pool(other.pool()) {}

    T *allocate(std::size_t n) { return static_cast<T *>(m_pool->allocate(n * sizeof(T))); }
    void deallocate(T *chunk, std::size_t n) { m_pool->deallocate(chunk, n * sizeof(T)); }
    RecordPool *pool() const { return m_pool; }

    template <class U>
    bool operator==(const RecordAllocator<U> &other) const {
        return m_pool == other.pool();
    }

private:
    RecordPool *m_pool;
};

} // namespace orm
