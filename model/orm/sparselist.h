#pragma once

#include <QList>

#include <memory>

namespace orm {

/// A list that is mostly empty, held through one pointer: 8 bytes where an empty QList takes 24.
/// A flush plan holds a write a row, and a new record's INSERT has no list of values, awaited keys
/// or nulled columns of its own (a million-row import: 48 MiB of its peak, issue 14). Copies are
/// QList copies (shared until written); the QList's own iterators, so the standard algorithms work
/// as on a QList.
template <class T>
class SparseList {
public:
    using iterator = typename QList<T>::iterator;
    using const_iterator = typename QList<T>::const_iterator;

    SparseList() = default;
    SparseList(const QList<T> &list) { *this = list; }
    SparseList(const SparseList &other) { *this = other.list(); }
    SparseList(SparseList &&) noexcept = default;
    SparseList &operator=(const SparseList &other) { return *this = other.list(); }
    SparseList &operator=(SparseList &&) noexcept = default;
    SparseList &operator=(const QList<T> &list) {
        if (list.isEmpty())
            m_list.reset();
        else if (m_list)
            *m_list = list;
        else
            m_list = std::make_unique<QList<T>>(list);
        return *this;
    }

    bool isEmpty() const { return !m_list || m_list->isEmpty(); }
    qsizetype size() const { return m_list ? m_list->size() : 0; }
    const T &at(qsizetype i) const {
        Q_ASSERT(m_list);
        return m_list->at(i);
    }
    T &operator[](qsizetype i) {
        Q_ASSERT(m_list);
        return (*m_list)[i];
    }
    bool contains(const T &value) const { return m_list && m_list->contains(value); }

    void append(const T &value) { made().append(value); }
    void clear() { m_list.reset(); }
    SparseList &operator<<(const T &value) {
        append(value);
        return *this;
    }
    iterator erase(const_iterator at) {
        Q_ASSERT(m_list);
        return m_list->erase(at);
    }

    const_iterator begin() const { return m_list ? m_list->cbegin() : const_iterator{}; }
    const_iterator end() const { return m_list ? m_list->cend() : const_iterator{}; }
    iterator begin() { return m_list ? m_list->begin() : iterator{}; }
    iterator end() { return m_list ? m_list->end() : iterator{}; }

    /// The list as a QList (an empty one when none).
    const QList<T> &list() const {
        static const QList<T> none;
        return m_list ? *m_list : none;
    }
    /// Moves the list out, leaving this one empty.
    QList<T> take() {
        QList<T> taken = m_list ? std::move(*m_list) : QList<T>();
        m_list.reset();
        return taken;
    }

private:
    QList<T> &made() {
        if (!m_list)
            m_list = std::make_unique<QList<T>>();
        return *m_list;
    }

    std::unique_ptr<QList<T>> m_list;
};

} // namespace orm
