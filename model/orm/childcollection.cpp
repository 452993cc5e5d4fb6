#include "childcollection.h"

#include <algorithm>
#include <utility>

namespace orm {

namespace {

bool holds(const std::vector<RecordPtr> &list, const Record *child) {
    return std::any_of(list.begin(), list.end(),
                       [child](const RecordPtr &item) { return item.get() == child; });
}

void erase(std::vector<RecordPtr> &list, const Record *child) {
    std::erase_if(list, [child](const RecordPtr &item) { return item.get() == child; });
}

/// Appends a child given one by one, the list grown by half when full (from 4) where the vector
/// doubles: a list is mostly a parent's few children, and doubling left each of w1's 10,000
/// authors 16 places for its 10 books at the commit's peak (2.6 MB where the books take 1.6).
/// Still amortised linear: 100,000 books given to one author grow it 25 times.
void append(std::vector<RecordPtr> &list, const RecordPtr &child) {
    if (list.size() == list.capacity())
        list.reserve(std::max<std::size_t>(4, list.size() + list.size() / 2));
    list.push_back(child);
}

} // namespace

const std::vector<RecordPtr> &ChildCollection::addedWhileUnloaded() const {
    static const std::vector<RecordPtr> none;
    return m_addedWhileUnloaded ? *m_addedWhileUnloaded : none;
}

bool ChildCollection::isAsCommitted() const {
    return addedWhileUnloaded().empty() && (m_committedIsItems || m_items == m_committed);
}

void ChildCollection::link(const RecordPtr &child) {
    if (m_loaded) {
        detachCommitted();
        append(m_items, child);
        return;
    }
    if (!m_addedWhileUnloaded)
        m_addedWhileUnloaded = std::make_unique<std::vector<RecordPtr>>();
    if (!holds(*m_addedWhileUnloaded, child.get()))
        append(*m_addedWhileUnloaded, child);
}

void ChildCollection::unlink(const Record *child) {
    if (holds(m_items, child)) {
        detachCommitted();
        erase(m_items, child);
    }
    if (m_addedWhileUnloaded) {
        erase(*m_addedWhileUnloaded, child);
        if (m_addedWhileUnloaded->empty())
            m_addedWhileUnloaded.reset();
    }
}

void ChildCollection::linkIfLoaded(const RecordPtr &child) {
    if (!m_loaded || holds(m_items, child.get()))
        return;
    detachCommitted();
    append(m_items, child);
}

void ChildCollection::linkCommitted(const RecordPtr &child) {
    if (!m_loaded || holds(committed(), child.get()))
        return;
    detachCommitted();
    m_committed.push_back(child);
}

void ChildCollection::unlinkCommitted(const Record *child) {
    if (!holds(committed(), child))
        return;
    detachCommitted();
    erase(m_committed, child);
}

bool ChildCollection::load(std::vector<RecordPtr> &&stored, std::vector<RecordPtr> &&staged) {
    m_loaded = true;
    m_addedWhileUnloaded.reset();
    const bool differs = staged != stored;
    // One list where nothing is staged: the staged one, made to measure (the list the rows were
    // read into has the spare room of its growth).
    m_items = std::move(staged);
    m_committed.clear();
    m_committedIsItems = !differs;
    if (differs)
        m_committed = std::move(stored);
    return differs;
}

void ChildCollection::load(std::vector<RecordPtr> &&stored) {
    Q_ASSERT(!m_addedWhileUnloaded || m_addedWhileUnloaded->empty());
    m_loaded = true;
    m_addedWhileUnloaded.reset();
    m_items = std::move(stored);
    m_committed.clear();
    m_committedIsItems = true;
}

void ChildCollection::commit() {
    if (!m_loaded)
        return;
    m_committed = {};
    m_committedIsItems = true;
}

void ChildCollection::revert() {
    if (!m_committedIsItems) {
        m_items = std::move(m_committed);
        m_committed = {};
        m_committedIsItems = true;
    }
    m_addedWhileUnloaded.reset();
}

void ChildCollection::detachCommitted() {
    if (!m_committedIsItems)
        return;
    m_committed = m_items;
    m_committedIsItems = false;
}

} // namespace orm
