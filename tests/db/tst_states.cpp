// docs/contract.md §2 rule 1 (transient, pending, persistent, deleted, detached) and rule 10
// (remove() twice, edits to a deleted record, remove() of a pending or transient record).

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

using namespace shelftest;

class TestStates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldBeTransientWhenCreated();
    void shouldBePendingAfterAddWithoutKey();
    void shouldBePersistentWithKeyAfterFlush();
    void shouldStayPersistentWhileMarkedForDelete();
    void shouldBeDeletedAfterFlushAndDetachedAfterCommit();
    void shouldLeaveIdentityMapWhenDeletedAndCommitted();
    void shouldDetachPersistentRecordOnExpunge();
    void shouldMakePendingRecordTransientOnExpunge();
    void shouldExpungeAlongCascade();
    void shouldMakeDetachedRecordPersistentAgainOnAdd();
    void shouldTakeADetachedRecordIntoAnotherSessionWithItsValues();
    void shouldStayPersistentAfterCommit();
    void shouldMatchDatabaseInCommittedSnapshotsAfterCommit();
    void shouldReadBackKeysAndDefaultsAtCommit();

    void shouldTreatSecondRemoveAsNoOp();
    void shouldRefuseEditsToRecordMarkedForDelete();
    void shouldRefuseNewChildrenOfRecordMarkedForDelete();
    void shouldDiscardPendingRecordOnRemove();
    void shouldRefuseRemoveOfTransientRecord();
    void shouldRefuseRemoveOfDetachedRecord();
};

void TestStates::shouldBeTransientWhenCreated() {
    SHELF_OPEN_FIXTURE(f)
    // Given a new author that no session has seen
    auto author = Author::create(QStringLiteral("Stephen King"));

    // Then it is transient, in no session, without a key
    QCOMPARE(str(author->state()), str(ObjectState::Transient));
    QCOMPARE(f.state(author), str(ObjectState::Transient));
    QVERIFY(!f.session->contains(author));
    QVERIFY(author->session() == nullptr);
    QVERIFY(author->id().isNull());
}

void TestStates::shouldBePendingAfterAddWithoutKey() {
    SHELF_OPEN_FIXTURE(f)
    // Given a new author
    auto author = Author::create(QStringLiteral("Stephen King"));

    // When it is added
    f.session->add(author);

    // Then it is pending, in the session, still without a key, and not in the database
    QCOMPARE(f.state(author), str(ObjectState::Pending));
    QCOMPARE(str(author->state()), str(ObjectState::Pending));
    QVERIFY(f.session->contains(author));
    QVERIFY(author->session() == f.session.get());
    QVERIFY(author->id().isNull());
    QVERIFY(f.session->hasChanges());
    QCOMPARE(f.count(QStringLiteral("authors")), 0);
}

void TestStates::shouldBePersistentWithKeyAfterFlush() {
    SHELF_OPEN_FIXTURE(f)
    // Given a pending author
    auto author = Author::create(QStringLiteral("Stephen King"));
    f.session->add(author);

    // When the session flushes
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));

    // Then the author is persistent and has its key
    QCOMPARE(f.state(author), str(ObjectState::Persistent));
    QVERIFY(!author->id().isNull());
    QVERIFY(author->id().toLongLong() > 0);

    // And after commit the row is there with that key
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.state(author), str(ObjectState::Persistent));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), author->id()).toString(),
             QStringLiteral("Stephen King"));
}

void TestStates::shouldStayPersistentWhileMarkedForDelete() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a persistent user with no reviews
    QVERIFY(!lib.cat->isMarkedForDelete());

    // When it is removed
    QVERIFY2(f.session->remove(lib.cat), qPrintable(f.session->lastError().fullText()));

    // Then it is still persistent (only marked), and the row is still there
    QCOMPARE(f.state(lib.cat), str(ObjectState::Persistent));
    QVERIFY(lib.cat->isMarkedForDelete());
    QVERIFY(f.session->contains(lib.cat));
    QVERIFY(f.session->hasChanges());
    QVERIFY(f.rowExists(QStringLiteral("users"), lib.cat->id()));
}

void TestStates::shouldBeDeletedAfterFlushAndDetachedAfterCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a user marked for delete
    const QVariant id = lib.cat->id();
    QVERIFY(f.session->remove(lib.cat));

    // When the session flushes
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));

    // Then the user is deleted, and other connections still see the row (no COMMIT yet)
    QCOMPARE(f.state(lib.cat), str(ObjectState::Deleted));
    QVERIFY(f.rowExists(QStringLiteral("users"), id));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then it is detached, out of the session, and the row is gone
    QCOMPARE(f.state(lib.cat), str(ObjectState::Detached));
    QCOMPARE(str(lib.cat->state()), str(ObjectState::Detached));
    QVERIFY(!f.session->contains(lib.cat));
    QVERIFY(!f.rowExists(QStringLiteral("users"), id));
}

void TestStates::shouldLeaveIdentityMapWhenDeletedAndCommitted() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a user deleted and committed
    const QVariant id = lib.cat->id();
    QVERIFY(f.session->findLoaded(User::staticTable(), id) == lib.cat);
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the identity map no longer has it, and get() finds no row
    QVERIFY(f.session->findLoaded(User::staticTable(), id) == nullptr);
    QVERIFY(f.session->get<User>(id) == nullptr);
    QVERIFY(!f.session->hasChanges());
}

void TestStates::shouldDetachPersistentRecordOnExpunge() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When a persistent user is expunged
    f.session->expunge(lib.cat);

    // Then it is detached and the row is untouched
    QCOMPARE(f.state(lib.cat), str(ObjectState::Detached));
    QVERIFY(!f.session->contains(lib.cat));
    QVERIFY(f.session->findLoaded(User::staticTable(), lib.cat->id()) == nullptr);
    QVERIFY(f.rowExists(QStringLiteral("users"), lib.cat->id()));
}

void TestStates::shouldMakePendingRecordTransientOnExpunge() {
    SHELF_OPEN_FIXTURE(f)
    // Given a pending author
    auto author = Author::create(QStringLiteral("Stephen King"));
    f.session->add(author);

    // When it is expunged
    f.session->expunge(author);

    // Then it is transient again, and commit inserts nothing
    QCOMPARE(f.state(author), str(ObjectState::Transient));
    QVERIFY(!f.session->contains(author));
    QVERIFY(!f.session->hasChanges());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("authors")), 0);
    QCOMPARE(author->name(), QStringLiteral("Stephen King"));
}

void TestStates::shouldExpungeAlongCascade() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When Michael Crichton is expunged (Author.books and Book.reviews are "all": expunge too)
    f.session->expunge(lib.crichton);

    // Then his books and their reviews leave the session with him; users stay
    for (const RecordPtr &record : RecordList{lib.crichton, lib.jurassicPark, lib.andromeda,
                                              lib.jurassicParkByBuzz, lib.andromedaByAndy})
        QCOMPARE(f.state(record), str(ObjectState::Detached));
    for (const RecordPtr &record : RecordList{lib.king, lib.it, lib.andy, lib.buzz, lib.cat})
        QCOMPARE(f.state(record), str(ObjectState::Persistent));
    QVERIFY(!f.session->hasChanges());
    QVERIFY(f.rowExists(QStringLiteral("books"), lib.andromeda->id()));
}

void TestStates::shouldMakeDetachedRecordPersistentAgainOnAdd() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an expunged (detached) user
    f.session->expunge(lib.cat);
    QCOMPARE(f.state(lib.cat), str(ObjectState::Detached));

    // When it is added back
    f.session->add(lib.cat);

    // Then it is persistent again: a change to it is an UPDATE, not an INSERT
    QCOMPARE(f.state(lib.cat), str(ObjectState::Persistent));
    QVERIFY(lib.cat->setName(QStringLiteral("Catherine")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.recorder.writeSummary(), QStringList{QStringLiteral("UPDATE users")});
    QCOMPARE(f.count(QStringLiteral("users")), 3);
    QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), lib.cat->id()).toString(),
             QStringLiteral("Catherine"));
}

void TestStates::shouldTakeADetachedRecordIntoAnotherSessionWithItsValues() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a user expunged from the first session, with an edit staged after it left
    f.session->expunge(lib.cat);
    QVERIFY(lib.cat->session() == nullptr);
    QVERIFY(lib.cat->setName(QStringLiteral("Catherine")));

    // And another user expunged too, taken by the second session only after the first ended
    // (its row store retired with it)
    f.session->expunge(lib.buzz);

    // When a second session takes the first user, the first session ends, and the second takes
    // the other user
    const std::unique_ptr<orm::Session> other = f.freshSession();
    other->add(lib.cat);
    f.session.reset();
    QVERIFY(lib.buzz->session() == nullptr);
    other->add(lib.buzz);
    QVERIFY(lib.buzz->session() == other.get());
    QCOMPARE(lib.buzz->name(), QStringLiteral("Buzz"));

    // Then it is in the second session, persistent, with its committed and staged values, and
    // its edit is that session's to commit: an UPDATE of the row
    QVERIFY(lib.cat->session() == other.get());
    QVERIFY(other->contains(lib.cat));
    QCOMPARE(str(lib.cat->state()), str(ObjectState::Persistent));
    QCOMPARE(
        lib.cat->committedValue(lib.cat->table().columnIndex(QStringLiteral("name"))).toString(),
        QStringLiteral("Cat"));
    QCOMPARE(lib.cat->name(), QStringLiteral("Catherine"));
    QVERIFY(other->hasChanges());
    QVERIFY2(other->commit(), qPrintable(other->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("users")), 3);
    QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), lib.cat->id()).toString(),
             QStringLiteral("Catherine"));
    QVERIFY(!other->hasChanges());
}

void TestStates::shouldStayPersistentAfterCommit() {
    SHELF_OPEN_FIXTURE(f)
    // Given an author with a book, added and committed
    auto book = Book::create(QStringLiteral("It"));
    auto author = Author::create(QStringLiteral("Stephen King"), {book});
    f.session->add(author);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then both stay in the session as persistent records, with nothing left to commit
    QCOMPARE(f.state(author), str(ObjectState::Persistent));
    QCOMPARE(f.state(book), str(ObjectState::Persistent));
    QVERIFY(f.session->contains(author));
    QVERIFY(f.session->contains(book));
    QVERIFY(!f.session->hasChanges());
    QVERIFY(!author->hasChanges());
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), book->id()).toLongLong(),
             idOf(author));
}

void TestStates::shouldMatchDatabaseInCommittedSnapshotsAfterCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given edits of every kind, committed (rule 6)
    auto dune = Book::create(QStringLiteral("Dune"));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
    f.session->add(herbert);
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(lib.itByAndy->setRating(1));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then every record still in the session holds, as staged and as committed, its row
    const auto rows = f.rowsById();
    RecordList records = lib.all();
    records << herbert << dune;
    for (const RecordPtr &record : records) {
        if (record == lib.cat)
            continue;
        QCOMPARE(f.state(record), str(ObjectState::Persistent));
        const QStringList row = rows.value(record->table().name()).value(idOf(record));
        QCOMPARE(row.size(), record->table().columnCount());
        for (int column = 0; column < record->table().columnCount(); ++column) {
            QCOMPARE(render(record->committedValue(column)), row.at(column));
            QCOMPARE(render(record->value(column)), row.at(column));
        }
        QVERIFY(!record->hasChanges());
    }
}

void TestStates::shouldReadBackKeysAndDefaultsAtCommit() {
    // Given a table whose columns have database defaults
    orm::Metadata metadata;
    orm::Table &notes = metadata.addTable(QStringLiteral("notes"), QStringLiteral("Note"));
    notes.addColumn(orm::Column::key());
    notes.addColumn(orm::Column::text(QStringLiteral("body")).notNull());
    notes.addColumn(orm::Column::text(QStringLiteral("status")).withDefault(QStringLiteral("new")));
    notes.addColumn(orm::Column::integer(QStringLiteral("priority")).withDefault(3));
    notes.setDisplayColumn(QStringLiteral("body"));
    notes.setFactory([](const orm::Table *table) { return std::make_shared<orm::Record>(table); });
    metadata.finalize();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    orm::Session session(db.connection(), metadata);
    QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));

    // When a note without status and priority and one with them are committed
    RecordPtr plain = notes.createRecord();
    QVERIFY(plain->setValue(QStringLiteral("body"), QStringLiteral("plain")));
    RecordPtr explicitOne = notes.createRecord();
    QVERIFY(explicitOne->setValue(QStringLiteral("body"), QStringLiteral("explicit")));
    QVERIFY(explicitOne->setValue(QStringLiteral("status"), QStringLiteral("done")));
    QVERIFY(explicitOne->setValue(QStringLiteral("priority"), 1));
    session.addAll({plain, explicitOne});
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

    // Then the keys and the defaults the database filled in are read back into the records
    QVERIFY(!plain->id().isNull());
    QCOMPARE(plain->value(QStringLiteral("status")).toString(), QStringLiteral("new"));
    QCOMPARE(plain->value(QStringLiteral("priority")).toInt(), 3);
    QCOMPARE(plain->committedValue(notes.columnIndex(QStringLiteral("status"))).toString(),
             QStringLiteral("new"));
    QVERIFY(!plain->hasChanges());
    QCOMPARE(
        db.rows(QStringLiteral("SELECT status, priority FROM notes WHERE id = ?"), {plain->id()}),
        (QList<QVariantList>{{QStringLiteral("new"), 3}}));
    QCOMPARE(explicitOne->value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    QCOMPARE(db.rows(QStringLiteral("SELECT status, priority FROM notes WHERE id = ?"),
                     {explicitOne->id()}),
             (QList<QVariantList>{{QStringLiteral("done"), 1}}));
}

void TestStates::shouldTreatSecondRemoveAsNoOp() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a user marked for delete
    QVERIFY(f.session->remove(lib.cat));
    const auto changes = f.session->pendingChanges().size();

    // When it is removed again
    const bool removedAgain = f.session->remove(lib.cat);

    // Then nothing changes: no error, the same pending changes, and commit deletes one row once
    QVERIFY(removedAgain);
    QVERIFY(!f.session->lastError().isError());
    QCOMPARE(f.state(lib.cat), str(ObjectState::Persistent));
    QVERIFY(lib.cat->isMarkedForDelete());
    QCOMPARE(f.session->pendingChanges().size(), changes);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.recorder.withVerb(QStringLiteral("DELETE")).size(), 1);
    QCOMPARE(f.count(QStringLiteral("users")), 2);
}

void TestStates::shouldRefuseEditsToRecordMarkedForDelete() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a book marked for delete
    QVERIFY(f.session->remove(lib.it));

    // When its title, borrower or author is edited
    const bool titleSet = lib.it->setTitle(QStringLiteral("Changed"));
    const bool borrowerSet = lib.it->setBorrower(lib.buzz);
    const bool authorSet = lib.it->setAuthor(lib.crichton);

    // Then every edit is refused and nothing changed
    QVERIFY(!titleSet);
    QVERIFY(!borrowerSet);
    QVERIFY(!authorSet);
    QCOMPARE(lib.it->title(), QStringLiteral("It"));
    QVERIFY(lib.it->borrower() == lib.andy);
    QVERIFY(lib.it->author() == lib.king);
    QVERIFY(!lib.crichton->books().contains(lib.it));

    // And rollback brings back an editable book
    f.session->rollback();
    QVERIFY(lib.it->setTitle(QStringLiteral("Changed")));
}

void TestStates::shouldRefuseNewChildrenOfRecordMarkedForDelete() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Stephen King marked for delete
    QVERIFY(f.session->remove(lib.king));

    // When his name is edited or a new book is appended to his books
    auto carrie = Book::create(QStringLiteral("Carrie"));
    const bool renamed = lib.king->setName(QStringLiteral("Richard Bachman"));
    const bool appended = lib.king->books().append(carrie);

    // Then both edits are refused: the book stays out of the session and out of his books
    QVERIFY(!renamed);
    QVERIFY(!appended);
    QCOMPARE(lib.king->name(), QStringLiteral("Stephen King"));
    QCOMPARE(f.state(carrie), str(ObjectState::Transient));
    QVERIFY(!lib.king->books().contains(carrie));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(f.recorder.withVerb(QStringLiteral("INSERT")).isEmpty());
}

void TestStates::shouldDiscardPendingRecordOnRemove() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new book of a persistent author, pending
    auto book = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(book));
    QCOMPARE(f.state(book), str(ObjectState::Pending));

    // When it is removed
    QVERIFY2(f.session->remove(book), qPrintable(f.session->lastError().fullText()));

    // Then it is discarded: transient, out of the session and its author's books, never inserted
    QCOMPARE(f.state(book), str(ObjectState::Transient));
    QVERIFY(!f.session->contains(book));
    QVERIFY(!lib.king->books().contains(book));
    QVERIFY(f.session->newRecords(Book::staticTable()).isEmpty());
    QVERIFY(!f.session->hasChanges());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(f.recorder.withVerb(QStringLiteral("INSERT")).isEmpty());
    QCOMPARE(f.count(QStringLiteral("books")), 3);
}

void TestStates::shouldRefuseRemoveOfTransientRecord() {
    SHELF_OPEN_FIXTURE(f)
    // Given an author no session has seen
    auto author = Author::create(QStringLiteral("Stephen King"));

    // When it is removed
    const bool removed = f.session->remove(author);

    // Then remove() fails with a usage error and the record stays transient
    QVERIFY(!removed);
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Usage));
    QCOMPARE(f.state(author), str(ObjectState::Transient));
    QVERIFY(!f.session->hasChanges());
}

void TestStates::shouldRefuseRemoveOfDetachedRecord() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an expunged (detached) user
    f.session->expunge(lib.cat);

    // When it is removed
    const bool removed = f.session->remove(lib.cat);

    // Then remove() fails with a usage error, and nothing is staged or deleted
    QVERIFY(!removed);
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Usage));
    QCOMPARE(f.state(lib.cat), str(ObjectState::Detached));
    QVERIFY(!f.session->hasChanges());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(f.rowExists(QStringLiteral("users"), lib.cat->id()));
}

QTEST_GUILESS_MAIN(TestStates)
#include "tst_states.moc"
