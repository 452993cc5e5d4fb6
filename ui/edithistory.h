#pragma once

#include "orm/types.h"

#include <QObject>
#include <QVariant>
#include <functional>

class QUndoCommand;
class QUndoStack;

namespace orm {
class Session;
}

namespace ui {

/// Every staged edit the user makes goes through here, so that it can be undone and redone:
/// setting a value, re-pointing a foreign key, creating and deleting records. Each method applies
/// the edit to the session at once and records it on the undo stack; a refused edit returns
/// false with a sentence for the user and records nothing.
///
/// The session has no "unremove", so undoing a delete (or a new record) rolls the session back
/// to its committed state and replays the edits that came before it. That is exact as long as
/// every staged edit went through this class; edits made behind its back are lost on such an
/// undo. Commit and Rollback clear the history (there is nothing left to undo).
class EditHistory : public QObject {
    Q_OBJECT
public:
    explicit EditHistory(orm::Session *session, QObject *parent = nullptr);
    ~EditHistory() override;

    orm::Session *session() const { return m_session; }
    QUndoStack *undoStack() const { return m_stack; }

    [[nodiscard]] bool setValue(const orm::RecordPtr &record, int column, const QVariant &value,
                                QString *error = nullptr);
    /// Re-points `record` (the child of `relationship`) to `parent`; nullptr clears the reference.
    [[nodiscard]] bool setParent(const orm::RecordPtr &record,
                                 const orm::Relationship &relationship,
                                 const orm::RecordPtr &parent, QString *error = nullptr);
    /// Adds a new (transient) record to the session; with a parent, appends it to the parent's
    /// collection instead (which adds it through save-update).
    void addNew(const orm::RecordPtr &record, const orm::RecordPtr &parent = nullptr,
                const orm::Relationship *relationship = nullptr);
    /// Marks a record (and its cascade) for delete.
    [[nodiscard]] bool remove(const orm::RecordPtr &record, QString *error = nullptr);
    /// Marks several records (and their cascades) for delete, as one step to undo; with
    /// DeleteMode::WithDependents also every row that blocks them (Session::remove()).
    [[nodiscard]] bool remove(const orm::RecordList &records, QString *error = nullptr,
                              orm::DeleteMode mode = orm::DeleteMode::AsDeclared);

    /// Records many edits already staged as one step (a paste, an import, duplicated rows, one
    /// value set into many cells), named `text`. Redo calls `reapply`, which must stage the same
    /// edits again on the session as it was before them; undo rolls back and replays what came
    /// before, like a delete.
    void pushBatch(const QString &text, std::function<void()> reapply);

    /// Forgets every edit (after commit or rollback).
    void clear();

private:
    friend class ReplayingCommand;
    /// Rolls the session back and re-applies every command below `command` on the stack.
    void restoreBefore(const QUndoCommand *command);
    void push(QUndoCommand *command);

    orm::Session *m_session;
    QUndoStack *m_stack;
    bool m_replaying = false;
};

} // namespace ui
