#pragma once

#include "rowstore.h"

#include <cstdint>
#include <utility>

namespace orm {

class Table;

/// Where a record's values live (issue 13): the row store that holds them, which knows its table
/// and its session, or — before any store holds them (a record made from its table alone) — the
/// table only. One tagged pointer, counted as a RowStoreRef when it names a store: a record kept
/// a table pointer beside its store, and a session pointer beside both (16 bytes of each of
/// w1's 110,000 records).
class RecordHome {
public:
    explicit RecordHome(const Table *table)
        : m_bits(reinterpret_cast<std::uintptr_t>(table) | TableOnly) {
        Q_ASSERT(table);
    }
    RecordHome(const RecordHome &) = delete;
    RecordHome &operator=(const RecordHome &) = delete;
    ~RecordHome() { letGo(); }

    const Table &table() const {
        return holdsStore() ? *storeOrNull()->table()
                            : *reinterpret_cast<const Table *>(m_bits & ~TableOnly);
    }
    RowStore *get() const { return storeOrNull(); }
    /// The store, which there is (asked on every read of a value: no test of the tag).
    RowStore *operator->() const {
        Q_ASSERT(holdsStore());
        return reinterpret_cast<RowStore *>(m_bits);
    }
    RowStore &operator*() const { return *operator->(); }
    explicit operator bool() const { return holdsStore(); }
    friend bool operator==(const RecordHome &home, const RowStoreRef &store) {
        return home.storeOrNull() == store.get();
    }

    /// The values move into `store`, a store of the same table's rows.
    RecordHome &operator=(const RowStoreRef &store) {
        Q_ASSERT(store && store->table() == &table());
        if (store.get() == storeOrNull())
            return *this;
        ++store->m_holders;
        letGo();
        m_bits = reinterpret_cast<std::uintptr_t>(store.get());
        return *this;
    }

private:
    static constexpr std::uintptr_t TableOnly = 1; ///< tables and stores are aligned to 8

    bool holdsStore() const { return (m_bits & TableOnly) == 0; }
    RowStore *storeOrNull() const {
        return holdsStore() ? reinterpret_cast<RowStore *>(m_bits) : nullptr;
    }
    /// The store's reference given back; the table is kept (the store's), for what follows.
    void letGo() {
        RowStore *store = storeOrNull();
        if (!store)
            return;
        m_bits = reinterpret_cast<std::uintptr_t>(store->table()) | TableOnly;
        if (--store->m_holders == 0)
            delete store;
    }

    std::uintptr_t m_bits;
};

} // namespace orm
