#include "recordpool.h"

#include "prefault.h"

#include <algorithm>
#include <new>

namespace orm {

namespace {

/// Bytes the first block aims at: little for a table with a few records (68 records of 120
/// bytes). Each next block is twice the last, up to LargestBlock, so that a pool of 100,000
/// records asks for a few dozen blocks, and those of PrefaultedBlock or more are made resident at
/// once (prefault()) rather than a page fault every 34 records.
constexpr std::size_t FirstBlockBytes = 8 * 1024;
constexpr std::size_t LargestBlockBytes = 256 * 1024;
constexpr std::size_t PrefaultedBlockBytes = 64 * 1024;

} // namespace

void *RecordPool::allocate(std::size_t bytes) {
    if (m_chunkBytes == 0)
        m_chunkBytes = std::max(bytes, sizeof(FreeChunk));
    ++m_live; // chunks of another size too: the pool must outlive every chunk it handed out
    if (bytes != m_chunkBytes)
        return ::operator new(bytes);
    if (m_free) {
        FreeChunk *chunk = m_free;
        m_free = chunk->next;
        return chunk;
    }
    if (m_next == m_end) {
        // Chunks are multiples of the control block's alignment (that of a pointer), and new[]
        // gives a block the heap's: every chunk is aligned as a record needs.
        const std::size_t blockBytes = std::min(
            FirstBlockBytes << std::min<std::size_t>(m_blocks.size(), 16), LargestBlockBytes);
        const std::size_t chunks = std::max<std::size_t>(1, blockBytes / m_chunkBytes);
        m_blocks.emplace_back(new std::byte[chunks * m_chunkBytes]); // left uninitialized
        m_next = m_blocks.back().get();
        m_end = m_next + chunks * m_chunkBytes;
        if (chunks * m_chunkBytes >= PrefaultedBlockBytes)
            prefault(m_next, chunks * m_chunkBytes);
    }
    void *chunk = m_next;
    m_next += m_chunkBytes;
    return chunk;
}

void RecordPool::deallocate(void *chunk, std::size_t bytes) {
    if (bytes != m_chunkBytes)
        ::operator delete(chunk);
    else
        m_free = new (chunk) FreeChunk{m_free};
    if (--m_live == 0) {
        if (!m_owned) {
            delete this;
            return;
        }
        releaseBlocks();
    }
}

void RecordPool::disown() {
    m_owned = false;
    if (m_live == 0)
        delete this;
}

void RecordPool::releaseBlocks() {
    m_blocks.clear();
    m_free = nullptr;
    m_next = m_end = nullptr;
}

} // namespace orm
