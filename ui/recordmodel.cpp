#include "recordmodel.h"

#include "cellinput.h"
#include "cellpresenter.h"
#include "cellstyle.h"
#include "edithistory.h"

#include "orm/namesakes.h"

#include <QTimer>
#include <algorithm>
#include <utility>

namespace ui {

RecordModel::RecordModel(orm::Session *session, const orm::Table &table, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_table(&table) {
    Q_ASSERT(session);
    // Through lambdas: the handlers are virtual, and the connections outlive no subclass.
    connect(session, &orm::Session::recordAdded, this, [this](orm::Record *record) {
        if (!waitingOut())
            onRecordAdded(record);
    });
    connect(session, &orm::Session::recordRemoved, this, [this](orm::Record *record) {
        if (!waitingOut())
            onRecordRemoved(record);
    });
    connect(session, &orm::Session::recordChanged, this, [this](orm::Record *record, int column) {
        if (!waitingOut())
            onRecordChanged(record, column);
    });
    connect(session, &orm::Session::recordStateChanged, this, [this](orm::Record *record) {
        if (!waitingOut())
            onRecordStateChanged(record);
    });
    connect(session, &orm::Session::manyChanging, this,
            [this] { m_waitingOut = waitsOutManyChanges(); });
    connect(session, &orm::Session::manyChanged, this, [this] {
        m_waitingOut = false;
        if (std::exchange(m_missedChanges, false))
            onManyChanged();
    });
    connect(session, &orm::Session::committed, this, [this] {
        clearErrorMark();
        onCommitted();
    });
    connect(session, &orm::Session::rolledBack, this, [this] {
        clearErrorMark();
        onRolledBack();
    });
    // dropAll() and createAll() come in pairs: reload once the schema is back.
    connect(session, &orm::Session::schemaChanged, this, [this] {
        if (m_reloadScheduled)
            return;
        m_reloadScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_reloadScheduled = false;
            onSchemaChanged();
        });
    });
}

bool RecordModel::waitingOut() {
    if (m_waitingOut)
        m_missedChanges = true;
    return m_waitingOut;
}

void RecordModel::setEditHistory(EditHistory *history) {
    m_history = history;
}

void RecordModel::reportLoadError(const QString &error) {
    if (!error.isEmpty())
        Q_EMIT loadFailed(error);
}

QModelIndex RecordModel::indexOf(const orm::Record *record, int column) const {
    const int row = rowOf(record);
    return row < 0 ? QModelIndex() : index(row, qMax(0, column));
}

void RecordModel::refreshAll() {
    if (rowCount() == 0)
        return;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
}

void RecordModel::refreshForeignKeysTo(const orm::Table &parentTable) {
    if (rowCount() == 0)
        return;
    for (const orm::Relationship *relationship : m_table->parentRelationships()) {
        if (relationship->parent != &parentTable)
            continue;
        for (int column : relationship->foreignKeyColumns)
            Q_EMIT dataChanged(index(0, column), index(rowCount() - 1, column));
    }
}

void RecordModel::onRecordChanged(orm::Record *record, int column) {
    const orm::Table &changed = record->table();
    if ((column < 0 || changed.labelColumns().contains(column)) &&
        std::any_of(m_table->parentRelationships().cbegin(), m_table->parentRelationships().cend(),
                    [&changed](const orm::Relationship *r) { return r->parent == &changed; })) {
        // Once the edit is done, not inside the session's signal: finding them reads.
        m_namesakeTables.insert(&changed);
        if (m_namesakeTables.size() == 1)
            QTimer::singleShot(0, this, [this] {
                const QSet<const orm::Table *> tables = std::exchange(m_namesakeTables, {});
                for (const orm::Table *table : tables) {
                    recheckNamesakes(*table);
                    refreshForeignKeysTo(*table);
                }
            });
    }
    if (&record->table() != m_table) {
        refreshForeignKeysTo(record->table());
        return;
    }
    const int row = rowOf(record);
    if (row < 0)
        return;
    // The user changed what a failed commit pointed at: that mark has done its job.
    m_marks.removeIf([record, column](const Mark &mark) {
        return mark.record == record && (mark.column == column || mark.column < 0);
    });
    const bool whole = column < 0 || column >= columnCount();
    Q_EMIT dataChanged(index(row, whole ? 0 : column),
                       index(row, whole ? columnCount() - 1 : column));
    Q_EMIT headerDataChanged(Qt::Vertical, row, row);
}

void RecordModel::onRecordStateChanged(orm::Record *record) {
    if (&record->table() != m_table) {
        refreshForeignKeysTo(record->table());
        return;
    }
    const int row = rowOf(record);
    if (row < 0)
        return;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, row, row);
}

void RecordModel::forgetMarks(const orm::Record *record) {
    m_marks.removeIf([record](const Mark &mark) { return mark.record == record; });
}

void RecordModel::markError(const orm::Record *record, int column, const QString &message) {
    clearErrorMark();
    addErrorMark(record, column, message);
}

void RecordModel::addErrorMark(const orm::Record *record, int column, const QString &message) {
    if (!record)
        return;
    m_marks.append(Mark{record, record->weak_from_this(), column, message});
    emitRowChanged(record);
}

void RecordModel::clearErrorMark() {
    const QList<Mark> marks = std::exchange(m_marks, {});
    for (const Mark &mark : marks) {
        if (!mark.alive.expired())
            emitRowChanged(mark.record);
    }
}

void RecordModel::emitRowChanged(const orm::Record *record) {
    const int row = rowOf(record);
    if (row >= 0) {
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, row, row);
    }
}

const RecordModel::Mark *RecordModel::markFor(const orm::Record *record, int column) const {
    for (const Mark &mark : m_marks) {
        if (mark.record == record && (mark.column < 0 || mark.column == column) &&
            !mark.alive.expired())
            return &mark;
    }
    return nullptr;
}

const RecordModel::Mark *RecordModel::rowMark(const orm::Record *record) const {
    for (const Mark &mark : m_marks) {
        if (mark.record == record && !mark.alive.expired())
            return &mark;
    }
    return nullptr;
}

bool RecordModel::isValidCell(const QModelIndex &index) const {
    return index.isValid() && index.model() == this && !index.parent().isValid() &&
           index.row() < rowCount() && index.column() < columnCount();
}

int RecordModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : m_table->columnCount();
}

RecordModel::RowState RecordModel::rowState(int row) const {
    const orm::RecordPtr shared = record(row);
    if (!shared)
        return RowState::Unchanged;
    if (shared->isMarkedForDelete())
        return RowState::MarkedForDelete;
    if (shared->state() == orm::ObjectState::Pending)
        return RowState::New;
    return shared->hasChanges() ? RowState::Modified : RowState::Unchanged;
}

QVariant RecordModel::data(const QModelIndex &index, int role) const {
    if (!isValidCell(index))
        return {};
    const orm::RecordPtr shared = record(index.row());
    if (!shared)
        return {};
    const int column = index.column();
    switch (role) {
    case RecordRole:
        return QVariant::fromValue(shared);
    case ParentRecordRole: {
        const orm::Relationship *relationship = m_table->relationshipForColumn(column);
        return relationship ? QVariant::fromValue(shared->parent(*relationship)) : QVariant();
    }
    case ModifiedRole:
        return CellPresenter::isModified(shared, column);
    case CommittedValueRole:
        return shared->committedValue(column);
    case RowStateRole:
        return int(rowState(index.row()));
    case ErrorRole:
        if (const Mark *mark = markFor(shared.get(), column))
            return mark->message;
        return {};
    case DatabaseDefaultRole:
        if (const QString text = CellPresenter::databaseDefaultText(shared, column);
            !text.isEmpty())
            return text;
        return {};
    case Qt::DisplayRole:
        // Two parents with one label ("Music", "Music") read as the picker lists them.
        if (const orm::Relationship *relationship = m_table->relationshipForColumn(column);
            relationship && !CellPresenter::nulledBy(shared, column)) {
            const orm::RecordPtr parent = shared->parent(*relationship);
            if (parent && isNamesake(index.row(), parent.get()))
                return orm::Namesakes::text(parent);
        }
        [[fallthrough]];
    default: {
        const Mark *mark = markFor(shared.get(), column);
        return CellPresenter::data(shared, column, role,
                                   mark ? ErrorMark{mark->record, mark->column, mark->message}
                                        : ErrorMark{});
    }
    }
}

QString RecordModel::shownText(int row, int column) const {
    const orm::RecordPtr shared = record(row);
    if (!shared || column < 0 || column >= columnCount())
        return {};
    if (const orm::Relationship *relationship = m_table->relationshipForColumn(column);
        relationship && !CellPresenter::nulledBy(shared, column)) {
        const orm::RecordPtr parent = shared->parent(*relationship);
        if (parent && isNamesake(row, parent.get()))
            return orm::Namesakes::text(parent);
    }
    return CellPresenter::text(shared, column);
}

QVariant RecordModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= columnCount())
            return {};
        return CellPresenter::columnHeader(*m_table, section, role);
    }
    // Not read for this: QHeaderView asks for the first and last 100 sections to size itself.
    const orm::RecordPtr shared = loadedRecord(section);
    if (!shared) {
        const bool row = section >= 0 && section < rowCount();
        return row && role == Qt::DisplayRole ? QString::number(section + 1) : QVariant();
    }
    if (const Mark *mark = rowMark(shared.get())) {
        // The row a failed commit names: marked in the header too, so it is found when scrolling.
        if (role == Qt::DisplayRole)
            return QStringLiteral("!");
        if (role == Qt::ToolTipRole)
            return mark->message;
        if (role == Qt::BackgroundRole)
            return cellstyle::errorBackground();
    }
    return CellPresenter::rowHeader(shared, section, role);
}

Qt::ItemFlags RecordModel::flags(const QModelIndex &index) const {
    if (!isValidCell(index))
        return Qt::NoItemFlags;
    if (const orm::RecordPtr loaded = loadedRecord(index.row()))
        return cellFlags(index.column(), loaded.get());
    // Not in memory: what the column and the table allow a stored row; the row's own state (a
    // NULL key, a mark for delete) is asked once it is read, as it is before it is shown or edited.
    return columnFlags(index.column(), false);
}

Qt::ItemFlags RecordModel::loadedFlags(const QModelIndex &index) const {
    if (!isValidCell(index))
        return Qt::NoItemFlags;
    return cellFlags(index.column(), record(index.row()).get());
}

Qt::ItemFlags RecordModel::columnFlags(int columnIndex, bool newRow) const {
    // What the database assigns (an identity or rowid key, a generated column) and what Shelf
    // keeps read-only (a view, a column the role may not change) is shown, not edited; a key the
    // user gives (a customer code, an invoice line's number) is edited like any value. A new
    // row's identity key may be given too, as an import gives it: when another row has it, the
    // commit marks that cell to be fixed.
    Qt::ItemFlags result = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const orm::Column &column = m_table->column(columnIndex);
    const bool assigned = !newRow && m_table->isKeyColumn(columnIndex) && column.autoIncrement;
    if (!assigned && column.isWritable() && !m_table->isReadOnly())
        result |= Qt::ItemIsEditable;
    return result;
}

Qt::ItemFlags RecordModel::cellFlags(int columnIndex, const orm::Record *record) const {
    if (!record)
        return Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const bool newRow = record->state() == orm::ObjectState::Pending ||
                        record->state() == orm::ObjectState::Transient;
    Qt::ItemFlags result = columnFlags(columnIndex, newRow);
    if (!record->readOnlyReason().isEmpty() || record->isMarkedForDelete() ||
        record->session() != m_session)
        result &= ~Qt::ItemIsEditable;
    return result;
}

bool RecordModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    // The row read first: the exact answer, also for a row pasted into off screen
    if (role != Qt::EditRole || !(loadedFlags(index) & Qt::ItemIsEditable)) {
        const orm::RecordPtr shared = isValidCell(index) ? record(index.row()) : nullptr;
        const QString reason = shared ? shared->readOnlyReason() : QString();
        m_lastRefusal = reason.isEmpty() ? tr("This cell cannot be edited now.")
                                         : tr("This row is read-only: %1.").arg(reason);
        return false;
    }
    return applyEdit(record(index.row()), index.column(), value);
}

bool RecordModel::explainReadOnly(const QModelIndex &index) {
    if (!isValidCell(index) || (loadedFlags(index) & Qt::ItemIsEditable))
        return false;
    const orm::RecordPtr shared = record(index.row());
    const orm::Column &column = m_table->column(index.column());
    const QString name = column.displayLabel();
    const QString rowReason = shared ? shared->readOnlyReason() : QString();
    if (!rowReason.isEmpty())
        m_lastRefusal = tr("This row is read-only: %1.").arg(rowReason);
    else if (column.generated)
        m_lastRefusal = tr("%1 is computed by the database: read-only.").arg(name);
    else if (!column.readOnlyReason.isEmpty())
        m_lastRefusal = tr("%1 is read-only: %2.").arg(name, column.readOnlyReason);
    else if (m_table->isKeyColumn(index.column()) && column.autoIncrement)
        m_lastRefusal = tr("%1 is assigned by the database: read-only.").arg(name);
    else if (shared && shared->isMarkedForDelete())
        m_lastRefusal = tr("This row is marked for delete: undo the delete to edit it.");
    else
        m_lastRefusal = tr("This cell cannot be edited now.");
    Q_EMIT editRefused(m_lastRefusal);
    return true;
}

bool RecordModel::applyEdit(const orm::RecordPtr &record, int column, const QVariant &value) {
    QString error;
    m_lastRefusal.clear();
    if (applyCellInput(*m_session, m_history, record, column, value, &error))
        return true;
    m_lastRefusal = error;
    Q_EMIT editRefused(error);
    return false;
}

} // namespace ui
