#pragma once

#include "orm/deletepreview.h"

#include <QDialog>
#include <QHash>
#include <QPair>
#include <QSet>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace ui {

/// Shows what deleting a record would do before anything is staged, from
/// Session::previewDelete(): grouped and counted — records that will be deleted (and why),
/// references that will be set to NULL, records that block the delete, and effects the database
/// itself adds (tagged as such).
///
/// A blocked delete has no Delete button: only Cancel, "Show blocking records", which closes the
/// dialog with ShowBlockers so the caller can reveal them, and — when every blocking row is in a
/// table Shelf may write — "Delete these N rows too", which closes it with DeleteWithDependents
/// so the caller previews that larger delete before anything is staged.
class DeletePreviewDialog : public QDialog {
    Q_OBJECT
public:
    enum Outcome {
        Cancelled = QDialog::Rejected,
        DeleteConfirmed = QDialog::Accepted,
        ShowBlockers,
        DeleteWithDependents ///< "Delete these N rows too": preview the delete with them
    };
    enum class Group { Deleted, Nulled, Blockers, DatabaseEffects };

    explicit DeletePreviewDialog(const orm::DeletePreview &preview, QWidget *parent = nullptr);

    const orm::DeletePreview &preview() const { return m_preview; }
    /// Number of entries in a group (0 when the group is not shown); for DatabaseEffects the
    /// number of rows the database changes by itself.
    int groupCount(Group group) const;
    /// The group's top-level item, or nullptr when the group is empty.
    QTreeWidgetItem *groupItem(Group group) const;
    QTreeWidget *tree() const { return m_tree; }
    /// Rows of a counted group shown at a time ("Show the next 50 …" lists more).
    static constexpr int CountedPageRows = 50;
    QString headline() const;
    QString summary() const;
    QPushButton *deleteButton() const { return m_deleteButton; }             ///< nullptr if blocked
    QPushButton *showBlockersButton() const { return m_showBlockersButton; } ///< nullptr if not
    QPushButton *withDependentsButton() const { return m_withDependentsButton; } ///< nullptr if not
    /// The rows that block the delete, when all of them could be deleted with it (else 0).
    qint64 dependentRows() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Replaces a "Show more" entry by the next rows of its group.
    void showMore(QTreeWidgetItem *item);
    QTreeWidgetItem *addGroup(Group group, const QString &title, int count);
    void fillDeleted();
    /// Rows the preview counted in SQL instead of loading, listed a page at a time: a counted
    /// cascade level (deleted) or rows of a table the database keeps (blocking).
    struct ListedRows {
        const orm::Table *table = nullptr;
        QString condition;
        QVariantList binds;
        qint64 rows = 0;
        bool deleted = true;
    };
    /// Lists up to CountedPageRows rows of `m_listed[index]` from `offset` under `item`,
    /// then an entry that lists the next ones when activated; at child `position` of `item`
    /// (-1: after its last child).
    void listRows(QTreeWidgetItem *item, int index, qint64 offset, int position = -1);
    void fillNulled();
    void fillBlockers();
    void fillDatabaseEffects();
    QString countsByTable() const;

    orm::DeletePreview m_preview;
    QLabel *m_headline;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_showBlockersButton = nullptr;
    QPushButton *m_withDependentsButton = nullptr;
    QTreeWidgetItem *m_groups[4] = {};
    int m_counts[4] = {};
    QList<ListedRows> m_listed;
    /// "Show the next …" entries: which of m_listed, from which row.
    QHash<const QTreeWidgetItem *, QPair<int, qint64>> m_moreRows;
    QSet<const QTreeWidgetItem *> m_countedItems; ///< "120 rows of books"
    QList<QTreeWidgetItem *> m_folded;            ///< counted under counted: shown folded
};

} // namespace ui
