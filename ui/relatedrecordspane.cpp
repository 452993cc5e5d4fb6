#include "relatedrecordspane.h"

#include "edithistory.h"
#include "recordtablemodel.h"
#include "tableviews.h"

#include "orm/record.h"
#include "orm/session.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

RelatedRecordsPane::RelatedRecordsPane(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tabs(new QTabWidget(this)) {
    setObjectName(QStringLiteral("relatedRecordsPane"));
    m_tabs->setObjectName(QStringLiteral("relatedTabs"));
    m_tabs->setDocumentMode(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);
    setRecord(nullptr);
}

void RelatedRecordsPane::setSession(orm::Session *session, EditHistory *history) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        // The title names the shown record: it follows renames and delete marks, and the pane
        // empties when the record leaves the session (a rolled-back new record, a committed
        // delete).
        connect(session, &orm::Session::recordChanged, this, [this](orm::Record *record) {
            if (record == m_record.get())
                updateHeading();
        });
        connect(session, &orm::Session::recordStateChanged, this, [this](orm::Record *record) {
            if (record == m_record.get())
                updateHeading();
        });
        connect(session, &orm::Session::recordRemoved, this, [this](orm::Record *record) {
            if (record == m_record.get())
                setRecord(nullptr);
        });
    }
    m_history = history;
    m_record.reset();
    rebuildTabs(nullptr);
    setRecord(nullptr);
}

void RelatedRecordsPane::rebuildTabs(const orm::Table *table) {
    m_table = table;
    m_tabs->clear();
    for (const Tab &tab : std::as_const(m_tabList)) {
        tab.view->deleteLater();
        tab.model->deleteLater();
    }
    m_tabList.clear();
    if (!table || !m_session)
        return;
    for (const orm::Relationship *relationship : table->childRelationships()) {
        auto *model = new RecordTableModel(m_session, *relationship->child, this);
        model->setEditHistory(m_history);
        model->setRelation(nullptr, relationship);
        auto *view = tableviews::createRecordView(this);
        view->setObjectName(QStringLiteral("related_%1").arg(relationship->name));
        view->setModel(model);
        view->setColumnHidden(relationship->foreignKeyColumn, true); // it is the shown record
        connect(model, &RecordTableModel::editRefused, this, &RelatedRecordsPane::editRefused);
        connect(model, &QAbstractItemModel::modelReset, this, &RelatedRecordsPane::updateTitles);
        connect(model, &QAbstractItemModel::modelReset, view,
                [view] { tableviews::fitColumns(view); });
        connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
                [this, model](const QModelIndex &current) {
                    Q_EMIT currentRecordChanged(model->record(current.row()));
                });
        m_tabList.append({relationship, view, model});
        Q_EMIT viewCreated(view);
        m_tabs->addTab(view, relationship->displayLabel());
    }
}

void RelatedRecordsPane::setRecord(const orm::RecordPtr &record) {
    m_record = record;
    const orm::Table *table = record ? &record->table() : nullptr;
    if (table != m_table)
        rebuildTabs(table);
    for (const Tab &tab : std::as_const(m_tabList))
        tab.model->setRelation(record, tab.relationship);
    updateHeading();
    updateTitles();
}

void RelatedRecordsPane::updateHeading() {
    if (!m_record) {
        m_title->setText(tr("Select a record to see its related records."));
        return;
    }
    const QString name = m_record->displayName();
    QString text = m_tabList.isEmpty() ? tr("%1 has no related records.").arg(name)
                                       : tr("Related to %1").arg(name);
    if (m_record->isMarkedForDelete())
        text = tr("%1 (marked for delete)").arg(text);
    else if (m_record->state() == orm::ObjectState::Pending)
        text = tr("%1 (new)").arg(text);
    m_title->setText(text);
}

QString RelatedRecordsPane::heading() const {
    return m_title->text();
}

void RelatedRecordsPane::updateTitles() {
    for (int i = 0; i < m_tabList.size(); ++i) {
        const Tab &tab = m_tabList.at(i);
        m_tabs->setTabText(
            i, tr("%1 (%2)").arg(tab.relationship->displayLabel()).arg(tab.model->rowCount()));
    }
}

const RelatedRecordsPane::Tab *
RelatedRecordsPane::tabFor(const orm::Relationship &relationship) const {
    for (const Tab &tab : m_tabList) {
        if (tab.relationship == &relationship)
            return &tab;
    }
    return nullptr;
}

void RelatedRecordsPane::showRelationship(const orm::Relationship &relationship,
                                          const orm::RecordList &records) {
    const Tab *tab = tabFor(relationship);
    if (!tab)
        return;
    m_tabs->setCurrentWidget(tab->view);
    tab->view->clearSelection();
    for (const orm::RecordPtr &record : records) {
        const QModelIndex index = tab->model->indexOf(record.get());
        if (index.isValid())
            tab->view->selectionModel()->select(index, QItemSelectionModel::Select |
                                                           QItemSelectionModel::Rows);
    }
    if (!records.isEmpty()) {
        const QModelIndex first = tab->model->indexOf(records.first().get());
        if (first.isValid())
            tab->view->scrollTo(first);
    }
}

QTableView *RelatedRecordsPane::currentView() const {
    return qobject_cast<QTableView *>(m_tabs->currentWidget());
}

RecordTableModel *RelatedRecordsPane::currentModel() const {
    QTableView *view = currentView();
    return view ? qobject_cast<RecordTableModel *>(view->model()) : nullptr;
}

RecordTableModel *RelatedRecordsPane::modelFor(const orm::Relationship &relationship) const {
    const Tab *tab = tabFor(relationship);
    return tab ? tab->model : nullptr;
}

QTableView *RelatedRecordsPane::viewFor(const orm::Relationship &relationship) const {
    const Tab *tab = tabFor(relationship);
    return tab ? tab->view : nullptr;
}

QList<RecordTableModel *> RelatedRecordsPane::models() const {
    QList<RecordTableModel *> result;
    for (const Tab &tab : m_tabList)
        result << tab.model;
    return result;
}

QList<QTableView *> RelatedRecordsPane::views() const {
    QList<QTableView *> result;
    for (const Tab &tab : m_tabList)
        result << tab.view;
    return result;
}

} // namespace ui
