#include "recordtablemodel.h"

#include "orm/namesakes.h"

#include <QTimer>
#include <limits>
#include <utility>

namespace ui {

RecordTableModel::RecordTableModel(orm::Session *session, const orm::Table &table, QObject *parent)
    : RecordModel(session, table, parent)
    , m_pager(session, table) {
}

RecordTableModel::~RecordTableModel() {
    if (m_session)
        dropPages();
}

void RecordTableModel::setPageCacheSize(int pages) {
    m_maxPages = qMax(2, pages);
    evictPages(-1);
}

void RecordTableModel::setFilter(const QString &text) {
    if (text.trimmed() == m_pager.filter().text() || !m_session)
        return;
    m_pager.setFilter(text);
    reload();
}

void RecordTableModel::reload() {
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
    m_newRowNamesakes.clear();
    m_pageSize = m_nextPageSize;
    m_rows = rows;
    m_databaseRows = total;
    endResetModel();
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
    // A record with staged changes (a mark for delete among them) is counted in the session's
    // changes: with none staged, no row of the page can have any, and asking each record would
    // compare every column (8% of a page build, by its profile).
    const bool anyStaged = m_session->hasChanges();
    bool marked = false;
    for (qsizetype i = 0; i < cached.page.records.size(); ++i) {
        const orm::RecordPtr &record = cached.page.records.at(i);
        m_dbIndex.insert(record.get(), first + i);
        marked = marked || (anyStaged && (record->hasChanges() || record->isMarkedForDelete()));
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

bool RecordTableModel::isNamesake(int row, const orm::Record *parent) const {
    // Found with the page the row is on (RecordPager::read); a new row's parents on first paint,
    // so that a new row names "Music (#1)" as the stored rows beside it do.
    const qint64 dbRow = row - m_rows.size();
    if (dbRow < 0) {
        if (!m_session || !parent)
            return false;
        auto known = m_newRowNamesakes.constFind(parent);
        if (known == m_newRowNamesakes.cend()) {
            const orm::RecordPtr held =
                std::const_pointer_cast<orm::Record>(parent->shared_from_this());
            known = m_newRowNamesakes.insert(
                parent, {held, orm::Namesakes::find(*m_session, {held}).contains(parent)});
        }
        return known->second;
    }
    const auto it = m_pages.constFind(dbRow / m_pageSize);
    return it != m_pages.cend() && it->page.namesakes.contains(parent);
}

void RecordTableModel::recheckNamesakes(const orm::Table &parentTable) {
    if (!m_session)
        return;
    for (auto entry = m_newRowNamesakes.begin(); entry != m_newRowNamesakes.end();) {
        if (&entry.key()->table() == &parentTable)
            entry = m_newRowNamesakes.erase(entry);
        else
            ++entry;
    }
    // The parents of that table on every page in memory, found at once (one query per chunk).
    orm::RecordList parents;
    for (const CachedPage &cached : std::as_const(m_pages)) {
        for (const orm::RecordPtr &parent : cached.page.parents) {
            if (&parent->table() == &parentTable)
                parents.append(parent);
        }
    }
    if (parents.isEmpty())
        return;
    QString error;
    const QSet<const orm::Record *> found = orm::Namesakes::find(*m_session, parents, &error);
    if (!error.isEmpty())
        return; // the cells keep what they showed: a log line's worth, as at reading
    for (CachedPage &cached : m_pages) {
        QSet<const orm::Record *> &namesakes = cached.page.namesakes;
        namesakes.removeIf(
            [&parentTable](const orm::Record *record) { return &record->table() == &parentTable; });
        for (const orm::RecordPtr &parent : std::as_const(cached.page.parents)) {
            if (found.contains(parent.get()))
                namesakes.insert(parent.get());
        }
    }
}

orm::RecordPtr RecordTableModel::loadedRecord(int row) const {
    if (row < 0)
        return nullptr;
    if (row < m_rows.size())
        return m_rows.at(row);
    const qint64 dbRow = row - m_rows.size();
    const auto it = m_pages.constFind(dbRow / m_pageSize);
    if (it == m_pages.cend())
        return nullptr;
    const qsizetype at = dbRow - it.key() * m_pageSize;
    return at < it->page.records.size() ? it->page.records.at(at) : nullptr;
}

int RecordTableModel::ensureLoaded(const orm::Record *record, int maxPages) {
    int row = rowOf(record);
    if (row >= 0 || !record || !m_session || &record->table() != m_table ||
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
        recount();
    });
}

void RecordTableModel::recount() {
    if (!m_session)
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
    // -1 is the key's own order, as QSortFilterProxyModel reads it: "no column".
    if (column < -1 || column >= m_table->columnCount())
        return;
    if (column < 0)
        column = m_table->primaryKey();
    if (m_pager.setOrder(column, order))
        reload();
}

orm::RecordPtr RecordTableModel::record(int row) const {
    if (row < 0)
        return nullptr;
    if (row < m_rows.size())
        return m_rows.at(row);
    return databaseRecord(row - m_rows.size());
}

int RecordTableModel::rowOf(const orm::Record *record) const {
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).get() == record)
            return row;
    }
    const qint64 dbRow = m_dbIndex.value(record, -1);
    return dbRow < 0 ? -1 : int(m_rows.size() + dbRow);
}

void RecordTableModel::insertRecord(int row, const orm::RecordPtr &record) {
    beginInsertRows(QModelIndex(), row, row);
    m_rows.insert(row, record);
    endInsertRows();
}

void RecordTableModel::removeRowAt(int row) {
    beginRemoveRows(QModelIndex(), row, row);
    forgetMarks(m_rows.at(row).get());
    m_rows.removeAt(row);
    endRemoveRows();
}

void RecordTableModel::onRecordAdded(orm::Record *record) {
    if (&record->table() != m_table || record->state() != orm::ObjectState::Pending ||
        rowOf(record) >= 0)
        return;
    const orm::RecordPtr shared = record->shared_from_this();
    if (m_pager.filter().matches(shared))
        insertRecord(int(m_rows.size()), shared);
}

void RecordTableModel::onRecordRemoved(orm::Record *record) {
    if (&record->table() != m_table)
        return;
    const int row = rowOf(record);
    if (row >= 0 && row < m_rows.size())
        removeRowAt(row);
    else if (row >= 0)
        scheduleRecount(); // a database row left the session: count again
}

int RecordTableModel::rowCount(const QModelIndex &parent) const {
    if (parent.isValid())
        return 0;
    return int(qMin<qint64>(m_rows.size() + qMax<qint64>(0, m_databaseRows),
                            std::numeric_limits<int>::max()));
}

} // namespace ui
