#pragma once

// shelf-uibench's page-build figure (issue 13: "a 256-row page built in ≤ 0.3 ms"): what one page
// fetch of the Books model costs while paging through a stretch of the table, against the same
// statements read raw.

#include "uibenchraw.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace uibench {

/// Per page, in milliseconds, one entry per timed page.
struct PageBuild {
    qint64 firstPage = 0;
    int pageSize = 0;
    std::vector<double> model;       ///< RecordTableModel: the whole page fetch
    std::vector<double> pager;       ///< RecordPager::read() alone, on a session of its own
    std::vector<double> raw;         ///< the model's statements, C API into plain structs
    std::vector<double> ratio;       ///< model / raw, page by page
    std::vector<double> session;     ///< pager − raw: the session's own work
    std::vector<double> bookkeeping; ///< model − pager: what the model adds
    std::vector<double> statements;  ///< statements the model ran for the page
};

/// Up to `pages` pages from the middle of the books in key order (fewer in a small file), each read
/// once, in order, continued from the page before (as a view paging down does); nothing of the
/// stretch is in memory before. The model, a RecordPager and the raw replay each read through a
/// connection of their own (their own SQLite page cache), the first two taking turns at going
/// first. No page at all in a file of fewer than three pages.
PageBuild measurePageBuild(const QString &path, Raw &raw, int pages);

/// The Markdown table of `build` on stdout.
void printPageBuild(const PageBuild &build);

} // namespace uibench
