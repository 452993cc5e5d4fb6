#pragma once

#include <QString>
#include <QVariant>

class QWidget;

namespace orm {
struct Column;
}

namespace ui::typededitors {

/// The editors a column's type calls for, beside the line edit every other value gets: yes/no
/// and enum columns a combo box of their values (NULL among them when the column allows it),
/// dates, times and timestamps a line edit for their ISO text with a calendar to pick a day
/// (typed text is checked by the model, as any typed value). A date kept as text in
/// a form the editor cannot write back exactly (SQLite stores whatever it was given) gets the
/// line edit, so that opening and closing an editor never rewrites a value. JSON and long text
/// (a line break, or past values::LongTextCharacters) get a multi-line editor, taller than the
/// cell: Enter starts a new line there, Ctrl+Enter stages, Esc cancels.

/// Whether `column` holding `value` is edited in the multi-line editor: JSON always, text with
/// a line break or past values::LongTextCharacters unless one of its lines is longer than
/// MaxWrappedLine (wrapping that would freeze the window; the line edit takes it).
bool isMultiLine(const orm::Column &column, const QVariant &value);
inline constexpr qsizetype MaxWrappedLine = 10000;

/// The editor for `column` holding `value`, or nullptr when a line edit is the right one.
QWidget *create(const orm::Column &column, const QVariant &value, QWidget *parent);
/// Whether `editor` is one of these.
bool isTyped(const QWidget *editor);
void setValue(QWidget *editor, const QVariant &value);
/// What the editor shows, to tell whether the user changed it.
QString text(const QWidget *editor);
/// Whether the editor shows a value the cell does not hold: a date, time or timestamp editor
/// opened on NULL shows now, staged only when the user changes it or takes it with Enter.
bool showsAValueOfItsOwn(const QWidget *editor);
/// What the model is given: a bool, an enum label, an ISO date, time or timestamp written the
/// way the cell's value was written, the multi-line editor's text exactly as typed, or an invalid
/// QVariant for NULL.
QVariant input(QWidget *editor);
/// Whether `editor` is the date, time or timestamp editor.
bool isTemporal(const QWidget *editor);

} // namespace ui::typededitors
