// orm::UnitOfWork on its own (issue 13, a session made of parts): the lists of what a session has
// staged — pending records in entry order, edited records, what a flush wrote, why deletes
// cascaded — and the count of changed records that decides hasChangesChanged()
// (docs/contract.md §2 rules 5–8). No database: the entry order is the order of the lists.

#include "orm/metadata.h"
#include "orm/newrows.h"
#include "orm/record.h"
#include "orm/unitofwork.h"

#include <QTest>

using orm::RecordList;
using orm::RecordPtr;

class TestUnitOfWork : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void shouldListPendingRecordsInTheOrderAdded();
    void shouldPutAFlushsInsertsBackBeforeTheRecordsPendingSince();
    void shouldKeepWhereRowsHeldAsCellsEnteredAmongThePendingRecords();
    void shouldKeepTheCallersListOfThePendingRecordsApartOnChange();
    void shouldListEditedRecordsAndDropOne();
    void shouldMakeRoomForEveryRecordHeldOnceTheEditedListIsLong();
    void shouldHoldAFlushsWorkUntilItIsTaken();
    void shouldSayWhenWhetherAnyRecordHasChangesFlips();
    void shouldCountAFlushsWorkAsChanges();
    void shouldKeepWhyADeleteCascadedUntilForgotten();
    void shouldForgetEveryRecordListButNotTheDeleteReasons();

private:
    RecordPtr newRecord() { return std::make_shared<orm::Record>(m_metadata.table("items")); }

    orm::Metadata m_metadata;
};

void TestUnitOfWork::initTestCase() {
    orm::Table &items = m_metadata.addTable(QStringLiteral("items"), QStringLiteral("Item"));
    items.addColumn(orm::Column::key());
    items.addColumn(orm::Column::text(QStringLiteral("name")));
    m_metadata.finalize();
}

void TestUnitOfWork::shouldListPendingRecordsInTheOrderAdded() {
    orm::UnitOfWork work;
    const RecordPtr a = newRecord(), b = newRecord(), c = newRecord();
    // Given three records added in the order b, a, c
    work.addPending(b);
    work.addPending(a);
    work.addPending(c);
    QCOMPARE(work.pending(), RecordList({b, a, c}));

    // When one is dropped, then the others keep their order
    work.dropPending(a);
    QCOMPARE(work.pending(), RecordList({b, c}));

    // When they are taken, then they come in that order and none is left
    QCOMPARE(work.takePending(), RecordList({b, c}));
    QVERIFY(work.pending().empty());
    work.addPending(a); // the list is usable after a take
    QCOMPARE(work.pending(), RecordList({a}));
    work.clearPending();
    QVERIFY(work.pending().empty());
}

void TestUnitOfWork::shouldKeepTheCallersListOfThePendingRecordsApartOnChange() {
    orm::UnitOfWork work;
    const RecordPtr a = newRecord(), b = newRecord(), c = newRecord();
    // Given records added one by one, and the caller's list of the same records (an import's)
    const RecordList staged{a, b};
    work.addPending(a);
    work.addPending(b);

    // When the unit of work keeps the caller's list instead of its own
    work.sharePending(staged);

    // Then it lists the same records, in one list with the caller's
    QCOMPARE(work.pending(), staged);
    QVERIFY(work.pending().constData() == staged.constData());

    // When one more is added and one dropped, then the caller's list is as it was
    work.addPending(c);
    work.dropPending(a);
    QCOMPARE(work.pending(), RecordList({b, c}));
    QCOMPARE(staged, RecordList({a, b}));

    // When they are taken, then the caller's list is still as it was
    work.sharePending(RecordList({b, c}));
    QCOMPARE(work.takePending(), RecordList({b, c}));
    QCOMPARE(staged, RecordList({a, b}));
}

void TestUnitOfWork::shouldPutAFlushsInsertsBackBeforeTheRecordsPendingSince() {
    orm::UnitOfWork work;
    const RecordPtr a = newRecord(), b = newRecord(), c = newRecord(), d = newRecord();
    // Given a, b and c inserted by flushes, listed in entry order, and d added since
    work.addFlushedInsert(a);
    work.addFlushedInsert(b);
    work.addFlushedInsert(c);
    work.addPending(d);

    // When the flushes are undone (their transaction was lost)
    work.returnFlushedInserts(work.takeFlushedInserts());

    // Then the four are pending in entry order, d last: INSERTs run in the order records were
    // added (rule 5)
    QCOMPARE(work.pending(), RecordList({a, b, c, d}));
    QVERIFY(!work.hasFlushedWork());
    // And nothing to put back leaves the list as it is
    work.returnFlushedInserts({});
    QCOMPARE(work.pending(), RecordList({a, b, c, d}));
}

void TestUnitOfWork::shouldKeepWhereRowsHeldAsCellsEnteredAmongThePendingRecords() {
    orm::UnitOfWork work;
    const RecordPtr a = newRecord(), b = newRecord(), c = newRecord();
    const orm::Table &table = *m_metadata.table(QStringLiteral("items"));
    // Given a record added, then rows held as cells (an import), then another record
    work.addPending(a);
    work.addNewRows(
        std::make_shared<orm::NewRows>(table, orm::RowStoreRef::make(table, nullptr), false));
    work.addPending(b);

    // Then the rows entered after one pending record
    QCOMPARE(work.newRows().size(), size_t(1));
    QCOMPARE(work.newRows().front().pendingBefore, 1);

    // When a flush's insert entered before all of them is put back, then they entered after two
    work.returnFlushedInserts({c});
    QCOMPARE(work.pending(), RecordList({c, a, b}));
    QCOMPARE(work.newRows().front().pendingBefore, 2);
}

void TestUnitOfWork::shouldListEditedRecordsAndDropOne() {
    orm::UnitOfWork work;
    const RecordPtr a = newRecord(), b = newRecord();
    // Given two edited records
    work.addEdited(a);
    work.addEdited(b);
    QCOMPARE(work.edited(), std::vector<RecordPtr>({a, b}));

    // When one's edit is set back, then only the other is listed
    work.dropEdited(a);
    QCOMPARE(work.edited(), std::vector<RecordPtr>({b}));
    // And taking them leaves none
    QCOMPARE(work.takeEdited(), std::vector<RecordPtr>({b}));
    QVERIFY(work.edited().empty());
    // And edits are not pending records
    QVERIFY(work.pending().empty());
}

void TestUnitOfWork::shouldMakeRoomForEveryRecordHeldOnceTheEditedListIsLong() {
    orm::UnitOfWork work;
    const RecordPtr record = newRecord();
    // Given a session holding 100,000 records, counted only when asked
    int asked = 0;
    work.setHeldCount([&asked] {
        ++asked;
        return qsizetype(100000);
    });
    // When a few of them are edited, then the list grows as needed and nobody counts
    for (int i = 0; i < 100; ++i)
        work.addEdited(record);
    QVERIFY(work.edited().capacity() < 4096);
    QCOMPARE(asked, 0);
    // When thousands are edited, then the list takes room for every record held at once, where
    // doubling would have made and dropped four more lists on the way to 100,000; the records
    // are counted once, when the list was full, not for every edit
    for (int i = 100; i < 5000; ++i)
        work.addEdited(record);
    QCOMPARE(work.edited().size(), size_t(5000));
    QVERIFY(work.edited().capacity() >= 100000);
    QCOMPARE(asked, 1);
    // And past what the session said it holds, it doubles again
    std::vector<RecordPtr> more(100000 - 5000 + 1, record);
    for (const RecordPtr &next : more)
        work.addEdited(next);
    QVERIFY(work.edited().capacity() >= 200000);
    QCOMPARE(asked, 2);
}

void TestUnitOfWork::shouldHoldAFlushsWorkUntilItIsTaken() {
    orm::UnitOfWork work;
    const RecordPtr inserted = newRecord(), deleted = newRecord();
    QVERIFY(!work.hasFlushedWork());

    // Given a flush that inserted one record and deleted another
    work.addFlushedInsert(inserted);
    QVERIFY(work.hasFlushedWork());
    work.addFlushedDelete(deleted);

    // Then each is in its own list
    QCOMPARE(work.flushedInserts(), std::vector<RecordPtr>({inserted}));
    QCOMPARE(work.flushedDeletes(), std::vector<RecordPtr>({deleted}));

    // When the inserts are taken (a rollback), the deletes are still flushed work
    QCOMPARE(work.takeFlushedInserts(), std::vector<RecordPtr>({inserted}));
    QVERIFY(work.flushedInserts().empty());
    QVERIFY(work.hasFlushedWork());
    // And when the deletes go too, there is none
    QCOMPARE(work.takeFlushedDeletes(), std::vector<RecordPtr>({deleted}));
    QVERIFY(!work.hasFlushedWork());
    work.addFlushedDelete(deleted);
    work.clearFlushedDeletes();
    QVERIFY(!work.hasFlushedWork());
}

void TestUnitOfWork::shouldSayWhenWhetherAnyRecordHasChangesFlips() {
    orm::UnitOfWork work;
    QVERIFY(!work.hasChangedRecords());
    // The first changed record flips it, the second does not
    QVERIFY(work.countChange(true));
    QVERIFY(work.hasChangedRecords());
    QVERIFY(!work.countChange(true));
    // One of two set back: still changes; the last: flips back
    QVERIFY(!work.countChange(false));
    QVERIFY(work.hasChangedRecords());
    QVERIFY(work.countChange(false));
    QVERIFY(!work.hasChangedRecords());

    // A reset says whether there were changes to reset
    QVERIFY(!work.resetChangeCount());
    QVERIFY(work.countChange(true));
    QVERIFY(!work.countChange(true));
    QVERIFY(work.resetChangeCount());
    QVERIFY(!work.hasChangedRecords());
    // And counting starts from nothing again
    QVERIFY(work.countChange(true));
}

void TestUnitOfWork::shouldCountAFlushsWorkAsChanges() {
    orm::UnitOfWork work;
    QVERIFY(!work.hasChanges());
    // A flush wrote a row and no record has staged changes: the session still has changes
    work.addFlushedInsert(newRecord());
    QVERIFY(!work.hasChangedRecords());
    QVERIFY(work.hasChanges());
    work.takeFlushedInserts();
    QVERIFY(!work.hasChanges());
    // A changed record alone is changes too
    work.countChange(true);
    QVERIFY(work.hasChanges());
}

void TestUnitOfWork::shouldKeepWhyADeleteCascadedUntilForgotten() {
    orm::UnitOfWork work;
    const RecordPtr book = newRecord(), author = newRecord();
    // Given a book marked because its author's delete cascaded to it
    work.setDeleteReason(book.get(), QStringLiteral("Author.books is all, delete-orphan"));

    // Then it is a cascaded delete with its reason, and the author (removed itself) is not
    QVERIFY(work.isCascadedDelete(book.get()));
    QVERIFY(!work.isCascadedDelete(author.get()));
    QCOMPARE(work.deleteReasons().value(book.get()),
             QStringLiteral("Author.books is all, delete-orphan"));

    // When it is forgotten (unremove), it is not any more
    work.forgetDeleteReason(book.get());
    QVERIFY(!work.isCascadedDelete(book.get()));
    work.setDeleteReason(book.get(), QStringLiteral("again"));
    work.clearDeleteReasons();
    QVERIFY(work.deleteReasons().isEmpty());
}

void TestUnitOfWork::shouldForgetEveryRecordListButNotTheDeleteReasons() {
    orm::UnitOfWork work;
    const RecordPtr a = newRecord();
    // Given something in every list, a reason and a changed record
    work.addPending(a);
    work.addEdited(a);
    work.addFlushedInsert(a);
    work.addFlushedDelete(a);
    work.setDeleteReason(a.get(), QStringLiteral("why"));
    work.countChange(true);

    // When the records are forgotten (expungeAll)
    work.clearRecords();

    // Then every list is empty, and the reason and the count are left to their own calls
    QVERIFY(work.pending().empty());
    QVERIFY(work.edited().empty());
    QVERIFY(!work.hasFlushedWork());
    QVERIFY(work.isCascadedDelete(a.get()));
    QVERIFY(work.hasChangedRecords());
    QVERIFY(work.resetChangeCount());
}

QTEST_GUILESS_MAIN(TestUnitOfWork)
#include "tst_unitofwork.moc"
