#include "values.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>
#include <limits>

namespace orm::values {

QVariant coerce(const Column &column, const QVariant &value) {
    if (value.isNull())
        return QVariant(); // normalizeNull(): one NULL
    // Read in place: a copy cost every edit a reference count up and down for nothing
    const QVariant &plain = value;
    bool ok = false;
    switch (column.type) {
    case ColumnType::Integer: {
        switch (plain.typeId()) {
        case QMetaType::LongLong:
            return plain; // already what the column holds: no round trip through text
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::Short:
        case QMetaType::UShort:
            return QVariant(plain.toLongLong()); // what the text of it would give, without it
        case QMetaType::ULongLong: {
            // PostgreSQL's int8 comes as one (QPSQL's way). Past qint64, kept as it is, as the
            // text of it would be.
            const qulonglong number = plain.toULongLong();
            if (number <= qulonglong(std::numeric_limits<qint64>::max()))
                return QVariant(qint64(number));
            return plain;
        }
        default:
            break;
        }
        if (plain.typeId() == QMetaType::Double) {
            const double number = plain.toDouble();
            if (number == double(qint64(number)))
                return QVariant(qint64(number));
            return plain;
        }
        const qint64 number = plain.toString().trimmed().toLongLong(&ok);
        return ok ? QVariant(number) : plain;
    }
    case ColumnType::Real: {
        if (plain.typeId() == QMetaType::Double)
            return plain;
        const double number = plain.toString().trimmed().toDouble(&ok);
        return ok ? QVariant(number) : plain;
    }
    case ColumnType::Boolean:
        if (plain.typeId() == QMetaType::Bool)
            return plain;
        if (plain.canConvert<qint64>()) {
            const qint64 number = plain.toString().toLongLong(&ok);
            if (ok && (number == 0 || number == 1))
                return QVariant(number == 1);
        }
        return plain;
    case ColumnType::Text:
    case ColumnType::Uuid:
    case ColumnType::Json:
    case ColumnType::Enum:
        if (plain.typeId() == QMetaType::QString)
            return plain;
        return plain.canConvert<QString>() ? QVariant(plain.toString()) : plain;
    case ColumnType::Decimal: {
        // Exact numbers travel as their text: 0.99 must never become 0.98999999999999999.
        if (plain.typeId() == QMetaType::QString)
            return QVariant(plain.toString().trimmed());
        return plain;
    }
    case ColumnType::Date:
    case ColumnType::Time:
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz:
        // A date typed as text stays text: SQLite keeps whatever form the file uses, and
        // PostgreSQL parses ISO text itself.
        if (plain.typeId() == QMetaType::QString)
            return QVariant(plain.toString().trimmed());
        return plain;
    case ColumnType::Blob:
    case ColumnType::Other:
        return plain;
    }
    return plain;
}

namespace {

bool isExactNumber(const QString &text) {
    static const QRegularExpression number(
        QStringLiteral("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$"));
    return number.match(text).hasMatch();
}

bool isTemporal(ColumnType type, const QString &text) {
    switch (type) {
    case ColumnType::Date:
        return QDate::fromString(text, Qt::ISODate).isValid();
    case ColumnType::Time:
        return QTime::fromString(text, Qt::ISODateWithMs).isValid() ||
               QTime::fromString(text, Qt::ISODate).isValid();
    default: {
        QString normalized = text;
        if (normalized.size() > 10 && normalized.at(10) == QLatin1Char(' '))
            normalized[10] = QLatin1Char('T');
        return QDateTime::fromString(normalized, Qt::ISODateWithMs).isValid() ||
               QDate::fromString(normalized, Qt::ISODate).isValid();
    }
    }
}

/// An exact number as sign, significant digits and exponent ("-12.50" → "-125e-1", "0" → "0"):
/// equal numbers give equal text. Empty when the text is not a plain number (NaN, Infinity).
QString canonicalDecimal(const QString &text) {
    static const QRegularExpression number(
        QStringLiteral("^([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d{1,9}))?$"));
    const QRegularExpressionMatch match = number.match(text.trimmed());
    if (!match.hasMatch() || (match.captured(2).isEmpty() && match.captured(3).isEmpty()))
        return {};
    QString digits = match.captured(2) + match.captured(3);
    qint64 exponent = match.captured(4).toLongLong() - match.captured(3).size();
    qsizetype first = 0;
    while (first < digits.size() && digits.at(first) == QLatin1Char('0'))
        ++first;
    digits = digits.mid(first);
    if (digits.isEmpty())
        return QStringLiteral("0"); // -0 and 0.00 are zero
    while (digits.endsWith(QLatin1Char('0'))) {
        digits.chop(1);
        ++exponent;
    }
    const QString sign = match.captured(1) == QLatin1String("-") ? QStringLiteral("-") : QString();
    return sign + digits + QLatin1Char('e') + QString::number(exponent);
}

/// A decimal column's value as decimal text: text as it is, integers exactly, a double (what
/// SQLite stores for 0.99) as the shortest text that reads back as that double.
QString decimalText(const QVariant &value) {
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::QString:
        return value.toString();
    default:
        return {};
    }
}

QDateTime dateTimeOf(const QVariant &value) {
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime();
    if (value.typeId() == QMetaType::QDate)
        return QDateTime(value.toDate(), QTime(0, 0));
    if (value.typeId() != QMetaType::QString)
        return {};
    QString text = value.toString().trimmed();
    if (text.size() > 10 && text.at(10) == QLatin1Char(' '))
        text[10] = QLatin1Char('T');
    const QDateTime moment = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (moment.isValid())
        return moment;
    const QDate day = QDate::fromString(text, Qt::ISODate);
    return day.isValid() ? QDateTime(day, QTime(0, 0)) : QDateTime();
}

/// The value as the column's type names it, or an invalid QVariant when it names nothing
/// of that type (then it compares as it is).
QVariant typedValue(ColumnType type, const QVariant &value) {
    switch (type) {
    case ColumnType::Decimal: {
        const QString canonical = canonicalDecimal(decimalText(value));
        return canonical.isEmpty() ? QVariant() : QVariant(canonical);
    }
    case ColumnType::Date: {
        if (value.typeId() == QMetaType::QDate)
            return value;
        const QDateTime moment = dateTimeOf(value);
        // A date column holds no time of day: text with one is not a date of it
        return moment.isValid() && moment.time() == QTime(0, 0) ? QVariant(moment.date())
                                                                : QVariant();
    }
    case ColumnType::Time: {
        if (value.typeId() == QMetaType::QTime)
            return value;
        if (value.typeId() != QMetaType::QString)
            return {};
        QTime time = QTime::fromString(value.toString().trimmed(), Qt::ISODateWithMs);
        return time.isValid() ? QVariant(time) : QVariant();
    }
    case ColumnType::Timestamp: {
        // Without a time zone the wall-clock reading is the value (as the database compares it)
        const QDateTime moment = dateTimeOf(value);
        return moment.isValid() ? QVariant(QDateTime(moment.date(), moment.time(), Qt::UTC))
                                : QVariant();
    }
    case ColumnType::TimestampTz: {
        const QDateTime moment = dateTimeOf(value);
        return moment.isValid() ? QVariant(moment.toMSecsSinceEpoch()) : QVariant();
    }
    default:
        return {};
    }
}

QString typeNameForUser(ColumnType type) {
    switch (type) {
    case ColumnType::Date:
        return QCoreApplication::translate("orm", "a date (YYYY-MM-DD)");
    case ColumnType::Time:
        return QCoreApplication::translate("orm", "a time (HH:MM:SS)");
    default:
        return QCoreApplication::translate("orm", "a date and time (YYYY-MM-DD HH:MM:SS)");
    }
}

} // namespace

std::optional<DecimalDigits> decimalDigits(const QString &text) {
    // From the canonical form, significant digits and exponent: "125e-1" is 12.5
    const QString canonical = canonicalDecimal(text);
    if (canonical.isEmpty())
        return std::nullopt;
    const qsizetype e = canonical.indexOf(QLatin1Char('e'));
    if (e < 0)
        return DecimalDigits{}; // "0"
    const qint64 significant = e - (canonical.startsWith(QLatin1Char('-')) ? 1 : 0);
    const qint64 exponent = canonical.mid(e + 1).toLongLong();
    return DecimalDigits{std::max<qint64>(0, significant + exponent),
                         std::max<qint64>(0, -exponent)};
}

bool comparesAsType(ColumnType type) {
    switch (type) {
    case ColumnType::Decimal:
    case ColumnType::Date:
    case ColumnType::Time:
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz:
        return true;
    default:
        return false;
    }
}

bool same(const Column &column, const QVariant &a, const QVariant &b) {
    if (a.isNull() || b.isNull())
        return a.isNull() && b.isNull();
    if (a.typeId() == b.typeId() && a == b)
        return true; // the common case, without parsing
    if (comparesAsType(column.type)) {
        // Not QVariant's ==, which compares "0.990" with 0.99 through double
        const QVariant typedA = typedValue(column.type, a);
        const QVariant typedB = typedValue(column.type, b);
        if (typedA.isValid() && typedB.isValid())
            return typedA == typedB;
        if (a.typeId() != b.typeId())
            return false; // a number and a text that is none, a date and an odd text
    }
    return same(a, b);
}

QString validate(const Column &column, const QVariant &value) {
    const QString label = column.displayLabel();
    if (value.isNull()) {
        if (!column.nullable && !column.primaryKey && !column.defaultValue.isValid())
            return QCoreApplication::translate("orm", "%1 must not be empty").arg(label);
        return {};
    }
    switch (column.type) {
    case ColumnType::Integer: {
        bool ok = false;
        const qint64 number = value.toLongLong(&ok);
        if (!ok || (value.typeId() == QMetaType::QString))
            return QCoreApplication::translate("orm", "%1 must be a whole number, not '%2'")
                .arg(label, value.toString());
        if ((column.minimum && number < *column.minimum) ||
            (column.maximum && number > *column.maximum))
            return QCoreApplication::translate("orm", "%1 must be between %2 and %3, not %4")
                .arg(label)
                .arg(column.minimum.value_or(std::numeric_limits<qint64>::min()))
                .arg(column.maximum.value_or(std::numeric_limits<qint64>::max()))
                .arg(number);
        return {};
    }
    case ColumnType::Real:
        if (value.typeId() == QMetaType::QString)
            return QCoreApplication::translate("orm", "%1 must be a number, not '%2'")
                .arg(label, value.toString());
        return {};
    case ColumnType::Boolean:
        if (value.typeId() != QMetaType::Bool)
            return QCoreApplication::translate("orm", "%1 must be yes or no, not '%2'")
                .arg(label, value.toString());
        return {};
    case ColumnType::Text:
        if (!column.nullable && value.toString().trimmed().isEmpty())
            return QCoreApplication::translate("orm", "%1 must not be empty").arg(label);
        return {};
    case ColumnType::Decimal:
        if (value.typeId() == QMetaType::QString && !isExactNumber(value.toString()))
            return QCoreApplication::translate("orm", "%1 must be a number, not '%2'")
                .arg(label, value.toString());
        return {};
    case ColumnType::Date:
    case ColumnType::Time:
    case ColumnType::Timestamp:
    case ColumnType::TimestampTz:
        if (value.typeId() == QMetaType::QString && !isTemporal(column.type, value.toString()))
            return QCoreApplication::translate("orm", "%1 must be %2, not '%3'")
                .arg(label, typeNameForUser(column.type), value.toString());
        return {};
    case ColumnType::Uuid:
        if (QUuid::fromString(value.toString()).isNull() &&
            value.toString() != QLatin1String("00000000-0000-0000-0000-000000000000"))
            return QCoreApplication::translate("orm", "%1 must be a UUID, not '%2'")
                .arg(label, value.toString());
        return {};
    case ColumnType::Json:
        if (value.typeId() == QMetaType::QString) {
            // A bare scalar ("3", "\"x\"") is valid JSON that QJsonDocument refuses: it is
            // read wrapped in brackets, whose "[" the error's offset then discounts.
            const QByteArray utf8 = value.toString().toUtf8();
            QJsonParseError error;
            const QJsonDocument wrapped = QJsonDocument::fromJson("[" + utf8 + "]", &error);
            if (error.error == QJsonParseError::NoError && wrapped.array().size() != 1) {
                // "1, 2" is two values, not one: the brackets made it an array.
                error.error = QJsonParseError::GarbageAtEnd;
                error.offset = int(utf8.indexOf(',')) + 1;
            }
            if (error.error != QJsonParseError::NoError) {
                // The offset counts UTF-8 bytes of the wrapped text, and points past the token
                // that broke it; a person counts characters, from 1, and looks for that token.
                const int at = qBound(0, error.offset - 2, int(utf8.size()));
                const qsizetype character = QString::fromUtf8(utf8.left(at)).size() + 1;
                return QCoreApplication::translate("orm",
                                                   "%1 must be valid JSON: %2 near character %3")
                    .arg(label, error.errorString())
                    .arg(character);
            }
        }
        return {};
    case ColumnType::Enum:
        if (!column.enumLabels.isEmpty() && !column.enumLabels.contains(value.toString()))
            return QCoreApplication::translate("orm", "%1 must be one of %2, not '%3'")
                .arg(label, column.enumLabels.join(QStringLiteral(", ")), value.toString());
        return {};
    case ColumnType::Blob:
        return {};
    case ColumnType::Other:
        return QCoreApplication::translate("orm", "%1 cannot be edited in Shelf (type %2)")
            .arg(label, column.declaredType);
    }
    return {};
}

bool sentAsNull(const QVariant &value) {
    if (value.isNull())
        return true;
    switch (value.typeId()) {
    case QMetaType::QString:
        return static_cast<const QString *>(value.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(value.constData())->isNull();
    case QMetaType::QDateTime:
        return !static_cast<const QDateTime *>(value.constData())->isValid();
    case QMetaType::QDate:
        return static_cast<const QDate *>(value.constData())->isNull();
    case QMetaType::QTime:
        return !static_cast<const QTime *>(value.constData())->isValid();
    default:
        return false;
    }
}

QString sqlLiteral(const QVariant &value) {
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toString();
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    default: {
        QString text = value.toString();
        text.replace(QLatin1Char('\''), QLatin1String("''"));
        return QLatin1Char('\'') + text + QLatin1Char('\'');
    }
    }
}

bool isInteger(int typeId) {
    switch (typeId) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return true;
    default:
        return false;
    }
}

bool heldAsBytes(int typeId) {
    return isInteger(typeId) || typeId == QMetaType::Bool || typeId == QMetaType::Double ||
           typeId == QMetaType::Float;
}

bool fitsLatin1(const QString &text, qsizetype room) {
    if (text.isEmpty() || text.size() > room)
        return false;
    for (QChar c : text) {
        if (c.unicode() > 0xff)
            return false;
    }
    return true;
}

void toLatin1(QStringView text, char *out) {
    for (qsizetype i = 0; i < text.size(); ++i)
        out[i] = char(text[i].unicode());
}

} // namespace orm::values
