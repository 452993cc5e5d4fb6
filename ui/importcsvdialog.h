#pragma once

#include "io/csvimport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace orm {
class Session;
class Table;
} // namespace orm

namespace ui {

class EditHistory;

/// File → Import CSV or JSON…: a file into one table, staged like typed edits (issue 14). For CSV,
/// shows what was detected — delimiter, quote, encoding, header — and lets the user change it; a
/// .json file is read as an array of objects, a .jsonl or .ndjson file as JSON Lines, the keys
/// naming the file's columns. Maps the file's
/// columns to the table's by name (adjustable), previews the first rows with every cell checked,
/// and imports with a progress bar and Cancel. Refused rows are listed by line and column; the
/// dialog stays open on them so the user can choose "valid rows only" or fix the file.
class ImportCsvDialog : public QDialog {
    Q_OBJECT
public:
    ImportCsvDialog(orm::Session *session, const orm::Table &table, const QString &path,
                    EditHistory *history, QWidget *parent = nullptr);

    io::ImportOptions options() const;
    /// Runs the import (with a progress dialog); on success the rows are staged as one undo step
    /// and the dialog accepts. The result says what happened either way.
    io::ImportResult importNow();
    /// Re-reads the preview with the current settings.
    void refreshPreview();

private:
    void detect();
    void rebuildMapping(const QStringList &header, int fields);
    void showRefusals(const io::ImportResult &result);

    orm::Session *m_session;
    const orm::Table &m_table;
    QString m_path;
    EditHistory *m_history;
    QComboBox *m_delimiter;
    QComboBox *m_quote;
    QComboBox *m_encoding;
    QCheckBox *m_header;
    io::ImportFormat m_format;
    QComboBox *m_foreignKeys;
    QRadioButton *m_allOrNothing;
    QRadioButton *m_validOnly;
    QLabel *m_note;
    QTableWidget *m_mapping;
    QTableWidget *m_preview;
    QLabel *m_problem;
    QListWidget *m_refusals;
    QPushButton *m_importButton;
    QPushButton *m_cancelButton;
    QStringList m_fileHeader; ///< the header the mapping was built for
    bool m_rebuilding = false;
};

} // namespace ui
