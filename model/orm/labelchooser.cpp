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

/// Where a row's thing is, or how to reach it (an invoice's BillingCity, an order's ShipName, a
/// customer's Phone): it describes the row, it does not name it, and many rows share it. A
/// column named after its own table names it, though (Sakila's address.address, city.city,
/// Northwind's Region.RegionDescription).
bool describesRatherThanNames(const Table &table, int column) {
    const QString name = folded(table.column(column).name);
    QString own = folded(table.name()); // "countries" -> "country", "Region" -> "region"
    if (own.endsWith(QLatin1String("ies")))
        own = own.chopped(3) + QLatin1Char('y');
    else if (own.endsWith(QLatin1Char('s')) && own.size() > 1)
        own.chop(1);
    if (name.startsWith(own))
        return false;
    static const QStringList prefixes = {QStringLiteral("ship"), QStringLiteral("bill"),
                                         QStringLiteral("delivery")};
    for (const QString &prefix : prefixes) {
        if (name.startsWith(prefix))
            return true;
    }
    static const QStringList parts = {
        QStringLiteral("address"), QStringLiteral("street"),   QStringLiteral("city"),
        QStringLiteral("state"),   QStringLiteral("province"), QStringLiteral("region"),
        QStringLiteral("country"), QStringLiteral("postal"),   QStringLiteral("zip"),
        QStringLiteral("phone"),   QStringLiteral("fax"),      QStringLiteral("mobile"),
        QStringLiteral("email"),   QStringLiteral("url"),      QStringLiteral("website")};
    for (const QString &part : parts) {
        if (name.contains(part))
            return true;
    }
    return false;
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
    // What is left are weaker guesses: a column that only describes the row loses to the key,
    // since "Invoice 98" tells rows apart and "Invoice 'Theodor-Heuss-Straße 34'" does not.
    candidates.removeIf([&table](int column) { return describesRatherThanNames(table, column); });
    for (int column : std::as_const(candidates)) {
        if (folded(table.column(column).name).endsWith(QLatin1String("name")))
            return {column};
    }
    if (candidates.isEmpty())
        return {};
    return {candidates.first()};
}

} // namespace orm
