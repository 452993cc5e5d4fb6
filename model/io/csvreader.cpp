#include "csvreader.h"

#include "utf8.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QStringDecoder>
#include <csv.h>

namespace io {

namespace {

constexpr qint64 ChunkSize = 64 * 1024;

QString tr(const char *text) {
    return QCoreApplication::translate("io::CsvReader", text);
}

/// RFC 4180 keeps spaces: a field is what stands between the delimiters, untrimmed.
int neverSpace(unsigned char) {
    return 0;
}

/// A line break inside a quoted field counts as one line, whether written CR LF, LF or CR.
qint64 lineBreaks(const char *data, qsizetype size) {
    qint64 count = 0;
    for (qsizetype i = 0; i < size; ++i) {
        if (data[i] == '\n')
            ++count;
        else if (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'))
            ++count;
    }
    return count;
}

/// What addField() needs to know of a field's bytes, found in one pass (every byte of a file goes
/// through here): its line breaks as lineBreaks() counts them, whether it holds a NUL, and where
/// its first byte past ASCII is (-1: none), from where it must be checked as UTF-8.
struct FieldScan {
    qint64 lineBreaks = 0;
    bool nul = false;
    qsizetype firstWide = -1;
};

FieldScan scan(const char *data, qsizetype size) {
    FieldScan found;
    for (qsizetype i = 0; i < size; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c >= 0x20 && c < 0x80)
            continue; // most bytes: nothing to note
        if (c == '\n')
            ++found.lineBreaks;
        else if (c == '\r' && (i + 1 == size || data[i + 1] != '\n'))
            ++found.lineBreaks;
        else if (c == 0)
            found.nul = true;
        else if (c >= 0x80 && found.firstWide < 0)
            found.firstWide = i;
    }
    return found;
}

} // namespace

CsvReader::CsvReader(QIODevice *device, const CsvDialect &dialect, CsvLimits limits)
    : m_device(device)
    , m_dialect(dialect)
    , m_limits(limits)
    , m_parser(std::make_unique<csv_parser>()) {
    csv_init(m_parser.get(), CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL);
    csv_set_delim(m_parser.get(), static_cast<unsigned char>(dialect.delimiter));
    csv_set_quote(m_parser.get(), static_cast<unsigned char>(dialect.quote));
    csv_set_space_func(m_parser.get(), neverSpace);
    // Grow a long field's buffer in large steps, not libcsv's default 128 bytes.
    csv_set_blk_size(m_parser.get(), 64 * 1024);
    // The mark itself is skipped in readChunk(): a U+FEFF after it is text, not a second mark.
    switch (dialect.encoding) {
    case Encoding::Utf16LE:
        m_decoder = std::make_unique<QStringDecoder>(QStringDecoder::Utf16LE,
                                                     QStringDecoder::Flag::ConvertInitialBom);
        break;
    case Encoding::Utf16BE:
        m_decoder = std::make_unique<QStringDecoder>(QStringDecoder::Utf16BE,
                                                     QStringDecoder::Flag::ConvertInitialBom);
        break;
    case Encoding::Latin1:
        m_decoder = std::make_unique<QStringDecoder>(QStringDecoder::Latin1);
        break;
    case Encoding::Utf8:
        break;
    }
}

CsvReader::~CsvReader() {
    csv_free(m_parser.get());
}

bool CsvReader::next(CsvRecord *record) {
    // Through one record of its own, so that its buffers go round as nextUtf8()'s callers' do
    if (!nextUtf8(&m_decoded))
        return false;
    *record = m_decoded.toCsvRecord();
    return true;
}

bool CsvReader::nextUtf8(Utf8Record *record) {
    while (m_ready.empty() && !m_atEnd && !m_error.isError()) {
        if (!readChunk())
            break;
    }
    if (m_ready.empty())
        return false;
    std::swap(*record, m_ready.front());
    m_spare.push_back(std::move(m_ready.front())); // the caller's last record: its buffers
    m_ready.pop_front();
    return true;
}

void CsvReader::onField(void *data, size_t size, void *self) {
    static_cast<CsvReader *>(self)->addField(static_cast<const char *>(data), qsizetype(size));
}

void CsvReader::onRecordEnd(int terminator, void *self) {
    static_cast<CsvReader *>(self)->endRecord(terminator);
}

void CsvReader::addField(const char *data, qsizetype size) {
    if (m_error.isError())
        return;
    Utf8Record &record = m_current;
    const int index = record.size();
    if (index >= m_limits.maxFields) {
        fail(m_line, index + 1,
             tr("Line %1 has more than %2 fields.").arg(m_line).arg(m_limits.maxFields));
        return;
    }
    if (!data) { // empty and unquoted: NULL
        record.appendNull();
        return;
    }
    const FieldScan scanned = scan(data, size);
    m_newlinesInRecord += scanned.lineBreaks;
    const QByteArrayView bytes(data, size);
    if (record.problem.isEmpty()) {
        if (scanned.nul) {
            record.problem = tr("Line %1, column %2 contains a NUL character (U+0000).")
                                 .arg(m_line)
                                 .arg(index + 1);
            record.problemField = index;
        } else if (!m_decoder && scanned.firstWide >= 0 &&
                   firstInvalidUtf8(bytes.sliced(scanned.firstWide)) >= 0) { // ASCII before it
            record.problem = tr("Line %1, column %2 is not valid UTF-8: choose the file's "
                                "encoding.")
                                 .arg(m_line)
                                 .arg(index + 1);
            record.problemField = index;
        }
    }
    record.append(bytes); // decoded only where a QString is asked for (Utf8Record::text())
}

void CsvReader::endRecord(int terminator) {
    if (m_error.isError())
        return;
    const bool empty = m_current.isEmpty();
    if (terminator == '\n' && empty && m_afterCarriageReturn) {
        m_afterCarriageReturn = false; // the LF of a CR LF: the line was counted at the CR
        return;
    }
    m_afterCarriageReturn = terminator == '\r';
    if (!empty) {
        m_current.line = m_line;
        const int fields = m_current.size();
        if (m_expectedFields < 0) {
            m_expectedFields = fields;
        } else if (fields != m_expectedFields && m_current.problem.isEmpty()) {
            m_current.problem = tr("Line %1 has %2 fields where the first line has %3.")
                                    .arg(m_line)
                                    .arg(fields)
                                    .arg(m_expectedFields);
        }
        m_ready.push_back(std::move(m_current));
        if (m_spare.empty()) {
            m_current = Utf8Record();
            m_current.reserve(m_expectedFields); // one allocation per record, not one per field
        } else {
            m_current = std::move(m_spare.back()); // buffers a record used before
            m_spare.pop_back();
            m_current.clear();
        }
    }
    m_line += m_newlinesInRecord + (terminator >= 0 ? 1 : 0);
    m_newlinesInRecord = 0;
}

qint64 CsvReader::newlinesInPartialField() const {
    return lineBreaks(reinterpret_cast<const char *>(m_parser->entry_buf),
                      qsizetype(m_parser->entry_pos));
}

void CsvReader::fail(qint64 line, int field, const QString &message) {
    if (!m_error.isError())
        m_error = CsvError{line, field, message};
}

bool CsvReader::readChunk() {
    QByteArray chunk(ChunkSize, Qt::Uninitialized);
    const qint64 got = m_device->read(chunk.data(), ChunkSize);
    if (got < 0) {
        fail(m_line, 0, tr("The file cannot be read: %1").arg(m_device->errorString()));
        return false;
    }
    chunk.truncate(got);
    m_bytesRead += got;
    if (!m_started) {
        m_started = true;
        const int mark = byteOrderMarkSize(m_dialect);
        if (mark > 0 && chunk.size() >= mark)
            chunk.remove(0, mark);
    }
    if (m_decoder)
        chunk = QString(m_decoder->decode(chunk)).toUtf8();

    if (got > 0) {
        const size_t parsed = csv_parse(m_parser.get(), chunk.constData(), size_t(chunk.size()),
                                        onField, onRecordEnd, this);
        if (parsed != size_t(chunk.size()) && !m_error.isError()) {
            const qint64 line = m_line + m_newlinesInRecord + newlinesInPartialField();
            const int field = m_current.size() + 1;
            fail(line, field,
                 tr("Line %1, column %2: a quote inside a field that is not quoted, or text "
                    "after a closing quote. A field with a quote must be quoted, its quotes "
                    "doubled (\"say \"\"hi\"\"\").")
                     .arg(line)
                     .arg(field));
        }
        if (!m_error.isError() && qsizetype(m_parser->entry_pos) > m_limits.maxFieldBytes) {
            const int field = m_current.size() + 1;
            fail(m_line, field,
                 tr("Line %1, column %2: a field is longer than %3 MiB. Is a quote left open?")
                     .arg(m_line)
                     .arg(field)
                     .arg(m_limits.maxFieldBytes / (1024 * 1024)));
        }
        return !m_error.isError();
    }
    m_atEnd = true;
    if (csv_fini(m_parser.get(), onField, onRecordEnd, this) != 0 && !m_error.isError()) {
        const int field = m_current.size() + 1;
        fail(m_line, field,
             tr("Line %1, column %2: a quoted field is not closed before the end of the file.")
                 .arg(m_line)
                 .arg(field));
    }
    return false;
}

QString CsvReader::place(qint64 record, int field) const {
    return tr("Line %1, column %2").arg(record).arg(field);
}

} // namespace io
