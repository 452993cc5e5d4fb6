// Session::unremove(): taking back a staged delete (the UI's Undo of Delete).

#include "libraryfixture.h"

#include <QtTest>

using namespace shelftest;

class TestUnremove : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldUnmarkRecordAndWhatItsDeleteCascadedTo();
    void shouldKeepRecordsRemovedOnTheirOwnMarked();
    void shouldRefuseRecordNotMarkedForDelete();
};

void TestUnremove::shouldUnmarkRecordAndWhatItsDeleteCascadedTo() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib);
    // Given Michael Crichton removed: his books and their reviews are marked too
    QVERIFY(f.session->remove(lib.crichton));
    QVERIFY(lib.jurassicPark->isMarkedForDelete());
    QVERIFY(lib.jurassicParkByBuzz->isMarkedForDelete());

    // When the remove is taken back
    QVERIFY(f.session->unremove(lib.crichton));

    // Then nothing is marked, nothing is staged, and a commit writes nothing
    for (const RecordPtr &record : lib.all())
        QVERIFY2(!record->isMarkedForDelete(), qPrintable(record->displayName()));
    QVERIFY(!f.session->hasChanges());
    QVERIFY(f.session->commit());
    QCOMPARE(f.db.scalar("SELECT count(*) FROM books").toLongLong(), 3);
    QCOMPARE(f.db.scalar("SELECT count(*) FROM reviews").toLongLong(), 3);
}

void TestUnremove::shouldKeepRecordsRemovedOnTheirOwnMarked() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib);
    // Given a review removed by itself, then its book's author removed
    QVERIFY(f.session->remove(lib.jurassicParkByBuzz));
    QVERIFY(f.session->remove(lib.crichton));

    // When the author's remove is taken back
    QVERIFY(f.session->unremove(lib.crichton));

    // Then the review the user removed on its own is still on its way out, alone
    QVERIFY(lib.jurassicParkByBuzz->isMarkedForDelete());
    QVERIFY(!lib.jurassicPark->isMarkedForDelete());
    QVERIFY(f.session->commit());
    QCOMPARE(f.db.scalar("SELECT count(*) FROM reviews").toLongLong(), 2);
    QCOMPARE(f.db.scalar("SELECT count(*) FROM books").toLongLong(), 3);
}

void TestUnremove::shouldRefuseRecordNotMarkedForDelete() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib);
    QVERIFY(!f.session->unremove(lib.king));
    QVERIFY(!f.session->hasChanges());
}

QTEST_GUILESS_MAIN(TestUnremove)
#include "tst_unremove.moc"
