#pragma once

#include <cstddef>
#include <memory>
#include <new>

namespace orm {

/// Makes the whole pages of [start, start + bytes) resident and writable in one system call,
/// before they are written. Storage filled row after row (a pool of records, the row store's
/// blocks, the identity map's array) otherwise takes a page fault for each 4 KiB it reaches: a
/// trap, a zeroed page and a return each time, where this takes the pages in one pass (issue 13:
/// w5's 100,000 rows took 5,500 faults more than the raw program, 8% of its time). Ranges under
/// 32 KiB are left alone (the call would cost what the few faults do), and so is a range the
/// kernel cannot populate (older than Linux 5.14, or short of memory now): its pages then fault
/// in as they are reached, as before. True when the pages were made resident.
bool prefault(void *start, std::size_t bytes);

/// Frees what makePrefaultedArray() made: destroys its `count` items.
template <class T>
struct PrefaultedArrayDeleter {
    std::size_t count = 0;
    void operator()(T *items) const {
        std::destroy_n(items, count);
        ::operator delete(static_cast<void *>(items), std::align_val_t(alignof(T)));
    }
};
template <class T>
using PrefaultedArray = std::unique_ptr<T[], PrefaultedArrayDeleter<T>>;

/// `count` value-initialized items, as std::make_unique<T[]>(count) makes them, in memory made
/// resident first (prefault()), so that initializing them takes no page fault per page.
template <class T>
PrefaultedArray<T> makePrefaultedArray(std::size_t count) {
    static_assert(std::is_nothrow_default_constructible_v<T>);
    void *raw = ::operator new(count * sizeof(T), std::align_val_t(alignof(T)));
    prefault(raw, count * sizeof(T));
    T *items = static_cast<T *>(raw);
    std::uninitialized_value_construct_n(items, count);
    return PrefaultedArray<T>(items, PrefaultedArrayDeleter<T>{count});
}

} // namespace orm
