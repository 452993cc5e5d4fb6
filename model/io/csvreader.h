#pragma once

#include "csvdialect.h"
#include "recordreader.h"

#include <QStringList>
#include <deque>
#include <memory>
#include <vector>

class QIODevice;
class QStringDecoder;
struct csv_parser;

namespace io {

/// Reads a delimited text file record by record, in bounded memory (one 64 KiB chunk and the
/// records it holds at a time), through libcsv (RFC 4180, strict). Every record carries the line
/// it starts on; a problem in one record (a ragged row, invalid UTF-8, an embedded NUL) is
/// reported with the record and reading goes on, while a malformed file (a stray or unclosed
/// quote, a field past CsvLimits) stops the read with error() naming the line and field.
/// Blank lines are skipped. Text in UTF-16 or Latin-1 is converted to UTF-8 before parsing.
class CsvReader : public RecordReader {
public:
    CsvReader(QIODevice *device, const CsvDialect &dialect, CsvLimits limits = {});
    ~CsvReader() override;
    CsvReader(const CsvReader &) = delete;
    CsvReader &operator=(const CsvReader &) = delete;

    /// The next record; false at the end of the file or when reading stopped (see error()).
    bool next(CsvRecord *record) override;
    /// The next record as parsed: its fields' bytes, no QString made. The buffers of the record
    /// handed in are kept for later records.
    bool nextUtf8(Utf8Record *record) override;
    const CsvError &error() const override { return m_error; }
    /// Bytes consumed from the device so far, for a progress bar.
    qint64 bytesRead() const override { return m_bytesRead; }
    QString place(qint64 record, int field) const override;

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
    std::deque<Utf8Record> m_ready;
    Utf8Record m_current;
    std::vector<Utf8Record> m_spare; ///< records handed back by nextUtf8(), their buffers reused
    Utf8Record m_decoded;            ///< the record next() decodes, handed to nextUtf8() each time
    qint64 m_line = 1;               ///< the line the current record starts on
    qint64 m_newlinesInRecord = 0;   ///< line breaks inside the current record's quoted fields
    int m_expectedFields = -1;       ///< the first record's field count
    bool m_afterCarriageReturn = false;
    bool m_atEnd = false;
    bool m_started = false;
    qint64 m_bytesRead = 0;
    CsvError m_error;
};

} // namespace io
