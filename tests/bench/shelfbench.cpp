// shelf-bench: issue 5's workloads through Shelf's ORM session, over its own small mapping
// declared with the generic metadata API (no SQL strings for the work itself):
//   authors(id, name NOT NULL)
//   books(id, title NOT NULL, author_id NOT NULL → authors)     Author.books: all, delete-orphan
//
//   shelf-bench <w0|w1|w2|w3|w4|w5> <db-file>     one result line, the same as raw-bench's
//   shelf-bench <w0|…|w5> "host=… dbname=…"       the same on PostgreSQL (a libpq string, as
//                                                 SHELF_TEST_PG): pg-raw-bench's result line
//   shelf-bench bigseed <db-file> [books [contiguous|interleaved]]
//                                                 the library domain with 1,000,000 books
//                                                 (10 authors × 100,000 books) for the UI bench
//   shelf-bench preview <db-file> [author-id]     previewDelete() of an author on that file:
//                                                 queries issued and time vs a raw count(*)
//
// SHELF_BENCH_PHASES=1 prints the time of each phase on stderr (stdout stays one line).

#include "libpqstring.h"
#include "library/author.h"
#include "library/book.h"
#include "library/librarymetadata.h"
#include "library/seeder.h"
#include "orm/metadata.h"
#include "orm/session.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

// --- The bench mapping ---------------------------------------------------------------------------

struct Mapping {
    orm::Metadata metadata;
    const orm::Table *authors = nullptr;
    const orm::Table *books = nullptr;
    const orm::Relationship *authorBooks = nullptr;
    int authorName = -1;
    int bookTitle = -1;

    Mapping() {
        orm::Table &authorTable =
            metadata.addTable(QStringLiteral("authors"), QStringLiteral("Author"));
        authorTable.addColumn(orm::Column::key());
        authorName = authorTable.addColumn(orm::Column::text(QStringLiteral("name")).notNull());
        authorTable.setDisplayColumn(QStringLiteral("name"));
        authorTable.setRecordType<orm::Record>();

        orm::Table &bookTable = metadata.addTable(QStringLiteral("books"), QStringLiteral("Book"));
        bookTable.addColumn(orm::Column::key());
        bookTitle = bookTable.addColumn(orm::Column::text(QStringLiteral("title")).notNull());
        bookTable.addColumn(orm::Column::integer(QStringLiteral("author_id")).notNull());
        bookTable.addForeignKey(QStringLiteral("author_id"), QStringLiteral("authors"));
        bookTable.setDisplayColumn(QStringLiteral("title"));
        bookTable.setRecordType<orm::Record>();

        metadata.addRelationship(QStringLiteral("authors"), QStringLiteral("books"),
                                 QStringLiteral("books"), QStringLiteral("author_id"),
                                 QStringLiteral("author"),
                                 orm::CascadeFlag::All | orm::CascadeFlag::DeleteOrphan);
        metadata.finalize();
        authors = metadata.table(QStringLiteral("authors"));
        books = metadata.table(QStringLiteral("books"));
        authorBooks = metadata.relationship(QStringLiteral("authors"), QStringLiteral("books"));
    }
};

// --- Helpers -------------------------------------------------------------------------------------

[[noreturn]] void fail(const QString &what) {
    std::fprintf(stderr, "shelf-bench: %s\n", qPrintable(what));
    std::exit(1);
}

[[noreturn]] void fail(const orm::Session &session, const char *what) {
    fail(QStringLiteral("%1: %2").arg(QLatin1String(what), session.lastError().fullText()));
}

class Phases {
public:
    Phases()
        : m_enabled(qEnvironmentVariableIntValue("SHELF_BENCH_PHASES") != 0) {
        m_timer.start();
    }
    void mark(const char *phase) {
        if (!m_enabled)
            return;
        const qint64 now = m_timer.nsecsElapsed();
        std::fprintf(stderr, "  %-28s %9.2f ms   RSS %s, peak %s\n", phase,
                     double(now - m_last) / 1e6, status("VmRSS:").constData(),
                     status("VmHWM:").constData());
        m_last = now;
    }

private:
    /// A line of /proc/self/status ("VmRSS:" → "81234 kB"), for the memory beside each phase.
    static QByteArray status(const char *field) {
        QFile file(QStringLiteral("/proc/self/status"));
        if (!file.open(QIODevice::ReadOnly))
            return "?";
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.startsWith(field))
                return line.mid(qsizetype(qstrlen(field))).trimmed();
        }
        return "?";
    }

    bool m_enabled;
    QElapsedTimer m_timer;
    qint64 m_last = 0;
};

/// A libpq string ("host=… dbname=…") names a PostgreSQL database, anything else an SQLite file.
QSqlDatabase openDatabase(const QString &path) {
    const bool postgres = path.contains(QLatin1Char('='));
    QSqlDatabase db = QSqlDatabase::addDatabase(
        postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), QStringLiteral("bench"));
    if (postgres)
        bench::pointAt(db, path);
    else
        db.setDatabaseName(path);
    if (!db.open())
        fail(QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text()));
    return db;
}

long peakRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// --- Workloads -----------------------------------------------------------------------------------

int w0(orm::Session &session, const Mapping &map, Phases &) {
    const qint64 authors = session.count(*map.authors);
    if (authors < 0)
        fail(session, "count");
    std::printf("w0 authors=%lld\n", static_cast<long long>(authors));
    return 0;
}

int w1(orm::Session &session, const Mapping &map, Phases &phases) {
    if (!session.createAll())
        fail(session, "createAll");
    phases.mark("createAll");
    for (int a = 1; a <= 10000; ++a) {
        const orm::RecordPtr author = map.authors->createRecord();
        const QString number = QString::number(a);
        author->setValue(map.authorName, QStringLiteral("Author ") + number);
        for (int b = 1; b <= 10; ++b) {
            const orm::RecordPtr book = map.books->createRecord();
            book->setValue(map.bookTitle, QStringLiteral("Book ") + number + QLatin1Char('-') +
                                              QString::number(b));
            author->appendChild(*map.authorBooks, book);
        }
        session.add(author); // save-update cascades to the books
    }
    phases.mark("stage");
    if (!session.commit())
        fail(session, "commit");
    phases.mark("commit");
    const qint64 authors = session.count(*map.authors);
    const qint64 books = session.count(*map.books);
    if (authors < 0 || books < 0)
        fail(session, "count");
    std::printf("w1 authors=%lld books=%lld\n", static_cast<long long>(authors),
                static_cast<long long>(books));
    return 0;
}

int w2(orm::Session &session, const Mapping &map, Phases &phases) {
    const orm::RecordList authors = session.query(*map.authors);
    if (session.lastError())
        fail(session, "query authors");
    phases.mark("query authors");
    if (!session.loadChildren(authors, *map.authorBooks))
        fail(session, "loadChildren");
    phases.mark("loadChildren");
    qsizetype chars = 0;
    qsizetype books = 0;
    for (const orm::RecordPtr &author : authors) {
        chars += author->value(map.authorName).toString().size();
        const orm::RecordList children = author->children(*map.authorBooks);
        for (const orm::RecordPtr &book : children) {
            chars += book->value(map.bookTitle).toString().size();
            ++books;
        }
    }
    phases.mark("iterate");
    std::printf("w2 authors=%lld books=%lld chars=%lld\n", static_cast<long long>(authors.size()),
                static_cast<long long>(books), static_cast<long long>(chars));
    return 0;
}

int w3(orm::Session &session, const Mapping &map, Phases &phases) {
    orm::Query first;
    first.limit = 10000;
    const orm::RecordList books = session.query(*map.books, first);
    if (session.lastError())
        fail(session, "query books");
    phases.mark("query books");
    for (const orm::RecordPtr &book : books) {
        QString title = book->value(map.bookTitle).toString();
        if (title.endsWith(QLatin1Char('*')))
            title.chop(1);
        else
            title.append(QLatin1Char('*'));
        if (!book->setValue(map.bookTitle, title))
            fail(QStringLiteral("setValue refused"));
    }
    phases.mark("edit");
    qsizetype updated = 0;
    for (const orm::RecordPtr &book : books)
        updated += book->isModified(map.bookTitle) ? 1 : 0;
    if (!session.commit())
        fail(session, "commit");
    phases.mark("commit");
    std::printf("w3 updated=%lld\n", static_cast<long long>(updated));
    return 0;
}

int w4(orm::Session &session, const Mapping &map, Phases &phases) {
    orm::Query first;
    first.limit = 1000;
    const orm::RecordList authors = session.query(*map.authors, first);
    if (session.lastError())
        fail(session, "query authors");
    phases.mark("query authors");
    if (!session.removeAll(authors)) // loads the books in batches and marks them (delete cascade)
        fail(session, "removeAll");
    phases.mark("removeAll");
    // The books the cascade marked: already in memory, so this issues no query.
    std::vector<orm::RecordPtr> books;
    for (const orm::RecordPtr &author : authors) {
        for (const orm::RecordPtr &book : author->children(*map.authorBooks)) {
            if (book->isMarkedForDelete())
                books.push_back(book);
        }
    }
    if (!session.commit())
        fail(session, "commit");
    phases.mark("commit");
    const auto detached = [](const orm::RecordPtr &record) {
        return record->state() == orm::ObjectState::Detached;
    };
    std::printf("w4 authors_deleted=%lld books_deleted=%lld\n",
                static_cast<long long>(std::count_if(authors.begin(), authors.end(), detached)),
                static_cast<long long>(std::count_if(books.begin(), books.end(), detached)));
    return 0;
}

int w5(orm::Session &session, const Mapping &map, Phases &phases) {
    const orm::RecordList books = session.query(*map.books);
    if (session.lastError())
        fail(session, "query books");
    phases.mark("query books");
    const QString suffix = QStringLiteral(" (edited)");
    for (const orm::RecordPtr &book : books) {
        if (!book->setValue(map.bookTitle, book->value(map.bookTitle).toString() + suffix))
            fail(QStringLiteral("setValue refused"));
    }
    phases.mark("edit");
    session.rollback();
    phases.mark("rollback");
    qsizetype restored = 0;
    for (const orm::RecordPtr &book : books) {
        if (!book->value(map.bookTitle).toString().endsWith(suffix))
            ++restored;
    }
    phases.mark("verify");
    std::printf("w5 books=%lld restored=%lld\n", static_cast<long long>(books.size()),
                static_cast<long long>(restored));
    return 0;
}

// --- Large tables (library domain) ---------------------------------------------------------------

/// Books of all authors in turn (ids 1, 11, 21, … belong to author 1), as a library that grew
/// over time looks: an author's books are not one dense key range. Committed every 10,000 books.
bool seedInterleaved(orm::Session &session, int authors, int perAuthor,
                     const QElapsedTimer &timer) {
    const orm::Table &authorTable = library::authorsTable();
    for (int a = 1; a <= authors; ++a)
        session.add(library::Author::create(QStringLiteral("Author ") + QString::number(a)));
    if (!session.commit())
        return false;
    const int rounds = std::max(1, 10000 / authors); // books per author in one commit
    for (int first = 1; first <= perAuthor; first += rounds) {
        const orm::RecordList records = session.query(authorTable);
        const int last = std::min(perAuthor, first + rounds - 1);
        for (int b = first; b <= last; ++b) {
            for (int a = 0; a < int(records.size()); ++a) {
                const auto author = std::static_pointer_cast<library::Author>(records.at(a));
                author->books().append(
                    library::Book::create(QStringLiteral("Book ") + QString::number(a + 1) +
                                          QLatin1Char('-') + QString::number(b)));
            }
        }
        if (!session.commit())
            return false;
        session.expungeAll();
        if ((last * 10 / perAuthor) != ((first - 1) * 10 / perAuthor))
            std::fprintf(stderr, "bigseed: %d/%d books per author (%.1f s)\n", last, perAuthor,
                         double(timer.elapsed()) / 1000.0);
    }
    return true;
}

int bigseed(const QString &path, int books, bool interleaved) {
    QFile::remove(path);
    QSqlDatabase db = openDatabase(path);
    orm::Session session(db, library::metadata());
    if (!session.isValid())
        fail(session, "session");
    const int perAuthor = std::min(books, 100000);
    const int authors = std::max(1, books / std::max(1, perAuthor));
    QElapsedTimer timer;
    timer.start();
    if (!session.createAll())
        fail(session, "createAll");
    int lastTenth = -1;
    const bool ok = interleaved
                        ? seedInterleaved(session, authors, perAuthor, timer)
                        : library::seedLarge(session, authors, perAuthor, [&](int done, int total) {
                              const int tenth = total > 0 ? done * 10 / total : 10;
                              if (tenth != lastTenth) {
                                  lastTenth = tenth;
                                  std::fprintf(stderr, "bigseed: %d/%d authors (%.1f s)\n", done,
                                               total, double(timer.elapsed()) / 1000.0);
                              }
                              return true;
                          });
    if (!ok)
        fail(session, "seed");
    const qint64 authorRows = session.count(library::authorsTable());
    const qint64 bookRows = session.count(library::booksTable());
    std::printf("bigseed authors=%lld books=%lld layout=%s seconds=%.1f peak_rss_kib=%ld\n",
                static_cast<long long>(authorRows), static_cast<long long>(bookRows),
                interleaved ? "interleaved" : "contiguous", double(timer.elapsed()) / 1000.0,
                peakRssKiB());
    return 0;
}

/// The reference: `SELECT count(*) FROM books WHERE author_id = ?` through the SQLite C API.
/// The counts the preview runs, by hand through the SQLite C API: the author's books, and their
/// reviews (uibench's delete preview runs the same two). `*rows` is the books'.
double rawCountMs(const QString &path, qint64 authorId, long long *rows) {
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK)
        fail(QStringLiteral("sqlite3_open_v2 %1").arg(path));
    QElapsedTimer timer;
    timer.start();
    const char *const counts[] = {
        "SELECT count(*) FROM books WHERE author_id = ?",
        "SELECT count(*) FROM reviews WHERE book_id IN (SELECT id FROM books WHERE author_id = ?)"};
    for (const char *sql : counts) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
            fail(QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_bind_int64(stmt, 1, authorId);
        if (sqlite3_step(stmt) == SQLITE_ROW && sql == counts[0])
            *rows = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    sqlite3_close(db);
    return ms;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int preview(const QString &path, qint64 authorId) {
    if (!QFile::exists(path))
        fail(QStringLiteral("%1 does not exist (run shelf-bench bigseed first)").arg(path));
    long long rows = 0;
    rawCountMs(path, authorId, &rows); // warm the page cache for both sides
    std::vector<double> countMs;
    std::vector<double> previewMs;
    quint64 queries = 0;
    orm::DeletePreview result;
    QSqlDatabase db = openDatabase(path);
    for (int round = 0; round < 3; ++round) {
        countMs.push_back(rawCountMs(path, authorId, &rows));
        // A fresh session every round: nothing of the author is in memory yet.
        orm::Session session(db, library::metadata());
        QElapsedTimer timer;
        timer.start();
        const orm::RecordPtr author = session.get(library::authorsTable(), authorId);
        if (!author)
            fail(QStringLiteral("no author %1").arg(authorId));
        const quint64 before = session.statementCount();
        QHash<QString, int> shapes; // statement text (IN lists folded) → how often it ran
        if (round == 0 && qEnvironmentVariableIntValue("SHELF_BENCH_PHASES") != 0) {
            session.setStatementLog([&shapes](const QString &sql, const QVariantList &) {
                QString shape = sql;
                shape.replace(QRegularExpression(QStringLiteral("\\?(, ?\\?)+")),
                              QStringLiteral("?…"));
                ++shapes[shape];
            });
        }
        result = session.previewDelete(author);
        session.setStatementLog({});
        for (auto it = shapes.cbegin(); it != shapes.cend(); ++it)
            std::fprintf(stderr, "  %5d × %s\n", it.value(), qPrintable(it.key()));
        previewMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!result.error.isEmpty())
            fail(QStringLiteral("previewDelete: %1").arg(result.error));
        queries = session.statementCount() - before;
    }
    const double countMedian = median(countMs);
    const double previewMedian = median(previewMs);
    std::printf("preview author=%lld books=%lld queries=%llu deleted_books=%d deleted_reviews=%d "
                "nulled=%lld blockers=%lld preview_ms=%.1f count_ms=%.2f ratio=%.2f "
                "peak_rss_kib=%ld\n",
                static_cast<long long>(authorId), rows, static_cast<unsigned long long>(queries),
                result.deletedCount(QStringLiteral("books")),
                result.deletedCount(QStringLiteral("reviews")),
                static_cast<long long>(result.nulled.size()),
                static_cast<long long>(result.blockers.size()), previewMedian, countMedian,
                countMedian > 0 ? previewMedian / countMedian : 0.0, peakRssKiB());
    return 0;
}

int usage() {
    std::fprintf(stderr, "usage: shelf-bench <w0|w1|w2|w3|w4|w5> <db-file>\n"
                         "       shelf-bench bigseed <db-file> [books [contiguous|interleaved]]\n"
                         "       shelf-bench preview <db-file> [author-id]\n");
    return 2;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc < 3)
        return usage();
    const QString command = QString::fromLocal8Bit(argv[1]);
    const QString path = QString::fromLocal8Bit(argv[2]);

    if (command == QLatin1String("bigseed")) {
        const bool interleaved = argc > 4 && QLatin1String(argv[4]) == QLatin1String("interleaved");
        if (argc > 4 && !interleaved && QLatin1String(argv[4]) != QLatin1String("contiguous"))
            return usage();
        return bigseed(path, argc > 3 ? std::atoi(argv[3]) : 1000000, interleaved);
    }
    if (command == QLatin1String("preview"))
        return preview(path, argc > 3 ? std::atoll(argv[3]) : 1);
    if (argc != 3)
        return usage();

    using Workload = int (*)(orm::Session &, const Mapping &, Phases &);
    Workload workload = nullptr;
    if (command == QLatin1String("w0"))
        workload = w0;
    else if (command == QLatin1String("w1"))
        workload = w1;
    else if (command == QLatin1String("w2"))
        workload = w2;
    else if (command == QLatin1String("w3"))
        workload = w3;
    else if (command == QLatin1String("w4"))
        workload = w4;
    else if (command == QLatin1String("w5"))
        workload = w5;
    else
        return usage();

    Phases phases;
    if (command == QLatin1String("w1") && !path.contains(QLatin1Char('=')))
        QFile::remove(path); // a PostgreSQL database comes empty from scripts/bench
    const Mapping map;
    int status = 0;
    {
        QSqlDatabase db = openDatabase(path);
        orm::Session session(db, map.metadata);
        if (!session.isValid())
            fail(session, "session");
        phases.mark("open");
        status = workload(session, map, phases);
    }
    phases.mark("end (lists, session)"); // the workload's lists and the session let go
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));
    return status;
}
