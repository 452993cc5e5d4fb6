#include "integerrecordmap.h"

#include "record.h"

#include <algorithm>
#include <utility>

namespace orm {

const RecordPtr *IntegerRecordMap::find(qint64 key) const {
    if (m_size == 0)
        return nullptr;
    for (std::size_t i = home(key);; i = next(i)) {
        const Slot &slot = m_slots[i];
        if (!slot.record)
            return nullptr;
        if (slot.key == key)
            return &slot.record;
    }
}

void IntegerRecordMap::insert(qint64 key, const RecordPtr &record) {
    Q_ASSERT(record);
    // At most 13/16 full: a free slot always ends a probe
    if ((m_size + 1) * 16 > m_capacity * 13)
        rehash(m_capacity ? m_capacity * 2 : 16);
    for (std::size_t i = home(key);; i = next(i)) {
        Slot &slot = m_slots[i];
        if (!slot.record) {
            slot.key = key;
            slot.record = record;
            ++m_size;
            return;
        }
        if (slot.key == key) {
            slot.record = record;
            return;
        }
    }
}

bool IntegerRecordMap::remove(qint64 key, const Record *record) {
    if (m_size == 0)
        return false;
    std::size_t i = home(key);
    for (;; i = next(i)) {
        if (!m_slots[i].record)
            return false;
        if (m_slots[i].key == key)
            break;
    }
    if (m_slots[i].record.get() != record)
        return false;
    // Backward-shift deletion: each entry after the hole that may move into it does, so that no
    // probe meets a free slot before its entry (no tombstones to skip or clean up)
    std::size_t hole = i;
    for (std::size_t after = next(hole); m_slots[after].record; after = next(after)) {
        const std::size_t want = home(m_slots[after].key);
        // `after` may fill the hole unless its home lies cyclically in (hole, after]
        const bool homeBetween =
            hole <= after ? (want > hole && want <= after) : (want > hole || want <= after);
        if (!homeBetween) {
            m_slots[hole] = std::move(m_slots[after]);
            hole = after;
        }
    }
    m_slots[hole].record.reset();
    --m_size;
    return true;
}

void IntegerRecordMap::clear() {
    m_slots.reset();
    m_capacity = 0;
    m_size = 0;
}

void IntegerRecordMap::reserve(std::size_t entries) {
    const std::size_t wanted = slotsFor(entries);
    if (wanted > m_capacity)
        rehash(wanted);
}

std::size_t IntegerRecordMap::slotsFor(std::size_t entries) {
    const std::size_t count = (entries * 16 + 12) / 13; // entries * 16 / 13, rounded up
    return std::max<std::size_t>(16, (count + 7) / 8 * 8);
}

void IntegerRecordMap::rehash(std::size_t count) {
    PrefaultedArray<Slot> old = std::exchange(m_slots, makePrefaultedArray<Slot>(count));
    const std::size_t oldSlots = std::exchange(m_capacity, count);
    for (std::size_t i = 0; i < oldSlots; ++i) {
        Slot &entry = old[i];
        if (!entry.record)
            continue;
        std::size_t at = home(entry.key);
        while (m_slots[at].record)
            at = next(at);
        m_slots[at] = std::move(entry);
    }
}

} // namespace orm
