#pragma once

#include "types.h"

#include <QByteArrayView>
#include <QVariant>

namespace orm {

class Record;
class RowStore;

/// Writes a new record's values straight into the cells of its row-store slot, as
/// Record::setNewRow() stages a whole row: a number or UTF-8 text from a file goes in without a
/// QVariant, a QString or a list (issue 14: a million-row import made all three per value).
///
/// For a record made by Session::createRecord() and not added yet (Record::takesNewRow()): its
/// values are held in its session's row store from the start, values a typed façade's constructor
/// gave included, and are written where they are. Any other record (one without a row store, one
/// in a session) is given each value by Record::setValue() instead. Like setNewRow(), a NULL
/// stages nothing, a column the record cannot write is left NULL, and a record given nothing but
/// NULLs has nothing staged.
class NewRowWriter {
public:
    explicit NewRowWriter(Record &record);

    void setInteger(int column, qint64 value);
    void setReal(int column, double value);
    /// Text as UTF-8 bytes, not empty.
    void setUtf8(int column, QByteArrayView utf8);
    /// Any value, coerced to the column's type as setNewRow() coerces it.
    void setValue(int column, const QVariant &value);

private:
    /// The store holding the record's staged values (its slot made on the first value), or
    /// nullptr when the values go through setValue().
    RowStore *cells();
    bool writable(int column) const;

    Record &m_record;
    RowStore *m_store = nullptr;
    int m_slot = -1;
    bool m_inCells; ///< false: each value goes through Record::setValue()
};

} // namespace orm
