#pragma once

#include "record.h"
#include "relationship.h"

namespace orm {

/// A typed view of a one-to-many relationship: `author->books()`. Cheap to copy; every call goes
/// to the parent record, so the collection is always current. Reading loads it if needed.
template <class T>
class Collection {
public:
    Collection(Record *parent, const Relationship *relationship)
        : m_parent(parent)
        , m_relationship(relationship) {}

    bool append(const std::shared_ptr<T> &child) {
        return m_parent->appendChild(*m_relationship, child);
    }
    bool remove(const std::shared_ptr<T> &child) {
        return m_parent->removeChild(*m_relationship, child);
    }
    int size() const { return int(items().size()); }
    bool isEmpty() const { return items().isEmpty(); }
    bool contains(const std::shared_ptr<T> &child) const { return items().contains(child); }
    std::shared_ptr<T> at(int index) const {
        return std::static_pointer_cast<T>(items().at(index));
    }

    QList<std::shared_ptr<T>> toList() const {
        QList<std::shared_ptr<T>> result;
        const RecordList all = items();
        result.reserve(all.size());
        for (const RecordPtr &record : all)
            result.append(std::static_pointer_cast<T>(record));
        return result;
    }
    auto begin() const { return Iterator{items(), 0}; }
    auto end() const { return Sentinel{}; }

private:
    RecordList items() const { return m_parent->children(*m_relationship); }

    struct Sentinel {};
    struct Iterator {
        RecordList list; // a snapshot: appending while iterating does not invalidate it
        qsizetype index;
        std::shared_ptr<T> operator*() const { return std::static_pointer_cast<T>(list.at(index)); }
        Iterator &operator++() {
            ++index;
            return *this;
        }
        bool operator!=(Sentinel) const { return index < list.size(); }
        bool operator==(Sentinel) const { return index >= list.size(); }
    };

    Record *m_parent;
    const Relationship *m_relationship;
};

} // namespace orm
