#pragma once

#include "clipboard.h"

#include <QObject>
#include <QPointer>
#include <functional>

class QWidget;

namespace orm {
class Session;
}

namespace ui {

class EditHistory;
class ExportDialog;
class ImportCsvDialog;
struct MainActions;
class TableBrowser;

/// Moving data in and out of the grid (issue 14), for the main window's actions: Import CSV… and
/// Export…, Copy (as shown, raw, with headers), Paste, Duplicate Record and Set Selected Cells….
/// Works on the table view the user worked in last (TableBrowser::activeView()); every change it
/// stages goes through the EditHistory as one undo step. A refusal is reported through
/// refused() with the row and column it is about, and nothing of that action is staged.
class DataTransfer : public QObject {
    Q_OBJECT
public:
    DataTransfer(QWidget *window, TableBrowser *browser, QObject *parent = nullptr);

    /// Call after the browser's setSession(): the table views it made take dropped CSV files.
    void setSession(orm::Session *session, EditHistory *history);
    /// Connects the window's actions to this controller.
    void attach(const MainActions &actions);

    /// Opens the import dialog for `path` into the current table (asks for a file when empty).
    /// The dialog is window-modal and not yet run: nullptr when there is nothing to import into.
    ImportCsvDialog *importCsv(const QString &path = {});
    /// Opens the export dialog for the current table (window-modal, not yet run).
    ExportDialog *exportData();

    void copy(clipboard::CopyMode mode, bool headers = false);
    /// Pastes the clipboard at the top-left cell of the selection holding the current cell (else
    /// at the current cell), as a spreadsheet does; one copied value pasted over several cells of a
    /// column goes into each of them. False (and refused()) when it is refused.
    bool paste();
    /// Stages a copy of each selected record without its key, and without the values no two rows
    /// may share (the status message names them, to be typed). False when there is nothing to
    /// copy.
    bool duplicate();
    /// Stages `text` into every selected cell (all in one column), checked as if typed.
    bool setSelectedCells(const QString &text);

    QString lastMessage() const { return m_lastMessage; }

protected:
    /// A .csv (or .tsv, .txt) file dropped on a table view opens the import dialog for its table.
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void refused(const QString &message);
    void done(const QString &message);

private:
    /// True for a column whose value a copy must not keep: a key part the database does not give
    /// and that refers to no parent, or a column UNIQUE on its own.
    static bool mustDifferInACopy(const orm::Table &table, int column);
    void askForSelectedCells();
    /// Stages the one checked cell of `first` into every cell of `cells` (one column) as one undo
    /// step named `step` (empty: a paste's name); false, nothing staged, when a row cannot take
    /// it.
    bool fillCells(RecordModel &model, const QModelIndexList &cells,
                   const clipboard::PastePlan &first, const QString &done,
                   const QString &step = {});
    void acceptDroppedFiles();
    void report(const QString &message, bool refusal);

    QWidget *m_window;
    TableBrowser *m_browser;
    QPointer<orm::Session> m_session;
    QPointer<EditHistory> m_history;
    QString m_lastMessage;
};

} // namespace ui
