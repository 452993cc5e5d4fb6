#include "copytext.h"

#include "values.h"

#include <QDateTime>
#include <QLocale>
#include <QUuid>

#include <charconv>
#include <cmath>

namespace orm::copytext {

namespace {

/// Bytes of a value, a backslash before each of COPY's four special characters.
void appendEscaped(QByteArray *out, const char *data, qsizetype size) {
    const char *end = data + size;
    const char *run = data; // bytes not escaped yet
    for (const char *p = data; p != end; ++p) {
        char escaped = 0;
        switch (*p) {
        case '\\':
            escaped = '\\';
            break;
        case '\t':
            escaped = 't';
            break;
        case '\n':
            escaped = 'n';
            break;
        case '\r':
            escaped = 'r';
            break;
        default:
            continue;
        }
        out->append(run, p - run);
        out->append('\\').append(escaped);
        run = p + 1;
    }
    out->append(run, end - run);
}

void appendText(QByteArray *out, const QString &text) {
    // Most values are ASCII without a special character: copied as they are, without making a
    // UTF-8 copy of the string first.
    const char16_t *utf16 = QStringView(text).utf16();
    const qsizetype size = text.size();
    bool plain = true;
    for (qsizetype i = 0; i < size && plain; ++i) {
        const char16_t c = utf16[i];
        plain = c < 0x80 && c != u'\\' && c != u'\t' && c != u'\n' && c != u'\r';
    }
    if (!plain) {
        const QByteArray utf8 = text.toUtf8(); // as QPSQL encodes a statement's text
        appendEscaped(out, utf8.constData(), utf8.size());
        return;
    }
    const qsizetype start = out->size();
    out->resize(start + size);
    char *target = out->data() + start;
    for (qsizetype i = 0; i < size; ++i)
        target[i] = char(utf16[i]);
}

template <class Number>
void appendNumber(QByteArray *out, Number number) {
    char buffer[32];
    const std::to_chars_result written = std::to_chars(buffer, buffer + sizeof buffer, number);
    out->append(buffer, written.ptr - buffer);
}

void appendDouble(QByteArray *out, double number) {
    if (std::isnan(number))
        out->append("NaN");
    else if (std::isinf(number))
        out->append(number > 0 ? "Infinity" : "-Infinity");
    else if (number == 0)
        out->append('0'); // an INSERT's literal -0 is the integer 0: no negative zero there either
    else
        appendNumber(out, number); // the shortest text that reads back as the same double
}

bool isNumeric(ColumnType type) {
    return type == ColumnType::Integer || type == ColumnType::Real || type == ColumnType::Decimal;
}

} // namespace

bool appendField(QByteArray *out, ColumnType type, const QVariant &value) {
    if (values::sentAsNull(value)) {
        out->append("\\N");
        return true;
    }
    switch (value.typeId()) {
    case QMetaType::QString:
        appendText(out, *static_cast<const QString *>(value.constData()));
        return true;
    case QMetaType::LongLong:
    case QMetaType::Int:
        if (!isNumeric(type))
            return false;
        appendNumber(out, value.toLongLong());
        return true;
    case QMetaType::ULongLong:
    case QMetaType::UInt:
        if (!isNumeric(type))
            return false;
        appendNumber(out, value.toULongLong());
        return true;
    case QMetaType::Double:
    case QMetaType::Float:
        // An INSERT's 1.5 in an integer column is rounded; COPY's would be refused.
        if (type != ColumnType::Real && type != ColumnType::Decimal)
            return false;
        if (value.typeId() == QMetaType::Float) // as QVariant writes it: 0.1f as "0.1"
            appendText(out, value.toString());
        else
            appendDouble(out, *static_cast<const double *>(value.constData()));
        return true;
    case QMetaType::Bool:
        if (type != ColumnType::Boolean)
            return false;
        out->append(value.toBool() ? 't' : 'f');
        return true;
    case QMetaType::QByteArray: {
        // bytea's hex form, as PQescapeByteaConn() writes it for QPSQL: \x then two digits a byte
        const QByteArray &bytes = *static_cast<const QByteArray *>(value.constData());
        out->append("\\\\x");
        out->append(bytes.toHex());
        return true;
    }
    case QMetaType::QDate: {
        const QDate date = value.toDate();
        if (date.year() < 1 || date.year() > 9999) // Qt::ISODate has no text for them
            return false;
        out->append(date.toString(Qt::ISODate).toLatin1());
        return true;
    }
    case QMetaType::QTime:
        out->append(QLocale::c().toString(value.toTime(), u"hh:mm:ss.zzz").toLatin1());
        return true;
    case QMetaType::QDateTime:
        if (type != ColumnType::TimestampTz)
            return false;
        out->append(QLocale::c()
                        .toString(value.toDateTime().toUTC(), u"yyyy-MM-ddThh:mm:ss.zzz")
                        .toLatin1());
        out->append('Z');
        return true;
    case QMetaType::QUuid:
        out->append(value.toUuid().toByteArray());
        return true;
    default:
        return false;
    }
}

bool appendRows(QByteArray *out, const QList<ColumnType> &types, const QVariantList &values) {
    const qsizetype columns = types.size();
    if (columns == 0)
        return values.isEmpty();
    for (qsizetype first = 0; first + columns <= values.size(); first += columns) {
        for (qsizetype i = 0; i < columns; ++i) {
            if (i > 0)
                out->append('\t');
            if (!appendField(out, types.at(i), values.at(first + i)))
                return false;
        }
        out->append('\n');
    }
    return values.size() % columns == 0;
}

} // namespace orm::copytext
