#pragma once

#include "orm/types.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QLabel;
class QTabWidget;
class QTableView;

namespace orm {
class Session;
}

namespace ui {

class EditHistory;
class RecordTableModel;

/// The selected record's relations, one tab per one-to-many relationship: an author's books, a
/// book's reviews, a user's borrowed books and reviews. Each tab is a RecordTableModel in
/// relation mode — editable, staged and undoable like the main tables.
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
    RecordTableModel *currentModel() const;
    RecordTableModel *modelFor(const orm::Relationship &relationship) const;
    QTableView *viewFor(const orm::Relationship &relationship) const;
    QList<RecordTableModel *> models() const;
    QList<QTableView *> views() const;

Q_SIGNALS:
    void editRefused(const QString &message);
    /// The current cell of a tab moved to another record.
    void currentRecordChanged(const orm::RecordPtr &record);
    /// A tab's view was made (the owner adds its context menus).
    void viewCreated(QTableView *view);

private:
    struct Tab {
        const orm::Relationship *relationship;
        QTableView *view;
        RecordTableModel *model;
    };
    void rebuildTabs(const orm::Table *table);
    void updateTitles();
    /// The line above the tabs: the shown record's current name and staged state.
    void updateHeading();
    const Tab *tabFor(const orm::Relationship &relationship) const;

    QPointer<orm::Session> m_session;
    QPointer<EditHistory> m_history;
    orm::RecordPtr m_record;
    const orm::Table *m_table = nullptr;
    QLabel *m_title;
    QTabWidget *m_tabs;
    QList<Tab> m_tabList;
};

} // namespace ui
