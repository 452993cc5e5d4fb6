#include "tablenavigator.h"

#include "rowcounter.h"
#include "tableorder.h"

#include "orm/session.h"
#include "orm/statementbuilder.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QLocale>
#include <QScopedValueRollback>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace ui {

namespace {

constexpr int TableRole = Qt::UserRole + 1; ///< the table's handle (index into m_tables)
/// What the filter matches: a table's or a schema's name, and the names of a table's partitions
constexpr int SearchRole = Qt::UserRole + 2;

QString tableToolTip(const orm::Table &table) {
    QStringList lines;
    lines << (table.schema().isEmpty()
                  ? table.sqlName()
                  : QStringLiteral("%1.%2").arg(table.schema(), table.sqlName()));
    if (table.isView())
        lines << TableNavigator::tr("View: read-only.");
    else if (table.isReadOnly())
        lines << TableNavigator::tr("Read-only: %1").arg(table.readOnlyReason());
    // Only triggers an edit can fire (a PostgreSQL ON TRUNCATE one never runs on Shelf's writes)
    QStringList events;
    if (table.triggerEvents().testFlag(orm::TriggerEvent::Insert))
        events << TableNavigator::tr("insert");
    if (table.triggerEvents().testFlag(orm::TriggerEvent::Update))
        events << TableNavigator::tr("update");
    if (table.triggerEvents().testFlag(orm::TriggerEvent::Delete))
        events << TableNavigator::tr("delete");
    if (!events.isEmpty())
        lines << TableNavigator::tr("Has triggers on %1: the database may change more than you "
                                    "edit.")
                     .arg(events.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

TableNavigator::TableNavigator(QWidget *parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_model(new QStandardItemModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_counter(new RowCounter(this)) {
    setObjectName(QStringLiteral("tableNavigator"));
    m_filter->setObjectName(QStringLiteral("tableNavigatorFilter"));
    m_filter->setPlaceholderText(tr("Filter tables"));
    m_filter->setAccessibleName(tr("Filter tables"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setObjectName(QStringLiteral("tableNavigatorTree"));
    m_tree->setAccessibleName(tr("Tables"));
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_model->setHorizontalHeaderLabels({tr("Table"), tr("Rows")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true); // a schema stays while one of its tables matches
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterRole(SearchRole);
    m_tree->setModel(m_proxy);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        // Hiding the current row moves the current index: that is no choice of the user's.
        const QScopedValueRollback syncing(m_syncing, true);
        m_proxy->setFilterFixedString(text);
        m_tree->expandAll();
    });
    // Enter in the filter opens the first table that matches.
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        for (QModelIndex index = m_proxy->index(0, 0); index.isValid();
             index = m_proxy->index(0, 0, index)) {
            if (tableAt(index)) {
                activate(index);
                return;
            }
        }
    });
    connect(m_tree, &QTreeView::activated, this, &TableNavigator::activate);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TableNavigator::choose);
    // A click on the row already current (its tab closed since, or its switch refused) changes
    // nothing current: it still shows the table.
    connect(m_tree, &QTreeView::clicked, this, &TableNavigator::choose);
    connect(m_counter, &RowCounter::counted, this, &TableNavigator::onCounted);
    connect(m_counter, &RowCounter::countFailed, this, &TableNavigator::onCountFailed);
    connect(m_counter, &RowCounter::finished, this, &TableNavigator::onRoundFinished);
    setSession(nullptr);
}

void TableNavigator::setPartitions(const QHash<QString, QString> &partitionOf) {
    QHash<const orm::Table *, QStringList> partitions;
    for (auto it = partitionOf.cbegin(); it != partitionOf.cend(); ++it) {
        if (const orm::Table *table = m_session ? m_session->metadata().table(it.value()) : nullptr)
            partitions[table] << it.key();
    }
    for (auto it = m_countItems.cbegin(); it != m_countItems.cend(); ++it) {
        const orm::Table &table = *m_tables.at(it.key());
        QStandardItem *rows = it.value();
        QStandardItem *name =
            (rows->parent() ? rows->parent() : m_model->invisibleRootItem())->child(rows->row(), 0);
        QStringList names = partitions.value(&table);
        names.sort();
        name->setData((QStringList{name->text()} + names).join(QLatin1Char('\n')), SearchRole);
        name->setToolTip(names.isEmpty() ? tableToolTip(table)
                                         : tableToolTip(table) + QLatin1Char('\n') +
                                               tr("Partitions, listed as this table: %1")
                                                   .arg(names.join(QStringLiteral(", "))));
    }
}

TableNavigator::~TableNavigator() {
    m_counter->stop(); // before the tables it counts go
}

void TableNavigator::setSession(orm::Session *session) {
    const QScopedValueRollback syncing(m_syncing, true);
    m_shown = nullptr;
    m_counter->stop();
    m_countNext.clear();
    m_session = session;
    m_tables.clear();
    m_countItems.clear();
    m_counts.clear();
    m_model->removeRows(0, m_model->rowCount()); // the columns and their header stay
    if (!session)
        return;
    QList<const orm::Table *> tables = session->metadata().tables();
    std::sort(tables.begin(), tables.end(), tableorder::byName);
    QStringList schemas;
    for (const orm::Table *table : std::as_const(tables)) {
        if (!schemas.contains(table->schema()))
            schemas << table->schema();
    }
    const bool grouped = schemas.size() > 1;
    QHash<QString, QStandardItem *> schemaItems;
    for (const orm::Table *table : std::as_const(tables)) {
        QStandardItem *parent = m_model->invisibleRootItem();
        if (grouped) {
            QStandardItem *&schemaItem = schemaItems[table->schema()];
            if (!schemaItem) {
                schemaItem = new QStandardItem(table->schema());
                schemaItem->setData(table->schema(), SearchRole);
                schemaItem->setToolTip(tr("Schema %1").arg(table->schema()));
                schemaItem->setSelectable(false);
                auto *blank = new QStandardItem;
                blank->setSelectable(false);
                m_model->appendRow({schemaItem, blank});
            }
            parent = schemaItem;
        }
        const int handle = int(m_tables.size());
        m_tables << table;
        // Under its schema's group, "orders" rather than "sales.orders".
        const QString qualified = table->schema() + QLatin1Char('.') + table->sqlName();
        auto *name = new QStandardItem(grouped && table->displayLabel() == qualified
                                           ? table->sqlName()
                                           : table->displayLabel());
        name->setData(handle, TableRole);
        name->setData(name->text(), SearchRole);
        name->setToolTip(tableToolTip(*table));
        if (table->isReadOnly()) {
            QFont font = name->font();
            font.setItalic(true);
            name->setFont(font);
        }
        auto *rows = new QStandardItem;
        rows->setData(handle, TableRole);
        rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        rows->setToolTip(tr("Counting rows\u2026"));
        parent->appendRow({name, rows});
        m_countItems.insert(handle, rows);
        if (table->isUnfilled()) {
            // Counting it would only fail ("?"): say what state it is in and what fills it.
            rows->setText(tr("not filled"));
            rows->setToolTip(tr("A materialized view created WITH NO DATA: it has no rows to "
                                "show until REFRESH MATERIALIZED VIEW fills it."));
        }
    }
    m_tree->setRootIsDecorated(grouped);
    m_tree->expandAll();
    recount();
}

void TableNavigator::recount() {
    count(QSet<const orm::Table *>(m_tables.cbegin(), m_tables.cend()));
}

void TableNavigator::recountAfterCommit(const QSet<const orm::Table *> &written,
                                        const orm::ActionStarts &actionStarts) {
    if (!m_session)
        return;
    // A table whose foreign key points at a written one may have rows the database deleted or
    // changed with it, and so on down (a fixpoint over the schema, cheap beside one count):
    // counted again whether or not the database acted on them.
    QSet<const orm::Table *> reached = written;
    for (bool grew = true; grew;) {
        grew = false;
        for (const orm::Table *table : std::as_const(m_tables)) {
            if (reached.contains(table))
                continue;
            for (const orm::ForeignKey &key : table->foreignKeys()) {
                if (reached.contains(m_session->metadata().table(key.targetTable))) {
                    reached.insert(table);
                    grew = true;
                    break;
                }
            }
        }
    }
    // A trigger may write to any table (an audit log, a running total): after a commit that fired
    // one, every count is taken again (an audit table kept saying 0 rows after a delete had
    // filled it). It fired if the commit wrote to its table, or if a foreign key's action took
    // the commit's delete or key edit into it (a playlist deleted, its tracks' rows with it). A
    // new customer fires no trigger of its invoices, nor does a deleted one whose invoices'
    // foreign key is RESTRICT: the database moves no row that refers to it.
    const auto hasTriggers = [](const orm::Table *table) { return table->hasTriggers(); };
    const QSet<const orm::Table *> actedOn =
        orm::tablesReachedByActions(m_session->metadata(), actionStarts);
    if (std::any_of(written.cbegin(), written.cend(), hasTriggers) ||
        std::any_of(actedOn.cbegin(), actedOn.cend(), hasTriggers)) {
        recount();
        return;
    }
    count(reached);
}

void TableNavigator::count(const QSet<const orm::Table *> &tables) {
    if (!m_session || tables.isEmpty())
        return;
    if (m_counter->isRunning()) {
        // Stopping the round would wait for the count in progress on this thread.
        m_countNext.unite(tables);
        return;
    }
    // The counts shown stay until their new ones arrive: no flicker to "…" after each commit.
    QList<RowCounter::Job> jobs;
    const orm::StatementBuilder sql(m_session->dialect());
    for (int handle = 0; handle < m_tables.size(); ++handle) {
        const orm::Table *table = m_tables.at(handle);
        if (tables.contains(table) && !table->isUnfilled())
            jobs << RowCounter::Job{handle, sql.countRows(*table)};
    }
    m_counter->start(m_session->database().connectionName(), jobs);
}

void TableNavigator::onRoundFinished() {
    if (m_countNext.isEmpty()) {
        Q_EMIT countsDone();
        return;
    }
    const QSet<const orm::Table *> next = std::exchange(m_countNext, {});
    count(next);
}

const orm::Table *TableNavigator::tableAt(const QModelIndex &proxyIndex) const {
    const QVariant handle = proxyIndex.siblingAtColumn(0).data(TableRole);
    return handle.isValid() ? m_tables.value(handle.toInt()) : nullptr;
}

void TableNavigator::activate(const QModelIndex &proxyIndex) {
    if (const orm::Table *table = tableAt(proxyIndex))
        Q_EMIT tableActivated(*table);
}

void TableNavigator::choose(const QModelIndex &proxyIndex) {
    // Only the user's own moves in the list, made there (a click or a key gives it the keyboard).
    if (m_syncing || !m_tree->hasFocus())
        return;
    const orm::Table *table = tableAt(proxyIndex);
    if (table && table != m_shown)
        Q_EMIT tableChosen(*table);
}

void TableNavigator::setCurrentTable(const orm::Table *table) {
    const QScopedValueRollback syncing(m_syncing, true);
    m_shown = table;
    const int handle = int(m_tables.indexOf(table));
    QStandardItem *rows = m_countItems.value(handle);
    if (!rows) {
        m_tree->clearSelection();
        return;
    }
    const QModelIndex index =
        m_proxy->mapFromSource(m_model->indexFromItem(rows)).siblingAtColumn(0);
    if (index.isValid()) {
        m_tree->setCurrentIndex(index);
        m_tree->scrollTo(index);
    }
}

qint64 TableNavigator::rowCount(const orm::Table &table) const {
    return m_counts.value(&table, -1);
}

bool TableNavigator::countsFinished() const {
    return !m_counter->isRunning();
}

void TableNavigator::onCounted(int handle, qint64 rows) {
    QStandardItem *item = m_countItems.value(handle);
    if (!item)
        return; // a count of a session that is gone
    item->setText(QLocale().toString(rows));
    item->setToolTip(
        tr("%1 rows in the database (staged changes not counted)").arg(QLocale().toString(rows)));
    m_counts.insert(m_tables.at(handle), rows);
    Q_EMIT rowCountChanged(*m_tables.at(handle));
}

void TableNavigator::onCountFailed(int handle, const QString &message) {
    if (QStandardItem *item = m_countItems.value(handle)) {
        item->setText(QStringLiteral("?"));
        item->setToolTip(tr("The rows could not be counted: %1").arg(message));
    }
}

} // namespace ui
