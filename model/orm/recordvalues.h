#pragma once

#include "recordhome.h"
#include "rowstore.h"
#include "stagedchanges.h"

#include <QVariant>
#include <QVariantList>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace orm {

class Table;

/// A record's values (issue 13: the per-record state, a part of its own): three rows and the
/// transitions between them, so that what a load, a flush, a commit or a rollback does to them is
/// said in one place.
///
/// - The **committed** row (what rollback() restores) lives in the session's RowStore for the
///   table, at slot(); none for a never-committed record.
/// - The **stored** row (what the database holds inside the current transaction) is the committed
///   one, unless a flush made it another (held until the commit), or a delete made it none.
/// - The **staged** values are the stored ones except for the changed columns: a loaded, unchanged
///   row holds no QVariant at all, an edited one only its changed values, and a rollback just
///   drops them. A new record (no stored row) keeps its staged values as one row: in a slot of
///   the row store once it is given one (keepNewRowIn(): a record in a session, or made for one),
///   where a commit makes that very slot its committed row; else as a list (a row staged whole)
///   or value by value over a row of NULLs (values set one by one).
///
/// It knows nothing of sessions, relationships or states: Record decides which transition a
/// change is, this part carries it out.
class RecordValues {
public:
    explicit RecordValues(const Table *table)
        : m_home(table) {}
    ~RecordValues();
    RecordValues(const RecordValues &) = delete;
    RecordValues &operator=(const RecordValues &) = delete;

    const Table &table() const { return m_home.table(); }

    // --- Reading ----------------------------------------------------------------------------
    /// The staged value.
    QVariant value(int column) const {
        if (const StagedChanges::Change *changed = change(column))
            return changed->value();
        return storedOrNewValue(column);
    }
    /// The staged value where it differs from the stored one; nullptr where it does not.
    const StagedChanges::Change *change(int column) const { return m_changes.find(column); }
    /// The staged values by column index (made for the caller: a loaded row keeps no list; a new
    /// record's row is shared, not copied).
    QVariantList values() const;
    QVariant storedValue(int column) const;
    QVariantList storedRow() const;
    QVariant committedValue(int column) const;
    QVariantList committedRow() const;
    bool hasStoredRow() const {
        return m_storedApart ? !storedApart().isEmpty() : m_slot >= 0 && !m_newRow;
    }
    /// True while the stored row is not the committed one (between a flush and its commit).
    bool storedDiffersFromCommitted() const { return m_storedApart; }
    bool hasCommittedRow() const { return m_slot >= 0 && !m_newRow; }
    /// True while any value is staged (for a new record: any value set at all).
    bool hasStagedValues() const { return !m_changes.empty() || m_newRow; }
    /// True when a new record's staged values are held in the row store (no list of its own).
    bool newRowInStore() const { return m_newRow; }
    /// A new record's staged values of `columns` where they are held in the store; empty when they
    /// are not held there (a stored row stands in front of them, or no store).
    RowCells newRowCells(const QList<int> &columns) const {
        return valuesInSlot() ? RowCells{m_home.get(), m_slot, columns} : RowCells{};
    }
    /// The stored row's cells of `columns` where the stored row is the committed one, in the
    /// store (a stored record's UPDATE binds its WHERE clause from them); empty while a flush of
    /// this transaction holds another row, or none.
    RowCells storedRowCells(const QList<int> &columns) const {
        return hasCommittedRow() && !m_storedApart ? RowCells{m_home.get(), m_slot, columns}
                                                   : RowCells{};
    }
    /// True, with `*null` set, where a new record's staged values are held in the store: whether
    /// the cell of `column` is NULL, as the cell says (no QVariant made of a text to ask it).
    /// False where they are not held there.
    bool newCellIsNull(int column, bool *null) const {
        if (!valuesInSlot())
            return false;
        *null = m_home->isNull(m_slot, column);
        return true;
    }
    /// True when a staged value differs from the stored one in a key column (or the record is new
    /// with values staged).
    bool hasStagedKeyChange() const;
    /// values::same(column's type, value, stored-or-new value): `sameType` tells whether the
    /// value has that value's metatype too. A committed row's cell is compared where it lies
    /// (RowStore::same), without making its QVariant.
    bool sameAsBase(int column, const QVariant &value, bool *sameType) const;
    /// values::same(column's type, value, storedValue(column)), the same way.
    bool sameAsStored(int column, const QVariant &value) const;
    /// sameAsStored(change.column, change.value()) where the change holds a text as Latin-1 and
    /// the stored row is the committed cells, answered from the bytes (RowStore::sameText()): no
    /// QString made (w3 asks it of 10,000 edited titles, a flush plan again). std::nullopt
    /// elsewhere: ask sameAsStored(). True means the very same text, in the same form.
    std::optional<bool> textSameAsStored(const StagedChanges::Change &change) const;
    /// True with `*number` set when the value (staged, or stored) is held in the row store as an
    /// integer an Integer key reads as `*number` (RowStore::integerKey()), read without making a
    /// QVariant; false for any other value or place.
    bool storedInteger(int column, bool stored, qint64 *number) const;

    // --- Staging ----------------------------------------------------------------------------
    /// Stages a value. `differs`: the caller has compared it with the stored one and found it
    /// another value, so it is kept without comparing again.
    void stageValue(int column, const QVariant &value, bool differs = false);
    /// Stages a whole row: only the values that differ from the stored ones are kept (a new
    /// record keeps the row itself, shared, or its values in the row store: keepNewRowIn()).
    void stageRow(const QVariantList &row);
    /// A new record's staged values are to be held in `store` (its session's for the table): 16
    /// bytes a value, short text inline, where a list costs 32 bytes a value and a string per
    /// text (a million-row import's staged rows). Those it holds now move there; a later commit
    /// makes their slot the committed row. Nothing for a record that has a stored row.
    void keepNewRowIn(const RowStoreRef &store);
    /// The store and the slot that hold a new record's staged values, the slot made (all NULL)
    /// when it has none yet, for values written straight into its cells (NewRowWriter). nullptr
    /// when they are not held in a store: no store, a stored row, or values staged as a list.
    RowStore *newRowSlot(int *slot);

    /// A new record's staged values are the cells of `slot` in `store`, which it now holds (a row
    /// NewRows kept as cells becomes a record). Only for a record with no values or slot yet.
    void adoptNewRow(const RowStoreRef &store, int slot);
    /// The slot holding a new record's staged values, given up (the caller holds the cells now;
    /// the record is left with no values); nullptr, with nothing given up, unless every staged
    /// value is in that slot.
    RowStore *giveUpNewRow(int *slot);

    // --- Transitions ------------------------------------------------------------------------
    /// A row read from the database: it becomes the committed row, in `store`, and the stored and
    /// staged values are that row.
    void load(const RowStoreRef &store, const QVariantList &row);
    /// A never-stored record takes `slot` of `store` as its committed row (a row a reader wrote
    /// there).
    void adoptSlot(const RowStoreRef &store, int slot);
    /// A flush wrote `row`: the staged values and the stored row become it.
    void flushed(const QVariantList &row);
    /// A flush wrote a new record's staged values as they are, and the transaction committed with
    /// it: its slot in `store` becomes its committed row, no value copied. False (nothing done)
    /// when they are not held there: load() the row instead.
    bool committedAsStaged(const RowStoreRef &store);
    /// A flush wrote a committed record's staged values as they are (its changes over the
    /// committed row), and the transaction committed with it: the changed values are written
    /// into its committed row's cells, the others stay where they are. False (nothing done) when
    /// the stored row is not the committed one in `store`: load() the row instead.
    bool committedChanges(const RowStoreRef &store);
    /// Sets the stored row (empty: not stored, a flushed delete), keeping the staged values.
    void setStoredRow(const QVariantList &row);
    /// Sets one stored value (a flush wrote it), keeping the staged values.
    void setStoredValue(int column, const QVariant &value);
    /// A commit: the stored row becomes the committed one (written into `store` for a record that
    /// had none).
    void commit(const RowStoreRef &store);
    /// A rollback: the staged and stored values become the committed ones.
    void revert();
    /// The stored values become the committed ones (a flush undone); staged edits stay staged.
    void revertFlush();
    /// Forgets the stored and committed rows (the row is gone from the database); the staged
    /// values stay, as a new record's.
    void forgetStored();
    /// The rows move into `store` (another store of the same table's rows: a record that left a
    /// session enters another), the staged values stay as they are.
    void moveTo(const RowStoreRef &store);

    /// The row store the values are held in (the session's for the table), or nullptr.
    const RowStore *store() const { return m_home.get(); }
    /// The row's place in the row store (the committed row, or a new record's staged values), for
    /// tests; -1 if none.
    int slot() const { return m_slot; }
    /// True while the record these values are is in the session that made their store: what
    /// Record::session() reads, where a record kept a pointer to its session (8 bytes a row).
    /// Session::enterSession() moves the values into its own store before it sets this.
    bool inStoresSession() const { return m_inStoresSession; }
    void setInStoresSession(bool in) { m_inStoresSession = in; }

private:
    /// True when a new record's staged values are the ones in its slot (not a stored row's).
    bool valuesInSlot() const { return m_newRow && !hasStoredRow(); }
    /// The stored value, or a new record's staged one, or NULL.
    QVariant storedOrNewValue(int column) const;
    const QVariantList &nullRow() const;
    /// The stored row while it differs from the committed one (m_storedApart), kept in m_home.
    const QVariantList &storedApart() const { return m_home->apart(this); }
    /// Keeps `row` as the stored row, apart from the committed one.
    void keepStoredApart(QVariantList row);
    /// The stored row is the committed one again: the row kept apart, if any, is dropped.
    void dropStoredApart();

    /// The store holding the values (shared: a record may outlive its session), or the table
    /// alone before any does.
    RecordHome m_home;
    StagedChanges m_changes; ///< staged values that differ from the stored ones
    /// The committed row in m_home (or, m_newRow, a new record's staged values); -1 if none.
    /// 29 bits, beside the flags: a quarter of a billion rows a table.
    int m_slot : 29 = -1;
    bool m_newRow : 1 = false; ///< m_slot holds the staged values of a never-committed record
    /// The stored row differs from the committed one and is kept in m_home (RowStore::keepApart):
    /// a flush wrote another row, or an empty one for a delete, and the commit has not come yet.
    bool m_storedApart : 1 = false;
    /// Record's flag, kept beside the slot where its own flags have no room: see
    /// inStoresSession().
    bool m_inStoresSession : 1 = false;
    // Last, so that a record's flags fit in the padding after it (Record: [[no_unique_address]]).
};

} // namespace orm
