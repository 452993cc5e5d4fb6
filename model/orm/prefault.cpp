#include "prefault.h"

#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

namespace orm {

bool prefault(void *start, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
    if (bytes < 32 * 1024)
        return false;
    static const std::uintptr_t page = std::uintptr_t(sysconf(_SC_PAGESIZE));
    // Only the pages that lie wholly inside: the ones at either end may hold others' data,
    // which populating would not harm, but a range must start on a page
    const std::uintptr_t first = (std::uintptr_t(start) + page - 1) & ~(page - 1);
    const std::uintptr_t end = (std::uintptr_t(start) + bytes) & ~(page - 1);
    return end > first &&
           madvise(reinterpret_cast<void *>(first), end - first, MADV_POPULATE_WRITE) == 0;
#else
    (void)start;
    (void)bytes;
    return false;
#endif
}

} // namespace orm
