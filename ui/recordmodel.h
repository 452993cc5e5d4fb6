#pragma once

#include "orm/session.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>
#include <QSet>
#include <memory>

namespace ui {

class EditHistory;

/// What every table of records shows the same way, whichever rows it holds: the base of
/// RecordTableModel (a table's rows, paged) and RelatedRecordsModel (the rows related to one
/// record), as QSqlQueryModel is the base of Qt's SQL table models.
///
/// Staged state is shown through the standard roles: a modified cell is tinted and its tooltip
/// gives the committed value, new rows are tinted and marked in the vertical header, rows marked
/// for delete (also by a cascade) are struck through and greyed, and a foreign key that a delete
/// will set to NULL shows as a staged edit. Foreign key columns display the referenced record's
/// display text; their EditRole is the id, ParentRecordRole the record.
///
/// Edits go through an EditHistory when one is set (so they can be undone), else straight to the
/// records. The model follows the session's signals; it never polls. Subclasses say which rows
/// there are (record(), rowOf(), rowCount()) and how they follow the session's changes.
class RecordModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RecordRole = Qt::UserRole + 1, ///< orm::RecordPtr of the row
        ParentRecordRole,              ///< orm::RecordPtr a foreign key cell refers to
        ModifiedRole,                  ///< bool: the cell holds a staged change
        CommittedValueRole,            ///< the committed value of the cell
        RowStateRole,                  ///< RowState as int
        ErrorRole, ///< the failed commit's message for the cell it names, else invalid
        /// What the database fills an empty cell of a new row with at commit ("default: 0"),
        /// CellPresenter::databaseDefaultText(); invalid for every other cell
        DatabaseDefaultRole,
    };
    enum class RowState { Unchanged, New, Modified, MarkedForDelete };
    Q_ENUM(RowState)

    const orm::Table &table() const { return *m_table; }
    orm::Session *session() const { return m_session; }
    void setEditHistory(EditHistory *history);

    /// The record of a row, reading it if the subclass reads on demand; nullptr past the end.
    virtual orm::RecordPtr record(int row) const = 0;
    /// The row of a record in memory (never reads); -1 when it is not a row.
    virtual int rowOf(const orm::Record *record) const = 0;
    QModelIndex indexOf(const orm::Record *record, int column = 0) const;
    RowState rowState(int row) const;

    /// True when the rows are related to one record (RelatedRecordsModel), not a table's rows.
    virtual bool isRelated() const { return false; }
    /// The relationship whose children the rows are, and the record whose children they are:
    /// new rows made here become its children. nullptr for rows that are not children.
    virtual const orm::Relationship *relationship() const { return nullptr; }
    virtual orm::RecordPtr relationParent() const { return nullptr; }

    /// Marks one cell (or a whole row with column -1) as the cause of a failed commit (the only
    /// mark: others are cleared).
    void markError(const orm::Record *record, int column, const QString &message);
    /// Marks one more cell: a failed commit may have found several problems.
    void addErrorMark(const orm::Record *record, int column, const QString &message);
    void clearErrorMark();
    /// A cell's whole text as the grid shows it (what Copy takes): a foreign key to a parent that
    /// shares its label reads "Music (#8)", as the cell does; long text is not cut short.
    QString shownText(int row, int column) const;

    /// Why the last setData() was refused (what editRefused() said); empty after one that worked.
    QString lastRefusal() const { return m_lastRefusal; }
    /// Says through editRefused() why `index` takes no edit (a column the database computes, a
    /// key it assigns, a read-only table, a row marked for delete), for a user who asked to edit
    /// it; false, saying nothing, when it takes one.
    bool explainReadOnly(const QModelIndex &index);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /// A row that is not in memory is not read for this: what its column and table allow
    /// (QItemSelectionModel asks every row of a selected column, each time a header paints:
    /// 2,700,000 rows read one page after another froze the window for 11 s). loadedFlags()
    /// reads the row first, for the exact answer.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /// flags() of the row read into memory: whether it takes an edit (its key may be NULL, it may
    /// be marked for delete), asked before a paste or a fill changes rows off screen.
    Qt::ItemFlags loadedFlags(const QModelIndex &index) const;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    /// An edit was refused; the sentence says why, for the status bar.
    void editRefused(const QString &message);
    /// A query failed; the sentence says why.
    void loadFailed(const QString &message);

protected:
    RecordModel(orm::Session *session, const orm::Table &table, QObject *parent);

    /// The record of a row if it is in memory now; never reads (the vertical header asks).
    virtual orm::RecordPtr loadedRecord(int row) const = 0;
    /// What a cell of `column` allows in any row of the table (`newRow`: one not stored yet).
    Qt::ItemFlags columnFlags(int column, bool newRow) const;
    /// The flags of a cell of `column` in `record`'s row (nullptr: a row that could not be read).
    Qt::ItemFlags cellFlags(int column, const orm::Record *record) const;
    /// Whether `parent`, which a foreign key of row `row` refers to, shares its label with
    /// another row of its table (Namesakes): the cell then adds its key. Never reads.
    virtual bool isNamesake(int row, const orm::Record *parent) const {
        Q_UNUSED(row);
        Q_UNUSED(parent);
        return false;
    }

    /// A staged edit changed the label of a record of `parentTable`, which this model's foreign
    /// keys refer to: find its namesakes again for the parents in memory (Namesakes), so that a
    /// new namesake gets its key and a former one loses it before the page is read again.
    virtual void recheckNamesakes(const orm::Table &parentTable) { Q_UNUSED(parentTable); }

    // The session's signals, as each model follows them.
    virtual void onRecordAdded(orm::Record *record) = 0;
    virtual void onRecordRemoved(orm::Record *record) = 0;
    /// A value changed: by default the cell (or row) is repainted and a foreign key to another
    /// table's changed record shows its new name.
    virtual void onRecordChanged(orm::Record *record, int column);
    virtual void onRecordStateChanged(orm::Record *record);
    /// After commit and rollback (error marks are cleared first).
    virtual void onCommitted() = 0;
    virtual void onRolledBack() = 0;
    /// The schema was dropped and created again: read everything anew.
    virtual void onSchemaChanged() = 0;
    /// Whether the model stops following the per-record signals while the session changes many
    /// records at once (Session::manyChanging()), and then reads its rows again in
    /// onManyChanged(): a model that inserts or removes rows one by one does.
    virtual bool waitsOutManyChanges() const { return false; }
    /// After many changes it waited out (only when it missed a signal).
    virtual void onManyChanged() {}

    bool isValidCell(const QModelIndex &index) const;
    void reportLoadError(const QString &error);
    void refreshAll();
    void refreshForeignKeysTo(const orm::Table &parentTable);
    /// Drops the error marks of a record that is no longer a row.
    void forgetMarks(const orm::Record *record);

    QPointer<orm::Session> m_session;
    const orm::Table *m_table;
    QPointer<EditHistory> m_history;

private:
    bool applyEdit(const orm::RecordPtr &record, int column, const QVariant &value);
    /// True while the model waits out many changes (noting that it missed one).
    bool waitingOut();

    /// A cell (or row, column -1) a failed commit names, while its record lives (its address may
    /// be reused after: evicted pages free their records).
    struct Mark {
        const orm::Record *record = nullptr;
        std::weak_ptr<const orm::Record> alive;
        int column = -1;
        QString message;
    };
    QList<Mark> m_marks;
    /// The mark on that cell (or on its whole row), or nullptr.
    const Mark *markFor(const orm::Record *record, int column) const;
    /// The first mark on that record, or nullptr.
    const Mark *rowMark(const orm::Record *record) const;
    void emitRowChanged(const orm::Record *record);
    QString m_lastRefusal;
    QSet<const orm::Table *> m_namesakeTables; ///< label edits whose namesakes are due
    bool m_reloadScheduled = false;
    bool m_waitingOut = false;    ///< between Session::manyChanging() and manyChanged()
    bool m_missedChanges = false; ///< a per-record signal came meanwhile
};

} // namespace ui
