// docs/contract.md §2 rule 12: UPDATE and DELETE check that the row is still what the session
// loaded; a row changed or deleted by someone else fails the commit as a conflict naming the
// record, nothing is overwritten, and rule 8 applies (memory exactly as before the commit).

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

using namespace shelftest;

namespace {

enum class OtherUser { Updates, Deletes };
enum class Mine { Updates, Deletes };

} // namespace

Q_DECLARE_METATYPE(OtherUser)
Q_DECLARE_METATYPE(Mine)

class TestConflicts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldFailCommitAsConflict_data();
    void shouldFailCommitAsConflict();
    void shouldDetectChangeToAnotherColumnOfTheRow();
    void shouldDetectConflictBetweenTwoSessions();
    void shouldNotEraseBorrowingMadeByAnotherUser();
    void shouldFailDeleteWhenAnotherUserAddedAChild_data();
    void shouldFailDeleteWhenAnotherUserAddedAChild();
    void shouldNotReportConflictForNullOriginalValues();
    void shouldNotReportConflictForOwnEarlierCommit();
    void shouldCommitAfterReloadingTheChangedRow();
};

void TestConflicts::shouldFailCommitAsConflict_data() {
    QTest::addColumn<OtherUser>("other");
    QTest::addColumn<Mine>("mine");
    QTest::newRow("row updated meanwhile, session updates") << OtherUser::Updates << Mine::Updates;
    QTest::newRow("row updated meanwhile, session deletes") << OtherUser::Updates << Mine::Deletes;
    QTest::newRow("row deleted meanwhile, session updates") << OtherUser::Deletes << Mine::Updates;
    QTest::newRow("row deleted meanwhile, session deletes") << OtherUser::Deletes << Mine::Deletes;
}

void TestConflicts::shouldFailCommitAsConflict() {
    QFETCH(OtherUser, other);
    QFETCH(Mine, mine);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)

    // Given another user who changes or deletes Andy's review of It
    const QVariant id = lib.itByAndy->id();
    if (other == OtherUser::Updates)
        QVERIFY2(f.db.exec(QStringLiteral("UPDATE reviews SET text = ? WHERE id = ?"),
                           {QStringLiteral("Changed by Bob"), id}),
                 qPrintable(f.db.errorString()));
    else
        QVERIFY2(f.db.exec(QStringLiteral("DELETE FROM reviews WHERE id = ?"), {id}),
                 qPrintable(f.db.errorString()));
    // And a session that, unaware, stages a new author, a rename, and an edit or delete of it
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    if (mine == Mine::Updates)
        QVERIFY(lib.itByAndy->setRating(1));
    else
        QVERIFY(f.session->remove(lib.itByAndy));
    RecordList everything = lib.all();
    everything << herbert;
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();

    // When the session commits
    const bool committed = f.session->commit();

    // Then it fails as a conflict naming the review
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Conflict));
    QVERIFY2(error.record == lib.itByAndy, qPrintable(error.fullText()));
    QCOMPARE(error.table, QStringLiteral("reviews"));
    QVERIFY(!error.message().isEmpty());
    // And nothing was overwritten or re-inserted, and nothing else was written
    QCOMPARE(f.dump(), rowsBefore);
    if (other == OtherUser::Updates)
        QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
                 QStringLiteral("Changed by Bob"));
    else
        QVERIFY(!f.rowExists(QStringLiteral("reviews"), id));
    // And memory is exactly as before the commit
    const QString difference = firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(herbert->id().isNull());
    QVERIFY(f.session->hasChanges());
}

void TestConflicts::shouldDetectChangeToAnotherColumnOfTheRow() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given another user who renames It
    QVERIFY(f.db.exec(QStringLiteral("UPDATE books SET title = ? WHERE id = ?"),
                      {QStringLiteral("IT"), lib.it->id()}));

    // When the session, unaware, lends It to Buzz and commits
    QVERIFY(lib.it->setBorrower(lib.buzz));
    const bool committed = f.session->commit();

    // Then the row is not what the session loaded: a conflict, and the title stays Bob's
    QVERIFY(!committed);
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));
    QVERIFY(f.session->lastError().record == lib.it);
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), lib.it->id()).toString(),
             QStringLiteral("IT"));
    QCOMPARE(
        f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.it->id()).toLongLong(),
        idOf(lib.andy));
}

void TestConflicts::shouldDetectConflictBetweenTwoSessions() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a second session that renames Stephen King and commits
    auto other = f.freshSession();
    auto king = other->get<Author>(lib.king->id());
    QVERIFY(king->setName(QStringLiteral("S. King")));
    QVERIFY2(other->commit(), qPrintable(other->lastError().fullText()));

    // When the first session renames him too and commits
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    const bool committed = f.session->commit();

    // Then the first session gets a conflict naming the author, and the second one's name stays
    QVERIFY(!committed);
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));
    QVERIFY(f.session->lastError().record == lib.king);
    QCOMPARE(f.session->lastError().table, QStringLiteral("authors"));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("S. King"));
    QCOMPARE(lib.king->name(), QStringLiteral("Richard Bachman"));
}

void TestConflicts::shouldNotEraseBorrowingMadeByAnotherUser() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given another user who lends The Andromeda Strain (Cat's) to Buzz
    QVERIFY(f.db.exec(QStringLiteral("UPDATE books SET borrower_id = ? WHERE id = ?"),
                      {lib.buzz->id(), lib.andromeda->id()}));

    // When the session, unaware, deletes Cat (which returns the books it knows she borrowed)
    QVERIFY(f.session->remove(lib.cat));
    const bool committed = f.session->commit();

    // Then Buzz's borrowing is not erased: either the commit fails as a conflict on the book, or
    // it leaves the borrowing alone and memory says so too
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                 .toLongLong(),
             idOf(lib.buzz));
    if (!committed) {
        QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));
        QVERIFY(f.session->lastError().record == lib.andromeda);
        QVERIFY(f.rowExists(QStringLiteral("users"), lib.cat->id()));
    } else {
        QCOMPARE(lib.andromeda->committedValue(Book::BorrowerIdColumn).toLongLong(),
                 idOf(lib.buzz));
        QVERIFY(lib.andromeda->borrower() == lib.buzz);
    }
}

void TestConflicts::shouldFailDeleteWhenAnotherUserAddedAChild_data() {
    QTest::addColumn<bool>("author");
    QTest::newRow("a book for the author being deleted") << true;
    QTest::newRow("a review of the book being deleted") << false;
}

void TestConflicts::shouldFailDeleteWhenAnotherUserAddedAChild() {
    QFETCH(bool, author);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given another user who adds a book for Stephen King, or a review of It
    if (author)
        QVERIFY(
            f.db.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES ('Carrie', ?)"),
                      {lib.king->id()}));
    else
        QVERIFY(f.db.exec(
            QStringLiteral("INSERT INTO reviews (book_id, user_id, rating) VALUES (?, ?, 1)"),
            {lib.it->id(), lib.buzz->id()}));
    const auto rows = f.dump();

    // When the session, unaware, deletes the parent (and what it knows of its children)
    const RecordPtr parent = author ? RecordPtr(lib.king) : RecordPtr(lib.it);
    QVERIFY(f.session->remove(parent));
    const QString memory = memoryOf(*f.session, lib.all());
    const bool committed = f.session->commit();

    // Then the commit fails, naming the parent, and the other user's row is not deleted
    QVERIFY(!committed);
    QVERIFY2(f.session->lastError().record == parent,
             qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.dump(), rows);
    const QString difference = firstDifference(memoryOf(*f.session, lib.all()), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestConflicts::shouldNotReportConflictForNullOriginalValues() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a book that nobody borrowed and a review without text (NULL columns), committed
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));
    auto review = Review::create(lib.it, lib.buzz, 2);
    QVERIFY(review->setValue(Review::TextColumn, QVariant()));
    f.session->add(review);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), carrie->id()).isNull());

    // When they are edited and one is deleted, with nobody else involved
    QVERIFY(carrie->setTitle(QStringLiteral("Carrie (1974)")));
    QVERIFY(f.session->remove(review));

    // Then the commit succeeds: NULL originals compare as equal
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), carrie->id()).toString(),
             QStringLiteral("Carrie (1974)"));
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), review->id()));
}

void TestConflicts::shouldNotReportConflictForOwnEarlierCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a rename committed by this session
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // When the same record is renamed again, and a flushed change edited again before commit
    QVERIFY(lib.king->setName(QStringLiteral("Stephen King")));
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(lib.it->setTitle(QStringLiteral("It (2017)")));

    // Then the session's own writes are no conflict
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Stephen King"));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), lib.it->id()).toString(),
             QStringLiteral("It (2017)"));
}

void TestConflicts::shouldCommitAfterReloadingTheChangedRow() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a conflict on Stephen King's name
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = ? WHERE id = ?"),
                      {QStringLiteral("S. King"), lib.king->id()}));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(!f.session->commit());
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));

    // When the user throws the edit away, reloads the row and edits it again
    f.session->rollback();
    f.session->expunge(lib.king);
    auto king = f.session->get<Author>(lib.king->id());
    QVERIFY(king);
    QCOMPARE(king->name(), QStringLiteral("S. King"));
    QVERIFY(king->setName(QStringLiteral("Richard Bachman")));

    // Then the commit succeeds
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), king->id()).toString(),
             QStringLiteral("Richard Bachman"));
}

QTEST_GUILESS_MAIN(TestConflicts)
#include "tst_conflicts.moc"
