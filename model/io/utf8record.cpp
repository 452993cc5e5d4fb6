#include "utf8record.h"

#include "recordreader.h"

#include <QStringDecoder>

namespace io {

QString Utf8Record::decode(QByteArrayView bytes) {
    // Never a null string: a quoted empty field is empty text, not NULL.
    if (bytes.isEmpty())
        return QString(QLatin1String(""));
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        // fromUtf8() drops byte-order marks at the start; inside a file they are characters of
        // the field (U+FEFF) and must come back as they were (found by the CSV fuzzer).
        QStringDecoder keepingMarks(QStringDecoder::Utf8,
                                    QStringDecoder::Flag::Stateless |
                                        QStringDecoder::Flag::ConvertInitialBom);
        return keepingMarks(bytes);
    }
    return QString::fromUtf8(bytes);
}

QString Utf8Record::text(int field) const {
    return isNull(field) ? QString() : decode(bytes(field));
}

QStringList Utf8Record::texts() const {
    QStringList out;
    out.reserve(size());
    for (int field = 0; field < size(); ++field)
        out.append(text(field));
    return out;
}

void Utf8Record::clear() {
    line = 0;
    problem.clear();
    problemField = -1;
    m_bytes.clear();
    m_fields.clear();
}

void Utf8Record::append(QByteArrayView bytes) {
    m_fields.push_back(Field{qsizetype(m_bytes.size()), bytes.size()});
    m_bytes.append(bytes.data(), size_t(bytes.size()));
}

void Utf8Record::assign(const CsvRecord &record) {
    clear();
    line = record.line;
    problem = record.problem;
    problemField = record.problemField;
    reserve(int(record.fields.size()));
    for (const QString &field : record.fields) {
        if (field.isNull())
            appendNull();
        else
            append(field.toUtf8());
    }
}

CsvRecord Utf8Record::toCsvRecord() const {
    return CsvRecord{line, texts(), problem, problemField};
}

} // namespace io
