#include "newrows.h"

#include "record.h"
#include "table.h"

#include <utility>

namespace orm {

NewRows::NewRows(const Table &table, RowStoreRef store, bool asRecords)
    : m_table(&table)
    , m_store(std::move(store))
    , m_asRecords(asRecords) {
    Q_ASSERT(m_store);
}

NewRows::~NewRows() {
    releaseSlots();
}

void NewRows::releaseSlots() {
    for (const int slot : m_slots)
        m_store->release(slot);
    m_slots.clear();
    m_slots.shrink_to_fit();
}

void NewRows::append(RecordPtr &&record) {
    Q_ASSERT(record && &record->table() == m_table && !m_written);
    // Only a record nobody else holds, untouched but for its values, gives its cells up: it is
    // dropped once they are taken
    if (!m_asRecords && m_records.isEmpty() && record.use_count() == 1 && record->takesNewRow() &&
        !record->hasChildLists() && record->m_rows.store() == m_store.get()) {
        int slot = -1;
        if (record->m_rows.giveUpNewRow(&slot)) {
            m_slots.push_back(slot);
            return;
        }
        if (!record->m_rows.hasStagedValues()) { // given nothing but NULLs: a row of NULLs
            m_slots.push_back(m_store->addNulls());
            return;
        }
    }
    records(); // the rows held as cells become records first, in order
    m_records.append(std::move(record));
}

const RecordList &NewRows::records() {
    if (m_records.isEmpty() && !m_slots.empty()) {
        m_records.reserve(qsizetype(m_slots.size()));
        for (const int slot : m_slots) {
            RecordPtr record = m_table->createRecord();
            record->m_rows.adoptNewRow(m_store, slot);
            m_records.append(std::move(record));
        }
        m_slots.clear(); // the records hold them now
        m_slots.shrink_to_fit();
    }
    return m_records;
}

void NewRows::written() {
    Q_ASSERT(m_records.isEmpty());
    releaseSlots();
    m_written = true;
}

} // namespace orm
