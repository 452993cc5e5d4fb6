// Every code block of the Flask-SQLAlchemy tutorial (shared/seed/000_26674af16246abe9.txt),
// replayed with Shelf's API. After each step the database is checked through an independent
// connection, never only through the session.

#include "library/library.h"
#include "library/revisions.h"
#include "library/upgrader.h"
#include "orm/migrationrunner.h"
#include "testdatabase.h"

#include <QtTest>

using namespace library;

class TutorialTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void seederDropsAndCreatesTables();
    void creatingInstancesTouchesNothing();
    void savingToDatabaseAddsAndCommits();
    void deletingABookRemovesItsRow();
    void deletingAnAuthorCascadesToItsBooksOnly();
    void rollbackRestoresTheCommittedName();
    void laterThisIsDoneThroughMigrations();

private:
    /// The tutorial's "Creating Instances" and "Saving to database" blocks, committed.
    void saveTutorialRecords();
    qint64 rows(const QString &table) {
        return m_db->scalar("SELECT count(*) FROM " + table).toLongLong();
    }

    std::unique_ptr<shelftest::TestDatabase> m_db;
    std::unique_ptr<orm::Session> m_session;
    std::shared_ptr<Author> m_author1, m_author3;
    std::shared_ptr<Book> m_book, m_book2, m_book3;
};

void TutorialTest::init() {
    // Tutorial block 1, `from app import app; from app.models import db, Book, Author` and
    // `with app.app_context():` — the include of library/library.h, a database and a session
    m_db = std::make_unique<shelftest::TestDatabase>();
    QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
    m_session = std::make_unique<orm::Session>(m_db->connection(), library::metadata());
    QVERIFY2(!m_session->lastError(), qPrintable(m_session->lastError().fullText()));
}

void TutorialTest::cleanup() {
    m_author1.reset();
    m_author3.reset();
    m_book.reset();
    m_book2.reset();
    m_book3.reset();
    m_session.reset();
    m_db.reset();
}

void TutorialTest::seederDropsAndCreatesTables() {
    // Given a database holding an old authors table with a row in it
    QVERIFY2(m_db->exec("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)"),
             qPrintable(m_db->errorString()));
    QVERIFY(m_db->exec("INSERT INTO authors (id, name) VALUES (1, 'left over')"));

    // When: db.drop_all(); db.create_all()
    QVERIFY2(m_session->dropAll(), qPrintable(m_session->lastError().fullText()));
    QVERIFY2(m_session->createAll(), qPrintable(m_session->lastError().fullText()));

    // Then every table exists, empty, with the tutorial's columns
    for (const char *table : {"authors", "books", "users", "reviews"})
        QCOMPARE(rows(table), 0);
    QVERIFY(m_db->exec("INSERT INTO authors (name) VALUES ('x')"));
    QVERIFY(
        !m_db->exec("INSERT INTO books (title, author_id) VALUES ('orphan', 999)")); // FK enforced
    // (and the columns revision 2 added, checked by the database)
    QVERIFY(m_db->exec("INSERT INTO books (title, author_id, publication_year, isbn) "
                       "VALUES ('It', 1, 1986, '0670813028')"));
    QVERIFY(!m_db->exec("INSERT INTO books (title, author_id, isbn) VALUES ('No', 1, '12-34')"));
}

void TutorialTest::creatingInstancesTouchesNothing() {
    QVERIFY(m_session->createAll());
    // user1 = User(name='Andy'); user2 = User(name='Buzz'); users = [User(name='copy') for i in
    // range(5)]
    auto user1 = User::create("Andy");
    auto user2 = User::create("Buzz");
    QList<std::shared_ptr<User>> users;
    for (int i = 0; i < 5; ++i)
        users.append(User::create("copy"));
    // author1 = Author(name='Stephen King'); book = Book(title='It', author=author1)
    auto author1 = Author::create("Stephen King");
    auto book = Book::create("It", author1);
    // book2 = Book(title='Jurassic park'); book3 = Book(title='Andromeada Strain')
    auto book2 = Book::create("Jurassic park");
    auto book3 = Book::create("Andromeada Strain");
    // author3 = Author(name='Michael Crichton', books=[book2, book3])
    auto author3 = Author::create("Michael Crichton", {book2, book3});

    // Then the relationships are wired both ways, in memory only
    QCOMPARE(book->author(), author1);
    QCOMPARE(author1->books().size(), 1);
    QCOMPARE(book2->author(), author3);
    QCOMPARE(author3->books().toList(), (QList<std::shared_ptr<Book>>{book2, book3}));
    QCOMPARE(m_session->state(user1), orm::ObjectState::Transient);
    QCOMPARE(m_session->state(book3), orm::ObjectState::Transient);
    QVERIFY(user1->id().isNull());
    QCOMPARE(rows("users"), 0);
    QCOMPARE(rows("authors"), 0);
    QCOMPARE(rows("books"), 0);
    QVERIFY(!m_session->hasChanges());
}

void TutorialTest::saveTutorialRecords() {
    QVERIFY(m_session->createAll());
    m_author1 = Author::create("Stephen King");
    m_book = Book::create("It", m_author1);
    m_book2 = Book::create("Jurassic park");
    m_book3 = Book::create("Andromeada Strain");
    m_author3 = Author::create("Michael Crichton", {m_book2, m_book3});

    // db.session.add(author1); db.session.add_all([author3, book, book2, book3])
    m_session->add(m_author1);
    m_session->addAll({m_author3, m_book, m_book2, m_book3});
    QCOMPARE(m_session->state(m_author1), orm::ObjectState::Pending);
    QCOMPARE(m_session->state(m_book3), orm::ObjectState::Pending);
    // "Nothing happens to the database until commit is called."
    QCOMPARE(rows("authors"), 0);
    QCOMPARE(rows("books"), 0);

    // db.commit()
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
}

void TutorialTest::savingToDatabaseAddsAndCommits() {
    saveTutorialRecords();
    if (QTest::currentTestFailed())
        return;

    // Then the rows exist, keys were assigned and foreign keys filled in from the new authors
    QCOMPARE(m_session->state(m_author1), orm::ObjectState::Persistent);
    QVERIFY(!m_author1->id().isNull());
    const auto stored =
        m_db->rows("SELECT b.title, a.name FROM books b JOIN authors a ON a.id = b.author_id "
                   "ORDER BY b.id");
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.at(0), (QVariantList{"It", "Stephen King"}));
    QCOMPARE(stored.at(1), (QVariantList{"Jurassic park", "Michael Crichton"}));
    QCOMPARE(stored.at(2), (QVariantList{"Andromeada Strain", "Michael Crichton"}));
    QCOMPARE(m_db->scalar("SELECT author_id FROM books WHERE title = 'It'").toLongLong(),
             m_author1->id().toLongLong());
    QVERIFY(!m_session->hasChanges());

    // "If a change is made to an instance and needs to be saved, be sure to commit again."
    QVERIFY(m_book2->setTitle("Jurassic Park"));
    QCOMPARE(m_db->scalar("SELECT title FROM books WHERE id = ?", {m_book2->id()}).toString(),
             "Jurassic park");
    QVERIFY(m_session->commit());
    QCOMPARE(m_db->scalar("SELECT title FROM books WHERE id = ?", {m_book2->id()}).toString(),
             "Jurassic Park");
}

void TutorialTest::deletingABookRemovesItsRow() {
    saveTutorialRecords();
    if (QTest::currentTestFailed())
        return;
    const QVariant id = m_book3->id();

    // db.session.delete(book3)
    QVERIFY(m_session->remove(m_book3));
    QCOMPARE(rows("books"), 3); // still there until commit
    QCOMPARE(m_session->state(m_book3), orm::ObjectState::Persistent);
    QVERIFY(m_book3->isMarkedForDelete());

    // db.session.commit()
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
    QCOMPARE(rows("books"), 2);
    QCOMPARE(m_db->scalar("SELECT count(*) FROM books WHERE id = ?", {id}).toLongLong(), 0);
    QCOMPARE(m_session->state(m_book3), orm::ObjectState::Detached);
    QCOMPARE(m_author3->books().size(), 1);
    QCOMPARE(rows("authors"), 2); // the author stays
}

void TutorialTest::deletingAnAuthorCascadesToItsBooksOnly() {
    saveTutorialRecords();
    if (QTest::currentTestFailed())
        return;
    // cascade='all, delete-orphan': deleting Michael Crichton deletes his books, not Stephen King's
    QVERIFY(m_session->remove(m_author3));
    QVERIFY(m_book2->isMarkedForDelete());
    QVERIFY(m_book3->isMarkedForDelete());
    QVERIFY(!m_book->isMarkedForDelete());
    QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
    QCOMPARE(m_db->rows("SELECT title FROM books"), (QList<QVariantList>{{"It"}}));
    QCOMPARE(m_db->rows("SELECT name FROM authors"), (QList<QVariantList>{{"Stephen King"}}));

    // "It will delete any record that would be orphaned": a book taken from its author goes too
    QVERIFY(m_author1->books().remove(m_book));
    QVERIFY(m_session->commit());
    QCOMPARE(rows("books"), 0);
    QCOMPARE(rows("authors"), 1);
}

void TutorialTest::rollbackRestoresTheCommittedName() {
    QVERIFY(m_session->createAll());
    // author = Author(name='Stephen King'); db.session.add(author); db.commit()
    auto author = Author::create("Stephen King");
    m_session->add(author);
    QVERIFY(m_session->commit());

    // author.name='Steppen Kang'
    QVERIFY(author->setName("Steppen Kang"));
    QVERIFY(m_session->hasChanges());
    QCOMPARE(m_db->scalar("SELECT name FROM authors").toString(), "Stephen King");

    // db.rollback(); print(author.name)  # Stephen King
    m_session->rollback();
    QCOMPARE(author->name(), "Stephen King");
    QVERIFY(!m_session->hasChanges());
    QCOMPARE(m_db->scalar("SELECT name FROM authors").toString(), "Stephen King");
}

QTEST_GUILESS_MAIN(TutorialTest)
#include "tst_tutorial.moc"

void TutorialTest::laterThisIsDoneThroughMigrations() {
    // The seeder block ends: "Later, this will be done through alembic." Shelf's twin: a library
    // made at revision 1, with the tutorial's records, is upgraded in place and keeps them.
    orm::MigrationRunner runner(m_db->connection());
    QVERIFY2(runner.run({}, library::revisions().first().operations,
                        [](QSqlDatabase &database, QString *error) {
                            return library::stamp(database, 1, error);
                        }),
             qPrintable(runner.lastError()));
    QVERIFY(m_db->exec("INSERT INTO authors (id, name) VALUES (1, 'Stephen King')"));
    QVERIFY(m_db->exec("INSERT INTO books (id, title, author_id) VALUES (1, 'It', 1)"));

    library::Upgrader upgrader(m_db->connection());
    QVERIFY2(upgrader.inspect(), qPrintable(upgrader.errorString()));
    QCOMPARE(upgrader.fromRevision(), 1);
    QVERIFY2(upgrader.backup() && upgrader.upgrade(), qPrintable(upgrader.errorString()));

    // The session sees the old book with the new columns, and can fill them in
    orm::Session session(m_db->connection(), library::metadata());
    const auto books = session.query(Book::staticTable());
    QCOMPARE(books.size(), 1);
    auto it = std::static_pointer_cast<Book>(books.first());
    QCOMPARE(it->title(), QStringLiteral("It"));
    QVERIFY(it->publicationYear().isNull());
    QVERIFY(it->setPublicationYear(1986));
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
    QCOMPARE(m_db->scalar("SELECT publication_year FROM books WHERE id = 1").toInt(), 1986);
}
