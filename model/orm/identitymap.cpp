#include "identitymap.h"

#include "record.h"
#include "table.h"

namespace orm {

IdentityMap::IdentityMap(qsizetype tables)
    : m_tables(size_t(tables)) {
}

RecordPtr IdentityMap::find(const Table &table, const Key &key) const {
    const PerTable &map = m_tables[size_t(table.dependencyRank())];
    if (key.isInteger()) {
        const RecordPtr *found = map.integers.find(key.integer());
        return found ? *found : nullptr;
    }
    if (key.isNull())
        return nullptr;
    return map.others.value(key);
}

bool IdentityMap::contains(const Table &table, const Key &key) const {
    const PerTable &map = m_tables[size_t(table.dependencyRank())];
    if (key.isInteger())
        return map.integers.find(key.integer()) != nullptr;
    return !key.isNull() && map.others.contains(key);
}

void IdentityMap::insert(const Table &table, const Key &key, const RecordPtr &record) {
    Q_ASSERT(!key.isNull());
    PerTable &map = m_tables[size_t(table.dependencyRank())];
    ++map.version;
    if (key.isInteger())
        map.integers.insert(key.integer(), record);
    else if (!key.isNull())
        map.others.insert(key, record);
}

void IdentityMap::reserve(const Table &table, qsizetype count) {
    IntegerRecordMap &integers = m_tables[size_t(table.dependencyRank())].integers;
    integers.reserve(size_t(integers.size() + count));
}

void IdentityMap::remove(const Table &table, const Key &key, const Record *record) {
    PerTable &map = m_tables[size_t(table.dependencyRank())];
    if (key.isInteger()) {
        if (map.integers.remove(key.integer(), record))
            ++map.version;
    } else if (!key.isNull()) {
        auto found = map.others.find(key);
        if (found != map.others.end() && found->get() == record) {
            map.others.erase(found);
            ++map.version;
        }
    }
}

void IdentityMap::rekey(const RecordPtr &record, const Key &before) {
    const Key now = record->storedKey();
    if (before == now)
        return;
    remove(record->table(), before, record.get());
    if (!now.isNull())
        insert(record->table(), now, record);
}

std::vector<RecordPtr> IdentityMap::records(const Table &table) const {
    const PerTable &map = m_tables[size_t(table.dependencyRank())];
    std::vector<RecordPtr> result;
    result.reserve(size_t(map.integers.size() + map.others.size()));
    map.integers.forEach([&result](const RecordPtr &record) { result.push_back(record); });
    for (const RecordPtr &record : map.others)
        result.push_back(record);
    return result;
}

void IdentityMap::clear() {
    for (PerTable &map : m_tables) {
        map.integers.clear();
        map.others.clear();
        ++map.version;
    }
}

qsizetype IdentityMap::size() const {
    qsizetype records = 0;
    for (const PerTable &map : m_tables)
        records += map.integers.size() + map.others.size();
    return records;
}

quint64 IdentityMap::version(const Table &table) const {
    return m_tables[size_t(table.dependencyRank())].version;
}

} // namespace orm
