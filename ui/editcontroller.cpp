#include "editcontroller.h"

#include "conflictdialog.h"
#include "edithistory.h"
#include "prompter.h"
#include "recordtablemodel.h"
#include "relatedrecordspane.h"
#include "stagedproblems.h"
#include "tablebrowser.h"

#include "orm/dependentscollector.h"
#include "orm/session.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTableView>
#include <QTimer>
#include <algorithm>

Q_LOGGING_CATEGORY(lcEdits, "shelf.ui.edits")

namespace ui {

namespace {

/// Where a new row's typing starts: at a key the database does not give (a table keyed by hand,
/// as many not made by Shelf are: the row cannot be saved without it), else at the column that
/// names the row, else at the first column the database does not fill in itself.
int firstColumnToType(const orm::Table &table) {
    for (int column = 0; column < table.columnCount(); ++column) {
        const orm::Column &c = table.column(column);
        if (table.isKeyColumn(column) && c.isWritable() && !c.hasDatabaseDefault() &&
            !table.relationshipForColumn(column))
            return column;
    }
    // The first of the columns that name it ("first_name last_name" starts at the first name), so
    // that typing and Tab fill them in the order they are read
    if (const QList<int> labels = table.labelColumns(); !labels.isEmpty())
        return labels.first();
    if (table.displayColumn() >= 0)
        return table.displayColumn();
    for (int column = 0; column < table.columnCount(); ++column) {
        const orm::Column &c = table.column(column);
        if (c.isWritable() && !c.autoIncrement)
            return column;
    }
    return 0;
}

} // namespace

EditController::EditController(QWidget *window, TableBrowser *browser, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_browser(browser) {
}

void EditController::setSession(orm::Session *session, EditHistory *history) {
    m_session = session;
    m_history = history;
    m_lastErrorText.clear();
}

QString EditController::describe(const orm::Error &error) const {
    QString text = error.message();
    if (text.isEmpty())
        text = error.driverMessage;
    if (error.record) {
        // A blocked delete names the column of the rows that block it, which is not one of the
        // record's own: only a column of the record itself is worth pointing at.
        const orm::Table &table = error.record->table();
        const int column = error.column.isEmpty() ? -1 : table.columnIndex(error.column);
        text += QLatin1Char('\n') +
                tr("The record concerned is %1%2.")
                    .arg(error.record->displayName(),
                         column < 0 ? QString()
                                    : tr(", column %1").arg(table.column(column).displayLabel()));
    }
    return text;
}

void EditController::markFailure(const orm::Error &error) {
    if (!error.record)
        return;
    const int column =
        error.column.isEmpty() ? -1 : error.record->table().columnIndex(error.column);
    m_browser->markError(error.record, column, error.message());
}

bool EditController::settleConflict(const orm::Error &error, bool *resolved) {
    *resolved = false;
    const ConflictQuestion question = ConflictQuestion::fromError(*m_session, error);
    const Prompter::ConflictChoice choice = m_prompter->resolveConflict(m_window, question);
    if (choice == Prompter::ConflictChoice::Cancel) {
        Q_EMIT statusMessage(tr("Conflict not resolved: nothing was written, every staged "
                                "change is kept."));
        return false;
    }
    const auto resolution = choice == Prompter::ConflictChoice::TakeDatabase
                                ? orm::Session::Resolution::TakeDatabase
                                : orm::Session::Resolution::KeepMine;
    const QString who = error.record->displayName();
    if (!m_session->resolveConflict(error.record, resolution)) {
        const orm::Error failure = m_session->lastError();
        m_prompter->showError(m_window, tr("Conflict"), describe(failure), failure.driverMessage);
        return false;
    }
    *resolved = true;
    m_history->clear(); // recorded edits may no longer apply to the settled record
    m_browser->clearErrorMarks();
    m_lastErrorText.clear();
    Q_EMIT statusMessage(resolution == orm::Session::Resolution::TakeDatabase
                             ? tr("%1 now shows the database's version.").arg(who)
                             : tr("Your version of %1 is kept; commit to save it.").arg(who));
    return choice == Prompter::ConflictChoice::KeepMineAndCommit;
}

bool EditController::commit() {
    if (!m_browser->commitOpenEditor())
        return false;
    // Each conflict settled with "and commit" tries again; the user can cancel at any question.
    while (m_session && m_session->hasChanges()) {
        const QSet<const orm::Table *> written = m_session->changedTables();
        const orm::ActionStarts actionStarts = m_session->foreignKeyActionStarts();
        if (commitSayingSo()) {
            m_history->clear();
            m_browser->clearErrorMarks();
            m_lastErrorText.clear();
            Q_EMIT statusMessage(tr("Committed."));
            Q_EMIT committed(written, actionStarts);
            return true;
        }
        const orm::Error error = m_session->lastError();
        qCWarning(lcEdits) << "commit failed:" << error.fullText();
        m_lastErrorText = describe(error);
        markFailure(error);
        Q_EMIT statusMessage(tr("Commit failed: %1").arg(error.message()));
        if (error.kind == orm::Error::Kind::Conflict && error.record && m_prompter) {
            bool resolved = false;
            if (settleConflict(error, &resolved))
                continue;
            return false;
        }
        // The commit stops at the first refused value: look for the others, so that the user
        // fixes them all in one go.
        const QList<stagedproblems::Problem> problems = error.kind == orm::Error::Kind::Validation
                                                            ? stagedproblems::find(*m_session)
                                                            : QList<stagedproblems::Problem>();
        if (problems.size() > 1) {
            m_browser->markErrors(problems);
            QStringList lines;
            for (const stagedproblems::Problem &problem : problems)
                lines << tr("\u2022 %1: %2").arg(problem.record->displayName(), problem.message);
            m_lastErrorText = tr("%L1 values cannot be saved:").arg(problems.size()) +
                              QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
        }
        if (m_prompter) {
            m_prompter->showError(m_window, tr("Commit failed"),
                                  m_lastErrorText + QStringLiteral("\n\n") +
                                      (problems.size() > 1
                                           ? tr("Nothing was written. Every staged change is "
                                                "still there: fix the marked values and commit "
                                                "again.")
                                           : tr("Nothing was written. Every staged change is "
                                                "still there: fix the marked value and commit "
                                                "again.")),
                                  error.driverMessage);
        }
        return false;
    }
    return true;
}

bool EditController::commitSayingSo() {
    // A large commit runs for seconds (a million imported rows: about four) and the session tells
    // no progress: the window says what runs, painted before it starts, under a busy cursor.
    const qsizetype changes = m_session->pendingChangeCount();
    if (changes < orm::Session::ManyRecords)
        return m_session->commit();
    Q_EMIT statusMessage(tr("Committing %L1 changes\u2026").arg(changes));
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    const bool committed = m_session->commit();
    QGuiApplication::restoreOverrideCursor();
    return committed;
}

bool EditController::rollback() {
    if (!m_browser->commitOpenEditor())
        return false;
    if (!m_session || !m_session->hasChanges())
        return true;
    const qsizetype count = m_session->pendingChangeCount();
    const QString question =
        count == 1
            ? tr("Throw away the one staged change and show the committed data again?")
            : tr("Throw away all %L1 staged changes and show the committed data again?").arg(count);
    if (m_prompter && !m_prompter->confirm(m_window, tr("Roll back"), question, tr("Roll Back")))
        return false;
    m_session->rollback();
    m_history->clear();
    m_browser->clearErrorMarks();
    Q_EMIT statusMessage(tr("Rolled back: every staged change was discarded."));
    return true;
}

bool EditController::resolvePendingChanges(const QString &action) {
    if (!m_browser->commitOpenEditor())
        return false;
    if (!m_session || !m_session->hasChanges() || !m_prompter)
        return true;
    const int count = int(m_session->pendingChangeCount());
    switch (m_prompter->askPendingChanges(m_window, action, count)) {
    case Prompter::PendingChoice::Commit:
        return commit();
    case Prompter::PendingChoice::Discard:
        m_session->rollback();
        m_history->clear();
        return true;
    case Prompter::PendingChoice::Cancel:
        break;
    }
    return false;
}

void EditController::newRecord() {
    if (!m_browser->commitOpenEditor())
        return;
    RecordModel *model = m_browser->activeModel();
    QTableView *view = m_browser->activeView();
    if (!m_session || !model || !view)
        return;
    const orm::Relationship *relationship = model->relationship();
    if (relationship && !model->relationParent()) {
        Q_EMIT statusMessage(tr("Select a record first."));
        return;
    }
    if (!relationship && model->isRelated()) {
        // A parent or a many-to-many group: a row made here would be linked to nothing.
        Q_EMIT statusMessage(
            tr("New rows of %1 are made in its own table.").arg(model->table().displayLabel()));
        return;
    }
    if (model->table().isReadOnly()) {
        // A view, a table the role may not change, a file that cannot be written: a row staged
        // here could only fail at commit
        Q_EMIT statusMessage(
            tr("%1 takes no new rows: %2")
                .arg(model->table().displayLabel(), model->table().readOnlyReason()));
        return;
    }
    const orm::RecordPtr record = model->table().createRecord();
    m_history->addNew(record, relationship ? model->relationParent() : nullptr, relationship);
    Q_EMIT statusMessage(tr("New %1 staged; fill in its values.").arg(model->table().className()));
    // Relation views follow on the next turn of the event loop; select the row then.
    QPointer<QTableView> guard(view);
    QTimer::singleShot(0, this, [guard, model, record] {
        if (!guard)
            return;
        const QModelIndex index = model->indexOf(record.get(), firstColumnToType(record->table()));
        if (!index.isValid())
            return;
        guard->setFocus();
        guard->setCurrentIndex(index);
        guard->scrollTo(index);
        guard->edit(index);
    });
}

void EditController::deleteActiveRecord() {
    if (!m_browser->commitOpenEditor())
        return;
    orm::RecordList records;
    for (const orm::RecordPtr &record : m_browser->selectedRecords()) {
        if (!record->isMarkedForDelete())
            records << record;
    }
    if (records.isEmpty() && m_browser->activeRecord()) {
        Q_EMIT statusMessage(
            tr("%1 is already marked for delete.").arg(m_browser->activeRecord()->displayName()));
        return;
    }
    if (records.isEmpty()) {
        Q_EMIT statusMessage(tr("Select the record to delete first."));
        return;
    }
    deleteRecords(records);
}

void EditController::deleteRecords(const orm::RecordList &records) {
    if (records.size() == 1) {
        deleteRecord(records.first());
        return;
    }
    if (!m_session)
        return;
    // One preview of them all: what each brings along, and what blocks any of them.
    const orm::DeletePreview preview = m_session->previewDelete(records);
    confirmAndRemove(preview, records);
}

void EditController::deleteRecord(const orm::RecordPtr &record) {
    if (!m_session || !record)
        return;
    if (record->isMarkedForDelete()) {
        Q_EMIT statusMessage(tr("%1 is already marked for delete.").arg(record->displayName()));
        return;
    }
    confirmAndRemove(m_session->previewDelete(record), {record});
}

void EditController::confirmAndRemove(const orm::DeletePreview &preview,
                                      const orm::RecordList &records, orm::DeleteMode mode) {
    if (!preview.error.isEmpty()) {
        if (m_prompter)
            m_prompter->showError(m_window, tr("Delete"), preview.error);
        return;
    }
    const Prompter::DeleteChoice choice =
        m_prompter ? m_prompter->confirmDelete(m_window, preview) : Prompter::DeleteChoice::Delete;
    switch (choice) {
    case Prompter::DeleteChoice::Delete: {
        QString error;
        if (!m_history->remove(records, &error, mode)) {
            if (m_prompter)
                m_prompter->showError(m_window, tr("Delete"), error);
            return;
        }
        Q_EMIT statusMessage(
            tr("Marked for delete (records: %L1); commit to write it.").arg(preview.deletedRows()));
        break;
    }
    case Prompter::DeleteChoice::ShowBlockers:
        revealBlockers(preview);
        break;
    case Prompter::DeleteChoice::WithDependents:
        // The larger delete is previewed in full (every level, counted per table) before
        // anything is staged; confirming it stages it all as one step.
        // One record or a selection: the collector adds the rows blocking any of them.
        if (mode == orm::DeleteMode::AsDeclared) {
            orm::DependentsCollector dependents(*m_session);
            (void)dependents.collect(records); // what still blocks is in the preview
            confirmAndRemove(dependents.preview(), records, orm::DeleteMode::WithDependents);
        }
        break;
    case Prompter::DeleteChoice::Cancel:
        break;
    }
}

void EditController::revealBlockers(const orm::DeletePreview &preview) {
    // The first blocker that is a record: rows the database keeps are counted, not loaded
    const auto firstRecord = std::find_if(
        preview.blockers.cbegin(), preview.blockers.cend(),
        [](const orm::DeletePreview::Blocker &blocker) { return bool(blocker.record); });
    if (firstRecord == preview.blockers.cend())
        return;
    const orm::DeletePreview::Blocker &first = *firstRecord;
    // Rows the database keeps (ON DELETE RESTRICT) are counted, not loaded: only the blocked
    // record can be shown.
    const orm::Relationship *relationship =
        first.record ? first.record->table().relationshipForColumn(first.column) : nullptr;
    orm::RecordList records;
    for (const orm::DeletePreview::Blocker &blocker : preview.blockers) {
        if (blocker.record && blocker.blocked == first.blocked && blocker.column == first.column)
            records << blocker.record;
    }
    // The blocked record's related pane lists exactly its blockers.
    m_browser->revealRecord(first.blocked);
    if (relationship)
        m_browser->relatedPane()->showRelationship(*relationship, records);
    Q_EMIT statusMessage(tr("Records blocking the delete of %1: %L2.")
                             .arg(first.blocked->displayName())
                             .arg(records.size()));
}

} // namespace ui
