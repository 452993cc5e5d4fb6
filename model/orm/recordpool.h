#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace orm {

class Table;

/// Memory for one table's records (issue 13): each record and its shared_ptr control block in one
/// chunk of equal-sized chunks, carved from blocks and kept on a free list when a record goes.
/// Loading 110,000 rows made 110,000 heap allocations, and a session's end freed them one by one
/// through the allocator's consolidation: a sixth of a whole load's time in the profiles. Here a
/// record costs a pointer bump, its end a push, and a size's blocks but its first go back to the
/// system together once its last chunk is back (the first with the pool).
///
/// Every block is BlockBytes, aligned to BlockBytes, and starts with the pool it belongs to, so a
/// chunk's pool is found from the chunk's address (release()): neither a record's control block
/// nor a staged change keeps a pointer to its pool (8 bytes each, 100,000 of each in w5).
///
/// A pool serves chunks of any size, each size from blocks of its own (a table whose record type
/// changes makes records of two sizes). A pool outlives its table when records do (a caller may
/// keep a record after its metadata is gone): the table only disowns it, and the last chunk
/// returned frees it. Records of one table are made and dropped on one thread, as the session that
/// holds them is used on one.
class RecordPool {
public:
    /// A pool owned by the caller until disown().
    static RecordPool *create() { return new RecordPool; }
    RecordPool(const RecordPool &) = delete;
    RecordPool &operator=(const RecordPool &) = delete;

    /// A chunk of `bytes` aligned to `alignment` (a power of two, 16 at most), of `kind`: chunks
    /// of one size and kind share blocks, and kindOf() reads a chunk's back from its block, so
    /// that what the chunk holds need not say it (RelationSlots: how many slots of each sort).
    void *allocate(std::size_t bytes, std::size_t alignment = alignof(void *),
                   std::uint32_t kind = 0);
    /// The kind `chunk` was allocated as.
    static std::uint32_t kindOf(const void *chunk) { return headerOf(chunk)->kind; }
    /// Gives a chunk back to the pool whose block holds it.
    static void release(void *chunk);
    /// The owner lets go: the pool frees itself once no chunk is out (now, if none is).
    void disown();

    /// Chunks handed out and not yet back (of any size), and blocks held (for tests).
    std::size_t liveChunks() const { return m_live; }
    std::size_t blockCount() const;

    /// The pool RecordAllocator takes chunks from on this thread while this lives (a table's,
    /// while it makes a record): the allocator holds no pointer of its own.
    class Serving {
    public:
        explicit Serving(RecordPool *pool)
            : m_previous(std::exchange(t_serving, pool)) {}
        ~Serving() { t_serving = m_previous; }
        Serving(const Serving &) = delete;
        Serving &operator=(const Serving &) = delete;

    private:
        RecordPool *m_previous;
    };
    static RecordPool *serving() { return t_serving; }

    /// The size and alignment of every block (mapped on its own): 2,978 records of 88 bytes.
    static constexpr std::size_t BlockBytes = 256 * 1024;

private:
    RecordPool() = default;
    ~RecordPool();

    struct FreeChunk {
        FreeChunk *next;
    };
    /// The chunks of one size and the blocks they are carved from.
    struct Size {
        std::size_t chunkBytes = 0;
        std::uint32_t kind = 0;
        std::vector<std::byte *> blocks;
        std::byte *next = nullptr; ///< the next never-used chunk of the last block
        std::byte *end = nullptr;
        FreeChunk *free = nullptr;
        std::size_t live = 0;
    };
    /// What starts every block: whose it is, and of which size and kind.
    struct BlockHeader {
        RecordPool *pool;
        std::uint32_t size; ///< the index in m_sizes
        std::uint32_t kind; ///< as allocate() was given it
    };
    static constexpr std::size_t HeaderBytes = 16; ///< the header, the chunks aligned after it
    static_assert(sizeof(BlockHeader) <= HeaderBytes);
    static const BlockHeader *headerOf(const void *chunk) {
        return reinterpret_cast<const BlockHeader *>(reinterpret_cast<std::uintptr_t>(chunk) &
                                                     ~std::uintptr_t(BlockBytes - 1));
    }

    void deallocate(void *chunk, std::uint32_t size);
    void addBlock(Size &size, std::uint32_t index);
    /// Every chunk of `size` is back: its blocks but the first are unmapped, and the first is
    /// served again from its start. Chunks that come and go one at a time (a new book's staged
    /// title alone, then with its author's key: a single change, then a block of two) would map
    /// and unmap a block each time (w1: 100,000 times, 100 ms).
    static void keepFirstBlockOnly(Size &size);
    /// The pool goes: every block is unmapped.
    static void releaseBlocks(Size &size);

    std::vector<Size> m_sizes; ///< mostly one: a table's records are of one type
    std::size_t m_live = 0;
    bool m_owned = true;
    static inline thread_local RecordPool *t_serving = nullptr;
};

/// The allocator std::allocate_shared() takes to put a record in its table's pool, inside a
/// RecordPool::Serving of that pool. It holds nothing, so that the shared pointer's control block
/// keeps no copy of it; a chunk goes back to the pool its block names.
template <class T>
class RecordAllocator {
public:
    using value_type = T;

    RecordAllocator() = default;
    template <class U>
    RecordAllocator(const RecordAllocator<U> &) {}

    T *allocate(std::size_t n) {
        return static_cast<T *>(RecordPool::serving()->allocate(n * sizeof(T), alignof(T)));
    }
    void deallocate(T *chunk, std::size_t) { RecordPool::release(chunk); }

    template <class U>
    bool operator==(const RecordAllocator<U> &) const {
        return true; // any one frees what another allocated: the block names the pool
    }
};

} // namespace orm
