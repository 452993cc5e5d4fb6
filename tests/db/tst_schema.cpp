// createAll()/dropAll() (issue 3, docs/contract.md §2 "Dialects"): every table with its constraints
// (NOT NULL, FOREIGN KEY, the CHECK on reviews.rating, types enforced), an index on every foreign
// key column, creation parent-first and dropping child-first; plus the seeder of §3.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace shelftest;

namespace {

QStringList tablesIn(LibraryFixture &f) {
    QList<QVariantList> rows;
    if (backend() == Backend::Sqlite)
        rows = f.db.rows(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                        "name NOT LIKE 'sqlite_%' ORDER BY name"));
    else
        rows = f.db.rows(QStringLiteral("SELECT table_name FROM information_schema.tables WHERE "
                                        "table_schema = ? ORDER BY table_name"),
                         {f.db.schema()});
    QStringList names;
    for (const QVariantList &row : rows)
        names.append(row.first().toString());
    return names;
}

/// The first column of every index on a table.
QStringList indexedLeadingColumns(LibraryFixture &f, const QString &table) {
    QStringList columns;
    if (backend() == Backend::Sqlite) {
        const QList<QVariantList> rows =
            f.db.rows(QStringLiteral("SELECT ii.name FROM pragma_index_list(?) AS il, "
                                     "pragma_index_info(il.name) AS ii WHERE ii.seqno = 0"),
                      {table});
        for (const QVariantList &row : rows)
            columns.append(row.first().toString());
    } else {
        const QList<QVariantList> rows =
            f.db.rows(QStringLiteral(
                          "SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = ?"),
                      {f.db.schema(), table});
        static const QRegularExpression firstColumn(QStringLiteral("USING \\w+ \\(\"?(\\w+)\"?"));
        for (const QVariantList &row : rows)
            columns.append(firstColumn.match(row.first().toString()).captured(1));
    }
    return columns;
}

QStringList tablesOf(const QList<LoggedStatement> &statements, const QString &verb) {
    QStringList result;
    for (const LoggedStatement &statement : statements)
        if (statement.verb() == verb &&
            statement.sql.contains(QLatin1String("TABLE"), Qt::CaseInsensitive))
            result.append(statement.table());
    return result;
}

/// A bare QSQLITE connection on a file of its own, set up by nobody (unlike TestDatabase's, which
/// switch foreign keys on themselves): what the session alone makes of a connection shows on it.
class RawSqliteConnection {
public:
    explicit RawSqliteConnection(bool open = true) {
        static int serial = 0;
        m_name = QStringLiteral("tst_schema_raw_%1").arg(++serial);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(m_dir.filePath(QStringLiteral("raw.sqlite")));
        if (open)
            db.open();
    }
    ~RawSqliteConnection() {
        for (const QString &name : {m_name, m_name + QStringLiteral("_independent")}) {
            if (!QSqlDatabase::contains(name))
                continue;
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }
    QString name() const { return m_name; }
    QSqlDatabase connection() const { return QSqlDatabase::database(m_name, false); }
    /// Another plain connection to the same file, for checking what reached the database.
    QSqlDatabase independent() const {
        const QString name = m_name + QStringLiteral("_independent");
        if (QSqlDatabase::contains(name))
            return QSqlDatabase::database(name, false);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir.filePath(QStringLiteral("raw.sqlite")));
        db.open();
        return db;
    }

private:
    QTemporaryDir m_dir;
    QString m_name;
};

/// `PRAGMA foreign_keys` on a connection: 1 (enforced), 0 (off), -1 when it cannot be read.
int foreignKeysPragma(const QSqlDatabase &db) {
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA foreign_keys")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

qint64 bookCount(const QSqlDatabase &db) {
    QSqlQuery query(db);
    return query.exec(QStringLiteral("SELECT COUNT(*) FROM books")) && query.next()
               ? query.value(0).toLongLong()
               : -1;
}

/// Stages a book whose author does not exist and commits it: the error, or None if it was saved.
orm::Error commitBookWithMissingAuthor(orm::Session &session) {
    auto book = Book::create(QStringLiteral("Nobody's book"));
    book->setValue(Book::AuthorIdColumn, 987654);
    session.add(book);
    const bool committed = session.commit();
    orm::Error error = committed ? orm::Error{} : session.lastError();
    session.rollback();
    return error;
}

} // namespace

class TestSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldCreateEveryTable();
    void shouldCreateTablesParentsFirst();
    void shouldIndexEveryForeignKeyColumn();
    void shouldRefuseRatingOutsideOneToFive();
    void shouldRefuseNullInNotNullColumns();
    void shouldRefuseTextInIntegerColumn();
    void shouldEnforceForeignKeys();
    void shouldSwitchOnForeignKeysOnTheSessionsConnection();
    void shouldSetUpConnectionHandedOverClosed();
    void shouldSetUpConnectionOpenedByReconnect();
    void shouldCreateOnDeleteCascadeFromMetadata();
    void shouldDropTablesChildrenFirst();
    void shouldEmptySessionOnDropAll();
    void shouldSeedTutorialLibraryAfterReset();
    void shouldResetAndSeedEmptyDatabase();
};

void TestSchema::shouldCreateEveryTable() {
    // Given an empty database
    SHELF_OPEN_FIXTURE(f) // runs createAll()

    // Then every table of the metadata exists
    QStringList expected;
    for (const orm::Table *table : library::metadata().tables())
        expected.append(table->name());
    expected.sort();
    QCOMPARE(tablesIn(f), expected);
    QCOMPARE(expected, (QStringList{QStringLiteral("authors"), QStringLiteral("books"),
                                    QStringLiteral("reviews"), QStringLiteral("users")}));
}

void TestSchema::shouldCreateTablesParentsFirst() {
    // Given a session on an empty database, recording statements
    LibraryFixture f;
    QString error;
    QVERIFY2(f.open(&error, false), qPrintable(error));
    QSignalSpy schemaChanged(f.session.get(), &orm::Session::schemaChanged);

    // When it creates the schema
    QVERIFY2(f.session->createAll(), qPrintable(f.session->lastError().fullText()));

    // Then every table is created after the tables its foreign keys point to
    const QStringList created = tablesOf(f.recorder.all(), QStringLiteral("CREATE"));
    QCOMPARE(created.size(), 4);
    for (const orm::Table *table : library::metadata().tables())
        for (const orm::ForeignKey &key : table->foreignKeys())
            QVERIFY2(created.indexOf(key.targetTable) < created.indexOf(table->name()),
                     qPrintable(created.join(QStringLiteral(", "))));
    QCOMPARE(schemaChanged.count(), 1);
}

void TestSchema::shouldIndexEveryForeignKeyColumn() {
    SHELF_OPEN_FIXTURE(f)
    // Then each foreign key column leads an index of its table
    int foreignKeys = 0;
    for (const orm::Table *table : library::metadata().tables()) {
        const QStringList indexed = indexedLeadingColumns(f, table->name());
        for (const orm::ForeignKey &key : table->foreignKeys()) {
            ++foreignKeys;
            const QString column = table->column(key.column()).name;
            QVERIFY2(
                indexed.contains(column),
                qPrintable(QStringLiteral("no index on %1.%2 (indexes lead with: %3)")
                               .arg(table->name(), column, indexed.join(QStringLiteral(", ")))));
        }
    }
    QCOMPARE(foreignKeys, 4);
}

void TestSchema::shouldRefuseRatingOutsideOneToFive() {
    SHELF_OPEN_FIXTURE(f)
    // Given a book and a user
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO authors (id, name) VALUES (1, 'A')")));
    QVERIFY(
        f.db.exec(QStringLiteral("INSERT INTO books (id, title, author_id) VALUES (1, 'B', 1)")));
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'U')")));
    const QString insert =
        QStringLiteral("INSERT INTO reviews (book_id, user_id, rating) VALUES (1, 1, ?)");

    // Then the database itself refuses ratings 0 and 6 and accepts 1 and 5
    QVERIFY(!f.db.exec(insert, {0}));
    QVERIFY(!f.db.exec(insert, {6}));
    QVERIFY2(f.db.exec(insert, {1}), qPrintable(f.db.errorString()));
    QVERIFY2(f.db.exec(insert, {5}), qPrintable(f.db.errorString()));
    QCOMPARE(f.count(QStringLiteral("reviews")), 2);

    // And the CHECK constraint carries its documented name
    const orm::Table &reviews = Review::staticTable();
    const QString name = reviews.column(Review::RatingColumn).checkName(reviews.name());
    QCOMPARE(name, QStringLiteral("ck_reviews_rating"));
    if (backend() == Backend::Sqlite)
        QVERIFY(f.db.scalar(QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'reviews'"))
                    .toString()
                    .contains(name));
    else
        QCOMPARE(
            f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM pg_constraint c JOIN pg_namespace "
                                       "n ON n.oid = c.connamespace WHERE n.nspname = ? AND "
                                       "c.conname = ? AND c.contype = 'c'"),
                        {f.db.schema(), name})
                .toLongLong(),
            1);
}

void TestSchema::shouldRefuseNullInNotNullColumns() {
    SHELF_OPEN_FIXTURE(f)
    // Then every NOT NULL column refuses NULL
    QVERIFY(!f.db.exec(QStringLiteral("INSERT INTO authors (name) VALUES (NULL)")));
    QVERIFY(!f.db.exec(QStringLiteral("INSERT INTO users (name) VALUES (NULL)")));
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO authors (id, name) VALUES (1, 'A')")));
    QVERIFY(!f.db.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES (NULL, 1)")));
    QVERIFY(!f.db.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES ('B', NULL)")));
    // And the nullable borrower accepts it
    QVERIFY2(f.db.exec(QStringLiteral(
                 "INSERT INTO books (title, author_id, borrower_id) VALUES ('B', 1, NULL)")),
             qPrintable(f.db.errorString()));
}

void TestSchema::shouldRefuseTextInIntegerColumn() {
    SHELF_OPEN_FIXTURE(f)
    // Given a book and a user
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO authors (id, name) VALUES (1, 'A')")));
    QVERIFY(
        f.db.exec(QStringLiteral("INSERT INTO books (id, title, author_id) VALUES (1, 'B', 1)")));
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'U')")));

    // Then text in the integer rating is refused (SQLite: STRICT tables)
    QVERIFY(!f.db.exec(
        QStringLiteral("INSERT INTO reviews (book_id, user_id, rating) VALUES (1, 1, ?)"),
        {QStringLiteral("five")}));
    QCOMPARE(f.count(QStringLiteral("reviews")), 0);
}

void TestSchema::shouldEnforceForeignKeys() {
    SHELF_OPEN_FIXTURE(f)
    // Then a book cannot point at a missing author, nor a review at a missing book
    QVERIFY(
        !f.db.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES ('B', 987654)")));
    QVERIFY(f.db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'U')")));
    QVERIFY(!f.db.exec(
        QStringLiteral("INSERT INTO reviews (book_id, user_id, rating) VALUES (987654, 1, 3)")));
    // And the session's own connection enforces them too (TestDatabase switches them on itself:
    // that the session does is pinned by shouldSwitchOnForeignKeysOnTheSessionsConnection)
    QSqlQuery query(f.session->database());
    QVERIFY(
        !query.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES ('B', 987654)")));
}

void TestSchema::shouldSwitchOnForeignKeysOnTheSessionsConnection() {
    if (backend() != Backend::Sqlite)
        QSKIP("PRAGMA foreign_keys is SQLite's; PostgreSQL always enforces foreign keys");
    // Given a plain SQLite connection, which does not enforce foreign keys by default
    RawSqliteConnection raw;
    QVERIFY2(raw.connection().isOpen(), qPrintable(raw.connection().lastError().text()));
    QCOMPARE(foreignKeysPragma(raw.connection()), 0);

    // When a session is created over it
    orm::Session session(raw.connection(), library::metadata());
    QVERIFY2(!session.lastError(), qPrintable(session.lastError().fullText()));
    QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));

    // Then the connection enforces them
    QCOMPARE(foreignKeysPragma(raw.connection()), 1);
    // And a book pointing at a missing author fails to commit through the session
    const orm::Error error = commitBookWithMissingAuthor(session);
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Constraint));
    QCOMPARE(error.constraint, QStringLiteral("foreign key"));
    QCOMPARE(error.column, QStringLiteral("author_id"));
    // And through the connection itself
    QSqlQuery insert(raw.connection());
    QVERIFY(
        !insert.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES ('B', 987654)")));
    QCOMPARE(bookCount(raw.independent()), 0);

    // When the session reconnects (a new SQLite connection under the same name)
    QVERIFY2(session.reconnect(), qPrintable(session.lastError().fullText()));

    // Then the new connection enforces them too
    QCOMPARE(foreignKeysPragma(raw.connection()), 1);
    QCOMPARE(str(commitBookWithMissingAuthor(session).kind), str(orm::Error::Kind::Constraint));
    QVERIFY(
        !insert.exec(QStringLiteral("INSERT INTO books (title, author_id) VALUES ('B', 987654)")));
    QCOMPARE(bookCount(raw.independent()), 0);
}

void TestSchema::shouldSetUpConnectionHandedOverClosed() {
    if (backend() != Backend::Sqlite)
        QSKIP("PRAGMA foreign_keys is SQLite's; PostgreSQL always enforces foreign keys");
    // Given a plain SQLite connection, configured but not opened
    RawSqliteConnection raw(false);
    QVERIFY(!raw.connection().isOpen());

    // When a session is created over it
    orm::Session session(raw.name(), library::metadata());

    // Then the session opened it and switched foreign keys on, so a later open by someone else
    // cannot leave them off
    QVERIFY2(!session.lastError(), qPrintable(session.lastError().fullText()));
    QVERIFY(raw.connection().isOpen());
    QCOMPARE(foreignKeysPragma(raw.connection()), 1);
    QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
    QCOMPARE(str(commitBookWithMissingAuthor(session).kind), str(orm::Error::Kind::Constraint));
    QCOMPARE(bookCount(raw.independent()), 0);
}

void TestSchema::shouldSetUpConnectionOpenedByReconnect() {
    if (backend() != Backend::Sqlite)
        QSKIP("PRAGMA foreign_keys is SQLite's; PostgreSQL always enforces foreign keys");
    // Given a closed SQLite connection to a file that cannot be opened (its folder is missing)
    RawSqliteConnection raw(false);
    const QString path = raw.connection().databaseName();
    raw.connection().setDatabaseName(path + QStringLiteral(".missing/raw.sqlite"));

    // When a session is created over it
    orm::Session session(raw.name(), library::metadata());

    // Then it says the connection failed, and stays usable for a reconnect
    QVERIFY(session.isValid());
    QCOMPARE(str(session.lastError().kind), str(orm::Error::Kind::Connection));
    QVERIFY(!raw.connection().isOpen());

    // When the file is reachable and the session reconnects
    raw.connection().setDatabaseName(path);
    QVERIFY2(session.reconnect(), qPrintable(session.lastError().fullText()));

    // Then the connection the session opened enforces foreign keys
    QCOMPARE(foreignKeysPragma(raw.connection()), 1);
    QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
    QCOMPARE(str(commitBookWithMissingAuthor(session).kind), str(orm::Error::Kind::Constraint));
    QCOMPARE(bookCount(raw.independent()), 0);
}

void TestSchema::shouldCreateOnDeleteCascadeFromMetadata() {
    // Given the passive-delete schema (children.parent_id ON DELETE CASCADE), created by a session
    const auto metadata = passiveDeleteMetadata();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    orm::Session session(db.connection(), *metadata);
    QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
    QVERIFY(db.exec(QStringLiteral("INSERT INTO parents (id, name) VALUES (1, 'p')")));
    QVERIFY(db.exec(
        QStringLiteral("INSERT INTO children (name, parent_id) VALUES ('a', 1), ('b', 1)")));

    // When the parent row is deleted behind the session's back
    QVERIFY2(db.exec(QStringLiteral("DELETE FROM parents WHERE id = 1")),
             qPrintable(db.errorString()));

    // Then the database deleted the children
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM children")).toLongLong(), 0);
}

void TestSchema::shouldDropTablesChildrenFirst() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QSignalSpy schemaChanged(f.session.get(), &orm::Session::schemaChanged);

    // When the session drops the schema (with rows in every table)
    QVERIFY2(f.session->dropAll(), qPrintable(f.session->lastError().fullText()));

    // Then every table was dropped before the tables its foreign keys point to, and none is left
    const QStringList dropped = tablesOf(f.recorder.all(), QStringLiteral("DROP"));
    QCOMPARE(dropped.size(), 4);
    for (const orm::Table *table : library::metadata().tables())
        for (const orm::ForeignKey &key : table->foreignKeys())
            QVERIFY2(dropped.indexOf(table->name()) < dropped.indexOf(key.targetTable),
                     qPrintable(dropped.join(QStringLiteral(", "))));
    QVERIFY(tablesIn(f).isEmpty());
    QCOMPARE(schemaChanged.count(), 1);

    // And the schema can be created again
    QVERIFY2(f.session->createAll(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(tablesIn(f).size(), 4);
    QCOMPARE(f.count(QStringLiteral("authors")), 0);
}

void TestSchema::shouldEmptySessionOnDropAll() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given staged work
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    f.session->add(Author::create(QStringLiteral("Frank Herbert")));

    // When the schema is dropped
    QVERIFY2(f.session->dropAll(), qPrintable(f.session->lastError().fullText()));

    // Then the session holds nothing
    QVERIFY(!f.session->contains(lib.king));
    QVERIFY(!f.session->contains(lib.it));
    QVERIFY(f.session->findLoaded(Author::staticTable(), lib.king->id()) == nullptr);
    QVERIFY(f.session->newRecords(Author::staticTable()).isEmpty());
    QVERIFY(!f.session->hasChanges());
}

void TestSchema::shouldSeedTutorialLibraryAfterReset() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When the database is reset and seeded, twice
    QVERIFY2(library::resetAndSeed(*f.session), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(library::resetAndSeed(*f.session), qPrintable(f.session->lastError().fullText()));

    // Then it holds the tutorial's records once (docs/contract.md §3)
    QCOMPARE(f.db.rows(QStringLiteral("SELECT name FROM authors ORDER BY name")),
             (QList<QVariantList>{{QStringLiteral("Michael Crichton")},
                                  {QStringLiteral("Stephen King")}}));
    QCOMPARE(f.count(QStringLiteral("books")), 3);
    QCOMPARE(
        f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM books b JOIN authors a ON a.id = "
                                   "b.author_id WHERE a.name = 'Stephen King' AND b.title = 'It'"))
            .toLongLong(),
        1);
    QCOMPARE(
        f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM users WHERE name = 'copy'")).toLongLong(),
        5);
    QCOMPARE(
        f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM users WHERE name IN ('Andy', 'Buzz')"))
            .toLongLong(),
        2);
    // And so that every delete effect shows: some borrowings and some reviews
    QVERIFY(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM books WHERE borrower_id IS NOT NULL"))
                .toLongLong() > 0);
    QVERIFY(f.count(QStringLiteral("reviews")) > 0);
}

void TestSchema::shouldResetAndSeedEmptyDatabase() {
    // Given a database without any table (the first launch)
    LibraryFixture f;
    QString error;
    QVERIFY2(f.open(&error, false), qPrintable(error));
    QVERIFY(tablesIn(f).isEmpty());

    // When "Seed database…" runs (dropAll, createAll, seed)
    QVERIFY2(library::resetAndSeed(*f.session), qPrintable(f.session->lastError().fullText()));

    // Then the tables exist, stamped as a library (PostgreSQL: a marker table beside them; SQLite:
    // the file's application_id), and hold the tutorial's records
    QStringList tables = tablesIn(f);
    if (backend() == Backend::Postgres)
        QVERIFY(tables.removeOne(library::markerTable()));
    QCOMPARE(tables.size(), 4);
    if (backend() == Backend::Sqlite)
        QCOMPARE(f.db.scalar(QStringLiteral("PRAGMA application_id")).toInt(),
                 library::kApplicationId);
    QCOMPARE(f.count(QStringLiteral("authors")), 2);
    QCOMPARE(f.count(QStringLiteral("users")), 7);
}

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
