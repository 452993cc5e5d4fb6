#include "pagebuildbench.h"

#include "library/book.h"
#include "library/librarymetadata.h"
#include "orm/session.h"
#include "ui/recordpager.h"
#include "ui/recordtablemodel.h"

#include <QElapsedTimer>
#include <QSqlError>

#include <algorithm>
#include <deque>

namespace uibench {

namespace {

QSqlDatabase openConnection(const QString &path, const QString &name) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (!db.open())
        fail(QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text()));
    return db;
}

double msSince(const QElapsedTimer &timer) {
    return double(timer.nsecsElapsed()) / 1e6;
}

/// A RecordPager reading page after page as the model does: each page continued from the last row
/// of the one before, at most `kept` pages held, the oldest given back to the session untimed.
class PagerRun {
public:
    PagerRun(orm::Session *session, qint64 total, int pageSize, int kept)
        : m_session(session)
        , m_pager(session, library::booksTable())
        , m_total(total)
        , m_pageSize(pageSize)
        , m_kept(kept) {}

    /// Reads `page`; milliseconds of RecordPager::read() alone.
    double read(qint64 page) {
        const orm::RecordPtr before = m_held.empty() ? nullptr : m_held.back().records.last();
        QString error;
        QElapsedTimer timer;
        timer.start();
        ui::RecordPager::Page read =
            m_pager.read(page * m_pageSize, m_pageSize, m_total, before, nullptr, &error);
        const double ms = msSince(timer);
        if (!error.isEmpty() || read.records.size() != m_pageSize)
            fail(QStringLiteral("RecordPager::read of page %1: %2").arg(page).arg(error));
        m_held.push_back(std::move(read));
        while (int(m_held.size()) > m_kept) {
            m_session->releaseUnused(std::move(m_held.front().records));
            m_session->releaseUnused(std::move(m_held.front().parents));
            m_held.pop_front();
        }
        return ms;
    }

private:
    orm::Session *m_session;
    ui::RecordPager m_pager;
    qint64 m_total;
    int m_pageSize;
    int m_kept;
    std::deque<ui::RecordPager::Page> m_held;
};

} // namespace

PageBuild measurePageBuild(const QString &path, Raw &raw, int pages) {
    PageBuild build;
    {
        // Connections of their own, and fresh sessions: nothing of the stretch is in memory, in
        // the session or in SQLite's page cache (the file itself is in the system's cache).
        orm::Session modelSession(openConnection(path, QStringLiteral("pages-model")),
                                  library::metadata());
        orm::Session pagerSession(openConnection(path, QStringLiteral("pages-pager")),
                                  library::metadata());
        std::vector<Statement> log;
        modelSession.setStatementLog([&log](const QString &sql, const QVariantList &binds) {
            log.push_back({sql, binds});
        });
        ui::RecordTableModel model(&modelSession, library::booksTable());
        model.reload();
        build.pageSize = model.pageSize();
        const qint64 tablePages = (model.databaseRowCount() + build.pageSize - 1) / build.pageSize;
        pages = int(std::clamp<qint64>(tablePages - 2, 0, pages));
        const qint64 firstPage = std::max<qint64>(1, tablePages / 2 - pages / 2);
        build.firstPage = firstPage;
        PagerRun pager(&pagerSession, model.databaseRowCount(), build.pageSize,
                       model.pageCacheSize());
        // The page before the stretch, untimed: read from its offset, it gives the first timed
        // page the neighbour every page after it has.
        auto modelRead = [&](qint64 page) {
            log.clear();
            QElapsedTimer timer;
            timer.start();
            const orm::RecordPtr first = model.record(int(page * build.pageSize));
            const double ms = msSince(timer);
            if (!first || model.cachedPageCount() == 0)
                fail(QStringLiteral("the model read no page %1").arg(page));
            return ms;
        };
        if (pages > 0) {
            modelRead(firstPage - 1);
            pager.read(firstPage - 1);
        }
        std::vector<RawRow> rows;
        for (int i = 0; i < pages; ++i) {
            const qint64 page = firstPage + i;
            double modelMs = 0;
            double pagerMs = 0;
            if (i % 2 == 0) {
                modelMs = modelRead(page);
                pagerMs = pager.read(page);
            } else {
                pagerMs = pager.read(page);
                modelMs = modelRead(page);
            }
            const double rawMs = raw.readInto(log, &rows);
            if (qsizetype(rows.size()) < build.pageSize)
                fail(QStringLiteral("the raw replay of page %1 read %2 rows")
                         .arg(page)
                         .arg(rows.size()));
            build.model.push_back(modelMs);
            build.pager.push_back(pagerMs);
            build.raw.push_back(rawMs);
            build.ratio.push_back(rawMs > 0 ? modelMs / rawMs : 0.0);
            build.session.push_back(pagerMs - rawMs);
            build.bookkeeping.push_back(modelMs - pagerMs);
            build.statements.push_back(double(log.size()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("pages-model"));
    QSqlDatabase::removeDatabase(QStringLiteral("pages-pager"));
    return build;
}

void printPageBuild(const PageBuild &build) {
    const auto row = [](const char *what, const std::vector<double> &values, const char *unit) {
        std::printf("| %s | %.3f%s | %.3f–%.3f |\n", what, median(values), unit,
                    *std::min_element(values.begin(), values.end()),
                    *std::max_element(values.begin(), values.end()));
    };
    const qint64 last = build.firstPage + qint64(build.model.size()) - 1;
    std::printf("\n| page build, %d rows: pages %lld–%lld in key order (%zu pages, each continued "
                "from the one before, none in memory before) | median | min–max |\n"
                "|---|---:|---:|\n",
                build.pageSize, static_cast<long long>(build.firstPage),
                static_cast<long long>(last), build.model.size());
    row("Books model: one page fetch (ms)", build.model, "");
    row("of it, RecordPager::read() on a session of its own (ms)", build.pager, "");
    row("raw: the same statements, SQLite C API into plain structs, kept prepared (ms)", build.raw,
        "");
    // A page the scheduler interrupts on one side only makes a ratio of 0.01 or 100: the range
    // of the ratios is the middle 80% of the pages.
    std::vector<double> ratios = build.ratio;
    std::sort(ratios.begin(), ratios.end());
    std::printf("| model / raw, page by page (10th–90th percentile) | %.2f× | %.2f–%.2f× |\n",
                median(ratios), ratios[ratios.size() / 10], ratios[ratios.size() * 9 / 10]);
    std::printf("| split (medians): SQL as raw / session's work (read − raw) / model's bookkeeping "
                "(fetch − read) | %.3f / %.3f / %.3f ms | |\n",
                median(build.raw), median(build.session), median(build.bookkeeping));
    std::printf("| statements per page | %.0f | %.0f–%.0f |\n", median(build.statements),
                *std::min_element(build.statements.begin(), build.statements.end()),
                *std::max_element(build.statements.begin(), build.statements.end()));
}

} // namespace uibench
