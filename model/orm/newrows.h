#pragma once

#include "rowstore.h"
#include "types.h"

#include <QVariant>
#include <vector>

namespace orm {

class Table;

/// New rows of one table staged as cells of the session's row store, with no record a row until
/// something asks for one (issue 14: a million-row import held a 120-byte record and a 16-byte
/// list entry a row beside its 80 bytes of cells).
///
/// The rows are either all cells or all records:
/// - **cells**: each row is a slot of the store (4 bytes here). Session::addNewRows() keeps them
///   so, and a commit of nothing else writes them from there (Session::commit()); any other
///   reader of the session's pending records turns them into records first.
/// - **records**: records() made one record a row, each holding its row's slot as its staged
///   values (what Session::createRecord() and NewRowWriter would have made), in row order.
/// - **written**: a commit wrote the cells and let them go (written()); adding them again adds
///   nothing.
///
/// An undo step keeps the object: a rollback takes the rows out of the session, not out of here,
/// and adding them again stages the same rows.
class NewRows {
public:
    /// `asRecords`: every row is kept as the record appended, none as cells (where the rows
    /// would be made records at once when staged: Session::newRows()).
    NewRows(const Table &table, RowStoreRef store, bool asRecords = false);
    ~NewRows();
    NewRows(const NewRows &) = delete;
    NewRows &operator=(const NewRows &) = delete;

    const Table &table() const { return *m_table; }
    /// Rows staged, as cells or as records.
    qsizetype size() const {
        return m_records.isEmpty() ? qsizetype(m_slots.size()) : m_records.size();
    }
    bool holdsRecords() const { return !m_records.isEmpty(); }
    bool isWritten() const { return m_written; }

    /// Appends a row: `record`'s staged values, taken out of it as they are when it is a new
    /// record in no session whose values are cells of this store (Session::createRecord(), filled
    /// by NewRowWriter); the record itself is dropped. Any other record, or any record where the
    /// rows are kept as records, is kept as it is, and the rows held as cells become records
    /// before it.
    void append(RecordPtr &&record);

    /// The rows as records, made now where they are cells: each new, in no session, holding its
    /// row's cells as its staged values. The same list on every call.
    const RecordList &records();

    /// Row `row`'s cells of `columns`, for a statement to bind where they are; only while the
    /// rows are cells.
    RowCells cells(qsizetype row, const QList<int> &columns) const {
        return RowCells{m_store.get(), m_slots[size_t(row)], columns};
    }
    /// One value of a row held as cells.
    QVariant value(qsizetype row, int column) const {
        return m_store->value(m_slots[size_t(row)], column);
    }
    /// True when value(row, column).isNull(), as a planned INSERT asks it (a number or a short
    /// text is answered without making its QVariant).
    bool isNull(qsizetype row, int column) const {
        return m_store->isNull(m_slots[size_t(row)], column);
    }
    const RowStore &store() const { return *m_store; }
    int slot(qsizetype row) const { return m_slots[size_t(row)]; }

    /// A commit wrote the rows from their cells: the cells go back to the store, and the rows are
    /// the database's now (not added again).
    void written();

private:
    void releaseSlots();

    const Table *m_table;
    RowStoreRef m_store;
    std::vector<int> m_slots; ///< while the rows are cells
    RecordList m_records;     ///< once they are records
    bool m_written = false;
    bool m_asRecords;
};

} // namespace orm
