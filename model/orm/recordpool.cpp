#include "recordpool.h"

#include "prefault.h"

#include <QtGlobal>

#include <algorithm>
#include <new>
#include <sys/mman.h>

// Blocks are mapped, not taken from the heap, so LeakSanitizer is told to look in them for the
// pointers records hold (it scans the heap, stacks and globals only)
#if defined(__SANITIZE_ADDRESS__)
#define SHELF_LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHELF_LEAK_CHECKED 1
#endif
#endif
#ifdef SHELF_LEAK_CHECKED
#include <sanitizer/lsan_interface.h>
#endif

namespace orm {

namespace {

constexpr std::size_t BlockBytes = RecordPool::BlockBytes;

/// One block, aligned to its size, mapped on its own: twice the size is mapped and the unaligned
/// ends are given back. From the heap (aligned_alloc), each block left the heap's header on the
/// page before it and free gaps beside it, each with its own boundary tags: w1 was 2 MiB more
/// resident than with mapped blocks.
std::byte *mapBlock(std::size_t chunkStart) {
    const std::size_t span = 2 * BlockBytes;
    void *mapped = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED)
        throw std::bad_alloc();
    const auto start = reinterpret_cast<quintptr>(mapped);
    const quintptr aligned = (start + BlockBytes - 1) & ~quintptr(BlockBytes - 1);
    if (aligned != start)
        munmap(mapped, aligned - start);
    if (aligned + BlockBytes != start + span)
        munmap(reinterpret_cast<void *>(aligned + BlockBytes), start + span - aligned - BlockBytes);
    auto *block = reinterpret_cast<std::byte *>(aligned);
#ifdef SHELF_LEAK_CHECKED
    // The chunks only: the header's pointer to the pool would hide a pool that leaks
    __lsan_register_root_region(block + chunkStart, BlockBytes - chunkStart);
#else
    (void)chunkStart;
#endif
    return block;
}

void unmapBlock(std::byte *block, std::size_t chunkStart) {
#ifdef SHELF_LEAK_CHECKED
    __lsan_unregister_root_region(block + chunkStart, BlockBytes - chunkStart);
#else
    (void)chunkStart;
#endif
    munmap(block, BlockBytes);
}

} // namespace

RecordPool::~RecordPool() {
    for (Size &size : m_sizes)
        releaseBlocks(size);
}

void *RecordPool::allocate(std::size_t bytes, std::size_t alignment, std::uint32_t kind) {
    Q_ASSERT(alignment <= HeaderBytes && (alignment & (alignment - 1)) == 0);
    // Chunks follow each other from an aligned start: a multiple of the alignment, each is aligned
    bytes = std::max((bytes + alignment - 1) / alignment * alignment, sizeof(FreeChunk));
    Q_ASSERT(bytes <= BlockBytes - HeaderBytes);
    auto found = std::find_if(m_sizes.begin(), m_sizes.end(), [bytes, kind](const Size &size) {
        return size.chunkBytes == bytes && size.kind == kind;
    });
    if (found == m_sizes.end()) {
        m_sizes.push_back(Size{});
        m_sizes.back().chunkBytes = bytes;
        m_sizes.back().kind = kind;
        found = m_sizes.end() - 1;
    }
    Size &size = *found;
    ++m_live; // the pool must outlive every chunk it handed out
    ++size.live;
    if (size.free) {
        FreeChunk *chunk = size.free;
        size.free = chunk->next;
        return chunk;
    }
    if (size.next == size.end)
        addBlock(size, std::uint32_t(found - m_sizes.begin()));
    void *chunk = size.next;
    size.next += size.chunkBytes;
    return chunk;
}

void RecordPool::addBlock(Size &size, std::uint32_t index) {
    std::byte *block = mapBlock(HeaderBytes);
    // A size's first block is left to fault in page by page (a table of a few records touches
    // one page of it); the next ones are made resident at once rather than a fault every 46
    // records of 88 bytes
    if (!size.blocks.empty())
        prefault(block, BlockBytes);
    size.blocks.push_back(block);
    new (block) BlockHeader{this, index, size.kind};
    size.next = block + HeaderBytes;
    size.end = size.next + (BlockBytes - HeaderBytes) / size.chunkBytes * size.chunkBytes;
}

void RecordPool::release(void *chunk) {
    const BlockHeader *header = headerOf(chunk);
    header->pool->deallocate(chunk, header->size);
}

void RecordPool::deallocate(void *chunk, std::uint32_t index) {
    Size &size = m_sizes[index];
    size.free = new (chunk) FreeChunk{size.free};
    if (--size.live == 0)
        keepFirstBlockOnly(size);
    if (--m_live == 0 && !m_owned)
        delete this;
}

void RecordPool::disown() {
    m_owned = false;
    if (m_live == 0)
        delete this;
}

std::size_t RecordPool::blockCount() const {
    std::size_t blocks = 0;
    for (const Size &size : m_sizes)
        blocks += size.blocks.size();
    return blocks;
}

void RecordPool::keepFirstBlockOnly(Size &size) {
    std::byte *first = size.blocks.front();
    for (std::size_t i = 1; i < size.blocks.size(); ++i)
        unmapBlock(size.blocks[i], HeaderBytes);
    size.blocks.resize(1);
    size.free = nullptr;
    size.next = first + HeaderBytes; // served again from its start, as addBlock() serves a block
    size.end = size.next + (BlockBytes - HeaderBytes) / size.chunkBytes * size.chunkBytes;
}

void RecordPool::releaseBlocks(Size &size) {
    for (std::byte *block : size.blocks)
        unmapBlock(block, HeaderBytes);
    size.blocks.clear();
    size.free = nullptr;
    size.next = size.end = nullptr;
}

} // namespace orm
