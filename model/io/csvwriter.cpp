#include "csvwriter.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonValue>
#include <cstring>

namespace io {

namespace {

constexpr qsizetype FlushAt = 64 * 1024;

/// JSON string literal of `text`, quotes included.
QString jsonString(const QString &text) {
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

/// The character of the UTF-8 sequence `sequence` starts with (U+FFFD when it is cut short).
char32_t characterAt(QByteArrayView sequence) {
    const auto byte = [&](qsizetype i) {
        return char32_t(static_cast<unsigned char>(sequence[i])) & 0x3F;
    };
    const auto lead = char32_t(static_cast<unsigned char>(sequence.front()));
    const qsizetype length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (sequence.size() < length)
        return 0xFFFD;
    switch (length) {
    case 1:
        return lead;
    case 2:
        return (lead & 0x1F) << 6 | byte(1);
    case 3:
        return (lead & 0x0F) << 12 | byte(1) << 6 | byte(2);
    default:
        return (lead & 0x07) << 18 | byte(1) << 12 | byte(2) << 6 | byte(3);
    }
}

/// QChar::isSpace() of the UTF-16 unit at that end of the QString: a character past U+FFFF is
/// two surrogates there, neither a space. Decoded here, not by QString::fromUtf8(), which drops
/// a leading byte-order mark.
bool isSpaceAtEnd(char32_t character) {
    return character <= 0xFFFF && QChar::isSpace(character);
}

/// QString::front().isSpace() of the text that `utf8` (not empty) is.
bool startsWithSpace(QByteArrayView utf8) {
    return isSpaceAtEnd(characterAt(utf8));
}

/// QString::back().isSpace() of the text that `utf8` (not empty) is.
bool endsWithSpace(QByteArrayView utf8) {
    // Back over continuation bytes (10xxxxxx) to the last character's lead byte
    qsizetype lead = utf8.size() - 1;
    while (lead > 0 && utf8.size() - lead < 4 &&
           (static_cast<unsigned char>(utf8[lead]) & 0xC0) == 0x80)
        --lead;
    return isSpaceAtEnd(characterAt(utf8.sliced(lead)));
}

/// quoteField()'s test, on UTF-8: the delimiter, a quote and line breaks are ASCII, and no byte
/// of a multi-byte character is.
bool needsQuotes(QByteArrayView utf8, char delimiter, bool quoteEmpty) {
    if (utf8.isEmpty())
        return quoteEmpty;
    if (startsWithSpace(utf8) || endsWithSpace(utf8))
        return true;
    for (const char c : utf8) {
        if (c == delimiter || c == '"' || c == '\n' || c == '\r')
            return true;
    }
    return false;
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device, Options options)
    : m_device(device)
    , m_options(std::move(options))
    , m_nullUtf8(m_options.nullText.toUtf8()) {
    m_buffer.reserve(FlushAt + 4096);
}

CsvWriter::~CsvWriter() = default;

QString CsvWriter::quoteField(const QString &text, char delimiter, bool quoteEmpty) {
    bool quote = quoteEmpty && text.isEmpty();
    if (!quote && !text.isEmpty()) {
        quote = text.front().isSpace() || text.back().isSpace();
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            if (u == char16_t(delimiter) || u == u'"' || u == u'\n' || u == u'\r') {
                quote = true;
                break;
            }
        }
    }
    if (!quote)
        return text;
    QString out = text;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

void CsvWriter::writeHeader(const QStringList &names) {
    if (m_options.format == TextFormat::Json) {
        for (const QString &name : names)
            m_names << jsonString(name);
        return;
    }
    QList<Cell> cells;
    for (const QString &name : names)
        cells << Cell::ofText(name);
    appendDelimited(cells, true);
}

void CsvWriter::writeRow(const QList<Cell> &cells) {
    if (m_options.format == TextFormat::Json)
        appendJson(cells);
    else
        appendDelimited(cells, false);
    flushIfFull();
}

void CsvWriter::writeRow(const QList<Utf8Cell> &cells) {
    Q_ASSERT(m_options.format != TextFormat::Json);
    startDelimited();
    const char delimiter = m_options.format == TextFormat::Tsv ? '\t' : ',';
    const bool quoteEmpty = m_options.nullText.isEmpty(); // as appendDelimited()
    // Room for the longest the row can be (every byte a doubled quote), made once, then written
    // through a pointer: QByteArray's append() checks its room and grows on each call (a fifth
    // of an export's instructions, issue 14)
    qsizetype room = cells.size() + 2;
    for (const Utf8Cell &cell : cells)
        room += cell.null ? m_nullUtf8.size() : 2 * cell.text.size() + 2;
    const qsizetype start = m_buffer.size();
    m_buffer.resize(start + room);
    char *out = m_buffer.data() + start;
    const auto put = [&out](QByteArrayView bytes) {
        if (!bytes.isEmpty())
            std::memcpy(out, bytes.data(), size_t(bytes.size()));
        out += bytes.size();
    };
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            *out++ = delimiter;
        const Utf8Cell &cell = cells.at(i);
        if (cell.null) {
            put(m_nullUtf8);
        } else if (!needsQuotes(cell.text, delimiter, quoteEmpty)) {
            put(cell.text);
        } else {
            *out++ = '"';
            for (const char c : cell.text) {
                if (c == '"')
                    *out++ = '"';
                *out++ = c;
            }
            *out++ = '"';
        }
    }
    *out++ = '\r';
    *out++ = '\n';
    m_buffer.resize(out - m_buffer.constData());
    flushIfFull();
}

void CsvWriter::startDelimited() {
    if (!m_started) {
        m_started = true;
        if (m_options.byteOrderMark)
            m_buffer += "\xEF\xBB\xBF";
    }
}

void CsvWriter::appendDelimited(const QList<Cell> &cells, bool header) {
    startDelimited();
    const char delimiter = m_options.format == TextFormat::Tsv ? '\t' : ',';
    // Empty text is quoted only where an unquoted empty field means NULL.
    const bool quoteEmpty = m_options.nullText.isEmpty();
    QString line;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line += QLatin1Char(delimiter);
        const Cell &cell = cells.at(i);
        if (cell.kind == Cell::Kind::Null)
            line += m_options.nullText;
        else
            line += quoteField(cell.text, delimiter, quoteEmpty && !header);
    }
    line += QLatin1String("\r\n");
    m_buffer += line.toUtf8();
}

void CsvWriter::appendJson(const QList<Cell> &cells) {
    if (!m_started) {
        m_started = true;
        m_buffer += "[";
    }
    QString object = m_firstRow ? QStringLiteral("\n  {") : QStringLiteral(",\n  {");
    m_firstRow = false;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            object += QLatin1String(", ");
        object += i < m_names.size() ? m_names.at(i) : jsonString(QString::number(i));
        object += QLatin1String(": ");
        const Cell &cell = cells.at(i);
        switch (cell.kind) {
        case Cell::Kind::Null:
            object += QLatin1String("null");
            break;
        case Cell::Kind::Number:
            object += cell.text;
            break;
        case Cell::Kind::Boolean:
            object +=
                cell.text == QLatin1String("true") ? QLatin1String("true") : QLatin1String("false");
            break;
        case Cell::Kind::Text:
            object += jsonString(cell.text);
            break;
        }
    }
    object += QLatin1Char('}');
    m_buffer += object.toUtf8();
}

void CsvWriter::flushIfFull() {
    if (m_buffer.size() >= FlushAt)
        flushBuffer();
}

bool CsvWriter::flushBuffer() {
    if (hasError())
        return false;
    if (!m_buffer.isEmpty() && m_device->write(m_buffer) != m_buffer.size()) {
        m_error = QCoreApplication::translate("io::CsvWriter", "The file cannot be written: %1")
                      .arg(m_device->errorString());
        return false;
    }
    m_buffer.resize(0); // keeps its room, which clear() would free
    return true;
}

bool CsvWriter::finish() {
    if (m_options.format == TextFormat::Json)
        m_buffer += m_started ? "\n]\n" : "[]\n";
    return flushBuffer();
}

} // namespace io
