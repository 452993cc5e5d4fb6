// Issue 14: importing a CSV file into the session (model/io/csvimport.h) and exporting a table
// (model/io/tableexport.h) on the library schema. Imported rows are staged like typed edits and
// committed by the usual commit; a refused row stages nothing (or, asked, only the valid rows);
// a cancel stages nothing; staged edits made before are untouched. Both backends.

#include "libraryfixture.h"

#include "io/csvimport.h"
#include "io/tableexport.h"
#include "orm/flushsql.h"
#include "orm/sessioninternals.h"

#include <QBuffer>
#include <QTest>

using namespace shelftest;

namespace {

io::ImportResult importInto(orm::Session &session, const char *table, const QByteArray &csv,
                            io::ImportOptions options = {},
                            const io::CsvImporter::Progress &progress = {}) {
    QBuffer file;
    file.setData(csv);
    file.open(QIODevice::ReadOnly);
    io::CsvImporter importer(session, *library::metadata().table(QLatin1String(table)), options);
    return importer.run(&file, progress);
}

QString exportOf(orm::Session &session, const char *table, io::ExportOptions options,
                 const orm::Query &query = {}) {
    QBuffer file;
    file.open(QIODevice::WriteOnly);
    io::TableExporter exporter(session, *library::metadata().table(QLatin1String(table)), options);
    const io::ExportResult result = exporter.exportQuery(query, &file);
    if (!result.error.isEmpty())
        return QStringLiteral("error: ") + result.error;
    return QString::fromUtf8(file.data());
}

} // namespace

class TestCsvImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldStageRowsTakingForeignKeysByLabelOrKey() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given books naming their author by name (any case), by id, and a borrower left empty
        const QByteArray csv = "title,author,borrower_id\n"
                               "Carrie,stephen king,\n"
                               "Sphere," +
                               QByteArray::number(idOf(lib.crichton)) +
                               ",\n"
                               "Congo,Michael Crichton," +
                               QByteArray::number(idOf(lib.buzz)) + "\n";
        // When they are imported
        const io::ImportResult result = importInto(*f.session, "books", csv);
        // Then three new books are staged, nothing written yet
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 3);
        QCOMPARE(f.session->newRecords(Book::staticTable()).size(), 3);
        QCOMPARE(f.count(QStringLiteral("books")), 3);
        // And the usual commit writes them with their references
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("books")), 6);
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT author_id FROM books WHERE title = 'Carrie'"))
                     .toLongLong(),
                 idOf(lib.king));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT borrower_id FROM books WHERE title = 'Congo'"))
                     .toLongLong(),
                 idOf(lib.buzz));
        // The collections in memory follow: the author's books include the new one
        bool found = false;
        for (const RecordPtr &book : lib.king->books())
            found = found || book->value(QStringLiteral("title")) == QStringLiteral("Carrie");
        QVERIFY(found);
    }

    void shouldKeepOneListOfTheImportedRowsWithTheSession() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const orm::UnitOfWork &work = orm::SessionInternals::unitOfWork(*f.session);
        // Given nothing staged, three users imported
        const io::ImportResult result = importInto(*f.session, "users", "name\nZed\nYan\nXia\n");
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        // Then the session's pending records are the import's list itself, not a copy of it
        QCOMPARE(work.pending(), result.staged());
        QVERIFY(work.pending().constData() == result.staged().constData());

        // When one of them is discarded (remove() of a pending record) and an author added
        QVERIFY(f.session->remove(result.staged().at(1)));
        auto author = Author::create(QStringLiteral("Ursula K. Le Guin"));
        f.session->add(author);

        // Then the session lists the others and the author, and the import's list (an undo step's)
        // is as it was
        QCOMPARE(work.pending(),
                 RecordList({result.staged().at(0), result.staged().at(2), author}));
        QCOMPARE(result.staged().size(), 3);
        QCOMPARE(f.state(result.staged().at(1)), str(ObjectState::Transient));

        // When the session commits, then it writes the two users and the author
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), 5);
        QCOMPARE(f.count(QStringLiteral("authors")), 3);
        QCOMPARE(f.state(result.staged().at(0)), str(ObjectState::Persistent));
        QCOMPARE(f.state(result.staged().at(2)), str(ObjectState::Persistent));
        QVERIFY(work.pending().isEmpty());

        // When more users are imported with a record staged before, then the session keeps its
        // own list of both, and commits both
        auto other = Author::create(QStringLiteral("Iain Banks"));
        f.session->add(other);
        const io::ImportResult more = importInto(*f.session, "users", "name\nWen\n");
        QVERIFY2(more.error.isEmpty(), qPrintable(more.error));
        QCOMPARE(work.pending(), RecordList({other, more.staged().at(0)}));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), 6);
        QCOMPARE(f.count(QStringLiteral("authors")), 4);
    }

    void shouldCommitImportedRowsFromTheirCellsWithNoRecordARow() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const orm::Table &users = User::staticTable();
        const qint64 stored = f.count(QStringLiteral("users"));
        const std::size_t recordsBefore = users.recordPool().liveChunks();
        // Given 25,000 users imported, nothing else staged
        QByteArray csv = "id,name\n";
        for (int i = 0; i < 25000; ++i)
            csv += QByteArray::number(5000 + i) + ",Reader " + QByteArray::number(i) + "\n";
        const io::ImportResult result = importInto(*f.session, "users", csv);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 25000);
        QVERIFY(f.session->hasChanges());
        // Then they are held as cells, no record a row
        QCOMPARE(users.recordPool().liveChunks(), recordsBefore);
        QCOMPARE(f.count(QStringLiteral("users")), stored);

        // When the session commits, then every row is written as the file had it (on
        // PostgreSQL in more than one COPY)
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), stored + 25000);
        for (const int i : {0, 19999, 20000, 24999})
            QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), 5000 + i).toString(),
                     u"Reader %1"_qs.arg(i));
        QVERIFY(!f.session->hasChanges());
        // And no record was made for them: a row is read again like any other
        QCOMPARE(users.recordPool().liveChunks(), recordsBefore);
        QVERIFY(!f.session->findLoaded(users, 5001));
        const RecordPtr reader = f.session->get(users, 5001);
        QVERIFY(reader);
        QCOMPARE(reader->value(User::NameColumn).toString(), QStringLiteral("Reader 1"));
        QCOMPARE(f.state(reader), str(ObjectState::Persistent));
        // Nothing is staged twice: adding the committed rows again adds nothing
        f.session->addNewRows(result.rows);
        QVERIFY(!f.session->hasChanges());
    }

    void shouldPreviewTheFirstStatementsOfAManyRowCommitAndCountTheRest() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given 2,000 users imported
        QByteArray csv = "name\n";
        for (int i = 0; i < 2000; ++i)
            csv += "Reader " + QByteArray::number(i) + "\n";
        const io::ImportResult result = importInto(*f.session, "users", csv);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        // When the SQL preview is asked for its first 10 statements
        qsizetype notShown = -1;
        const QStringList sql = f.session->previewSql(10, &notShown);
        // Then it lists those, between BEGIN and COMMIT, and counts the others: one INSERT a
        // row on SQLite, multi-row statements of StatementShapes::ValuesBatchRows rows on
        // PostgreSQL
        constexpr qsizetype perStatement = orm::StatementShapes::ValuesBatchRows;
        const qsizetype statements =
            backend() == Backend::Sqlite ? 2000 : (2000 + perStatement - 1) / perStatement;
        QCOMPARE(sql.size(), std::min<qsizetype>(statements, 10) + 2);
        QCOMPARE(notShown, statements - std::min<qsizetype>(statements, 10));
        QVERIFY(sql.at(1).contains(QLatin1String("Reader 0")));
        QVERIFY(sql.last().startsWith(QLatin1String("COMMIT")));
    }

    void shouldMakeImportedRowsRecordsInTheirPlaceWhenAskedAndStageThemAgainAfterRollback() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const qint64 stored = f.count(QStringLiteral("users"));
        const qint64 authors = f.count(QStringLiteral("authors"));
        // Given three users imported, then an author added
        const io::ImportResult result = importInto(*f.session, "users", "name\nZed\nYan\nXia\n");
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        auto author = Author::create(QStringLiteral("Iain Banks"));
        f.session->add(author);
        // When the pending records are read, then the rows are records, in file order, before
        // the author added after them, and their values are the file's
        const RecordList users = f.session->newRecords(User::staticTable());
        QCOMPARE(users.size(), 3);
        QStringList names;
        for (const RecordPtr &user : users) {
            names << user->value(User::NameColumn).toString();
            QCOMPARE(f.state(user), str(ObjectState::Pending));
        }
        QCOMPARE(names, QStringList({u"Zed"_qs, u"Yan"_qs, u"Xia"_qs}));
        const orm::UnitOfWork &work = orm::SessionInternals::unitOfWork(*f.session);
        QCOMPARE(work.pending(), RecordList({users.at(0), users.at(1), users.at(2), author}));
        QCOMPARE(result.staged(), users);

        // When the session rolls back, then nothing is staged; adding the rows again (an undo
        // step's redo) stages the same records, and the commit writes them
        f.session->rollback();
        QVERIFY(!f.session->hasChanges());
        QVERIFY(work.pending().isEmpty());
        f.session->addNewRows(result.rows);
        QVERIFY(f.session->hasChanges());
        QCOMPARE(f.session->newRecords(User::staticTable()), users);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), stored + 3);
        QCOMPARE(f.count(QStringLiteral("authors")), authors); // the author left with the rollback

        // And rows rolled back while still cells stage again as cells and commit
        const io::ImportResult more = importInto(*f.session, "users", "name\nWen\nVic\n");
        QVERIFY2(more.error.isEmpty(), qPrintable(more.error));
        f.session->rollback();
        QVERIFY(!f.session->hasChanges());
        QCOMPARE(f.count(QStringLiteral("users")), stored + 3);
        f.session->addNewRows(more.rows);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), stored + 5);
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM users WHERE name = 'Vic'"))
                     .toLongLong(),
                 1);
    }

    void shouldNameTheImportedRowTheDatabaseRefusesAndKeepEveryRowStaged() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const qint64 stored = f.count(QStringLiteral("users"));
        // Given three users imported with their keys, and then, behind the session's back, a row
        // taking the second one's key
        const io::ImportResult result =
            importInto(*f.session, "users", "id,name\n700,Zed\n701,Yan\n702,Xia\n");
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(f.db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (701, 'Other')")));
        // When the session commits, then it fails naming the row with that key
        QVERIFY(!f.session->commit());
        const orm::Error &error = f.session->lastError();
        QVERIFY2(error.record, qPrintable(error.fullText()));
        QCOMPARE(error.record->value(User::IdColumn).toLongLong(), 701);
        QCOMPARE(error.record->value(User::NameColumn).toString(), QStringLiteral("Yan"));
        // And the message names the row that holds the key
        QVERIFY2(error.message().contains(QLatin1String("User 'Other' already has this ID")),
                 qPrintable(error.message()));
        // And nothing was written, every row is still staged
        QCOMPARE(f.count(QStringLiteral("users")), stored + 1);
        QVERIFY(f.session->hasChanges());
        QCOMPARE(f.session->newRecords(User::staticTable()).size(), 3);
        // When the other row goes, then the same commit writes all three
        QVERIFY(f.db.exec(QStringLiteral("DELETE FROM users WHERE id = 701")));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), stored + 3);
        QCOMPARE(f.cell(QStringLiteral("users"), QStringLiteral("name"), 701).toString(),
                 QStringLiteral("Yan"));
    }

    void shouldPointAtANewRecordNamedByItsLabel() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given an author staged but not committed (no key yet)
        auto newAuthor = Author::create(QStringLiteral("Ursula K. Le Guin"));
        f.session->add(newAuthor);
        // When a book names her
        const io::ImportResult result = importInto(
            *f.session, "books", "title,author_id\nThe Dispossessed,Ursula K. Le Guin\n");
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        // Then the book points at the new record and commit fills in her new key
        QCOMPARE(result.staged().first()->parent(*Book::staticTable().relationshipForColumn(2)),
                 RecordPtr(newAuthor));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT author_id FROM books WHERE title = "
                                            "'The Dispossessed'"))
                     .toLongLong(),
                 idOf(newAuthor));
    }

    void shouldStageNothingWhenARowIsRefused() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given a staged edit made before the import
        QVERIFY(lib.it->setValue(QStringLiteral("title"), QStringLiteral("It (1986)")));
        // When a file with a bad rating, an unknown book, an empty required field and a ragged
        // row is imported all or nothing
        const QByteArray csv = "book_id,user_id,rating,text\n"
                               "%1,%2,5,fine\n"
                               "%1,%2,9,too high\n"
                               "The Shining,%2,4,unknown book\n"
                               "%1,,3,no user\n"
                               "%1,%2\n";
        const QByteArray filled = QByteArray(csv)
                                      .replace("%1", QByteArray::number(idOf(lib.it)))
                                      .replace("%2", QByteArray::number(idOf(lib.andy)));
        const io::ImportResult result = importInto(*f.session, "reviews", filled);
        // Then nothing is staged, each refusal names its line and column, the edit is untouched
        QVERIFY(result.error.contains(QStringLiteral("Nothing was staged")));
        QCOMPARE(result.rowsStaged, 0);
        QCOMPARE(result.rowsRefused, 4);
        QCOMPARE(f.session->newRecords(Review::staticTable()).size(), 0);
        QCOMPARE(lib.it->value(QStringLiteral("title")).toString(), QStringLiteral("It (1986)"));
        QCOMPARE(result.refusals.size(), 4);
        QCOMPARE(result.refusals.at(0).line, 3);
        QCOMPARE(result.refusals.at(0).field, 3);
        QVERIFY2(result.refusals.at(0).message.contains(QStringLiteral("between 1 and 5")),
                 qPrintable(result.refusals.at(0).message));
        QCOMPARE(result.refusals.at(1).line, 4);
        QCOMPARE(result.refusals.at(1).field, 1);
        QVERIFY2(result.refusals.at(1).message.contains(QStringLiteral("The Shining")),
                 qPrintable(result.refusals.at(1).message));
        QCOMPARE(result.refusals.at(2).line, 5);
        QCOMPARE(result.refusals.at(2).field, 2);
        QCOMPARE(result.refusals.at(3).line, 6);
        QVERIFY(result.refusals.at(3).message.contains(QStringLiteral("2 fields")));
    }

    void shouldStageTheValidRowsOnlyWhenAsked() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        const QByteArray csv = QByteArray("name\nZed\n\"\"\nYan\n");
        const io::ImportResult result = importInto(*f.session, "users", csv, options);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 2);
        QCOMPARE(result.rowsRefused, 1);
        QCOMPARE(result.refusals.first().line, 3);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), 5);
    }

    void shouldRefuseAKeyThatIsTakenNamingItsLine() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given a user only the database holds (another program added it), a new user staged with
        // a key of its own, and Andy loaded
        QVERIFY(f.db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (900, 'Other')")));
        auto staged = User::create(QStringLiteral("Staged"));
        QVERIFY(staged->setValue(QStringLiteral("id"), 901));
        f.session->add(staged);
        // When a file repeats each of those keys, and one of its own twice
        const QByteArray csv = "id,name\n" + QByteArray::number(idOf(lib.andy)) +
                               ",Andy again\n"
                               "900,Other again\n"
                               "901,Staged again\n"
                               "950,New\n"
                               "950,New twice\n"
                               "951,Fine\n"
                               ",Keyed by the database\n";
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        const io::ImportResult result = importInto(*f.session, "users", csv, options);
        // Then the rows with a free key (or none) are staged, and each taken key is refused
        // naming its line and the key's column
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 3);
        QCOMPARE(result.rowsRefused, 4);
        QCOMPARE(result.refusals.size(), 4);
        const QList<qint64> lines = {2, 3, 4, 6};
        const QStringList why = {
            QStringLiteral("id = %1 is the key of a row of Users already").arg(idOf(lib.andy)),
            QStringLiteral("id = 900 is the key of a row of Users already"),
            QStringLiteral("id = 901 is the key of a new row of Users "
                           "staged already"),
            QStringLiteral("id = 950 is on an earlier line of the file too")};
        for (int i = 0; i < 4; ++i) {
            const io::Refusal &refusal = result.refusals.at(i);
            QCOMPARE(refusal.line, lines.at(i));
            QCOMPARE(refusal.field, 1);
            QVERIFY2(
                refusal.message.startsWith(QStringLiteral("Line %1, column 1").arg(lines.at(i))),
                qPrintable(refusal.message));
            QVERIFY2(refusal.message.contains(why.at(i)), qPrintable(refusal.message));
        }
        // And the commit then writes them all, the staged user too
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("users")), 3 + 1 + 1 + 3);
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT name FROM users WHERE id = 950")).toString(),
                 QStringLiteral("New"));

        // When it is imported all or nothing, nothing is staged
        const io::ImportResult again = importInto(*f.session, "users", "id,name\n950,Again\n");
        QCOMPARE(again.rowsStaged, 0);
        QVERIFY(!f.session->hasChanges());
    }

    void shouldRefuseAKeyRepeatedFarFromTheFilesOtherKeys() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given keys below the file's first one and further than its neighbours reach, each
        // given twice
        const QByteArray csv = "id,name\n10,A\n9,B\n70000000,C\n-3,D\n"
                               "9,B again\n70000000,C again\n-3,D again\n10,A again\n";
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        const io::ImportResult result = importInto(*f.session, "users", csv, options);
        // Then each second one is refused, and the first ones are staged
        QCOMPARE(result.rowsStaged, 4);
        QList<qint64> lines;
        for (const io::Refusal &refusal : result.refusals) {
            lines << refusal.line;
            QVERIFY2(refusal.message.contains(QLatin1String("on an earlier line of the file")),
                     qPrintable(refusal.message));
        }
        QCOMPARE(lines, (QList<qint64>{6, 7, 8, 9}));
    }

    void shouldAskTheDatabaseForTakenKeysAChunkAtATime() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given 1,200 rows with keys of their own, the last one taken in the database
        QVERIFY(f.db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (2200, 'Taken')")));
        QByteArray csv = "id,name\n";
        for (int id = 1001; id <= 2200; ++id)
            csv += QByteArray::number(id) + ",User " + QByteArray::number(id) + "\n";
        StatementRecorder statements;
        statements.attach(*f.session);
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        const io::ImportResult result = importInto(*f.session, "users", csv, options);
        // Then the database was asked three times (500 keys a statement), never once a row
        qsizetype asked = 0;
        for (const LoggedStatement &statement : statements.all()) {
            if (statement.sql.startsWith(QLatin1String("SELECT")) &&
                statement.sql.contains(QLatin1String(" IN (")))
                ++asked;
        }
        QCOMPARE(asked, 3);
        // And the taken key is the one row refused
        QCOMPARE(result.rowsStaged, 1199);
        QCOMPARE(result.rowsRefused, 1);
        QCOMPARE(result.refusals.first().line, 1201);

        // When keys past every stored one are imported (rows added after the others)
        statements.clear();
        QByteArray later = "id,name\n";
        for (int id = 3001; id <= 3600; ++id)
            later += QByteArray::number(id) + ",User " + QByteArray::number(id) + "\n";
        const io::ImportResult after = importInto(*f.session, "users", later, options);
        // Then the stored keys' two ends are read (by the key's index), and no key is asked for
        QCOMPARE(after.rowsStaged, 600);
        QStringList selects;
        for (const LoggedStatement &statement : statements.all()) {
            if (statement.sql.startsWith(QLatin1String("SELECT")))
                selects << statement.sql;
        }
        QVERIFY2(selects.size() == 2, qPrintable(selects.join(QLatin1Char('\n'))));
        for (const QString &select : std::as_const(selects))
            QVERIFY2(select.contains(QLatin1String("LIMIT")) &&
                         !select.contains(QLatin1String(" IN (")),
                     qPrintable(select));
    }

    void shouldRefuseAnAmbiguousLabel() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        f.session->add(Author::create(QStringLiteral("Stephen King"))); // a namesake
        const io::ImportResult result =
            importInto(*f.session, "books", "title,author_id\nMisery,Stephen King\n");
        QCOMPARE(result.rowsStaged, 0);
        QVERIFY2(result.refusals.first().message.contains(QStringLiteral("More than one")),
                 qPrintable(result.refusals.first().message));
    }

    void shouldTakeANameWithItsKeyAsTheGridShowsTwoOfOneName() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given a second author called "Stephen King", committed: the grid shows the two as
        // "Stephen King (#king)" and "Stephen King (#other)"
        auto other = Author::create(QStringLiteral("Stephen King"));
        f.session->add(other);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        const QByteArray king = QByteArray::number(idOf(lib.king));
        const QByteArray second = QByteArray::number(idOf(other));
        // When books name them that way (the name in any case), and one by a name of its own
        io::ImportOptions validOnly;
        validOnly.mode = io::ImportMode::ValidRowsOnly;
        const io::ImportResult result =
            importInto(*f.session, "books",
                       "title,author_id\n"
                       "Misery,Stephen King (#" +
                           second +
                           ")\n"
                           "Carrie,stephen king (#" +
                           king +
                           ")\n"
                           "Congo,Michael Crichton\n"
                           // a key no author has, a name not the key's, the bare shared name
                           "Nothing,Stephen King (#999999)\n"
                           "Sphere,Michael Crichton (#" +
                           king +
                           ")\n"
                           "Cujo,Stephen King\n",
                       validOnly);
        // Then each names the row of its key, not the first of that name
        QCOMPARE(result.rowsStaged, 3);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT author_id FROM books WHERE title = 'Misery'"))
                     .toLongLong(),
                 idOf(other));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT author_id FROM books WHERE title = 'Carrie'"))
                     .toLongLong(),
                 idOf(lib.king));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT author_id FROM books WHERE title = 'Congo'"))
                     .toLongLong(),
                 idOf(lib.crichton));
        // And the others are refused by line and column, each saying why; the bare name says
        // how to write either
        QCOMPARE(result.rowsRefused, 3);
        QCOMPARE(result.refusals.size(), 3);
        QCOMPARE(result.refusals.at(0).line, 5);
        QVERIFY2(result.refusals.at(0).message.contains(
                     QStringLiteral("There is no Author with id 999999")),
                 qPrintable(result.refusals.at(0).message));
        QCOMPARE(result.refusals.at(1).line, 6);
        QVERIFY2(result.refusals.at(1).message.contains(
                     QStringLiteral("Author %1 is named \u201cStephen King\u201d, not "
                                    "\u201cMichael Crichton\u201d")
                         .arg(idOf(lib.king))),
                 qPrintable(result.refusals.at(1).message));
        QCOMPARE(result.refusals.at(2).line, 7);
        QVERIFY2(
            result.refusals.at(2).message.contains(
                QStringLiteral("More than one Author is named \u201cStephen King\u201d: write "
                               "\u201cStephen King (#%1)\u201d or \u201cStephen King (#%2)\u201d")
                    .arg(idOf(lib.king))
                    .arg(idOf(other))),
            qPrintable(result.refusals.at(2).message));
        // And a file read by keys only refuses that row, not the whole file (PostgreSQL would
        // refuse a query that asks for "Stephen King (#…)" as a number)
        io::ImportOptions byKey;
        byKey.foreignKeys = io::ForeignKeyInput::Key;
        const io::ImportResult keys = importInto(
            *f.session, "books", "title,author_id\nMisery,Stephen King (#" + second + ")\n", byKey);
        QCOMPARE(keys.rowsStaged, 0);
        QCOMPARE(keys.refusals.size(), 1);
        QVERIFY2(
            keys.refusals.first().message.contains(QStringLiteral("There is no Author with id")),
            qPrintable(keys.error));
    }

    void shouldTakeTheNameWrittenExactlySoWhenOnlyItsCaseTellsTwoApart() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given "stephen king" beside "Stephen King": two names to the database and in the grid
        auto lower = Author::create(QStringLiteral("stephen king"));
        f.session->add(lower);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        // When a book names each as the grid shows it
        const io::ImportResult result = importInto(
            *f.session, "books", "title,author_id\nMisery,stephen king\nCarrie,Stephen King\n");
        // Then each is the one written exactly so
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.staged().at(0)->value(QStringLiteral("author_id")).toLongLong(),
                 idOf(lower));
        QCOMPARE(result.staged().at(1)->value(QStringLiteral("author_id")).toLongLong(),
                 idOf(lib.king));
    }

    void shouldRefuseAFileWithoutARequiredColumn() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const io::ImportResult result = importInto(*f.session, "books", "title\nCarrie\n");
        QVERIFY2(result.error.contains(QStringLiteral("no column for")), qPrintable(result.error));
        const io::ImportResult nothing = importInto(*f.session, "books", "colour,size\nred,3\n");
        QVERIFY2(nothing.error.contains(QStringLiteral("No column of the file")),
                 qPrintable(nothing.error));
        QVERIFY(!f.session->hasChanges());
    }

    void shouldStageNothingWhenAMalformedFileStops() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        const io::ImportResult result = importInto(*f.session, "users", "name\nZed\n\"Yan\nXi\n");
        QVERIFY2(result.error.contains(QStringLiteral("Line 3")), qPrintable(result.error));
        QVERIFY(!f.session->hasChanges());
    }

    void shouldStageNothingWhenCancelledMidway() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given 20,000 users (several batches) and a progress callback that cancels at the second
        QByteArray csv = "name\n";
        for (int i = 0; i < 20000; ++i)
            csv += "user " + QByteArray::number(i) + "\n";
        int calls = 0;
        qint64 lastDone = 0;
        qint64 lastTotal = 0;
        const io::ImportResult result =
            importInto(*f.session, "users", csv, {}, [&](qint64 done, qint64 total) {
                lastDone = done;
                lastTotal = total;
                return ++calls < 2;
            });
        // Then the import stopped there and staged nothing
        QVERIFY(result.cancelled);
        QCOMPARE(calls, 2);
        QVERIFY(lastDone < csv.size());
        QCOMPARE(lastTotal, qint64(csv.size()));
        QCOMPARE(f.session->newRecords(User::staticTable()).size(), 0);
        QVERIFY(!f.session->hasChanges());
    }

    void shouldExportWithOrWithoutStagedEdits() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        // Given a staged edit, a staged new user and a user marked for delete
        QVERIFY(lib.cat->setValue(QStringLiteral("name"), QStringLiteral("Catherine")));
        f.session->add(User::create(QStringLiteral("Dan")));
        QVERIFY(f.session->remove(lib.buzz));
        io::ExportOptions options;
        options.header = false;
        options.writer.format = io::TextFormat::Tsv;
        // Then staged, the export shows what the grid shows
        const QString staged = exportOf(*f.session, "users", options);
        QVERIFY2(staged.contains(QStringLiteral("\tCatherine\r\n")), qPrintable(staged));
        QVERIFY(staged.contains(QStringLiteral("\tDan\r\n")));
        QVERIFY(!staged.contains(QStringLiteral("Buzz")));
        // And without, what the database holds
        options.includeStaged = false;
        const QString stored = exportOf(*f.session, "users", options);
        QVERIFY2(stored.contains(QStringLiteral("\tCat\r\n")), qPrintable(stored));
        QVERIFY(stored.contains(QStringLiteral("Buzz")));
        QVERIFY(!stored.contains(QStringLiteral("Dan")));
        QVERIFY(!stored.contains(QStringLiteral("Catherine")));
    }

    void shouldExportWhatTheFilterAndSortShowWithLabels() {
        SHELF_OPEN_SMALL_LIBRARY(f, lib);
        orm::Query query;
        query.where = QStringLiteral("title <> ?");
        query.binds = {QStringLiteral("It")};
        query.orderColumn = Book::staticTable().columnIndex(QStringLiteral("title"));
        query.order = Qt::DescendingOrder;
        io::ExportOptions options;
        options.foreignKeysAsLabels = true;
        options.writer.nullText = QStringLiteral("NULL");
        QVERIFY(lib.andromeda->setBorrower(nullptr));
        const QString csv = exportOf(*f.session, "books", options, query);
        const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0),
                 QStringLiteral("id,title,author_id,borrower_id,publication_year,isbn"));
        QCOMPARE(lines.at(1),
                 QStringLiteral("%1,The Andromeda Strain,Michael Crichton,NULL,NULL,NULL")
                     .arg(idOf(lib.andromeda)));
        QCOMPARE(lines.at(2), QStringLiteral("%1,Jurassic Park,Michael Crichton,Buzz,NULL,NULL")
                                  .arg(idOf(lib.jurassicPark)));
    }

    void shouldExportPageByPageInBoundedMemory() {
        SHELF_OPEN_FIXTURE(f);
        // Given 5,000 committed users that the session no longer holds
        QByteArray csv = "name\n";
        for (int i = 0; i < 5000; ++i)
            csv += "user " + QByteArray::number(i) + "\n";
        QVERIFY(importInto(*f.session, "users", csv).error.isEmpty());
        QVERIFY(f.session->commit());
        f.session->expungeAll();
        f.recorder.clear();
        // When they are exported in pages of 1,000
        io::ExportOptions options;
        options.pageSize = 1000;
        QList<qint64> progress;
        QBuffer file;
        file.open(QIODevice::WriteOnly);
        io::TableExporter exporter(*f.session, User::staticTable(), options);
        const io::ExportResult result = exporter.exportQuery({}, &file, [&](qint64 done, qint64) {
            progress << done;
            return true;
        });
        // Then every row is written, one query per page (keyset, not offset), and no page stays
        QCOMPARE(result.rows, 5000);
        QCOMPARE(file.data().count('\n'), 5001);
        QCOMPARE(progress.first(), 1000);
        QCOMPARE(f.recorder.withVerb(QStringLiteral("SELECT")).size(), 1 + 6); // count + pages
        for (const LoggedStatement &statement : f.recorder.withVerb(QStringLiteral("SELECT"))) {
            if (statement.sql.contains(QStringLiteral("OFFSET")))
                QCOMPARE(statement.binds.last().toLongLong(), 0);
        }
        QVERIFY(!f.session->findLoaded(User::staticTable(), QVariant(qlonglong(1))));
    }
};

QTEST_GUILESS_MAIN(TestCsvImport)
#include "tst_csvimport.moc"
