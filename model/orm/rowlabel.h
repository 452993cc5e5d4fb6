#pragma once

#include <QList>
#include <QString>

namespace orm {

class Record;

/// A row's label as text: the one reading of a record's label columns that the grid's foreign-key
/// cells (Record::displayText()), an export of foreign keys as labels, what paste and import match
/// and the namesake search (Namesakes) share, so that what one writes the others read back.
///
/// A label column's value reads as a cell shows it: a character(n) column's blank padding is off
/// ('English' and 13 blanks reads 'English', as PostgreSQL itself compares it). Nothing here
/// falls back to the key: a row without a label has an empty one (Record::displayText() decides
/// what such a row shows).
class RowLabel {
public:
    /// Which values count: those staged in the session (what the grid shows), or those the
    /// database holds (an export of committed values).
    enum class Values { Staged, Stored };

    /// One column's value as part of a label (blank padding off); empty for NULL.
    static QString part(const Record &record, int column, Values values = Values::Staged);
    /// "Jane Peacock": every label column's part() that is not empty, joined by a blank; empty
    /// when the table has no label or every part is empty.
    static QString text(const Record &record, Values values = Values::Staged);
    /// The label of `columns` as one value to group rows by as the database compares them: the
    /// parts joined by a separator no label holds (so that "Jane"/"Peacock" and "Jane
    /// Peacock"/"" differ); empty when a part is NULL (such a label matches no other).
    static QString groupKey(const Record &record, const QList<int> &columns);
};

} // namespace orm
