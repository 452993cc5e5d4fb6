// docs/contract.md §2 rule 8 (★ a failed commit loses nothing: the transaction is rolled back,
// memory is exactly as before commit() — no keys, no filled foreign keys, deletes still staged —
// the session stays usable, and the error names record and column) and §6 bad input: an empty NOT
// NULL field, a rating outside 1–5, text in an integer column, a foreign key to a missing row, a
// duplicate primary key. After fixing the value, the same commit succeeds.

#include "libraryfixture.h"
#include "orm/newrowwriter.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;

namespace {

enum class BadInput {
    EmptyTitleOnUpdate,
    NullTitleOnInsert,
    EmptyNameOnInsert,
    RatingZero,
    RatingSix,
    TextInRating,
    MissingAuthor,
    DuplicateKey,
};

/// Commits, expecting the database to refuse `refused` and the failed commit to leave the
/// database's rows and every record of `everything` (values, committed values in the row store,
/// states, parents and collections) exactly as they were (rule 8).
template <class Fixture>
void commitExpectingRefusalOf(Fixture &f, const orm::RecordPtr &refused,
                              const orm::RecordList &everything) {
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();
    QVERIFY(!f.session->commit());
    QVERIFY2(f.session->lastError().record == refused,
             qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.dump(), rowsBefore);
    const QString difference = firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

} // namespace

Q_DECLARE_METATYPE(BadInput)

class TestFailedCommit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldKeepEveryStagedEditWhenCommitFails_data();
    void shouldKeepEveryStagedEditWhenCommitFails();
    void shouldFailAgainIdenticallyWhenNothingWasFixed();
    void shouldSayTheDatabaseIsLockedAndKeepEverythingWhileAnotherHoldsItsLock();
    void shouldKeepStagedEditsWhenFlushFails();
    void shouldClearErrorAfterSuccessfulCommit();
    void shouldKeepEarlierFlushWhenCommitFails();
    void shouldRollBackEarlierFlushAfterFailedCommit();
    void shouldLeaveEveryRecordAsBeforeWhenALargeCommitFailsOnItsLastRow();
    void shouldLeaveImportedRowsMixedWithEditsAsBeforeWhenTheirCommitFails();
};

void TestFailedCommit::shouldKeepEveryStagedEditWhenCommitFails_data() {
    QTest::addColumn<BadInput>("input");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::newRow("empty title on a persistent book")
        << BadInput::EmptyTitleOnUpdate << QStringLiteral("books") << QStringLiteral("title");
    QTest::newRow("null title on a new book")
        << BadInput::NullTitleOnInsert << QStringLiteral("books") << QStringLiteral("title");
    QTest::newRow("empty name on a new user")
        << BadInput::EmptyNameOnInsert << QStringLiteral("users") << QStringLiteral("name");
    QTest::newRow("rating 0") << BadInput::RatingZero << QStringLiteral("reviews")
                              << QStringLiteral("rating");
    QTest::newRow("rating 6") << BadInput::RatingSix << QStringLiteral("reviews")
                              << QStringLiteral("rating");
    QTest::newRow("text in the integer rating")
        << BadInput::TextInRating << QStringLiteral("reviews") << QStringLiteral("rating");
    QTest::newRow("author_id of a missing author")
        << BadInput::MissingAuthor << QStringLiteral("books") << QStringLiteral("author_id");
    QTest::newRow("duplicate primary key")
        << BadInput::DuplicateKey << QStringLiteral("authors") << QStringLiteral("id");
}

void TestFailedCommit::shouldKeepEveryStagedEditWhenCommitFails() {
    QFETCH(BadInput, input);
    QFETCH(QString, table);
    QFETCH(QString, column);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)

    // Given staged work of every kind: a new author with a new book, a rename, a move, a staged
    // delete (whose borrowed book will be returned) and an orphan
    auto dune = Book::create(QStringLiteral("Dune"));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
    f.session->add(herbert);
    QVERIFY(lib.crichton->setName(QStringLiteral("John Lange")));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY(lib.jurassicPark->reviews().remove(lib.jurassicParkByBuzz));

    // And one bad value
    RecordPtr bad;
    const auto newReview = [&](const QVariant &rating) {
        auto review = Review::create(lib.it, lib.buzz, 3, QStringLiteral("bad"));
        review->setValue(Review::RatingColumn, rating);
        f.session->add(review);
        return review;
    };
    switch (input) {
    case BadInput::EmptyTitleOnUpdate:
        QVERIFY(lib.it->setTitle(QString(QLatin1String(""))));
        bad = lib.it;
        break;
    case BadInput::NullTitleOnInsert: {
        auto book = Book::create(QStringLiteral("placeholder"));
        QVERIFY(book->setValue(Book::TitleColumn, QVariant()));
        QVERIFY(lib.king->books().append(book));
        bad = book;
        break;
    }
    case BadInput::EmptyNameOnInsert: {
        auto user = User::create(QString(QLatin1String("")));
        f.session->add(user);
        bad = user;
        break;
    }
    case BadInput::RatingZero:
        bad = newReview(0);
        break;
    case BadInput::RatingSix:
        bad = newReview(6);
        break;
    case BadInput::TextInRating:
        bad = newReview(QStringLiteral("five"));
        break;
    case BadInput::MissingAuthor:
        QVERIFY(lib.it->setValue(Book::AuthorIdColumn, 987654));
        bad = lib.it;
        break;
    case BadInput::DuplicateKey: {
        auto author = Author::create(QStringLiteral("Impostor"));
        QVERIFY(author->setValue(Author::IdColumn, lib.king->id()));
        f.session->add(author);
        bad = author;
        break;
    }
    }
    RecordList everything = lib.all();
    everything << herbert << dune;
    if (!everything.contains(bad))
        everything << bad;
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();
    const auto pendingBefore = f.session->pendingChanges().size();

    // When the session commits
    const bool committed = f.session->commit();

    // Then the commit fails with an error naming the record and the column
    QVERIFY(!committed);
    const orm::Error error = f.session->lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Validation ||
                 error.kind == orm::Error::Kind::Constraint,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY2(error.record == bad, qPrintable(error.fullText()));
    QCOMPARE(error.table, table);
    QCOMPARE(error.column, column);
    QVERIFY(!error.message().isEmpty());
    if (error.kind == orm::Error::Kind::Constraint) // the driver's own text, for the details pane
        QVERIFY(!error.driverMessage.isEmpty());
    // And the database and memory are exactly as before: no keys, no foreign keys filled in,
    // deletes still staged
    QCOMPARE(f.dump(), rowsBefore);
    const QString memoryDifference =
        firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(memoryDifference.isEmpty(), qPrintable(memoryDifference));
    QVERIFY(herbert->id().isNull());
    QVERIFY(dune->value(Book::AuthorIdColumn).isNull());
    QVERIFY(lib.cat->isMarkedForDelete());
    QCOMPARE(f.state(lib.cat), str(ObjectState::Persistent));
    QCOMPARE(f.state(herbert), str(ObjectState::Pending));
    QVERIFY(f.session->hasChanges());
    QCOMPARE(f.session->pendingChanges().size(), pendingBefore);

    // When the value is fixed and the session commits again
    switch (input) {
    case BadInput::EmptyTitleOnUpdate:
    case BadInput::NullTitleOnInsert:
        QVERIFY(bad->setValue(Book::TitleColumn, QStringLiteral("Fixed")));
        break;
    case BadInput::EmptyNameOnInsert:
        QVERIFY(bad->setValue(User::NameColumn, QStringLiteral("Fixed")));
        break;
    case BadInput::RatingZero:
    case BadInput::RatingSix:
    case BadInput::TextInRating:
        QVERIFY(bad->setValue(Review::RatingColumn, 5));
        break;
    case BadInput::MissingAuthor:
        QVERIFY(lib.it->setAuthor(lib.crichton));
        break;
    case BadInput::DuplicateKey:
        QVERIFY(bad->setValue(Author::IdColumn, QVariant()));
        break;
    }
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then everything staged reached the database
    QVERIFY(!herbert->id().isNull());
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), dune->id()).toLongLong(),
             idOf(herbert));
    QCOMPARE(
        f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.crichton->id()).toString(),
        QStringLiteral("John Lange"));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), lib.andromeda->id())
                 .toLongLong(),
             idOf(lib.king));
    QVERIFY(!f.rowExists(QStringLiteral("users"), lib.cat->id()));
    QVERIFY(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.andromeda->id())
                .isNull());
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), lib.jurassicParkByBuzz->id()));
    QVERIFY(!bad->id().isNull());
    QVERIFY(f.rowExists(table, bad->id()));
    if (input == BadInput::MissingAuthor)
        QCOMPARE(f.cell(table, column, bad->id()).toLongLong(), idOf(lib.crichton));
    else if (input != BadInput::DuplicateKey)
        QCOMPARE(render(f.cell(table, column, bad->id())),
                 column == QLatin1String("rating") ? QStringLiteral("5") : QStringLiteral("Fixed"));
    QVERIFY(!f.session->hasChanges());
}

void TestFailedCommit::shouldFailAgainIdenticallyWhenNothingWasFixed() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a commit that failed on a rating of 9
    auto review = Review::create(lib.andromeda, lib.buzz, 3);
    QVERIFY(review->setRating(9));
    f.session->add(review);
    f.session->add(Author::create(QStringLiteral("Frank Herbert")));
    QVERIFY(!f.session->commit());
    const orm::Error first = f.session->lastError();
    const QString memory = memoryOf(*f.session, lib.all() << review);

    // When the session commits again without a fix
    QVERIFY(!f.session->commit());

    // Then it fails the same way and still loses nothing
    const orm::Error second = f.session->lastError();
    QCOMPARE(str(second.kind), str(first.kind));
    QCOMPARE(second.column, QStringLiteral("rating"));
    QVERIFY(second.record == review);
    const QString difference = firstDifference(memoryOf(*f.session, lib.all() << review), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(f.count(QStringLiteral("authors")), 2);
    QCOMPARE(f.count(QStringLiteral("reviews")), 3);
}

void TestFailedCommit::shouldSayTheDatabaseIsLockedAndKeepEverythingWhileAnotherHoldsItsLock() {
    if (shelftest::backend() != shelftest::Backend::Sqlite)
        QSKIP("SQLite's lock on the whole database");
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a title edited and another connection holding the database's write lock (the session
    // waits 50 ms for it rather than SQLite's 5 s)
    QVERIFY(QSqlQuery(f.db.connection()).exec(QStringLiteral("PRAGMA busy_timeout = 50")));
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    const QString memory = memoryOf(*f.session, lib.all());
    const auto rows = f.dump();
    QSqlDatabase other = f.db.independent();
    QVERIFY(QSqlQuery(other).exec(QStringLiteral("BEGIN EXCLUSIVE")));

    // When the session commits
    QVERIFY(!f.session->commit());

    // Then it says the database is locked by another, not that the connection was lost or the
    // book is at fault (no record marked), and nothing is saved or lost
    const orm::Error error = f.session->lastError();
    QCOMPARE(int(error.reason), int(orm::Error::Reason::Busy));
    QVERIFY(!error.record);
    QVERIFY2(error.message().contains(QLatin1String("locked")) &&
                 !error.message().contains(QLatin1String("lost")),
             qPrintable(error.message()));
    QVERIFY(QSqlQuery(other).exec(QStringLiteral("ROLLBACK")));
    QCOMPARE(f.dump(), rows);
    const QString difference = firstDifference(memoryOf(*f.session, lib.all()), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    // And once the other lets go, the same commit goes through
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT count(*) FROM books WHERE title = ?"),
                         {QStringLiteral("It (1986)")})
                 .toLongLong(),
             1);
}

void TestFailedCommit::shouldKeepStagedEditsWhenFlushFails() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new author and a book pointing at a missing author
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(lib.it->setValue(Book::AuthorIdColumn, 987654));
    const QString memory = memoryOf(*f.session, lib.all() << herbert);
    const auto rows = f.dump();

    // When the session flushes
    QVERIFY(!f.session->flush());

    // Then memory and database are as before, and rollback still restores the committed state
    const QString difference = firstDifference(memoryOf(*f.session, lib.all() << herbert), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(f.dump(), rows);
    f.session->rollback();
    QVERIFY(lib.it->author() == lib.king);
    QCOMPARE(lib.it->value(Book::AuthorIdColumn).toLongLong(), idOf(lib.king));
    QVERIFY(!f.session->hasChanges());
}

void TestFailedCommit::shouldClearErrorAfterSuccessfulCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a failed commit
    QVERIFY(lib.it->setTitle(QString(QLatin1String(""))));
    QVERIFY(!f.session->commit());
    QVERIFY(f.session->lastError().isError());

    // When the value is fixed and committed
    QVERIFY(lib.it->setTitle(QStringLiteral("It")));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then there is no error left
    QVERIFY(!f.session->lastError().isError());
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
}

void TestFailedCommit::shouldKeepEarlierFlushWhenCommitFails() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new author and a rename, flushed (keys assigned, transaction open)
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    const QVariant herbertId = herbert->id();
    QVERIFY(!herbertId.isNull());
    // And then a book pointing at a missing author
    auto dune = Book::create(QStringLiteral("Dune"));
    QVERIFY(herbert->books().append(dune));
    QVERIFY(lib.it->setValue(Book::AuthorIdColumn, 987654));
    const QString memory = memoryOf(*f.session, lib.all() << herbert << dune);

    // When the commit fails in the database
    QVERIFY(!f.session->commit());

    // Then memory is as before the commit (the flushed author keeps its key) and other
    // connections still see nothing of the transaction
    const QString difference =
        firstDifference(memoryOf(*f.session, lib.all() << herbert << dune), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(herbert->id(), herbertId);
    QCOMPARE(f.count(QStringLiteral("authors")), 2);

    // When the value is fixed and the session commits again
    QVERIFY(lib.it->setAuthor(lib.king));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the earlier flush's work is committed too, exactly once
    QCOMPARE(f.db.rows(QStringLiteral("SELECT id FROM authors WHERE name = 'Frank Herbert'")),
             (QList<QVariantList>{{herbertId}}));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), dune->id()).toLongLong(),
             herbertId.toLongLong());
    QVERIFY(!f.session->hasChanges());
}

void TestFailedCommit::shouldRollBackEarlierFlushAfterFailedCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a flushed new author and rename, then a commit that failed on a rating of 0
    const auto rows = f.dump();
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(lib.itByAndy->setRating(0));
    QVERIFY(!f.session->commit());

    // When the session rolls back
    f.session->rollback();

    // Then the database and memory are as last committed
    QCOMPARE(f.dump(), rows);
    QCOMPARE(lib.king->name(), QStringLiteral("Stephen King"));
    QCOMPARE(lib.itByAndy->rating(), 5);
    QCOMPARE(f.state(herbert), str(ObjectState::Transient));
    QVERIFY(!f.session->hasChanges());
    // And the session works on
    QVERIFY(lib.king->setName(QStringLiteral("Stephen Edwin King")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("authors")), 2);
}

void TestFailedCommit::shouldLeaveEveryRecordAsBeforeWhenALargeCommitFailsOnItsLastRow() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)

    // Given 200 new authors with 3 new books each (keys the database generates, books waiting
    // for their authors' keys: a flush applied row by row from its plan), an edit of a loaded
    // record, and as the very last INSERT a book whose key another book already has
    RecordList everything = lib.all();
    RecordList added;
    for (int a = 0; a < 200; ++a) {
        QList<std::shared_ptr<Book>> books;
        for (int b = 0; b < 3; ++b)
            books << Book::create(QStringLiteral("Book %1-%2").arg(a).arg(b));
        auto author = Author::create(QStringLiteral("Author %1").arg(a), books);
        f.session->add(author);
        added << author;
        for (const auto &book : std::as_const(books))
            added << book;
    }
    auto duplicate = Book::create(QStringLiteral("Duplicate"));
    QVERIFY(duplicate->setValue(Book::IdColumn, lib.it->id()));
    QVERIFY(lib.king->books().append(duplicate));
    QVERIFY(lib.crichton->setName(QStringLiteral("John Lange")));
    everything << added << duplicate;

    // When the session commits, every row before the last one written, then it fails on that last
    // row, and the database and every record are exactly as before
    commitExpectingRefusalOf(f, duplicate, everything);
    if (QTest::currentTestFailed())
        return;
    for (const RecordPtr &record : std::as_const(added)) {
        QCOMPARE(f.state(record), str(ObjectState::Pending));
        QVERIFY(!record->hasCommittedValues());
        QVERIFY(record->id().isNull());
    }

    // When the key is fixed and the session commits again
    QVERIFY(duplicate->setValue(Book::IdColumn, QVariant()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then every row is in the database with its author's new key, and memory holds it committed
    added << duplicate;
    for (const RecordPtr &record : std::as_const(added)) {
        QCOMPARE(f.state(record), str(ObjectState::Persistent));
        QVERIFY(!record->hasChanges());
        for (int column = 0; column < record->table().columnCount(); ++column)
            QCOMPARE(render(record->committedValue(column)), render(record->value(column)));
    }
    for (qsizetype i = 0; i + 3 < added.size(); i += 4) {
        const RecordPtr &author = added.at(i);
        QVERIFY(!author->id().isNull());
        for (qsizetype b = 1; b <= 3; ++b) {
            const RecordPtr &book = added.at(i + b);
            QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), book->id())
                         .toLongLong(),
                     idOf(author));
            QCOMPARE(book->value(Book::AuthorIdColumn).toLongLong(), idOf(author));
        }
    }
    QCOMPARE(
        f.cell(QStringLiteral("books"), QStringLiteral("author_id"), duplicate->id()).toLongLong(),
        idOf(lib.king));
    QCOMPARE(
        f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.crichton->id()).toString(),
        QStringLiteral("John Lange"));
}

void TestFailedCommit::shouldLeaveImportedRowsMixedWithEditsAsBeforeWhenTheirCommitFails() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)

    // Given 500 new authors staged as an import stages rows (values in the row store: plain
    // INSERTs, whose plan writes share their lists), among them some edited after they were
    // staged and some given a new book each (INSERTs awaiting their authors' keys), edits and a
    // delete of loaded records, and as the last author a row whose key King already has
    const orm::Table &authors = Author::staticTable();
    const auto imported = [&](const orm::Table &table, int column, const QString &text) {
        RecordPtr record = f.session->createRecord(table);
        orm::NewRowWriter(*record).setUtf8(column, text.toUtf8());
        f.session->add(record);
        return record;
    };
    RecordList added, books;
    for (int a = 0; a < 500; ++a) {
        const RecordPtr author = imported(authors, Author::NameColumn, u"Author %1"_qs.arg(a));
        added << author;
        if (a % 50 == 7)
            QVERIFY(author->setValue(Author::NameColumn, u"Edited %1"_qs.arg(a)));
        if (a % 100 == 3) {
            const RecordPtr book =
                imported(Book::staticTable(), Book::TitleColumn, u"Book of %1"_qs.arg(a));
            QVERIFY(author->appendChild(library::authorBooks(), book));
            books << book;
        }
    }
    const RecordPtr duplicate = f.session->createRecord(authors);
    orm::NewRowWriter writer(*duplicate);
    writer.setInteger(Author::IdColumn, idOf(lib.king));
    writer.setUtf8(Author::NameColumn, "Duplicate");
    f.session->add(duplicate);
    QVERIFY(lib.crichton->setName(QStringLiteral("John Lange")));
    QVERIFY(lib.it->setValue(Book::TitleColumn, QStringLiteral("It (1986)")));
    QVERIFY(f.session->remove(lib.andromedaByAndy));
    RecordList everything = lib.all();
    everything << added << books << duplicate;

    // When the session commits, it fails on the duplicate, and the database and every record are
    // exactly as before: the new ones pending without keys, the edits staged, the review still
    // marked for delete
    commitExpectingRefusalOf(f, duplicate, everything);
    if (QTest::currentTestFailed())
        return;
    for (const RecordPtr &record : std::as_const(added) + books) {
        QCOMPARE(f.state(record), str(ObjectState::Pending));
        QVERIFY(record->id().isNull());
    }
    QVERIFY(lib.andromedaByAndy->isMarkedForDelete());

    // When the key is fixed and the session commits again
    QVERIFY(duplicate->setValue(Author::IdColumn, QVariant()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then every new row is in the database as staged, each record committed, persistent and
    // found by its new key; the books have their authors' keys, the edits and the delete are done
    added << duplicate;
    for (const RecordPtr &record : std::as_const(added) + books) {
        QCOMPARE(f.state(record), str(ObjectState::Persistent));
        QVERIFY(!record->hasChanges());
        QVERIFY(!record->id().isNull());
        QVERIFY(f.session->findLoaded(record->table(), record->id()) == record);
        for (int column = 0; column < record->table().columnCount(); ++column)
            QCOMPARE(render(record->committedValue(column)), render(record->value(column)));
    }
    for (int a = 0; a < 500; ++a) {
        const QString name = a % 50 == 7 ? u"Edited %1"_qs.arg(a) : u"Author %1"_qs.arg(a);
        QCOMPARE(added.at(a)->value(Author::NameColumn).toString(), name);
        QCOMPARE(f.cell(u"authors"_qs, u"name"_qs, added.at(a)->id()).toString(), name);
    }
    QCOMPARE(f.cell(u"authors"_qs, u"name"_qs, duplicate->id()).toString(), u"Duplicate"_qs);
    for (const RecordPtr &book : std::as_const(books)) {
        const qint64 author = f.cell(u"books"_qs, u"author_id"_qs, book->id()).toLongLong();
        QCOMPARE(book->value(Book::AuthorIdColumn).toLongLong(), author);
        QVERIFY(added.at(book->value(Book::TitleColumn).toString().mid(8).toInt())->id() ==
                QVariant(author));
    }
    QCOMPARE(f.cell(u"authors"_qs, u"name"_qs, lib.crichton->id()).toString(), u"John Lange"_qs);
    QCOMPARE(f.cell(u"books"_qs, u"title"_qs, lib.it->id()).toString(), u"It (1986)"_qs);
    QCOMPARE(f.state(lib.andromedaByAndy), str(ObjectState::Detached));
    QCOMPARE(f.count(u"authors"_qs), 2 + 501);
}

QTEST_GUILESS_MAIN(TestFailedCommit)
#include "tst_failedcommit.moc"
