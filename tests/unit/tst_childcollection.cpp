// orm::ChildCollection on its own (issue 13, a session made of parts: the per-record state): a
// parent's children through one relationship as staged, as last committed and as given before the
// load, and what a load, a commit, a rollback and a refresh do to them. The committed list is the
// staged one until either changes. No session and no database: the part is driven as the session
// drives it.

#include "orm/childcollection.h"
#include "orm/metadata.h"
#include "orm/record.h"

#include <QTest>
#include <vector>

using orm::ChildCollection;
using orm::RecordPtr;
using Children = std::vector<RecordPtr>;

class TestChildCollection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void shouldKeepOneListForALoadThatStagesNothing();
    void shouldTakeTheRowsListItselfWhenNothingIsStagedOverIt();
    void shouldKeepTheDatabasesChildrenApartFromAStagedMoveAway();
    void shouldCommitAndRevertANewParentsChildren();
    void shouldKeepChildrenGivenBeforeTheLoadOnceForIt();
    void shouldFollowTheDatabaseInTheCommittedListOnly();

private:
    orm::Metadata m_metadata;
    RecordPtr m_a;
    RecordPtr m_b;
    RecordPtr m_c;
};

void TestChildCollection::initTestCase() {
    orm::Table &books = m_metadata.addTable(QStringLiteral("books"), QStringLiteral("Book"));
    books.addColumn(orm::Column::key());
    m_metadata.finalize();
}

void TestChildCollection::init() {
    const orm::Table &books = *m_metadata.table(QStringLiteral("books"));
    m_a = books.createRecord();
    m_b = books.createRecord();
    m_c = books.createRecord();
}

void TestChildCollection::shouldKeepOneListForALoadThatStagesNothing() {
    // Given a stored parent's collection, loaded with the two children the database holds and
    // nothing staged
    ChildCollection list(/*loaded=*/false);
    QVERIFY(!list.isLoaded());
    QVERIFY(!list.load(Children{m_a, m_b}, Children{m_a, m_b}));

    // Then it is loaded, and the committed list is the staged one itself (not a copy)
    QVERIFY(list.isLoaded());
    QVERIFY(list.items() == (Children{m_a, m_b}));
    QCOMPARE(&list.committed(), &list.items());
    QVERIFY(list.isAsCommitted());

    // When a child is appended, the committed list keeps the two
    list.link(m_c);
    QVERIFY(list.items() == (Children{m_a, m_b, m_c}));
    QVERIFY(list.committed() == (Children{m_a, m_b}));
    QVERIFY(!list.isAsCommitted());

    // And a rollback puts the two back, one list again
    list.revert();
    QVERIFY(list.items() == (Children{m_a, m_b}));
    QCOMPARE(&list.committed(), &list.items());
    QVERIFY(list.isAsCommitted());
}

void TestChildCollection::shouldTakeTheRowsListItselfWhenNothingIsStagedOverIt() {
    // Given the rows of a parent, read into a list made to measure
    Children rows;
    rows.reserve(2);
    rows.push_back(m_a);
    rows.push_back(m_b);
    const RecordPtr *storage = rows.data();

    // When a collection loads them with nothing staged over them
    ChildCollection list(/*loaded=*/false);
    list.load(std::move(rows));

    // Then that very list is its staged and committed list: nothing copied, no spare room
    QVERIFY(list.isLoaded());
    QCOMPARE(list.items().data(), storage);
    QCOMPARE(list.items().capacity(), std::size_t(2));
    QCOMPARE(&list.committed(), &list.items());
    QVERIFY(list.isAsCommitted());
    QVERIFY(list.addedWhileUnloaded().empty());
    QCOMPARE(m_a.use_count(), 2); // this test's and the list's: no second list holds it

    // And it changes and reverts as any loaded collection
    list.unlink(m_a.get());
    QVERIFY(list.items() == (Children{m_b}));
    QVERIFY(list.committed() == (Children{m_a, m_b}));
    list.revert();
    QVERIFY(list.items() == (Children{m_a, m_b}));
    QVERIFY(list.isAsCommitted());
}

void TestChildCollection::shouldKeepTheDatabasesChildrenApartFromAStagedMoveAway() {
    // Given a load where b was staged to move to another parent
    ChildCollection list(/*loaded=*/false);
    QVERIFY(list.load(Children{m_a, m_b}, Children{m_a}));

    // Then the staged list lacks b and the committed one holds it
    QVERIFY(list.items() == (Children{m_a}));
    QVERIFY(list.committed() == (Children{m_a, m_b}));
    QVERIFY(!list.isAsCommitted());

    // When the move is committed, the committed list is the staged one
    list.commit();
    QVERIFY(list.committed() == (Children{m_a}));
    QCOMPARE(&list.committed(), &list.items());

    // And unlinking a child the list does not hold changes nothing
    list.unlink(m_c.get());
    QVERIFY(list.items() == (Children{m_a}));
    QVERIFY(list.isAsCommitted());
}

void TestChildCollection::shouldCommitAndRevertANewParentsChildren() {
    // Given a new parent's collection (loaded from the start: nothing in the database) given a
    // and b, then committed
    ChildCollection list(/*loaded=*/true);
    list.link(m_a);
    list.link(m_b);
    QVERIFY(list.committed().empty());
    list.commit();
    QVERIFY(list.committed() == (Children{m_a, m_b}));

    // When a is taken out and c appended
    list.unlink(m_a.get());
    list.link(m_c);

    // Then the staged list has changed and the committed one has not
    QVERIFY(list.items() == (Children{m_b, m_c}));
    QVERIFY(list.committed() == (Children{m_a, m_b}));

    // And a rollback restores the committed children in their order
    list.revert();
    QVERIFY(list.items() == (Children{m_a, m_b}));
    QVERIFY(list.isAsCommitted());
}

void TestChildCollection::shouldKeepChildrenGivenBeforeTheLoadOnceForIt() {
    // Given a stored parent's collection not in memory, given a twice and b once
    ChildCollection list(/*loaded=*/false);
    list.link(m_a);
    list.link(m_a);
    list.link(m_b);

    // Then they wait for the load, a once, and the collection counts as staged
    QVERIFY(list.items().empty());
    QVERIFY(list.addedWhileUnloaded() == (Children{m_a, m_b}));
    QVERIFY(!list.isAsCommitted());

    // When b is taken away again, only a waits
    list.unlink(m_b.get());
    QVERIFY(list.addedWhileUnloaded() == (Children{m_a}));

    // And the load (the caller merging a in) leaves nothing waiting
    QVERIFY(list.load(Children{m_c}, Children{m_c, m_a}));
    QVERIFY(list.addedWhileUnloaded().empty());
    QVERIFY(list.items() == (Children{m_c, m_a}));
    QVERIFY(list.committed() == (Children{m_c}));

    // And a rollback of a collection given a child before its load keeps nothing waiting
    ChildCollection unloaded(/*loaded=*/false);
    unloaded.link(m_b);
    unloaded.revert();
    QVERIFY(unloaded.addedWhileUnloaded().empty());
    QVERIFY(unloaded.isAsCommitted());
}

void TestChildCollection::shouldFollowTheDatabaseInTheCommittedListOnly() {
    // Given a loaded collection holding a
    ChildCollection list(/*loaded=*/false);
    QVERIFY(!list.load(Children{m_a}, Children{m_a}));

    // When a refresh finds b here in the database (twice) and a gone from it
    list.linkCommitted(m_b);
    list.linkCommitted(m_b);
    list.unlinkCommitted(m_a.get());

    // Then only the committed list follows, b once
    QVERIFY(list.committed() == (Children{m_b}));
    QVERIFY(list.items() == (Children{m_a}));

    // And the staged list follows a staged refresh of its own, c once
    list.linkIfLoaded(m_c);
    list.linkIfLoaded(m_c);
    QVERIFY(list.items() == (Children{m_a, m_c}));
    QVERIFY(list.committed() == (Children{m_b}));

    // And a collection not in memory takes neither: its load will read them
    ChildCollection unloaded(/*loaded=*/false);
    unloaded.linkCommitted(m_a);
    unloaded.linkIfLoaded(m_a);
    QVERIFY(unloaded.committed().empty());
    QVERIFY(unloaded.items().empty());
    QVERIFY(unloaded.isAsCommitted());
}

QTEST_GUILESS_MAIN(TestChildCollection)
#include "tst_childcollection.moc"
