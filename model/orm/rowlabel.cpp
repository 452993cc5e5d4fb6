#include "rowlabel.h"

#include "record.h"
#include "table.h"

#include <QStringList>

namespace orm {

QString RowLabel::part(const Record &record, int column, Values values) {
    QString part =
        (values == Values::Staged ? record.value(column) : record.storedValue(column)).toString();
    // Language 'English' of a character(20) column is read as 'English' and 13 blanks
    if (record.table().column(column).blankPadded) {
        while (part.endsWith(QLatin1Char(' ')))
            part.chop(1);
    }
    return part;
}

QString RowLabel::text(const Record &record, Values values) {
    QStringList parts;
    for (int column : record.table().labelColumns()) {
        if (QString value = part(record, column, values); !value.isEmpty())
            parts << value;
    }
    return parts.join(QLatin1Char(' '));
}

QString RowLabel::groupKey(const Record &record, const QList<int> &columns) {
    QStringList parts;
    for (int column : columns) {
        if (record.value(column).isNull())
            return {};
        // Blank padding off changes no comparison: every value of a character(n) column has
        // the same padding, and the database ignores it.
        parts << part(record, column);
    }
    return parts.join(QChar(0x1f));
}

} // namespace orm
