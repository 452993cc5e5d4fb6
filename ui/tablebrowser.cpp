#include "tablebrowser.h"

#include "edithistory.h"
#include "recordfilter.h"
#include "recordtablemodel.h"
#include "relatedrecordsmodel.h"
#include "relatedrecordspane.h"
#include "tablemenus.h"
#include "tableorder.h"
#include "tableviews.h"

#include "orm/session.h"

#include <QApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace ui {

TableBrowser::TableBrowser(QWidget *parent)
    : QWidget(parent)
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_tabs(new QTabWidget(this))
    , m_related(new RelatedRecordsPane(this))
    , m_navigation(new NavigationHistory(this)) {
    setObjectName(QStringLiteral("tableBrowser"));
    m_tabs->setObjectName(QStringLiteral("tableTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_splitter->setObjectName(QStringLiteral("browserSplitter"));
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(m_related);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({520, 260}); // until the saved state is restored
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    connect(m_tabs, &QTabWidget::currentChanged, this, &TableBrowser::onCurrentTabChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &TableBrowser::closeTable);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &TableBrowser::openTablesChanged);
    connect(m_related, &RelatedRecordsPane::editRefused, this, &TableBrowser::editRefused);
    connect(m_related, &RelatedRecordsPane::viewCreated, this,
            [this](QTableView *view) { tablemenus::install(view, this, m_deleteAction); });
    connect(m_related, &RelatedRecordsPane::currentRecordChanged, this,
            &TableBrowser::activeRecordChanged);
    connect(m_related, &RelatedRecordsPane::openRequested, this,
            [this](const orm::RecordPtr &record) {
                if (commitOpenEditor())
                    goTo(record);
            });
    connect(qApp, &QApplication::focusChanged, this, &TableBrowser::onFocusChanged);
}

void TableBrowser::setSession(orm::Session *session, EditHistory *history,
                              const QStringList &openTables, const QString &currentTable) {
    if (session != m_session)
        m_navigation->clear(); // the places were the other database's
    m_session = session;
    m_history = history;
    m_related->setSession(session, history);
    {
        const QSignalBlocker blocker(m_tabs);
        m_tabs->clear();
        qDeleteAll(m_views);
        qDeleteAll(m_models);
        m_views.clear();
        m_models.clear();
        m_kept.clear();
        if (session) {
            for (const orm::Table *table : tablesToOpen(session->metadata(), openTables))
                createTab(*table);
            if (const orm::Table *current = session->metadata().table(currentTable))
                if (QTableView *view = viewFor(*current))
                    m_tabs->setCurrentWidget(view);
        }
    }
    m_activeView = currentView();
    m_shownView = currentView();
    updateRelated();
    // Detaching (no session) is not the user closing tabs: what is remembered stays.
    if (session)
        Q_EMIT openTablesChanged();
    Q_EMIT currentTableChanged();
    focusCurrentTable();
}

QList<const orm::Table *> TableBrowser::tablesToOpen(const orm::Metadata &metadata,
                                                     const QStringList &names) {
    QList<const orm::Table *> tables;
    for (const QString &name : names) {
        if (const orm::Table *table = metadata.table(name); table && !tables.contains(table))
            tables << table;
    }
    if (!tables.isEmpty())
        return tables;
    // Shelf's own library has four tables: all of them, as ever. Any other database may have
    // hundreds, and each tab reads a page: the first table only, the navigator has the rest.
    if (!metadata.isReflected())
        return metadata.tables();
    // The first the Tables dock lists.
    const QList<const orm::Table *> all = metadata.tables();
    if (const auto first = std::min_element(all.begin(), all.end(), tableorder::byName);
        first != all.end())
        tables << *first;
    return tables;
}

QTableView *TableBrowser::createTab(const orm::Table &table) {
    auto *model = new RecordTableModel(m_session, table, this);
    model->setEditHistory(m_history);
    auto *view = tableviews::createRecordView(m_tabs);
    view->setObjectName(QStringLiteral("table_%1").arg(table.name()));
    view->setAccessibleName(table.displayLabel()); // a screen reader names the grid as its tab
    view->setModel(model);
    // A one-column key starts sorted by it; a key of several columns (a junction, invoice
    // lines) starts in key order with no column marked, since sorting by its first column would
    // sort by the referenced rows' labels and page by offset. Set before sorting is enabled,
    // which sorts by the indicator's column.
    view->horizontalHeader()->setSortIndicator(table.primaryKey(), Qt::AscendingOrder);
    view->setSortingEnabled(true);
    tablemenus::install(view, this, m_deleteAction);
    model->reload();
    ensureCurrentCell(view); // a record is selected, so the related pane shows something
    connect(model, &RecordTableModel::editRefused, this, &TableBrowser::editRefused);
    connect(model, &RecordTableModel::loadFailed, this, &TableBrowser::loadFailed);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateRelated();
        Q_EMIT activeRecordChanged();
    });
    // A reset (sort, filter, refresh) forgets the view's current index: remember the record and
    // select it again when it is still a row, so Delete and the related pane keep acting on
    // what the user chose; when it is gone, they say so.
    connect(model, &QAbstractItemModel::modelAboutToBeReset, view,
            [this, view, model] { rememberCurrent(view, model); });
    connect(model, &QAbstractItemModel::modelReset, this, [this, view, model] {
        restoreCurrent(view, model);
        ensureCurrentCell(view);
        updateRelated();
        Q_EMIT activeRecordChanged();
    });
    // A commit or rollback counts again (a layout change): rows may be gone, and with them the
    // current one.
    connect(model, &QAbstractItemModel::layoutChanged, this, [this, view] {
        ensureCurrentCell(view);
        updateRelated();
        Q_EMIT activeRecordChanged();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &TableBrowser::rowsChanged);
    connect(model, &QAbstractItemModel::layoutChanged, this, &TableBrowser::rowsChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TableBrowser::rowsChanged);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TableBrowser::rowsChanged);
    // Fitted once, to the first rows shown: a filter or a sort must not make the columns jump
    // under the user's eyes (or undo the widths they chose). A table opened empty is fitted when
    // rows first come: an import or a commit counts again (a layout change), as a reset does. (A
    // row being typed is not waited for: its columns would move under the editor.)
    connect(model, &QAbstractItemModel::modelReset, view,
            [view] { tableviews::fitColumnsOnce(view); });
    connect(model, &QAbstractItemModel::layoutChanged, view,
            [view] { tableviews::fitColumnsOnce(view); });
    tableviews::fitColumnsOnce(view);
    m_models << model;
    m_views << view;
    const int tab = m_tabs->addTab(view, table.displayLabel());
    m_tabs->setTabToolTip(
        tab, table.isReadOnly()
                 ? tr("%1 (read-only: %2)").arg(table.displayLabel(), table.readOnlyReason())
                 : table.displayLabel());
    return view;
}

bool TableBrowser::openTable(const orm::Table &table) {
    if (!showTab(table))
        return false;
    if (currentView() == m_preview)
        m_preview = nullptr; // asked for: kept
    return true;
}

bool TableBrowser::previewTable(const orm::Table &table) {
    const QScopedValueRollback leaveFocus(m_leaveFocus, true);
    // Leaving the table stages its open editor; a refused value keeps it shown, and opens no tab.
    if (viewFor(table) != currentView() && !commitOpenEditor())
        return false;
    const bool hadTab = viewFor(table) != nullptr;
    const QPointer<QTableView> previous = m_preview;
    if (!showTab(table))
        return false;
    if (hadTab)
        return true;
    m_preview = currentView();
    // The tab it replaces holds no open editor (typing there would have kept it). A table with
    // staged changes (imported rows, a paste) keeps its tab, so they stay in sight.
    const qsizetype at = m_views.indexOf(previous);
    if (at >= 0 && !m_session->changedTables().contains(&m_models.at(at)->table()))
        closeTable(m_tabs->indexOf(previous));
    return true;
}

bool TableBrowser::showTab(const orm::Table &table) {
    if (!m_session || !m_session->metadata().tables().contains(&table))
        return false;
    QTableView *view = viewFor(table);
    if (!view) {
        {
            // Not shown yet: the current-tab change below does the switching work once.
            const QSignalBlocker blocker(m_tabs);
            view = createTab(table);
        }
        Q_EMIT openTablesChanged();
    }
    if (m_tabs->currentWidget() != view)
        m_tabs->setCurrentWidget(view);
    else
        focusCurrentTable();
    return currentView() == view;
}

bool TableBrowser::closeTable(int tab) {
    auto *view = qobject_cast<QTableView *>(m_tabs->widget(tab));
    const qsizetype at = m_views.indexOf(view);
    if (at < 0)
        return false;
    // A value typed in the table's open editor is staged first (staged edits live in the
    // session, not in the tab, so closing the tab loses none of them); a refused value keeps
    // the tab open.
    if (!tableviews::commitOpenEditor(view))
        return false;
    RecordTableModel *model = m_models.takeAt(at);
    m_views.removeAt(at);
    m_kept.remove(view);
    m_tabs->removeTab(tab); // the current-tab change shows the next table
    delete view;
    delete model;
    if (m_tabs->count() == 0) {
        m_activeView = nullptr;
        m_shownView = nullptr;
        updateRelated();
        Q_EMIT currentTableChanged();
        Q_EMIT activeRecordChanged();
    }
    Q_EMIT openTablesChanged();
    return true;
}

QStringList TableBrowser::openTableNames() const {
    QStringList names;
    for (int tab = 0; tab < m_tabs->count(); ++tab) {
        const qsizetype at = m_views.indexOf(qobject_cast<QTableView *>(m_tabs->widget(tab)));
        if (at >= 0)
            names << m_models.at(at)->table().name();
    }
    return names;
}

void TableBrowser::onCurrentTabChanged() {
    QTableView *target = currentView();
    if (!m_views.contains(m_shownView))
        m_shownView = nullptr; // its tab was closed
    if (m_shownView && m_shownView != target && hasOpenEditor()) {
        // Leaving the table staged what was typed there (the editor's focus-out); an editor still
        // open holds a refused value: go back to it, and stay unless it is accepted now.
        {
            const QSignalBlocker blocker(m_tabs);
            m_tabs->setCurrentWidget(m_shownView);
        }
        if (!commitOpenEditor())
            return;
        const QSignalBlocker blocker(m_tabs);
        m_tabs->setCurrentWidget(target);
    }
    m_shownView = target;
    m_activeView = target;
    updateRelated();
    Q_EMIT currentTableChanged();
    Q_EMIT activeRecordChanged();
    focusCurrentTable();
}

void TableBrowser::ensureCurrentCell(QTableView *view) {
    auto *model = qobject_cast<RecordModel *>(view->model());
    if (!model || view->currentIndex().isValid() || model->rowCount() == 0)
        return;
    int column = 0;
    while (column < model->columnCount() &&
           (view->isColumnHidden(column) ||
            !(model->flags(model->index(0, column)) & Qt::ItemIsEditable)))
        ++column;
    if (column == model->columnCount())
        column = 0;
    view->setCurrentIndex(model->index(0, column));
}

void TableBrowser::focusCurrentTable() {
    if (QTableView *view = currentView()) {
        ensureCurrentCell(view);
        if (!m_leaveFocus)
            view->setFocus(Qt::OtherFocusReason);
    }
}

QList<QTableView *> TableBrowser::allViews() const {
    return m_views + m_related->views();
}

bool TableBrowser::hasOpenEditor() const {
    const QList<QTableView *> views = allViews();
    return std::any_of(views.cbegin(), views.cend(),
                       [](const QTableView *view) { return tableviews::hasOpenEditor(view); });
}

bool TableBrowser::commitOpenEditor() {
    for (QTableView *view : allViews()) {
        if (!tableviews::commitOpenEditor(view))
            return false;
    }
    return true;
}

void TableBrowser::rememberCurrent(QTableView *view, RecordTableModel *model) {
    const QModelIndex current = view->currentIndex();
    if (const orm::RecordPtr record = current.isValid() ? model->record(current.row()) : nullptr)
        m_kept.insert(view, {record, current.column()});
    else
        m_kept.remove(view);
}

void TableBrowser::restoreCurrent(QTableView *view, RecordTableModel *model) {
    const KeptCurrent kept = m_kept.take(view);
    const orm::RecordPtr record = kept.record.lock();
    if (!record || !m_session ||
        !RecordFilter(*m_session, model->table(), model->filter()).matches(record))
        return;
    // A few pages at most: the COUNT query finds the row in one step for every sortable order.
    const int row = model->ensureLoaded(record.get(), 2);
    if (row < 0)
        return;
    const QModelIndex index = model->index(row, qBound(0, kept.column, model->columnCount() - 1));
    view->setCurrentIndex(index);
    view->scrollTo(index);
}

void TableBrowser::updateRelated() {
    QTableView *view = currentView();
    RecordTableModel *model = currentModel();
    orm::RecordPtr record;
    if (view && model && view->currentIndex().isValid())
        record = model->record(view->currentIndex().row());
    if (record != m_related->record())
        m_related->setRecord(record);
}

void TableBrowser::onFocusChanged(QWidget *, QWidget *now) {
    Q_EMIT editingChanged();
    for (QWidget *widget = now; widget; widget = widget->parentWidget()) {
        if (auto *view = qobject_cast<QTableView *>(widget)) {
            if (view == m_preview)
                m_preview = nullptr; // the user works in it: kept
            if (m_views.contains(view) || m_related->isAncestorOf(view)) {
                if (m_activeView != view) {
                    m_activeView = view;
                    Q_EMIT activeRecordChanged();
                }
            }
            return;
        }
    }
}

RecordTableModel *TableBrowser::modelFor(const orm::Table &table) const {
    for (RecordTableModel *model : m_models) {
        if (&model->table() == &table)
            return model;
    }
    return nullptr;
}

QTableView *TableBrowser::viewFor(const orm::Table &table) const {
    const int index = m_models.indexOf(modelFor(table));
    return index < 0 ? nullptr : m_views.at(index);
}

QList<RecordTableModel *> TableBrowser::models() const {
    return m_models;
}

RecordTableModel *TableBrowser::currentModel() const {
    const int index = m_views.indexOf(currentView());
    return index < 0 ? nullptr : m_models.at(index);
}

QTableView *TableBrowser::currentView() const {
    return qobject_cast<QTableView *>(m_tabs->currentWidget());
}

void TableBrowser::setCurrentTable(const orm::Table &table) {
    openTable(table);
}

QTableView *TableBrowser::activeView() const {
    return m_activeView ? m_activeView.data() : currentView();
}

RecordModel *TableBrowser::activeModel() const {
    QTableView *view = activeView();
    return view ? qobject_cast<RecordModel *>(view->model()) : nullptr;
}

orm::RecordPtr TableBrowser::activeRecord() const {
    QTableView *view = activeView();
    RecordModel *model = activeModel();
    if (!view || !model || !view->currentIndex().isValid())
        return nullptr;
    return model->record(view->currentIndex().row());
}

orm::RecordList TableBrowser::selectedRecords() const {
    QTableView *view = activeView();
    RecordModel *model = activeModel();
    orm::RecordList records;
    if (!view || !model)
        return records;
    QList<int> rows;
    for (const QModelIndex &index : view->selectionModel()->selectedIndexes()) {
        if (!rows.contains(index.row()))
            rows << index.row();
    }
    std::sort(rows.begin(), rows.end());
    for (int row : std::as_const(rows)) {
        if (orm::RecordPtr record = model->record(row))
            records << record;
    }
    if (records.isEmpty()) {
        if (orm::RecordPtr record = activeRecord())
            records << record;
    }
    return records;
}

bool TableBrowser::revealRecord(const orm::RecordPtr &record, int column) {
    if (!record)
        return false;
    if (!openTable(record->table()))
        return false;
    RecordTableModel *model = modelFor(record->table());
    QTableView *view = viewFor(record->table());
    if (!model || !view)
        return false;
    int row = model->ensureLoaded(record.get());
    if (row < 0 && !model->filter().isEmpty()) {
        model->setFilter(QString()); // the filter hides it: show everything
        row = model->ensureLoaded(record.get());
        if (model == currentModel())
            Q_EMIT filterChanged();
    }
    if (row < 0)
        return false;
    const QModelIndex index =
        model->index(row, column >= 0 ? column : qMax(0, record->table().displayColumn()));
    // The record alone becomes the selection: setCurrentIndex() would read the keyboard's
    // modifiers, and a Ctrl still held from Ctrl+D added the copy to the original's selection.
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_activeView = view;
    return true;
}

NavigationHistory::Place TableBrowser::currentPlace() const {
    QTableView *view = currentView();
    RecordTableModel *model = currentModel();
    if (!view || !model || !view->currentIndex().isValid())
        return {};
    return NavigationHistory::placeOf(model->record(view->currentIndex().row()),
                                      view->currentIndex().column());
}

bool TableBrowser::goTo(const orm::RecordPtr &record, int column) {
    const NavigationHistory::Place from = currentPlace();
    if (!revealRecord(record, column))
        return false;
    if (from.record.lock() != record)
        m_navigation->leave(from);
    return true;
}

orm::RecordPtr TableBrowser::referencedRecord() const {
    QTableView *view = activeView();
    RecordModel *model = activeModel();
    if (!view || !model || !view->currentIndex().isValid())
        return nullptr;
    const QModelIndex index = view->currentIndex();
    if (model->isRelated()) // a related row: itself, in its own table
        return model->record(index.row());
    return index.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>();
}

bool TableBrowser::revealPlace(const NavigationHistory::Place &place) {
    if (!m_session)
        return false;
    const orm::RecordPtr record = NavigationHistory::recordAt(*m_session, place);
    return record && !record->isMarkedForDelete() && revealRecord(record, place.column);
}

bool TableBrowser::goBack() {
    NavigationHistory::Place current = currentPlace();
    while (m_navigation->canGoBack()) {
        if (revealPlace(m_navigation->back(current)))
            return true;
        current = {}; // already ahead once
    }
    return false;
}

bool TableBrowser::goForward() {
    NavigationHistory::Place current = currentPlace();
    while (m_navigation->canGoForward()) {
        if (revealPlace(m_navigation->forward(current)))
            return true;
        current = {};
    }
    return false;
}

void TableBrowser::markError(const orm::RecordPtr &record, int column, const QString &message) {
    clearErrorMarks();
    if (!record)
        return;
    for (RecordTableModel *model : m_models)
        model->markError(record.get(), column, message);
    for (RelatedRecordsModel *model : m_related->models())
        model->markError(record.get(), column, message);
    revealRecord(record, column);
}

void TableBrowser::markErrors(const QList<stagedproblems::Problem> &cells) {
    clearErrorMarks();
    QList<RecordModel *> all(m_models.cbegin(), m_models.cend());
    for (RelatedRecordsModel *model : m_related->models())
        all << model;
    for (const stagedproblems::Problem &cell : cells) {
        for (RecordModel *model : all)
            model->addErrorMark(cell.record.get(), cell.column, cell.message);
    }
    if (!cells.isEmpty())
        revealRecord(cells.first().record, cells.first().column);
}

void TableBrowser::clearErrorMarks() {
    for (RecordTableModel *model : m_models)
        model->clearErrorMark();
    for (RelatedRecordsModel *model : m_related->models())
        model->clearErrorMark();
}

void TableBrowser::setFilter(const QString &text) {
    if (RecordTableModel *model = currentModel())
        model->setFilter(text);
}

QString TableBrowser::filter() const {
    RecordTableModel *model = currentModel();
    return model ? model->filter() : QString();
}

void TableBrowser::reloadAll() {
    for (RecordTableModel *model : m_models)
        model->reload();
    m_related->setRecord(m_related->record());
}

} // namespace ui
