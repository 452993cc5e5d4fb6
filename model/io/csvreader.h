#pragma once

#include "csvdialect.h"

#include <QStringList>
#include <deque>
#include <memory>

class QIODevice;
class QStringDecoder;
struct csv_parser;

namespace io {

/// Bounds that keep a hostile file from taking the machine's memory.
struct CsvLimits {
    qsizetype maxFieldBytes = 32 * 1024 * 1024; ///< a longer field stops the read
    int maxFields = 4096;                       ///< fields in one record
};

/// One record of the file. A field is a null QString when it was empty and unquoted (`a,,b`):
/// the import reads that as NULL, and a quoted empty field (`a,"",b`) as empty text.
struct CsvRecord {
    qint64 line = 0;    ///< the line the record starts on, from 1
    QStringList fields; ///< as decoded, quotes removed
    /// Why this record cannot be used although the file goes on (a field count that differs from
    /// the first record's, invalid UTF-8, a NUL character); empty when the record is fine.
    QString problem;
    int problemField = -1; ///< the field the problem is in (0-based), -1 for the whole record
};

/// Why reading stopped before the end of the file. `line` and `field` (from 1) name the place.
struct CsvError {
    qint64 line = 0;
    int field = 0; ///< 0 when the error is not in one field
    QString message;
    bool isError() const { return !message.isEmpty(); }
};

/// Reads a delimited text file record by record, in bounded memory (one 64 KiB chunk and the
/// records it holds at a time), through libcsv (RFC 4180, strict). Every record carries the line
/// it starts on; a problem in one record (a ragged row, invalid UTF-8, an embedded NUL) is
/// reported with the record and reading goes on, while a malformed file (a stray or unclosed
/// quote, a field past CsvLimits) stops the read with error() naming the line and field.
/// Blank lines are skipped. Text in UTF-16 or Latin-1 is converted to UTF-8 before parsing.
class CsvReader {
public:
    CsvReader(QIODevice *device, const CsvDialect &dialect, CsvLimits limits = {});
    ~CsvReader();
    CsvReader(const CsvReader &) = delete;
    CsvReader &operator=(const CsvReader &) = delete;

    /// The next record; false at the end of the file or when reading stopped (see error()).
    bool next(CsvRecord *record);
    const CsvError &error() const { return m_error; }
    /// Bytes consumed from the device so far, for a progress bar.
    qint64 bytesRead() const { return m_bytesRead; }

private:
    static void onField(void *data, size_t size, void *self);
    static void onRecordEnd(int terminator, void *self);
    void addField(const char *data, qsizetype size);
    void endRecord(int terminator);
    bool readChunk();
    void fail(qint64 line, int field, const QString &message);
    qint64 newlinesInPartialField() const;

    QIODevice *m_device;
    CsvDialect m_dialect;
    CsvLimits m_limits;
    std::unique_ptr<csv_parser> m_parser;
    std::unique_ptr<QStringDecoder> m_decoder; ///< UTF-16 and Latin-1 only
    std::deque<CsvRecord> m_ready;
    CsvRecord m_current;
    qint64 m_line = 1;             ///< the line the current record starts on
    qint64 m_newlinesInRecord = 0; ///< line breaks inside the current record's quoted fields
    int m_expectedFields = -1;     ///< the first record's field count
    bool m_afterCarriageReturn = false;
    bool m_atEnd = false;
    bool m_started = false;
    qint64 m_bytesRead = 0;
    CsvError m_error;
};

} // namespace io
