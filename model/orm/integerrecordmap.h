#pragma once

#include "prefault.h"
#include "types.h"

#include <QtGlobal>

#include <cstddef>
#include <memory>

namespace orm {

/// Records by a 64-bit integer key, the identity map's common case (issue 13).
///
/// Dense while it can be: the keys most tables hold (an identity or a rowid counting up from 1)
/// fill a range, and a record is then found at its key's offset in one array of record pointers,
/// 16 bytes a key, no key stored (w1's commit made room for 110,000 keys at 24 bytes a slot and
/// 13/16 full: 3.2 MB, its peak; now 1.8 MB). A key that would leave the array less than half
/// full turns the map into the hashed form below, for good (until clear()).
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
    IntegerRecordMap(IntegerRecordMap &&) = default;
    IntegerRecordMap &operator=(IntegerRecordMap &&) = default;

    qsizetype size() const { return qsizetype(m_size); }
    /// The record under `key`, or nullptr.
    const RecordPtr *find(qint64 key) const {
        if (m_dense) {
            const quint64 offset = quint64(key) - quint64(m_base);
            return offset < m_span && m_dense[offset] ? &m_dense[offset] : nullptr;
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

    template <class Visit>
    void forEach(Visit &&visit) const {
        for (std::size_t i = 0; m_size != 0 && i < m_span; ++i) {
            if (m_dense[i])
                visit(m_dense[i]);
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
    /// Dense: makes the array cover `key` as well, or turns the map hashed where that would leave
    /// it less than half full.
    void coverInDense(qint64 key);
    /// Dense: the array becomes `span` records from key `base`, every entry moved over.
    void resizeDense(qint64 base, std::size_t span);
    /// Dense to hashed, every entry moved over.
    void makeHashed();

    // Dense: the record of key k at m_dense[k - m_base], for k in [m_base, m_base + m_span)
    PrefaultedArray<RecordPtr> m_dense;
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
