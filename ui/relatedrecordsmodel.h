#pragma once

#include "recordmodel.h"

#include <QHash>
#include <QSet>
#include <functional>

namespace ui {

/// The rows related to one record, as the session holds them in memory: one parent's children
/// along a relationship (an author's books, staged re-parenting included; setRelation()), or
/// rows related another way that a function reads (a row's parent, a playlist's tracks through
/// its junction rows; setRelatedRows()). No paging, no sorting: the rows are few. The rows are
/// read again, once per turn of the event loop, when the session says something changed that
/// may change them.
class RelatedRecordsModel : public RecordModel {
    Q_OBJECT
public:
    RelatedRecordsModel(orm::Session *session, const orm::Table &table, QObject *parent = nullptr);

    /// Shows `parent`'s children along `relationship` (whose child is this table). nullptr shows
    /// nothing.
    void setRelation(const orm::RecordPtr &parent, const orm::Relationship *relationship);
    const orm::Relationship *relationship() const override { return m_relationship; }
    orm::RecordPtr relationParent() const override { return m_relationParent; }

    /// What setRelatedRows() reads: the rows related to one record, in their order.
    using RowSource = std::function<orm::RecordList()>;
    /// Shows rows that are not one relationship's children: `read` gives them (no function:
    /// nothing), and is asked again when records of this table or of a `watched` one are added,
    /// removed or changed, and after commit and rollback. New rows cannot be linked here:
    /// relationship() is null.
    void setRelatedRows(RowSource read, const QList<const orm::Table *> &watched = {});

    /// Reads the rows again now.
    void reload();

    bool isRelated() const override { return true; }
    orm::RecordPtr record(int row) const override;
    int rowOf(const orm::Record *record) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;

protected:
    orm::RecordPtr loadedRecord(int row) const override { return record(row); }
    bool isNamesake(int row, const orm::Record *parent) const override {
        Q_UNUSED(row);
        return m_namesakes.contains(parent);
    }
    void recheckNamesakes(const orm::Table &parentTable) override;
    void onRecordAdded(orm::Record *record) override;
    void onRecordRemoved(orm::Record *record) override;
    void onRecordChanged(orm::Record *record, int column) override;
    void onRecordStateChanged(orm::Record *record) override;
    void onCommitted() override;
    void onRolledBack() override;
    void onSchemaChanged() override;

private:
    /// The rows as they are now (children, or what the row source reads).
    orm::RecordList currentRows() const;
    bool watches(const orm::Table &table) const;
    void sync();
    void scheduleSync();
    /// Commit: rows that left the session (deleted) leave the model.
    void sweepDetached();
    void removeRowAt(int row);
    void rebuildIndex() const;

    orm::RecordList m_rows;
    /// The rows' parents, held while m_namesakes names some of them (Namesakes): found when the
    /// rows are set and when a staged edit changes a parent's label, not again as rows come and
    /// go.
    orm::RecordList m_parents;
    QSet<const orm::Record *> m_namesakes;
    mutable QHash<const orm::Record *, int> m_rowIndex;
    mutable bool m_indexDirty = true;
    orm::RecordPtr m_relationParent;
    const orm::Relationship *m_relationship = nullptr;
    RowSource m_rowSource; ///< set by setRelatedRows(); never an empty function then
    QList<const orm::Table *> m_watched;
    bool m_syncScheduled = false;
};

} // namespace ui
