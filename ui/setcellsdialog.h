#pragma once

#include <QDialog>

class QLineEdit;

namespace orm {
class Session;
class Table;
} // namespace orm

namespace ui {

class ForeignKeyPicker;

/// Edit → Set Selected Cells…: asks for the one value that goes into every selected cell of a
/// column. A reference is chosen as a cell's own editor chooses it — type part of a name, pick
/// from the matches (ForeignKeyPicker) — rather than typed out exactly; any other column takes
/// text, read as a paste would read it.
class SetCellsDialog : public QDialog {
    Q_OBJECT
public:
    SetCellsDialog(orm::Session *session, const orm::Table &table, int column, qsizetype rows,
                   QWidget *parent = nullptr);

    /// The value as a cell of a paste holds it: the picked parent in the form that names it alone
    /// ("Music (#8)", "Music (new)"), or the text as typed.
    QString valueText();
    /// The reference picker, or nullptr for a column that is not a reference.
    ForeignKeyPicker *picker() const { return m_picker; }
    QLineEdit *textEdit() const { return m_text; }

private:
    ForeignKeyPicker *m_picker = nullptr;
    QLineEdit *m_text = nullptr;
};

} // namespace ui
