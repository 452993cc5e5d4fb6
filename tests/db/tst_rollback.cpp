// docs/contract.md §2 rule 7: rollback() restores memory from the committed snapshots without a
// database round trip (★); pending records become transient and leave the session, keeping their
// values; records marked for delete are persistent again; values and collections return to their
// committed state.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>

using namespace shelftest;

class TestRollback : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldRestoreCommittedValueAsInTutorial();
    void shouldRestoreWithoutDatabaseRoundTrip();
    void shouldRestoreWithTheConnectionClosed();
    void shouldMakePendingRecordsTransientKeepingTheirValues();
    void shouldMakeRecordsMarkedForDeletePersistentAgain();
    void shouldRestoreCollectionsAfterMove();
    void shouldRestoreCollectionsAfterAppendAndRemove();
    void shouldRestoreBorrowerOnBothSides();
    void shouldRestoreCollectionsLoadedAfterTheEdit_data();
    void shouldRestoreCollectionsLoadedAfterTheEdit();
    void shouldUndoFlushedWorkInDatabaseAndMemory();
    void shouldLeaveSessionUsable();
    void shouldFindEveryRecordUnderItsCommittedKeyAfterRollback();
};

void TestRollback::shouldRestoreCommittedValueAsInTutorial() {
    SHELF_OPEN_FIXTURE(f)
    // Given an author committed as in the tutorial
    auto author = Author::create(QStringLiteral("Stephen King"));
    f.session->add(author);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // When the name is changed and the session rolls back
    QVERIFY(author->setName(QStringLiteral("Steppen Kang")));
    QVERIFY(f.session->hasChanges());
    f.session->rollback();

    // Then the committed name is back, and nothing is left to commit
    QCOMPARE(author->name(), QStringLiteral("Stephen King"));
    QVERIFY(!author->isModified(Author::NameColumn));
    QVERIFY(!f.session->hasChanges());
    QCOMPARE(f.state(author), str(ObjectState::Persistent));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), author->id()).toString(),
             QStringLiteral("Stephen King"));
}

void TestRollback::shouldRestoreWithoutDatabaseRoundTrip() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given edits, a move, an insert and a delete, none flushed
    QVERIFY(lib.king->setName(QStringLiteral("Steppen Kang")));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    f.session->add(User::create(QStringLiteral("Dora")));
    QVERIFY(f.session->remove(lib.cat));
    const quint64 before = f.session->statementCount();

    // When the session rolls back
    f.session->rollback();

    // Then no statement ran
    QCOMPARE(f.session->statementCount(), before);
    QCOMPARE(lib.king->name(), QStringLiteral("Stephen King"));
    QVERIFY(lib.andromeda->author() == lib.crichton);
}

void TestRollback::shouldRestoreWithTheConnectionClosed() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QString committed = memoryOf(*f.session, lib.all()); // reads every collection now
    const auto rowsBefore = f.dump();
    // Given edits, a move, a new author with a book, a new book of a persistent author, a new
    // loan and deletes, none flushed
    QVERIFY(lib.king->setName(QStringLiteral("Steppen Kang")));
    QVERIFY(lib.itByAndy->setRating(1));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(lib.it->setBorrower(lib.cat));
    auto dune = Book::create(QStringLiteral("Dune"));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
    f.session->add(herbert);
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));
    QVERIFY(f.session->remove(lib.andromedaByAndy));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY(f.session->hasChanges());
    const quint64 statements = f.session->statementCount();

    // And the session's connection closed under it: any statement would now fail
    {
        QSqlDatabase connection = f.session->database();
        connection.close();
        QVERIFY(!connection.isOpen());
    }

    // When the session rolls back
    QSignalSpy rolledBack(f.session.get(), &orm::Session::rolledBack);
    f.session->rollback();

    // Then it did so without the database: no statement, no error
    QCOMPARE(f.session->statementCount(), statements);
    QVERIFY2(!f.session->lastError(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(rolledBack.count(), 1);
    // And memory is as committed: values, states, delete marks, parents and collections
    const QString difference = firstDifference(memoryOf(*f.session, lib.all()), committed);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(f.session->statementCount(), statements); // reading the collections ran nothing
    QVERIFY(!f.session->hasChanges());
    // And the new records are transient, out of the session, with their values
    for (const RecordPtr &record : RecordList{herbert, dune, carrie}) {
        QCOMPARE(f.state(record), str(ObjectState::Transient));
        QVERIFY(!f.session->contains(record));
    }
    QCOMPARE(dune->title(), QStringLiteral("Dune"));
    QVERIFY(f.session->newRecords(Author::staticTable()).isEmpty());
    QVERIFY(f.session->newRecords(Book::staticTable()).isEmpty());

    // When the session reconnects and commits
    QVERIFY2(f.session->reconnect(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then nothing was written: the database is as it was
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
    QCOMPARE(f.dump(), rowsBefore);
}

void TestRollback::shouldMakePendingRecordsTransientKeepingTheirValues() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new author with a book and a new book of a persistent author
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));
    auto dune = Book::create(QStringLiteral("Dune"));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
    f.session->add(herbert);

    // When the session rolls back
    f.session->rollback();

    // Then they are transient, out of the session, and keep their values
    for (const RecordPtr &record : RecordList{carrie, dune, herbert}) {
        QCOMPARE(f.state(record), str(ObjectState::Transient));
        QVERIFY(!f.session->contains(record));
    }
    QCOMPARE(herbert->name(), QStringLiteral("Frank Herbert"));
    QCOMPARE(dune->title(), QStringLiteral("Dune"));
    QCOMPARE(carrie->title(), QStringLiteral("Carrie"));
    QVERIFY(f.session->newRecords(Book::staticTable()).isEmpty());
    QVERIFY(f.session->newRecords(Author::staticTable()).isEmpty());
    // And the persistent author's books are as committed
    QCOMPARE(lib.king->books().size(), 1);
    QVERIFY(!lib.king->books().contains(carrie));
    // And a later commit inserts nothing
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(f.recorder.writes().isEmpty());
    QCOMPARE(f.count(QStringLiteral("books")), 3);
}

void TestRollback::shouldMakeRecordsMarkedForDeletePersistentAgain() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Michael Crichton removed (books and reviews cascade)
    QVERIFY(f.session->remove(lib.crichton));
    QVERIFY(lib.jurassicPark->isMarkedForDelete());

    // When the session rolls back
    f.session->rollback();

    // Then all of them are persistent, unmarked and editable, and the collections are whole
    for (const RecordPtr &record : RecordList{lib.crichton, lib.jurassicPark, lib.andromeda,
                                              lib.jurassicParkByBuzz, lib.andromedaByAndy}) {
        QCOMPARE(f.state(record), str(ObjectState::Persistent));
        QVERIFY(!record->isMarkedForDelete());
    }
    QCOMPARE(lib.crichton->books().size(), 2);
    QCOMPARE(lib.jurassicPark->reviews().size(), 1);
    QVERIFY(lib.jurassicPark->setTitle(QStringLiteral("Jurassic Park (1990)")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.recorder.writeSummary(), QStringList{QStringLiteral("UPDATE books")});
    QCOMPARE(f.count(QStringLiteral("books")), 3);
}

void TestRollback::shouldRestoreCollectionsAfterMove() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given The Andromeda Strain moved from Michael Crichton to Stephen King
    QVERIFY(lib.king->books().append(lib.andromeda));
    QVERIFY(lib.andromeda->author() == lib.king);
    QCOMPARE(lib.crichton->books().size(), 1);

    // When the session rolls back
    f.session->rollback();

    // Then the book, both collections and the foreign key are as committed
    QVERIFY(lib.andromeda->author() == lib.crichton);
    QCOMPARE(lib.andromeda->value(Book::AuthorIdColumn).toLongLong(), idOf(lib.crichton));
    QVERIFY(lib.crichton->books().contains(lib.andromeda));
    QCOMPARE(lib.crichton->books().size(), 2);
    QVERIFY(!lib.king->books().contains(lib.andromeda));
    QCOMPARE(lib.king->books().size(), 1);
    QVERIFY(!f.session->hasChanges());
}

void TestRollback::shouldRestoreCollectionsAfterAppendAndRemove() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given It removed from Stephen King's books (an orphan) and a review removed from a book
    QVERIFY(lib.king->books().remove(lib.it));
    QVERIFY(lib.it->author() == nullptr);
    QVERIFY(lib.jurassicPark->reviews().remove(lib.jurassicParkByBuzz));

    // When the session rolls back
    f.session->rollback();

    // Then both are back with their parents, and commit writes nothing
    QVERIFY(lib.it->author() == lib.king);
    QVERIFY(lib.king->books().contains(lib.it));
    QVERIFY(lib.jurassicParkByBuzz->book() == lib.jurassicPark);
    QVERIFY(lib.jurassicPark->reviews().contains(lib.jurassicParkByBuzz));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
}

void TestRollback::shouldRestoreBorrowerOnBothSides() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given It lent to Buzz instead of Andy
    QVERIFY(lib.it->setBorrower(lib.buzz));
    QVERIFY(lib.buzz->borrowed().contains(lib.it));

    // When the session rolls back
    f.session->rollback();

    // Then Andy has it again, on both sides of the relationship
    QVERIFY(lib.it->borrower() == lib.andy);
    QVERIFY(lib.andy->borrowed().contains(lib.it));
    QVERIFY(!lib.buzz->borrowed().contains(lib.it));
}

void TestRollback::shouldRestoreCollectionsLoadedAfterTheEdit_data() {
    QTest::addColumn<bool>("orphan");
    QTest::newRow("book moved to another author") << false;
    QTest::newRow("book removed from its author (orphan)") << true;
}

void TestRollback::shouldRestoreCollectionsLoadedAfterTheEdit() {
    QFETCH(bool, orphan);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session that loaded two authors and a book, but not the authors' books
    auto session = f.freshSession();
    auto king = session->get<Author>(lib.king->id());
    auto crichton = session->get<Author>(lib.crichton->id());
    auto andromeda = session->get<Book>(lib.andromeda->id());
    QVERIFY(king && crichton && andromeda);
    // And the book moved to Stephen King, or taken from Michael Crichton, before his books load
    if (orphan)
        QVERIFY(crichton->books().remove(andromeda));
    else
        QVERIFY(andromeda->setAuthor(king));
    QVERIFY(!crichton->books().contains(andromeda));
    QCOMPARE(king->books().contains(andromeda), !orphan);

    // When the session rolls back
    session->rollback();

    // Then the book is Michael Crichton's again, on both sides
    QVERIFY(andromeda->author() == crichton);
    QVERIFY(crichton->books().contains(andromeda));
    QCOMPARE(crichton->books().size(), 2);
    QVERIFY(!king->books().contains(andromeda));
    QCOMPARE(king->books().size(), 1);
    QVERIFY(!session->hasChanges());
}

void TestRollback::shouldUndoFlushedWorkInDatabaseAndMemory() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an insert, an update and a delete, flushed
    const auto before = f.dump();
    auto dora = User::create(QStringLiteral("Dora"));
    f.session->add(dora);
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.state(lib.cat), str(ObjectState::Deleted));

    // When the session rolls back
    f.session->rollback();

    // Then the database is as before and memory is as committed
    QCOMPARE(f.dump(), before);
    QCOMPARE(lib.king->name(), QStringLiteral("Stephen King"));
    QCOMPARE(f.state(lib.cat), str(ObjectState::Persistent));
    QVERIFY(!lib.cat->isMarkedForDelete());
    QVERIFY(lib.andromeda->borrower() == lib.cat);
    QCOMPARE(f.state(dora), str(ObjectState::Transient));
    QCOMPARE(dora->name(), QStringLiteral("Dora"));
    QVERIFY(!f.session->hasChanges());

    // And the rolled-back new user can be added and committed again
    f.session->add(dora);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), dora->id()).toString(),
             QStringLiteral("Dora"));
    QCOMPARE(f.count(QStringLiteral("users")), 4);
}

void TestRollback::shouldLeaveSessionUsable() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a rolled-back edit
    QVERIFY(lib.king->setName(QStringLiteral("Steppen Kang")));
    f.session->rollback();

    // When another edit is committed
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then it reaches the database
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QVERIFY(!f.session->hasChanges());
}

void TestRollback::shouldFindEveryRecordUnderItsCommittedKeyAfterRollback() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a book's title edited and never flushed, an author's name edited and flushed and
    // edited again, and a user deleted by a flush
    QVERIFY(lib.it->setTitle(QStringLiteral("It (edited)")));
    QVERIFY(lib.crichton->setName(QStringLiteral("John Lange")));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.state(lib.cat), str(ObjectState::Deleted));
    QVERIFY(lib.crichton->setName(QStringLiteral("Michael Douglas")));

    // When the session rolls back
    f.session->rollback();

    // Then each record is the one the identity map holds under its committed key, with its
    // committed values, found without a statement
    const quint64 before = f.session->statementCount();
    QVERIFY(f.session->findLoaded(Book::staticTable(), lib.it->id()) == lib.it);
    QVERIFY(f.session->findLoaded(Author::staticTable(), lib.crichton->id()) == lib.crichton);
    QVERIFY(f.session->findLoaded(User::staticTable(), lib.cat->id()) == lib.cat);
    QVERIFY(f.session->findLoaded(Author::staticTable(), lib.king->id()) == lib.king);
    QCOMPARE(f.session->statementCount(), before);
    QCOMPARE(lib.it->title(), QStringLiteral("It"));
    QCOMPARE(lib.crichton->name(), QStringLiteral("Michael Crichton"));
    QVERIFY(!lib.it->isModified(Book::TitleColumn));
    QVERIFY(!f.session->hasChanges());
    // And a query gives back those very records
    const orm::RecordList users = f.session->query(User::staticTable());
    QVERIFY(std::find(users.begin(), users.end(), lib.cat) != users.end());
    const orm::RecordList books = f.session->query(Book::staticTable());
    QVERIFY(std::find(books.begin(), books.end(), lib.it) != books.end());

    // And the next rollback, after edits of the same records, restores them again
    QVERIFY(lib.it->setTitle(QStringLiteral("It, again")));
    QVERIFY(lib.cat->setValue(QStringLiteral("name"), QStringLiteral("Kat")));
    f.session->rollback();
    QVERIFY(f.session->findLoaded(Book::staticTable(), lib.it->id()) == lib.it);
    QVERIFY(f.session->findLoaded(User::staticTable(), lib.cat->id()) == lib.cat);
    QCOMPARE(lib.it->title(), QStringLiteral("It"));
}

QTEST_GUILESS_MAIN(TestRollback)
#include "tst_rollback.moc"
