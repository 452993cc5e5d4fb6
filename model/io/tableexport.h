#pragma once

#include "csvwriter.h"

#include "orm/session.h"

#include <functional>

class QIODevice;

namespace io {

struct ExportOptions {
    CsvWriter::Options writer;        ///< format, byte-order mark, NULL text
    bool includeStaged = true;        ///< staged values, new records, and no rows marked for delete
    bool foreignKeysAsLabels = false; ///< "Stephen King" rather than 3
    bool header = true;               ///< CSV/TSV: a first line of column names
    int pageSize = 2000;              ///< rows read per query
};

struct ExportResult {
    qint64 rows = 0;
    bool cancelled = false;
    QString error; ///< why the export stopped (a query failed, the disk is full, cancelled)
};

/// Writes a table's rows to a file, page by page through the same keyset paging the grid uses, so
/// a table of any size is exported in bounded memory (each page's records are released before the
/// next is read). Values are written raw — keys, exact decimals, ISO dates, bytes as \x-hex —
/// so that importing the file gives the same rows back; foreign keys optionally as the labels the
/// grid shows ("Jane Peacock"; two parents of one label as "Music (#8)", orm::Namesakes), which
/// import reads back.
class TableExporter {
public:
    /// Called after each page with the rows written and the rows to write. False cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    TableExporter(orm::Session &session, const orm::Table &table, ExportOptions options);

    /// Every row `query` selects (its filter and order; its limit and offset are ignored), then —
    /// with includeStaged — the table's new records.
    ExportResult exportQuery(const orm::Query &query, QIODevice *device,
                             const Progress &progress = {});
    /// These records (a selection), in this order.
    ExportResult exportRecords(const orm::RecordList &records, QIODevice *device,
                               const Progress &progress = {});

    /// The columns written, in order: every column but SQLite's hidden rowid.
    QList<int> columns() const { return m_columns; }
    /// A value as export (and raw copy) writes it: the exact text a later import reads back.
    static Cell cellFor(const orm::Column &column, const QVariant &value);

private:
    void writeHeader(CsvWriter &writer) const;
    /// Rows written (records marked for delete are left out when staged edits count); -1 with
    /// `error` when reading parents or writing failed.
    qint64 writeRecords(CsvWriter &writer, const orm::RecordList &records, QString *error);
    /// The same for rows as the database holds them (readRows()), written as writeRecords()
    /// writes their records when nothing is staged.
    qint64 writeRows(CsvWriter &writer, const QList<QVariantList> &rows, QString *error);
    /// What both write: `count` rows whose values `valueAt(row, column)` gives, `skip(row)` left
    /// out, `stagedParent(row, column)` the staged new parent of a reference with no key yet.
    template <class ValueAt, class Skip, class StagedParent>
    qint64 write(CsvWriter &writer, qsizetype count, const ValueAt &valueAt, const Skip &skip,
                 const StagedParent &stagedParent, QString *error);
    /// exportQuery() when the rows as the database holds them are what is exported (committed
    /// values, or staged ones when nothing is staged): read forward page by page, no records. In
    /// CSV or TSV without labels each page is written from PostgreSQL's text as it is read
    /// (orm::readRowsAsText(), the same bytes); otherwise, and for a page the session does not
    /// read so (always on SQLite), through readRows() and writeRows().
    ExportResult exportRows(const orm::Query &base, QIODevice *device, const Progress &progress);
    /// True when some column written is a foreign key written as its parent's label.
    bool writesLabels() const;
    /// Reads `base`'s rows page by page as the grid does (by keyset where the order allows,
    /// else by offset) and writes each; `releasePage` lets a page go before the next is read.
    /// False when reading or writing failed or the user cancelled (`result` says which).
    template <class Page, class ReadPage, class WritePage, class ReleasePage>
    bool writePages(const orm::Query &base, qint64 total, const Progress &progress,
                    ExportResult &result, const ReadPage &readPage, const WritePage &writePage,
                    const ReleasePage &releasePage);
    /// Calls `progress`; false, with `result` saying so, when the user cancelled.
    bool reportProgress(const Progress &progress, qint64 done, qint64 total,
                        ExportResult &result) const;
    QVariant valueOf(const orm::Record &record, int column) const;
    /// A parent's label as a cell shows it, of staged or of committed values (includeStaged).
    QString labelOf(const orm::Record &record) const;

    orm::Session &m_session;
    const orm::Table &m_table;
    ExportOptions m_options;
    QList<int> m_columns;
};

} // namespace io
