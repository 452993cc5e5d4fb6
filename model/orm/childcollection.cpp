#include "childcollection.h"

#include <algorithm>
#include <utility>

namespace orm {

// Every collection in memory has one (w2: 10,000 authors' books, loaded): keep it from growing
// unnoticed.
static_assert(sizeof(ChildCollection) <= 40, "a collection per parent: keep it small");

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

const std::vector<RecordPtr> &ChildCollection::none() {
    static const std::vector<RecordPtr> empty;
    return empty;
}

ChildCollection::Apart &ChildCollection::apart() {
    if (!m_apart)
        m_apart = std::make_unique<Apart>();
    return *m_apart;
}

void ChildCollection::dropApartIfEmpty() {
    if (m_apart && m_apart->committed.empty() && m_apart->addedWhileUnloaded.empty())
        m_apart.reset();
}

const std::vector<RecordPtr> &ChildCollection::addedWhileUnloaded() const {
    return m_apart ? m_apart->addedWhileUnloaded : none();
}

bool ChildCollection::isAsCommitted() const {
    return addedWhileUnloaded().empty() && (m_committedIsItems || m_items == committed());
}

void ChildCollection::link(const RecordPtr &child) {
    if (m_loaded) {
        detachCommitted();
        append(m_items, child);
        return;
    }
    std::vector<RecordPtr> &added = apart().addedWhileUnloaded;
    if (!holds(added, child.get()))
        append(added, child);
}

void ChildCollection::unlink(const Record *child) {
    if (holds(m_items, child)) {
        detachCommitted();
        erase(m_items, child);
    }
    if (m_apart) {
        erase(m_apart->addedWhileUnloaded, child);
        dropApartIfEmpty();
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
    apart().committed.push_back(child);
}

void ChildCollection::unlinkCommitted(const Record *child) {
    if (!holds(committed(), child))
        return;
    detachCommitted();
    erase(m_apart->committed, child); // it held the child: it is not empty, so it is there
    dropApartIfEmpty();
}

bool ChildCollection::load(std::vector<RecordPtr> &&stored, std::vector<RecordPtr> &&staged) {
    m_loaded = true;
    m_apart.reset(); // nothing kept for the load any more, and the committed list is `stored`
    const bool differs = staged != stored;
    // One list where nothing is staged: the staged one, made to measure (the list the rows were
    // read into has the spare room of its growth).
    m_items = std::move(staged);
    m_committedIsItems = !differs;
    if (differs && !stored.empty())
        apart().committed = std::move(stored);
    return differs;
}

void ChildCollection::load(std::vector<RecordPtr> &&stored) {
    Q_ASSERT(addedWhileUnloaded().empty());
    m_loaded = true;
    m_apart.reset();
    m_items = std::move(stored);
    m_committedIsItems = true;
}

void ChildCollection::commit() {
    if (!m_loaded)
        return;
    if (m_apart) {
        m_apart->committed = {};
        dropApartIfEmpty();
    }
    m_committedIsItems = true;
}

void ChildCollection::revert() {
    if (!m_committedIsItems) {
        m_items = m_apart ? std::move(m_apart->committed) : std::vector<RecordPtr>();
        m_committedIsItems = true;
    }
    m_apart.reset(); // the committed list is the staged one again, and nothing waits for a load
}

void ChildCollection::detachCommitted() {
    if (!m_committedIsItems)
        return;
    m_committedIsItems = false;
    if (!m_items.empty()) // an empty committed list is no list (none())
        apart().committed = m_items;
}

} // namespace orm
