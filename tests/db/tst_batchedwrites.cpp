// Issue 13, writes: on PostgreSQL many new rows of one table go as multi-row INSERT … VALUES …
// RETURNING statements (Dialect::writeBatchRows() rows each), many updates of one table and column
// set as one UPDATE per batch, and many deletes of one table as one DELETE per batch; SQLite keeps
// a statement per row. Pinned here: the number of statements, the
// generated keys matched back to the right records, and rules 8 and 12 inside a batch (a row the
// database refuses, a row someone else changed: the commit fails naming that record, nothing in
// the database or in memory changes).

#include "libraryfixture.h"
#include "orm/flushsql.h"

#include <QTest>

using namespace shelftest;

namespace {

/// Statements `rows` INSERTs (or, `keyed`, UPDATEs or DELETEs) of one shape take on this backend.
qsizetype statementsFor(const orm::Session &session, qsizetype rows, bool keyed = false) {
    const qsizetype batch =
        keyed ? std::min(session.dialect().writeBatchRows(), orm::StatementShapes::KeyedBatchRows)
              : session.dialect().writeBatchRows();
    return (rows + batch - 1) / batch;
}

/// The title of every book in the database, by id.
QMap<qint64, QString> titlesById(LibraryFixture &f) {
    QMap<qint64, QString> titles;
    for (const QVariantList &row : f.db.rows(QStringLiteral("SELECT id, title FROM books")))
        titles.insert(row.at(0).toLongLong(), row.at(1).toString());
    return titles;
}

/// `count` new books of Stephen King ("Volume 0", …) appended to `*books` and committed; false
/// when the commit fails (the session's lastError() says why).
bool commitVolumes(LibraryFixture &f, SmallLibrary &lib, int count, RecordList *books) {
    for (int i = 0; i < count; ++i) {
        auto book = Book::create(QStringLiteral("Volume %1").arg(i));
        if (!lib.king->books().append(book))
            return false;
        books->append(book);
    }
    return f.session->commit();
}

} // namespace

class TestBatchedWrites : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldInsertManyRowsInOneStatementPerBatch();
    void shouldGiveEveryRecordTheKeyOfItsOwnRow();
    void shouldWriteEveryValueOfABatchVerbatim();
    void shouldNameTheRowTheDatabaseRefusesInTheMiddleOfABatch();
    void shouldUpdateManyRowsInOneStatementPerBatchAndColumnSet();
    void shouldNameTheRowSomeoneElseChangedInABatchedUpdate();
    void shouldDeleteManyRowsInOneStatementPerBatch();
    void shouldNameTheRowSomeoneElseChangedInABatchedDelete();
    void shouldNameTheRowTheDatabaseRefusesInABatchedDelete();
};

void TestBatchedWrites::shouldInsertManyRowsInOneStatementPerBatch() {
    // Given 40,000 new books of one author (more than PostgreSQL's 65,535 parameters hold, and
    // more than StatementShapes::ValuesBatchRows: several batches)
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    constexpr int Books = 40000;
    RecordList books;
    for (int i = 0; i < Books; ++i) {
        auto book = Book::create(QStringLiteral("Volume %1").arg(i));
        QVERIFY(lib.king->books().append(book));
        books << book;
    }
    f.recorder.clear();

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then on SQLite the INSERTs were a statement per row; on PostgreSQL each took as many rows
    // as 65,535 parameters hold, up to StatementShapes::ValuesBatchRows (a statement built whole
    // in memory, issue 13), the last one the rest
    const QList<LoggedStatement> inserts = f.recorder.withVerb(QStringLiteral("INSERT"));
    if (backend() == Backend::Sqlite) {
        QCOMPARE(inserts.size(), Books);
    } else {
        const qsizetype columns =
            inserts.first().sql.section(QLatin1Char(')'), 0, 0).count(',') + 1;
        const qsizetype perStatement = std::min(f.session->dialect().maximumParameters() / columns,
                                                orm::StatementShapes::ValuesBatchRows);
        QCOMPARE(inserts.size(), (Books + perStatement - 1) / perStatement);
        QVERIFY(inserts.size() >= 2);
        qsizetype rows = 0;
        for (const LoggedStatement &insert : inserts) {
            QVERIFY(insert.binds.size() <= 65535);
            rows += insert.binds.size() / columns;
        }
        QCOMPARE(inserts.first().binds.size(), perStatement * columns);
        QCOMPARE(rows, qsizetype(Books));
    }
    // And every book holds the key of the row with its title
    const QMap<qint64, QString> titles = titlesById(f);
    QCOMPARE(titles.size(), 3 + Books);
    for (const RecordPtr &book : books) {
        QCOMPARE(f.state(book), str(ObjectState::Persistent));
        QCOMPARE(titles.value(book->id().toLongLong()), book->value(Book::TitleColumn).toString());
    }
}

void TestBatchedWrites::shouldGiveEveryRecordTheKeyOfItsOwnRow() {
    // Given a key sequence with a gap (a row inserted and deleted by someone else), authors with
    // keys chosen by the user in descending order, and new authors whose names sort the other way
    // round from the keys they will get, each with books
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO authors (name) VALUES ('Ghost')")));
    QVERIFY(f.db.exec(QStringLiteral("DELETE FROM authors WHERE name = 'Ghost'")));
    RecordList authors;
    RecordList books;
    for (int i = 0; i < 30; ++i) {
        auto author =
            Author::create(QStringLiteral("Author %1").arg(99 - i, 2, 10, QLatin1Char('0')));
        if (i % 3 == 0)
            QVERIFY(author->setValue(Author::IdColumn, 9000 - i));
        for (int b = 0; b < 3; ++b) {
            auto book = Book::create(author->value(Author::NameColumn).toString() +
                                     QStringLiteral(" / %1").arg(b));
            QVERIFY(author->books().append(book));
            books << book;
        }
        f.session->add(author);
        authors << author;
    }

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then every author holds the key of the row with its name, and every book the key of the
    // row with its title and its author's key
    for (const RecordPtr &author : authors) {
        QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), author->id()).toString(),
                 author->value(Author::NameColumn).toString());
    }
    for (int i = 0; i < authors.size(); i += 3)
        QCOMPARE(authors.at(i)->id().toLongLong(), 9000 - i);
    const QMap<qint64, QString> titles = titlesById(f);
    for (const RecordPtr &record : books) {
        auto book = std::static_pointer_cast<Book>(record);
        QCOMPARE(titles.value(book->id().toLongLong()), book->title());
        QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), book->id()),
                 book->value(Book::AuthorIdColumn));
        QCOMPARE(book->value(Book::AuthorIdColumn), book->author()->id());
    }
}

void TestBatchedWrites::shouldWriteEveryValueOfABatchVerbatim() {
    // Given new authors named with what SQL text makes hard (on PostgreSQL one batch whose values
    // go in its text as QPSQL's literals, issue 14): quotes, backslashes, placeholders,
    // line breaks, unicode
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QStringList names{
        QStringLiteral("It's \"quoted\" `back` \\' \\\" C:\\new\\table %s %d ? $1 :name"),
        QStringLiteral("'); DROP TABLE authors; --"),
        QStringLiteral("?"),
        QStringLiteral("''"),
        QStringLiteral("\\"),
        QStringLiteral("line\nbreak\r\nand\ttab"),
        QStringLiteral("E'\\x41'"),
        QStringLiteral("ünïcødé ✓ 𝄞 日本語"),
        QStringLiteral("NULL"),
        QStringLiteral("  spaces  "),
    };
    RecordList authors;
    for (const QString &name : names) {
        auto author = Author::create(name);
        f.session->add(author);
        authors << author;
    }
    f.recorder.clear();

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then they went as one statement on PostgreSQL, and every row holds its name exactly
    QCOMPARE(f.recorder.withVerb(QStringLiteral("INSERT")).size(),
             backend() == Backend::Postgres ? 1 : names.size());
    for (const RecordPtr &author : authors) {
        const QVariant stored =
            f.cell(QStringLiteral("authors"), QStringLiteral("name"), author->id());
        QVERIFY2(!stored.isNull(), qPrintable(author->value(Author::NameColumn).toString()));
        QCOMPARE(stored.toString(), author->value(Author::NameColumn).toString());
    }
}

void TestBatchedWrites::shouldNameTheRowTheDatabaseRefusesInTheMiddleOfABatch() {
    // Given 50 new authors with keys of their own, the 26th's taken by Stephen King (a duplicate
    // only the database sees), and a new book for each
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    RecordList everything = lib.all();
    RecordList authors;
    RecordPtr impostor;
    for (int i = 0; i < 50; ++i) {
        auto author = Author::create(QStringLiteral("Author %1").arg(i));
        QVERIFY(author->setValue(Author::IdColumn, i == 25 ? lib.king->id() : QVariant(5000 + i)));
        auto book = Book::create(QStringLiteral("Book of %1").arg(i));
        QVERIFY(author->books().append(book));
        f.session->add(author);
        authors << author;
        everything << author << book;
        if (i == 25)
            impostor = author;
    }
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();
    f.recorder.clear();

    // When the session commits
    QVERIFY(!f.session->commit());

    // Then the error names the 26th author and its key column
    const orm::Error error = f.session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Constraint));
    QVERIFY2(error.record == impostor, qPrintable(error.fullText()));
    QCOMPARE(error.table, QStringLiteral("authors"));
    QCOMPARE(error.column, QStringLiteral("id"));
    // On PostgreSQL the batch ran first (a COPY: every key is given, issue 14), then each row
    if (backend() == Backend::Postgres)
        QVERIFY2(f.recorder.all().value(1).verb() == QLatin1String("COPY") &&
                     f.recorder.withVerb(QStringLiteral("COPY")).size() == 1,
                 qPrintable(f.recorder.dump().left(2000)));
    // And the database and memory are exactly as before (rule 8)
    QCOMPARE(f.dump(), rowsBefore);
    const QString memoryDifference =
        firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(memoryDifference.isEmpty(), qPrintable(memoryDifference));

    // When the key is fixed, the same commit succeeds with every row
    QVERIFY(impostor->setValue(Author::IdColumn, 7777));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("authors")), 2 + 50);
    QCOMPARE(f.count(QStringLiteral("books")), 3 + 50);
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), 7777).toString(),
             QStringLiteral("Author 25"));
}

void TestBatchedWrites::shouldUpdateManyRowsInOneStatementPerBatchAndColumnSet() {
    // Given 1,200 committed books, loaded by a fresh session
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    constexpr int Books = 1200;
    for (int i = 0; i < Books; ++i)
        QVERIFY(lib.king->books().append(Book::create(QStringLiteral("Volume %1").arg(i))));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    StatementRecorder recorder;
    auto session = f.freshSession();
    recorder.attach(*session);
    orm::Query query;
    query.where = QStringLiteral("title LIKE ?");
    query.binds = {QStringLiteral("Volume %")};
    const RecordList books = session->query(Book::staticTable(), query);
    QCOMPARE(books.size(), Books);
    auto buzz = session->get<User>(idOf(lib.buzz));
    QVERIFY(buzz);

    // When every one gets a new title and every tenth (interleaved, in key order) a borrower too
    int borrowed = 0;
    for (int i = 0; i < books.size(); ++i) {
        auto book = std::static_pointer_cast<Book>(books.at(i));
        QVERIFY(book->setTitle(book->title() + QStringLiteral(" (revised)")));
        if (i % 10 == 0) {
            QVERIFY(book->setBorrower(buzz));
            ++borrowed;
        }
    }
    recorder.clear();
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the UPDATEs were one statement per batch of each column set (1,200 on SQLite, 6 + 1
    // on PostgreSQL), and every row holds what its record holds
    QCOMPARE(recorder.withVerb(QStringLiteral("UPDATE")).size(),
             statementsFor(*session, Books - borrowed, true) +
                 statementsFor(*session, borrowed, true));
    if (backend() == Backend::Postgres)
        QCOMPARE(recorder.withVerb(QStringLiteral("UPDATE")).size(), 7);
    const QMap<qint64, QString> titles = titlesById(f);
    for (const RecordPtr &record : books) {
        auto book = std::static_pointer_cast<Book>(record);
        QCOMPARE(titles.value(book->id().toLongLong()), book->title());
        QVERIFY(book->title().endsWith(QLatin1String(" (revised)")));
        QVERIFY(!book->isModified(Book::TitleColumn));
        QCOMPARE(render(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), book->id())),
                 render(book->value(Book::BorrowerIdColumn)));
    }
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM books WHERE borrower_id = ?"),
                         {lib.buzz->id()})
                 .toLongLong(),
             1 + borrowed); // Jurassic Park was Buzz's already
}

void TestBatchedWrites::shouldNameTheRowSomeoneElseChangedInABatchedUpdate() {
    // Given 40 committed books, each given a new title, and the 18th renamed by another user
    // meanwhile
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    RecordList books;
    QVERIFY2(commitVolumes(f, lib, 40, &books), qPrintable(f.session->lastError().fullText()));
    for (const RecordPtr &book : books)
        QVERIFY(book->setValue(Book::TitleColumn, book->value(Book::TitleColumn).toString() +
                                                      QStringLiteral(" (revised)")));
    QVERIFY(f.db.exec(QStringLiteral("UPDATE books SET title = 'Theirs' WHERE id = ?"),
                      {books.at(17)->id()}));
    RecordList everything = lib.all() + books;
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();

    // When the session commits
    QVERIFY(!f.session->commit());

    // Then the commit fails as a conflict naming that book and its title, and nothing changed
    const orm::Error error = f.session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Conflict));
    QVERIFY2(error.record == books.at(17), qPrintable(error.fullText()));
    QCOMPARE(error.column, QStringLiteral("title"));
    QCOMPARE(f.dump(), rowsBefore);
    const QString memoryDifference =
        firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(memoryDifference.isEmpty(), qPrintable(memoryDifference));
}

void TestBatchedWrites::shouldDeleteManyRowsInOneStatementPerBatch() {
    // Given 1,200 committed books without reviews, loaded by a fresh session
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    constexpr int Books = 1200;
    for (int i = 0; i < Books; ++i)
        QVERIFY(lib.king->books().append(Book::create(QStringLiteral("Volume %1").arg(i))));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    StatementRecorder recorder;
    auto session = f.freshSession();
    recorder.attach(*session);
    orm::Query query;
    query.where = QStringLiteral("title LIKE ?");
    query.binds = {QStringLiteral("Volume %")};
    const RecordList books = session->query(Book::staticTable(), query);
    QCOMPARE(books.size(), Books);

    // When every one of them is removed and the removal committed
    for (const RecordPtr &book : books)
        QVERIFY(session->remove(book));
    recorder.clear();
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the DELETEs were one statement per batch (1,200 on SQLite, 6 on PostgreSQL), and
    // only those rows are gone
    QCOMPARE(recorder.withVerb(QStringLiteral("DELETE")).size(),
             statementsFor(*session, Books, true));
    if (backend() == Backend::Postgres)
        QCOMPARE(recorder.withVerb(QStringLiteral("DELETE")).size(), 6);
    QCOMPARE(f.count(QStringLiteral("books")), 3);
    for (const RecordPtr &book : books)
        QCOMPARE(str(session->state(book)), str(ObjectState::Detached));
}

void TestBatchedWrites::shouldNameTheRowSomeoneElseChangedInABatchedDelete() {
    // Given 40 committed books, all staged for delete, the 31st renamed and the 12th deleted by
    // another user meanwhile
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    RecordList books;
    QVERIFY2(commitVolumes(f, lib, 40, &books), qPrintable(f.session->lastError().fullText()));
    for (const RecordPtr &book : books)
        QVERIFY(f.session->remove(book));
    QVERIFY(f.db.exec(QStringLiteral("UPDATE books SET title = 'Renamed' WHERE id = ?"),
                      {books.at(30)->id()}));
    RecordList everything = lib.all() + books;
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();

    // When the session commits
    QVERIFY(!f.session->commit());

    // Then the commit fails as a conflict naming the renamed book, and nothing changed
    const orm::Error error = f.session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Conflict));
    QVERIFY2(error.record == books.at(30), qPrintable(error.fullText()));
    QCOMPARE(error.column, QStringLiteral("title"));
    QCOMPARE(f.dump(), rowsBefore);
    QString memoryDifference = firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(memoryDifference.isEmpty(), qPrintable(memoryDifference));

    // When another row of the batch is deleted by the other user too, and the renamed one is
    // left alone (no longer staged for delete)
    QVERIFY(f.db.exec(QStringLiteral("DELETE FROM books WHERE id = ?"), {books.at(11)->id()}));
    QVERIFY(f.session->unremove(books.at(30)));
    QVERIFY(!f.session->commit());

    // Then the conflict names the book deleted meanwhile
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));
    QVERIFY2(f.session->lastError().record == books.at(11),
             qPrintable(f.session->lastError().fullText()));
    QVERIFY(books.at(0)->isMarkedForDelete());
    QCOMPARE(f.count(QStringLiteral("books")), 3 + 39);
}

void TestBatchedWrites::shouldNameTheRowTheDatabaseRefusesInABatchedDelete() {
    // Given 40 committed books, all staged for delete, and a loan of the 18th in a table the
    // session does not map, whose foreign key refuses that delete (ON DELETE RESTRICT)
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    RecordList books;
    QVERIFY2(commitVolumes(f, lib, 40, &books), qPrintable(f.session->lastError().fullText()));
    QVERIFY(f.db.exec(QStringLiteral("CREATE TABLE loans (id INTEGER PRIMARY KEY, book_id INTEGER "
                                     "NOT NULL REFERENCES books (id) ON DELETE RESTRICT)")));
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO loans (id, book_id) VALUES (1, ?)"),
                      {books.at(17)->id()}));
    for (const RecordPtr &book : books)
        QVERIFY(f.session->remove(book));
    RecordList everything = lib.all() + books;
    const QString memoryBefore = memoryOf(*f.session, everything);
    const auto rowsBefore = f.dump();
    f.recorder.clear();

    // When the session commits
    QVERIFY(!f.session->commit());

    // Then the commit fails as the database's refusal naming the 18th book
    const orm::Error error = f.session->lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Constraint));
    QVERIFY2(error.record == books.at(17), qPrintable(error.fullText()));
    // On PostgreSQL the batch of 40 ran first (refused), then a row at a time up to the 18th
    if (backend() == Backend::Postgres) {
        const QList<LoggedStatement> deletes = f.recorder.withVerb(QStringLiteral("DELETE"));
        QVERIFY2(deletes.size() >= 2 && deletes.first().binds.size() == 40 &&
                     deletes.last().binds.contains(books.at(17)->id()),
                 qPrintable(f.recorder.dump().left(2000)));
    }
    // And the database and memory are exactly as before (rule 8)
    QCOMPARE(f.dump(), rowsBefore);
    const QString memoryDifference =
        firstDifference(memoryOf(*f.session, everything), memoryBefore);
    QVERIFY2(memoryDifference.isEmpty(), qPrintable(memoryDifference));

    // When the loan is returned, the same commit deletes all 40
    QVERIFY(f.db.exec(QStringLiteral("DELETE FROM loans")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("books")), 3);
    for (const RecordPtr &book : books)
        QCOMPARE(str(f.session->state(book)), str(ObjectState::Detached));
}

QTEST_GUILESS_MAIN(TestBatchedWrites)
#include "tst_batchedwrites.moc"
