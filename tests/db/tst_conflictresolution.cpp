// Issue 6 "Other users": a conflict with another process (edit/edit on the same column and on
// different columns, edit/delete, delete/edit, delete/delete) fails the commit naming the record
// and the column, overwrites nothing, and Session::resolveConflict() settles it either way
// (take the database's row, or keep mine) so that the next commit goes through with the expected
// row. Session::refreshUnchanged() shows other users' committed work and keeps staged edits.
//
// The other user is a separate process: this executable re-invokes itself with
// SHELF_OTHER_USER=<action> and the database to use, and the child commits through a session of
// its own.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;
using Resolution = orm::Session::Resolution;

namespace {

const char ActionVariable[] = "SHELF_OTHER_USER";
const char SqliteVariable[] = "SHELF_OTHER_USER_SQLITE";
const char SchemaVariable[] = "SHELF_OTHER_USER_SCHEMA";

/// The child: opens the database named in its environment, runs one action through a session of
/// its own ("update <table> <id> <column> <value>" or "delete <table> <id>") and commits.
int runOtherUser() {
    const QStringList action =
        qEnvironmentVariable(ActionVariable).split(QLatin1Char('\t'), Qt::KeepEmptyParts);
    const QString name = QStringLiteral("other_user");
    QSqlDatabase db;
    if (qEnvironmentVariableIsSet(SqliteVariable)) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(qEnvironmentVariable(SqliteVariable));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        shelftest::pointAtTestServer(db);
        db.setConnectOptions(
            QStringLiteral("options=-csearch_path=%1").arg(qEnvironmentVariable(SchemaVariable)));
    }
    if (!db.open()) {
        qCritical("other user: cannot open the database: %s", qPrintable(db.lastError().text()));
        return 2;
    }
    int status = 0;
    {
        orm::Session session(name, library::metadata());
        const orm::Table *table = library::metadata().table(action.value(1));
        const RecordPtr record =
            table ? session.get(*table, action.value(2).toLongLong()) : nullptr;
        if (!record) {
            qCritical("other user: no such row: %s", qPrintable(action.join(QLatin1Char(' '))));
            status = 3;
        } else if (action.value(0) == QLatin1String("update")) {
            if (!record->setValue(action.value(3), action.value(4)))
                status = 4;
        } else if (!session.remove(record)) {
            status = 5;
        }
        if (status == 0 && !session.commit()) {
            qCritical("other user: commit failed: %s", qPrintable(session.lastError().fullText()));
            status = 6;
        }
    }
    db.close();
    return status;
}

} // namespace

Q_DECLARE_METATYPE(orm::Session::Resolution)

class TestConflictResolution : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldResolveEditEditOnTheSameColumn_data();
    void shouldResolveEditEditOnTheSameColumn();
    void shouldResolveEditEditOnDifferentColumns_data();
    void shouldResolveEditEditOnDifferentColumns();
    void shouldResolveEditAgainstDelete_data();
    void shouldResolveEditAgainstDelete();
    void shouldResolveDeleteAgainstEdit_data();
    void shouldResolveDeleteAgainstEdit();
    void shouldResolveDeleteAgainstDelete_data();
    void shouldResolveDeleteAgainstDelete();
    void shouldKeepOtherStagedEditsWhenResolving();
    void shouldRefuseToResolveANewRecord();
    void shouldRefreshUnchangedRecordsAndKeepStagedOnes();
    void shouldRefreshManyRecordsInBoundedStatements();
    void shouldNotBringBackARolledBackChildAfterRefreshingItsParent();
    void shouldRefuseToResolveInsideAnOpenTransaction();

private:
    /// Runs the other user as a separate process and waits for its commit.
    bool otherUser(LibraryFixture &f, const QStringList &action, QString *error);
    /// Commits, expecting a conflict naming `record` (and `column`, if not empty), with every row
    /// of the database as it was after the other user.
    bool expectConflict(LibraryFixture &f, const RecordPtr &record, const QString &column,
                        QString *error);
    void addResolutions();
};

void TestConflictResolution::addResolutions() {
    QTest::addColumn<Resolution>("resolution");
    QTest::newRow("use the database's value") << Resolution::TakeDatabase;
    QTest::newRow("keep mine") << Resolution::KeepMine;
}

bool TestConflictResolution::otherUser(LibraryFixture &f, const QStringList &action,
                                       QString *error) {
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(ActionVariable), action.join(QLatin1Char('\t')));
    if (backend() == Backend::Sqlite)
        environment.insert(QString::fromLatin1(SqliteVariable), f.db.sqlitePath());
    else
        environment.insert(QString::fromLatin1(SchemaVariable), f.db.schema());
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), {});
    if (!child.waitForFinished(60000)) {
        *error =
            QStringLiteral("the other user's process did not finish: %1").arg(child.errorString());
        child.kill();
        child.waitForFinished();
        return false;
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        *error = QStringLiteral("the other user's process failed with %1").arg(child.exitCode());
        return false;
    }
    return true;
}

bool TestConflictResolution::expectConflict(LibraryFixture &f, const RecordPtr &record,
                                            const QString &column, QString *error) {
    const auto rows = f.dump();
    if (f.session->commit()) {
        *error = QStringLiteral("the commit went through");
        return false;
    }
    const orm::Error &failure = f.session->lastError();
    if (failure.kind != orm::Error::Kind::Conflict || failure.record != record ||
        failure.column != column) {
        *error =
            QStringLiteral("expected a conflict on %1 column '%2', got %3 on %4 column '%5': %6")
                .arg(record->displayName(), column, str(failure.kind),
                     failure.record ? failure.record->displayName() : QStringLiteral("-"),
                     failure.column, failure.fullText());
        return false;
    }
    if (f.dump() != rows) {
        *error = QStringLiteral("the failed commit wrote something");
        return false;
    }
    if (!f.session->hasChanges()) {
        *error = QStringLiteral("the failed commit lost the staged changes");
        return false;
    }
    return true;
}

#define OTHER_USER(...)                                                                            \
    {                                                                                              \
        QString otherError;                                                                        \
        QVERIFY2(otherUser(f, {__VA_ARGS__}, &otherError), qPrintable(otherError));                \
    }
#define EXPECT_CONFLICT(record, column)                                                            \
    {                                                                                              \
        QString conflictError;                                                                     \
        QVERIFY2(expectConflict(f, record, column, &conflictError), qPrintable(conflictError));    \
    }
#define COMMIT_OK() QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()))

void TestConflictResolution::shouldResolveEditEditOnTheSameColumn_data() {
    addResolutions();
}

void TestConflictResolution::shouldResolveEditEditOnTheSameColumn() {
    QFETCH(Resolution, resolution);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QString id = lib.itByAndy->id().toString();
    // Given another process that rates Andy's review of It 2, after this session loaded it
    OTHER_USER(QStringLiteral("update"), QStringLiteral("reviews"), id, QStringLiteral("rating"),
               QStringLiteral("2"))
    // And this session, unaware, rates it 4
    QVERIFY(lib.itByAndy->setRating(4));

    // When it commits, then the commit fails on the review's rating, and the 2 stays
    EXPECT_CONFLICT(lib.itByAndy, QStringLiteral("rating"))
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("rating"), id).toInt(), 2);

    // When the user resolves the conflict and commits again
    QVERIFY2(f.session->resolveConflict(lib.itByAndy, resolution),
             qPrintable(f.session->lastError().fullText()));
    if (resolution == Resolution::TakeDatabase) {
        QCOMPARE(lib.itByAndy->rating(), 2);
        QVERIFY(!lib.itByAndy->hasChanges());
        QVERIFY(!f.session->hasChanges());
    } else {
        QCOMPARE(lib.itByAndy->rating(), 4);
        QVERIFY(lib.itByAndy->isModified(Review::RatingColumn));
        QCOMPARE(lib.itByAndy->committedValue(Review::RatingColumn).toInt(), 2);
    }
    COMMIT_OK();

    // Then the row holds the chosen rating, and everything else as it was
    const int expected = resolution == Resolution::TakeDatabase ? 2 : 4;
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("rating"), id).toInt(), expected);
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
             QStringLiteral("Scary"));
    QCOMPARE(lib.itByAndy->rating(), expected);
    QVERIFY(!f.session->hasChanges());
}

void TestConflictResolution::shouldResolveEditEditOnDifferentColumns_data() {
    addResolutions();
}

void TestConflictResolution::shouldResolveEditEditOnDifferentColumns() {
    QFETCH(Resolution, resolution);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QString id = lib.itByAndy->id().toString();
    // Given another process that rewrites the review's text, and this session that rates it 4
    OTHER_USER(QStringLiteral("update"), QStringLiteral("reviews"), id, QStringLiteral("text"),
               QStringLiteral("Terrifying"))
    QVERIFY(lib.itByAndy->setRating(4));

    // When it commits, then the conflict names the column the other user changed
    EXPECT_CONFLICT(lib.itByAndy, QStringLiteral("text"))
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
             QStringLiteral("Terrifying"));
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("rating"), id).toInt(), 5);

    // When the user resolves it and commits again
    QVERIFY2(f.session->resolveConflict(lib.itByAndy, resolution),
             qPrintable(f.session->lastError().fullText()));
    QCOMPARE(lib.itByAndy->text(), QStringLiteral("Terrifying"));
    COMMIT_OK();

    // Then keeping mine merges both edits; taking the database's drops mine
    const int rating = resolution == Resolution::TakeDatabase ? 5 : 4;
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("rating"), id).toInt(), rating);
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
             QStringLiteral("Terrifying"));
    QCOMPARE(lib.itByAndy->rating(), rating);
}

void TestConflictResolution::shouldResolveEditAgainstDelete_data() {
    addResolutions();
}

void TestConflictResolution::shouldResolveEditAgainstDelete() {
    QFETCH(Resolution, resolution);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QVariant id = lib.itByAndy->id();
    // Given another process that deletes the review this session rates 4
    OTHER_USER(QStringLiteral("delete"), QStringLiteral("reviews"), id.toString())
    QVERIFY(lib.itByAndy->setRating(4));

    // When it commits, then the conflict names the review (no column: the row is gone)
    EXPECT_CONFLICT(lib.itByAndy, QString())
    QVERIFY(f.session->lastError().message().contains(QStringLiteral("deleted")));
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), id));

    // When the user resolves it and commits again
    QVERIFY2(f.session->resolveConflict(lib.itByAndy, resolution),
             qPrintable(f.session->lastError().fullText()));
    if (resolution == Resolution::TakeDatabase) {
        // Then the review left the session and stays deleted
        QCOMPARE(f.state(lib.itByAndy), str(ObjectState::Detached));
        QVERIFY(!f.session->findLoaded(Review::staticTable(), id));
        QVERIFY(!lib.it->reviews().contains(lib.itByAndy));
        COMMIT_OK();
        QVERIFY(!f.rowExists(QStringLiteral("reviews"), id));
    } else {
        // Then it is new again and comes back under its old key, with my rating
        QCOMPARE(f.state(lib.itByAndy), str(ObjectState::Pending));
        QVERIFY(lib.it->reviews().contains(lib.itByAndy));
        COMMIT_OK();
        QCOMPARE(f.state(lib.itByAndy), str(ObjectState::Persistent));
        QCOMPARE(lib.itByAndy->id().toLongLong(), id.toLongLong());
        QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("rating"), id).toInt(), 4);
        QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
                 QStringLiteral("Scary"));
        QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("book_id"), id).toLongLong(),
                 idOf(lib.it));
    }
    QVERIFY(!f.session->hasChanges());
}

void TestConflictResolution::shouldResolveDeleteAgainstEdit_data() {
    addResolutions();
}

void TestConflictResolution::shouldResolveDeleteAgainstEdit() {
    QFETCH(Resolution, resolution);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QVariant id = lib.itByAndy->id();
    // Given another process that rewrites the text of the review this session deletes
    OTHER_USER(QStringLiteral("update"), QStringLiteral("reviews"), id.toString(),
               QStringLiteral("text"), QStringLiteral("Terrifying"))
    QVERIFY(f.session->remove(lib.itByAndy));

    // When it commits, then the delete fails on the text, and the row stays with their text
    EXPECT_CONFLICT(lib.itByAndy, QStringLiteral("text"))
    QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
             QStringLiteral("Terrifying"));

    // When the user resolves it and commits again
    QVERIFY2(f.session->resolveConflict(lib.itByAndy, resolution),
             qPrintable(f.session->lastError().fullText()));
    if (resolution == Resolution::TakeDatabase) {
        // Then the delete is taken back and the review shows their text
        QVERIFY(!lib.itByAndy->isMarkedForDelete());
        QCOMPARE(lib.itByAndy->text(), QStringLiteral("Terrifying"));
        QVERIFY(!f.session->hasChanges());
        COMMIT_OK();
        QCOMPARE(f.cell(QStringLiteral("reviews"), QStringLiteral("text"), id).toString(),
                 QStringLiteral("Terrifying"));
    } else {
        // Then the delete goes through
        QVERIFY(lib.itByAndy->isMarkedForDelete());
        COMMIT_OK();
        QVERIFY(!f.rowExists(QStringLiteral("reviews"), id));
        QCOMPARE(f.state(lib.itByAndy), str(ObjectState::Detached));
    }
}

void TestConflictResolution::shouldResolveDeleteAgainstDelete_data() {
    addResolutions();
}

void TestConflictResolution::shouldResolveDeleteAgainstDelete() {
    QFETCH(Resolution, resolution);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const QVariant id = lib.itByAndy->id();
    // Given another process that deletes the review this session deletes too, and a rename
    OTHER_USER(QStringLiteral("delete"), QStringLiteral("reviews"), id.toString())
    QVERIFY(f.session->remove(lib.itByAndy));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));

    // When it commits, then the delete fails as a conflict and nothing is written
    EXPECT_CONFLICT(lib.itByAndy, QString())
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Stephen King"));

    // When the user resolves it (either way) and commits again
    QVERIFY2(f.session->resolveConflict(lib.itByAndy, resolution),
             qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.state(lib.itByAndy), str(ObjectState::Detached));
    COMMIT_OK();

    // Then the review is simply gone and the rest of the staged work is written
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), id));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QCOMPARE(f.count(QStringLiteral("reviews")), 2);
}

void TestConflictResolution::shouldKeepOtherStagedEditsWhenResolving() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a conflict on It's title, and other staged edits: a rename, a new book, a delete
    OTHER_USER(QStringLiteral("update"), QStringLiteral("books"), lib.it->id().toString(),
               QStringLiteral("title"), QStringLiteral("IT"))
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));
    QVERIFY(f.session->remove(lib.jurassicParkByBuzz));
    EXPECT_CONFLICT(lib.it, QStringLiteral("title"))

    // When the user takes the database's title
    QVERIFY(f.session->resolveConflict(lib.it, Resolution::TakeDatabase));

    // Then only It's edit is gone: the others are still staged, and the commit writes them
    QCOMPARE(lib.it->title(), QStringLiteral("IT"));
    QVERIFY(!lib.it->hasChanges());
    QVERIFY(lib.king->isModified(Author::NameColumn));
    QCOMPARE(f.state(carrie), str(ObjectState::Pending));
    QVERIFY(lib.jurassicParkByBuzz->isMarkedForDelete());
    COMMIT_OK();
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), lib.it->id()).toString(),
             QStringLiteral("IT"));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QVERIFY(f.rowExists(QStringLiteral("books"), carrie->id()));
    QVERIFY(!f.rowExists(QStringLiteral("reviews"), lib.jurassicParkByBuzz->id()));
}

void TestConflictResolution::shouldRefuseToResolveANewRecord() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    auto carrie = Book::create(QStringLiteral("Carrie"));
    f.session->add(carrie);
    QVERIFY(!f.session->resolveConflict(carrie, Resolution::TakeDatabase));
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Usage));
    QVERIFY(!f.session->lastError().message().isEmpty());
    QCOMPARE(f.state(carrie), str(ObjectState::Pending));
}

void TestConflictResolution::shouldRefreshUnchangedRecordsAndKeepStagedOnes() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given other processes that rename Stephen King, retitle It, lend Jurassic Park to Cat and
    // delete a review
    OTHER_USER(QStringLiteral("update"), QStringLiteral("authors"), lib.king->id().toString(),
               QStringLiteral("name"), QStringLiteral("S. King"))
    OTHER_USER(QStringLiteral("update"), QStringLiteral("books"), lib.it->id().toString(),
               QStringLiteral("title"), QStringLiteral("IT"))
    OTHER_USER(QStringLiteral("update"), QStringLiteral("books"), lib.jurassicPark->id().toString(),
               QStringLiteral("borrower_id"), lib.cat->id().toString())
    OTHER_USER(QStringLiteral("delete"), QStringLiteral("reviews"),
               lib.andromedaByAndy->id().toString())
    // And this session with a staged retitle of It
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    QCOMPARE(lib.buzz->borrowed().size(), 1);

    // When it refreshes
    QVERIFY2(f.session->refreshUnchanged(), qPrintable(f.session->lastError().fullText()));

    // Then unchanged records show the other users' work, and the deleted review left the session
    QCOMPARE(lib.king->name(), QStringLiteral("S. King"));
    QVERIFY(!lib.king->hasChanges());
    QVERIFY(lib.jurassicPark->borrower() == lib.cat);
    QVERIFY(lib.cat->borrowed().contains(lib.jurassicPark));
    QVERIFY(!lib.buzz->borrowed().contains(lib.jurassicPark));
    QCOMPARE(f.state(lib.andromedaByAndy), str(ObjectState::Detached));
    QVERIFY(!lib.andromeda->reviews().contains(lib.andromedaByAndy));
    // And the staged retitle is still staged (it will meet the other user's title as a conflict)
    QCOMPARE(lib.it->title(), QStringLiteral("It (1986)"));
    QVERIFY(lib.it->isModified(library::Book::TitleColumn));
    QVERIFY(f.session->hasChanges());
    EXPECT_CONFLICT(lib.it, QStringLiteral("title"))
}

void TestConflictResolution::shouldRefreshManyRecordsInBoundedStatements() {
    SHELF_OPEN_FIXTURE(f)
    // Given 5,000 authors loaded in the session, one of them with a staged rename
    constexpr int Authors = 5000;
    for (int i = 0; i < Authors; ++i)
        f.session->add(Author::create(QStringLiteral("Author %1").arg(i)));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    const RecordList authors = f.session->query(Author::staticTable());
    QCOMPARE(authors.size(), Authors);
    QVERIFY(authors.at(7)->setValue(Author::NameColumn, QStringLiteral("Mine")));
    // And another connection that renames two of them and deletes one
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = 'Theirs' WHERE id IN (?, ?)"),
                      {authors.at(7)->id(), authors.at(4000)->id()}));
    QVERIFY(f.db.exec(QStringLiteral("DELETE FROM authors WHERE id = ?"), {authors.at(42)->id()}));

    // When the session refreshes
    const quint64 before = f.session->statementCount();
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(f.session->refreshUnchanged(), qPrintable(f.session->lastError().fullText()));
    const qint64 elapsed = timer.elapsed();
    const quint64 statements = f.session->statementCount() - before;
    qInfo("refreshUnchanged of %d loaded records: %llu statements, %lld ms", Authors, statements,
          elapsed);

    // Then it read the rows in chunks (500 keys per statement), not one by one
    QCOMPARE(statements, quint64((Authors + 499) / 500));
    QCOMPARE(authors.at(4000)->value(Author::NameColumn).toString(), QStringLiteral("Theirs"));
    QCOMPARE(authors.at(7)->value(Author::NameColumn).toString(), QStringLiteral("Mine"));
    QCOMPARE(f.state(authors.at(42)), str(ObjectState::Detached));
    QCOMPARE(f.state(authors.at(41)), str(ObjectState::Persistent));
}

void TestConflictResolution::shouldNotBringBackARolledBackChildAfterRefreshingItsParent() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a fresh session where a new book joins an author whose books are not loaded
    auto session = f.freshSession();
    auto king = session->get<Author>(lib.king->id());
    QVERIFY(king && !king->childrenLoaded(library::authorBooks()));
    auto dune = Book::create(QStringLiteral("Dune"));
    QVERIFY(king->books().append(dune));
    // And another user renames the author, and the window refreshes
    QVERIFY(f.db.exec(QStringLiteral("UPDATE authors SET name = ? WHERE id = ?"),
                      {QStringLiteral("S. King"), lib.king->id()}));
    QVERIFY2(session->refreshUnchanged(), qPrintable(session->lastError().fullText()));
    QCOMPARE(king->name(), QStringLiteral("S. King"));

    // When the user rolls back
    session->rollback();

    // Then the rolled-back book is in no collection, also once the books load
    const RecordList books = king->children(library::authorBooks());
    QVERIFY(!books.contains(dune));
    QCOMPARE(books.size(), 1);
}

void TestConflictResolution::shouldRefuseToResolveInsideAnOpenTransaction() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a flush that left a transaction open
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(f.session->flush());

    // When a resolution is asked for, it is refused (the row read back is this session's own
    // uncommitted write), and rollback still restores the committed name
    QVERIFY(!f.session->resolveConflict(lib.king, Resolution::TakeDatabase));
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Usage));
    f.session->rollback();
    QCOMPARE(lib.king->name(), QStringLiteral("Stephen King"));
}

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(ActionVariable))
        return runOtherUser();
    TestConflictResolution test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_conflictresolution.moc"
