#pragma once

#include "io/tableexport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace ui {

/// File → Export…: a table to CSV, TSV or JSON (issue 14) — the whole table, what the current
/// filter and sort show, or the selected rows; staged edits included or not (the dialog says
/// which the file will hold); foreign keys as keys or as the labels the grid shows; the text for
/// NULL. Writes page by page with a progress bar and Cancel.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    enum class Scope { WholeTable, FilterAndSort, Selection };

    /// `shown` is the grid's query (its filter and sort); `selection` the selected rows.
    ExportDialog(orm::Session *session, const orm::Table &table, const orm::Query &shown,
                 const orm::RecordList &selection, QWidget *parent = nullptr);

    void setPath(const QString &path);
    void setScope(Scope scope);
    io::ExportOptions options() const;
    /// Writes the file; on success the dialog accepts. The result says what happened.
    io::ExportResult exportNow();

private:
    /// "Keys" and "Names, …", each with an example from the table's first reference in the first
    /// selected row; off, saying why, for a table that refers to none.
    void addReferenceChoices();
    void updateNotes();

    orm::Session *m_session;
    const orm::Table &m_table;
    orm::Query m_shown;
    orm::RecordList m_selection;
    QRadioButton *m_whole;
    QRadioButton *m_filtered;
    QRadioButton *m_selected;
    QComboBox *m_format;
    QCheckBox *m_bom;
    QCheckBox *m_staged;
    QLabel *m_stagedNote;
    QComboBox *m_foreignKeys;
    QLineEdit *m_nullText;
    QLineEdit *m_path;
    QLabel *m_problem;
};

} // namespace ui
