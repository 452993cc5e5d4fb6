#include "integerrecordmap.h"

#include "record.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace orm {

namespace {

/// The smallest array a dense map makes, and the span under which it stays dense however few its
/// keys (a handful of scattered keys cost no more than a hashed array of them would).
constexpr std::size_t SmallestSpan = 64;

/// `wanted` (at least 1), or fewer: as many keys as there are from `first` up to the largest.
std::size_t spanUpFrom(qint64 first, std::size_t wanted) {
    const quint64 above = quint64(std::numeric_limits<qint64>::max()) - quint64(first);
    return std::size_t(std::min<quint64>(wanted - 1, above) + 1);
}

/// `wanted` (at least 1), or fewer: as many keys as there are from the smallest up to `last`.
std::size_t spanDownFrom(qint64 last, std::size_t wanted) {
    const quint64 below = quint64(last) - quint64(std::numeric_limits<qint64>::min());
    return std::size_t(std::min<quint64>(wanted - 1, below) + 1);
}

} // namespace

void IntegerRecordMap::insert(qint64 key, const RecordPtr &record) {
    Q_ASSERT(record);
    if (!m_hashed) {
        if (quint64(key) - quint64(m_base) >= m_span)
            coverInDense(key);
        if (!m_hashed) {
            m_lowest = std::min(m_lowest, key);
            m_highest = std::max(m_highest, key);
            RecordPtr &slot = at(quint64(key) - quint64(m_base));
            if (!slot)
                ++m_size;
            slot = record;
            return;
        }
    }
    insertHashed(key, record);
}

void IntegerRecordMap::coverInDense(qint64 key) {
    if (m_span != 0 && m_size == 0) { // nothing held: start again from this key
        m_pages.clear();
        m_span = 0;
    }
    if (m_span == 0) { // the first key: room from it up, as much as was reserved
        m_lowest = m_highest = key;
        const std::size_t wanted = std::max(m_reserved, SmallestSpan);
        if (wanted <= PageEntries) {
            resizePage(key, spanUpFrom(key, wanted));
        } else {
            m_base = key;
            growUp(wanted);
        }
        return;
    }
    // The keys held lie in [m_lowest, m_highest]; the range that holds `key` too, unless that
    // would leave it less than half full: then a hashed array of the keys takes less
    const qint64 lowest = std::min(m_lowest, key);
    const qint64 highest = std::max(m_highest, key);
    const quint64 distance = quint64(highest) - quint64(lowest); // keys in the range, less one
    if (distance >= std::max<quint64>(SmallestSpan, 2 * quint64(m_size + 1))) {
        makeHashed();
        return;
    }
    if (m_pages.size() == 1 && distance < PageEntries) {
        // One page: grown by half at least (amortized inserts), on the side the key came, not
        // past either end of the key type, nor past a whole page
        const std::size_t span = std::min(
            PageEntries, std::max<std::size_t>(std::size_t(distance) + 1, m_span + m_span / 2));
        if (key > m_highest) {
            resizePage(lowest, spanUpFrom(lowest, span));
        } else {
            const std::size_t down = spanDownFrom(highest, span);
            resizePage(qint64(quint64(highest) - (down - 1)), down);
        }
        return;
    }
    if (key > m_highest)
        growUp(std::size_t(quint64(key) - quint64(m_base)) + 1);
    else
        growDown(key);
}

void IntegerRecordMap::resizePage(qint64 base, std::size_t span) {
    Q_ASSERT(span <= PageEntries && m_pages.size() <= 1);
    PrefaultedArray<RecordPtr> old =
        m_pages.empty() ? nullptr : std::exchange(m_pages.front(), nullptr);
    if (m_pages.empty())
        m_pages.emplace_back();
    m_pages.front() = makePrefaultedArray<RecordPtr>(span);
    const qint64 oldBase = std::exchange(m_base, base);
    const std::size_t oldSpan = std::exchange(m_span, span);
    for (std::size_t i = 0; i < oldSpan; ++i) {
        if (old[i])
            m_pages.front()[quint64(oldBase) + i - quint64(base)] = std::move(old[i]);
    }
}

void IntegerRecordMap::makeWholePage() {
    if (m_pages.size() == 1 && m_span < PageEntries)
        resizePage(m_base, PageEntries);
}

void IntegerRecordMap::growUp(std::size_t span) {
    makeWholePage();
    while (m_pages.size() * PageEntries < span)
        m_pages.push_back(makePrefaultedArray<RecordPtr>(PageEntries));
    m_span = m_pages.size() * PageEntries;
}

void IntegerRecordMap::growDown(qint64 key) {
    makeWholePage();
    const quint64 below = quint64(m_base) - quint64(key); // keys to cover under m_base
    const std::size_t added = std::size_t((below + PageEntries - 1) / PageEntries);
    std::vector<PrefaultedArray<RecordPtr>> pages;
    pages.reserve(m_pages.size() + added);
    for (std::size_t i = 0; i < added; ++i)
        pages.push_back(makePrefaultedArray<RecordPtr>(PageEntries));
    std::move(m_pages.begin(), m_pages.end(), std::back_inserter(pages));
    m_pages = std::move(pages);
    m_base = qint64(quint64(m_base) - added * PageEntries); // may wrap round: see m_pages
    m_span = m_pages.size() * PageEntries;
}

void IntegerRecordMap::makeHashed() {
    m_hashed = true;
    const std::size_t entries = std::exchange(m_size, 0);
    rehash(slotsFor(std::max(entries + 1, m_reserved)));
    // The hashed array is apart from the pages: each entry is placed there, then the pages go
    for (std::size_t i = 0; i < m_span; ++i) {
        if (const RecordPtr &entry = at(i))
            insertHashed(qint64(quint64(m_base) + i), entry);
    }
    m_pages.clear();
    m_span = 0;
    m_base = 0;
}

const RecordPtr *IntegerRecordMap::findHashed(qint64 key) const {
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

void IntegerRecordMap::insertHashed(qint64 key, const RecordPtr &record) {
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
    if (!m_hashed) {
        const quint64 offset = quint64(key) - quint64(m_base);
        if (offset >= m_span || !at(offset) || at(offset).get() != record)
            return false;
        at(offset).reset();
        --m_size;
        return true;
    }
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

IntegerRecordMap &IntegerRecordMap::operator=(IntegerRecordMap &&other) noexcept {
    if (this == &other)
        return *this;
    // Every field taken, the other's reset: a defaulted move left the sizes beside no array
    m_pages = std::exchange(other.m_pages, {});
    m_base = std::exchange(other.m_base, 0);
    m_span = std::exchange(other.m_span, 0);
    m_lowest = std::exchange(other.m_lowest, 0);
    m_highest = std::exchange(other.m_highest, 0);
    m_reserved = std::exchange(other.m_reserved, 0);
    m_hashed = std::exchange(other.m_hashed, false);
    m_slots = std::exchange(other.m_slots, nullptr);
    m_capacity = std::exchange(other.m_capacity, 0);
    m_size = std::exchange(other.m_size, 0);
    return *this;
}

void IntegerRecordMap::clear() {
    m_pages.clear();
    m_base = 0;
    m_span = 0;
    m_lowest = m_highest = 0;
    m_reserved = 0;
    m_hashed = false;
    m_slots.reset();
    m_capacity = 0;
    m_size = 0;
}

void IntegerRecordMap::reserve(std::size_t entries) {
    m_reserved = std::max(m_reserved, entries);
    if (m_hashed) {
        const std::size_t wanted = slotsFor(entries);
        if (wanted > m_capacity)
            rehash(wanted);
        return;
    }
    // Dense, keys come above those held: room for them after the highest key held, up to a span
    // that stays half full once they have come
    if (m_span == 0 || m_size == 0 || entries <= m_size)
        return;
    const std::size_t last = std::size_t(quint64(m_highest) - quint64(m_base)) + 1; // covered
    const std::size_t span = last + (entries - m_size);
    if (span <= m_span || span > std::max<std::size_t>(SmallestSpan, 2 * entries))
        return;
    if (m_pages.size() == 1 && span <= PageEntries)
        resizePage(m_base, spanUpFrom(m_base, span));
    else
        growUp(span);
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
