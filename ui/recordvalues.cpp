#include "recordvalues.h"

#include "blobpreview.h"

#include "orm/values.h"

#include <QCoreApplication>

namespace ui::values {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::values", text);
}

const QChar Ellipsis(0x2026);

/// `text` cut to `limit` characters with "…", never splitting a surrogate pair.
QString cut(const QString &text, qsizetype limit) {
    if (text.size() <= limit)
        return text;
    qsizetype end = limit;
    if (text.at(end - 1).isHighSurrogate())
        --end;
    return text.left(end) + Ellipsis;
}

/// The first line of `text`, cut to ShownCharacters; "…" says that more follows.
QString firstLine(const QString &text) {
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    if (lineEnd < 0)
        return cut(text, ShownCharacters);
    QString line = text.left(qMin(lineEnd, qsizetype(ShownCharacters)));
    if (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    return cut(line, ShownCharacters - 1) + Ellipsis;
}

/// JSON on one line: the whitespace between tokens dropped (strings kept as written), reading
/// only as far as the cell shows. No parse: a 1 MB document costs what the cell shows.
QString compactJson(const QString &json) {
    QString out;
    out.reserve(ShownCharacters + 1);
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QChar c = json.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == QLatin1Char('\\'))
                escaped = true;
            else if (c == QLatin1Char('"'))
                inString = false;
        } else if (c == QLatin1Char('"')) {
            inString = true;
        } else if (c.isSpace()) {
            continue;
        }
        if (out.size() == ShownCharacters)
            return out + Ellipsis;
        // A line break inside a string is shown as the escape JSON would write.
        out += c == QLatin1Char('\n') ? QStringLiteral("\\n") : QString(c);
    }
    return out;
}

} // namespace

QString toText(const orm::Column &column, const QVariant &value) {
    if (value.isNull())
        return {};
    if (column.type == orm::ColumnType::Boolean)
        return value.toBool() ? tr("yes") : tr("no");
    if (value.typeId() == QMetaType::QByteArray)
        return QStringLiteral("\\x") + QString::fromLatin1(value.toByteArray().toHex());
    return value.toString();
}

QString shown(const orm::Column &column, const QVariant &value) {
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::QByteArray)
        return blobpreview::describe(value.toByteArray());
    if (column.type == orm::ColumnType::Json)
        return compactJson(value.toString());
    return firstLine(toText(column, value));
}

QString describe(const orm::Column &column, const QVariant &value) {
    if (value.isNull())
        return tr("(empty)");
    if (column.type == orm::ColumnType::Text && value.typeId() != QMetaType::QByteArray)
        return QStringLiteral("\u201c%1\u201d").arg(shown(column, value));
    return shown(column, value);
}

bool isLongText(const QString &text) {
    return text.size() > LongTextCharacters || text.contains(QLatin1Char('\n'));
}

} // namespace ui::values
