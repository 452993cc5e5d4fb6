// docs/contract.md §2 rule 9: deleting a parent. Default cascade sets children's foreign key to
// NULL (unloaded children are loaded) or blocks on a NOT NULL key; `delete` marks children at
// remove() time and deletes child-first; `delete-orphan` deletes a child removed from its parent,
// judged at flush (so a move is one UPDATE); a pending child of a deleted parent is discarded (★);
// passive deletes leave unloaded children to ON DELETE CASCADE.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

using namespace shelftest;

class TestCascades : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldMarkChildrenForDeleteAtRemoveTime();
    void shouldDeleteUnloadedChildrenOfRemovedAuthor();
    void shouldDeleteOrphanAtFlush();
    void shouldDropDeletedBookFromItsNewBorrowersBooks_data();
    void shouldDropDeletedBookFromItsNewBorrowersBooks();
    void shouldMoveBookBetweenAuthorsWithOneUpdate_data();
    void shouldMoveBookBetweenAuthorsWithOneUpdate();
    void shouldSetBorrowerToNullWhenUserIsDeleted();
    void shouldSetBorrowerToNullAtFlushNotAtRemove();
    void shouldJudgeBorrowerToNullOnTheStateAtFlush();
    void shouldLoadUnloadedBorrowedBooksBeforeSettingThemToNull();
    void shouldBlockDeleteOfUserWithReviews();
    void shouldBlockDeleteOfUserWithUnloadedReviews();
    void shouldDiscardPendingChildOfDeletedParent();
    void shouldLeaveUnloadedChildrenToDatabaseWithPassiveDeletes();
    void shouldDeleteLoadedChildrenEvenWithPassiveDeletes();
};

void TestCascades::shouldMarkChildrenForDeleteAtRemoveTime() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When Michael Crichton is removed
    QVERIFY(f.session->remove(lib.crichton));

    // Then his books and their reviews are marked right away; nothing else is
    for (const RecordPtr &record : RecordList{lib.crichton, lib.jurassicPark, lib.andromeda,
                                              lib.jurassicParkByBuzz, lib.andromedaByAndy})
        QVERIFY2(record->isMarkedForDelete(), qPrintable(record->displayName()));
    for (const RecordPtr &record :
         RecordList{lib.king, lib.it, lib.itByAndy, lib.andy, lib.buzz, lib.cat})
        QVERIFY2(!record->isMarkedForDelete(), qPrintable(record->displayName()));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then those rows are gone (and only those) and the records are detached
    QCOMPARE(f.db.rows(QStringLiteral("SELECT name FROM authors")),
             (QList<QVariantList>{{QStringLiteral("Stephen King")}}));
    QCOMPARE(f.db.rows(QStringLiteral("SELECT title FROM books")),
             (QList<QVariantList>{{QStringLiteral("It")}}));
    QCOMPARE(f.db.rows(QStringLiteral("SELECT id FROM reviews")),
             (QList<QVariantList>{{lib.itByAndy->id()}}));
    QCOMPARE(f.count(QStringLiteral("users")), 3);
    QCOMPARE(f.state(lib.andromeda), str(ObjectState::Detached));
    QCOMPARE(f.state(lib.andromedaByAndy), str(ObjectState::Detached));
    // And the users' collections no longer hold what was deleted
    QVERIFY(!lib.andy->reviews().contains(lib.andromedaByAndy));
    QVERIFY(!lib.cat->borrowed().contains(lib.andromeda));
}

void TestCascades::shouldDeleteUnloadedChildrenOfRemovedAuthor() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a second session that has loaded only the author
    auto other = f.freshSession();
    auto crichton = other->get<Author>(lib.crichton->id());
    QVERIFY(crichton);

    // When it removes and commits him
    QVERIFY2(other->remove(crichton), qPrintable(other->lastError().fullText()));
    QVERIFY2(other->commit(), qPrintable(other->lastError().fullText()));

    // Then his books and their reviews are gone too, and nothing else
    QCOMPARE(f.count(QStringLiteral("authors")), 1);
    QCOMPARE(f.db.rows(QStringLiteral("SELECT title FROM books")),
             (QList<QVariantList>{{QStringLiteral("It")}}));
    QCOMPARE(f.db.rows(QStringLiteral("SELECT id FROM reviews")),
             (QList<QVariantList>{{lib.itByAndy->id()}}));
    QCOMPARE(f.count(QStringLiteral("users")), 3);
}

void TestCascades::shouldDeleteOrphanAtFlush() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When It is removed from Stephen King's books
    QVERIFY(lib.king->books().remove(lib.it));

    // Then it is still persistent until the flush
    QCOMPARE(f.state(lib.it), str(ObjectState::Persistent));
    QVERIFY(f.rowExists(QStringLiteral("books"), lib.it->id()));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the orphan and its review are deleted, and the author stays
    QVERIFY(!f.rowExists(QStringLiteral("books"), lib.it->id()));
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), lib.itByAndy->id()));
    QVERIFY(f.rowExists(QStringLiteral("authors"), lib.king->id()));
    QCOMPARE(f.state(lib.it), str(ObjectState::Detached));
    QCOMPARE(f.state(lib.itByAndy), str(ObjectState::Detached));
    QVERIFY(lib.king->books().isEmpty());
    QVERIFY(!lib.andy->borrowed().contains(lib.it));
}

void TestCascades::shouldDropDeletedBookFromItsNewBorrowersBooks_data() {
    QTest::addColumn<bool>("asOrphan");
    QTest::newRow("orphan") << true;
    QTest::newRow("removed") << false;
}

void TestCascades::shouldDropDeletedBookFromItsNewBorrowersBooks() {
    QFETCH(bool, asOrphan);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given It lent to a new user, then removed from Stephen King's books (an orphan) or removed
    auto dora = User::create(QStringLiteral("Dora"));
    f.session->add(dora);
    QVERIFY(lib.it->setBorrower(dora));
    QVERIFY(dora->borrowed().contains(lib.it));
    if (asOrphan)
        QVERIFY(lib.king->books().remove(lib.it));
    else
        QVERIFY(f.session->remove(lib.it));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then It is deleted, and neither its old nor its new borrower still lists it
    QVERIFY(!f.rowExists(QStringLiteral("books"), lib.it->id()));
    QCOMPARE(f.state(lib.it), str(ObjectState::Detached));
    QVERIFY(!lib.andy->borrowed().contains(lib.it));
    QVERIFY(!dora->borrowed().contains(lib.it));
    QVERIFY(dora->borrowed().isEmpty());
}

void TestCascades::shouldMoveBookBetweenAuthorsWithOneUpdate_data() {
    QTest::addColumn<int>("how");
    QTest::newRow("setAuthor") << 0;
    QTest::newRow("append to the new author") << 1;
    QTest::newRow("remove from the old author, then append to the new one") << 2;
    QTest::newRow("remove from the old author, then setAuthor") << 3;
}

void TestCascades::shouldMoveBookBetweenAuthorsWithOneUpdate() {
    QFETCH(int, how);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When The Andromeda Strain moves from Michael Crichton to Stephen King
    switch (how) {
    case 0:
        QVERIFY(lib.andromeda->setAuthor(lib.king));
        break;
    case 1:
        QVERIFY(lib.king->books().append(lib.andromeda));
        break;
    case 2:
        QVERIFY(lib.crichton->books().remove(lib.andromeda));
        QVERIFY(lib.king->books().append(lib.andromeda));
        break;
    case 3:
        QVERIFY(lib.crichton->books().remove(lib.andromeda));
        QVERIFY(lib.andromeda->setAuthor(lib.king));
        break;
    }
    QVERIFY(lib.king->books().contains(lib.andromeda));
    QVERIFY(!lib.crichton->books().contains(lib.andromeda));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then exactly one UPDATE ran, setting author_id, and the book and its review live on
    QCOMPARE(f.recorder.writeSummary(), QStringList{QStringLiteral("UPDATE books")});
    const QString set = f.recorder.writes().first().setClause();
    QVERIFY2(set.contains(QLatin1String("author_id")) && !set.contains(QLatin1String("title")),
             qPrintable(set));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), lib.andromeda->id())
                 .toLongLong(),
             idOf(lib.king));
    QVERIFY(f.rowExists(QStringLiteral("reviews"), lib.andromedaByAndy->id()));
    QCOMPARE(f.state(lib.andromeda), str(ObjectState::Persistent));
}

void TestCascades::shouldSetBorrowerToNullWhenUserIsDeleted() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Cat, who borrowed The Andromeda Strain and wrote no review, removed
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY(!lib.andromeda->isMarkedForDelete());

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the book stays with no borrower (UPDATE before DELETE), in the database and in memory
    QCOMPARE(f.recorder.writeSummary(),
             (QStringList{QStringLiteral("UPDATE books"), QStringLiteral("DELETE users")}));
    QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                .isNull());
    QVERIFY(f.rowExists(QStringLiteral("books"), lib.andromeda->id()));
    QVERIFY(lib.andromeda->borrower() == nullptr);
    QVERIFY(lib.andromeda->value(Book::BorrowerIdColumn).isNull());
    QVERIFY(lib.andromeda->committedValue(Book::BorrowerIdColumn).isNull());
    QCOMPARE(f.state(lib.andromeda), str(ObjectState::Persistent));
    QVERIFY(!f.session->hasChanges());
}

void TestCascades::shouldSetBorrowerToNullAtFlushNotAtRemove() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();
    // When Cat, who borrowed The Andromeda Strain, is removed
    QVERIFY(f.session->remove(lib.cat));

    // Then nothing was written and the database still says she borrowed it
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
    QCOMPARE(f.dump(), before);
    // And the book itself is untouched in memory (rule 9: the NULL is decided at flush): it still
    // reports its borrower and holds no staged edit of its own
    QVERIFY(lib.andromeda->borrower() == lib.cat);
    QCOMPARE(lib.andromeda->value(Book::BorrowerIdColumn).toLongLong(), idOf(lib.cat));
    QVERIFY(!lib.andromeda->isModified(Book::BorrowerIdColumn));
    QVERIFY(!lib.andromeda->hasChanges());
    // And the pending-changes view announces what the flush will do: borrower → NULL, because Cat
    // is being deleted
    bool announced = false;
    for (const orm::PendingChange &change : f.session->pendingChanges()) {
        if (change.record != lib.andromeda)
            continue;
        QCOMPARE(int(change.kind), int(orm::PendingChange::Kind::Modified));
        QCOMPARE(change.columns.size(), 1);
        QCOMPARE(change.columns.first().column, int(Book::BorrowerIdColumn));
        QCOMPARE(change.columns.first().before.toLongLong(), idOf(lib.cat));
        QVERIFY(change.columns.first().after.isNull());
        QVERIFY(!change.reason.isEmpty());
        announced = true;
    }
    QVERIFY(announced);
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
    QCOMPARE(f.dump(), before);

    // When the session flushes
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));

    // Then the UPDATE ran before the DELETE, and other connections still see the borrowing
    QCOMPARE(f.recorder.writeSummary(),
             (QStringList{QStringLiteral("UPDATE books"), QStringLiteral("DELETE users")}));
    QCOMPARE(f.dump(), before);

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the NULL is in the database, and in memory
    QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                .isNull());
    QVERIFY(!f.rowExists(QStringLiteral("users"), lib.cat->id()));
    QVERIFY(lib.andromeda->borrower() == nullptr);
    QVERIFY(lib.andromeda->committedValue(Book::BorrowerIdColumn).isNull());
}

void TestCascades::shouldJudgeBorrowerToNullOnTheStateAtFlush() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Cat removed, and then the book she borrowed lent to Buzz before the commit
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY(lib.andromeda->setBorrower(lib.buzz));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the book went to Buzz (a NULL decided at remove() would have lost the loan) with one
    // UPDATE, and Cat is gone
    QCOMPARE(f.recorder.writeSummary(),
             (QStringList{QStringLiteral("UPDATE books"), QStringLiteral("DELETE users")}));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                 .toLongLong(),
             idOf(lib.buzz));
    QVERIFY(!f.rowExists(QStringLiteral("users"), lib.cat->id()));
    QVERIFY(lib.andromeda->borrower() == lib.buzz);
    QVERIFY(lib.buzz->borrowed().contains(lib.andromeda));
}

void TestCascades::shouldLoadUnloadedBorrowedBooksBeforeSettingThemToNull() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a second session that has loaded only Cat
    auto other = f.freshSession();
    auto cat = other->get<User>(lib.cat->id());
    QVERIFY(cat);

    // When it removes and commits her
    QVERIFY2(other->remove(cat), qPrintable(other->lastError().fullText()));
    QVERIFY2(other->commit(), qPrintable(other->lastError().fullText()));

    // Then the borrowed book stays, with no borrower
    QVERIFY(!f.rowExists(QStringLiteral("users"), lib.cat->id()));
    QVERIFY(f.rowExists(QStringLiteral("books"), lib.andromeda->id()));
    QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                .isNull());
}

void TestCascades::shouldBlockDeleteOfUserWithReviews() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();

    // When Buzz, who wrote a review (reviews.user_id is NOT NULL), is removed and committed
    const bool removed = f.session->remove(lib.buzz);
    const QString memory = memoryOf(*f.session, lib.all());
    const bool committed = removed && f.session->commit();

    // Then the delete is blocked (at remove() or at commit()), naming Buzz or his review, and the
    // database is unchanged
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Blocked));
    QVERIFY2(error.record == lib.buzz || error.record == lib.jurassicParkByBuzz,
             qPrintable(error.fullText()));
    QCOMPARE(f.dump(), before);
    QCOMPARE(f.state(lib.buzz), str(ObjectState::Persistent));
    QVERIFY(lib.jurassicParkByBuzz->user() == lib.buzz);
    // And memory is as before the commit (rule 8): the delete is still staged if remove() took it
    const QString difference = firstDifference(memoryOf(*f.session, lib.all()), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(lib.buzz->isMarkedForDelete(), removed);

    // When the review is removed too (and Buzz, if remove() refused him)
    QVERIFY2(f.session->remove(lib.jurassicParkByBuzz),
             qPrintable(f.session->lastError().fullText()));
    if (!removed)
        QVERIFY2(f.session->remove(lib.buzz), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then Buzz and his review are gone and Jurassic Park has no borrower
    QVERIFY(!f.rowExists(QStringLiteral("users"), lib.buzz->id()));
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), lib.jurassicParkByBuzz->id()));
    QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.jurassicPark->id())
                .isNull());
}

void TestCascades::shouldBlockDeleteOfUserWithUnloadedReviews() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();
    // Given a second session that has loaded only Buzz (his review and borrowed book unloaded)
    auto other = f.freshSession();
    StatementRecorder recorder;
    recorder.attach(*other);
    auto buzz = other->get<User>(lib.buzz->id());
    QVERIFY(buzz);
    QVERIFY(!other->findLoaded(Review::staticTable(), lib.jurassicParkByBuzz->id()));

    // When it removes him and commits
    const bool removed = other->remove(buzz);
    const QString memory = snapshotOf(*other, {buzz});
    const bool committed = removed && other->commit();

    // Then the delete is blocked by the session (reviews.user_id is NOT NULL), before the database
    // could refuse it as a constraint: no write ran, and the error names the review's column
    QVERIFY(!committed);
    const orm::Error error = other->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Blocked));
    QVERIFY2(error.record && (idOf(error.record) == idOf(lib.buzz) ||
                              idOf(error.record) == idOf(lib.jurassicParkByBuzz)),
             qPrintable(error.fullText()));
    QCOMPARE(error.column, QStringLiteral("user_id"));
    QVERIFY(!error.message().isEmpty());
    QVERIFY2(recorder.writes().isEmpty(), qPrintable(recorder.dump()));
    // And nothing is lost: the database is unchanged, Buzz is persistent, and the delete is still
    // staged if remove() took it
    QCOMPARE(f.dump(), before);
    QCOMPARE(str(other->state(buzz)), str(ObjectState::Persistent));
    QCOMPARE(buzz->isMarkedForDelete(), removed);
    const QString difference = firstDifference(snapshotOf(*other, {buzz}), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(other->hasChanges(), removed);
}

void TestCascades::shouldDiscardPendingChildOfDeletedParent() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new book of Stephen King, and a new review of It
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));
    auto review = Review::create(lib.it, lib.buzz, 2, QStringLiteral("too long"));
    f.session->add(review);
    QCOMPARE(f.state(carrie), str(ObjectState::Pending));
    QCOMPARE(f.state(review), str(ObjectState::Pending));

    // When Stephen King is removed
    QVERIFY(f.session->remove(lib.king));

    // Then the pending book and the pending review are discarded, never inserted
    QCOMPARE(f.state(carrie), str(ObjectState::Transient));
    QCOMPARE(f.state(review), str(ObjectState::Transient));
    QVERIFY(!f.session->contains(carrie));
    QVERIFY(!f.session->contains(review));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.recorder.withVerb(QStringLiteral("INSERT")).isEmpty(),
             qPrintable(f.recorder.dump()));
    QVERIFY(!f.rowExists(QStringLiteral("authors"), lib.king->id()));
    QCOMPARE(f.count(QStringLiteral("books")), 2);
    QCOMPARE(f.count(QStringLiteral("reviews")), 2);
    QVERIFY(!lib.buzz->reviews().contains(review));
}

void TestCascades::shouldLeaveUnloadedChildrenToDatabaseWithPassiveDeletes() {
    // Given a parent with three children whose foreign key is ON DELETE CASCADE, committed
    const auto metadata = passiveDeleteMetadata();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    {
        orm::Session session(db.connection(), *metadata);
        QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
        const orm::Table &parents = *metadata->table(QStringLiteral("parents"));
        const orm::Table &children = *metadata->table(QStringLiteral("children"));
        const orm::Relationship &relationship =
            *metadata->relationship(QStringLiteral("parents"), QStringLiteral("children"));
        RecordPtr parent = parents.createRecord();
        QVERIFY(parent->setValue(QStringLiteral("name"), QStringLiteral("parent")));
        for (int i = 0; i < 3; ++i) {
            RecordPtr child = children.createRecord();
            QVERIFY(child->setValue(QStringLiteral("name"), QStringLiteral("child %1").arg(i)));
            QVERIFY(parent->appendChild(relationship, child));
        }
        session.add(parent);
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM children")).toLongLong(), 3);
    }

    // When a session that has not loaded the children removes the parent and commits
    orm::Session session(db.newConnection(), *metadata);
    StatementRecorder recorder;
    recorder.attach(session);
    RecordPtr parent = session.query(*metadata->table(QStringLiteral("parents"))).value(0);
    QVERIFY(parent);
    recorder.clear();
    QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

    // Then the session neither loaded nor deleted the children (counting them is fine): the
    // database did
    for (const LoggedStatement &statement : recorder.all())
        QVERIFY2(statement.table() != QLatin1String("children") ||
                     statement.sql.contains(QLatin1String("count("), Qt::CaseInsensitive),
                 qPrintable(recorder.dump()));
    for (qint64 id = 1; id <= 3; ++id)
        QVERIFY(session.findLoaded(*metadata->table(QStringLiteral("children")), id) == nullptr);
    QCOMPARE(recorder.writeSummary(), QStringList{QStringLiteral("DELETE parents")});
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM parents")).toLongLong(), 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM children")).toLongLong(), 0);
}

void TestCascades::shouldDeleteLoadedChildrenEvenWithPassiveDeletes() {
    // Given a parent with two children, committed and still loaded in the session
    const auto metadata = passiveDeleteMetadata();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    orm::Session session(db.connection(), *metadata);
    QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
    const orm::Relationship &relationship =
        *metadata->relationship(QStringLiteral("parents"), QStringLiteral("children"));
    RecordPtr parent = metadata->table(QStringLiteral("parents"))->createRecord();
    QVERIFY(parent->setValue(QStringLiteral("name"), QStringLiteral("parent")));
    RecordList kids;
    for (int i = 0; i < 2; ++i) {
        kids.append(metadata->table(QStringLiteral("children"))->createRecord());
        QVERIFY(kids.last()->setValue(QStringLiteral("name"), QStringLiteral("child %1").arg(i)));
        QVERIFY(parent->appendChild(relationship, kids.last()));
    }
    session.add(parent);
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

    // When the parent is removed and committed
    QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
    for (const RecordPtr &kid : kids)
        QVERIFY(kid->isMarkedForDelete());
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

    // Then the loaded children are deleted like the parent (detached, rows gone)
    for (const RecordPtr &kid : kids)
        QCOMPARE(str(session.state(kid)), str(ObjectState::Detached));
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM children")).toLongLong(), 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM parents")).toLongLong(), 0);
}

QTEST_GUILESS_MAIN(TestCascades)
#include "tst_cascades.moc"
