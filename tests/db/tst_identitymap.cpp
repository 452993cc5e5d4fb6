// docs/contract.md §2 rule 11 (one record per table and primary key per session; a query never
// overwrites staged values) and rule 3 (queries return rows through the identity map; pending
// records are listed by the session for views).

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

using namespace shelftest;

class TestIdentityMap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldReturnSameRecordForSameKey();
    void shouldReturnLoadedRecordsFromQueries();
    void shouldShareRecordsBetweenCollectionsAndGet();
    void shouldKeepOneRecordPerKeyAcrossQueries();
    void shouldOrderAReferenceByTheReferencedName();
    void shouldNotOverwriteStagedValuesOnQuery();
    void shouldNotOverwriteStagedValuesOnGet();
    void shouldFindLoadedRecordsWithoutQuerying();
    void shouldKeepRelationshipsConsistentWhenQueryRefreshesRow();
    void shouldApplyStagedMovesToCollectionsLoadedLater();
    void shouldLoadNewRecordAfterExpunge();
    void shouldReleaseOnlyUnusedUnchangedRecords();
    void shouldKeepSeparateMapsPerSession();
    void shouldListPendingRecordsInEntryOrder();
    void shouldReturnNothingForMissingKey();
};

void TestIdentityMap::shouldReturnSameRecordForSameKey() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When a committed author is fetched by key twice
    auto first = f.session->get<Author>(lib.king->id());
    auto second = f.session->get<Author>(lib.king->id());

    // Then it is the very record that was committed
    QVERIFY(first == lib.king);
    QVERIFY(second == lib.king);
}

void TestIdentityMap::shouldReturnLoadedRecordsFromQueries() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When all authors are queried
    const RecordList authors = f.session->query(Author::staticTable());

    // Then the query returns the records already in memory
    QCOMPARE(authors.size(), 2);
    QVERIFY(authors.contains(lib.king));
    QVERIFY(authors.contains(lib.crichton));
}

void TestIdentityMap::shouldShareRecordsBetweenCollectionsAndGet() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a second session that loads an author's books through the collection
    auto other = f.freshSession();
    auto crichton = other->get<Author>(lib.crichton->id());
    QVERIFY(crichton);
    const auto books = crichton->books().toList();
    QCOMPARE(books.size(), 2);

    // When a book is fetched by key and through a query, and its author through the reference
    auto jurassicPark = other->get<Book>(lib.jurassicPark->id());
    const RecordList queried = other->query(Book::staticTable());

    // Then each is the same record as in the collection
    QVERIFY(jurassicPark);
    QVERIFY(books.contains(jurassicPark));
    QVERIFY(queried.contains(jurassicPark));
    QVERIFY(jurassicPark->author() == crichton);
    // And not the first session's record
    QVERIFY(jurassicPark != lib.jurassicPark);
}

void TestIdentityMap::shouldKeepOneRecordPerKeyAcrossQueries() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a fresh session
    auto other = f.freshSession();

    // When it queries the books twice, in different orders and pages
    orm::Query byTitle;
    byTitle.orderColumn = Book::TitleColumn;
    const RecordList first = other->query(Book::staticTable(), byTitle);
    orm::Query page;
    page.limit = 2;
    page.offset = 1;
    const RecordList second = other->query(Book::staticTable(), page);
    orm::Query filtered;
    filtered.where = QStringLiteral("title = ?");
    filtered.binds = {QStringLiteral("It")};
    const RecordList third = other->query(Book::staticTable(), filtered);

    // Then every key maps to one record
    QCOMPARE(first.size(), 3);
    QCOMPARE(second.size(), 2);
    QCOMPARE(third.size(), 1);
    for (const RecordPtr &record : second + third) {
        QVERIFY(first.contains(record));
        QVERIFY(other->findLoaded(Book::staticTable(), record->id()) == record);
    }
}

void TestIdentityMap::shouldOrderAReferenceByTheReferencedName() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Stephen King, the first author (the lower key), and Michael Crichton
    QVERIFY(lib.king->id().toLongLong() < lib.crichton->id().toLongLong());
    auto other = f.freshSession();
    const auto authorsOf = [&other](Qt::SortOrder order, bool byName) {
        orm::Query query;
        query.orderColumn = Book::AuthorIdColumn;
        query.order = order;
        query.orderByReferencedName = byName;
        QStringList names;
        for (const RecordPtr &book : other->query(Book::staticTable(), query))
            names << std::static_pointer_cast<Book>(book)->author()->name();
        return names;
    };
    // When books are ordered by their author, by the name a view shows
    // Then the names are in order, ascending and descending, equal names kept together
    const QStringList ascending = {QStringLiteral("Michael Crichton"),
                                   QStringLiteral("Michael Crichton"),
                                   QStringLiteral("Stephen King")};
    QCOMPARE(authorsOf(Qt::AscendingOrder, true), ascending);
    QCOMPARE(authorsOf(Qt::DescendingOrder, true),
             QStringList(ascending.crbegin(), ascending.crend()));
    // And without it, by the key as before
    QCOMPARE(authorsOf(Qt::AscendingOrder, false).first(), QStringLiteral("Stephen King"));
}

void TestIdentityMap::shouldNotOverwriteStagedValuesOnQuery() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a staged name, and another user who changed the row meanwhile
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = ? WHERE id = ?"),
                      {QStringLiteral("S. King"), lib.king->id()}));

    // When the authors are queried again
    const RecordList authors = f.session->query(Author::staticTable());

    // Then the record is the same one, still holding the staged value as a change
    QVERIFY(authors.contains(lib.king));
    QCOMPARE(lib.king->name(), QStringLiteral("Richard Bachman"));
    QVERIFY(lib.king->isModified(Author::NameColumn));
    QVERIFY(f.session->hasChanges());
    QCOMPARE(f.session->pendingChanges().size(), 1);
}

void TestIdentityMap::shouldNotOverwriteStagedValuesOnGet() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a staged move and a staged title
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(lib.andromeda->setTitle(QStringLiteral("Andromeda")));

    // When the book is fetched by key and the author's books are reloaded through a query
    auto book = f.session->get<Book>(lib.andromeda->id());
    orm::Query byAuthor;
    byAuthor.where = QStringLiteral("author_id = ?");
    byAuthor.binds = {lib.crichton->id()};
    const RecordList crichtonsRows = f.session->query(Book::staticTable(), byAuthor);

    // Then the staged values win over the rows
    QVERIFY(book == lib.andromeda);
    QCOMPARE(book->title(), QStringLiteral("Andromeda"));
    QVERIFY(book->author() == lib.king);
    QVERIFY(lib.king->books().contains(lib.andromeda));
    QVERIFY(!lib.crichton->books().contains(lib.andromeda));
    QVERIFY(crichtonsRows.contains(lib.jurassicPark));
    QCOMPARE(lib.andromeda->value(Book::AuthorIdColumn).toLongLong(), idOf(lib.king));
}

void TestIdentityMap::shouldKeepRelationshipsConsistentWhenQueryRefreshesRow() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given another user who moves The Andromeda Strain to Stephen King and lends it to Buzz
    QVERIFY(lib.crichton->books().contains(lib.andromeda));
    QVERIFY(
        f.db.exec(QStringLiteral("UPDATE books SET author_id = ?, borrower_id = ? WHERE id = ?"),
                  {lib.king->id(), lib.buzz->id(), lib.andromeda->id()}));

    // When the session, which has not touched the book, queries the books again
    const RecordList books = f.session->query(Book::staticTable());
    QVERIFY(books.contains(lib.andromeda));

    // Then whatever the record now shows, both sides of each relationship agree with it
    const qint64 authorId = lib.andromeda->value(Book::AuthorIdColumn).toLongLong();
    const auto author = lib.andromeda->author();
    QVERIFY(author);
    QCOMPARE(idOf(author), authorId);
    QVERIFY(author->books().contains(lib.andromeda));
    const auto other = author == lib.king ? lib.crichton : lib.king;
    QVERIFY2(!other->books().contains(lib.andromeda),
             qPrintable(QStringLiteral("%1 still lists the book that now belongs to %2")
                            .arg(other->displayName(), author->displayName())));
    const auto borrower = lib.andromeda->borrower();
    QVERIFY(borrower);
    QVERIFY(borrower->borrowed().contains(lib.andromeda));
    for (const auto &user : {lib.andy, lib.buzz, lib.cat})
        QCOMPARE(user->borrowed().contains(lib.andromeda), user == borrower);
    QVERIFY(!f.session->hasChanges());
}

void TestIdentityMap::shouldApplyStagedMovesToCollectionsLoadedLater() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session that has loaded two authors and one book, but none of their collections
    auto other = f.freshSession();
    auto king = other->get<Author>(lib.king->id());
    auto crichton = other->get<Author>(lib.crichton->id());
    auto andromeda = other->get<Book>(lib.andromeda->id());
    QVERIFY(king && crichton && andromeda);
    QVERIFY(!king->childrenLoaded(library::authorBooks()));
    QVERIFY(!crichton->childrenLoaded(library::authorBooks()));

    // When the book is moved to Stephen King before either collection is read
    QVERIFY(andromeda->setAuthor(king));

    // Then the collections, loaded now from rows that still say otherwise, follow the staged move
    const auto kingsBooks = king->books().toList();
    const auto crichtonsBooks = crichton->books().toList();
    QCOMPARE(kingsBooks.size(), 2);
    QVERIFY(kingsBooks.contains(andromeda));
    QCOMPARE(crichtonsBooks.size(), 1);
    QVERIFY(!crichtonsBooks.contains(andromeda));
    QVERIFY(andromeda->author() == king);

    // And committing writes exactly the move
    StatementRecorder recorder;
    recorder.attach(*other);
    QVERIFY2(other->commit(), qPrintable(other->lastError().fullText()));
    QCOMPARE(recorder.writeSummary(), QStringList{QStringLiteral("UPDATE books")});
    QCOMPARE(
        f.cell(QStringLiteral("books"), QStringLiteral("author_id"), andromeda->id()).toLongLong(),
        idOf(king));
}

void TestIdentityMap::shouldFindLoadedRecordsWithoutQuerying() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    auto other = f.freshSession();
    const quint64 before = other->statementCount();

    // When a session that has loaded nothing looks up a key in memory
    const RecordPtr found = other->findLoaded(Author::staticTable(), lib.king->id());

    // Then it finds nothing and ran no statement
    QVERIFY(found == nullptr);
    QCOMPARE(other->statementCount(), before);

    // And after a get(), the same lookup finds the record, still without a statement
    auto king = other->get<Author>(lib.king->id());
    const quint64 afterGet = other->statementCount();
    QVERIFY(other->findLoaded(Author::staticTable(), lib.king->id()) == king);
    QVERIFY(other->get<Author>(lib.king->id()) == king);
    QCOMPARE(other->statementCount(), afterGet);
}

void TestIdentityMap::shouldLoadNewRecordAfterExpunge() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an expunged author
    f.session->expunge(lib.king);

    // When it is fetched again
    auto king = f.session->get<Author>(lib.king->id());

    // Then a new record stands for the row, and the old one stays detached
    QVERIFY(king);
    QVERIFY(king != lib.king);
    QCOMPARE(king->name(), QStringLiteral("Stephen King"));
    QCOMPARE(f.state(king), str(ObjectState::Persistent));
    QCOMPARE(f.state(lib.king), str(ObjectState::Detached));
}

void TestIdentityMap::shouldReleaseOnlyUnusedUnchangedRecords() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a fresh session that read every book, changed one title and keeps one book in hand
    auto session = f.freshSession();
    RecordList books = session->query(Book::staticTable());
    QCOMPARE(books.size(), 3);
    auto edited =
        std::static_pointer_cast<Book>(session->findLoaded(Book::staticTable(), lib.it->id()));
    edited->setTitle(QStringLiteral("It (staged)"));
    auto held = session->findLoaded(Book::staticTable(), lib.jurassicPark->id());
    const qint64 heldId = held->id().toLongLong();
    const qint64 releasedId = lib.andromeda->id().toLongLong();
    std::weak_ptr<orm::Record> released = session->findLoaded(Book::staticTable(), releasedId);
    edited.reset();

    // When the view lets go of its rows
    const qsizetype count = session->releaseUnused(std::move(books));

    // Then only the unchanged book nobody holds is gone from memory; the staged edit stays
    QCOMPARE(count, 1);
    QVERIFY(released.expired());
    QVERIFY(!session->findLoaded(Book::staticTable(), releasedId));
    QCOMPARE(session->findLoaded(Book::staticTable(), heldId), held);
    auto it = session->get<Book>(lib.it->id());
    QCOMPARE(it->title(), QStringLiteral("It (staged)"));
    QVERIFY(session->hasChanges());
    // And reading it again gives the row, once
    auto again = session->get<Book>(releasedId);
    QVERIFY(again);
    QCOMPARE(again->title(), QStringLiteral("The Andromeda Strain"));
    QCOMPARE(session->get<Book>(releasedId), again);
    QVERIFY(session->commit());
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), lib.it->id()).toString(),
             QStringLiteral("It (staged)"));
}

void TestIdentityMap::shouldKeepSeparateMapsPerSession() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given the same row loaded in two sessions
    auto other = f.freshSession();
    auto king = other->get<Author>(lib.king->id());

    // When one session stages a change
    QVERIFY(king->setName(QStringLiteral("Richard Bachman")));

    // Then the other session's record is untouched
    QVERIFY(king != lib.king);
    QCOMPARE(lib.king->name(), QStringLiteral("Stephen King"));
    QVERIFY(!f.session->hasChanges());
}

void TestIdentityMap::shouldListPendingRecordsInEntryOrder() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given new books entering the session in this order
    auto carrie = Book::create(QStringLiteral("Carrie"), lib.king);
    f.session->add(carrie);
    auto sphere = Book::create(QStringLiteral("Sphere"));
    QVERIFY(lib.crichton->books().append(sphere));
    auto misery = Book::create(QStringLiteral("Misery"), lib.king);
    f.session->add(misery);

    // Then the session lists them for views, in that order, and queries do not return them
    QCOMPARE(f.session->newRecords(Book::staticTable()), (RecordList{carrie, sphere, misery}));
    QVERIFY(f.session->newRecords(Author::staticTable()).isEmpty());
    QCOMPARE(f.session->count(Book::staticTable()), 3);
}

void TestIdentityMap::shouldReturnNothingForMissingKey() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When a key that no row has is fetched
    auto nobody = f.session->get<Author>(987654);

    // Then there is no record, and no error
    QVERIFY(nobody == nullptr);
    QVERIFY(!f.session->lastError().isError());
}

QTEST_GUILESS_MAIN(TestIdentityMap)
#include "tst_identitymap.moc"
