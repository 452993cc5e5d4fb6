#pragma once

#include <QVariant>

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace orm {

/// A record's staged values where they differ from the stored ones, by column. None for a loaded
/// row nobody edited, most of 100,000: held through one pointer, 8 bytes where a vector takes 24
/// (issue 13: the record is most of what a loaded or imported row costs). The vector is made on
/// the first change and freed with the last.
class StagedChanges {
public:
    using Change = std::pair<int, QVariant>;

    bool empty() const { return !m_changes; }
    std::size_t size() const { return m_changes ? m_changes->size() : 0; }
    const Change &front() const { return m_changes->front(); }
    Change &front() { return m_changes->front(); }
    Change *begin() { return m_changes ? m_changes->data() : nullptr; }
    Change *end() { return m_changes ? m_changes->data() + m_changes->size() : nullptr; }
    const Change *begin() const { return m_changes ? m_changes->data() : nullptr; }
    const Change *end() const {
        return m_changes ? m_changes->data() + m_changes->size() : nullptr;
    }

    void emplace_back(int column, const QVariant &value) {
        if (!m_changes)
            m_changes = std::make_unique<std::vector<Change>>();
        m_changes->emplace_back(column, value);
    }
    void erase(const Change *at) {
        m_changes->erase(m_changes->begin() + (at - m_changes->data()));
        if (m_changes->empty())
            m_changes.reset();
    }
    /// Drops every change and the memory that held them.
    void clear() { m_changes.reset(); }

private:
    std::unique_ptr<std::vector<Change>> m_changes; ///< never empty: nullptr instead
};

} // namespace orm
