#include "edithistory.h"

#include "orm/session.h"

#include <QUndoStack>

namespace ui {

namespace {

QString recordLabel(const orm::RecordPtr &record) {
    return record->displayName();
}

/// A command whose first redo() is a no-op: the edit has already been applied when it is pushed.
class AppliedCommand : public QUndoCommand {
public:
    using QUndoCommand::QUndoCommand;
    void redo() final {
        if (m_applied) {
            m_applied = false;
            return;
        }
        apply();
    }
    virtual void apply() = 0;

private:
    bool m_applied = true;
};

class SetValueCommand : public AppliedCommand {
public:
    SetValueCommand(orm::RecordPtr record, int column, QVariant before, QVariant after)
        : m_record(std::move(record))
        , m_column(column)
        , m_before(std::move(before))
        , m_after(std::move(after)) {
        setText(QObject::tr("Edit %1 of %2")
                    .arg(m_record->table().column(column).displayLabel(), recordLabel(m_record)));
    }
    void apply() override { (void)m_record->setValue(m_column, m_after); }
    void undo() override { (void)m_record->setValue(m_column, m_before); }

private:
    orm::RecordPtr m_record;
    int m_column;
    QVariant m_before;
    QVariant m_after;
};

class SetParentCommand : public AppliedCommand {
public:
    SetParentCommand(orm::RecordPtr record, const orm::Relationship &relationship,
                     orm::RecordPtr before, orm::RecordPtr after)
        : m_record(std::move(record))
        , m_relationship(relationship)
        , m_before(std::move(before))
        , m_after(std::move(after)) {
        setText(
            QObject::tr("Change %1 of %2").arg(m_relationship.backrefName, recordLabel(m_record)));
    }
    void apply() override { (void)m_record->setParent(m_relationship, m_after); }
    void undo() override { (void)m_record->setParent(m_relationship, m_before); }

private:
    orm::RecordPtr m_record;
    const orm::Relationship &m_relationship;
    orm::RecordPtr m_before;
    orm::RecordPtr m_after;
};

} // namespace

/// Undone by rolling back and replaying what came before (the session cannot unremove).
class ReplayingCommand : public AppliedCommand {
public:
    explicit ReplayingCommand(EditHistory *history)
        : m_history(history) {}
    void undo() override { m_history->restoreBefore(this); }

protected:
    EditHistory *m_history;
};

namespace {

class AddNewCommand : public ReplayingCommand {
public:
    AddNewCommand(EditHistory *history, orm::RecordPtr record, orm::RecordPtr parent,
                  const orm::Relationship *relationship)
        : ReplayingCommand(history)
        , m_record(std::move(record))
        , m_parent(std::move(parent))
        , m_relationship(relationship) {
        setText(QObject::tr("New %1").arg(m_record->table().className()));
    }
    void apply() override {
        if (m_parent && m_relationship)
            (void)m_parent->appendChild(*m_relationship, m_record);
        else
            m_history->session()->add(m_record);
    }

private:
    orm::RecordPtr m_record;
    orm::RecordPtr m_parent;
    const orm::Relationship *m_relationship;
};

/// One delete of one or several records (a multi-row selection): one step to undo.
class RemoveCommand : public ReplayingCommand {
public:
    RemoveCommand(EditHistory *history, orm::RecordList records, orm::DeleteMode mode)
        : ReplayingCommand(history)
        , m_records(std::move(records))
        , m_mode(mode) {
        setText(m_records.size() == 1 ? QObject::tr("Delete %1").arg(recordLabel(m_records.first()))
                                      : QObject::tr("Delete %L1 records").arg(m_records.size()));
    }
    void apply() override {
        for (const orm::RecordPtr &record : std::as_const(m_records))
            (void)m_history->session()->remove(record, m_mode);
    }

private:
    orm::RecordList m_records;
    orm::DeleteMode m_mode;
};

/// Many edits as one step; see EditHistory::pushBatch().
class BatchCommand : public ReplayingCommand {
public:
    BatchCommand(EditHistory *history, const QString &text, std::function<void()> reapply)
        : ReplayingCommand(history)
        , m_reapply(std::move(reapply)) {
        setText(text);
    }
    void apply() override { m_reapply(); }

private:
    std::function<void()> m_reapply;
};

} // namespace

EditHistory::EditHistory(orm::Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_stack(new QUndoStack(this)) {
}

EditHistory::~EditHistory() = default;

void EditHistory::push(QUndoCommand *command) {
    m_stack->push(command);
}

bool EditHistory::setValue(const orm::RecordPtr &record, int column, const QVariant &value,
                           QString *error) {
    const QVariant before = record->value(column);
    if (before == value && before.isNull() == value.isNull())
        return true;
    if (!record->setValue(column, value)) {
        if (error)
            *error = tr("%1 is marked for delete and cannot be edited.").arg(record->displayName());
        return false;
    }
    push(new SetValueCommand(record, column, before, value));
    return true;
}

bool EditHistory::setParent(const orm::RecordPtr &record, const orm::Relationship &relationship,
                            const orm::RecordPtr &parent, QString *error) {
    const orm::RecordPtr before = record->parent(relationship);
    if (before == parent)
        return true;
    if (!record->setParent(relationship, parent)) {
        if (error)
            *error = tr("%1 cannot be changed now.").arg(record->displayName());
        return false;
    }
    push(new SetParentCommand(record, relationship, before, parent));
    return true;
}

void EditHistory::addNew(const orm::RecordPtr &record, const orm::RecordPtr &parent,
                         const orm::Relationship *relationship) {
    auto *command = new AddNewCommand(this, record, parent, relationship);
    command->apply();
    push(command);
}

bool EditHistory::remove(const orm::RecordPtr &record, QString *error) {
    return remove(orm::RecordList{record}, error);
}

bool EditHistory::remove(const orm::RecordList &records, QString *error, orm::DeleteMode mode) {
    orm::RecordList removed;
    bool ok = true;
    for (const orm::RecordPtr &record : records) {
        if (!m_session->remove(record, mode)) {
            if (error)
                *error = m_session->lastError().message();
            ok = false;
            break;
        }
        removed << record;
    }
    // What was marked before a refusal stays marked, and can be undone like the rest.
    if (!removed.isEmpty())
        push(new RemoveCommand(this, removed, mode));
    return ok;
}

void EditHistory::pushBatch(const QString &text, std::function<void()> reapply) {
    push(new BatchCommand(this, text, std::move(reapply)));
}

void EditHistory::clear() {
    m_stack->clear();
}

void EditHistory::restoreBefore(const QUndoCommand *command) {
    Q_ASSERT(!m_replaying);
    m_replaying = true;
    m_session->rollback();
    for (int i = 0; i < m_stack->count(); ++i) {
        const QUndoCommand *earlier = m_stack->command(i);
        if (earlier == command)
            break;
        // Commands are ours; redo() re-applies the edit (the first-redo skip is long spent).
        const_cast<QUndoCommand *>(earlier)->redo();
    }
    m_replaying = false;
}

} // namespace ui
