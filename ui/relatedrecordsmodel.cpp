#include "relatedrecordsmodel.h"

#include "recordpager.h"

#include "orm/namesakes.h"

#include <QTimer>
#include <algorithm>

namespace ui {

RelatedRecordsModel::RelatedRecordsModel(orm::Session *session, const orm::Table &table,
                                         QObject *parent)
    : RecordModel(session, table, parent) {
}

void RelatedRecordsModel::setRelation(const orm::RecordPtr &parent,
                                      const orm::Relationship *relationship) {
    Q_ASSERT(!relationship || relationship->child == m_table);
    orm::RecordList children;
    orm::RecordList parents;
    if (parent && relationship && parent->session() == m_session) {
        children = parent->children(*relationship);
        parents = RecordPager::prefetchParents(*m_session, *m_table, children);
    }
    QSet<const orm::Record *> namesakes =
        m_session ? orm::Namesakes::find(*m_session, parents) : QSet<const orm::Record *>();
    beginResetModel();
    m_parents = std::move(parents);
    m_namesakes = std::move(namesakes);
    m_relationParent = parent;
    m_relationship = relationship;
    m_rowSource = nullptr;
    m_watched.clear();
    m_rows = children;
    m_indexDirty = true;
    endResetModel();
}

void RelatedRecordsModel::setRelatedRows(RowSource read, const QList<const orm::Table *> &watched) {
    if (!read)
        read = [] { return orm::RecordList(); };
    // Read before the reset: a query may emit session signals, which must not land inside
    // beginResetModel()/endResetModel().
    const orm::RecordList rows = m_session ? read() : orm::RecordList();
    orm::RecordList parents;
    if (m_session)
        parents = RecordPager::prefetchParents(*m_session, *m_table, rows);
    QSet<const orm::Record *> namesakes =
        m_session ? orm::Namesakes::find(*m_session, parents) : QSet<const orm::Record *>();
    beginResetModel();
    m_parents = std::move(parents);
    m_namesakes = std::move(namesakes);
    m_relationParent.reset();
    m_relationship = nullptr;
    m_rowSource = std::move(read);
    m_watched = watched;
    m_rows = rows;
    m_indexDirty = true;
    endResetModel();
}

void RelatedRecordsModel::reload() {
    if (m_rowSource)
        setRelatedRows(m_rowSource, m_watched);
    else
        setRelation(m_relationParent, m_relationship);
}

orm::RecordList RelatedRecordsModel::currentRows() const {
    if (m_rowSource)
        return m_session ? m_rowSource() : orm::RecordList();
    if (m_relationship && m_relationParent && m_relationParent->session() == m_session)
        return m_relationParent->children(*m_relationship);
    return {};
}

bool RelatedRecordsModel::watches(const orm::Table &table) const {
    return &table == m_table || m_watched.contains(&table);
}

orm::RecordPtr RelatedRecordsModel::record(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : nullptr;
}

void RelatedRecordsModel::rebuildIndex() const {
    if (!m_indexDirty)
        return;
    m_rowIndex.clear();
    m_rowIndex.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowIndex.insert(m_rows.at(row).get(), row);
    m_indexDirty = false;
}

int RelatedRecordsModel::rowOf(const orm::Record *record) const {
    rebuildIndex();
    return m_rowIndex.value(record, -1);
}

int RelatedRecordsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

void RelatedRecordsModel::scheduleSync() {
    if (m_syncScheduled)
        return;
    m_syncScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_syncScheduled = false;
        sync();
    });
}

void RelatedRecordsModel::sync() {
    const orm::RecordList rows = currentRows();
    if (rows == m_rows) {
        refreshAll();
        return;
    }
    beginResetModel();
    m_rows = rows;
    m_indexDirty = true;
    endResetModel();
}

void RelatedRecordsModel::removeRowAt(int row) {
    beginRemoveRows(QModelIndex(), row, row);
    forgetMarks(m_rows.at(row).get());
    m_rows.removeAt(row);
    m_indexDirty = true;
    endRemoveRows();
}

void RelatedRecordsModel::sweepDetached() {
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const orm::RecordPtr &record = m_rows.at(row);
        if (record->session() != m_session || record->state() == orm::ObjectState::Detached ||
            record->state() == orm::ObjectState::Transient)
            removeRowAt(row);
    }
}

void RelatedRecordsModel::onRecordAdded(orm::Record *record) {
    if (watches(record->table()))
        scheduleSync();
}

void RelatedRecordsModel::onRecordRemoved(orm::Record *record) {
    if (record == m_relationParent.get()) {
        setRelation(nullptr, m_relationship);
        return;
    }
    if (watches(record->table()))
        scheduleSync();
}

void RelatedRecordsModel::onRecordChanged(orm::Record *record, int column) {
    const bool ownTable = &record->table() == m_table;
    // Only a child's foreign key moves it between parents; what a row source reads may depend on
    // any value of the tables it watches.
    if (m_rowSource ? watches(record->table())
                    : ownTable && m_relationship && m_relationship->hasForeignKeyColumn(column))
        scheduleSync();
    RecordModel::onRecordChanged(record, column);
}

void RelatedRecordsModel::recheckNamesakes(const orm::Table &parentTable) {
    const bool shown =
        std::any_of(m_parents.cbegin(), m_parents.cend(), [&parentTable](const orm::RecordPtr &p) {
            return &p->table() == &parentTable;
        });
    if (m_session && shown)
        m_namesakes = orm::Namesakes::find(*m_session, m_parents);
}

void RelatedRecordsModel::onRecordStateChanged(orm::Record *record) {
    if (watches(record->table()))
        scheduleSync();
    RecordModel::onRecordStateChanged(record);
}

void RelatedRecordsModel::onCommitted() {
    sweepDetached();
    refreshAll();
    if (m_rowSource)
        scheduleSync(); // what it reads may have moved with the commit
}

void RelatedRecordsModel::onRolledBack() {
    sync();
}

void RelatedRecordsModel::onSchemaChanged() {
    if (m_rowSource)
        setRelatedRows({}, m_watched);
    else
        setRelation(nullptr, m_relationship);
}

} // namespace ui
