#pragma once

#include <QtGlobal>

#include <cstddef>
#include <memory>
#include <vector>

namespace orm {

/// A record's slots per relationship of its table (the parents it was given, its child lists):
/// none until the first one is used, then one for every relationship. Held through one pointer, so
/// a record that never uses them — most of 100,000 loaded rows — pays 8 bytes for them where a
/// vector costs 24 (issue 13: the record is most of what a loaded row costs).
template <class T>
class LazySlots {
public:
    bool empty() const { return !m_slots; }
    /// Makes `count` slots, each as T() makes it; only while there are none.
    void resize(std::size_t count) {
        Q_ASSERT(!m_slots);
        m_slots = std::make_unique<std::vector<T>>(count);
    }
    void clear() { m_slots.reset(); }

    T &operator[](std::size_t slot) { return (*m_slots)[slot]; }
    const T &operator[](std::size_t slot) const { return (*m_slots)[slot]; }
    T *begin() { return m_slots ? m_slots->data() : nullptr; }
    T *end() { return m_slots ? m_slots->data() + m_slots->size() : nullptr; }
    const T *begin() const { return m_slots ? m_slots->data() : nullptr; }
    const T *end() const { return m_slots ? m_slots->data() + m_slots->size() : nullptr; }

private:
    std::unique_ptr<std::vector<T>> m_slots;
};

} // namespace orm
