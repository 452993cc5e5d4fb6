#include "recordvalues.h"

#include "table.h"
#include "values.h"

#include <algorithm>
#include <cstring>

namespace orm {

namespace {

/// The column under which a record without a stored row keeps all its staged values, as one row.
constexpr int WholeRow = -1;

/// The same value in the same form (what a row must give back as it was given), where
/// values::same() lets equal values of other forms pass.
bool identical(const QVariant &a, const QVariant &b) {
    if (a.typeId() != b.typeId())
        return false;
    if (!a.isValid())
        return true;
    if (a.typeId() == QMetaType::Double || a.typeId() == QMetaType::Float)
        return std::memcmp(a.constData(), b.constData(), size_t(a.metaType().sizeOf())) == 0;
    return a == b;
}

/// Writes a staged value into a row's cell: a text kept as Latin-1 without making its QString.
void writeInto(const StagedChanges::Change &change, RowStore &store, int slot) {
    if (change.holdsText())
        store.setLatin1(slot, change.column, change.inlineText());
    else if (const QVariant *value = change.variant())
        store.set(slot, change.column, *value);
    else
        store.set(slot, change.column, change.value()); // a number or NULL, made as it was set
}

/// A slot as m_slot holds it (29 bits): a store of more than 2^28 rows would wrap it.
int checkedSlot(int slot) {
    Q_ASSERT(slot >= 0 && slot < (1 << 28));
    return slot;
}

} // namespace

RecordValues::~RecordValues() {
    dropStoredApart();
    if (m_slot >= 0)
        m_home->release(m_slot);
}

void RecordValues::keepStoredApart(QVariantList row) {
    // Only a record in a session is flushed, and it holds its session's store from the moment it
    // enters (keepNewRowIn(), load()); a store of its own keeps the row otherwise
    if (!m_home)
        m_home = RowStoreRef::make(table(), nullptr);
    m_home->keepApart(this, std::move(row));
    m_storedApart = true;
}

void RecordValues::dropStoredApart() {
    if (!m_storedApart)
        return;
    m_storedApart = false;
    m_home->dropApart(this);
}

const QVariantList &RecordValues::nullRow() const {
    return m_home.table().nullRow();
}

// --- Reading -------------------------------------------------------------------------------------

QVariant RecordValues::storedOrNewValue(int column) const {
    if (m_storedApart) {
        if (const QVariantList &stored = storedApart(); !stored.isEmpty())
            return stored.at(column);
    }
    if ((!m_storedApart && m_slot >= 0) || valuesInSlot()) // committed, or a new record's staged
        return m_home->value(m_slot, column);
    if (!m_changes.empty() && m_changes.front().column == WholeRow)
        return m_changes.front().variant()->toList().at(column);
    return nullRow().at(column);
}

QVariantList RecordValues::values() const {
    if (valuesInSlot())
        return m_home->row(m_slot);
    if (!hasStoredRow()) { // a new record: its row as it is, shared (a flush plan copies nothing)
        if (m_changes.empty())
            return nullRow();
        if (m_changes.front().column == WholeRow)
            return m_changes.front().variant()->toList();
        QVariantList row = nullRow(); // values set one by one, over a row of NULLs
        for (const StagedChanges::Change &change : m_changes)
            row[change.column] = change.value();
        return row;
    }
    if (m_storedApart || m_changes.empty()) {
        QVariantList row = storedRow();
        for (const StagedChanges::Change &change : m_changes)
            row[change.column] = change.value();
        return row;
    }
    // A committed row with changes: a changed column's stored value is not made (w3: the
    // stored title's QString, made and dropped for each edited row)
    QVariantList row;
    row.reserve(m_home->columnCount());
    for (int column = 0; column < m_home->columnCount(); ++column) {
        const StagedChanges::Change *changed = change(column);
        row.append(changed ? changed->value() : m_home->value(m_slot, column));
    }
    return row;
}

QVariant RecordValues::storedValue(int column) const {
    if (m_storedApart) {
        const QVariantList &stored = storedApart();
        return stored.isEmpty() ? QVariant() : stored.at(column);
    }
    return committedValue(column);
}

QVariantList RecordValues::storedRow() const {
    return m_storedApart ? storedApart() : committedRow();
}

QVariant RecordValues::committedValue(int column) const {
    return hasCommittedRow() ? m_home->value(m_slot, column) : QVariant();
}

QVariantList RecordValues::committedRow() const {
    return hasCommittedRow() ? m_home->row(m_slot) : QVariantList();
}

bool RecordValues::hasStagedKeyChange() const {
    // A new record's values, in its slot, as one row or one by one: its key is not a stored one
    if (valuesInSlot() || (!hasStoredRow() && !m_changes.empty()))
        return true;
    // (WholeRow is only ever staged where there is no stored row: answered above)
    return std::any_of(m_changes.begin(), m_changes.end(), [this](const auto &change) {
        return m_home.table().isKeyColumn(change.column);
    });
}

bool RecordValues::sameAsBase(int column, const QVariant &value, bool *sameType) const {
    if (!m_storedApart && m_slot >= 0) {
        *sameType = m_home->typeId(m_slot, column) == value.typeId();
        return m_home->same(m_slot, column, m_home.table().column(column), value);
    }
    if (!m_storedApart && (m_changes.empty() || m_changes.front().column != WholeRow)) {
        // Nothing under it but the table's row of NULLs (a record made and given its first
        // values, w1's 110,000): what values::same() answers against a NULL, no QVariant made
        *sameType = !value.isValid();
        return value.isNull();
    }
    const QVariant base = storedOrNewValue(column);
    *sameType = base.typeId() == value.typeId();
    return values::same(m_home.table().column(column), value, base);
}

bool RecordValues::sameAsStored(int column, const QVariant &value) const {
    if (hasCommittedRow() && !m_storedApart)
        return m_home->same(m_slot, column, m_home.table().column(column), value);
    return values::same(m_home.table().column(column), value, storedValue(column));
}

std::optional<bool> RecordValues::textSameAsStored(const StagedChanges::Change &change) const {
    const QLatin1StringView text = change.inlineText();
    if (text.isEmpty() || !hasCommittedRow() || m_storedApart)
        return std::nullopt;
    return m_home->sameText(m_slot, change.column, m_home.table().column(change.column), text);
}

bool RecordValues::storedInteger(int column, bool stored, qint64 *number) const {
    // Where value() and storedValue() read the row store: no stored row of its own, and for the
    // staged value no change of this column (a new record's slot holds no stored value)
    if (m_storedApart || m_slot < 0 || (!stored && change(column)) || (stored && m_newRow))
        return false;
    return m_home->integerKey(m_slot, column, number);
}

// --- Staging -------------------------------------------------------------------------------------

void RecordValues::stageValue(int column, const QVariant &value, bool differs) {
    if (valuesInSlot() || (!hasStoredRow() && m_home && m_slot < 0 && m_changes.empty())) {
        // A new record whose values the row store holds (or is to hold: its first value)
        if (m_slot < 0) {
            m_slot = checkedSlot(m_home->addNulls());
            m_newRow = true;
        }
        Q_ASSERT(m_newRow);
        m_home->set(m_slot, column, value);
        return;
    }
    if (!hasStoredRow()) {
        // Nothing to differ from. A row staged whole (stageRow()) is kept under WholeRow, the only
        // entry then, and a value set later goes into it; values set one by one are kept one by
        // one over a row of NULLs, every value kept, a NULL too: a record made, given its values
        // and then added (w1: 110,000) makes no list that the row store then replaces
        if (!m_changes.empty() && m_changes.front().column == WholeRow) {
            auto *row = static_cast<QVariantList *>(m_changes.front().variant()->data());
            (*row)[column] = value;
            return;
        }
        if (StagedChanges::Change *found = m_changes.find(column))
            found->set(value);
        else
            m_changes.emplace_back(column, value);
        return;
    }
    const auto identicalToStored = [&] {
        if (m_storedApart) {
            const QVariantList &stored = storedApart();
            return identical(value, stored.isEmpty() ? nullRow().at(column) : stored.at(column));
        }
        if (m_slot >= 0)
            return m_home->holds(m_slot, column, value);
        return identical(value, nullRow().at(column));
    };
    const bool same = !differs && identicalToStored();
    StagedChanges::Change *found = m_changes.find(column);
    if (same) {
        if (found)
            m_changes.erase(found);
    } else if (found) {
        found->set(value);
    } else {
        m_changes.emplace_back(column, value);
    }
}

void RecordValues::stageRow(const QVariantList &row) {
    m_changes.clear();
    if (valuesInSlot() || (!hasStoredRow() && m_home && m_slot < 0)) {
        // A new record's values go into the row store
        if (m_newRow) {
            m_home->set(m_slot, row);
        } else {
            m_slot = checkedSlot(m_home->add(row));
            m_newRow = true;
        }
        return;
    }
    if (!hasStoredRow()) {
        m_changes.emplace_back(WholeRow, QVariant::fromValue(row)); // shared, not copied
        return;
    }
    for (int column = 0; column < row.size(); ++column)
        stageValue(column, row.at(column));
}

void RecordValues::keepNewRowIn(const RowStoreRef &store) {
    // Nothing for a stored row, a committed one whose stored row is gone (a flushed delete), or
    // values already there
    if (hasStoredRow() || m_storedApart || m_home == store || (m_slot >= 0 && !m_newRow))
        return;
    if (m_slot < 0 && !m_changes.empty() && m_changes.front().column != WholeRow) {
        // Values set one by one go into the cells one by one: no row made of them (w1)
        m_home = store;
        m_slot = checkedSlot(store->addNulls());
        m_newRow = true;
        for (const StagedChanges::Change &change : m_changes)
            writeInto(change, *m_home, m_slot);
        m_changes.clear();
        return;
    }
    const QVariantList staged = hasStagedValues() ? values() : QVariantList();
    if (m_slot >= 0) // a new record's values in another session's store: they move
        m_home->release(m_slot);
    m_slot = -1;
    m_newRow = false;
    m_changes.clear();
    m_home = store;
    if (!staged.isEmpty())
        stageRow(staged);
}

RowStore *RecordValues::newRowSlot(int *slot) {
    if (!valuesInSlot()) {
        if (hasStoredRow() || m_storedApart || !m_home || m_slot >= 0 || !m_changes.empty())
            return nullptr;
        m_slot = checkedSlot(m_home->addNulls());
        m_newRow = true;
    }
    *slot = m_slot;
    return m_home.get();
}

void RecordValues::adoptNewRow(const RowStoreRef &store, int slot) {
    Q_ASSERT(m_slot < 0 && m_changes.empty() && !m_storedApart);
    m_home = store;
    m_slot = checkedSlot(slot);
    m_newRow = true;
}

RowStore *RecordValues::giveUpNewRow(int *slot) {
    if (!valuesInSlot() || !m_changes.empty())
        return nullptr;
    *slot = m_slot;
    m_slot = -1;
    m_newRow = false;
    return m_home.get();
}

// --- Transitions ---------------------------------------------------------------------------------

void RecordValues::load(const RowStoreRef &store, const QVariantList &row) {
    dropStoredApart(); // from the store that keeps it, before another takes its place
    if (m_slot >= 0 && m_home != store) {
        m_home->release(m_slot);
        m_slot = -1;
    }
    m_newRow = false; // a new record's slot, if any, takes the committed row
    if (m_slot >= 0) {
        m_home->set(m_slot, row);
    } else {
        m_home = store;
        m_slot = checkedSlot(store->add(row));
    }
    m_changes.clear();
}

void RecordValues::adoptSlot(const RowStoreRef &store, int slot) {
    Q_ASSERT(m_slot < 0 && !m_storedApart && m_changes.empty() && !m_newRow);
    m_home = store;
    m_slot = checkedSlot(slot);
}

void RecordValues::flushed(const QVariantList &row) {
    // A new record's slot stays its own until the commit writes the stored row into it
    keepStoredApart(row);
    m_changes.clear();
}

bool RecordValues::committedAsStaged(const RowStoreRef &store) {
    if (!valuesInSlot() || m_storedApart || m_home != store)
        return false;
    m_newRow = false;
    return true;
}

bool RecordValues::committedChanges(const RowStoreRef &store) {
    if (!hasCommittedRow() || m_storedApart || m_home != store)
        return false;
    for (const StagedChanges::Change &change : m_changes)
        writeInto(change, *m_home, m_slot);
    m_changes.clear();
    return true;
}

void RecordValues::setStoredRow(const QVariantList &row) {
    const QVariantList staged = values();
    // No row for a record that never had a committed one (an insert undone): it is new again,
    // as it was before its flush, and its values go back to its slot; an empty row marks a
    // committed row deleted until the commit
    if (row.isEmpty() && !hasCommittedRow())
        dropStoredApart();
    else
        keepStoredApart(row);
    stageRow(staged);
}

void RecordValues::setStoredValue(int column, const QVariant &value) {
    Q_ASSERT(hasStoredRow());
    const QVariant staged = this->value(column);
    if (!m_storedApart)
        keepStoredApart(committedRow());
    m_home->apart(this)[column] = value;
    stageValue(column, staged);
}

void RecordValues::commit(const RowStoreRef &store) {
    if (!m_storedApart)
        return; // the stored row is the committed one already
    // The staged changes stay as they are: they differ from the same values as before
    m_storedApart = false;
    const QVariantList stored = m_home->takeApart(this);
    if (stored.isEmpty()) {
        if (m_slot >= 0)
            m_home->release(m_slot);
        m_slot = -1;
    } else if (m_slot >= 0) { // a new record's slot too: it holds the committed row now
        m_home->set(m_slot, stored);
    } else {
        m_home = store;
        m_slot = checkedSlot(store->add(stored));
    }
    m_newRow = false;
}

void RecordValues::moveTo(const RowStoreRef &store) {
    if (m_home == store)
        return;
    std::optional<QVariantList> apart;
    if (m_storedApart) {
        m_storedApart = false;
        apart = m_home->takeApart(this);
    }
    // (As wide as the store they go to: a store made after a schema change has the table's
    // columns as they are now. An empty row kept apart is a flushed delete's: it stays empty.)
    if (apart && !apart->isEmpty())
        apart->resize(store->columnCount());
    if (m_slot >= 0) { // the committed row, or a new record's staged values
        QVariantList row = m_home->row(m_slot);
        row.resize(store->columnCount());
        m_home->release(m_slot);
        m_home = store;
        m_slot = checkedSlot(store->add(row));
    } else {
        m_home = store;
    }
    if (apart)
        keepStoredApart(std::move(*apart));
}

void RecordValues::revert() {
    dropStoredApart();
    m_changes.clear();
    if (m_newRow) { // as the list it replaces: a never-committed record's values are dropped
        m_home->release(m_slot);
        m_slot = -1;
        m_newRow = false;
    }
}

void RecordValues::revertFlush() {
    if (!m_storedApart)
        return;
    const QVariantList staged = values();
    dropStoredApart();
    stageRow(staged);
}

void RecordValues::forgetStored() {
    const QVariantList staged = values();
    dropStoredApart();
    if (m_slot >= 0)
        m_home->release(m_slot);
    m_slot = -1;
    m_newRow = false;
    stageRow(staged);
}

} // namespace orm
