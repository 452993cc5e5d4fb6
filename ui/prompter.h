#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace orm {
struct DeletePreview;
}

namespace ui {

struct ConflictQuestion;
struct UpgradeQuestion;

/// Every question the main window asks the user, in one replaceable place: the default shows
/// message boxes and the delete preview dialog; tests substitute scripted answers, so that no
/// modal dialog ever blocks them.
class Prompter {
public:
    enum class PendingChoice { Commit, Discard, Cancel };
    enum class DeleteChoice { Delete, Cancel, ShowBlockers, WithDependents };
    /// After a commit failed as a conflict: whose version wins (Cancel keeps everything staged).
    enum class ConflictChoice { TakeDatabase, KeepMine, KeepMineAndCommit, Cancel };

    virtual ~Prompter();

    /// "You have N staged changes. Commit them before <action>?"
    virtual PendingChoice askPendingChanges(QWidget *parent, const QString &action, int changes);
    /// A yes/no question whose yes is `acceptText` ("Roll back", "Seed").
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text,
                         const QString &acceptText);
    virtual void showError(QWidget *parent, const QString &title, const QString &text,
                           const QString &details = {});
    /// Something the user should know that asks nothing (what a database opened without):
    /// a window that does not block, closed when read.
    virtual void showNotice(QWidget *parent, const QString &title, const QString &text,
                            const QStringList &lines);
    virtual DeleteChoice confirmDelete(QWidget *parent, const orm::DeletePreview &preview);
    /// The conflict dialog: the record, the column, my value and the database's.
    virtual ConflictChoice resolveConflict(QWidget *parent, const ConflictQuestion &question);
    /// A library from an older Shelf: the upgrade's plan (UpgradeDialog). True to upgrade.
    virtual bool confirmUpgrade(QWidget *parent, const UpgradeQuestion &question);
    /// "Seed large library": the sizes (prefilled with `*authors` and `*booksPerAuthor`) and the
    /// warning that every table of `database` is dropped. False when cancelled.
    virtual bool chooseLargeSeed(QWidget *parent, const QString &database, int *authors,
                                 int *booksPerAuthor);
    /// The file to write a cell's value to ("Save Value As…"); empty when cancelled. The file
    /// dialog asks before replacing a file.
    virtual QString chooseFileToSave(QWidget *parent, const QString &title,
                                     const QString &suggestedName);
    /// The file to read a cell's value from ("Load Value From File…"); empty when cancelled.
    virtual QString chooseFileToOpen(QWidget *parent, const QString &title);
};

} // namespace ui
