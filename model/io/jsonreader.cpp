#include "jsonreader.h"

#include "utf8.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonDocument>

namespace io {

namespace {

constexpr qint64 ChunkBytes = 64 * 1024;

QString tr(const char *text) {
    return QCoreApplication::translate("io::JsonReader", text);
}

bool isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Reads one object, held whole in memory, into keys and texts. Numbers keep the text they were
/// written with (QJsonDocument would make a double of them and lose digits); a nested object or
/// array is checked by QJsonDocument and kept as its text.
class ObjectParser {
public:
    explicit ObjectParser(const QByteArray &bytes)
        : m_p(bytes.constData())
        , m_end(bytes.constData() + bytes.size()) {}

    /// False with error() when the bytes are not one JSON object.
    bool parse(QList<std::pair<QString, QString>> *members) {
        space();
        if (m_p == m_end || *m_p != '{')
            return fail(tr("it is not an object ({ \"key\": value, \u2026 })"));
        ++m_p;
        space();
        if (m_p != m_end && *m_p == '}')
            return trailing();
        for (;;) {
            space();
            QString key;
            if (m_p == m_end || *m_p != '"' || !string(&key))
                return m_error.isEmpty() ? fail(tr("a key in double quotes is expected")) : false;
            space();
            if (m_p == m_end || *m_p != ':')
                return fail(tr("':' is expected after the key \"%1\"").arg(key));
            ++m_p;
            space();
            QString value;
            if (!this->value(&value))
                return false;
            members->append({key, value});
            space();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p != m_end && *m_p == '}')
                return trailing();
            return fail(tr("',' or '}' is expected after the value of \"%1\"").arg(key));
        }
    }
    const QString &error() const { return m_error; }

private:
    bool trailing() {
        ++m_p;
        space();
        return m_p == m_end ? true : fail(tr("text follows the object's closing '}'"));
    }
    bool fail(const QString &message) {
        if (m_error.isEmpty())
            m_error = message;
        return false;
    }
    void space() {
        while (m_p != m_end && isSpace(*m_p))
            ++m_p;
    }
    bool literal(const char *word, QString *out, QString text) {
        const qsizetype size = qsizetype(qstrlen(word));
        if (m_end - m_p < size || qstrncmp(m_p, word, size) != 0)
            return fail(tr("a value is expected (text in double quotes, a number, true, false, "
                           "null, an object or an array)"));
        m_p += size;
        *out = std::move(text);
        return true;
    }
    bool value(QString *out) {
        if (m_p == m_end)
            return fail(tr("a value is expected"));
        switch (*m_p) {
        case '"':
            return string(out);
        case 't':
            return literal("true", out, QStringLiteral("true"));
        case 'f':
            return literal("false", out, QStringLiteral("false"));
        case 'n':
            return literal("null", out, QString());
        case '{':
        case '[':
            return nested(out);
        default:
            return number(out);
        }
    }
    bool number(QString *out) {
        const char *start = m_p;
        const auto digits = [this] {
            const char *from = m_p;
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p != from;
        };
        if (m_p != m_end && *m_p == '-')
            ++m_p;
        if (m_p != m_end && *m_p == '0')
            ++m_p;
        else if (!digits())
            return fail(tr("a value is expected (text in double quotes, a number, true, false, "
                           "null, an object or an array)"));
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail(tr("a digit is expected after the decimal point"));
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail(tr("a digit is expected in the exponent"));
        }
        *out = QString::fromLatin1(start, m_p - start);
        return true;
    }
    bool nested(QString *out) {
        const char *start = m_p;
        int depth = 0;
        bool inString = false;
        for (; m_p != m_end; ++m_p) {
            const char c = *m_p;
            if (inString) {
                // Qt's parser lets a raw control character through; JSON (and our writer,
                // which escapes it, so the value would not read back the same) does not.
                if (static_cast<unsigned char>(c) < 0x20)
                    return fail(tr("a control character inside text must be escaped (\\n, "
                                   "\\t, \\u00XX)"));
                if (c == '\\' && m_p + 1 != m_end) {
                    // Qt's parser takes any character after a backslash as itself: a raw
                    // control character there would not read back either.
                    if (static_cast<unsigned char>(*++m_p) < 0x20)
                        return fail(tr("a control character inside text must be escaped (\\n, "
                                       "\\t, \\u00XX)"));
                } else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                ++m_p;
                break;
            }
        }
        const QByteArray text(start, m_p - start);
        QJsonParseError error;
        QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError)
            return fail(tr("a nested value is not valid JSON (%1)").arg(error.errorString()));
        *out = QString::fromUtf8(text);
        return true;
    }
    bool string(QString *out) {
        ++m_p; // the opening quote
        QByteArray bytes;
        QString text;
        const auto flush = [&] {
            text += QString::fromUtf8(bytes);
            bytes.clear();
        };
        while (m_p != m_end && *m_p != '"') {
            const unsigned char c = static_cast<unsigned char>(*m_p);
            if (c < 0x20)
                return fail(tr("a control character inside text must be escaped (\\n, \\t, "
                               "\\u00XX)"));
            if (c != '\\') {
                bytes += char(c);
                ++m_p;
                continue;
            }
            if (++m_p == m_end)
                break;
            const char escape = *m_p++;
            switch (escape) {
            case '"':
            case '\\':
            case '/':
                bytes += escape;
                break;
            case 'b':
                bytes += '\b';
                break;
            case 'f':
                bytes += '\f';
                break;
            case 'n':
                bytes += '\n';
                break;
            case 'r':
                bytes += '\r';
                break;
            case 't':
                bytes += '\t';
                break;
            case 'u': {
                if (m_end - m_p < 4)
                    return fail(tr("\\u needs four hexadecimal digits"));
                bool ok = false;
                const ushort unit = QByteArray(m_p, 4).toUShort(&ok, 16);
                if (!ok)
                    return fail(tr("\\u needs four hexadecimal digits"));
                m_p += 4;
                if (unit == 0)
                    return fail(tr("text holds a NUL character (\\u0000), which a database text "
                                   "cannot hold"));
                flush();
                text += QChar(unit);
                break;
            }
            default:
                return fail(tr("\\%1 is not an escape JSON knows").arg(QLatin1Char(escape)));
            }
        }
        if (m_p == m_end)
            return fail(tr("text is not closed by a double quote"));
        ++m_p; // the closing quote
        flush();
        // Half a surrogate pair (\ud800 alone) is no character: UTF-8 cannot hold it.
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
                ++i;
            else if (c.isSurrogate())
                return fail(tr("text holds half of a surrogate pair (\\u%1 alone)")
                                .arg(c.unicode(), 4, 16, QLatin1Char('0')));
        }
        if (text.isNull())
            text = QString(QLatin1String("")); // "" is empty text, not NULL
        *out = std::move(text);
        return true;
    }

    const char *m_p;
    const char *m_end;
    QString m_error;
};

} // namespace

JsonReader::JsonReader(QIODevice *device, JsonLayout layout, CsvLimits limits)
    : m_device(device)
    , m_layout(layout)
    , m_limits(limits) {
}

JsonLayout JsonReader::layoutFor(const QString &fileName) {
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    return suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson")
               ? JsonLayout::Lines
               : JsonLayout::Array;
}

QString JsonReader::place(qint64 record, int field) const {
    const QString key = field >= 1 && field <= m_names.size() ? m_names.at(field - 1) : QString();
    return key.isNull() ? tr("Record %1").arg(record)
                        : tr("Record %1, key \"%2\"").arg(record).arg(key);
}

int JsonReader::peek() {
    if (m_position == m_chunk.size()) {
        if (m_done || !m_device)
            return -1;
        m_chunk = m_device->read(ChunkBytes);
        m_position = 0;
        if (m_chunk.isEmpty())
            return -1;
        m_bytesRead += m_chunk.size();
    }
    return static_cast<unsigned char>(m_chunk.at(m_position));
}

int JsonReader::take() {
    const int c = peek();
    if (c >= 0) {
        ++m_position;
        m_line += c == '\n';
    }
    return c;
}

int JsonReader::skipSpace() {
    int c = peek();
    while (c >= 0 && isSpace(c)) {
        take();
        c = peek();
    }
    return c;
}

void JsonReader::fail(const QString &message) {
    m_error = CsvError{m_records, 0, message};
    m_done = true;
}

bool JsonReader::readString(QByteArray *value) {
    *value += char(take()); // the opening quote
    for (;;) {
        // Past the limit, the caller stops the read: a quote left open must not take the memory.
        if (value->size() > m_limits.maxFieldBytes)
            return true;
        const int c = take();
        if (c < 0)
            return false;
        *value += char(c);
        if (c == '"')
            return true;
        if (c == '\\') {
            const int escaped = take();
            if (escaped < 0)
                return false;
            *value += char(escaped);
        }
    }
}

bool JsonReader::readValue(QByteArray *value) {
    // Only the value's extent is found here (strings and brackets); ObjectParser checks the rest.
    const qint64 line = m_line;
    int depth = 0;
    for (;;) {
        if (value->size() > m_limits.maxFieldBytes) {
            fail(tr("Record %1 (from line %2) is longer than %3 MiB: is a bracket or a quote left "
                    "open?")
                     .arg(m_records)
                     .arg(line)
                     .arg(m_limits.maxFieldBytes / (1024 * 1024)));
            return false;
        }
        const int c = peek();
        if (c < 0) {
            if (depth > 0 || value->isEmpty()) {
                fail(tr("Record %1 (from line %2) is not closed before the end of the file.")
                         .arg(m_records)
                         .arg(line));
                return false;
            }
            return true;
        }
        if (c == '"') {
            if (!readString(value)) {
                fail(tr("Record %1 (from line %2): text is not closed before the end of the file.")
                         .arg(m_records)
                         .arg(line));
                return false;
            }
        } else if (depth == 0 && (c == ',' || c == ']' || isSpace(c)) && !value->isEmpty()) {
            return true; // the end of a bare value (a number, true, null)
        } else {
            *value += char(take());
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth <= 0)
                return true;
        }
        if (depth == 0 && !value->isEmpty() && value->front() == '"' &&
            value->size() <= m_limits.maxFieldBytes)
            return true; // a bare string
    }
}

bool JsonReader::next(CsvRecord *record) {
    if (m_done)
        return false;
    int c = skipSpace();
    if (!m_started) {
        m_started = true;
        if (c == 0xEF) { // a UTF-8 byte-order mark
            take();
            if (take() != 0xBB || take() != 0xBF) {
                fail(tr("The file is not UTF-8 JSON."));
                return false;
            }
            c = skipSpace();
        }
        if (c < 0) {
            m_done = true;
            return false;
        }
        if (m_layout == JsonLayout::Array) {
            if (c == '{') {
                fail(tr("The file holds one JSON object, not an array of them: write the records "
                        "as [ {\u2026}, {\u2026} ], or one object per line in a .jsonl file."));
                return false;
            }
            if (c != '[') {
                fail(tr("The file is not JSON: it must start with '[', an array of objects, one "
                        "per row."));
                return false;
            }
            take();
            c = skipSpace();
            if (c == ']') {
                take();
                m_done = true;
                return false;
            }
        }
    } else if (m_layout == JsonLayout::Array) {
        if (c < 0) {
            fail(tr("The array is not closed by ']' before the end of the file (after record %1).")
                     .arg(m_records));
            return false;
        }
        if (c == ']') {
            take();
            if (skipSpace() >= 0)
                fail(tr("Text follows the closing ']' of the array (line %1).").arg(m_line));
            m_done = true;
            return false;
        }
        if (c != ',') {
            fail(tr("After record %1, ',' or ']' is expected (line %2).")
                     .arg(m_records)
                     .arg(m_line));
            return false;
        }
        take();
        c = skipSpace();
    }
    if (c < 0) {
        if (m_layout == JsonLayout::Array)
            fail(tr("The array is not closed by ']' before the end of the file."));
        m_done = true;
        return false;
    }
    ++m_records;
    QByteArray bytes;
    if (!readValue(&bytes))
        return false;
    parseRecord(bytes, record);
    return true;
}

void JsonReader::parseRecord(const QByteArray &bytes, CsvRecord *record) {
    record->line = m_records;
    record->fields.clear();
    record->problem.clear();
    record->problemField = -1;
    if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0) {
        record->problem = tr("Record %1 is not valid UTF-8 (byte %2 of it): a JSON file must be "
                             "UTF-8.")
                              .arg(m_records)
                              .arg(bad + 1);
        return;
    }
    QList<std::pair<QString, QString>> members;
    ObjectParser parser(bytes);
    if (!parser.parse(&members)) {
        record->problem = tr("Record %1 is not valid JSON: %2.").arg(m_records).arg(parser.error());
        return;
    }
    if (m_records == 1) { // the first record's keys name the fields
        for (const auto &[key, value] : std::as_const(members)) {
            if (m_fieldOf.contains(key))
                continue; // reported below as a key given twice
            if (m_names.size() >= m_limits.maxFields) {
                fail(tr("Record 1 has more than %1 keys.").arg(m_limits.maxFields));
                return;
            }
            m_fieldOf.insert(key, int(m_names.size()));
            m_names << key;
        }
    }
    for (qsizetype i = 0; i < m_names.size(); ++i)
        record->fields << QString();
    QList<bool> given(m_names.size(), false);
    for (const auto &[key, value] : std::as_const(members)) {
        const int field = m_fieldOf.value(key, -1);
        if (field < 0) {
            record->problem = tr("Record %1 has the key \"%2\", which the first record does not "
                                 "have: no column is mapped to it.")
                                  .arg(m_records)
                                  .arg(key);
            return;
        }
        if (given.at(field)) {
            record->problem = tr("Record %1 has the key \"%2\" twice.").arg(m_records).arg(key);
            record->problemField = field;
            return;
        }
        given[field] = true;
        record->fields[field] = value;
    }
}

} // namespace io
