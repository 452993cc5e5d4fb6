// orm::Loader on its own (issue 13, a session made of parts): rows of a real database (an SQLite
// file, PostgreSQL) become records once per key (docs/contract.md §2 rule 11), a staged edit is
// not overwritten by a reload (rule 3), a parent and the collections of many parents load once in
// a bounded number of statements, and the one chunking helper splits keys at the IN-list limit,
// a key wider than one column included. The loader is the session's own, reached through
// SessionInternals::loader() as the session's parts are handed to a delete resolver
// (tst_deleteresolver); rows are written by another connection.

#include "keysfixture.h"
#include "libraryfixture.h"
#include "orm/loader.h"
#include "orm/sessioninternals.h"
#include "orm/statementbuilder.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace shelftest;
using orm::Loader;

namespace {

/// `count` rows made by the database itself from the numbers 1…count (`select` reads `i`).
bool insertNumbered(TestDatabase &db, int count, const QString &insert, const QString &select) {
    return db.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM "
                                  "n WHERE i < %1) ")
                       .arg(count) +
                   insert + QLatin1Char(' ') + select + QStringLiteral(" FROM n"));
}

QString selectAll(const orm::Session &session, const orm::Table &table) {
    return orm::StatementBuilder(session.dialect()).selectList(table) +
           QStringLiteral(" ORDER BY id");
}

} // namespace

class TestLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldMakeOneRecordPerRowHoweverOftenItIsRead();
    void shouldNotOverwriteAStagedEditWhenTheRowIsReadAgain();
    void shouldLoadAParentOnceAndThenFindItInMemory();
    void shouldLoadCollectionsOnceWithOneStatementPerChunk();
    void shouldSplitKeysAtTheChunkLimit();
    void shouldReadManyCompositeKeysInChunksOfTheLimit();
};

void TestLoader::shouldMakeOneRecordPerRowHoweverOftenItIsRead() {
    SHELF_OPEN_FIXTURE(f)
    // Given three authors another connection wrote, and a session that has loaded nothing
    QVERIFY(f.db.exec(QStringLiteral(
        "INSERT INTO authors (id, name) VALUES (1, 'Ada'), (2, 'Brian'), (3, 'Cleo')")));
    Loader &loader = orm::SessionInternals::loader(*f.session);
    const orm::Table &authors = Author::staticTable();
    QSignalSpy added(f.session.get(), &orm::Session::recordAdded);

    // When the loader reads the table twice
    RecordList first;
    RecordList second;
    QVERIFY(loader.select(authors, selectAll(*f.session, authors), {}, &first));
    QVERIFY(loader.select(authors, selectAll(*f.session, authors), {}, &second));

    // Then each row became one persistent record of the session, with the row's values, found
    // by its key and given again by the second read; each was announced once
    QCOMPARE(first.size(), 3);
    QCOMPARE(second.size(), 3);
    const QStringList names{QStringLiteral("Ada"), QStringLiteral("Brian"), QStringLiteral("Cleo")};
    for (int i = 0; i < 3; ++i) {
        QVERIFY(first.at(i) == second.at(i));
        QCOMPARE(f.session->state(first.at(i)), orm::ObjectState::Persistent);
        QCOMPARE(first.at(i)->value(Author::NameColumn).toString(), names.at(i));
        QCOMPARE(first.at(i)->id().toLongLong(), i + 1);
        QVERIFY(f.session->findLoaded(authors, i + 1) == first.at(i));
        QVERIFY(!first.at(i)->hasChanges());
    }
    QCOMPARE(added.size(), 3);
    // And get() of a key the loader read runs no statement: it is the same record
    f.recorder.clear();
    QVERIFY(loader.get(authors, orm::Key::fromId(authors, 2)) == first.at(1));
    QVERIFY(f.recorder.all().isEmpty());
}

void TestLoader::shouldNotOverwriteAStagedEditWhenTheRowIsReadAgain() {
    SHELF_OPEN_FIXTURE(f)
    // Given two loaded authors, one with a staged new name
    QVERIFY(f.db.exec(
        QStringLiteral("INSERT INTO authors (id, name) VALUES (1, 'Ada'), (2, 'Brian')")));
    Loader &loader = orm::SessionInternals::loader(*f.session);
    const orm::Table &authors = Author::staticTable();
    RecordList loaded;
    QVERIFY(loader.select(authors, selectAll(*f.session, authors), {}, &loaded));
    QCOMPARE(loaded.size(), 2);
    const auto ada = std::static_pointer_cast<Author>(loaded.at(0));
    const auto brian = std::static_pointer_cast<Author>(loaded.at(1));
    QVERIFY(ada->setName(QStringLiteral("Ada (staged)")));

    // When another user renames both and the loader reads the rows again
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = name || ' (theirs)'")));
    QSignalSpy changed(f.session.get(), &orm::Session::recordChanged);
    RecordList again;
    QVERIFY(loader.select(authors, selectAll(*f.session, authors), {}, &again));

    // Then the staged edit wins (rule 3) and stays a change, the untouched record shows their
    // name; only that record's name was signalled
    QVERIFY(again.at(0) == ada && again.at(1) == brian);
    QCOMPARE(ada->name(), QStringLiteral("Ada (staged)"));
    QVERIFY(ada->isModified(Author::NameColumn));
    QCOMPARE(brian->name(), QStringLiteral("Brian (theirs)"));
    QVERIFY(!brian->hasChanges());
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.at(0).at(0).value<orm::Record *>() == brian.get());
    QCOMPARE(changed.at(0).at(1).toInt(), int(Author::NameColumn));
}

void TestLoader::shouldLoadAParentOnceAndThenFindItInMemory() {
    SHELF_OPEN_FIXTURE(f)
    // Given a loaded book whose author is not loaded
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO authors (id, name) VALUES (7, 'Ada')")));
    QVERIFY(f.db.exec(
        QStringLiteral("INSERT INTO books (id, title, author_id) VALUES (1, 'Notes', 7)")));
    Loader &loader = orm::SessionInternals::loader(*f.session);
    const orm::Relationship &books =
        *library::metadata().relationship(QStringLiteral("authors"), QStringLiteral("books"));
    RecordPtr book = loader.get(Book::staticTable(), orm::Key::fromId(Book::staticTable(), 1));
    QVERIFY(book);
    QVERIFY(!f.session->findLoaded(Author::staticTable(), 7));

    // When the loader loads the book's parent twice
    f.recorder.clear();
    const RecordPtr author = loader.loadParent(*book, books);
    const qsizetype statements = f.recorder.all().size();
    const RecordPtr again = loader.loadParent(*book, books);

    // Then one SELECT read it, the second came from memory, and it is the session's record
    QVERIFY(author);
    QCOMPARE(author->value(Author::NameColumn).toString(), QStringLiteral("Ada"));
    QCOMPARE(statements, 1);
    QCOMPARE(f.recorder.all().size(), 1);
    QVERIFY(again == author);
    QVERIFY(f.session->findLoaded(Author::staticTable(), 7) == author);
}

void TestLoader::shouldLoadCollectionsOnceWithOneStatementPerChunk() {
    SHELF_OPEN_FIXTURE(f)
    // Given 1,100 authors with keys far apart (100, 200, …: no key range to read) and two books
    // each, loaded without their collections
    constexpr int Authors = 1100;
    QVERIFY(insertNumbered(f.db, Authors, QStringLiteral("INSERT INTO authors (id, name)"),
                           QStringLiteral("SELECT i * 100, 'Author ' || i")));
    QVERIFY(insertNumbered(f.db, 2 * Authors,
                           QStringLiteral("INSERT INTO books (id, title, author_id)"),
                           QStringLiteral("SELECT i, 'Book ' || i, ((i + 1) / 2) * 100")));
    Loader &loader = orm::SessionInternals::loader(*f.session);
    const orm::Relationship &books =
        *library::metadata().relationship(QStringLiteral("authors"), QStringLiteral("books"));
    RecordList authors;
    QVERIFY(loader.select(Author::staticTable(), selectAll(*f.session, Author::staticTable()), {},
                          &authors));
    QCOMPARE(authors.size(), Authors);

    // When the loader loads every author's books, and then again
    f.recorder.clear();
    QVERIFY(loader.loadChildren(authors, books));
    const QList<LoggedStatement> first = f.recorder.all();
    f.recorder.clear();
    QVERIFY(loader.loadChildren(authors, books));

    // Then one SELECT per chunk of 500 authors read them (three, the last of 100 keys), and the
    // second time nothing: every collection is loaded, two books each, with their own author
    QCOMPARE(first.size(), 3);
    const QList<qsizetype> binds{first.at(0).binds.size(), first.at(1).binds.size(),
                                 first.at(2).binds.size()};
    QCOMPARE(binds, QList<qsizetype>({500, 500, 100}));
    for (const LoggedStatement &statement : first)
        QCOMPARE(statement.table(), QStringLiteral("books"));
    QVERIFY(f.recorder.all().isEmpty());
    for (const RecordPtr &author : std::as_const(authors)) {
        QVERIFY(author->childrenLoaded(books));
        const RecordList children = author->children(books);
        QCOMPARE(children.size(), 2);
        for (const RecordPtr &book : children)
            QCOMPARE(book->value(Book::AuthorIdColumn), author->id());
    }
    QVERIFY(f.recorder.all().isEmpty());
}

void TestLoader::shouldSplitKeysAtTheChunkLimit() {
    using Chunks = QList<Loader::Chunk>;
    const qsizetype limit = orm::StatementBuilder::ChunkParameters; // 500 binds a statement
    // One-column keys: 500 a chunk, the rest in the last
    QCOMPARE(Loader::chunks(0, 1), Chunks());
    QCOMPARE(Loader::chunks(1, 1), Chunks({{0, 1}}));
    QCOMPARE(Loader::chunks(limit, 1), Chunks({{0, limit}}));
    QCOMPARE(Loader::chunks(limit + 1, 1), Chunks({{0, limit}, {limit, 1}}));
    QCOMPARE(Loader::chunks(1001, 1), Chunks({{0, 500}, {500, 500}, {1000, 1}}));
    // Two columns a key: 250 keys (500 binds) a chunk; three columns: 166 (498 binds)
    QCOMPARE(Loader::chunks(505, 2), Chunks({{0, 250}, {250, 250}, {500, 5}}));
    QCOMPARE(Loader::chunks(400, 3), Chunks({{0, 166}, {166, 166}, {332, 68}}));
    // A key wider than the limit still goes, one a statement
    QCOMPARE(Loader::chunks(2, limit + 1), Chunks({{0, 1}, {1, 1}}));
}

void TestLoader::shouldReadManyCompositeKeysInChunksOfTheLimit() {
    KeysFixture f;
    {
        QString error;
        QVERIFY2(f.open(&error), qPrintable(error));
    }
    // Given 500 more lines of invoice 2 (lines 3…502) besides its lines 1 and 2, one of them loaded
    QVERIFY(insertNumbered(
        f.db, 500,
        QStringLiteral("INSERT INTO invoice_lines (invoice_id, line_no, description, quantity)"),
        QStringLiteral("SELECT 2, i + 2, 'Part ' || i, i")));
    const orm::Table &lines = f.table(QStringLiteral("invoice_lines"));
    Loader &loader = orm::SessionInternals::loader(*f.session);
    const RecordPtr first = loader.get(lines, orm::Key::fromId(lines, KeysFixture::lineKey(2, 1)));
    QVERIFY(first);

    // When the loader gets all 502 lines of invoice 2 by their two-column keys, one of them twice
    QVariantList ids;
    for (int line = 1; line <= 502; ++line)
        ids << KeysFixture::lineKey(2, line);
    ids << KeysFixture::lineKey(2, 7);
    f.recorder.clear();
    const RecordList found = loader.getMany(lines, ids);

    // Then the loaded one came from memory and the other 501 keys went in chunks of 250 keys
    // (500 binds): three SELECTs, each key once
    QCOMPARE(found.size(), 502);
    QVERIFY(found.contains(first));
    const QList<LoggedStatement> statements = f.recorder.all();
    QCOMPARE(statements.size(), 3);
    QCOMPARE(statements.at(0).binds.size(), 500);
    QCOMPARE(statements.at(1).binds.size(), 500);
    QCOMPARE(statements.at(2).binds.size(), 2);
    QSet<orm::Record *> distinct;
    for (const RecordPtr &line : found)
        distinct.insert(line.get());
    QCOMPARE(distinct.size(), 502);
    QVERIFY(f.session->findLoaded(lines, KeysFixture::lineKey(2, 502)));
}

QTEST_GUILESS_MAIN(TestLoader)
#include "tst_loader.moc"
