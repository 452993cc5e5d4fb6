#include "newrowwriter.h"

#include "record.h"
#include "rowstore.h"
#include "table.h"
#include "values.h"

namespace orm {

NewRowWriter::NewRowWriter(Record &record)
    : m_record(record)
    , m_inCells(record.takesNewRow()) {
}

RowStore *NewRowWriter::cells() {
    if (m_inCells && !m_store) {
        m_store = m_record.changingValues().newRowSlot(&m_slot);
        m_inCells = m_store != nullptr;
    }
    return m_store;
}

bool NewRowWriter::writable(int column) const {
    return m_record.table().column(column).isWritable();
}

void NewRowWriter::setInteger(int column, qint64 value) {
    if (!writable(column))
        return;
    if (RowStore *store = cells())
        store->setInteger(m_slot, column, value);
    else
        m_record.setValue(column, QVariant(value));
}

void NewRowWriter::setReal(int column, double value) {
    if (!writable(column))
        return;
    if (RowStore *store = cells())
        store->setReal(m_slot, column, value);
    else
        m_record.setValue(column, QVariant(value));
}

void NewRowWriter::setUtf8(int column, QByteArrayView utf8) {
    Q_ASSERT(!utf8.isEmpty());
    if (!writable(column))
        return;
    if (RowStore *store = cells())
        store->setUtf8(m_slot, column, utf8.data(), utf8.size());
    else
        m_record.setValue(column, QVariant(QString::fromUtf8(utf8)));
}

void NewRowWriter::setValue(int column, const QVariant &value) {
    if (value.isNull() || !writable(column))
        return;
    if (!m_inCells) {
        m_record.setValue(column, value);
        return;
    }
    const QVariant coerced = values::coerce(m_record.table().column(column), value);
    if (coerced.isNull())
        return;
    if (RowStore *store = cells())
        store->set(m_slot, column, coerced);
    else
        m_record.setValue(column, coerced);
}

} // namespace orm
