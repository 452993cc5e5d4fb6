#pragma once

#include "orm/deletepreview.h"
#include "orm/foreignkeyactions.h"
#include "orm/table.h"

#include <QObject>
#include <QPointer>
#include <QSet>

class QWidget;

namespace orm {
class Session;
struct Error;
} // namespace orm

namespace ui {

class EditHistory;
class Prompter;
class TableBrowser;

/// What the edit actions do: New record, Delete (through the preview), Commit, Rollback, and the
/// "Commit, Discard or Cancel?" question before anything that would lose staged edits. Each of
/// them first stages the value of an open cell editor (TableBrowser::commitOpenEditor()) and
/// stops when it is refused. A failed
/// commit keeps every staged edit, says what went wrong in plain words and marks the row and
/// cell it names.
class EditController : public QObject {
    Q_OBJECT
public:
    EditController(QWidget *window, TableBrowser *browser, QObject *parent = nullptr);

    void setSession(orm::Session *session, EditHistory *history);
    void setPrompter(Prompter *prompter) { m_prompter = prompter; }

    /// Commits; on failure shows and marks the error and returns false (nothing staged is lost).
    /// A conflict with another user asks whose version wins (Prompter::resolveConflict): the
    /// database's or mine, and commits again when asked to; the undo history is cleared by a
    /// resolution (the edits it recorded may no longer apply).
    bool commit();
    /// Asks first (when there is something to roll back), then rolls back. False if cancelled.
    bool rollback();
    /// Before an action that would lose staged edits: asks Commit / Discard / Cancel. True when
    /// the action may go ahead (nothing pending, committed, or discarded).
    bool resolvePendingChanges(const QString &action);
    /// Stages a new record in the active view (a child of the shown parent in the related pane).
    void newRecord();
    /// Shows the delete preview of every selected record of the active view (the active record
    /// when none is selected), all in one, and stages the delete if confirmed.
    void deleteActiveRecord();
    /// Stages the delete of `records` after one preview of them all.
    void deleteRecords(const orm::RecordList &records);
    /// Stages the delete of `record` after the preview (what the Delete action does).
    void deleteRecord(const orm::RecordPtr &record);
    /// Selects the records that block a delete.
    void revealBlockers(const orm::DeletePreview &preview);
    /// The error of the last failed commit, as the user read it.
    QString lastErrorText() const { return m_lastErrorText; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    /// A commit went through: the database holds what was staged in `written` (the tables that
    /// held staged changes) and what it did itself, where its foreign key actions went from
    /// `actionStarts` (the deletes and key edits among them).
    void committed(const QSet<const orm::Table *> &written, const orm::ActionStarts &actionStarts);

private:
    void confirmAndRemove(const orm::DeletePreview &preview, const orm::RecordList &records,
                          orm::DeleteMode mode = orm::DeleteMode::AsDeclared);
    QString describe(const orm::Error &error) const;
    void markFailure(const orm::Error &error);
    /// Asks how to settle a conflict and applies the answer. Returns true when the caller should
    /// commit again; `*resolved` tells whether anything was settled.
    bool settleConflict(const orm::Error &error, bool *resolved);
    /// Session::commit(); for orm::Session::ManyRecords changes or more, first says "Committing
    /// 1,000,000 changes…" in the status bar and keeps a busy cursor until it returns.
    bool commitSayingSo();

    QWidget *m_window;
    TableBrowser *m_browser;
    Prompter *m_prompter = nullptr;
    QPointer<orm::Session> m_session;
    QPointer<EditHistory> m_history;
    QString m_lastErrorText;
};

} // namespace ui
