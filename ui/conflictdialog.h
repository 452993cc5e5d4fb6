#pragma once

#include "orm/types.h"

#include <QDialog>
#include <QList>
#include <QString>

class QPushButton;

namespace orm {
class Session;
struct Error;
} // namespace orm

namespace ui {

/// What a commit that failed as a conflict (Error::Kind::Conflict) asks the user: whose version
/// of the record wins. Built from the session's error and the row as the database holds it now.
struct ConflictQuestion {
    enum class Case {
        BothEdited,  ///< I edited, another user edited
        TheyDeleted, ///< I edited, another user deleted the row
        TheyEdited,  ///< I deleted, another user edited the row
        BothDeleted, ///< I deleted, another user deleted the row too
    };
    struct Cell {
        QString column;     ///< the column's label
        QString mine;       ///< my (staged) value, as shown
        QString theirs;     ///< the database's value, as shown
        bool named = false; ///< the column the error names
    };

    orm::RecordPtr record;
    QString who; ///< the record's name when the commit failed ("Author 'S. King'")
    Case conflict = Case::BothEdited;
    QString column;    ///< the label of the column the error names (empty if none)
    QString mine;      ///< my value of that column, as shown
    QString theirs;    ///< the database's value of it, as shown
    QList<Cell> cells; ///< every column where my version and the database's differ
    QString message;   ///< the commit's error message

    /// Reads the row as it is now through `session` (never changes the record).
    static ConflictQuestion fromError(orm::Session &session, const orm::Error &error);
    /// One sentence: "Author 'Stephen King' was changed by another user."
    QString headline() const;
};

/// Shows a conflict: the record, each differing column with my value and the database's, and
/// the choices "Use Database Value", "Keep Mine", "Keep Mine and Commit" and Cancel (which keeps
/// everything staged). The buttons' wording follows the case (deleted rows).
class ConflictDialog : public QDialog {
    Q_OBJECT
public:
    enum Choice { Cancelled = 0, TakeDatabase = 10, KeepMine, KeepMineAndCommit };

    explicit ConflictDialog(const ConflictQuestion &question, QWidget *parent = nullptr);

    QPushButton *takeDatabaseButton() const { return m_takeDatabase; }
    QPushButton *keepMineButton() const { return m_keepMine; }
    QPushButton *keepMineAndCommitButton() const { return m_keepMineAndCommit; }

private:
    QPushButton *m_takeDatabase;
    QPushButton *m_keepMine;
    QPushButton *m_keepMineAndCommit;
};

} // namespace ui
