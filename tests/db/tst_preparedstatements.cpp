// Issue 3, "built for speed": prepared statements are reused per table and column set. A flush
// of many rows of one shape prepares its statement once (on PostgreSQL, issue 13, they go as one
// multi-row statement per batch: tst_batchedwrites); a second shape (another column set) is
// a second statement; PostgreSQL keeps its statements across commits. Counted through
// Session::preparedStatementCount(), compared with the statements the session logged.

#include "libraryfixture.h"

#include <QSet>
#include <QTest>

using namespace shelftest;

namespace {

constexpr int Rows = 50;

/// The SQL texts a session prepares: every statement it logged but transaction control.
QSet<QString> shapes(const QList<LoggedStatement> &statements) {
    QSet<QString> result;
    for (const LoggedStatement &statement : statements) {
        const QString verb = statement.verb();
        if (verb != QLatin1String("BEGIN") && verb != QLatin1String("COMMIT") &&
            verb != QLatin1String("ROLLBACK"))
            result.insert(statement.sql);
    }
    return result;
}

int shapesWithVerb(const QSet<QString> &all, const QString &verb) {
    int count = 0;
    for (const QString &sql : all)
        if (sql.trimmed().startsWith(verb, Qt::CaseInsensitive))
            ++count;
    return count;
}

/// Commits 50 more books by Stephen King ("Book 0" … "Book 49"), without reviews.
bool commitBooksOfKing(LibraryFixture &f, const SmallLibrary &lib) {
    for (int i = 0; i < Rows; ++i) {
        if (!lib.king->books().append(Book::create(QStringLiteral("Book %1").arg(i))))
            return false;
    }
    return f.session->commit();
}

/// A session on its own connection with nothing prepared yet, logging into `recorder`.
std::unique_ptr<orm::Session> freshSession(LibraryFixture &f, StatementRecorder &recorder) {
    auto session = f.freshSession();
    recorder.attach(*session);
    return session;
}

} // namespace

class TestPreparedStatements : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldPrepareOneInsertForManyRowsOfOneShape();
    void shouldPrepareOneUpdatePerColumnSet();
    void shouldPrepareOneDeleteForManyRows();
    void shouldKeepStatementsAcrossCommitsOnPostgres();
    void shouldCountAStatementTheReaderLeftToQtSqlOnce();
};

void TestPreparedStatements::shouldPrepareOneInsertForManyRowsOfOneShape() {
    // Given a fresh session with nothing prepared, and 50 new books of one author staged
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    StatementRecorder recorder;
    auto session = freshSession(f, recorder);
    auto king = session->get<Author>(idOf(lib.king));
    QVERIFY(king);
    for (int i = 0; i < Rows; ++i)
        king->books().append(Book::create(QStringLiteral("Book %1").arg(i)));
    recorder.clear();
    const quint64 before = session->preparedStatementCount();

    // When it commits
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then 50 INSERTs ran from one prepared statement: every shape was prepared exactly once. On
    // PostgreSQL one multi-row INSERT of the 50 (Dialect::writeBatchRows()) ran with its values
    // written into its text (Dialect::inlinesBatchValues(), issue 14): nothing prepared for it
    const bool postgres = backend() == Backend::Postgres;
    QCOMPARE(recorder.withVerb(QStringLiteral("INSERT")).size(), postgres ? 1 : Rows);
    const QSet<QString> ran = shapes(recorder.all());
    QCOMPARE(shapesWithVerb(ran, QStringLiteral("INSERT")), 1);
    QCOMPARE(session->preparedStatementCount() - before, quint64(ran.size() - (postgres ? 1 : 0)));
    QCOMPARE(f.count(QStringLiteral("books")), 3 + Rows);
}

void TestPreparedStatements::shouldPrepareOneUpdatePerColumnSet() {
    // Given 50 committed books, loaded by a fresh session
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QVERIFY2(commitBooksOfKing(f, lib), qPrintable(f.session->lastError().fullText()));
    StatementRecorder recorder;
    auto session = freshSession(f, recorder);
    const auto books = session->query(Book::staticTable());
    QCOMPARE(books.size(), 3 + Rows);
    auto buzz = session->get<User>(idOf(lib.buzz));
    QVERIFY(buzz);

    // When half of them get a new title and the other half a new title and a borrower
    for (int i = 0; i < books.size(); ++i) {
        auto book = std::static_pointer_cast<Book>(books.at(i));
        book->setTitle(book->title() + QStringLiteral(" (2nd edition)"));
        if (i % 2 == 1 && book->borrower() != buzz)
            book->setBorrower(buzz);
    }
    recorder.clear();
    const quint64 before = session->preparedStatementCount();
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then 53 UPDATEs ran from two prepared statements, one per column set (on PostgreSQL two
    // multi-row UPDATEs, one per column set: issue 13, tst_batchedwrites)
    QCOMPARE(recorder.withVerb(QStringLiteral("UPDATE")).size(),
             backend() == Backend::Postgres ? 2 : 3 + Rows);
    const QSet<QString> ran = shapes(recorder.all());
    QCOMPARE(shapesWithVerb(ran, QStringLiteral("UPDATE")), 2);
    QCOMPARE(session->preparedStatementCount() - before, quint64(ran.size()));
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM books WHERE title LIKE ?"),
                         {QStringLiteral("% (2nd edition)")})
                 .toLongLong(),
             3 + Rows);
}

void TestPreparedStatements::shouldPrepareOneDeleteForManyRows() {
    // Given 50 committed books without reviews, loaded by a fresh session
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QVERIFY2(commitBooksOfKing(f, lib), qPrintable(f.session->lastError().fullText()));
    StatementRecorder recorder;
    auto session = freshSession(f, recorder);
    orm::Query query;
    query.where = QStringLiteral("title LIKE ?");
    query.binds = {QStringLiteral("Book %")};
    const auto books = session->query(Book::staticTable(), query);
    QCOMPARE(books.size(), Rows);

    // When every one of them is removed and the removal committed
    for (const RecordPtr &book : books)
        QVERIFY(session->remove(book));
    recorder.clear();
    const quint64 before = session->preparedStatementCount();
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then one DELETE statement was prepared for the 50 rows it removed
    const QSet<QString> ran = shapes(recorder.all());
    QVERIFY2(shapesWithVerb(ran, QStringLiteral("DELETE")) == 1, qPrintable(recorder.dump()));
    QCOMPARE(session->preparedStatementCount() - before, quint64(ran.size()));
    QCOMPARE(f.count(QStringLiteral("books")), 3);
}

void TestPreparedStatements::shouldKeepStatementsAcrossCommitsOnPostgres() {
    if (backend() != Backend::Postgres)
        QSKIP("SQLite finalizes its statements after every read and flush, so that QSQLITE can "
              "close the connection; preparing there costs microseconds");
    // Given a fresh session that committed one rename of every book
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    StatementRecorder recorder;
    auto session = freshSession(f, recorder);
    const auto books = session->query(Book::staticTable());
    auto renameAll = [&](const QString &suffix) {
        for (const RecordPtr &record : books) {
            auto book = std::static_pointer_cast<Book>(record);
            book->setTitle(book->title() + suffix);
        }
        return session->commit();
    };
    QVERIFY2(renameAll(QStringLiteral(" I")), qPrintable(session->lastError().fullText()));
    const quint64 afterFirst = session->preparedStatementCount();

    // When it reads and renames them again
    QCOMPARE(session->query(Book::staticTable()).size(), books.size());
    QVERIFY2(renameAll(QStringLiteral(" II")), qPrintable(session->lastError().fullText()));

    // Then nothing new was prepared
    QCOMPARE(session->preparedStatementCount(), afterFirst);
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), idOf(lib.it)).toString(),
             QStringLiteral("It I II"));
}

void TestPreparedStatements::shouldCountAStatementTheReaderLeftToQtSqlOnce() {
    // Given a fresh session and a read whose bind the PostgreSQL reader does not send (a double
    // compared with an integer key: QPSQL's literal of it is not the reader's text), so that the
    // reader prepares it, declines it, and QPSQL prepares and runs it
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    StatementRecorder recorder;
    auto session = freshSession(f, recorder);
    orm::Query query;
    query.where = QStringLiteral("id >= ?");
    query.binds = {0.0};
    const quint64 before = session->preparedStatementCount();

    // When it reads twice
    QCOMPARE(session->query(Book::staticTable(), query).size(), 3);
    const quint64 afterFirst = session->preparedStatementCount();
    QCOMPARE(session->query(Book::staticTable(), query).size(), 3);

    // Then the one statement was counted once (on SQLite the reader reads it, and finalizes it
    // after each read: counted once a read)
    const QSet<QString> ran = shapes(recorder.all());
    QCOMPARE(ran.size(), 1);
    QCOMPARE(afterFirst - before, quint64(1));
    QCOMPARE(session->preparedStatementCount() - afterFirst,
             quint64(backend() == Backend::Postgres ? 0 : 1));
}

QTEST_GUILESS_MAIN(TestPreparedStatements)
#include "tst_preparedstatements.moc"
