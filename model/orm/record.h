#pragma once

#include "childcollection.h"
#include "key.h"
#include "recordvalues.h"
#include "relationslots.h"
#include "table.h"
#include "types.h"

#include <QVariant>
#include <QVariantList>
#include <memory>
#include <optional>
#include <vector>

namespace orm {

/// One row of a table, in memory: its staged values (by column index), the values the database
/// holds, the last committed snapshot, and its relationship slots. Typed classes such as
/// library::Author are thin façades that add named accessors and no data.
///
/// Values change only through setValue(), which refuses edits to a record marked for delete
/// (docs/contract.md §2 rule 10). Relationships are kept consistent in both directions: setting a
/// book's author moves the book between the authors' collections.
class Record : public std::enable_shared_from_this<Record> {
public:
    explicit Record(const Table *table);
    /// Not virtual (8 bytes a record): a record is made by its table's factory as the type the
    /// factory makes (std::allocate_shared, Table::setRecordType()), and its shared pointer
    /// destroys it as that type. Nothing deletes a record through a Record pointer.
    ~Record();
    Record(const Record &) = delete;
    Record &operator=(const Record &) = delete;

    const Table &table() const { return m_rows.table(); }
    Session *session() const {
        return m_rows.inStoresSession() ? m_rows.store()->session() : nullptr;
    }
    ObjectState state() const { return m_state; }
    /// True after Session::remove() until the delete is flushed or rolled back.
    bool isMarkedForDelete() const { return m_markedForDelete; }

    /// The primary key: the value of a one-column key, the values in key order (a QVariantList)
    /// of a composite one; a null QVariant while no key value is set (a database-generated key
    /// before the first flush).
    QVariant id() const {
        const int column = table().primaryKey();
        return column >= 0 ? value(column) : compositeId();
    }
    /// The staged key, as the identity map compares it.
    Key key() const;
    /// The key the database holds (before a flush: the committed one); null for a new record.
    /// Differs from key() while an edit of a key column is staged.
    Key storedKey() const;
    /// The key that `columns` of this record name in `keyTable`, whose `keyColumns` (as many, in
    /// the same order) give each value its type: the staged values, or the stored ones. Null when
    /// any value is NULL. A foreign key names its parent this way; an integer read from the row
    /// store makes no QVariant (loading 100,000 children compares each one's foreign key).
    Key keyOf(const QList<int> &columns, const Table &keyTable, const QList<int> &keyColumns,
              bool stored) const;
    QVariant value(int column) const { return m_rows.value(column); }
    QVariant value(const QString &column) const;
    /// The staged values by column index (made for the caller: a loaded row keeps no list).
    QVariantList values() const;
    /// Stages a value. Returns false (and changes nothing) when the record is marked for delete.
    /// Setting a foreign key column re-points the matching relationship.
    bool setValue(int column, const QVariant &value);
    bool setValue(const QString &column, const QVariant &value);
    /// Stages every value of a new record that is in no session yet, as setValue() would one
    /// column at a time (each value coerced; NULL, or a column that takes no edits, left NULL),
    /// in one step, `row` (as many values as columns) coerced in place and taken (the caller's is
    /// left empty): as the record's own list, or into the row store of the session that made it
    /// (Session::createRecord()). An import stages a million rows this way. Returns
    /// false, changing neither the record nor `row`, for any other record (one in a session,
    /// stored, already edited, or of a read-only table): set its values one by one.
    bool setNewRow(QVariantList &&row);

    /// The value as last committed (what rollback() restores); null for a never-committed record.
    QVariant committedValue(int column) const;
    bool hasCommittedValues() const { return m_rows.hasCommittedRow(); }
    /// The value the database holds inside the current transaction (before a flush: committed).
    QVariant storedValue(int column) const;
    /// Why this row takes no edits or delete, or empty: its table is read-only, or it is a stored
    /// row whose key is NULL (SQLite lets a key that is not an INTEGER PRIMARY KEY hold NULL),
    /// which no UPDATE or DELETE could be sure to reach (`key = NULL` matches nothing).
    QString readOnlyReason() const;
    /// True when the staged value differs from the stored one, or a new parent awaits its key.
    bool isModified(int column) const;
    /// Any staged difference from the database: new, modified, re-parented or marked for delete.
    bool hasChanges() const;

    /// The many-to-one side: a book's author. Loads the parent through the session if needed.
    RecordPtr parent(const Relationship &relationship);
    /// Re-points the reference and moves this record between the parents' collections. In a
    /// session, the new parent is added when the backref cascades save-update. nullptr removes
    /// the record from its parent (an orphan under delete-orphan).
    bool setParent(const Relationship &relationship, const RecordPtr &parent);

    /// The one-to-many side: an author's books. Loads them through the session if needed.
    RecordList children(const Relationship &relationship);
    /// Appends a child (moving it from its previous parent). In a session, the child is added when
    /// the relationship cascades save-update.
    bool appendChild(const Relationship &relationship, const RecordPtr &child);
    /// Removes a child from this collection: the child's reference becomes null.
    bool removeChild(const Relationship &relationship, const RecordPtr &child);
    /// True when the collection is in memory (no query needed to read it).
    bool childrenLoaded(const Relationship &relationship) const;

    /// "Author 'Stephen King'" or "new Author 'Stephen King'".
    QString displayName() const;
    /// The value of the table's display column as text ("Stephen King"); its keyText() when
    /// nothing else names the row.
    QString displayText() const;
    /// The key's staged values in key order as a user reads them ("7" or, composite, "7, 2"):
    /// what displayText(), displayName(), the namesake form "Music (#7, 2)" (Namesakes::text())
    /// and LabelReader's messages show. Empty while the key is not set.
    QString keyText() const;

private:
    friend class Session;
    friend class SessionInternals;
    friend class NewRowWriter;
    friend class NewRows;

    /// The parent given through one reference, in a weak pointer and nothing else (16 bytes, 24
    /// with two flags beside it: w1's 100,000 new books each hold one until their commit):
    /// - none given (empty): the reference follows the foreign key;
    /// - nullptr given (removed from its parent's collection): the pointer shares the control
    ///   block of a mark that owns no record, so it is told from an empty one;
    /// - a parent given, authoritative (the parent may have gone since: lock() says so).
    class ParentSlot {
    public:
        /// True once a parent (or nullptr) was given: the slot, not the foreign key, decides.
        bool assigned() const {
            const std::weak_ptr<Record> none;
            return m_parent.owner_before(none) || none.owner_before(m_parent);
        }
        /// True when nullptr was given.
        bool orphaned() const {
            return !m_parent.owner_before(orphanMark()) && !orphanMark().owner_before(m_parent);
        }
        /// The parent given, or nullptr (none given, nullptr given, or gone).
        RecordPtr parent() const {
            // (The mark, locked, shares its object's ownership and points at no record)
            RecordPtr parent = m_parent.lock();
            return parent.get() ? parent : nullptr;
        }
        void assign(const RecordPtr &parent) {
            m_parent = parent ? std::weak_ptr<Record>(parent) : std::weak_ptr<Record>(orphanMark());
        }

    private:
        /// Shares ownership of an object that is no record, and points at none.
        static const std::shared_ptr<Record> &orphanMark();
        std::weak_ptr<Record> m_parent;
    };
    static_assert(sizeof(ParentSlot) == sizeof(std::weak_ptr<Record>));

    /// True for a record nobody has touched but to give it values: in no session, transient, not
    /// marked, given no parent, of a table that takes edits. setNewRow() and NewRowWriter stage a
    /// whole row into such a record at once.
    bool takesNewRow() const;
    ChildCollection &childList(int slot);
    const ChildCollection *childListIfAny(int slot) const;
    /// Slots are allocated on first use: 100,000 loaded rows need none.
    void makeSlots();
    ParentSlot &parentSlot(int slot);
    const ParentSlot &parentSlot(int slot) const;
    /// True when a parent was given (or taken away) through any reference.
    bool hasGivenParent() const;
    /// Every reference follows the stored foreign keys again (after a flush or a rollback); the
    /// slots are freed unless a child list holds them.
    void forgetGivenParents();
    /// True when any collection of this record is in memory (loaded, or given children).
    bool hasChildLists() const;
    /// Lets go of every collection (a session that ends with rings in its schema), the parents
    /// given kept.
    void dropChildLists();
    RecordPtr assignedParent(int slot) const;
    void linkChild(const Relationship &relationship, const RecordPtr &child);
    void unlinkChild(const Relationship &relationship, const Record *child);
    /// The references other than `except` that hold one of `columns` (a shipment's invoice_id
    /// refers to its invoice and, with line_no, to its invoice line): each leaves its parent's
    /// collection and forgets the parent it was given, before those columns change. Returned for
    /// relinkReferences() once they have.
    std::vector<const Relationship *> unlinkReferencesThrough(const QList<int> &columns,
                                                              const Relationship *except);
    /// Puts each of `references` into the collection of the loaded parent its values now name.
    void relinkReferences(const std::vector<const Relationship *> &references);
    /// Tells the session a column was set. `modified` is isModified(column) when the caller
    /// knows it already (setValue() has just compared the value), to spare the session a second
    /// comparison; std::nullopt: the session asks.
    void notifyChanged(int column, std::optional<bool> modified = std::nullopt);
    QVariant compositeId() const;
    bool hasNullStoredKey() const;
    /// m_rows, to change the values (what every change goes through, here and in
    /// Session::valuesOf()): the session's ParentIndex is told.
    RecordValues &changingValues();

    // Transitions of a transaction that ends without its commit (the Restorer, through
    // SessionInternals): the record's own flags and values; the lists and the identity map are
    // the caller's.
    /// Lists the record as touched (true) or not; returns whether it was.
    bool setTracked(bool tracked);
    /// Rollback (rule 7): the committed values, references and loaded collections again;
    /// persistent, not marked for delete, touched or counted as changed. True, with
    /// `*storedBefore` the key the identity map held the record under, when that key may differ
    /// from the committed one (a flushed row or delete, a staged key edit); false otherwise, with
    /// no key made (100,000 rolled-back title edits make none).
    bool revertToCommitted(Key *storedBefore);
    /// A flushed insert undone: no stored row (a generated key is forgotten, a key the user gave
    /// stays staged), pending again.
    void unflushInsert();
    /// A flushed delete undone: persistent and marked for delete again.
    void unflushDelete();
    /// A flushed edit undone: the stored values are the committed ones, the staged edits stay.
    void unflushEdit() { changingValues().revertFlush(); }
    /// The committed, stored and staged values (and the table): the per-record state of values,
    /// with its transitions. The flags below sit in the padding at its end.
    [[no_unique_address]] RecordValues m_rows;
    // The state and the flags share 8 bytes with the row's slot: every loaded row has them.
    ObjectState m_state : 8 = ObjectState::Transient;
    bool m_markedForDelete = false;
    bool m_tracked = false;          ///< listed in the session's touched records
    bool m_countedAsChanged = false; ///< counted in the session's change count
    // Whether it is in a session, and which: m_rows (RecordValues::inStoresSession()).
    /// The parents given and the child lists, per relationship (made on first use).
    RelationSlots<ParentSlot, std::unique_ptr<ChildCollection>> m_slots;
};

} // namespace orm
