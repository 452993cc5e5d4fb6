#include "labelchooser.h"

#include "table.h"

namespace orm {

namespace {

/// "FirstName", "first_name", "first name" all read "firstname".
QString folded(const QString &name) {
    QString text = name.toLower();
    text.remove(QLatin1Char('_')).remove(QLatin1Char(' ')).remove(QLatin1Char('-'));
    return text;
}

bool isCandidate(const Table &table, int column) {
    const Column &c = table.column(column);
    if (c.hidden || table.isKeyColumn(column) || c.type != ColumnType::Text)
        return false;
    for (const ForeignKey &key : table.foreignKeys()) {
        if (key.columns.contains(column))
            return false;
    }
    return true;
}

int firstNamed(const Table &table, const QList<int> &candidates, const QStringList &names) {
    for (int column : candidates) {
        if (names.contains(folded(table.column(column).name)))
            return column;
    }
    return -1;
}

} // namespace

QList<int> chooseLabelColumns(const Table &table) {
    QList<int> candidates;
    for (int column = 0; column < table.columns().size(); ++column) {
        if (isCandidate(table, column))
            candidates << column;
    }
    if (candidates.isEmpty())
        return {};
    for (const UniqueKey &unique : table.uniqueKeys()) {
        if (unique.columns.size() == 1 && candidates.contains(unique.columns.first()) &&
            !table.column(unique.columns.first()).nullable)
            return {unique.columns.first()};
    }
    if (const int named =
            firstNamed(table, candidates, {QStringLiteral("name"), QStringLiteral("label")});
        named >= 0)
        return {named};
    const int first = firstNamed(
        table, candidates,
        {QStringLiteral("firstname"), QStringLiteral("givenname"), QStringLiteral("forename")});
    const int last = firstNamed(
        table, candidates,
        {QStringLiteral("lastname"), QStringLiteral("surname"), QStringLiteral("familyname")});
    if (first >= 0 && last >= 0)
        return {first, last};
    if (const int title = firstNamed(table, candidates, {QStringLiteral("title")}); title >= 0)
        return {title};
    for (int column : std::as_const(candidates)) {
        if (folded(table.column(column).name).endsWith(QLatin1String("name")))
            return {column};
    }
    return {candidates.first()};
}

} // namespace orm
