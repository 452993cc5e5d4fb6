#include "integerrecordmap.h"

#include "record.h"

#include <bit>
#include <utility>

namespace orm {

const RecordPtr *IntegerRecordMap::find(qint64 key) const {
    if (m_size == 0)
        return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & m_mask) {
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
    if (!m_slots || (m_size + 1) * 16 > (m_mask + 1) * 13)
        rehash(m_slots ? (m_mask + 1) * 2 : 16);
    for (std::size_t i = home(key);; i = (i + 1) & m_mask) {
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
    for (;; i = (i + 1) & m_mask) {
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
    for (std::size_t next = (hole + 1) & m_mask; m_slots[next].record; next = (next + 1) & m_mask) {
        const std::size_t want = home(m_slots[next].key);
        // `next` may fill the hole unless its home lies cyclically in (hole, next]
        const bool homeBetween =
            hole <= next ? (want > hole && want <= next) : (want > hole || want <= next);
        if (!homeBetween) {
            m_slots[hole] = std::move(m_slots[next]);
            hole = next;
        }
    }
    m_slots[hole].record.reset();
    --m_size;
    return true;
}

void IntegerRecordMap::clear() {
    m_slots.reset();
    m_mask = 0;
    m_shift = 64;
    m_size = 0;
}

void IntegerRecordMap::reserve(std::size_t entries) {
    const std::size_t wanted = slotsFor(entries);
    if (wanted > (m_slots ? m_mask + 1 : 0))
        rehash(wanted);
}

std::size_t IntegerRecordMap::slotsFor(std::size_t entries) {
    std::size_t count = 16;
    while (entries * 16 > count * 13)
        count *= 2;
    return count;
}

void IntegerRecordMap::rehash(std::size_t count) {
    std::unique_ptr<Slot[]> old = std::exchange(m_slots, std::make_unique<Slot[]>(count));
    const std::size_t oldSlots = old ? m_mask + 1 : 0;
    m_mask = count - 1;
    m_shift = 64 - std::countr_zero(count);
    for (std::size_t i = 0; i < oldSlots; ++i) {
        Slot &entry = old[i];
        if (!entry.record)
            continue;
        std::size_t at = home(entry.key);
        while (m_slots[at].record)
            at = (at + 1) & m_mask;
        m_slots[at] = std::move(entry);
    }
}

} // namespace orm
