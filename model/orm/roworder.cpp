#include "roworder.h"

#include "metadata.h"
#include "record.h"
#include "table.h"

#include <QHash>
#include <algorithm>
#include <functional>
#include <queue>

namespace orm {

/// "Row `child` refers to row `parent`": the parent's row must be written first (inserts) or
/// last (deletes).
struct RowOrder::Edge {
    int parent = -1;
    int child = -1;
    QList<int> columns;      ///< the child's foreign key columns
    RecordPtr awaitedParent; ///< set when the child takes the parent's new key (awaitingKeys)
};

namespace {

/// Kahn's algorithm taking the earliest ready item each time, so that items keep the order they
/// came in wherever their dependencies allow. `after[i]` lists the items that wait for item i.
/// When every item left waits for another (a cycle), `unstick(placed)` names the item to place
/// next all the same, or -1 to give up: the order returned is then short.
std::vector<int> earliestFirst(const std::vector<std::vector<int>> &after,
                               const std::function<int(const std::vector<bool> &placed)> &unstick) {
    const int count = int(after.size());
    std::vector<int> waitingFor(count, 0);
    for (const std::vector<int> &waiting : after) {
        for (int item : waiting)
            ++waitingFor[item];
    }
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int item = 0; item < count; ++item) {
        if (waitingFor[item] == 0)
            ready.push(item);
    }
    std::vector<bool> placed(count, false);
    std::vector<int> order;
    order.reserve(count);
    while (int(order.size()) < count) {
        if (ready.empty()) {
            const int forced = unstick(placed);
            if (forced < 0)
                break;
            ready.push(forced);
        }
        const int next = ready.top();
        ready.pop();
        if (placed[next])
            continue; // forced earlier, then ready once what it waited for was placed
        placed[next] = true;
        order.push_back(next);
        for (int item : after[next]) {
            if (--waitingFor[item] == 0)
                ready.push(item);
        }
    }
    return order;
}

const ForeignKey *foreignKeyOn(const Table &table, int column) {
    for (const ForeignKey &key : table.foreignKeys()) {
        if (key.columns.size() == 1 && key.columns.first() == column)
            return &key;
    }
    return nullptr;
}

/// The values of `columns` of a row, or an empty list when one is NULL: a foreign key with a
/// NULL column refers to nothing (MATCH SIMPLE, both databases' default).
QVariantList referenceValues(const QVariantList &row, const QList<int> &columns) {
    QVariantList values;
    for (int column : columns) {
        if (row.at(column).isNull())
            return {};
        values.append(row.at(column));
    }
    return values;
}

/// A reference the database lets Shelf leave out of the INSERT and set by an UPDATE afterwards.
bool breakable(const Table &table, const QList<int> &columns) {
    for (int column : columns) {
        const Column &definition = table.column(column);
        if (!definition.nullable || table.isKeyColumn(column) || !definition.isWritable())
            return false;
    }
    return true;
}

QString columnNames(const Table &table, const QList<int> &columns) {
    QStringList names;
    for (int column : columns)
        names << table.name() + QLatin1Char('.') + table.column(column).name;
    return names.join(QStringLiteral(", "));
}

} // namespace

bool RowOrder::needsRowOrder(const Table &table) const {
    if (m_metadata.hasCycles())
        return true;
    for (const ForeignKey &key : table.foreignKeys()) {
        if (key.targetTable == table.name())
            return true;
    }
    return false;
}

bool RowOrder::orderInserts(std::vector<FlushPlan::Write> *inserts,
                            std::vector<FlushPlan::Write> *completions) {
    std::vector<FlushPlan::Write> &writes = *inserts;
    const int count = int(writes.size());
    // Without self-references or cycles between tables, table order is row order already.
    QHash<const Record *, int> indexOf;
    QHash<const Table *, QHash<Key, int>> byKey; // new rows whose key is known, by table
    for (int i = 0; i < count; ++i) {
        const Table &table = writes[i].record->table();
        if (!needsRowOrder(table))
            continue;
        indexOf.insert(writes[i].record.get(), i);
        const Key key = Key::ofRow(table, writes[i].row());
        if (!key.isNull())
            byKey[&table].insert(key, i);
    }
    if (indexOf.isEmpty())
        return true;

    std::vector<Edge> edges;
    bool backwards = false; // an edge the given order does not satisfy
    for (int i = 0; i < count; ++i) {
        const FlushPlan::Write &write = writes[i];
        const Table &table = write.record->table();
        if (!indexOf.contains(write.record.get()))
            continue;
        for (const auto &[column, parent, parentColumn] : write.awaitingKeys()) {
            const auto found = indexOf.constFind(parent.get());
            if (found == indexOf.cend())
                continue; // a parent of a table written before this one
            const ForeignKey *key = foreignKeyOn(table, column);
            const bool keyKnown = !parent->value(parentColumn).isNull();
            if ((key && key->initiallyDeferred && keyKnown) || (*found == i && keyKnown))
                continue; // checked at COMMIT, or a row that refers to itself by a given key
            edges.push_back(Edge{*found, i, {column}, parent});
            backwards = backwards || *found >= i;
        }
        for (const ForeignKey &key : table.foreignKeys()) {
            const Table *target = m_metadata.table(key.targetTable);
            if (key.initiallyDeferred || !target ||
                key.targetColumns != target->primaryKeyColumns())
                continue;
            const QVariantList values = referenceValues(write.row(), key.columns);
            if (values.isEmpty())
                continue;
            const int parent =
                byKey.value(target).value(Key::ofValues(*target, key.targetColumns, values), -1);
            if (parent < 0 || parent == i)
                continue;
            edges.push_back(Edge{parent, i, key.columns, nullptr});
            backwards = backwards || parent > i;
        }
    }
    if (!backwards)
        return true;

    std::vector<std::vector<int>> after(count), incoming(count);
    for (int e = 0; e < int(edges.size()); ++e) {
        after[edges[e].parent].push_back(edges[e].child);
        incoming[edges[e].child].push_back(e);
    }
    QHash<int, FlushPlan::Write> completionOf;
    bool refused = false;
    // In a cycle, the earliest row whose waiting references may all be NULL is inserted without
    // them and completed afterwards.
    const auto breakCycle = [&](const std::vector<bool> &placed) {
        for (int i = 0; i < count; ++i) {
            if (placed[i])
                continue;
            FlushPlan::Write &write = writes[i];
            QList<int> waiting;
            for (int e : incoming[i]) {
                if (!placed[edges[e].parent])
                    waiting << e;
            }
            if (!std::all_of(waiting.cbegin(), waiting.cend(), [&](int e) {
                    return breakable(write.record->table(), edges[e].columns);
                }))
                continue;
            FlushPlan::Write &completion = completionOf[i];
            completion.record = write.record;
            completion.setValues(write.row());
            completion.setCompletesInsert();
            for (int e : std::as_const(waiting)) {
                for (int column : std::as_const(edges[e].columns)) {
                    if (!completion.columns().contains(column))
                        completion.addColumn(column);
                    if (edges[e].awaitedParent) {
                        if (const auto awaited = write.takeAwaitedColumn(column))
                            completion.addAwaitedColumn(*awaited);
                    }
                    write.setValue(column, QVariant());
                }
            }
            return i;
        }
        int start = 0;
        while (placed[start])
            ++start;
        refused = !failOnCycle(
            edges, placed, start, [&writes](int i) { return writes[i].record; }, false);
        return -1;
    };
    const std::vector<int> order = earliestFirst(after, breakCycle);
    if (refused)
        return false;

    std::vector<FlushPlan::Write> ordered;
    ordered.reserve(count);
    for (int i : order) {
        ordered.push_back(std::move(writes[i]));
        const auto completion = completionOf.constFind(i);
        if (completion != completionOf.cend())
            completions->push_back(*completion);
    }
    writes = std::move(ordered);
    return true;
}

bool RowOrder::failOnCycle(const std::vector<Edge> &edges, const std::vector<bool> &placed,
                           int start, const std::function<RecordPtr(int)> &recordOf,
                           bool deleting) {
    // Walk along waiting references from `start` until a row repeats: that is the cycle.
    std::vector<int> path{start};
    std::vector<int> pathEdges;
    QHash<int, int> seenAt{{start, 0}};
    int first = 0;
    for (;;) {
        const int row = path.back();
        int via = -1;
        for (int e = 0; e < int(edges.size()) && via < 0; ++e) {
            const int from = deleting ? edges[e].parent : edges[e].child;
            const int to = deleting ? edges[e].child : edges[e].parent;
            if (from == row && !placed[to])
                via = e;
        }
        if (via < 0)
            break; // cannot happen: an unplaced row waits for an unplaced one
        pathEdges.push_back(via);
        const int next = deleting ? edges[via].child : edges[via].parent;
        if (seenAt.contains(next)) {
            first = seenAt.value(next);
            break;
        }
        seenAt.insert(next, int(path.size()));
        path.push_back(next);
    }
    QStringList rows, columns;
    for (int i = first; i < int(path.size()); ++i)
        rows << recordOf(path[i])->displayName();
    for (int i = first; i < int(pathEdges.size()); ++i) {
        const Edge &edge = edges[pathEdges[i]];
        columns << columnNames(recordOf(edge.child)->table(), edge.columns);
    }
    const RecordPtr named = recordOf(path[first]);
    m_error = Error{};
    m_error.kind = Error::Kind::Validation;
    m_error.record = named;
    m_error.table = named->table().name();
    if (!pathEdges.empty()) {
        const Edge &edge = edges[pathEdges[first]];
        m_error.column = recordOf(edge.child)->table().column(edge.columns.first()).name;
    }
    m_error.reason = Error::Reason::ReferenceCycle;
    m_error.deleting = deleting;
    m_error.cycleRecords = rows;
    m_error.cycleColumns = columns;
    return false;
}

bool RowOrder::orderDeletes(RecordList *deletes, std::vector<FlushPlan::Write> *frees) {
    const int count = int(deletes->size());
    QHash<const Table *, QHash<Key, int>> byKey;
    for (int i = 0; i < count; ++i) {
        const Table &table = deletes->at(i)->table();
        if (needsRowOrder(table))
            byKey[&table].insert(deletes->at(i)->storedKey(), i);
    }
    if (byKey.isEmpty())
        return true;
    // A row goes before the rows it refers to: `after[i]` lists the rows that wait for i.
    std::vector<Edge> edges;
    std::vector<std::vector<int>> after(count);
    bool backwards = false;
    for (int i = 0; i < count; ++i) {
        const Record &record = *deletes->at(i);
        const Table &table = record.table();
        if (!needsRowOrder(table))
            continue;
        for (const ForeignKey &key : table.foreignKeys()) {
            const Table *target = m_metadata.table(key.targetTable);
            if (!target || key.targetColumns != target->primaryKeyColumns() ||
                !byKey.contains(target))
                continue;
            if (key.initiallyDeferred && key.onDelete == OnDelete::NoAction)
                continue; // checked at COMMIT, when both rows are gone
            QVariantList values;
            for (int column : key.columns)
                values.append(record.storedValue(column));
            if (std::any_of(values.cbegin(), values.cend(),
                            [](const QVariant &value) { return value.isNull(); }))
                values.clear(); // refers to nothing (MATCH SIMPLE)
            if (values.isEmpty())
                continue;
            const int parent =
                byKey.value(target).value(Key::ofValues(*target, key.targetColumns, values), -1);
            if (parent < 0 || parent == i)
                continue;
            after[i].push_back(parent);
            edges.push_back(Edge{parent, i, key.columns, nullptr});
            backwards = backwards || parent < i;
        }
    }
    if (!backwards)
        return true;
    // Rows that refer to each other: whatever the ON DELETE, a row deleted while another row of
    // the cycle still refers to it is refused (NO ACTION, RESTRICT), or the database changes or
    // takes the other row before its own DELETE runs (SET NULL, CASCADE), which then fails as a
    // conflict. So the earliest row whose referrers may all be NULL goes first, once an UPDATE
    // before the deletes has set those references to NULL.
    QHash<int, qsizetype> freeOf; // referring row → its UPDATE in `frees`
    bool refused = false;
    const auto freeOne = [&](const std::vector<bool> &placed) {
        for (int p = 0; p < count; ++p) {
            if (placed[p])
                continue;
            std::vector<int> referrers;
            for (int e = 0; e < int(edges.size()); ++e) {
                if (edges[e].parent == p && !placed[edges[e].child])
                    referrers.push_back(e);
            }
            if (!std::all_of(referrers.cbegin(), referrers.cend(), [&](int e) {
                    return breakable(deletes->at(edges[e].child)->table(), edges[e].columns);
                }))
                continue;
            for (int e : referrers) {
                const int child = edges[e].child;
                if (!freeOf.contains(child)) {
                    const RecordPtr &record = deletes->at(child);
                    FlushPlan::Write write;
                    write.record = record;
                    write.setFreesDelete();
                    QVariantList row;
                    for (int column = 0; column < record->table().columnCount(); ++column)
                        row << record->storedValue(column);
                    write.setValues(row);
                    freeOf.insert(child, qsizetype(frees->size()));
                    frees->push_back(std::move(write));
                }
                FlushPlan::Write &write = (*frees)[std::size_t(freeOf.value(child))];
                for (int column : std::as_const(edges[e].columns)) {
                    if (!write.columns().contains(column))
                        write.addColumn(column);
                    write.setValue(column, QVariant());
                }
            }
            return p;
        }
        int start = 0;
        while (placed[start])
            ++start;
        refused = !failOnCycle(
            edges, placed, start, [deletes](int i) { return deletes->at(i); }, true);
        return -1;
    };
    const std::vector<int> order = earliestFirst(after, freeOne);
    if (refused)
        return false;
    RecordList ordered;
    ordered.reserve(count);
    for (int i : order)
        ordered.append(deletes->at(i));
    *deletes = std::move(ordered);
    return true;
}

} // namespace orm
