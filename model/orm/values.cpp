#include "values.h"

#include <QCoreApplication>
#include <limits>

namespace orm::values {

QVariant coerce(const Column &column, const QVariant &value) {
    const QVariant plain = normalizeNull(value);
    if (plain.isNull())
        return plain;
    bool ok = false;
    switch (column.type) {
    case ColumnType::Integer: {
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
        if (plain.typeId() == QMetaType::QString)
            return plain;
        return plain.canConvert<QString>() ? QVariant(plain.toString()) : plain;
    }
    return plain;
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
    }
    return {};
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

} // namespace orm::values
