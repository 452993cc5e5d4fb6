#include "writtencells.h"

#include "rowstore.h"

#include <algorithm>

namespace orm {

void WrittenCells::add(qsizetype write, int column, const QVariant &value) {
    Q_ASSERT(write >= 0 && write <= qsizetype(UINT32_MAX) && column >= 0 && column <= UINT16_MAX);
    Entry entry{std::uint32_t(write), std::uint16_t(column), Kind::InOthers, 0};
    // An integer is read where its QVariant holds it, its type known: toLongLong() would convert
    if (!value.isNull()) {
        switch (value.typeId()) {
        case QMetaType::LongLong:
            entry.kind = Kind::LongLong;
            entry.payload = *static_cast<const qlonglong *>(value.constData());
            break;
        case QMetaType::ULongLong:
            entry.kind = Kind::ULongLong; // the bits, given back as they were
            entry.payload = std::int64_t(*static_cast<const qulonglong *>(value.constData()));
            break;
        case QMetaType::Int:
            entry.kind = Kind::Int;
            entry.payload = *static_cast<const int *>(value.constData());
            break;
        default:
            break;
        }
    }
    if (entry.kind == Kind::InOthers) { // a NULL, typed or not, and every other value
        entry.payload = m_others.size();
        m_others.append(value);
    }
    if (!m_entries.empty() && m_entries.back().write > entry.write)
        m_sorted = false; // a batch may run its writes out of plan order
    m_entries.push_back(entry);
}

QVariant WrittenCells::Entry::value(const QVariantList &others) const {
    switch (kind) {
    case Kind::LongLong:
        return QVariant(qlonglong(payload));
    case Kind::ULongLong:
        return QVariant(qulonglong(payload));
    case Kind::Int:
        return QVariant(int(payload));
    case Kind::InOthers:
        break;
    }
    return others.at(qsizetype(payload));
}

std::size_t WrittenCells::firstOf(std::uint32_t write) const {
    if (!m_sorted) {
        std::stable_sort(m_entries.begin(), m_entries.end(),
                         [](const Entry &a, const Entry &b) { return a.write < b.write; });
        m_sorted = true;
        m_next = 0;
    }
    if (m_next < m_entries.size() && m_entries[m_next].write == write &&
        (m_next == 0 || m_entries[m_next - 1].write != write))
        return m_next;
    const auto found = std::lower_bound(
        m_entries.cbegin(), m_entries.cend(), write,
        [](const Entry &entry, std::uint32_t wanted) { return entry.write < wanted; });
    return std::size_t(found - m_entries.cbegin());
}

WrittenCells::Cells WrittenCells::of(qsizetype write) const {
    Cells cells;
    if (m_entries.empty())
        return cells;
    const auto wanted = std::uint32_t(write);
    std::size_t at = firstOf(wanted);
    for (; at < m_entries.size() && m_entries[at].write == wanted; ++at) {
        const Entry &entry = m_entries[at];
        cells.append({int(entry.column), entry.value(m_others)});
    }
    m_next = at;
    return cells;
}

void WrittenCells::writeInto(qsizetype write, RowStore &store, int slot) const {
    if (m_entries.empty())
        return;
    const auto wanted = std::uint32_t(write);
    std::size_t at = firstOf(wanted);
    for (; at < m_entries.size() && m_entries[at].write == wanted; ++at) {
        const Entry &entry = m_entries[at];
        switch (entry.kind) {
        case Kind::LongLong:
            store.setInteger(slot, entry.column, entry.payload);
            break;
        case Kind::ULongLong:
            store.setUnsignedInteger(slot, entry.column, quint64(entry.payload));
            break;
        case Kind::Int:
            store.setInt(slot, entry.column, int(entry.payload));
            break;
        case Kind::InOthers:
            store.set(slot, entry.column, m_others.at(qsizetype(entry.payload)));
            break;
        }
    }
    m_next = at;
}

std::optional<QVariant> WrittenCells::value(qsizetype write, int column) const {
    if (m_entries.empty())
        return std::nullopt;
    const auto wanted = std::uint32_t(write);
    for (std::size_t at = firstOf(wanted); at < m_entries.size() && m_entries[at].write == wanted;
         ++at) {
        const Entry &entry = m_entries[at];
        if (entry.column == column)
            return entry.value(m_others);
    }
    return std::nullopt;
}

} // namespace orm
