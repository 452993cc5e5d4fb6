// orm::RecordValues on its own (issue 13, a session made of parts: the per-record state): a
// record's committed row in the row store, its stored row between a flush and its commit, its
// staged values, and the transitions a load, a flush, a commit, a rollback and a lost row make.
// No session and no database: the part is driven as the session drives it.

#include "orm/metadata.h"
#include "orm/recordvalues.h"
#include "orm/rowstore.h"

#include <QTest>
#include <memory>

using orm::RecordValues;
using orm::RowStore;
using orm::RowStoreRef;

class TestRecordValues : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void shouldReadALoadedRowFromItsSlotWithNothingStaged();
    void shouldKeepOnlyTheValuesThatDifferFromTheStoredOnes();
    void shouldKeepANewRecordsValuesAsOneSharedRow();
    void shouldCommitAFlushedNewRowIntoTheStore();
    void shouldWriteACommittedEditIntoTheSameSlot();
    void shouldCommitStagedChangesIntoTheCommittedRowsCells();
    void shouldCommitAStagedTextOfEveryShapeAsItWasGiven();
    void shouldRevertAFlushButKeepTheEditsStagedSince();
    void shouldRollBackToTheCommittedRow();
    void shouldSetOneStoredValueAndKeepTheStagedOne();
    void shouldForgetARowGoneFromTheDatabaseButKeepItsValues();
    void shouldReloadIntoItsOwnSlotOrMoveToAnotherStore();
    void shouldReadIntegersFromTheStoreOnlyWhereTheyLie();
    void shouldCompareWithTheStoredValueAsTheColumnsType();
    void shouldReleaseItsSlotWhenDestroyed();
    void shouldKeepANewRecordsValuesInTheStoreOnceGivenOne();
    void shouldCommitANewRowInTheSlotItWasStagedIn();
    void shouldGiveANewRowBackToItsSlotWhenAFlushIsUndone();
    void shouldMoveANewRowToAnotherSessionsStore();
    void shouldKeepAFlushedRowApartInTheStoreOnlyUntilTheCommitOrRollback();
    void shouldMoveEveryRowToAnotherStoreAndKeepWhatIsStaged();
    void shouldTakeItsTableFromTheStoreThatHoldsIt();

private:
    const orm::Table &items() const { return *m_metadata.table(QStringLiteral("items")); }
    QVariantList row(qint64 id, const QString &name, double price) const {
        return {QVariant(id), QVariant(name), QVariant(price)};
    }

    orm::Metadata m_metadata;
    RowStoreRef m_store;
};

void TestRecordValues::initTestCase() {
    orm::Table &items = m_metadata.addTable(QStringLiteral("items"), QStringLiteral("Item"));
    items.addColumn(orm::Column::key());
    items.addColumn(orm::Column::text(QStringLiteral("name")));
    items.addColumn(orm::Column::real(QStringLiteral("price")));
    m_metadata.finalize();
}

void TestRecordValues::init() {
    m_store = RowStoreRef::make(items(), nullptr);
}

void TestRecordValues::shouldReadALoadedRowFromItsSlotWithNothingStaged() {
    RecordValues values(&items());
    QVERIFY(!values.hasStoredRow());
    QVERIFY(!values.hasCommittedRow());

    // When a row read from the database is loaded
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));

    // Then it is the committed, stored and staged row at once, held in one slot of the store
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(m_store->row(values.slot()), row(7, QStringLiteral("Lamp"), 2.5));
    QVERIFY(values.hasCommittedRow());
    QVERIFY(values.hasStoredRow());
    QVERIFY(!values.storedDiffersFromCommitted());
    QVERIFY(!values.hasStagedValues());
    QCOMPARE(values.values(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(values.storedRow(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(values.committedRow(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(values.value(1), QVariant(QStringLiteral("Lamp")));
    QVERIFY(!values.change(1));
}

void TestRecordValues::shouldKeepOnlyTheValuesThatDifferFromTheStoredOnes() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));

    // When one value is edited
    values.stageValue(1, QStringLiteral("Desk lamp"));

    // Then only that value is staged, and the stored one is untouched
    QVERIFY(values.hasStagedValues());
    QVERIFY(values.change(1));
    QCOMPARE(values.change(1)->value(), QVariant(QStringLiteral("Desk lamp")));
    QVERIFY(!values.change(0));
    QVERIFY(!values.change(2));
    QCOMPARE(values.values(), row(7, QStringLiteral("Desk lamp"), 2.5));
    QCOMPARE(values.storedValue(1), QVariant(QStringLiteral("Lamp")));
    QVERIFY(!values.hasStagedKeyChange()); // the name is not the key

    // When the key is edited too, then the staged change is a key change
    values.stageValue(0, qint64(8));
    QVERIFY(values.hasStagedKeyChange());

    // When both are set back to the stored values, then nothing is staged
    values.stageValue(1, QStringLiteral("Lamp"));
    values.stageValue(0, qint64(7));
    QVERIFY(!values.hasStagedValues());
    QVERIFY(!values.hasStagedKeyChange());

    // A value equal in another form (an int for a qint64) is kept as given: it is written back
    // in the form the database gave only when it is the very value
    values.stageValue(0, int(7));
    QVERIFY(values.change(0));
    QCOMPARE(values.change(0)->value().typeId(), int(QMetaType::Int));

    // `differs`: the caller has compared and found another value, so it is kept as it is
    values.stageValue(2, 2.5, /*differs=*/true);
    QVERIFY(values.change(2));
}

void TestRecordValues::shouldKeepANewRecordsValuesAsOneSharedRow() {
    RecordValues values(&items());
    // A new record with no value set reads NULLs and stages nothing
    QCOMPARE(values.values(), items().nullRow());
    QVERIFY(!values.hasStagedValues());
    QVERIFY(!values.hasStagedKeyChange());

    // When one value is set, then it is held by itself, read over a row of NULLs
    values.stageValue(1, QStringLiteral("Chair"));
    QCOMPARE(values.values(), QVariantList({QVariant(), QStringLiteral("Chair"), QVariant()}));
    QVERIFY(values.hasStagedValues());
    QVERIFY(values.hasStagedKeyChange()); // a new record's key is not the stored one: it has none
    QVERIFY(values.change(1));
    QCOMPARE(values.value(1), QVariant(QStringLiteral("Chair")));
    QCOMPARE(values.value(2), QVariant());
    // And set again, or another one, or a NULL: each is kept as given, nothing compared with
    values.stageValue(1, QStringLiteral("Stool"));
    values.stageValue(2, 12.5);
    values.stageValue(0, QVariant());
    QCOMPARE(values.values(), QVariantList({QVariant(), QStringLiteral("Stool"), 12.5}));
    QVERIFY(values.change(0) && !values.change(0)->value().isValid());
    QVERIFY(!values.hasStoredRow());
    QCOMPARE(values.storedValue(1), QVariant());

    // When a whole row is staged, then the record keeps that very list: no copy
    const QVariantList staged = row(9, QStringLiteral("Table"), 80.0);
    values.stageRow(staged);
    QCOMPARE(values.values().constData(), staged.constData());
    QCOMPARE(values.value(2), QVariant(80.0));
    QVERIFY(!values.change(2)); // no stored value to differ from
    QVERIFY(!values.hasStoredRow());
    QCOMPARE(values.storedValue(1), QVariant());
    QCOMPARE(m_store->rowCount(), 0);
}

void TestRecordValues::shouldCommitStagedChangesIntoTheCommittedRowsCells() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    const int slot = values.slot();
    // Given a loaded row whose price is edited
    values.stageValue(2, 3.75);

    // Then its stored row's cells are the committed row's, as an UPDATE binds them
    const orm::RowCells cells = values.storedRowCells({0, 2});
    QVERIFY(!cells.isEmpty());
    QCOMPARE(cells.values(), QVariantList({QVariant(qint64(7)), QVariant(2.5)}));

    // When an UPDATE wrote the staged values as they are and the transaction committed, then
    // the change goes into the same slot, the other cells stay, and nothing is staged any more
    QVERIFY(values.committedChanges(m_store));
    bool null = false;
    QVERIFY(!values.newCellIsNull(1, &null)); // a committed row's cells are not a new record's
    QCOMPARE(values.slot(), slot);
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(m_store->row(slot), row(7, QStringLiteral("Lamp"), 3.75));
    QVERIFY(!values.hasStagedValues());
    QCOMPARE(values.values(), row(7, QStringLiteral("Lamp"), 3.75));

    // A store the row is not in is refused, and nothing changes
    values.stageValue(1, QStringLiteral("Desk lamp"));
    const RowStoreRef other = RowStoreRef::make(items(), nullptr);
    QVERIFY(!values.committedChanges(other));
    QCOMPARE(m_store->row(slot), row(7, QStringLiteral("Lamp"), 3.75));
    QCOMPARE(values.value(1), QVariant(QStringLiteral("Desk lamp")));

    // When a flush of this transaction holds another stored row, then it has no cells to bind
    // and refuses too: the stored row is not the committed one
    values.flushed(row(7, QStringLiteral("Desk lamp"), 3.75));
    QVERIFY(values.storedRowCells({0, 2}).isEmpty());
    QVERIFY(!values.committedChanges(m_store));
    QCOMPARE(m_store->row(slot), row(7, QStringLiteral("Lamp"), 3.75));

    // And a new record, never committed, has no stored cells either
    RecordValues fresh(&items());
    fresh.keepNewRowIn(m_store);
    fresh.stageValue(1, QStringLiteral("Chair"));
    QVERIFY(fresh.storedRowCells({0}).isEmpty());
    QVERIFY(!fresh.committedChanges(m_store));
}

void TestRecordValues::shouldCommitAStagedTextOfEveryShapeAsItWasGiven() {
    // Staged texts are kept as Latin-1 bytes up to Change::InlineText (27) characters, as
    // QVariants otherwise; the row store holds up to 12 inline. Each shape must reach the committed
    // cell as the same QString.
    const QStringList texts = {QStringLiteral("Lamp 2"),                        // inline twice
                               QStringLiteral("L\u00e4mpchen, Messing (1952)"), // Latin-1, 27
                               QStringLiteral("A lamp whose name is longer than 32 characters"),
                               QStringLiteral("\u010cesk\u00e1 lampa"), // not Latin-1
                               QString(QLatin1String(""))};             // empty
    for (const QString &text : texts) {
        RecordValues values(&items());
        values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
        values.stageValue(1, text);
        QCOMPARE(values.value(1), QVariant(text));
        QVERIFY(values.change(1));
        QVERIFY(values.committedChanges(m_store));
        const QVariant committed = values.committedValue(1);
        QCOMPARE(committed.typeId(), int(QMetaType::QString));
        QCOMPARE(committed.toString(), text);
        QCOMPARE(committed.toString().isNull(), text.isNull());
        QCOMPARE(values.value(1), QVariant(text));
    }
    // A new record's values set one by one go into its slot the same way
    RecordValues fresh(&items());
    fresh.stageValue(1, texts.at(1));
    fresh.stageValue(0, qint64(9));
    fresh.keepNewRowIn(m_store);
    QVERIFY(fresh.newRowInStore());
    QCOMPARE(m_store->value(fresh.slot(), 1), QVariant(texts.at(1)));
    QCOMPARE(fresh.values(),
             QVariantList({QVariant(qint64(9)), QVariant(texts.at(1)), QVariant()}));
}

void TestRecordValues::shouldCommitAFlushedNewRowIntoTheStore() {
    RecordValues values(&items());
    values.stageRow(row(0, QStringLiteral("Shelf"), 30.0));

    // When a flush writes the row (the database gave it key 12)
    values.flushed(row(12, QStringLiteral("Shelf"), 30.0));

    // Then it is stored but not committed, and nothing is staged over it
    QVERIFY(values.hasStoredRow());
    QVERIFY(values.storedDiffersFromCommitted());
    QVERIFY(!values.hasCommittedRow());
    QVERIFY(!values.hasStagedValues());
    QCOMPARE(values.value(0), QVariant(qint64(12)));
    QCOMPARE(values.committedValue(0), QVariant());
    QCOMPARE(m_store->rowCount(), 0);

    // When it is committed, then the stored row moves into the store
    values.commit(m_store);
    QVERIFY(values.hasCommittedRow());
    QVERIFY(!values.storedDiffersFromCommitted());
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(m_store->row(values.slot()), row(12, QStringLiteral("Shelf"), 30.0));
    QCOMPARE(values.committedValue(1), QVariant(QStringLiteral("Shelf")));

    // A second commit with nothing flushed changes nothing
    values.commit(m_store);
    QCOMPARE(m_store->rowCount(), 1);
}

void TestRecordValues::shouldWriteACommittedEditIntoTheSameSlot() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    const int slot = values.slot();
    values.stageValue(2, 3.0);
    values.flushed(values.values());

    values.commit(m_store);

    QCOMPARE(values.slot(), slot);
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(m_store->row(slot), row(7, QStringLiteral("Lamp"), 3.0));
    QVERIFY(!values.hasStagedValues());

    // A flushed delete, committed, frees the slot
    values.setStoredRow({});
    QVERIFY(!values.hasStoredRow());
    values.commit(m_store);
    QVERIFY(!values.hasCommittedRow());
    QCOMPARE(m_store->rowCount(), 0);
}

void TestRecordValues::shouldRevertAFlushButKeepTheEditsStagedSince() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    values.stageValue(1, QStringLiteral("Desk lamp"));
    values.flushed(values.values());
    // An edit staged after the flush
    values.stageValue(2, 4.0);

    // When the flush is undone (its transaction rolled back, the session's edits kept)
    values.revertFlush();

    // Then the stored row is the committed one again, and every edit is staged over it
    QVERIFY(!values.storedDiffersFromCommitted());
    QCOMPARE(values.storedRow(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(values.values(), row(7, QStringLiteral("Desk lamp"), 4.0));
    QVERIFY(values.change(1));
    QVERIFY(values.change(2));
    QVERIFY(!values.change(0));
}

void TestRecordValues::shouldRollBackToTheCommittedRow() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    values.stageValue(1, QStringLiteral("Desk lamp"));
    values.flushed(values.values());
    values.stageValue(2, 4.0);

    values.revert();

    QVERIFY(!values.hasStagedValues());
    QVERIFY(!values.storedDiffersFromCommitted());
    QCOMPARE(values.values(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(m_store->rowCount(), 1);
}

void TestRecordValues::shouldSetOneStoredValueAndKeepTheStagedOne() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    values.stageValue(1, QStringLiteral("Desk lamp"));

    // When a flush writes two columns (a child's foreign key following its parent's new key)
    values.setStoredValue(2, 9.5);
    values.setStoredValue(1, QStringLiteral("Floor lamp"));

    // Then the stored row has them, the committed row does not, and the staged values stay what
    // they were: the edited name, and the price as it was staged (now a change against 9.5)
    QCOMPARE(values.storedRow(), row(7, QStringLiteral("Floor lamp"), 9.5));
    QCOMPARE(values.committedRow(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(values.values(), row(7, QStringLiteral("Desk lamp"), 2.5));
    QVERIFY(values.change(2));

    // A value stored as it is staged is no longer a change
    values.setStoredValue(1, QStringLiteral("Desk lamp"));
    QVERIFY(!values.change(1));
    values.setStoredValue(2, 2.5);
    QVERIFY(!values.hasStagedValues());
}

void TestRecordValues::shouldForgetARowGoneFromTheDatabaseButKeepItsValues() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    values.stageValue(1, QStringLiteral("Desk lamp"));

    // When the row turns out to be gone (deleted by someone else), and is forgotten
    values.forgetStored();

    // Then the record is new again with the values it had staged, held as a new record's in the
    // store (its committed row is gone)
    QVERIFY(!values.hasStoredRow());
    QVERIFY(!values.hasCommittedRow());
    QVERIFY(values.newRowInStore());
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(values.values(), row(7, QStringLiteral("Desk lamp"), 2.5));
    QVERIFY(values.hasStagedKeyChange()); // to be inserted again, key and all

    // A record that never met a store keeps its values as a list until its flush, which gives it
    // a store of its own for the stored row (a session gives every record it flushes its own)
    RecordValues listed(&items());
    listed.stageRow(row(1, QStringLiteral("Mat"), 1.0));
    QVERIFY(!listed.store());
    listed.flushed(row(1, QStringLiteral("Mat"), 1.0));
    QVERIFY(listed.store() && listed.store() != m_store.get());
    QCOMPARE(listed.store()->apartCount(), 1);
    listed.forgetStored();
    QCOMPARE(listed.store()->apartCount(), 0);
    QVERIFY(listed.newRowInStore());
    QCOMPARE(listed.values(), row(1, QStringLiteral("Mat"), 1.0));
}

void TestRecordValues::shouldReloadIntoItsOwnSlotOrMoveToAnotherStore() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    const int slot = values.slot();
    values.stageValue(1, QStringLiteral("Desk lamp"));

    // A refresh reads the row again into the same slot, dropping what was staged
    values.load(m_store, row(7, QStringLiteral("Lamp (new)"), 2.5));
    QCOMPARE(values.slot(), slot);
    QCOMPARE(m_store->rowCount(), 1);
    QVERIFY(!values.hasStagedValues());
    QCOMPARE(values.value(1), QVariant(QStringLiteral("Lamp (new)")));

    // Loaded by another session (another store), it leaves the first store's slot free
    const auto other = RowStoreRef::make(items(), nullptr);
    values.load(other, row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(m_store->rowCount(), 0);
    QCOMPARE(other->rowCount(), 1);
    QCOMPARE(values.value(1), QVariant(QStringLiteral("Lamp")));

    // A row a reader wrote straight into a store is adopted as it is
    RecordValues adopted(&items());
    const int written = m_store->add(row(8, QStringLiteral("Rug"), 12.0));
    adopted.adoptSlot(m_store, written);
    QCOMPARE(adopted.slot(), written);
    QCOMPARE(adopted.values(), row(8, QStringLiteral("Rug"), 12.0));
}

void TestRecordValues::shouldReadIntegersFromTheStoreOnlyWhereTheyLie() {
    RecordValues values(&items());
    qint64 number = 0;
    QVERIFY(!values.storedInteger(0, /*stored=*/true, &number)); // a new record: no store

    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    QVERIFY(values.storedInteger(0, /*stored=*/false, &number));
    QCOMPARE(number, qint64(7));
    QVERIFY(!values.storedInteger(1, /*stored=*/true, &number)); // text

    // A staged key is not in the store: the staged value is asked elsewhere, the stored is there
    values.stageValue(0, qint64(9));
    QVERIFY(!values.storedInteger(0, /*stored=*/false, &number));
    number = 0;
    QVERIFY(values.storedInteger(0, /*stored=*/true, &number));
    QCOMPARE(number, qint64(7));

    // Between a flush and its commit the stored row is not the store's
    values.flushed(values.values());
    QVERIFY(!values.storedInteger(0, /*stored=*/true, &number));
}

void TestRecordValues::shouldCompareWithTheStoredValueAsTheColumnsType() {
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    bool sameType = false;
    QVERIFY(values.sameAsBase(1, QStringLiteral("Lamp"), &sameType));
    QVERIFY(sameType);
    QVERIFY(!values.sameAsBase(1, QStringLiteral("lamp"), &sameType));
    QVERIFY(values.sameAsBase(0, int(7), &sameType)); // equal as integers, in another form
    QVERIFY(!sameType);
    QVERIFY(values.sameAsStored(2, 2.5));
    QVERIFY(!values.sameAsStored(2, 2.75));
    QVERIFY(!values.sameAsStored(1, QVariant())); // not NULL

    // After a flush, compared with the flushed row
    values.flushed(row(7, QStringLiteral("Desk lamp"), 2.5));
    QVERIFY(values.sameAsStored(1, QStringLiteral("Desk lamp")));
    QVERIFY(!values.sameAsStored(1, QStringLiteral("Lamp")));

    // A new record compares with its own staged row
    RecordValues fresh(&items());
    fresh.stageRow(row(0, QStringLiteral("Mat"), 1.0));
    QVERIFY(fresh.sameAsBase(1, QStringLiteral("Mat"), &sameType));

    // A record given no value yet, or values one by one, has NULLs under each column: a value
    // differs, NULL is the same (of the same type only when untyped), as values::same() says
    for (const bool oneGiven : {false, true}) {
        RecordValues made(&items());
        if (oneGiven)
            made.stageValue(2, 4.5);
        QVERIFY(!made.sameAsBase(1, QStringLiteral("Mat"), &sameType));
        QVERIFY(!sameType);
        QVERIFY(!made.sameAsBase(0, qint64(0), &sameType)); // 0 is not NULL
        QVERIFY(made.sameAsBase(1, QVariant(), &sameType));
        QVERIFY(sameType);
        QVERIFY(made.sameAsBase(1, QVariant(QMetaType::fromType<QString>()), &sameType));
        QVERIFY(!sameType);
    }
}

void TestRecordValues::shouldReleaseItsSlotWhenDestroyed() {
    {
        RecordValues values(&items());
        values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
        QCOMPARE(m_store->rowCount(), 1);
    }
    QCOMPARE(m_store->rowCount(), 0);
}

void TestRecordValues::shouldKeepANewRecordsValuesInTheStoreOnceGivenOne() {
    RecordValues values(&items());
    values.stageValue(1, QStringLiteral("Chair"));
    QVERIFY(!values.newRowInStore());

    // When the record joins a session, then its values move into the session's store
    values.keepNewRowIn(m_store);
    QVERIFY(values.newRowInStore());
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(m_store->row(values.slot()),
             QVariantList({QVariant(), QStringLiteral("Chair"), QVariant()}));
    QVERIFY(!values.change(1)); // moved there, not kept beside it
    bool null = false;
    QVERIFY(values.newCellIsNull(0, &null) && null); // asked of the cells
    QVERIFY(values.newCellIsNull(1, &null) && !null);
    // And a row staged whole and then moved keeps its values too
    RecordValues whole(&items());
    whole.stageRow(row(3, QStringLiteral("Desk"), 120.0));
    whole.stageValue(2, 99.0);
    const RowStoreRef other = RowStoreRef::make(items(), nullptr);
    whole.keepNewRowIn(other);
    QVERIFY(whole.newRowInStore());
    QCOMPARE(other->row(whole.slot()), row(3, QStringLiteral("Desk"), 99.0));
    QVERIFY(!whole.change(2));
    QCOMPARE(other->rowCount(), 1);
    // And it is still a new record: staged values, no stored or committed row
    QVERIFY(values.hasStagedValues());
    QVERIFY(values.hasStagedKeyChange());
    QVERIFY(!values.hasStoredRow());
    QVERIFY(!values.hasCommittedRow());
    QCOMPARE(values.storedValue(1), QVariant());
    QCOMPARE(values.committedValue(1), QVariant());
    QVERIFY(values.committedRow().isEmpty());
    QVERIFY(!values.sameAsStored(1, QStringLiteral("Chair"))); // stored: nothing (NULL)
    QVERIFY(values.sameAsStored(1, QVariant()));
    qint64 number = 0;
    QVERIFY(!values.storedInteger(0, /*stored=*/true, &number));

    // When values are staged, then they are written into its slot: no list, no change entries
    values.stageValue(0, qint64(5));
    values.stageValue(2, 9.0);
    QCOMPARE(values.values(), row(5, QStringLiteral("Chair"), 9.0));
    QCOMPARE(m_store->row(values.slot()), row(5, QStringLiteral("Chair"), 9.0));
    QVERIFY(!values.change(0));
    QVERIFY(values.storedInteger(0, /*stored=*/false, &number)); // the staged key, where it lies
    QCOMPARE(number, qint64(5));
    bool sameType = false;
    QVERIFY(values.sameAsBase(1, QStringLiteral("Chair"), &sameType));
    values.stageRow(row(6, QStringLiteral("Stool"), 4.0));
    QCOMPARE(values.values(), row(6, QStringLiteral("Stool"), 4.0));
    QCOMPARE(m_store->rowCount(), 1);

    // A record made for a session keeps its very first value there
    RecordValues fresh(&items());
    fresh.keepNewRowIn(m_store);
    QCOMPARE(m_store->rowCount(), 1); // nothing to hold yet
    fresh.stageValue(1, QStringLiteral("Bench"));
    QVERIFY(fresh.newRowInStore());
    QCOMPARE(m_store->rowCount(), 2);
    QCOMPARE(fresh.values(), QVariantList({QVariant(), QStringLiteral("Bench"), QVariant()}));

    // A rollback of a never-committed record drops its values, as it did a list
    fresh.revert();
    QVERIFY(!fresh.newRowInStore());
    QCOMPARE(fresh.values(), items().nullRow());
    QCOMPARE(m_store->rowCount(), 1);
}

void TestRecordValues::shouldCommitANewRowInTheSlotItWasStagedIn() {
    RecordValues values(&items());
    values.keepNewRowIn(m_store);
    values.stageRow(row(3, QStringLiteral("Sofa"), 300.0));
    const int slot = values.slot();

    // Written as staged and committed at once: the slot is the committed row, nothing copied
    QVERIFY(!values.committedAsStaged(RowStoreRef::make(items(), nullptr))); // not that store's
    QVERIFY(values.committedAsStaged(m_store));
    QCOMPARE(values.slot(), slot);
    QCOMPARE(m_store->rowCount(), 1);
    QVERIFY(!values.newRowInStore());
    QVERIFY(values.hasCommittedRow());
    QVERIFY(values.hasStoredRow());
    QVERIFY(!values.hasStagedValues());
    QCOMPARE(values.committedRow(), row(3, QStringLiteral("Sofa"), 300.0));
    QVERIFY(!values.committedAsStaged(m_store)); // a committed row is no new row

    // Flushed first (the database filled a value), then committed: the stored row goes into the
    // same slot
    RecordValues later(&items());
    later.keepNewRowIn(m_store);
    later.stageRow(row(0, QStringLiteral("Desk"), 120.0));
    const int laterSlot = later.slot();
    later.flushed(row(4, QStringLiteral("Desk"), 120.0));
    QVERIFY(later.hasStoredRow());
    QVERIFY(!later.hasCommittedRow());
    QVERIFY(!later.committedAsStaged(m_store)); // its stored row is not the staged one
    QCOMPARE(later.values(), row(4, QStringLiteral("Desk"), 120.0));
    later.commit(m_store);
    QCOMPARE(later.slot(), laterSlot);
    QCOMPARE(m_store->rowCount(), 2);
    QCOMPARE(later.committedRow(), row(4, QStringLiteral("Desk"), 120.0));
    QVERIFY(!later.newRowInStore());

    // A loaded row over a new one (committed with values the database gave) takes the slot too
    RecordValues loaded(&items());
    loaded.keepNewRowIn(m_store);
    loaded.stageRow(row(0, QStringLiteral("Rug"), 1.0));
    const int loadedSlot = loaded.slot();
    loaded.load(m_store, row(5, QStringLiteral("Rug"), 1.0));
    QCOMPARE(loaded.slot(), loadedSlot);
    QVERIFY(loaded.hasCommittedRow());
    QCOMPARE(m_store->rowCount(), 3);
}

void TestRecordValues::shouldGiveANewRowBackToItsSlotWhenAFlushIsUndone() {
    RecordValues values(&items());
    values.keepNewRowIn(m_store);
    values.stageRow(row(0, QStringLiteral("Lamp"), 2.5));
    values.flushed(row(8, QStringLiteral("Lamp"), 2.5));
    values.stageValue(2, 3.5); // edited after the flush

    // When the flush is undone (its insert is pending again)
    values.setStoredRow({});

    // Then it is a new record again, its values (the key the flush gave, the later edit) staged
    // in its slot
    QVERIFY(!values.hasStoredRow());
    QVERIFY(values.newRowInStore());
    QCOMPARE(values.values(), row(8, QStringLiteral("Lamp"), 3.5));
    QCOMPARE(m_store->row(values.slot()), row(8, QStringLiteral("Lamp"), 3.5));
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(values.value(2), QVariant(3.5));
    QVERIFY(values.hasStagedKeyChange());
    // New again as before its flush: no stored row that differs from a committed one, and a
    // commit of it as staged takes its slot without a copy
    QVERIFY(!values.storedDiffersFromCommitted());
    QVERIFY(values.committedAsStaged(m_store));
    QCOMPARE(m_store->row(values.slot()), row(8, QStringLiteral("Lamp"), 3.5));
}

void TestRecordValues::shouldMoveANewRowToAnotherSessionsStore() {
    RecordValues values(&items());
    values.keepNewRowIn(m_store);
    values.stageRow(row(1, QStringLiteral("Vase"), 15.0));
    const auto other = RowStoreRef::make(items(), nullptr);

    values.keepNewRowIn(other);

    QCOMPARE(m_store->rowCount(), 0);
    QCOMPARE(other->rowCount(), 1);
    QCOMPARE(values.values(), row(1, QStringLiteral("Vase"), 15.0));
    QVERIFY(values.newRowInStore());

    // A stored record stays where it is
    RecordValues stored(&items());
    stored.load(m_store, row(2, QStringLiteral("Bowl"), 5.0));
    stored.keepNewRowIn(other);
    QCOMPARE(m_store->rowCount(), 1);
    QCOMPARE(other->rowCount(), 1);
}

void TestRecordValues::shouldKeepAFlushedRowApartInTheStoreOnlyUntilTheCommitOrRollback() {
    // A stored row that differs from the committed one is kept in the store, by its owner, and
    // each transition that ends it lets it go: no row stays behind for an address another record
    // may take next.
    const RowStoreRef other = RowStoreRef::make(items(), nullptr);
    {
        RecordValues values(&items());
        values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
        QCOMPARE(m_store->apartCount(), 0);
        values.stageValue(1, QStringLiteral("Desk lamp"));
        values.flushed(values.values());
        QCOMPARE(m_store->apartCount(), 1);
        QCOMPARE(values.storedValue(1), QVariant(QStringLiteral("Desk lamp")));
        QCOMPARE(values.committedValue(1), QVariant(QStringLiteral("Lamp")));

        // A second flush replaces it, then a delete's empty row does
        values.stageValue(2, 4.0);
        values.flushed(values.values());
        QCOMPARE(m_store->apartCount(), 1);
        QCOMPARE(values.storedValue(2), QVariant(4.0));
        values.setStoredRow({});
        QCOMPARE(m_store->apartCount(), 1);
        QVERIFY(!values.hasStoredRow());
        QVERIFY(values.storedDiffersFromCommitted());

        values.revert();
        QCOMPARE(m_store->apartCount(), 0);
        QCOMPARE(values.storedRow(), row(7, QStringLiteral("Lamp"), 2.5));

        values.stageValue(2, 5.0);
        values.flushed(values.values());
        values.commit(m_store);
        QCOMPARE(m_store->apartCount(), 0);
        QCOMPARE(values.committedValue(2), QVariant(5.0));

        values.stageValue(2, 6.0);
        values.flushed(values.values());
        values.revertFlush();
        QCOMPARE(m_store->apartCount(), 0);
        QCOMPARE(values.value(2), QVariant(6.0));

        values.flushed(values.values());
        values.forgetStored();
        QCOMPARE(m_store->apartCount(), 0);
        QCOMPARE(values.value(2), QVariant(6.0));

        // Read again into another store: the row kept in the first one goes
        values.load(m_store, row(7, QStringLiteral("Lamp"), 6.0));
        values.setStoredValue(1, QStringLiteral("Floor lamp"));
        QCOMPARE(m_store->apartCount(), 1);
        QCOMPARE(values.value(1), QVariant(QStringLiteral("Lamp")));
        QCOMPARE(values.storedValue(1), QVariant(QStringLiteral("Floor lamp")));
        values.load(other, row(7, QStringLiteral("Floor lamp"), 6.0));
        QCOMPARE(m_store->apartCount(), 0);
        QCOMPARE(other->apartCount(), 0);

        // And a record that goes while it holds one takes it along
        values.setStoredRow(row(7, QStringLiteral("Reading lamp"), 6.0));
        QCOMPARE(other->apartCount(), 1);
        RecordValues second(&items());
        second.load(other, row(8, QStringLiteral("Desk"), 80.0));
        second.flushed(row(8, QStringLiteral("Desk"), 90.0));
        QCOMPARE(other->apartCount(), 2);
        QCOMPARE(values.storedValue(1), QVariant(QStringLiteral("Reading lamp")));
        QCOMPARE(second.storedValue(2), QVariant(90.0));
        second.commit(other);
        QCOMPARE(other->apartCount(), 1);
        QCOMPARE(other->value(second.slot(), 2), QVariant(90.0));
    }
    QCOMPARE(other->apartCount(), 0);
    QCOMPARE(other->rowCount(), 0);
}

void TestRecordValues::shouldMoveEveryRowToAnotherStoreAndKeepWhatIsStaged() {
    // Given a loaded row with an edit staged over it and a flushed row kept apart (a record that
    // left one session with a flush not yet committed, now entering another)
    RecordValues values(&items());
    values.load(m_store, row(7, QStringLiteral("Lamp"), 2.5));
    values.setStoredValue(2, 3.0);
    values.stageValue(1, QStringLiteral("Desk lamp"));
    QCOMPARE(m_store->apartCount(), 1);
    const RowStoreRef other = RowStoreRef::make(items(), nullptr);

    // When its rows move to another store of the table
    values.moveTo(other);

    // Then the other store holds the committed row and the row kept apart, the first store
    // neither, and every value reads as before
    QVERIFY(values.store() == other.get());
    QCOMPARE(m_store->rowCount(), 0);
    QCOMPARE(m_store->apartCount(), 0);
    QCOMPARE(other->rowCount(), 1);
    QCOMPARE(other->apartCount(), 1);
    QCOMPARE(values.committedRow(), row(7, QStringLiteral("Lamp"), 2.5));
    QCOMPARE(values.storedRow(), row(7, QStringLiteral("Lamp"), 3.0));
    QCOMPARE(values.values(), row(7, QStringLiteral("Desk lamp"), 2.5)); // staged as it was

    // And a new record's staged values in a slot move as they are: still a new row
    RecordValues fresh(&items());
    fresh.keepNewRowIn(m_store);
    fresh.stageValue(1, QStringLiteral("Vase"));
    QVERIFY(fresh.newRowInStore());
    fresh.moveTo(other);
    QCOMPARE(m_store->rowCount(), 0);
    QCOMPARE(other->rowCount(), 2);
    QVERIFY(fresh.newRowInStore());
    QCOMPARE(fresh.value(1).toString(), QStringLiteral("Vase"));
    QVERIFY(!fresh.hasStoredRow());
}

void TestRecordValues::shouldTakeItsTableFromTheStoreThatHoldsIt() {
    // A record keeps one pointer for its table and its store: the table alone until a store
    // holds its values, then the store's, which outlives its every holder but the last
    const orm::Table *table = &items();
    RecordValues values(table);
    QVERIFY(&values.table() == table);
    QVERIFY(values.store() == nullptr);
    {
        const RowStoreRef store = RowStoreRef::make(items(), nullptr);
        values.load(store, row(1, QStringLiteral("Cup"), 1.0));
    }
    QVERIFY(&values.table() == table);
    QVERIFY(values.store() != nullptr);
    QCOMPARE(values.store()->table(), table);
    QCOMPARE(values.value(1).toString(), QStringLiteral("Cup"));
}

QTEST_GUILESS_MAIN(TestRecordValues)
#include "tst_recordvalues.moc"
