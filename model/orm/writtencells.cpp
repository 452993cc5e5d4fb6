#include "writtencells.h"

#include "rowstore.h"

#include <algorithm>
#include <limits>

namespace orm {

void WrittenCells::add(qsizetype write, int column, const QVariant &value) {
    Q_ASSERT(write >= 0 && write <= qsizetype(UINT32_MAX) && column >= 0);
    const auto at = std::uint32_t(write);
    Kind kind = Kind::InOthers;
    std::int64_t payload = 0;
    // An integer is read where its QVariant holds it, its type known: toLongLong() would convert
    if (!value.isNull()) {
        switch (value.typeId()) {
        case QMetaType::LongLong:
            kind = Kind::LongLong;
            payload = *static_cast<const qlonglong *>(value.constData());
            break;
        case QMetaType::ULongLong:
            kind = Kind::ULongLong; // the bits, given back as they were
            payload = std::int64_t(*static_cast<const qulonglong *>(value.constData()));
            break;
        case QMetaType::Int:
            kind = Kind::Int;
            payload = *static_cast<const int *>(value.constData());
            break;
        default:
            break;
        }
    }
    Column &held = columnOf(column);
    Q_ASSERT(!held.sorted || !find(held, at)); // (unsorted, a lookup would sort the runs)
    if (kind != Kind::InOthers && !held.runs.empty()) {
        // The next write's value of a run: the same integer, or one more
        Run &last = held.runs.back();
        if (last.kind == kind && at >= last.firstWrite && at - last.firstWrite == last.count &&
            last.count < std::numeric_limits<std::uint16_t>::max()) {
            const bool same = payload == last.payloadOf(at - 1);
            const bool up = std::uint64_t(payload) == std::uint64_t(last.payloadOf(at - 1)) + 1;
            if ((last.count == 1 && (same || up)) ||
                (last.count > 1 && (last.step == Step::Same ? same : up))) {
                if (last.count == 1)
                    last.step = same ? Step::Same : Step::Up;
                ++last.count;
                return;
            }
        }
    }
    if (kind == Kind::InOthers) { // a NULL, typed or not, and every other value
        payload = m_others.size();
        m_others.append(value);
    }
    if (!held.runs.empty() && held.runs.back().firstWrite > at)
        held.sorted = false; // a batch may run its writes out of plan order
    held.runs.push_back({at, 1, kind, Step::Same, payload});
}

WrittenCells::Column &WrittenCells::columnOf(int column) {
    if (const Column *held = heldColumn(column))
        return const_cast<Column &>(*held);
    const auto at = std::find_if(m_columns.begin(), m_columns.end(),
                                 [column](const Column &held) { return held.column > column; });
    Column added;
    added.column = column;
    return *m_columns.insert(at, std::move(added));
}

const WrittenCells::Column *WrittenCells::heldColumn(int column) const {
    // A flush writes a few columns (a key, a parent's key): looked through, not searched
    for (const Column &held : m_columns) {
        if (held.column == column)
            return &held;
    }
    return nullptr;
}

const WrittenCells::Run *WrittenCells::find(const Column &column, std::uint32_t write) {
    std::vector<Run> &runs = column.runs;
    if (!column.sorted) {
        std::sort(runs.begin(), runs.end(),
                  [](const Run &a, const Run &b) { return a.firstWrite < b.firstWrite; });
        column.sorted = true;
        column.found = 0;
    }
    // Asked write after write: the run found last, or the one after it
    for (std::size_t near = column.found; near < runs.size() && near <= column.found + 1; ++near) {
        if (runs[near].covers(write)) {
            column.found = near;
            return &runs[near];
        }
        if (runs[near].firstWrite > write)
            break;
    }
    const auto after = std::upper_bound(
        runs.cbegin(), runs.cend(), write,
        [](std::uint32_t wanted, const Run &run) { return wanted < run.firstWrite; });
    if (after == runs.cbegin() || !std::prev(after)->covers(write))
        return nullptr;
    column.found = std::size_t(std::prev(after) - runs.cbegin());
    return &*std::prev(after);
}

bool WrittenCells::holdsLast(qsizetype write, int column) const {
    // The last write's values are added together, each to the last run of its column
    const Column *held = heldColumn(column);
    return held && !held->runs.empty() && held->runs.back().covers(std::uint32_t(write));
}

QVariant WrittenCells::Run::value(std::uint32_t write, const QVariantList &others) const {
    switch (kind) {
    case Kind::LongLong:
        return QVariant(qlonglong(payloadOf(write)));
    case Kind::ULongLong:
        return QVariant(qulonglong(payloadOf(write)));
    case Kind::Int:
        return QVariant(int(payloadOf(write)));
    case Kind::InOthers:
        break;
    }
    return others.at(qsizetype(first));
}

WrittenCells::Cells WrittenCells::of(qsizetype write) const {
    Cells cells;
    const auto wanted = std::uint32_t(write);
    for (const Column &column : m_columns) {
        if (const Run *run = find(column, wanted))
            cells.append({column.column, run->value(wanted, m_others)});
    }
    return cells;
}

void WrittenCells::writeInto(qsizetype write, RowStore &store, int slot) const {
    const auto wanted = std::uint32_t(write);
    for (const Column &column : m_columns) {
        const Run *run = find(column, wanted);
        if (!run)
            continue;
        switch (run->kind) {
        case Kind::LongLong:
            store.setInteger(slot, column.column, run->payloadOf(wanted));
            break;
        case Kind::ULongLong:
            store.setUnsignedInteger(slot, column.column, quint64(run->payloadOf(wanted)));
            break;
        case Kind::Int:
            store.setInt(slot, column.column, int(run->payloadOf(wanted)));
            break;
        case Kind::InOthers:
            store.set(slot, column.column, m_others.at(qsizetype(run->first)));
            break;
        }
    }
}

std::optional<QVariant> WrittenCells::value(qsizetype write, int column) const {
    const Column *held = heldColumn(column);
    if (!held)
        return std::nullopt;
    const auto wanted = std::uint32_t(write);
    if (const Run *run = find(*held, wanted))
        return run->value(wanted, m_others);
    return std::nullopt;
}

std::size_t WrittenCells::runCount() const {
    std::size_t count = 0;
    for (const Column &column : m_columns)
        count += column.runs.size();
    return count;
}

} // namespace orm
