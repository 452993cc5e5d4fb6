#include "record.h"

#include "relationship.h"
#include "rowlabel.h"
#include "session.h"
#include "values.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstring>
#include <utility>

namespace orm {

// What every loaded row pays for its record, besides its cells in the row store: with the shared
// pointer's control block (16 bytes; the pool's allocator holds nothing, so it keeps no copy of
// it), 48 bytes fill a 64-byte chunk of the table's RecordPool (the shared pointer's weak
// reference, the values with their 8-byte RecordHome, the flags in their padding, the
// relationship slots). The order in which records entered is the unit of work's (its pending list),
// not a field of each record, and neither is a stored row that a flush made differ from the
// committed one (the row store keeps it, RowStore::keepApart()); the table and the session are the
// row store's (RecordHome, RecordValues::inStoresSession()). Keep it from growing unnoticed (it was
// 160 bytes, then 104, 96, 80, 72, 64).
static_assert(sizeof(Record) <= 48, "a Record is allocated per row: keep it small");
static_assert(std::is_empty_v<RecordAllocator<Record>>);

Record::Record(const Table *table)
    : m_rows(table) {
    Q_ASSERT(table);
}

void Record::makeSlots() {
    const Table &table = this->table();
    m_slots.make(table.parentRelationships().size(), table.childRelationships().size(),
                 table.recordPool());
}

const std::shared_ptr<Record> &Record::ParentSlot::orphanMark() {
    // Never destroyed: a record may be let go (and asked about) while statics are torn down
    static const auto *mark =
        new std::shared_ptr<Record>(std::make_shared<char>(), static_cast<Record *>(nullptr));
    return *mark;
}

Record::ParentSlot &Record::parentSlot(int slot) {
    if (m_slots.empty())
        makeSlots();
    return m_slots.parents()[slot];
}

const Record::ParentSlot &Record::parentSlot(int slot) const {
    static const ParentSlot unassigned;
    return m_slots.empty() ? unassigned : m_slots.parents()[slot];
}

bool Record::hasGivenParent() const {
    return std::ranges::any_of(m_slots.parents(),
                               [](const ParentSlot &slot) { return slot.assigned(); });
}

void Record::forgetGivenParents() {
    if (!hasChildLists()) {
        m_slots.clear();
        return;
    }
    for (ParentSlot &slot : m_slots.parents())
        slot = ParentSlot{};
}

bool Record::hasChildLists() const {
    return std::ranges::any_of(m_slots.children(), [](const auto &list) { return bool(list); });
}

void Record::dropChildLists() {
    // Taken out first: a list's destructor may release records that reach this one.
    std::vector<std::unique_ptr<ChildCollection>> leaving;
    for (std::unique_ptr<ChildCollection> &list : m_slots.children()) {
        if (list)
            leaving.push_back(std::move(list));
    }
    if (!hasGivenParent())
        m_slots.clear();
}

Record::~Record() = default;

QVariant Record::compositeId() const {
    const QList<int> &columns = table().primaryKeyColumns();
    QVariantList key;
    bool allNull = true;
    for (int column : columns) {
        key.append(value(column));
        allNull = allNull && key.constLast().isNull();
    }
    return allNull ? QVariant() : QVariant(key);
}

QVariant Record::value(const QString &column) const {
    const int index = table().columnIndex(column);
    Q_ASSERT_X(index >= 0, "Record::value", qPrintable(column));
    return index >= 0 ? value(index) : QVariant();
}

Key Record::key() const {
    const QList<int> &columns = table().primaryKeyColumns();
    if (columns.size() == 1)
        return keyOf(columns, table(), columns, /*stored=*/false);
    QVariantList key;
    key.reserve(columns.size());
    for (int column : columns)
        key.append(value(column));
    return Key::ofValues(table(), columns, key);
}

Key Record::storedKey() const {
    const QList<int> &columns = table().primaryKeyColumns();
    if (columns.size() == 1)
        return keyOf(columns, table(), columns, /*stored=*/true);
    QVariantList key;
    key.reserve(columns.size());
    for (int column : columns)
        key.append(storedValue(column));
    return Key::ofValues(table(), columns, key);
}

Key Record::keyOf(const QList<int> &columns, const Table &keyTable, const QList<int> &keyColumns,
                  bool stored) const {
    Q_ASSERT(columns.size() == keyColumns.size());
    if (columns.size() == 1) { // the common case: no list
        const int column = columns.first();
        const int keyColumn = keyColumns.first();
        qint64 number = 0;
        if (keyTable.column(keyColumn).type == ColumnType::Integer &&
            m_rows.storedInteger(column, stored, &number))
            return Key::ofInteger(number);
        return Key::ofValue(keyTable, keyColumn, stored ? storedValue(column) : value(column));
    }
    QVariantList values;
    values.reserve(columns.size());
    for (int column : columns) {
        values.append(stored ? storedValue(column) : value(column));
        if (values.constLast().isNull())
            return Key();
    }
    return Key::ofValues(keyTable, keyColumns, values);
}

QVariantList Record::values() const {
    return m_rows.values();
}

bool Record::setValue(const QString &column, const QVariant &value) {
    const int index = table().columnIndex(column);
    Q_ASSERT_X(index >= 0, "Record::setValue", qPrintable(column));
    return index >= 0 && setValue(index, value);
}

bool Record::setValue(int column, const QVariant &value) {
    // (The table and the session read once: each is a step through the row store, RecordHome)
    const Table &table = this->table();
    Q_ASSERT(column >= 0 && column < table.columnCount());
    if (m_markedForDelete || m_state == ObjectState::Deleted)
        return false; // rule 10: a record on its way out takes no edits
    const Column &definition = table.column(column);
    const QVariant coerced = values::coerce(definition, value);
    // §7 rule 5: a read-only table or column takes no edits (what the database computes, a view,
    // a table without a key that identifies one row, what the role may not change).
    if (table.isReadOnly() || !definition.isWritable() || hasNullStoredKey())
        return values::same(coerced, this->value(column));
    if (definition.autoIncrement && table.isKeyColumn(column) &&
        m_state != ObjectState::Transient && m_state != ObjectState::Pending)
        return values::same(coerced, this->value(column)); // generated keys never move

    if (const Relationship *relationship = table.relationshipForColumn(column)) {
        // A foreign key edited as a value: follow it, leaving both collections consistent.
        const QVariant current = this->value(column);
        ParentSlot &slot = parentSlot(relationship->parentSlot);
        if (values::same(definition, coerced, current) && !slot.assigned())
            return true;
        Session *const session = this->session();
        RecordPtr oldParent = assignedParent(relationship->parentSlot);
        if (!oldParent && !slot.assigned() && session)
            oldParent = session->findLoaded(*relationship->parent, current);
        if (oldParent)
            oldParent->unlinkChild(*relationship, this);
        const std::vector<const Relationship *> sharing =
            unlinkReferencesThrough({column}, relationship);
        changingValues().stageValue(column, coerced);
        slot = ParentSlot{};
        if (session && !coerced.isNull()) {
            if (RecordPtr newParent = session->findLoaded(*relationship->parent, coerced))
                newParent->linkChild(*relationship, shared_from_this());
        }
        relinkReferences(sharing);
        notifyChanged(column);
        return true;
    }
    // A column of a composite reference, or of one to a unique key, edited as a value: the
    // reference follows the values, leaving both collections consistent.
    // Asked first, so that an edit of any other column makes no QVariant of the stored cell (the
    // comparison below does).
    std::vector<const Relationship *> followed;
    const auto follows = [column](const Relationship *relationship) {
        return relationship->hasForeignKeyColumn(column) && !relationship->isSimple();
    };
    const QList<const Relationship *> &references = table.parentRelationships();
    if (std::any_of(references.cbegin(), references.cend(), follows) &&
        !values::same(definition, coerced, this->value(column)))
        followed = unlinkReferencesThrough({column}, nullptr);
    const auto linkFollowed = [&] { relinkReferences(followed); };
    // Rule 5: a value set to what it already was is not a change. An equal value in another form
    // ("0" for a numeric's "0.00", a date typed as text) keeps the form the database gave, so an
    // unchanged value is written back as it was read (§7 rule 3). Compared with the cell of a
    // loaded row where it lies: no QVariant of the current value is made.
    const StagedChanges::Change *staged = m_rows.change(column);
    const bool firstEdit = staged == nullptr; // the current value is the stored one
    bool sameType = false;
    bool equal = false;
    if (staged) {
        const QVariant current = staged->value();
        equal = values::same(definition, coerced, current);
        sameType = current.typeId() == coerced.typeId();
    } else {
        equal = m_rows.sameAsBase(column, coerced, &sameType);
    }
    if (equal && (sameType || values::comparesAsType(definition.type))) {
        linkFollowed();
        return true;
    }
    // A value unequal to the stored one is not the stored one in its form either — but for a
    // NaN, which equals nothing and may yet be held in the very same bytes
    const bool real = coerced.typeId() == QMetaType::Double || coerced.typeId() == QMetaType::Float;
    changingValues().stageValue(column, coerced, firstEdit && !equal && !real);
    linkFollowed();
    // On a first edit `equal` compared with the stored value: it answers isModified() (a staged
    // value that differs from the stored one, in a record that has one) without comparing again.
    if (firstEdit)
        notifyChanged(column, m_rows.hasStoredRow() && m_rows.change(column) && !equal);
    else
        notifyChanged(column);
    return true;
}

bool Record::takesNewRow() const {
    return !session() && m_state == ObjectState::Transient && !m_markedForDelete &&
           !hasGivenParent() && !table().isReadOnly();
}

bool Record::setNewRow(QVariantList &&row) {
    if (!takesNewRow() || m_rows.hasStoredRow() || m_rows.hasStagedValues() ||
        row.size() != table().columnCount())
        return false;
    bool anyValue = false;
    for (int column = 0; column < row.size(); ++column) {
        QVariant &value = row[column];
        if (value.isNull())
            continue;
        const Column &definition = table().column(column);
        // What setValue() would keep: a refused edit or a value equal to NULL leaves NULL.
        if (!definition.isWritable()) {
            value = QVariant();
            continue;
        }
        value = values::coerce(definition, value);
        if (value.isNull())
            value = QVariant();
        else
            anyValue = true;
    }
    // As setValue(): a record given nothing but NULLs stages nothing. The row is taken: the
    // caller keeps no share.
    if (anyValue)
        changingValues().stageRow(std::exchange(row, QVariantList()));
    return true;
}

QVariant Record::committedValue(int column) const {
    return m_rows.committedValue(column);
}

QVariant Record::storedValue(int column) const {
    return m_rows.storedValue(column);
}

bool Record::isModified(int column) const {
    if (!m_rows.hasStoredRow())
        return false; // new records are new, not modified
    // None: the staged value is the stored one
    if (const StagedChanges::Change *changed = m_rows.change(column)) {
        const std::optional<bool> sameText = m_rows.textSameAsStored(*changed);
        if (!(sameText ? *sameText : m_rows.sameAsStored(column, changed->value())))
            return true;
    }
    for (const Relationship *relationship : table().parentRelationships()) {
        if (!relationship->hasForeignKeyColumn(column))
            continue;
        const ParentSlot &slot = parentSlot(relationship->parentSlot);
        if (slot.assigned()) {
            const RecordPtr parent = slot.parent();
            if (parent && relationship->referencedKeyOf(*parent) !=
                              relationship->parentKeyOf(*this, /*stored=*/true))
                return true; // re-parented to a record that has no key yet
        }
    }
    return false;
}

bool Record::hasChanges() const {
    if (m_state == ObjectState::Pending)
        return true;
    if (m_state != ObjectState::Persistent)
        return false;
    if (m_markedForDelete)
        return true;
    for (int column = 0; column < table().columnCount(); ++column) {
        if (isModified(column))
            return true;
    }
    return false;
}

RecordPtr Record::assignedParent(int slot) const {
    return parentSlot(slot).parent();
}

RecordPtr Record::parent(const Relationship &relationship) {
    Q_ASSERT(relationship.child == &table());
    const ParentSlot &slot = parentSlot(relationship.parentSlot);
    if (slot.assigned()) {
        RecordPtr parent = slot.parent();
        if (parent || slot.orphaned())
            return parent;
    }
    if (!session() || relationship.parentKeyOf(*this).isNull())
        return nullptr;
    return session()->loadParent(this, relationship);
}

bool Record::setParent(const Relationship &relationship, const RecordPtr &parent) {
    Q_ASSERT(relationship.child == &table());
    Q_ASSERT(!parent || &parent->table() == relationship.parent);
    if (m_markedForDelete || m_state == ObjectState::Deleted)
        return false;
    if (parent && (parent->m_markedForDelete || parent->m_state == ObjectState::Deleted))
        return false; // rule 10: a record on its way out takes no new children
    ParentSlot &slot = parentSlot(relationship.parentSlot);
    RecordPtr oldParent = assignedParent(relationship.parentSlot);
    // The key the foreign key names now, read only where it decides (w1: a new book given its
    // new author reads none)
    const auto currentKey = [&] { return relationship.parentKeyOf(*this); };
    if (!oldParent && !slot.assigned() && session())
        oldParent = session()->findLoadedParent(relationship, currentKey());
    const bool sameParent =
        oldParent == parent && (parent || slot.orphaned() || currentKey().isNull());
    if (sameParent && (parent || slot.assigned()))
        return true;
    if (oldParent)
        oldParent->unlinkChild(relationship, this);
    const QList<int> &columns = relationship.foreignKeyColumns;
    // Another reference through a column this one sets follows the values it is given: the last
    // parent chosen decides the shared column, and nothing remembers the one it replaced.
    const std::vector<const Relationship *> sharing =
        unlinkReferencesThrough(columns, &relationship);
    slot.assign(parent);
    if (!parent) {
        // No reference: NULL in every column that takes it (one NULL is enough for MATCH SIMPLE,
        // every key's default, to check nothing; a MATCH FULL key refuses it at commit, which
        // fails as a whole); in all of them when none does, which the flush then reports.
        bool anyNullable = false;
        for (int column : columns)
            anyNullable = anyNullable || table().column(column).nullable;
        for (int column : columns) {
            if (!anyNullable || table().column(column).nullable)
                changingValues().stageValue(column, QVariant());
        }
    } else {
        // A referenced value the parent does not have yet (a generated key) is filled at flush.
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const QVariant referenced = parent->value(relationship.referencedColumns.at(i));
            if (!referenced.isNull())
                changingValues().stageValue(columns.at(i), referenced);
        }
    }
    if (parent)
        parent->linkChild(relationship, shared_from_this());
    relinkReferences(sharing);
    if (session() && parent && (relationship.backrefCascade & CascadeFlag::SaveUpdate) &&
        parent->session() != session() && parent->state() == ObjectState::Transient)
        session()->add(parent); // save-update along the backref: adding a book adds its author
    for (int column : columns)
        notifyChanged(column);
    return true;
}

std::vector<const Relationship *> Record::unlinkReferencesThrough(const QList<int> &columns,
                                                                  const Relationship *except) {
    std::vector<const Relationship *> unlinked;
    for (const Relationship *relationship : table().parentRelationships()) {
        if (relationship == except ||
            std::none_of(columns.cbegin(), columns.cend(), [relationship](int column) {
                return relationship->hasForeignKeyColumn(column);
            }))
            continue;
        ParentSlot &slot = parentSlot(relationship->parentSlot);
        RecordPtr oldParent = assignedParent(relationship->parentSlot);
        if (!oldParent && !slot.assigned() && session())
            oldParent =
                session()->findLoadedParent(*relationship, relationship->parentKeyOf(*this));
        if (oldParent)
            oldParent->unlinkChild(*relationship, this);
        slot = ParentSlot{};
        unlinked.push_back(relationship);
    }
    return unlinked;
}

void Record::relinkReferences(const std::vector<const Relationship *> &references) {
    if (!session())
        return;
    for (const Relationship *relationship : references) {
        if (RecordPtr parent =
                session()->findLoadedParent(*relationship, relationship->parentKeyOf(*this)))
            parent->linkChild(*relationship, shared_from_this());
    }
}

ChildCollection &Record::childList(int slot) {
    if (m_slots.empty())
        makeSlots();
    std::unique_ptr<ChildCollection> &list = m_slots.children()[slot];
    if (!list) {
        // A record that was never stored has no children in the database to load.
        list = std::make_unique<ChildCollection>(m_state == ObjectState::Transient ||
                                                 m_state == ObjectState::Pending);
    }
    return *list;
}

const ChildCollection *Record::childListIfAny(int slot) const {
    return m_slots.empty() ? nullptr : m_slots.children()[slot].get();
}

bool Record::childrenLoaded(const Relationship &relationship) const {
    const ChildCollection *list = childListIfAny(relationship.childSlot);
    if (list)
        return list->isLoaded();
    return m_state == ObjectState::Transient || m_state == ObjectState::Pending;
}

RecordList Record::children(const Relationship &relationship) {
    Q_ASSERT(relationship.parent == &table());
    const ChildCollection &list = childList(relationship.childSlot);
    if (!list.isLoaded() && session())
        session()->loadCollection(this, relationship);
    return RecordList(list.items().begin(), list.items().end());
}

bool Record::appendChild(const Relationship &relationship, const RecordPtr &child) {
    Q_ASSERT(relationship.parent == &table());
    if (!child || !child->setParent(relationship, shared_from_this()))
        return false;
    if (session() && (relationship.cascade & CascadeFlag::SaveUpdate) &&
        child->state() == ObjectState::Transient)
        session()->add(child); // rule 4: appending to a collection in the session adds the child
    return true;
}

bool Record::removeChild(const Relationship &relationship, const RecordPtr &child) {
    Q_ASSERT(relationship.parent == &table());
    if (!child)
        return false;
    const RecordPtr current = child->parent(relationship);
    if (current.get() != this)
        return false;
    return child->setParent(relationship, nullptr);
}

void Record::linkChild(const Relationship &relationship, const RecordPtr &child) {
    ChildCollection &list = childList(relationship.childSlot);
    // Callers have just taken the child out of its previous parent, so it is not in this list.
    Q_ASSERT(list.items().size() > 64 ||
             std::find(list.items().begin(), list.items().end(), child) == list.items().end());
    list.link(child);
    if (Session *session = this->session())
        session->touch(this);
}

void Record::unlinkChild(const Relationship &relationship, const Record *child) {
    if (m_slots.empty() || !m_slots.children()[relationship.childSlot])
        return;
    m_slots.children()[relationship.childSlot]->unlink(child);
    if (Session *session = this->session())
        session->touch(this);
}

void Record::notifyChanged(int column, std::optional<bool> modified) {
    if (Session *session = this->session())
        session->recordValueChanged(this, column, modified);
}

QString Record::displayText() const {
    const QString label = RowLabel::text(*this);
    // Nothing names the row (a table without text columns, an empty label): its key does, as a
    // foreign key cell would otherwise show nothing at all.
    return label.isEmpty() ? keyText() : label;
}

RecordValues &Record::changingValues() {
    if (Session *session = this->session())
        session->m_parentIndex.valuesChanged(table());
    return m_rows;
}

QString Record::keyText() const {
    if (id().isNull())
        return {};
    QStringList parts;
    for (int column : table().primaryKeyColumns()) {
        const QVariant part = value(column);
        // A new row whose key the database completes (Pagila's payment: its date typed, its
        // serial payment_id not yet given) is no "payment #2022-05-15 12:00:00, " yet
        if (part.isNull() && (m_state == ObjectState::Pending || m_state == ObjectState::Transient))
            return {};
        parts << part.toString();
    }
    return parts.join(QStringLiteral(", "));
}

bool Record::hasNullStoredKey() const {
    if (m_state != ObjectState::Persistent || !m_rows.hasStoredRow())
        return false;
    // A key the database holds NOT NULL (an INTEGER PRIMARY KEY, a WITHOUT ROWID table's, every
    // PostgreSQL key) needs no look at the row: asked at every edit (w5: 100,000)
    const Table &table = this->table();
    const QList<int> &keyColumns = table.primaryKeyColumns();
    if (std::none_of(keyColumns.cbegin(), keyColumns.cend(),
                     [&table](int column) { return table.column(column).nullable; }))
        return false;
    for (int column : keyColumns) {
        qint64 number = 0;
        if (m_rows.storedInteger(column, /*stored=*/true, &number))
            continue; // an integer, the common key: not NULL, and nothing to compare
        if (m_rows.sameAsStored(column,
                                QVariant())) // NULL, asked of the cell: no QVariant made of it
            return true;
    }
    return false;
}

QString Record::readOnlyReason() const {
    if (table().isReadOnly())
        return table().readOnlyReason();
    if (hasNullStoredKey())
        return QCoreApplication::translate("orm", "its key is NULL, so no change could be sure "
                                                  "to reach this row only");
    return {};
}

QString Record::displayName() const {
    // Names go into messages and lists: a 1 MB review must not make a 1 MB sentence.
    constexpr qsizetype MaximumLength = 60;
    QString text = RowLabel::text(*this);
    if (text.size() > MaximumLength)
        text = text.left(MaximumLength - 1) + QChar(0x2026);
    if (!text.isEmpty())
        return QCoreApplication::translate("orm", "%1 '%2'").arg(table().className(), text);
    if (const QString key = keyText(); !key.isEmpty()) // "Invoice line #7, 2"
        return QCoreApplication::translate("orm", "%1 #%2").arg(table().className(), key);
    return QCoreApplication::translate("orm", "new %1").arg(table().className());
}

// --- Ending a transaction without its commit (the Restorer) ----------------------------------

bool Record::setTracked(bool tracked) {
    const bool was = m_tracked;
    m_tracked = tracked;
    return was;
}

bool Record::revertToCommitted(Key *storedBefore) {
    // The identity map holds a persistent record under its stored key. Only a flush (a written
    // row, a delete) or a staged key edit can leave it elsewhere than under the committed key.
    const bool keyMayMove = m_rows.storedDiffersFromCommitted() ||
                            m_state == ObjectState::Deleted || m_rows.hasStagedKeyChange();
    if (keyMayMove)
        *storedBefore = storedKey();
    changingValues().revert(); // the staged values and a flushed row are dropped
    m_markedForDelete = false;
    m_state = ObjectState::Persistent;
    forgetGivenParents(); // no parent given: the committed foreign keys name them
    for (auto &list : m_slots.children()) {
        if (list)
            list->revert();
    }
    m_tracked = false;
    m_countedAsChanged = false;
    return keyMayMove;
}

void Record::unflushInsert() {
    // The row a flush inserted is gone with its transaction: a generated key is gone with it, a
    // key the user gave stays.
    changingValues().setStoredRow({}); // the staged values stay
    for (int column : table().primaryKeyColumns()) {
        if (table().column(column).autoIncrement)
            changingValues().stageValue(column, QVariant());
    }
    m_state = ObjectState::Pending;
}

void Record::unflushDelete() {
    m_state = ObjectState::Persistent;
    m_markedForDelete = true;
}

} // namespace orm
