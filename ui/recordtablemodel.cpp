#include "recordtablemodel.h"

#include "cellinput.h"
#include "cellpresenter.h"
#include "cellstyle.h"
#include "edithistory.h"
#include "recordvalues.h"

#include <QTimer>
#include <limits>
#include <utility>

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
        if (isRelationMode()) {
            sweepDetached();
            refreshAll();
            if (m_rowSource)
                scheduleRelationSync(); // what it reads may have moved with the commit
            return;
        }
        recount();
    });
    connect(session, &orm::Session::rolledBack, this, [this] {
        clearErrorMark();
        if (isRelationMode()) {
            syncRelation();
            return;
        }
        recount();
    });
    // dropAll() and createAll() come in pairs: reload once the schema is back.
    connect(session, &orm::Session::schemaChanged, this, [this] {
        if (m_reloadScheduled)
            return;
        m_reloadScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_reloadScheduled = false;
            if (m_rowSource)
                setRelatedRows({}, m_watched);
            else if (isRelationMode())
                setRelation(nullptr, m_relationship);
            else
                reload();
        });
    });
}

RecordTableModel::~RecordTableModel() {
    if (m_session)
        dropPages();
}

void RecordTableModel::setPageCacheSize(int pages) {
    m_maxPages = qMax(2, pages);
    evictPages(-1);
}

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
    if (relationship)
        dropPages();
    m_relationParent = parent;
    m_relationship = relationship;
    m_rowSource = nullptr;
    m_watched.clear();
    m_rows = children;
    m_databaseRows = relationship ? -1 : m_databaseRows;
    m_indexDirty = true;
    endResetModel();
}

void RecordTableModel::setRelatedRows(RowSource read, const QList<const orm::Table *> &watched) {
    if (!read)
        read = [] { return orm::RecordList(); };
    // Read before the reset: a query may emit session signals, which must not land inside
    // beginResetModel()/endResetModel().
    const orm::RecordList rows = m_session ? read() : orm::RecordList();
    if (m_session)
        RecordPager::prefetchParents(*m_session, *m_table, rows);
    beginResetModel();
    dropPages();
    m_relationParent.reset();
    m_relationship = nullptr;
    m_rowSource = std::move(read);
    m_watched = watched;
    m_rows = rows;
    m_databaseRows = -1;
    m_indexDirty = true;
    endResetModel();
}

orm::RecordList RecordTableModel::relatedRows() const {
    if (m_rowSource)
        return m_session ? m_rowSource() : orm::RecordList();
    if (m_relationship && m_relationParent && m_relationParent->session() == m_session)
        return m_relationParent->children(*m_relationship);
    return {};
}

bool RecordTableModel::watches(const orm::Table &table) const {
    return isRelationMode() && (&table == m_table || m_watched.contains(&table));
}

void RecordTableModel::setFilter(const QString &text) {
    if (text.trimmed() == m_pager.filter().text() || !m_session)
        return;
    m_pager.setFilter(text);
    reload();
}

void RecordTableModel::reload() {
    if (m_rowSource) {
        setRelatedRows(m_rowSource, m_watched);
        return;
    }
    if (isRelationMode()) {
        setRelation(m_relationParent, m_relationship);
        return;
    }
    // Count before the reset: a query may emit session signals, which must not land inside
    // beginResetModel()/endResetModel().
    orm::RecordList rows;
    qint64 total = 0;
    if (m_session) {
        for (const orm::RecordPtr &record : m_session->newRecords(*m_table)) {
            if (m_pager.filter().matches(record))
                rows.append(record);
        }
        QString error;
        total = qMax<qint64>(0, m_pager.count(&error));
        reportLoadError(error);
    }
    beginResetModel();
    dropPages();
    m_pageSize = m_nextPageSize;
    m_rows = rows;
    m_databaseRows = total;
    endResetModel();
}

void RecordTableModel::reportLoadError(const QString &error) {
    if (!error.isEmpty())
        Q_EMIT loadFailed(error);
}

void RecordTableModel::loadPage(qint64 page) {
    const qint64 first = page * m_pageSize;
    const qint64 rows = qMin<qint64>(m_pageSize, m_databaseRows - first);
    if (!m_session || rows <= 0)
        return;
    // Neighbouring pages' boundary rows let the read continue from them.
    orm::RecordPtr before;
    orm::RecordPtr after;
    if (auto it = m_pages.constFind(page - 1);
        it != m_pages.cend() && !it->failed && it->page.records.size() == m_pageSize)
        before = it->page.records.last();
    if (auto it = m_pages.constFind(page + 1);
        it != m_pages.cend() && !it->failed && !it->page.records.isEmpty())
        after = it->page.records.first();
    QString error;
    CachedPage cached;
    cached.page = m_pager.read(first, rows, m_databaseRows, before, after, &error);
    cached.failed = !error.isEmpty();
    cached.lastUse = ++m_useClock;
    bool marked = false;
    for (qsizetype i = 0; i < cached.page.records.size(); ++i) {
        const orm::RecordPtr &record = cached.page.records.at(i);
        m_dbIndex.insert(record.get(), first + i);
        marked = marked || record->hasChanges() || record->isMarkedForDelete();
    }
    m_pages.insert(page, std::move(cached));
    evictPages(page);
    reportLoadError(error);
    // The vertical header answers for rows not in memory without reading them: tell it what
    // these rows really are.
    if (marked) {
        const int offset = int(m_rows.size());
        Q_EMIT headerDataChanged(Qt::Vertical, offset + int(first), offset + int(first + rows - 1));
    }
}

void RecordTableModel::evictPages(qint64 keep) {
    while (m_pages.size() > m_maxPages) {
        auto oldest = m_pages.end();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it.key() != keep && (oldest == m_pages.end() || it->lastUse < oldest->lastUse))
                oldest = it;
        }
        if (oldest == m_pages.end())
            return;
        const qint64 first = oldest.key() * m_pageSize;
        RecordPager::Page page = std::move(oldest->page);
        m_pages.erase(oldest);
        for (qsizetype i = 0; i < page.records.size(); ++i) {
            auto found = m_dbIndex.find(page.records.at(i).get());
            if (found != m_dbIndex.end() && found.value() == first + i)
                m_dbIndex.erase(found);
        }
        // Staged records (and those held elsewhere) stay in the session: pinned.
        if (m_session) {
            m_session->releaseUnused(std::move(page.records));
            m_session->releaseUnused(std::move(page.parents));
        }
    }
}

void RecordTableModel::dropPages() {
    QHash<qint64, CachedPage> pages;
    pages.swap(m_pages);
    m_dbIndex.clear();
    if (!m_session)
        return;
    for (CachedPage &cached : pages) {
        m_session->releaseUnused(std::move(cached.page.records));
        m_session->releaseUnused(std::move(cached.page.parents));
    }
}

orm::RecordPtr RecordTableModel::databaseRecord(qint64 row) const {
    if (row < 0 || row >= m_databaseRows)
        return nullptr;
    const qint64 page = row / m_pageSize;
    auto *self = const_cast<RecordTableModel *>(this);
    auto it = self->m_pages.find(page);
    if (it == self->m_pages.end()) {
        self->loadPage(page);
        it = self->m_pages.find(page);
        if (it == self->m_pages.end())
            return nullptr;
    } else {
        it->lastUse = ++self->m_useClock;
    }
    const qsizetype at = row - page * m_pageSize;
    return at < it->page.records.size() ? it->page.records.at(at) : nullptr;
}

orm::RecordPtr RecordTableModel::loadedRecord(int row) const {
    if (row < 0)
        return nullptr;
    if (isRelationMode() || row < m_rows.size())
        return row < m_rows.size() ? m_rows.at(row) : nullptr;
    const qint64 dbRow = row - m_rows.size();
    const auto it = m_pages.constFind(dbRow / m_pageSize);
    if (it == m_pages.cend())
        return nullptr;
    const qsizetype at = dbRow - it.key() * m_pageSize;
    return at < it->page.records.size() ? it->page.records.at(at) : nullptr;
}

int RecordTableModel::ensureLoaded(const orm::Record *record, int maxPages) {
    int row = rowOf(record);
    if (row >= 0 || isRelationMode() || !record || !m_session || &record->table() != m_table ||
        record->session() != m_session)
        return row;
    const orm::RecordPtr shared = std::const_pointer_cast<orm::Record>(record->shared_from_this());
    QString error;
    const qint64 position = m_pager.positionOf(shared, &error);
    reportLoadError(error);
    if (position >= 0 && position < m_databaseRows) {
        (void)databaseRecord(position);
        row = rowOf(record);
        if (row >= 0)
            return row;
    }
    const qint64 pages = (m_databaseRows + m_pageSize - 1) / m_pageSize;
    for (qint64 page = 0; row < 0 && page < qMin<qint64>(pages, maxPages); ++page) {
        (void)databaseRecord(page * m_pageSize);
        row = rowOf(record);
    }
    return row;
}

void RecordTableModel::scheduleRecount() {
    if (m_recountScheduled)
        return;
    m_recountScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_recountScheduled = false;
        if (!isRelationMode())
            recount();
    });
}

void RecordTableModel::recount() {
    if (!m_session || isRelationMode())
        return;
    orm::RecordList rows;
    for (const orm::RecordPtr &record : m_session->newRecords(*m_table)) {
        if (m_pager.filter().matches(record))
            rows.append(record);
    }
    QString error;
    const qint64 total = qMax<qint64>(0, m_pager.count(&error));
    reportLoadError(error);
    // Where the records behind persistent indexes (the current row, the selection) are now: one
    // COUNT per record (counting emits no session signal, so it may run inside the change).
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    QHash<const orm::Record *, int> moved;
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before) {
        const orm::RecordPtr record = loadedRecord(index.row());
        if (!record) {
            const bool inRange = index.row() < rows.size() + total;
            after.append(inRange ? createIndex(index.row(), index.column()) : QModelIndex());
            continue;
        }
        auto found = moved.constFind(record.get());
        if (found == moved.cend()) {
            int row = -1;
            if (const qsizetype at = rows.indexOf(record); at >= 0) {
                row = int(at);
            } else if (record->session() == m_session &&
                       record->state() == orm::ObjectState::Persistent) {
                const qint64 position = m_pager.positionOf(record, &error);
                if (position >= 0 && position < total)
                    row = int(rows.size() + position);
            }
            found = moved.insert(record.get(), row);
        }
        after.append(*found < 0 ? QModelIndex() : createIndex(*found, index.column()));
    }
    dropPages();
    m_rows = rows;
    m_databaseRows = total;
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged();
    Q_EMIT headerDataChanged(Qt::Vertical, 0, qMax(0, rowCount() - 1));
}

void RecordTableModel::sort(int column, Qt::SortOrder order) {
    if (isRelationMode() || column < 0 || column >= m_table->columnCount())
        return;
    if (m_pager.setOrder(column, order))
        reload();
}

orm::RecordPtr RecordTableModel::record(int row) const {
    if (row < 0)
        return nullptr;
    if (row < m_rows.size())
        return m_rows.at(row);
    return isRelationMode() ? nullptr : databaseRecord(row - m_rows.size());
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
    if (isRelationMode()) {
        rebuildIndex();
        return m_rowIndex.value(record, -1);
    }
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).get() == record)
            return row;
    }
    const qint64 dbRow = m_dbIndex.value(record, -1);
    return dbRow < 0 ? -1 : int(m_rows.size() + dbRow);
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
    const orm::Record *gone = m_rows.at(row).get();
    m_marks.removeIf([gone](const Mark &mark) { return mark.record == gone; });
    m_rows.removeAt(row);
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
    if (rowCount() == 0)
        return;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
}

void RecordTableModel::refreshForeignKeysTo(const orm::Table &parentTable) {
    if (rowCount() == 0)
        return;
    for (const orm::Relationship *relationship : m_table->parentRelationships()) {
        if (relationship->parent != &parentTable)
            continue;
        const int column = relationship->foreignKeyColumn;
        Q_EMIT dataChanged(index(0, column), index(rowCount() - 1, column));
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
    const orm::RecordList children = relatedRows();
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
    if (&record->table() != m_table) {
        if (watches(record->table()))
            scheduleRelationSync();
        return;
    }
    if (isRelationMode()) {
        scheduleRelationSync();
        return;
    }
    if (record->state() != orm::ObjectState::Pending || rowOf(record) >= 0)
        return;
    const orm::RecordPtr shared = record->shared_from_this();
    if (m_pager.filter().matches(shared))
        insertRecord(int(m_rows.size()), shared);
}

void RecordTableModel::onRecordRemoved(orm::Record *record) {
    if (isRelationMode() && record == m_relationParent.get()) {
        setRelation(nullptr, m_relationship);
        return;
    }
    if (&record->table() != m_table) {
        if (watches(record->table()))
            scheduleRelationSync();
        return;
    }
    if (isRelationMode()) {
        scheduleRelationSync();
        return;
    }
    const int row = rowOf(record);
    if (row >= 0 && row < m_rows.size())
        removeRow(row);
    else if (row >= 0)
        scheduleRecount(); // a database row left the session: count again
}

void RecordTableModel::onRecordChanged(orm::Record *record, int column) {
    if (&record->table() != m_table) {
        refreshForeignKeysTo(record->table());
        if (watches(record->table()))
            scheduleRelationSync();
        return;
    }
    if (m_rowSource || (m_relationship && column == m_relationship->foreignKeyColumn))
        scheduleRelationSync();
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

void RecordTableModel::onRecordStateChanged(orm::Record *record) {
    if (&record->table() != m_table) {
        refreshForeignKeysTo(record->table());
        if (watches(record->table()))
            scheduleRelationSync();
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
    addErrorMark(record, column, message);
}

void RecordTableModel::addErrorMark(const orm::Record *record, int column, const QString &message) {
    if (!record)
        return;
    m_marks.append(Mark{record, record->weak_from_this(), column, message});
    emitRowChanged(record);
}

void RecordTableModel::clearErrorMark() {
    const QList<Mark> marks = std::exchange(m_marks, {});
    for (const Mark &mark : marks) {
        if (!mark.alive.expired())
            emitRowChanged(mark.record);
    }
}

void RecordTableModel::emitRowChanged(const orm::Record *record) {
    const int row = rowOf(record);
    if (row >= 0) {
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, row, row);
    }
}

const RecordTableModel::Mark *RecordTableModel::markFor(const orm::Record *record,
                                                        int column) const {
    for (const Mark &mark : m_marks) {
        if (mark.record == record && (mark.column < 0 || mark.column == column) &&
            !mark.alive.expired())
            return &mark;
    }
    return nullptr;
}

const RecordTableModel::Mark *RecordTableModel::rowMark(const orm::Record *record) const {
    for (const Mark &mark : m_marks) {
        if (mark.record == record && !mark.alive.expired())
            return &mark;
    }
    return nullptr;
}

bool RecordTableModel::isValidCell(const QModelIndex &index) const {
    return index.isValid() && index.model() == this && !index.parent().isValid() &&
           index.row() < rowCount() && index.column() < columnCount();
}

int RecordTableModel::rowCount(const QModelIndex &parent) const {
    if (parent.isValid())
        return 0;
    if (isRelationMode())
        return int(m_rows.size());
    return int(qMin<qint64>(m_rows.size() + qMax<qint64>(0, m_databaseRows),
                            std::numeric_limits<int>::max()));
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
    default: {
        const Mark *mark = markFor(shared.get(), column);
        return CellPresenter::data(shared, column, role,
                                   mark ? ErrorMark{mark->record, mark->column, mark->message}
                                        : ErrorMark{});
    }
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
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

Qt::ItemFlags RecordTableModel::flags(const QModelIndex &index) const {
    if (!isValidCell(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const orm::RecordPtr shared = record(index.row());
    if (!shared)
        return Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    // What the database assigns (an identity or rowid key, a generated column) and what Shelf
    // keeps read-only (a view, a column the role may not change) is shown, not edited; a key the
    // user gives (a customer code, an invoice line's number) is edited like any value.
    const orm::Column &column = m_table->column(index.column());
    const bool assigned = m_table->isKeyColumn(index.column()) && column.autoIncrement;
    if (!assigned && column.isWritable() && !m_table->isReadOnly() &&
        !shared->isMarkedForDelete() && shared->session() == m_session)
        result |= Qt::ItemIsEditable;
    return result;
}

bool RecordTableModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) {
        m_lastRefusal = tr("This cell cannot be edited now.");
        return false;
    }
    return applyEdit(record(index.row()), index.column(), value);
}

bool RecordTableModel::applyEdit(const orm::RecordPtr &record, int column, const QVariant &value) {
    QString error;
    m_lastRefusal.clear();
    if (applyCellInput(*m_session, m_history, record, column, value, &error))
        return true;
    m_lastRefusal = error;
    Q_EMIT editRefused(error);
    return false;
}

} // namespace ui
