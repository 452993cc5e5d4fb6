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

} // namespace ui::values
