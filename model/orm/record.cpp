#include "record.h"

#include "relationship.h"
#include "session.h"
#include "values.h"

#include <QCoreApplication>
#include <algorithm>

namespace orm {

namespace {

/// The values of the table's label columns that are there: "Jane Peacock".
QString labelText(const Record &record) {
    QStringList parts;
    for (int column : record.table().labelColumns()) {
        QString part = record.value(column).toString();
        // Language 'English' of a character(20) column is read as 'English' and 13 blanks
        if (record.table().column(column).blankPadded) {
            while (part.endsWith(QLatin1Char(' ')))
                part.chop(1);
        }
        if (!part.isEmpty())
            parts << part;
    }
    return parts.join(QLatin1Char(' '));
}

/// The key's values in key order ("7, 2"), or empty while the key is not set.
QString keyText(const Record &record) {
    if (record.id().isNull())
        return {};
    QStringList parts;
    for (int column : record.table().primaryKeyColumns())
        parts << record.value(column).toString();
    return parts.join(QStringLiteral(", "));
}

} // namespace

Record::Record(const Table *table)
    : m_table(table)
    , m_values(table->nullRow()) { // shared: a row read from the database replaces it unwritten
    Q_ASSERT(table);
}

Record::ParentSlot &Record::parentSlot(int slot) {
    if (m_parents.empty())
        m_parents.resize(m_table->parentRelationships().size());
    return m_parents[slot];
}

const Record::ParentSlot &Record::parentSlot(int slot) const {
    static const ParentSlot unassigned;
    return m_parents.empty() ? unassigned : m_parents[slot];
}

Record::~Record() = default;

QVariant Record::compositeId() const {
    const QList<int> &columns = m_table->primaryKeyColumns();
    QVariantList key;
    bool allNull = true;
    for (int column : columns) {
        key.append(m_values.at(column));
        allNull = allNull && m_values.at(column).isNull();
    }
    return allNull ? QVariant() : QVariant(key);
}

QVariant Record::value(const QString &column) const {
    const int index = m_table->columnIndex(column);
    Q_ASSERT_X(index >= 0, "Record::value", qPrintable(column));
    return index >= 0 ? m_values.at(index) : QVariant();
}

bool Record::setValue(const QString &column, const QVariant &value) {
    const int index = m_table->columnIndex(column);
    Q_ASSERT_X(index >= 0, "Record::setValue", qPrintable(column));
    return index >= 0 && setValue(index, value);
}

bool Record::setValue(int column, const QVariant &value) {
    Q_ASSERT(column >= 0 && column < m_values.size());
    if (m_markedForDelete || m_state == ObjectState::Deleted)
        return false; // rule 10: a record on its way out takes no edits
    const QVariant coerced = values::coerce(m_table->column(column), value);
    // §7 rule 5: a read-only table or column takes no edits (what the database computes, a view,
    // a table without a key that identifies one row, what the role may not change).
    if (m_table->isReadOnly() || !m_table->column(column).isWritable() || hasNullStoredKey())
        return values::same(coerced, m_values.at(column));
    if (m_table->column(column).autoIncrement && m_table->isKeyColumn(column) &&
        m_state != ObjectState::Transient && m_state != ObjectState::Pending)
        return values::same(coerced, m_values.at(column)); // generated keys never move

    if (const Relationship *relationship = m_table->relationshipForColumn(column)) {
        // A foreign key edited as a value: follow it, leaving both collections consistent.
        ParentSlot &slot = parentSlot(relationship->parentSlot);
        if (values::same(m_table->column(column), coerced, m_values.at(column)) && !slot.assigned)
            return true;
        RecordPtr oldParent = assignedParent(relationship->parentSlot);
        if (!oldParent && !slot.assigned && m_session)
            oldParent = m_session->findLoaded(*relationship->parent, m_values.at(column));
        if (oldParent)
            oldParent->unlinkChild(*relationship, this);
        m_values[column] = coerced;
        slot = ParentSlot{};
        if (m_session && !coerced.isNull()) {
            if (RecordPtr newParent = m_session->findLoaded(*relationship->parent, coerced))
                newParent->linkChild(*relationship, shared_from_this());
        }
        notifyChanged(column);
        return true;
    }
    // Rule 5: a value set to what it already was is not a change. An equal value in another form
    // ("0" for a numeric's "0.00", a date typed as text) keeps the form the database gave, so an
    // unchanged value is written back as it was read (§7 rule 3).
    if (values::same(m_table->column(column), coerced, m_values.at(column)) &&
        (coerced.typeId() == m_values.at(column).typeId() ||
         values::comparesAsType(m_table->column(column).type)))
        return true;
    m_values[column] = coerced;
    notifyChanged(column);
    return true;
}

QVariant Record::committedValue(int column) const {
    return m_committed.isEmpty() ? QVariant() : m_committed.at(column);
}

QVariant Record::storedValue(int column) const {
    return m_stored.isEmpty() ? QVariant() : m_stored.at(column);
}

bool Record::isModified(int column) const {
    if (m_stored.isEmpty())
        return false; // new records are new, not modified
    if (!values::same(m_table->column(column), m_values.at(column), m_stored.at(column)))
        return true;
    if (const Relationship *relationship = m_table->relationshipForColumn(column)) {
        const ParentSlot &slot = parentSlot(relationship->parentSlot);
        if (slot.assigned) {
            const RecordPtr parent = slot.parent.lock();
            if (parent && !values::same(parent->id(), m_stored.at(column)))
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
    for (int column = 0; column < m_values.size(); ++column) {
        if (isModified(column))
            return true;
    }
    return false;
}

RecordPtr Record::assignedParent(int slot) const {
    const ParentSlot &assigned = parentSlot(slot);
    return assigned.assigned ? assigned.parent.lock() : nullptr;
}

RecordPtr Record::parent(const Relationship &relationship) {
    Q_ASSERT(relationship.child == m_table);
    const ParentSlot &slot = parentSlot(relationship.parentSlot);
    if (slot.assigned) {
        RecordPtr parent = slot.parent.lock();
        if (parent || slot.orphaned)
            return parent;
    }
    const QVariant key = m_values.at(relationship.foreignKeyColumn);
    if (key.isNull() || !m_session)
        return nullptr;
    return m_session->loadParent(this, relationship);
}

bool Record::setParent(const Relationship &relationship, const RecordPtr &parent) {
    Q_ASSERT(relationship.child == m_table);
    Q_ASSERT(!parent || &parent->table() == relationship.parent);
    if (m_markedForDelete || m_state == ObjectState::Deleted)
        return false;
    if (parent && (parent->m_markedForDelete || parent->m_state == ObjectState::Deleted))
        return false; // rule 10: a record on its way out takes no new children
    ParentSlot &slot = parentSlot(relationship.parentSlot);
    const int column = relationship.foreignKeyColumn;
    RecordPtr oldParent = assignedParent(relationship.parentSlot);
    if (!oldParent && !slot.assigned && m_session)
        oldParent = m_session->findLoaded(*relationship.parent, m_values.at(column));
    const bool sameParent =
        oldParent == parent && (parent || slot.orphaned || m_values.at(column).isNull());
    if (sameParent && (parent || slot.assigned))
        return true;
    if (oldParent)
        oldParent->unlinkChild(relationship, this);
    slot.parent = parent;
    slot.assigned = true;
    slot.orphaned = !parent;
    if (!parent)
        m_values[column] = QVariant();
    else if (!parent->id().isNull())
        m_values[column] = parent->id();
    if (parent)
        parent->linkChild(relationship, shared_from_this());
    if (m_session && parent && (relationship.backrefCascade & CascadeFlag::SaveUpdate) &&
        parent->session() != m_session && parent->state() == ObjectState::Transient)
        m_session->add(parent); // save-update along the backref: adding a book adds its author
    notifyChanged(column);
    return true;
}

Record::ChildList &Record::childList(int slot) {
    if (m_children.empty())
        m_children.resize(m_table->childRelationships().size());
    std::unique_ptr<ChildList> &list = m_children[slot];
    if (!list) {
        list = std::make_unique<ChildList>();
        // A record that was never stored has no children in the database to load.
        list->loaded = m_state == ObjectState::Transient || m_state == ObjectState::Pending;
    }
    return *list;
}

const Record::ChildList *Record::childListIfAny(int slot) const {
    return m_children.empty() ? nullptr : m_children[slot].get();
}

bool Record::childrenLoaded(const Relationship &relationship) const {
    const ChildList *list = childListIfAny(relationship.childSlot);
    if (list)
        return list->loaded;
    return m_state == ObjectState::Transient || m_state == ObjectState::Pending;
}

RecordList Record::children(const Relationship &relationship) {
    Q_ASSERT(relationship.parent == m_table);
    ChildList &list = childList(relationship.childSlot);
    if (!list.loaded && m_session)
        m_session->loadCollection(this, relationship);
    return RecordList(list.items.begin(), list.items.end());
}

bool Record::appendChild(const Relationship &relationship, const RecordPtr &child) {
    Q_ASSERT(relationship.parent == m_table);
    if (!child || !child->setParent(relationship, shared_from_this()))
        return false;
    if (m_session && (relationship.cascade & CascadeFlag::SaveUpdate) &&
        child->state() == ObjectState::Transient)
        m_session->add(child); // rule 4: appending to a collection in the session adds the child
    return true;
}

bool Record::removeChild(const Relationship &relationship, const RecordPtr &child) {
    Q_ASSERT(relationship.parent == m_table);
    if (!child)
        return false;
    const RecordPtr current = child->parent(relationship);
    if (current.get() != this)
        return false;
    return child->setParent(relationship, nullptr);
}

void Record::linkChild(const Relationship &relationship, const RecordPtr &child) {
    ChildList &list = childList(relationship.childSlot);
    // Callers have just taken the child out of its previous parent, so it is not in this list
    // (no linear search: appending 100,000 books to one author stays linear).
    Q_ASSERT(list.items.size() > 64 ||
             std::find(list.items.begin(), list.items.end(), child) == list.items.end());
    if (list.loaded) {
        list.items.push_back(child);
    } else if (std::find(list.addedWhileUnloaded.begin(), list.addedWhileUnloaded.end(), child) ==
               list.addedWhileUnloaded.end()) {
        list.addedWhileUnloaded.push_back(child);
    }
    if (m_session)
        m_session->touch(this);
}

void Record::unlinkChild(const Relationship &relationship, const Record *child) {
    if (m_children.empty() || !m_children[relationship.childSlot])
        return;
    const std::unique_ptr<ChildList> &list = m_children[relationship.childSlot];
    auto matches = [child](const RecordPtr &item) { return item.get() == child; };
    std::erase_if(list->items, matches);
    std::erase_if(list->addedWhileUnloaded, matches);
    if (m_session)
        m_session->touch(this);
}

void Record::notifyChanged(int column) {
    if (m_session)
        m_session->recordValueChanged(this, column);
}

QString Record::displayText() const {
    const QString label = labelText(*this);
    // Nothing names the row (a table without text columns, an empty label): its key does, as a
    // foreign key cell would otherwise show nothing at all.
    return label.isEmpty() ? keyText(*this) : label;
}

bool Record::hasNullStoredKey() const {
    if (m_state != ObjectState::Persistent || m_stored.isEmpty())
        return false;
    for (int column : m_table->primaryKeyColumns()) {
        if (m_stored.value(column).isNull())
            return true;
    }
    return false;
}

QString Record::readOnlyReason() const {
    if (m_table->isReadOnly())
        return m_table->readOnlyReason();
    if (hasNullStoredKey())
        return QCoreApplication::translate("orm", "its key is NULL, so no change could be sure "
                                                  "to reach this row only");
    return {};
}

QString Record::displayName() const {
    // Names go into messages and lists: a 1 MB review must not make a 1 MB sentence.
    constexpr qsizetype MaximumLength = 60;
    QString text = labelText(*this);
    if (text.size() > MaximumLength)
        text = text.left(MaximumLength - 1) + QChar(0x2026);
    if (!text.isEmpty())
        return QCoreApplication::translate("orm", "%1 '%2'").arg(m_table->className(), text);
    if (const QString key = keyText(*this); !key.isEmpty()) // "Invoice line #7, 2"
        return QCoreApplication::translate("orm", "%1 #%2").arg(m_table->className(), key);
    return QCoreApplication::translate("orm", "new %1").arg(m_table->className());
}

} // namespace orm
