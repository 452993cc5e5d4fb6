#include "relatedrecordspane.h"

#include "edithistory.h"
#include "relatedrecordsmodel.h"
#include "tableviews.h"

#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/relatedrows.h"
#include "orm/session.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace ui {

RelatedRecordsPane::RelatedRecordsPane(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_open(new QToolButton(this))
    , m_tabs(new QTabWidget(this)) {
    setObjectName(QStringLiteral("relatedRecordsPane"));
    m_tabs->setObjectName(QStringLiteral("relatedTabs"));
    m_tabs->setDocumentMode(true);
    m_open->setObjectName(QStringLiteral("openRelatedButton"));
    m_open->setText(tr("Open in Its Table"));
    m_open->setToolTip(tr("Show the selected related row in its own table (Ctrl+G); Back "
                          "(Alt+Left) returns here."));
    m_open->setAccessibleName(tr("Open the related row in its table"));
    connect(m_open, &QToolButton::clicked, this, &RelatedRecordsPane::openCurrent);
    connect(m_tabs, &QTabWidget::currentChanged, this, &RelatedRecordsPane::updateOpenButton);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(header);
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
        connect(session, &orm::Session::recordChanged, this,
                [this](orm::Record *record, int column) {
                    if (record == m_record.get())
                        updateHeading();
                    // A parent's label edited: a namesake may appear or go (Namesakes).
                    const orm::Table &table = record->table();
                    if ((column < 0 || table.labelColumns().contains(column)) &&
                        std::any_of(m_parents.cbegin(), m_parents.cend(),
                                    [&table](const orm::RecordPtr &parent) {
                                        return &parent->table() == &table;
                                    }))
                        scheduleParentNamesakes();
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
        if (!relationship->isSimple())
            continue; // shown below with the foreign keys, by their columns
        Tab tab;
        tab.relationship = relationship;
        tab.name = relationship->displayLabel();
        addTab(tab, *relationship->child, QStringLiteral("related_%1").arg(relationship->name));
    }
    // Foreign keys to this table without a simple relationship (composite ones, keys to another
    // unique column): their rows are children as well, named by their columns.
    for (const orm::Table *child : m_session->metadata().tables()) {
        for (int i = 0; i < child->foreignKeys().size(); ++i) {
            const orm::ForeignKey &key = child->foreignKeys().at(i);
            if (key.targetTable != table->name() || orm::relationshipOf(*child, key))
                continue;
            Tab tab;
            tab.kind = Kind::Referring;
            tab.keyTable = child;
            tab.keyIndex = i;
            tab.name = tr("%1 (%2)").arg(child->displayLabel(), child->columnNames(key.columns));
            addTab(tab, *child, QStringLiteral("related_%1_%2").arg(child->name()).arg(i));
        }
    }
    for (const orm::ManyToMany &link : orm::manyToManyFrom(*table)) {
        Tab tab;
        tab.kind = Kind::ManyToMany;
        tab.relationship = link.near;
        tab.farRelationship = link.far;
        tab.name =
            tr("%1 via %2").arg(link.farTable()->displayLabel(), link.junction()->displayLabel());
        addTab(tab, *link.farTable(),
               QStringLiteral("related_%1_via_%2")
                   .arg(link.farTable()->name(), link.junction()->name()));
    }
    for (int i = 0; i < table->foreignKeys().size(); ++i) {
        const orm::ForeignKey &key = table->foreignKeys().at(i);
        const orm::Table *parent = m_session->metadata().table(key.targetTable);
        if (!parent)
            continue;
        Tab tab;
        tab.kind = Kind::Parent;
        tab.keyTable = table;
        tab.keyIndex = i;
        const orm::Relationship *relationship = orm::relationshipOf(*table, key);
        // The reference as the schema names it: "author" (author_id), "reports_to".
        tab.name = relationship ? relationship->backrefName : table->columnNames(key.columns);
        addTab(tab, *parent, QStringLiteral("parent_%1").arg(i));
    }
}

void RelatedRecordsPane::addTab(Tab tab, const orm::Table &shown, const QString &objectName) {
    auto *model = new RelatedRecordsModel(m_session, shown, this);
    model->setEditHistory(m_history);
    if (tab.kind == Kind::Children)
        model->setRelation(nullptr, tab.relationship);
    else
        model->setRelatedRows({});
    auto *view = tableviews::createRecordView(this);
    view->setObjectName(objectName);
    view->setModel(model);
    // The columns that name the shown record say nothing in its own group.
    if (tab.kind == Kind::Children) {
        for (int column : tab.relationship->foreignKeyColumns)
            view->setColumnHidden(column, true);
    }
    if (tab.kind == Kind::Referring) {
        for (int column : tab.keyTable->foreignKeys().at(tab.keyIndex).columns)
            view->setColumnHidden(column, true);
    }
    connect(model, &RelatedRecordsModel::editRefused, this, &RelatedRecordsPane::editRefused);
    connect(model, &QAbstractItemModel::modelReset, this, &RelatedRecordsPane::updateTitles);
    // A parent's title is its label: it follows renames.
    connect(model, &QAbstractItemModel::dataChanged, this, &RelatedRecordsPane::updateTitles);
    if (tab.kind == Kind::Parent) {
        // Another parent shown (the record's key edited): is it a namesake?
        connect(model, &QAbstractItemModel::modelReset, this,
                &RelatedRecordsPane::scheduleParentNamesakes);
        connect(model, &QAbstractItemModel::rowsInserted, this,
                &RelatedRecordsPane::scheduleParentNamesakes);
        connect(model, &QAbstractItemModel::rowsRemoved, this,
                &RelatedRecordsPane::scheduleParentNamesakes);
    }
    connect(model, &QAbstractItemModel::modelReset, view, [view] { tableviews::fitColumns(view); });
    connect(model, &QAbstractItemModel::modelReset, this, &RelatedRecordsPane::updateOpenButton);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this, model](const QModelIndex &current) {
                updateOpenButton();
                Q_EMIT currentRecordChanged(model->record(current.row()));
            });
    tab.view = view;
    tab.model = model;
    m_tabList.append(tab);
    Q_EMIT viewCreated(view);
    m_tabs->addTab(view, tab.name);
    view->setAccessibleName(tab.name);
}

void RelatedRecordsPane::showRows(const Tab &tab, const orm::RecordPtr &record) {
    if (tab.kind == Kind::Children) {
        tab.model->setRelation(record, tab.relationship);
        return;
    }
    QPointer<orm::Session> session = m_session;
    if (!record || !session) {
        tab.model->setRelatedRows({});
        return;
    }
    switch (tab.kind) {
    case Kind::Children:
        break;
    case Kind::ManyToMany: {
        const orm::ManyToMany link{tab.relationship, tab.farRelationship};
        // The junction's rows decide which tracks belong: follow its changes.
        tab.model->setRelatedRows(
            [session, record, link] {
                return session ? orm::farRecords(*session, record, link) : orm::RecordList();
            },
            {link.junction()});
        break;
    }
    case Kind::Referring: {
        const orm::Table *child = tab.keyTable;
        const int keyIndex = tab.keyIndex;
        tab.model->setRelatedRows([session, record, child, keyIndex] {
            return session ? orm::referringRecords(*session, *child,
                                                   child->foreignKeys().at(keyIndex), record)
                           : orm::RecordList();
        });
        break;
    }
    case Kind::Parent: {
        const int keyIndex = tab.keyIndex;
        // Editing the shown record's key points the group at another parent.
        tab.model->setRelatedRows(
            [session, record, keyIndex] {
                if (!session)
                    return orm::RecordList();
                const orm::RecordPtr parent = orm::referencedRecord(
                    *session, record, record->table().foreignKeys().at(keyIndex));
                return parent ? orm::RecordList{parent} : orm::RecordList();
            },
            {&record->table()});
        break;
    }
    }
}

void RelatedRecordsPane::setRecord(const orm::RecordPtr &record) {
    m_record = record;
    const orm::Table *table = record ? &record->table() : nullptr;
    if (table != m_table)
        rebuildTabs(table);
    for (const Tab &tab : std::as_const(m_tabList))
        showRows(tab, record);
    findParentNamesakes();
    updateHeading();
    updateTitles();
    updateOpenButton();
}

void RelatedRecordsPane::findParentNamesakes() {
    m_parentNamesakesDue = false;
    orm::RecordList parents;
    for (const Tab &tab : std::as_const(m_tabList)) {
        if (tab.kind == Kind::Parent && tab.model->rowCount() > 0)
            parents.append(tab.model->record(0));
    }
    m_parentNamesakes =
        m_session ? orm::Namesakes::find(*m_session, parents) : QSet<const orm::Record *>();
    m_parents = parents;
}

void RelatedRecordsPane::scheduleParentNamesakes() {
    if (m_parentNamesakesDue)
        return;
    m_parentNamesakesDue = true;
    QTimer::singleShot(0, this, [this] {
        if (!m_parentNamesakesDue)
            return; // setRecord() found them meanwhile
        findParentNamesakes();
        updateTitles();
    });
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

QString RelatedRecordsPane::titleOf(const Tab &tab) const {
    if (tab.kind != Kind::Parent)
        return tr("%1 (%L2)").arg(tab.name).arg(tab.model->rowCount());
    const orm::RecordPtr parent = tab.model->rowCount() > 0 ? tab.model->record(0) : nullptr;
    // Two parents with one label ("Music", "Music") read as the grid's cells show them.
    const QString label = !parent                                    ? tr("none")
                          : m_parentNamesakes.contains(parent.get()) ? orm::Namesakes::text(parent)
                                                                     : parent->displayText();
    return tr("%1: %2").arg(tab.name, label);
}

void RelatedRecordsPane::updateTitles() {
    for (int i = 0; i < m_tabList.size(); ++i)
        m_tabs->setTabText(i, titleOf(m_tabList.at(i)));
}

QStringList RelatedRecordsPane::groupTitles() const {
    QStringList titles;
    for (int i = 0; i < m_tabs->count(); ++i)
        titles << m_tabs->tabText(i);
    return titles;
}

QTableView *RelatedRecordsPane::viewForGroup(const QString &title) const {
    for (const Tab &tab : m_tabList) {
        if (tab.name == title)
            return tab.view;
    }
    return nullptr;
}

orm::RecordPtr RelatedRecordsPane::currentRelatedRecord() const {
    QTableView *view = currentView();
    RelatedRecordsModel *model = currentModel();
    if (!view || !model || !view->currentIndex().isValid())
        return nullptr;
    return model->record(view->currentIndex().row());
}

bool RelatedRecordsPane::openCurrent() {
    const orm::RecordPtr record = currentRelatedRecord();
    if (!record)
        return false;
    Q_EMIT openRequested(record);
    return true;
}

void RelatedRecordsPane::updateOpenButton() {
    m_open->setEnabled(currentRelatedRecord() != nullptr);
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

RelatedRecordsModel *RelatedRecordsPane::currentModel() const {
    QTableView *view = currentView();
    return view ? qobject_cast<RelatedRecordsModel *>(view->model()) : nullptr;
}

RelatedRecordsModel *RelatedRecordsPane::modelFor(const orm::Relationship &relationship) const {
    const Tab *tab = tabFor(relationship);
    return tab ? tab->model : nullptr;
}

QTableView *RelatedRecordsPane::viewFor(const orm::Relationship &relationship) const {
    const Tab *tab = tabFor(relationship);
    return tab ? tab->view : nullptr;
}

QList<RelatedRecordsModel *> RelatedRecordsPane::models() const {
    QList<RelatedRecordsModel *> result;
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
