#include "recordtablemodel.h"

#include "cellinput.h"
#include "cellpresenter.h"
#include "cellstyle.h"
#include "edithistory.h"
#include "recordvalues.h"

#include <QTimer>

namespace ui {

RecordTableModel::RecordTableModel(orm::Session *session, const orm::Table &table, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_table(&table)
    , m_pager(session, table) {
    Q_ASSERT(session);
    connect(session, &orm::Session::recordAdded, this, &RecordTableModel::onRecordAdded);
    connect(session, &orm::Session::recordRemoved, this, &RecordTableModel::onRecordRemoved);
    connect(session, &orm::Session::recordChanged, this, &RecordTableModel::onRecordChanged);
    connect(session, &orm::Session::recordStateChanged, this,
            &RecordTableModel::onRecordStateChanged);
    connect(session, &orm::Session::committed, this, [this] {
        clearErrorMark();
        sweepDetached();
        refreshAll();
    });
    connect(session, &orm::Session::rolledBack, this, [this] {
        clearErrorMark();
        if (isRelationMode()) {
            syncRelation();
            return;
        }
        sweepDetached();
        refreshAll();
    });
    // dropAll() and createAll() come in pairs: reload once the schema is back.
    connect(session, &orm::Session::schemaChanged, this, [this] {
        if (m_reloadScheduled)
            return;
        m_reloadScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_reloadScheduled = false;
            if (isRelationMode())
                setRelation(nullptr, m_relationship);
            else
                reload();
        });
    });
}

RecordTableModel::~RecordTableModel() = default;

void RecordTableModel::setEditHistory(EditHistory *history) {
    m_history = history;
}

void RecordTableModel::setRelation(const orm::RecordPtr &parent,
                                   const orm::Relationship *relationship) {
    Q_ASSERT(!relationship || relationship->child == m_table);
    orm::RecordList children;
    if (parent && relationship && parent->session() == m_session) {
        children = parent->children(*relationship);
        RecordPager::prefetchParents(*m_session, *m_table, children);
    }
    beginResetModel();
    m_relationParent = parent;
    m_relationship = relationship;
    m_rows = children;
    m_newCount = 0;
    m_indexDirty = true;
    endResetModel();
}

void RecordTableModel::setFilter(const QString &text) {
    if (text.trimmed() == m_pager.filter().text() || !m_session)
        return;
    m_pager.setFilter(text);
    reload();
}

void RecordTableModel::reload() {
    if (isRelationMode()) {
        setRelation(m_relationParent, m_relationship);
        return;
    }
    // Query before the reset: loading rows may emit session signals, which must not land inside
    // beginResetModel()/endResetModel().
    orm::RecordList rows;
    int newCount = 0;
    if (m_session) {
        for (const orm::RecordPtr &record : m_session->newRecords(*m_table)) {
            if (m_pager.filter().matches(record))
                rows.insert(newCount++, record);
        }
        QString error;
        const orm::RecordList page = m_pager.restart(&error);
        reportLoadError(error);
        m_databaseRows = m_pager.atEnd() ? page.size() : m_pager.count();
        for (const orm::RecordPtr &record : page) {
            if (!rows.contains(record))
                rows.append(record);
        }
    }
    beginResetModel();
    m_rows = rows;
    m_newCount = newCount;
    m_indexDirty = true;
    endResetModel();
}

void RecordTableModel::reportLoadError(const QString &error) {
    if (!error.isEmpty())
        Q_EMIT loadFailed(error);
}

bool RecordTableModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && !isRelationMode() && !m_pager.atEnd() && m_session;
}

void RecordTableModel::fetchMore(const QModelIndex &parent) {
    if (!canFetchMore(parent))
        return;
    QString error;
    const orm::RecordList page = m_pager.next(&error);
    reportLoadError(error);
    rebuildIndex();
    orm::RecordList fresh;
    for (const orm::RecordPtr &record : page) {
        if (!m_rowIndex.contains(record.get()))
            fresh.append(record);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
    m_rows.append(fresh);
    m_indexDirty = true;
    endInsertRows();
}

int RecordTableModel::ensureLoaded(const orm::Record *record, int maxPages) {
    int row = rowOf(record);
    for (int page = 0; row < 0 && page < maxPages && canFetchMore(QModelIndex()); ++page) {
        fetchMore(QModelIndex());
        row = rowOf(record);
    }
    return row;
}

void RecordTableModel::sort(int column, Qt::SortOrder order) {
    if (isRelationMode() || column < 0 || column >= m_table->columnCount())
        return;
    if (m_pager.setOrder(column, order))
        reload();
}

orm::RecordPtr RecordTableModel::record(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : nullptr;
}

void RecordTableModel::rebuildIndex() const {
    if (!m_indexDirty)
        return;
    m_rowIndex.clear();
    m_rowIndex.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowIndex.insert(m_rows.at(row).get(), row);
    m_indexDirty = false;
}

int RecordTableModel::rowOf(const orm::Record *record) const {
    rebuildIndex();
    return m_rowIndex.value(record, -1);
}

QModelIndex RecordTableModel::indexOf(const orm::Record *record, int column) const {
    const int row = rowOf(record);
    return row < 0 ? QModelIndex() : index(row, qMax(0, column));
}

void RecordTableModel::insertRecord(int row, const orm::RecordPtr &record) {
    beginInsertRows(QModelIndex(), row, row);
    m_rows.insert(row, record);
    m_indexDirty = true;
    endInsertRows();
}

void RecordTableModel::removeRow(int row) {
    beginRemoveRows(QModelIndex(), row, row);
    if (m_rows.at(row).get() == m_errorRecord)
        m_errorRecord = nullptr;
    m_rows.removeAt(row);
    if (row < m_newCount)
        --m_newCount;
    else if (!isRelationMode())
        m_pager.forgetRow();
    m_indexDirty = true;
    endRemoveRows();
}

void RecordTableModel::sweepDetached() {
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const orm::RecordPtr &record = m_rows.at(row);
        if (record->session() != m_session || record->state() == orm::ObjectState::Detached ||
            record->state() == orm::ObjectState::Transient)
            removeRow(row);
    }
}

void RecordTableModel::refreshAll() {
    if (m_rows.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, 0, int(m_rows.size()) - 1);
}

void RecordTableModel::refreshForeignKeysTo(const orm::Table &parentTable) {
    if (m_rows.isEmpty())
        return;
    for (const orm::Relationship *relationship : m_table->parentRelationships()) {
        if (relationship->parent != &parentTable)
            continue;
        const int column = relationship->foreignKeyColumn;
        Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column));
    }
}

void RecordTableModel::scheduleRelationSync() {
    if (m_syncScheduled)
        return;
    m_syncScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_syncScheduled = false;
        syncRelation();
    });
}

void RecordTableModel::syncRelation() {
    if (!isRelationMode())
        return;
    orm::RecordList children;
    if (m_relationParent && m_relationParent->session() == m_session)
        children = m_relationParent->children(*m_relationship);
    if (children == m_rows) {
        refreshAll();
        return;
    }
    beginResetModel();
    m_rows = children;
    m_indexDirty = true;
    endResetModel();
}

void RecordTableModel::onRecordAdded(orm::Record *record) {
    if (&record->table() != m_table)
        return;
    if (isRelationMode()) {
        scheduleRelationSync();
        return;
    }
    if (record->state() != orm::ObjectState::Pending || rowOf(record) >= 0)
        return;
    const orm::RecordPtr shared = record->shared_from_this();
    if (m_pager.filter().matches(shared))
        insertRecord(m_newCount++, shared);
}

void RecordTableModel::onRecordRemoved(orm::Record *record) {
    if (isRelationMode() && record == m_relationParent.get()) {
        setRelation(nullptr, m_relationship);
        return;
    }
    if (&record->table() != m_table)
        return;
    if (isRelationMode()) {
        scheduleRelationSync();
        return;
    }
    const int row = rowOf(record);
    if (row >= 0)
        removeRow(row);
}

void RecordTableModel::onRecordChanged(orm::Record *record, int column) {
    if (&record->table() != m_table) {
        refreshForeignKeysTo(record->table());
        return;
    }
    if (isRelationMode() && column == m_relationship->foreignKeyColumn)
        scheduleRelationSync();
    const int row = rowOf(record);
    if (row < 0)
        return;
    if (record == m_errorRecord && (column == m_errorColumn || m_errorColumn < 0))
        clearErrorMark();
    const bool whole = column < 0 || column >= columnCount();
    Q_EMIT dataChanged(index(row, whole ? 0 : column),
                       index(row, whole ? columnCount() - 1 : column));
    Q_EMIT headerDataChanged(Qt::Vertical, row, row);
}

void RecordTableModel::onRecordStateChanged(orm::Record *record) {
    if (&record->table() != m_table) {
        refreshForeignKeysTo(record->table());
        return;
    }
    if (isRelationMode())
        scheduleRelationSync();
    const int row = rowOf(record);
    if (row < 0)
        return;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, row, row);
}

void RecordTableModel::markError(const orm::Record *record, int column, const QString &message) {
    clearErrorMark();
    m_errorRecord = record;
    m_errorColumn = column;
    m_errorMessage = message;
    const int row = rowOf(record);
    if (row >= 0) {
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, row, row);
    }
}

void RecordTableModel::clearErrorMark() {
    if (!m_errorRecord)
        return;
    const int row = rowOf(m_errorRecord);
    m_errorRecord = nullptr;
    m_errorColumn = -1;
    m_errorMessage.clear();
    if (row >= 0) {
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, row, row);
    }
}

bool RecordTableModel::isValidCell(const QModelIndex &index) const {
    return index.isValid() && index.model() == this && !index.parent().isValid() &&
           index.row() < m_rows.size() && index.column() < columnCount();
}

int RecordTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : m_table->columnCount();
}

RecordTableModel::RowState RecordTableModel::rowState(int row) const {
    const orm::RecordPtr shared = record(row);
    if (!shared)
        return RowState::Unchanged;
    if (shared->isMarkedForDelete())
        return RowState::MarkedForDelete;
    if (shared->state() == orm::ObjectState::Pending)
        return RowState::New;
    return shared->hasChanges() ? RowState::Modified : RowState::Unchanged;
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const {
    if (!isValidCell(index))
        return {};
    const orm::RecordPtr &shared = m_rows.at(index.row());
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
        if (shared.get() == m_errorRecord && (m_errorColumn < 0 || m_errorColumn == column))
            return m_errorMessage;
        return {};
    default:
        return CellPresenter::data(shared, column, role,
                                   {m_errorRecord, m_errorColumn, m_errorMessage});
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= columnCount())
            return {};
        return CellPresenter::columnHeader(*m_table, section, role);
    }
    const orm::RecordPtr shared = record(section);
    if (shared && shared.get() == m_errorRecord) {
        // The row a failed commit names: marked in the header too, so it is found when scrolling.
        if (role == Qt::DisplayRole)
            return QStringLiteral("!");
        if (role == Qt::ToolTipRole)
            return m_errorMessage;
        if (role == Qt::BackgroundRole)
            return cellstyle::errorBackground();
    }
    return shared ? CellPresenter::rowHeader(shared, section, role) : QVariant();
}

Qt::ItemFlags RecordTableModel::flags(const QModelIndex &index) const {
    if (!isValidCell(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const orm::RecordPtr &shared = m_rows.at(index.row());
    const bool keyColumn = index.column() == m_table->primaryKey();
    if (!keyColumn && !shared->isMarkedForDelete() && shared->session() == m_session)
        result |= Qt::ItemIsEditable;
    return result;
}

bool RecordTableModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    return applyEdit(m_rows.at(index.row()), index.column(), value);
}

bool RecordTableModel::applyEdit(const orm::RecordPtr &record, int column, const QVariant &value) {
    QString error;
    if (applyCellInput(*m_session, m_history, record, column, value, &error))
        return true;
    Q_EMIT editRefused(error);
    return false;
}

} // namespace ui
