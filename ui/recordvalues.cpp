#include "recordvalues.h"

#include "orm/values.h"

#include <QCoreApplication>

namespace ui::values {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::values", text);
}

} // namespace

QString toText(const orm::Column &column, const QVariant &value) {
    if (value.isNull())
        return {};
    if (column.type == orm::ColumnType::Boolean)
        return value.toBool() ? tr("yes") : tr("no");
    return value.toString();
}

QString describe(const orm::Column &column, const QVariant &value) {
    if (value.isNull())
        return tr("(empty)");
    if (column.type == orm::ColumnType::Text)
        return QStringLiteral("\u201c%1\u201d").arg(value.toString());
    return toText(column, value);
}

bool fromInput(const orm::Column &column, const QVariant &input, QVariant *out, QString *error) {
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
    case orm::ColumnType::Integer: {
        bool ok = false;
        const qlonglong number = input.toString().trimmed().toLongLong(&ok);
        if (!ok) {
            *error = tr("%1 must be a whole number; \u201c%2\u201d is not one.")
                         .arg(label, input.toString());
            return false;
        }
        if ((column.minimum && number < *column.minimum) ||
            (column.maximum && number > *column.maximum)) {
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
    case orm::ColumnType::Real: {
        bool ok = false;
        const double number = input.toString().trimmed().toDouble(&ok);
        if (!ok) {
            *error =
                tr("%1 must be a number; \u201c%2\u201d is not one.").arg(label, input.toString());
            return false;
        }
        *out = QVariant(number);
        return true;
    }
    case orm::ColumnType::Boolean: {
        if (input.typeId() == QMetaType::Bool) {
            *out = input;
            return true;
        }
        // Typed or pasted: what the grid shows (yes/no) and what databases write. QVariant's own
        // conversion would read "no" as true.
        const QString text = input.toString().trimmed().toLower();
        static const QStringList yes{QStringLiteral("yes"), QStringLiteral("y"),
                                     QStringLiteral("true"), QStringLiteral("t"),
                                     QStringLiteral("1")};
        static const QStringList no{QStringLiteral("no"), QStringLiteral("n"),
                                    QStringLiteral("false"), QStringLiteral("f"),
                                    QStringLiteral("0")};
        if (yes.contains(text) || text == tr("yes").toLower()) {
            *out = QVariant(true);
            return true;
        }
        if (no.contains(text) || text == tr("no").toLower()) {
            *out = QVariant(false);
            return true;
        }
        *error =
            tr("%1 must be yes or no; \u201c%2\u201d is neither.").arg(label, input.toString());
        return false;
    }
    case orm::ColumnType::Text:
        *out = QVariant(input.toString());
        return true;
    default:
        // The reflected types (decimals, dates, JSON, enums …) are checked as the model checks
        // them, so what the editor accepts is what commit accepts.
        *out = orm::values::coerce(column, input);
        *error = orm::values::validate(column, *out);
        return error->isEmpty();
    }
    *out = input;
    return true;
}

} // namespace ui::values
