#pragma once

#include "prefault.h"
#include "types.h"

#include <QtGlobal>

#include <cstddef>
#include <memory>

namespace orm {

/// Records by a 64-bit integer key, the identity map's common case (issue 13): one array of
/// (key, record) slots, found by linear probing from a Fibonacci hash (home()). QHash spent about
/// 320 instructions an insert loading 110,000 rows (spans grown one by one, rehashed as they
/// filled) and a tenth of a session's end walking them; this is one multiplication, a probe or two
/// in a contiguous array, and a doubling now and then. Consecutive keys, what most tables hold,
/// spread evenly under the multiplication, so probes stay short even with the array 13/16 full.
class IntegerRecordMap {
public:
    IntegerRecordMap() = default;
    IntegerRecordMap(const IntegerRecordMap &) = delete;
    IntegerRecordMap &operator=(const IntegerRecordMap &) = delete;
    IntegerRecordMap(IntegerRecordMap &&) = default;
    IntegerRecordMap &operator=(IntegerRecordMap &&) = default;

    qsizetype size() const { return qsizetype(m_size); }
    /// The record under `key`, or nullptr.
    const RecordPtr *find(qint64 key) const;
    /// Puts `record` under `key`, replacing whatever was there.
    void insert(qint64 key, const RecordPtr &record);
    /// Removes the entry of `key` when it holds `record`; returns whether it did.
    bool remove(qint64 key, const Record *record);
    void clear();
    /// Room for `entries` in all, made at once (a commit of 110,000 inserts would double the
    /// array four times from 8,192, each time with the old one alive beside the new).
    void reserve(std::size_t entries);

    template <class Visit>
    void forEach(Visit &&visit) const {
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

    PrefaultedArray<Slot> m_slots;
    std::size_t m_capacity = 0; ///< slots, a multiple of eight
    std::size_t m_size = 0;
};

} // namespace orm
