#pragma once

#include <QDialog>
#include <QVariant>

class QCheckBox;
class QLineEdit;

namespace orm {
class Session;
class Table;
} // namespace orm

namespace ui {

class ForeignKeyPicker;

/// Edit → Set Selected Cells…: asks for the one value that goes into every selected cell of a
/// column, in the editor a cell of that column opens. A reference is chosen as a cell's own
/// editor chooses it — type part of a name, pick from the matches (ForeignKeyPicker) — rather
/// than typed out exactly; yes/no and enum columns offer their values (NULL among them where the
/// column allows it), dates, times and timestamps a date editor with a calendar, and a "NULL" box
/// where the column allows it (typededitors); any other column takes text, read as a paste would
/// read it.
class SetCellsDialog : public QDialog {
    Q_OBJECT
public:
    /// `current`: the first selected cell's value, which a typed editor starts at (and whose
    /// text form a timestamp is written back in, as the cell's editor writes it).
    SetCellsDialog(orm::Session *session, const orm::Table &table, int column, qsizetype rows,
                   const QVariant &current = {}, QWidget *parent = nullptr);

    /// The value as a cell of a paste holds it: the picked parent in the form that names it alone
    /// ("Music (#8)", "Music (new)"), a typed editor's value as text ("true", "2026-01-02"), empty
    /// for NULL, or the text as typed.
    QString valueText();
    /// The reference picker, or nullptr for a column that is not a reference.
    ForeignKeyPicker *picker() const { return m_picker; }
    /// The line edit, or nullptr where a picker or a typed editor asks for the value.
    QLineEdit *textEdit() const { return m_text; }
    /// The editor of the column's type (typededitors), or nullptr.
    QWidget *typedEditor() const { return m_typed; }

private:
    ForeignKeyPicker *m_picker = nullptr;
    QLineEdit *m_text = nullptr;
    QWidget *m_typed = nullptr;
    QCheckBox *m_null = nullptr; ///< beside a date editor of a column that may be NULL
};

} // namespace ui
