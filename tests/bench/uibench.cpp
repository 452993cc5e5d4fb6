// shelf-uibench: issue 5's large-table figures for the UI, each against a raw baseline in the same
// run.
//
//   shelf-uibench <db-file> [author-id]
//   shelf-uibench <db-file> pages [count]     the page build alone (200 pages), for a profiler
//
// <db-file> is a library file with a large books table (`shelf-bench bigseed <db-file>`: 10
// authors × 100,000 books). The Books model (ui::RecordTableModel, table mode) is opened in a real
// QTableView (offscreen) and timed through: first data, scroll to the last row, sort by title,
// filter by a title prefix. Every SQL statement the session runs in a phase is recorded and then
// replayed through the SQLite C API on a connection of its own (the raw baseline: the same SQL,
// every row stepped and every column read, median of 3 replays), so a ratio compares like with
// like. Then the delete preview of `author-id` (default 1, an author with 100,000 books): the
// statements previewDelete() issues and its time against a raw `SELECT count(*)` of those books.
// Last, issue 13's page build: 200 pages of 256 books from the middle of the table, each fetched
// by a Books model of its own (pagebuildbench.h), against its statements read raw.
// Prints Markdown tables on stdout; progress on stderr.

#include "library/author.h"
#include "library/book.h"
#include "library/librarymetadata.h"
#include "orm/session.h"
#include "pagebuildbench.h"
#include "ui/recordtablemodel.h"
#include "ui/tableviews.h"
#include "uibenchraw.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

namespace {

using uibench::fail;
using uibench::median;
using uibench::Raw;
using uibench::Statement;

/// A field of /proc/self/status in KiB (VmRSS: now, VmHWM: peak).
long statusKiB(const char *field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLong();
    }
    return -1;
}

/// One timed phase of the model: what it cost, what the session ran, and the same SQL raw.
struct Phase {
    QString name;
    double ms = 0;
    int paints = 0; ///< viewport paints in the phase
    quint64 statements = 0;
    qint64 rowsRead = 0; ///< rows of books the model read
    double rawMs = 0;
    qint64 rawRows = 0; ///< rows the raw replay stepped
};

int g_paints = 0;

/// Pages the page build times.
constexpr int BuildPages = 200;

/// Renders the viewport now (every visible cell's data() is asked for).
void paint(QTableView *view) {
    QCoreApplication::processEvents();
    (void)view->viewport()->grab();
    ++g_paints;
}

} // namespace

int main(int argc, char **argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool pagesOnly = argc > 2 && qstrcmp(argv[2], "pages") == 0;
    if (argc < 2 || argc > (pagesOnly ? 4 : 3)) {
        std::fprintf(stderr, "usage: shelf-uibench <db-file> [author-id]\n"
                             "       shelf-uibench <db-file> pages [count]\n"
                             "       (make the file with: shelf-bench bigseed <db-file>)\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const qint64 authorId = argc > 2 && !pagesOnly ? std::atoll(argv[2]) : 1;
    if (!QFile::exists(path))
        fail(QStringLiteral("%1 does not exist (run shelf-bench bigseed first)").arg(path));

    Raw raw(path);
    // Warm the operating system's file cache for both sides alike.
    qint64 totalRows = 0;
    raw.run({{QStringLiteral("SELECT count(*) FROM books"), {}}});
    raw.run({{QStringLiteral("SELECT id, title, author_id, borrower_id FROM books"), {}}},
            &totalRows);

    if (pagesOnly) { // the page build alone, for a profiler
        const uibench::PageBuild build =
            uibench::measurePageBuild(path, raw, argc > 3 ? std::atoi(argv[3]) : BuildPages);
        if (build.model.empty())
            fail(QStringLiteral("too few books for a page build"));
        uibench::printPageBuild(build);
        return raw.sink() == 0 ? 1 : 0;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("ui"));
    db.setDatabaseName(path);
    if (!db.open())
        fail(QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text()));
    orm::Session session(db, library::metadata());
    std::vector<Statement> log;
    session.setStatementLog([&log](const QString &sql, const QVariantList &binds) {
        log.push_back({sql, binds});
    });

    const long rssStart = statusKiB("VmRSS");
    QElapsedTimer timer;
    std::vector<Phase> phases;
    ui::RecordTableModel *model = nullptr;
    QTableView *view = nullptr;
    auto phase = [&](const QString &name, const std::function<void()> &work) {
        log.clear();
        const quint64 statementsBefore = session.statementCount();
        const qint64 readBefore = model ? model->rowsRead() : 0;
        const int paintsBefore = g_paints;
        timer.start();
        work();
        Phase result;
        result.name = name;
        result.ms = double(timer.nsecsElapsed()) / 1e6;
        result.statements = session.statementCount() - statementsBefore;
        result.paints = g_paints - paintsBefore;
        result.rowsRead = model->rowsRead() - readBefore;
        const std::vector<Statement> statements = log;
        result.rawMs = raw.median3(statements, &result.rawRows);
        phases.push_back(result);
        std::fprintf(stderr, "uibench: %s %.1f ms (%llu statements, %lld rows; raw %.1f ms)\n",
                     qPrintable(name), result.ms,
                     static_cast<unsigned long long>(result.statements),
                     static_cast<long long>(result.rowsRead), result.rawMs);
    };

    QWidget window;
    window.resize(1000, 700);
    phase(QStringLiteral("open: count + first data shown"), [&] {
        model = new ui::RecordTableModel(&session, library::booksTable(), &window);
        view = ui::tableviews::createRecordView(&window);
        view->resize(window.size());
        view->setModel(model);
        view->setSortingEnabled(true);
        view->sortByColumn(library::Book::IdColumn, Qt::AscendingOrder);
        model->reload();
        window.show();
        ui::tableviews::fitColumns(view); // as TableBrowser does after a reset
        paint(view);
        if (model->index(0, library::Book::TitleColumn).data().toString().isEmpty())
            fail(QStringLiteral("no data in the first row"));
    });
    const long rssFirst = statusKiB("VmRSS");
    // What one paint of the viewport costs with nothing to read (the rows are in memory):
    // subtracted from each phase.
    timer.start();
    constexpr int Calibration = 20;
    for (int i = 0; i < Calibration; ++i) {
        view->viewport()->update(); // repainted by the event loop and by grab(), as after a scroll
        paint(view);
    }
    const double paintMs = double(timer.nsecsElapsed()) / 1e6 / Calibration;
    const qint64 rows = model->rowCount();
    if (rows != totalRows)
        fail(QStringLiteral("the model has %1 rows, the table %2").arg(rows).arg(totalRows));

    phase(QStringLiteral("scroll to the last row"), [&] {
        view->scrollToBottom();
        paint(view);
        const QString last =
            model->index(int(rows - 1), library::Book::TitleColumn).data().toString();
        if (last.isEmpty())
            fail(QStringLiteral("no data in the last row"));
    });
    const long rssEnd = statusKiB("VmRSS");
    const long hwmEnd = statusKiB("VmHWM");

    // Scrolling on: 200 screens down from the top with the scroll bar, as a user paging through,
    // then 20 jumps across the whole table.
    phase(QStringLiteral("page down 200 screens from the top"), [&] {
        view->scrollToTop();
        paint(view);
        QScrollBar *bar = view->verticalScrollBar();
        for (int i = 0; i < 200; ++i) {
            bar->setValue(bar->value() + bar->pageStep());
            paint(view);
        }
    });
    phase(QStringLiteral("20 jumps across the table"), [&] {
        QScrollBar *bar = view->verticalScrollBar();
        for (int i = 1; i <= 20; ++i) {
            bar->setValue(int(qint64(bar->maximum()) * ((i * 7) % 20) / 20));
            paint(view);
        }
    });
    const long hwmScrolled = statusKiB("VmHWM");
    const long rssScrolled = statusKiB("VmRSS");

    phase(QStringLiteral("sort by title: first data"), [&] {
        view->sortByColumn(library::Book::TitleColumn, Qt::AscendingOrder);
        view->scrollToTop();
        paint(view);
    });
    phase(QStringLiteral("sorted by title: last row"), [&] {
        view->scrollToBottom();
        paint(view);
    });
    const QString prefix = QStringLiteral("Book 7-123");
    phase(QStringLiteral("filter by title prefix '%1': first data").arg(prefix), [&] {
        view->sortByColumn(library::Book::IdColumn, Qt::AscendingOrder);
        model->setFilter(prefix);
        view->scrollToTop();
        paint(view);
        if (!model->index(0, library::Book::TitleColumn).data().toString().startsWith(prefix))
            fail(QStringLiteral("the filter shows no matching row"));
    });
    const qint64 filtered = model->rowCount();
    const long hwmEnd2 = statusKiB("VmHWM");
    session.setStatementLog({});

    // --- Delete preview of an author with many books ------------------------------------------
    // The same preview by hand: the author's books, and their reviews, counted.
    const std::vector<Statement> countSql = {
        {QStringLiteral("SELECT count(*) FROM books WHERE author_id = ?"), {authorId}},
        {QStringLiteral("SELECT count(*) FROM reviews WHERE book_id IN (SELECT id FROM books "
                        "WHERE author_id = ?)"),
         {authorId}}};
    std::vector<double> previewMs;
    std::vector<double> countMs;
    quint64 previewStatements = 0;
    int deletedBooks = 0;
    int deletedReviews = 0;
    for (int round = 0; round < 7; ++round) {
        countMs.push_back(raw.run(countSql));
        orm::Session fresh(db, library::metadata()); // nothing of the author in memory yet
        const orm::RecordPtr author = fresh.get(library::authorsTable(), authorId);
        if (!author)
            fail(QStringLiteral("no author %1").arg(authorId));
        const quint64 before = fresh.statementCount();
        timer.start();
        const orm::DeletePreview preview = fresh.previewDelete(author);
        previewMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!preview.error.isEmpty())
            fail(QStringLiteral("previewDelete: %1").arg(preview.error));
        previewStatements = fresh.statementCount() - before;
        deletedBooks = preview.deletedCount(QStringLiteral("books"));
        deletedReviews = preview.deletedCount(QStringLiteral("reviews"));
    }
    qint64 authorBooks = 0;
    raw.run({{QStringLiteral("SELECT id FROM books WHERE author_id = ?"), {authorId}}},
            &authorBooks);

    // --- Building one page ----------------------------------------------------------------------
    std::fprintf(stderr, "uibench: page build\n");
    const uibench::PageBuild pageBuild = uibench::measurePageBuild(path, raw, BuildPages);

    // --- Report ----------------------------------------------------------------------------------
    auto mib = [](long kib) { return double(kib) / 1024.0; };
    std::printf("UI over a large table — %s: %lld books, Books model in a %dx%d QTableView "
                "(offscreen), page %d rows, at most %d pages cached.\n\n",
                qPrintable(QFileInfo(path).fileName()), static_cast<long long>(rows), view->width(),
                view->height(), model->pageSize(), model->pageCacheSize());
    std::printf("One viewport paint of rows in memory: %.2f ms.\n\n", paintMs);
    std::printf(
        "| phase | shelf (ms) | paints | shelf without paints (ms) | statements | book rows "
        "read | raw same SQL (ms) | raw rows | shelf w/o paints / raw |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const Phase &p : phases) {
        const double model = std::max(0.0, p.ms - p.paints * paintMs);
        std::printf("| %s | %.1f | %d | %.1f | %llu | %lld | %.2f | %lld | %.1f× |\n",
                    qPrintable(p.name), p.ms, p.paints, model,
                    static_cast<unsigned long long>(p.statements),
                    static_cast<long long>(p.rowsRead), p.rawMs, static_cast<long long>(p.rawRows),
                    p.rawMs > 0 ? model / p.rawMs : 0.0);
    }
    std::printf("\n| memory | value |\n|---|---:|\n");
    std::printf("| rows read before the view first showed data | %lld of %lld |\n",
                static_cast<long long>(phases.front().rowsRead), static_cast<long long>(rows));
    std::printf("| RSS before the model | %.1f MiB |\n", mib(rssStart));
    std::printf("| RSS after first data | %.1f MiB |\n", mib(rssFirst));
    std::printf("| RSS after scrolling to the last row (peak VmHWM) | %.1f MiB (%.1f MiB) |\n",
                mib(rssEnd), mib(hwmEnd));
    std::printf("| RSS after 200 screens + 20 jumps (peak VmHWM) | %.1f MiB (%.1f MiB) |\n",
                mib(rssScrolled), mib(hwmScrolled));
    std::printf("| RSS growth from first data to scrolled | %+.1f MiB |\n",
                mib(rssScrolled - rssFirst));
    std::printf("| peak VmHWM at the end (sort, filter: %lld rows) | %.1f MiB |\n",
                static_cast<long long>(filtered), mib(hwmEnd2));
    const double preview = median(previewMs);
    const double count = median(countMs);
    std::printf("\n| delete preview, author %lld (%lld books) | value |\n|---|---:|\n",
                static_cast<long long>(authorId), static_cast<long long>(authorBooks));
    std::printf("| statements previewDelete() issued | %llu |\n",
                static_cast<unsigned long long>(previewStatements));
    std::printf("| books and reviews it would delete | %d and %d |\n", deletedBooks,
                deletedReviews);
    std::printf("| previewDelete() median of 7 (min–max) | %.1f ms (%.1f–%.1f) |\n", preview,
                *std::min_element(previewMs.begin(), previewMs.end()),
                *std::max_element(previewMs.begin(), previewMs.end()));
    std::printf("| raw count of those books and of their reviews, median of 7 | %.2f ms |\n",
                count);
    std::printf("| ratio | %.1f× |\n", count > 0 ? preview / count : 0.0);
    if (!pageBuild.model.empty())
        uibench::printPageBuild(pageBuild);
    return raw.sink() == 0 ? 1 : 0; // the sink keeps the replays' column reads alive
}
