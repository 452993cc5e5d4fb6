#pragma once

#include "prefault.h"
#include "types.h"

#include <QtGlobal>

#include <cstddef>
#include <memory>
#include <vector>

namespace orm {

/// Records by a 64-bit integer key, the identity map's common case (issue 13).
///
/// Dense while it can be: the keys most tables hold (an identity or a rowid counting up from 1)
/// fill a range, and a record is then found at its key's offset in an array of record pointers,
/// 16 bytes a key, no key stored (w1's commit made room for 110,000 keys at 24 bytes a slot and
/// 13/16 full: 3.2 MB, its peak; now 1.8 MB). A key that would leave the array less than half
/// full turns the map into the hashed form below, for good (until clear()).
///
/// The array is one page while it spans up to PageEntries keys (grown by half, copied), then
/// pages of PageEntries (64 KiB), added at either end as keys come and never moved: a load of
/// 100,000 rows grew one array by half each time, the old one alive beside the new and up to a
/// third of the last one spare (w2: 4.0 MB at its peak for 1.6 MB of records).
///
/// Hashed: one array of (key, record) slots, found by linear probing from a Fibonacci hash
/// (home()). QHash spent about 320 instructions an insert loading 110,000 rows (spans grown one by
/// one, rehashed as they filled) and a tenth of a session's end walking them; this is one
/// multiplication, a probe or two in a contiguous array, and a doubling now and then.
/// Consecutive keys spread evenly under the multiplication, so probes stay short even with the
/// array 13/16 full.
class IntegerRecordMap {
public:
    IntegerRecordMap() = default;
    IntegerRecordMap(const IntegerRecordMap &) = delete;
    IntegerRecordMap &operator=(const IntegerRecordMap &) = delete;
    /// The other map is left empty (the identity map's list of maps moves them as it grows).
    IntegerRecordMap(IntegerRecordMap &&other) noexcept { *this = std::move(other); }
    IntegerRecordMap &operator=(IntegerRecordMap &&other) noexcept;

    qsizetype size() const { return qsizetype(m_size); }
    /// The record under `key`, or nullptr.
    const RecordPtr *find(qint64 key) const {
        if (!m_hashed) {
            const quint64 offset = quint64(key) - quint64(m_base);
            if (offset >= m_span)
                return nullptr;
            const RecordPtr &entry = at(offset);
            return entry ? &entry : nullptr;
        }
        return findHashed(key);
    }
    /// Puts `record` under `key`, replacing whatever was there.
    void insert(qint64 key, const RecordPtr &record);
    /// Removes the entry of `key` when it holds `record`; returns whether it did.
    bool remove(qint64 key, const Record *record);
    void clear();
    /// Room for `entries` in all, made at once (a commit of 110,000 inserts would grow the array
    /// four times, each time with the old one alive beside the new). Dense, the room is made for
    /// keys above those held (or from the first key inserted), as generated keys come.
    void reserve(std::size_t entries);
    /// True while the map is dense (for tests).
    bool isDense() const { return !m_hashed; }
    /// Dense: the pages of the array (one while it spans PageEntries keys or fewer), for tests.
    std::size_t pageCount() const { return m_pages.size(); }

    /// Keys a page of the dense array holds, once it takes more than one.
    static constexpr int PageShift = 12;
    static constexpr std::size_t PageEntries = std::size_t(1) << PageShift;

    template <class Visit>
    void forEach(Visit &&visit) const {
        for (std::size_t i = 0; m_size != 0 && i < m_span; ++i) {
            if (const RecordPtr &entry = at(i))
                visit(entry);
        }
        for (std::size_t i = 0; m_size != 0 && i < m_capacity; ++i) {
            if (m_slots[i].record)
                visit(m_slots[i].record);
        }
    }

private:
    struct Slot {
        qint64 key = 0;
        RecordPtr record; ///< null: the slot is free
    };
    /// Eight consecutive keys (k with the same k >> 3) share a run of eight slots, the runs spread
    /// by the Fibonacci hash of k >> 3: rows mostly come in key order, and a load looks up each
    /// key as it comes, so eight lookups touch three cache lines where scattered slots took eight
    /// (the lookup was 5% of w5's samples, nearly all of it waiting for memory). The hash is
    /// brought into range by a multiplication, not a mask, so that any multiple of eight can be
    /// the capacity: made room for, a million keys take 1.23 million slots (30 MB), where the
    /// next power of two took 2.1 million (50 MB; QHash's spans: 31 MB).
    std::size_t home(qint64 key) const {
        const quint64 hash = (quint64(key) >> 3) * 0x9E3779B97F4A7C15ULL;
        const auto run = quint64((unsigned __int128)hash * (m_capacity / 8) >> 64);
        return std::size_t(run * 8 + (quint64(key) & 7));
    }
    std::size_t next(std::size_t slot) const { return slot + 1 == m_capacity ? 0 : slot + 1; }
    /// Slots (a multiple of eight) that hold `entries` at most 13/16 full.
    static std::size_t slotsFor(std::size_t entries);
    /// Makes the array `count` slots (a multiple of eight) and places every entry again.
    void rehash(std::size_t count);
    const RecordPtr *findHashed(qint64 key) const;
    void insertHashed(qint64 key, const RecordPtr &record);
    /// Dense: the entry at `offset` from m_base (below m_span).
    RecordPtr &at(quint64 offset) {
        return m_pages[offset >> PageShift][offset & (PageEntries - 1)];
    }
    const RecordPtr &at(quint64 offset) const {
        return m_pages[offset >> PageShift][offset & (PageEntries - 1)];
    }
    /// Dense: makes the array cover `key` as well, or turns the map hashed where that would leave
    /// it less than half full.
    void coverInDense(qint64 key);
    /// Dense, one page: it becomes `span` records (PageEntries at most) from key `base`, every
    /// entry moved over.
    void resizePage(qint64 base, std::size_t span);
    /// Dense: pages added after the last until the array spans `span` keys from m_base (a single
    /// page made a whole one first).
    void growUp(std::size_t span);
    /// Dense: pages added before the first until the array covers `key` (below m_base).
    void growDown(qint64 key);
    /// Dense, one page: made a whole page (PageEntries), the entries where they were.
    void makeWholePage();
    /// Dense to hashed, every entry moved over.
    void makeHashed();

    // Dense: the record of key k at at(k - m_base), for k in [m_base, m_base + m_span) (modulo
    // 2^64: pages added below the smallest key wrap m_base round, and the offsets with it)
    std::vector<PrefaultedArray<RecordPtr>> m_pages;
    qint64 m_base = 0;
    std::size_t m_span = 0;
    /// The smallest and largest keys held since the map was last empty (bounds: a removed key's
    /// bound stays).
    qint64 m_lowest = 0;
    qint64 m_highest = 0;
    std::size_t m_reserved = 0; ///< entries reserve() asked room for (the first array's size)
    bool m_hashed = false;
    // Hashed
    PrefaultedArray<Slot> m_slots;
    std::size_t m_capacity = 0; ///< slots, a multiple of eight
    std::size_t m_size = 0;
};

} // namespace orm
