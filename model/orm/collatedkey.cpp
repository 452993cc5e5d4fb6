#include "collatedkey.h"

#include "relationship.h"
#include "table.h"

#include <algorithm>

namespace orm::collated {

bool folds(const QString &collation) {
    return collation.compare(QLatin1String("NOCASE"), Qt::CaseInsensitive) == 0 ||
           collation.compare(QLatin1String("RTRIM"), Qt::CaseInsensitive) == 0;
}

namespace {

/// The collation of each of `columns` (`of` reads it), or none at all when none of them folds:
/// callers then skip the work, and nothing is allocated for the common case.
template <typename Of>
QStringList collationsOf(const QList<int> &columns, Of of) {
    if (std::none_of(columns.cbegin(), columns.cend(),
                     [&of](int column) { return folds(of(column)); }))
        return {};
    QStringList collations;
    for (int column : columns)
        collations << of(column);
    return collations;
}

} // namespace

QString text(const QString &text, const QString &collation) {
    if (collation.compare(QLatin1String("NOCASE"), Qt::CaseInsensitive) == 0) {
        // SQLite's NOCASE folds the 26 ASCII letters only: 'É' and 'é' stay different
        QString folded = text;
        for (QChar &c : folded) {
            if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                c = QChar(c.unicode() + ('a' - 'A'));
        }
        return folded;
    }
    if (collation.compare(QLatin1String("RTRIM"), Qt::CaseInsensitive) == 0) {
        qsizetype end = text.size();
        while (end > 0 && text.at(end - 1) == QLatin1Char(' '))
            --end;
        return text.left(end);
    }
    return text;
}

QStringList ofKeyColumns(const Table &table, const QList<int> &columns) {
    return collationsOf(columns, [&table](int column) -> const QString & {
        return table.column(column).collation;
    });
}

QStringList ofReference(const Relationship &relationship) {
    const Table &child = *relationship.child;
    return collationsOf(relationship.foreignKeyColumns, [&child](int column) -> const QString & {
        return child.column(column).referenceCollation;
    });
}

Key key(const Key &key, const Table &table, const QList<int> &columns,
        const QStringList &collations) {
    if (collations.isEmpty() || key.isNull() || key.isInteger())
        return key;
    QVariantList values = key.values();
    bool changed = false;
    for (qsizetype i = 0; i < values.size() && i < collations.size(); ++i) {
        if (values.at(i).typeId() != QMetaType::QString || !folds(collations.at(i)))
            continue;
        const QString folded = text(values.at(i).toString(), collations.at(i));
        if (folded != values.at(i).toString()) {
            values[i] = folded;
            changed = true;
        }
    }
    return changed ? Key::ofValues(table, columns, values) : key;
}

Key parentKey(const Relationship &relationship, const Key &key, const QStringList &collations) {
    return collated::key(key, *relationship.parent, relationship.referencedColumns, collations);
}

} // namespace orm::collated
