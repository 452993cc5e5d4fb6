#pragma once

#include "integerrecordmap.h"
#include "key.h"
#include "types.h"

#include <QHash>
#include <vector>

namespace orm {

/// One record per (table, primary key) in a session (docs/contract.md §2 rule 11). Integer keys,
/// the common case, live in a map of plain integers; every other key shape (text, several columns)
/// in a map of Key values, so that the integer case costs nothing for the others' generality.
class IdentityMap {
public:
    explicit IdentityMap(qsizetype tables);

    RecordPtr find(const Table &table, const Key &key) const;
    bool contains(const Table &table, const Key &key) const;
    /// Replaces whatever the key held.
    void insert(const Table &table, const Key &key, const RecordPtr &record);
    /// Room for `count` more records of the table under integer keys (a commit's inserts).
    void reserve(const Table &table, qsizetype count);
    /// Removes the entry only when it is this very record (another may hold the key by now).
    void remove(const Table &table, const Key &key, const Record *record);
    /// The record was under `before` and is now found by its stored key (an INSERT, a key
    /// UPDATE, or one undone); a NULL key is in no map.
    void rekey(const RecordPtr &record, const Key &before);
    /// The records of a table, in no particular order (a copy: callers may change the map).
    std::vector<RecordPtr> records(const Table &table) const;
    /// Calls `visit` with every record of every table (no copy: `visit` must not change the map).
    template <class Visit>
    void forEach(Visit &&visit) const {
        for (const PerTable &map : m_tables) {
            map.integers.forEach(visit);
            for (const RecordPtr &record : map.others)
                visit(record);
        }
    }
    void clear();
    /// The records held, of every table.
    qsizetype size() const;
    /// Changes each time a record of the table enters or leaves the map (for ParentIndex).
    quint64 version(const Table &table) const;

private:
    struct PerTable {
        IntegerRecordMap integers;
        QHash<Key, RecordPtr> others;
        quint64 version = 0;
    };
    std::vector<PerTable> m_tables; ///< by dependency rank
};

} // namespace orm
