#pragma once

#include "orm/types.h"

#include <QList>
#include <QPointer>
#include <QSet>
#include <QWidget>

class QLabel;
class QTabWidget;
class QTableView;
class QToolButton;

namespace orm {
class Session;
class Table;
struct ForeignKey;
} // namespace orm

namespace ui {

class EditHistory;
class RelatedRecordsModel;

/// The selected record's relations, one tab (a group) each, in this order:
/// - its children along each one-to-many relationship, counted: an author's books, a customer's
///   invoices; two foreign keys of one table to this one are two groups named after their
///   columns ("Employees (reports_to)"); a composite foreign key (an invoice line's shipments)
///   is a group too, read from the database;
/// - through each junction table (orm::isJunction()), the rows at the far side: a playlist's
///   tracks through playlist_track;
/// - its parents, one per foreign key of the record, titled with the key and the parent's label
///   ("customer_code: Company BONAP").
/// Each tab is a RelatedRecordsModel — editable, staged and undoable like the main
/// tables. Open (the button, Ctrl+G, the cell menu) shows the current row in its own table.
class RelatedRecordsPane : public QWidget {
    Q_OBJECT
public:
    explicit RelatedRecordsPane(QWidget *parent = nullptr);

    void setSession(orm::Session *session, EditHistory *history);
    /// Shows `record`'s relations (nullptr: nothing).
    void setRecord(const orm::RecordPtr &record);
    orm::RecordPtr record() const { return m_record; }
    /// The line above the tabs: "Related to Book 'It'", following renames and delete marks.
    QString heading() const;

    /// Brings the relationship's tab forward and selects `records` in it.
    void showRelationship(const orm::Relationship &relationship,
                          const orm::RecordList &records = {});
    QTableView *currentView() const;
    RelatedRecordsModel *currentModel() const;
    RelatedRecordsModel *modelFor(const orm::Relationship &relationship) const;
    QTableView *viewFor(const orm::Relationship &relationship) const;
    QList<RelatedRecordsModel *> models() const;
    QList<QTableView *> views() const;
    /// The tab titles, in order ("Invoices (2)", "Tracks via Playlist Track (3)").
    QStringList groupTitles() const;
    /// The view of the group titled `title` without its count ("Tracks via Playlist Track"), or
    /// nullptr.
    QTableView *viewForGroup(const QString &title) const;
    /// The record of the current group's current row, or nullptr.
    orm::RecordPtr currentRelatedRecord() const;
    /// Asks to show the current group's current row in its own table (openRequested()).
    bool openCurrent();
    QToolButton *openButton() const { return m_open; }

Q_SIGNALS:
    void editRefused(const QString &message);
    /// The current cell of a tab moved to another record.
    void currentRecordChanged(const orm::RecordPtr &record);
    /// A tab's view was made (the owner adds its context menus).
    void viewCreated(QTableView *view);
    /// The user asked to see `record` in its own table.
    void openRequested(const orm::RecordPtr &record);

private:
    enum class Kind { Children, ManyToMany, Referring, Parent };
    struct Tab {
        Kind kind = Kind::Children;
        const orm::Relationship *relationship = nullptr; ///< Children; ManyToMany: to the junction
        const orm::Relationship *farRelationship = nullptr; ///< ManyToMany: far table → junction
        const orm::Table *keyTable = nullptr; ///< Referring, Parent: the table of `keyIndex`
        int keyIndex = -1;                    ///< in keyTable->foreignKeys()
        QString name;                         ///< the title without the count
        QTableView *view = nullptr;
        RelatedRecordsModel *model = nullptr;
    };
    void rebuildTabs(const orm::Table *table);
    void addTab(Tab tab, const orm::Table &shown, const QString &objectName);
    /// Points the tab's model at `record`'s rows of its kind.
    void showRows(const Tab &tab, const orm::RecordPtr &record);
    QString titleOf(const Tab &tab) const;
    /// Which of the parents the Parent tabs show share their label with another row (Namesakes,
    /// one query per parent table for all tabs): their titles add the key, as the grid's cells.
    void findParentNamesakes();
    /// findParentNamesakes() and the titles once the current change is done (a parent tab's row
    /// changed, or a parent's label was edited).
    void scheduleParentNamesakes();
    void updateOpenButton();
    void updateTitles();
    /// The line above the tabs: the shown record's current name and staged state.
    void updateHeading();
    const Tab *tabFor(const orm::Relationship &relationship) const;

    QPointer<orm::Session> m_session;
    QPointer<EditHistory> m_history;
    orm::RecordPtr m_record;
    const orm::Table *m_table = nullptr;
    QLabel *m_title;
    QToolButton *m_open;
    QTabWidget *m_tabs;
    QList<Tab> m_tabList;
    orm::RecordList m_parents; ///< what m_parentNamesakes was found for (held, so it stays valid)
    QSet<const orm::Record *> m_parentNamesakes;
    bool m_parentNamesakesDue = false;
};

} // namespace ui
