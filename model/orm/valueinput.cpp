#include "valueinput.h"

#include "dialect.h"
#include "values.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace orm::values {

namespace {

// The context keeps the translations the sentences had when they lived in ui/.
QString tr(const char *text) {
    return QCoreApplication::translate("ui::values", text);
}

/// What the database itself could not take, caught here so the user hears it while typing rather
/// than at commit: a NUL character where the database's text cannot hold one (PostgreSQL), a
/// decimal past its declared digits (Dialect::refusesText()). A number past 64 bits is caught
/// where the number is read (refuseTooLarge()).
bool refuseUnstorable(const Dialect &dialect, const Column &column, const QVariant &input,
                      QString *error) {
    if (input.typeId() != QMetaType::QString)
        return false;
    const QString text = input.toString();
    if (column.type == ColumnType::Text && !dialect.storesNulInText() && text.contains(QChar(0))) {
        *error = QCoreApplication::translate(
                     "ui::CellInput",
                     "%1 contains a NUL character (U+0000), which this database cannot store in "
                     "text. Remove it and try again.")
                     .arg(column.displayLabel());
        return true;
    }
    *error = dialect.refusesText(column, text);
    return !error->isEmpty();
}

/// Text that is a whole number past 64 bits (QString::toLongLong() only says "not a number"):
/// told as too large, asked only once reading it as a number has failed.
bool refuseTooLarge(const Column &column, const QString &text, QString *error) {
    static const QRegularExpression digits(QStringLiteral("^\\s*[+-]?\\d+\\s*$"));
    if (!digits.match(text).hasMatch())
        return false;
    *error = QCoreApplication::translate("ui::CellInput",
                                         "%1 is too large: it must be between %2 and %3.")
                 .arg(column.displayLabel())
                 .arg(column.minimum.value_or(std::numeric_limits<qint64>::min()))
                 .arg(column.maximum.value_or(std::numeric_limits<qint64>::max()));
    return true;
}

/// A whole number written plainly in ASCII: an optional sign and up to 18 digits.
bool plainInteger(QByteArrayView text, qint64 *number) {
    qsizetype at = 0;
    const bool negative = !text.isEmpty() && text.front() == '-';
    if (!text.isEmpty() && (text.front() == '-' || text.front() == '+'))
        at = 1;
    const qsizetype digits = text.size() - at;
    // 18 digits never pass qint64: no overflow to check, and QString::toLongLong() agrees
    if (digits < 1 || digits > 18)
        return false;
    qint64 value = 0;
    for (; at < text.size(); ++at) {
        const char c = text.at(at);
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    *number = negative ? -value : value;
    return true;
}

/// A real written plainly in ASCII, read by the C++ library exactly as Qt reads it. A '+' may lead
/// (from_chars takes none), but not before another sign: Qt refuses "+-5".
bool plainReal(QByteArrayView text, double *number) {
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+'))
            return false;
    }
    const char *start = text.front() == '+' ? text.data() + 1 : text.data();
    if (start != text.data() && start < text.data() + text.size() &&
        (*start == '-' || *start == '+'))
        return false;
    const char *end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(start, end, *number);
    return error == std::errc() && stop == end;
}

/// Within the column's bounds (a reflected smallint's, a CHECK's), as fromInput() requires.
bool withinBounds(const Column &column, qint64 number) {
    return !(column.minimum && number < *column.minimum) &&
           !(column.maximum && number > *column.maximum);
}

/// QString::toDouble(), faster for the plain ASCII numbers a file holds by the million: the C++
/// library reads those (exactly, as Qt does); anything else goes to Qt.
double toDouble(const QString &text, bool *ok) {
    char ascii[64];
    const qsizetype size = text.size();
    if (size > 0 && size < qsizetype(sizeof ascii)) {
        bool narrow = true;
        for (qsizetype i = 0; i < size && narrow; ++i) {
            const char16_t c = text.at(i).unicode();
            narrow = c < 0x80;
            ascii[i] = char(c);
        }
        double number = 0;
        if (narrow && plainReal(QByteArrayView(ascii, size), &number)) {
            *ok = true;
            return number;
        }
    }
    return text.toDouble(ok);
}

} // namespace

bool fromInput(const Dialect &dialect, const Column &column, const QVariant &input, QVariant *out,
               QString *error) {
    if (refuseUnstorable(dialect, column, input, error))
        return false;
    const QString label = column.displayLabel();
    const bool empty = input.isNull() || (input.typeId() == QMetaType::QString &&
                                          input.toString().trimmed().isEmpty());
    if (empty) {
        if (!column.nullable && !column.primaryKey) {
            *error = tr("%1 cannot be empty.").arg(label);
            return false;
        }
        *out = QVariant();
        return true;
    }
    switch (column.type) {
    case ColumnType::Integer: {
        bool ok = false;
        const QString text = input.toString();
        const qlonglong number = text.trimmed().toLongLong(&ok);
        if (!ok && input.typeId() == QMetaType::QString && refuseTooLarge(column, text, error))
            return false;
        if (!ok) {
            *error = tr("%1 must be a whole number; \u201c%2\u201d is not one.")
                         .arg(label, input.toString());
            return false;
        }
        if (!withinBounds(column, number)) {
            *error = tr("%1 must be between %2 and %3; %4 is outside that range.")
                         .arg(label)
                         .arg(column.minimum.value_or(std::numeric_limits<qint64>::min()))
                         .arg(column.maximum.value_or(std::numeric_limits<qint64>::max()))
                         .arg(number);
            return false;
        }
        *out = QVariant(qlonglong(number));
        return true;
    }
    case ColumnType::Real: {
        bool ok = false;
        const double number = toDouble(input.toString().trimmed(), &ok);
        // NaN is no number a column can keep: SQLite stores it as NULL, without a word
        if (!ok || std::isnan(number)) {
            *error =
                tr("%1 must be a number; \u201c%2\u201d is not one.").arg(label, input.toString());
            return false;
        }
        *out = QVariant(number);
        return true;
    }
    case ColumnType::Boolean: {
        if (input.typeId() != QMetaType::QString) {
            *out = QVariant(input.toBool());
            return true;
        }
        // Text from a file or the clipboard: what a spreadsheet or another database writes for
        // a truth value, and what the grid shows. Anything else is refused rather than guessed.
        const QString text = input.toString().trimmed().toCaseFolded();
        static const QStringList yes = {QStringLiteral("true"), QStringLiteral("t"),
                                        QStringLiteral("yes"),  QStringLiteral("y"),
                                        QStringLiteral("1"),    QStringLiteral("on")};
        static const QStringList no = {QStringLiteral("false"), QStringLiteral("f"),
                                       QStringLiteral("no"),    QStringLiteral("n"),
                                       QStringLiteral("0"),     QStringLiteral("off")};
        if (yes.contains(text) || text == tr("yes").toCaseFolded()) {
            *out = QVariant(true);
        } else if (no.contains(text) || text == tr("no").toCaseFolded()) {
            *out = QVariant(false);
        } else {
            *error =
                tr("%1 must be yes or no; \u201c%2\u201d is neither.").arg(label, input.toString());
            return false;
        }
        return true;
    }
    case ColumnType::Text:
        *out = QVariant(input.toString());
        return true;
    case ColumnType::Blob: {
        // Bytes as text: PostgreSQL's \x-hex form, which export and copy write.
        const QString text = input.toString().trimmed();
        if (input.typeId() == QMetaType::QString && text.startsWith(QLatin1String("\\x"))) {
            const QByteArray hex = text.mid(2).toLatin1();
            static const QRegularExpression hexDigits(QStringLiteral("^([0-9a-fA-F]{2})*$"));
            if (!hexDigits.match(QLatin1String(hex)).hasMatch()) {
                *error =
                    tr("%1 must be bytes written as \\x and pairs of hex digits; \u201c%2\u201d "
                       "is not.")
                        .arg(label, input.toString());
                return false;
            }
            *out = QVariant(QByteArray::fromHex(hex));
            return true;
        }
        *out = coerce(column, input);
        return true;
    }
    default:
        // The reflected types (decimals, dates, JSON, enums …) are checked as the model checks
        // them, so what the editor accepts is what commit accepts.
        *out = coerce(column, input);
        *error = validate(column, *out);
        return error->isEmpty();
    }
}

PlainValue plainValue(const Column &column, QByteArrayView bytes) {
    PlainValue plain;
    switch (column.type) {
    case ColumnType::Integer:
        if (plainInteger(bytes, &plain.integer) && withinBounds(column, plain.integer))
            plain.kind = PlainValue::Kind::Integer;
        break;
    case ColumnType::Real:
        if (plainReal(bytes, &plain.real)) // never NaN: no letter but 'e' gets here
            plain.kind = PlainValue::Kind::Real;
        break;
    case ColumnType::Text: {
        // Not blank for certain: a visible ASCII character. The NUL a database may refuse never
        // comes here (readers refuse its record); a byte-order mark at the start is left to the
        // caller's decoding, which keeps it as the character it is.
        const bool visible =
            std::any_of(bytes.begin(), bytes.end(), [](char c) { return c > ' ' && c < 0x7F; });
        if (visible && !bytes.startsWith("\xEF\xBB\xBF"))
            plain.kind = PlainValue::Kind::Text;
        break;
    }
    default:
        break;
    }
    return plain;
}

} // namespace orm::values
