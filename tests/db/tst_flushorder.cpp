// docs/contract.md §2 rule 2 (nothing touches the database before flush; other connections see
// nothing before COMMIT), rule 4 (save-update cascade, the 2.0 backref rule) and rule 5 (flush
// order: saves before deletes, parents first in entry order, keys filled in, UPDATEs of changed
// columns only, deletes children first). Statements are captured through Session::setStatementLog.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlQuery>
#include <QTest>

#include <functional>

using namespace shelftest;

namespace {

/// Where the first write whose binds contain `value` wrote it, or -1: the write's index, then the
/// bind's (a multi-row INSERT on PostgreSQL writes its rows in VALUES order), as one number.
int writeIndexWithBind(const QList<LoggedStatement> &writes, const QString &verb,
                       const QVariant &value) {
    for (int i = 0; i < writes.size(); ++i) {
        if (writes.at(i).verb() != verb)
            continue;
        const QVariantList &binds = writes.at(i).binds;
        for (int bind = 0; bind < binds.size(); ++bind)
            if (render(binds.at(bind)) == render(value))
                return i * 100000 + bind;
    }
    return -1;
}

/// The tables of consecutive statements, with runs collapsed: DELETE reviews ×2, DELETE books →
/// "reviews", "books".
QStringList collapsedTables(const QList<LoggedStatement> &statements) {
    QStringList result;
    for (const LoggedStatement &statement : statements)
        if (result.isEmpty() || result.last() != statement.table())
            result.append(statement.table());
    return result;
}

/// The statements that are not reads: writes and transaction control, in order ("BEGIN",
/// "INSERT authors", "SAVEPOINT", "COMMIT", …).
QStringList transactionShape(const QList<LoggedStatement> &statements) {
    QStringList result;
    for (const LoggedStatement &statement : statements) {
        if (statement.verb() == QLatin1String("SELECT"))
            continue;
        result.append(statement.isWrite() ? statement.summary() : statement.verb());
    }
    return result;
}

/// Stages a write to each of the four tables of the SmallLibrary: a new author with a book, a
/// renamed user, a new review and a deleted review (nothing read afterwards: loading is done).
[[nodiscard]] bool stageWritesToEveryTable(LibraryFixture &f, SmallLibrary &lib) {
    f.session->add(Author::create(QStringLiteral("Ursula K. Le Guin"),
                                  {Book::create(QStringLiteral("The Dispossessed"))}));
    f.session->add(Review::create(lib.it, lib.buzz, 2, QStringLiteral("Too long")));
    return lib.cat->setName(QStringLiteral("Catherine")) && f.session->remove(lib.andromedaByAndy);
}

} // namespace

class TestFlushOrder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Rule 2
    void shouldNotTouchDatabaseOnAdd();
    void shouldNotTouchDatabaseOnAttributeChange();
    void shouldNotWriteOnRemove();
    void shouldAssignPrimaryKeysAtFlush();
    void shouldShowOtherConnectionsNothingBeforeCommit();
    void shouldHoldNoTransactionBetweenUserActions();
    void shouldRunOneTransactionPerCommit();
    void shouldRunOneTransactionForFlushesAndTheirCommit();
    void shouldReadNewKeysWithReturningOnPostgresOnly();

    // Rule 4
    void shouldAddBooksWhenAddingAuthor();
    void shouldAddAuthorWhenAddingBook();
    void shouldAddEachRecordOnAddAll();
    void shouldAddChildAppendedToCollectionOfRecordInSession();
    void shouldNotAddBookWhenOnlyItsAuthorIsAssigned();

    // Rule 5
    void shouldInsertParentTablesFirstInEntryOrder();
    void shouldFillChildForeignKeyFromParentsNewKey();
    void shouldFillEachChildsKeyFromItsOwnParentWhenParentsAlternate();
    void shouldUpdateOnlyChangedColumns();
    void shouldNotUpdateValueSetToWhatItWas();
    void shouldNotUpdateValueChangedAndChangedBack();
    void shouldRunSavesBeforeDeletes();
    void shouldDeleteChildTablesFirst();
};

void TestFlushOrder::shouldNotTouchDatabaseOnAdd() {
    SHELF_OPEN_FIXTURE(f)
    const quint64 before = f.session->statementCount();

    // When an author with books and a user are created and added
    auto author = Author::create(QStringLiteral("Michael Crichton"),
                                 {Book::create(QStringLiteral("Jurassic Park")),
                                  Book::create(QStringLiteral("The Andromeda Strain"))});
    f.session->add(author);
    f.session->addAll({User::create(QStringLiteral("Andy"))});

    // Then the session ran no statement at all and the tables are empty
    QCOMPARE(f.session->statementCount(), before);
    QVERIFY(f.recorder.all().isEmpty());
    QCOMPARE(f.count(QStringLiteral("authors")), 0);
    QCOMPARE(f.count(QStringLiteral("books")), 0);
    QCOMPARE(f.count(QStringLiteral("users")), 0);
}

void TestFlushOrder::shouldNotTouchDatabaseOnAttributeChange() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();
    const quint64 statements = f.session->statementCount();

    // When loaded records are edited and re-parented
    QVERIFY(lib.king->setName(QStringLiteral("Steppen Kang")));
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    QVERIFY(lib.it->setBorrower(lib.buzz));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(lib.itByAndy->setRating(2));

    // Then nothing ran and the database is unchanged
    QCOMPARE(f.session->statementCount(), statements);
    QCOMPARE(f.dump(), before);
}

void TestFlushOrder::shouldNotWriteOnRemove() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();

    // When an author (cascading to books and reviews) and a user are removed
    QVERIFY(f.session->remove(lib.crichton));
    QVERIFY(f.session->remove(lib.cat));

    // Then at most children were read: no write ran and the database is unchanged
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
    QCOMPARE(f.dump(), before);
}

void TestFlushOrder::shouldAssignPrimaryKeysAtFlush() {
    SHELF_OPEN_FIXTURE(f)
    // Given a pending author with a book
    auto book = Book::create(QStringLiteral("It"));
    auto author = Author::create(QStringLiteral("Stephen King"), {book});
    f.session->add(author);
    QVERIFY(author->id().isNull());
    QVERIFY(book->id().isNull());
    QVERIFY(book->value(Book::AuthorIdColumn).isNull());

    // When the session flushes
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));

    // Then both have distinct keys and the book refers to its author's key
    QVERIFY(!author->id().isNull());
    QVERIFY(!book->id().isNull());
    QCOMPARE(book->value(Book::AuthorIdColumn).toLongLong(), idOf(author));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
}

void TestFlushOrder::shouldShowOtherConnectionsNothingBeforeCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an insert, an update and a delete, flushed but not committed
    const auto before = f.dump();
    f.session->add(Author::create(QStringLiteral("Ursula K. Le Guin")));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(!f.recorder.writes().isEmpty());

    // Then another connection (and another session) sees none of it
    QCOMPARE(f.dump(), before);
    auto other = f.freshSession();
    QCOMPARE(other->count(Author::staticTable()), 2);
    QCOMPARE(other->get<Author>(lib.king->id())->name(), QStringLiteral("Stephen King"));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the other connection sees all of it
    QCOMPARE(f.count(QStringLiteral("authors")), 3);
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QCOMPARE(f.count(QStringLiteral("users")), 2);
}

void TestFlushOrder::shouldHoldNoTransactionBetweenUserActions() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a way to see whether the session's connection sits in a transaction: PostgreSQL
    // reports its backend's state; on SQLite another connection cannot write while it does
    QVariant backend;
    if (shelftest::backend() == Backend::Postgres) {
        QSqlQuery pid(f.session->database());
        QVERIFY(pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next());
        backend = pid.value(0);
    }
    const auto idle = [&]() -> QString {
        if (backend.isValid()) {
            const QString state =
                f.db.scalar(QStringLiteral("SELECT state FROM pg_stat_activity WHERE pid = ?"),
                            {backend})
                    .toString();
            return state == QLatin1String("idle") ? QString() : state;
        }
        return f.db.exec(QStringLiteral("UPDATE users SET name = name")) ? QString()
                                                                         : f.db.errorString();
    };
    QVERIFY2(idle().isEmpty(), qPrintable(idle()));

    // When the user reads, stages, previews, fails a commit, commits and rolls back
    const QList<std::pair<QString, std::function<void()>>> actions = {
        {QStringLiteral("get"), [&] { (void)f.session->get<Author>(lib.king->id()); }},
        {QStringLiteral("query"), [&] { (void)f.session->query(Book::staticTable()); }},
        {QStringLiteral("count"), [&] { (void)f.session->count(Book::staticTable()); }},
        {QStringLiteral("remove"), [&] { (void)f.session->remove(lib.crichton); }},
        {QStringLiteral("previewDelete"), [&] { (void)f.session->previewDelete(lib.andy); }},
        {QStringLiteral("pendingChanges"), [&] { (void)f.session->pendingChanges(); }},
        {QStringLiteral("previewSql"), [&] { (void)f.session->previewSql(); }},
        {QStringLiteral("failed commit"),
         [&] {
             QVERIFY(lib.itByAndy->setRating(8));
             QVERIFY(!f.session->commit());
         }},
        {QStringLiteral("failed commit in the database"),
         [&] {
             QVERIFY(lib.itByAndy->setRating(4));
             QVERIFY(lib.it->setValue(Book::AuthorIdColumn, 987654));
             QVERIFY(!f.session->commit());
             QVERIFY(lib.it->setAuthor(lib.king));
         }},
        {QStringLiteral("commit"), [&] { QVERIFY(f.session->commit()); }},
        {QStringLiteral("flush and rollback"),
         [&] {
             QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
             QVERIFY(f.session->flush());
             f.session->rollback();
         }},
    };
    for (const auto &[name, action] : actions) {
        action();
        // Then no transaction is left open after any of them
        const QString state = idle();
        QVERIFY2(state.isEmpty(), qPrintable(name + QStringLiteral(": ") + state));
    }
}

void TestFlushOrder::shouldRunOneTransactionPerCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given staged inserts, updates and deletes over all four tables
    QVERIFY(stageWritesToEveryTable(f, lib));
    f.recorder.clear();

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then every write ran inside one transaction: one BEGIN first, one COMMIT last
    const QList<LoggedStatement> &all = f.recorder.all();
    QVERIFY(!all.isEmpty());
    QVERIFY2(all.first().verb() == QLatin1String("BEGIN"), qPrintable(f.recorder.dump()));
    QVERIFY2(all.last().verb() == QLatin1String("COMMIT"), qPrintable(f.recorder.dump()));
    QCOMPARE(f.recorder.withVerb(QStringLiteral("BEGIN")).size(), 1);
    QCOMPARE(f.recorder.withVerb(QStringLiteral("COMMIT")).size(), 1);
    QVERIFY2(f.recorder.withVerb(QStringLiteral("SAVEPOINT")).isEmpty(),
             qPrintable(f.recorder.dump()));
    QVERIFY2(f.recorder.withVerb(QStringLiteral("ROLLBACK")).isEmpty(),
             qPrintable(f.recorder.dump()));
    // And it wrote to every table
    QSet<QString> tables;
    for (const LoggedStatement &write : f.recorder.writes())
        tables.insert(write.table());
    QCOMPARE(tables, (QSet<QString>{QStringLiteral("authors"), QStringLiteral("books"),
                                    QStringLiteral("users"), QStringLiteral("reviews")}));
    QCOMPARE(f.count(QStringLiteral("authors")), 3);
    QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), lib.cat->id()).toString(),
             QStringLiteral("Catherine"));
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), lib.andromedaByAndy->id()));
}

void TestFlushOrder::shouldRunOneTransactionForFlushesAndTheirCommit() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();
    // Given staged writes over all four tables, flushed
    QVERIFY(stageWritesToEveryTable(f, lib));
    f.recorder.clear();
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));

    // When another edit is flushed and the session commits
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.dump(), before); // nothing is visible before COMMIT
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then both flushes and the commit ran in one transaction: one BEGIN before the first write,
    // one COMMIT after the last, and no other transaction control but the second flush's savepoint
    const QStringList shape = transactionShape(f.recorder.all());
    QVERIFY2(shape.first() == QLatin1String("BEGIN"), qPrintable(f.recorder.dump()));
    QVERIFY2(shape.last() == QLatin1String("COMMIT"), qPrintable(f.recorder.dump()));
    QCOMPARE(shape.count(QStringLiteral("BEGIN")), 1);
    QCOMPARE(shape.count(QStringLiteral("COMMIT")), 1);
    QVERIFY2(!shape.contains(QStringLiteral("ROLLBACK")), qPrintable(f.recorder.dump()));
    QVERIFY2(shape.contains(QStringLiteral("UPDATE authors")), qPrintable(f.recorder.dump()));
    // And every write reached the database with that COMMIT
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), lib.cat->id()).toString(),
             QStringLiteral("Catherine"));
    QCOMPARE(f.count(QStringLiteral("books")), 4);
    QVERIFY(!f.session->hasChanges());
}

void TestFlushOrder::shouldReadNewKeysWithReturningOnPostgresOnly() {
    SHELF_OPEN_FIXTURE(f)
    // Given new records in all four tables (no column of the library has a database default)
    auto user = User::create(QStringLiteral("Reader"));
    auto book = Book::create(QStringLiteral("It"));
    auto author = Author::create(QStringLiteral("Stephen King"), {book});
    auto review = Review::create(book, user, 4);
    f.session->addAll({user, author, review});

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then on PostgreSQL every INSERT reads its key back with RETURNING (not lastInsertId(), which
    // runs SELECT lastval()); on SQLite none does: the key is the connection's last row id, and
    // RETURNING is kept for reading back defaults (sqlitedialect.h)
    const QList<LoggedStatement> inserts = f.recorder.withVerb(QStringLiteral("INSERT"));
    QCOMPARE(inserts.size(), 4);
    const bool postgres = backend() == Backend::Postgres;
    for (const LoggedStatement &insert : inserts)
        QVERIFY2(insert.sql.contains(QLatin1String(" RETURNING "), Qt::CaseInsensitive) == postgres,
                 qPrintable(insert.sql));
    QVERIFY2(f.recorder.withVerb(QStringLiteral("SELECT")).isEmpty(),
             qPrintable(f.recorder.dump()));
    // And the keys in memory are the rows' keys
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT id FROM users WHERE name = 'Reader'")).toLongLong(),
             idOf(user));
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT id FROM authors")).toLongLong(), idOf(author));
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT author_id FROM books WHERE id = ?"), {book->id()})
                 .toLongLong(),
             idOf(author));
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT book_id FROM reviews WHERE id = ?"), {review->id()})
                 .toLongLong(),
             idOf(book));
}

void TestFlushOrder::shouldAddBooksWhenAddingAuthor() {
    SHELF_OPEN_FIXTURE(f)
    // Given an author created with two books
    auto jurassicPark = Book::create(QStringLiteral("Jurassic Park"));
    auto andromeda = Book::create(QStringLiteral("The Andromeda Strain"));
    auto author = Author::create(QStringLiteral("Michael Crichton"), {jurassicPark, andromeda});

    // When only the author is added
    f.session->add(author);

    // Then the books are pending too, and commit inserts all three
    QCOMPARE(f.state(jurassicPark), str(ObjectState::Pending));
    QCOMPARE(f.state(andromeda), str(ObjectState::Pending));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("authors")), 1);
    QCOMPARE(f.db.rows(QStringLiteral("SELECT title FROM books WHERE author_id = ? ORDER BY title"),
                       {author->id()}),
             (QList<QVariantList>{{QStringLiteral("Jurassic Park")},
                                  {QStringLiteral("The Andromeda Strain")}}));
}

void TestFlushOrder::shouldAddAuthorWhenAddingBook() {
    SHELF_OPEN_FIXTURE(f)
    // Given a book created with a new author
    auto author = Author::create(QStringLiteral("Stephen King"));
    auto book = Book::create(QStringLiteral("It"), author);

    // When only the book is added
    f.session->add(book);

    // Then its author is pending too, and commit inserts both
    QCOMPARE(f.state(author), str(ObjectState::Pending));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), book->id()).toLongLong(),
             idOf(author));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), author->id()).toString(),
             QStringLiteral("Stephen King"));
}

void TestFlushOrder::shouldAddEachRecordOnAddAll() {
    SHELF_OPEN_FIXTURE(f)
    // Given the tutorial's records
    auto author1 = Author::create(QStringLiteral("Stephen King"));
    auto book = Book::create(QStringLiteral("It"), author1);
    auto book2 = Book::create(QStringLiteral("Jurassic park"));
    auto book3 = Book::create(QStringLiteral("Andromeada Strain"));
    auto author3 = Author::create(QStringLiteral("Michael Crichton"), {book2, book3});

    // When they are added as in the tutorial
    f.session->add(author1);
    f.session->addAll({author3, book, book2, book3});

    // Then every one is pending once, and commit writes five rows
    for (const RecordPtr &record : RecordList{author1, author3, book, book2, book3})
        QCOMPARE(f.state(record), str(ObjectState::Pending));
    QCOMPARE(f.session->newRecords(Book::staticTable()).size(), 3);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    // (On PostgreSQL as one multi-row INSERT per table, issue 13: the two authors, the 3 books.)
    QCOMPARE(f.recorder.withVerb(QStringLiteral("INSERT")).size(),
             backend() == Backend::Postgres ? 2 : 5);
    QCOMPARE(f.count(QStringLiteral("authors")), 2);
    QCOMPARE(f.count(QStringLiteral("books")), 3);
}

void TestFlushOrder::shouldAddChildAppendedToCollectionOfRecordInSession() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When a new book is appended to a persistent author's books
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));

    // Then the book is pending and commit inserts it under that author
    QCOMPARE(f.state(carrie), str(ObjectState::Pending));
    QVERIFY(carrie->author() == lib.king);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.recorder.writeSummary(), QStringList{QStringLiteral("INSERT books")});
    QCOMPARE(
        f.cell(QStringLiteral("books"), QStringLiteral("author_id"), carrie->id()).toLongLong(),
        idOf(lib.king));
}

void TestFlushOrder::shouldNotAddBookWhenOnlyItsAuthorIsAssigned() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When a new book's author is set to a persistent author (SQLAlchemy 2.0: no backref cascade)
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(carrie->setAuthor(lib.king));

    // Then the book is still transient and a commit does not insert it
    QCOMPARE(f.state(carrie), str(ObjectState::Transient));
    QVERIFY(!f.session->contains(carrie));
    QVERIFY(f.session->newRecords(Book::staticTable()).isEmpty());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("books")), 3);

    // When the book is added explicitly
    f.session->add(carrie);
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then it is inserted under its author
    QCOMPARE(
        f.cell(QStringLiteral("books"), QStringLiteral("author_id"), carrie->id()).toLongLong(),
        idOf(lib.king));
}

void TestFlushOrder::shouldInsertParentTablesFirstInEntryOrder() {
    SHELF_OPEN_FIXTURE(f)
    // Given records entering the session in this order: author First, user, author Second with
    // book B-1, book A-1 appended to First, a review of A-1
    auto first = Author::create(QStringLiteral("First"));
    f.session->add(first);
    auto user = User::create(QStringLiteral("Reader"));
    f.session->add(user);
    auto second = Author::create(QStringLiteral("Second"), {Book::create(QStringLiteral("B-1"))});
    f.session->add(second);
    auto a1 = Book::create(QStringLiteral("A-1"));
    QVERIFY(first->books().append(a1));
    auto review = Review::create(a1, user, 4, QStringLiteral("review of A-1"));
    f.session->add(review);

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then authors and users come before books, books before reviews, each table in entry order
    const QList<LoggedStatement> writes = f.recorder.writes();
    const int firstAt =
        writeIndexWithBind(writes, QStringLiteral("INSERT"), QStringLiteral("First"));
    const int secondAt =
        writeIndexWithBind(writes, QStringLiteral("INSERT"), QStringLiteral("Second"));
    const int userAt =
        writeIndexWithBind(writes, QStringLiteral("INSERT"), QStringLiteral("Reader"));
    const int b1At = writeIndexWithBind(writes, QStringLiteral("INSERT"), QStringLiteral("B-1"));
    const int a1At = writeIndexWithBind(writes, QStringLiteral("INSERT"), QStringLiteral("A-1"));
    const int reviewAt =
        writeIndexWithBind(writes, QStringLiteral("INSERT"), QStringLiteral("review of A-1"));
    QVERIFY2(firstAt >= 0 && secondAt >= 0 && userAt >= 0 && b1At >= 0 && a1At >= 0 &&
                 reviewAt >= 0,
             qPrintable(f.recorder.dump()));
    QVERIFY2(firstAt < secondAt, qPrintable(f.recorder.dump()));
    QVERIFY2(secondAt < b1At && userAt < b1At, qPrintable(f.recorder.dump()));
    QVERIFY2(b1At < a1At, qPrintable(f.recorder.dump()));
    QVERIFY2(a1At < reviewAt, qPrintable(f.recorder.dump()));
    // (On PostgreSQL the two authors go in one INSERT, and so do the two books: issue 13.)
    QCOMPARE(writes.size(), backend() == Backend::Postgres ? 4 : 6);
    // And the keys follow entry order within a table
    QVERIFY(idOf(first) < idOf(second));
}

void TestFlushOrder::shouldFillChildForeignKeyFromParentsNewKey() {
    SHELF_OPEN_FIXTURE(f)
    // Given a new author with two books, and a review of one by a new user
    auto jurassicPark = Book::create(QStringLiteral("Jurassic Park"));
    auto andromeda = Book::create(QStringLiteral("The Andromeda Strain"));
    auto author = Author::create(QStringLiteral("Michael Crichton"), {jurassicPark, andromeda});
    auto user = User::create(QStringLiteral("Andy"));
    QVERIFY(jurassicPark->setBorrower(user));
    auto review = Review::create(jurassicPark, user, 5);
    f.session->addAll({author, user, review});

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then each child's INSERT carried its parent's new key, in memory and in the database
    const QList<LoggedStatement> inserts = f.recorder.withVerb(QStringLiteral("INSERT"));
    bool bookInsertCarriesAuthorKey = false;
    for (const LoggedStatement &insert : inserts)
        if (insert.table() == QLatin1String("books") &&
            insert.binds.contains(QVariant(QStringLiteral("Jurassic Park"))))
            for (const QVariant &bind : insert.binds)
                bookInsertCarriesAuthorKey |= render(bind) == render(author->id());
    QVERIFY2(bookInsertCarriesAuthorKey, qPrintable(f.recorder.dump()));
    QCOMPARE(jurassicPark->value(Book::AuthorIdColumn).toLongLong(), idOf(author));
    QCOMPARE(jurassicPark->value(Book::BorrowerIdColumn).toLongLong(), idOf(user));
    QCOMPARE(review->value(Review::BookIdColumn).toLongLong(), idOf(jurassicPark));
    QCOMPARE(review->value(Review::UserIdColumn).toLongLong(), idOf(user));
    QCOMPARE(f.db.rows(QStringLiteral("SELECT author_id, borrower_id FROM books WHERE id = ?"),
                       {jurassicPark->id()}),
             (QList<QVariantList>{{author->id(), user->id()}}));
    QCOMPARE(f.db.rows(QStringLiteral("SELECT book_id, user_id, rating FROM reviews")),
             (QList<QVariantList>{{jurassicPark->id(), user->id(), 5}}));
}

void TestFlushOrder::shouldFillEachChildsKeyFromItsOwnParentWhenParentsAlternate() {
    SHELF_OPEN_FIXTURE(f)
    // Given three new authors and twelve new books staged round-robin among them, so that no two
    // consecutive INSERTs of books await the same author's new key
    QList<RecordPtr> authors;
    for (const char *name : {"Ann", "Bea", "Cid"}) {
        authors.append(Author::create(QString::fromLatin1(name)));
        f.session->add(authors.last());
    }
    QList<std::pair<RecordPtr, RecordPtr>> bookAndAuthor;
    for (int i = 0; i < 12; ++i) {
        const RecordPtr &author = authors.at(i % 3);
        auto book = Book::create(QStringLiteral("Book %1").arg(i));
        QVERIFY(std::static_pointer_cast<Author>(author)->books().append(book));
        bookAndAuthor.append({book, author});
    }

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then every book holds its own author's key, in memory and in the database
    for (const auto &[book, author] : bookAndAuthor) {
        QCOMPARE(book->value(Book::AuthorIdColumn).toLongLong(), idOf(author));
        QCOMPARE(
            f.db.rows(QStringLiteral("SELECT author_id FROM books WHERE id = ?"), {book->value(0)}),
            (QList<QVariantList>{{author->value(0)}}));
    }
    QCOMPARE(f.db.rows(QStringLiteral("SELECT count(DISTINCT author_id) FROM books")),
             (QList<QVariantList>{{3}}));
}

void TestFlushOrder::shouldUpdateOnlyChangedColumns() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When only It's title changes
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then one UPDATE of books sets the title and nothing else
    QCOMPARE(f.recorder.writeSummary(), QStringList{QStringLiteral("UPDATE books")});
    QString set = f.recorder.writes().first().setClause();
    QVERIFY2(set.contains(QLatin1String("title")), qPrintable(set));
    QVERIFY2(!set.contains(QLatin1String("author_id")), qPrintable(set));
    QVERIFY2(!set.contains(QLatin1String("borrower_id")), qPrintable(set));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), lib.it->id()).toString(),
             QStringLiteral("It (1986)"));

    // When the borrower and the title of Jurassic Park change
    f.recorder.clear();
    QVERIFY(lib.jurassicPark->setBorrower(lib.andy));
    QVERIFY(lib.jurassicPark->setTitle(QStringLiteral("Jurassic Park (1990)")));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then one UPDATE sets both and leaves author_id alone
    QCOMPARE(f.recorder.writeSummary(), QStringList{QStringLiteral("UPDATE books")});
    set = f.recorder.writes().first().setClause();
    QVERIFY2(set.contains(QLatin1String("title")) && set.contains(QLatin1String("borrower_id")),
             qPrintable(set));
    QVERIFY2(!set.contains(QLatin1String("author_id")), qPrintable(set));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("borrower_id"), lib.jurassicPark->id())
                 .toLongLong(),
             idOf(lib.andy));
}

void TestFlushOrder::shouldNotUpdateValueSetToWhatItWas() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When values are set to what they already are
    QVERIFY(lib.king->setName(QStringLiteral("Stephen King")));
    QVERIFY(lib.it->setBorrower(lib.andy));
    QVERIFY(lib.it->setAuthor(lib.king));
    QVERIFY(lib.itByAndy->setRating(5));

    // Then nothing is a change and commit writes nothing
    QVERIFY(!f.session->hasChanges());
    QVERIFY(!lib.king->hasChanges());
    QVERIFY(!lib.it->hasChanges());
    QVERIFY(!lib.king->isModified(Author::NameColumn));
    QVERIFY(f.session->pendingChanges().isEmpty());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
}

void TestFlushOrder::shouldNotUpdateValueChangedAndChangedBack() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When a name is changed and changed back, and a book moved away and back
    QVERIFY(lib.king->setName(QStringLiteral("Steppen Kang")));
    QVERIFY(lib.king->setName(QStringLiteral("Stephen King")));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(lib.andromeda->setAuthor(lib.crichton));

    // Then there is nothing to write
    QVERIFY(!f.session->hasChanges());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
}

void TestFlushOrder::shouldRunSavesBeforeDeletes() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a delete staged first, then an update and an insert
    QVERIFY(f.session->remove(lib.itByAndy));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    f.session->add(Author::create(QStringLiteral("Ursula K. Le Guin")));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the INSERT and the UPDATE (in either order) ran before the DELETE
    QStringList writes = f.recorder.writeSummary();
    QCOMPARE(writes.size(), 3);
    QCOMPARE(writes.takeLast(), QStringLiteral("DELETE reviews"));
    writes.sort();
    QCOMPARE(writes,
             (QStringList{QStringLiteral("INSERT authors"), QStringLiteral("UPDATE authors")}));
}

void TestFlushOrder::shouldDeleteChildTablesFirst() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Michael Crichton removed (his two books and their two reviews cascade)
    QVERIFY(f.session->remove(lib.crichton));

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then reviews go first, then books, then the author
    const QList<LoggedStatement> deletes = f.recorder.withVerb(QStringLiteral("DELETE"));
    QCOMPARE(collapsedTables(deletes),
             (QStringList{QStringLiteral("reviews"), QStringLiteral("books"),
                          QStringLiteral("authors")}));
    QVERIFY2(f.recorder.withVerb(QStringLiteral("UPDATE")).isEmpty(),
             qPrintable(f.recorder.dump()));
    QCOMPARE(f.count(QStringLiteral("reviews")), 1);
    QCOMPARE(f.count(QStringLiteral("books")), 1);
    QCOMPARE(f.count(QStringLiteral("authors")), 1);

    // And a review removed together with its user is deleted before the user
    f.recorder.clear();
    QVERIFY(f.session->remove(lib.buzz));
    QVERIFY(f.session->remove(lib.andy));
    QVERIFY(f.session->remove(lib.itByAndy));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    const QList<LoggedStatement> userDeletes = f.recorder.withVerb(QStringLiteral("DELETE"));
    QCOMPARE(collapsedTables(userDeletes),
             (QStringList{QStringLiteral("reviews"), QStringLiteral("users")}));
}

QTEST_GUILESS_MAIN(TestFlushOrder)
#include "tst_flushorder.moc"
