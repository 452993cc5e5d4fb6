#include "deletepreviewdialog.h"

#include "cellstyle.h"
#include "deletereasons.h"

#include "orm/record.h"
#include "orm/session.h"
#include "orm/table.h"

#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace ui {

DeletePreviewDialog::DeletePreviewDialog(const orm::DeletePreview &preview, QWidget *parent)
    : QDialog(parent)
    , m_preview(preview)
    , m_headline(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_tree(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("deletePreviewDialog"));
    setWindowTitle(m_preview.isBlocked() ? tr("Delete blocked") : tr("Delete \u2014 preview"));
    resize(820, 460);

    QFont bold = m_headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_headline->setFont(bold);
    m_headline->setWordWrap(true);
    m_headline->setText(headline());
    m_summary->setWordWrap(true);
    m_summary->setText(summary());

    m_tree->setObjectName(QStringLiteral("deletePreviewTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Record"), tr("Why")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);

    connect(m_tree, &QTreeWidget::itemActivated, this, &DeletePreviewDialog::showMore);
    m_tree->installEventFilter(this);
    fillBlockers();
    fillDeleted();
    fillNulled();
    fillDatabaseEffects();
    m_tree->expandAll();
    for (QTreeWidgetItem *item : std::as_const(m_folded))
        item->setExpanded(false);
    m_tree->resizeColumnToContents(0);
    m_tree->setColumnWidth(0, qMin(m_tree->columnWidth(0) + 24, 380));

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    const bool blockedByRecords = std::any_of(
        m_preview.blockers.cbegin(), m_preview.blockers.cend(),
        [](const orm::DeletePreview::Blocker &blocker) { return bool(blocker.record); });
    if (m_preview.isBlocked() && blockedByRecords) {
        m_showBlockersButton =
            buttons->addButton(tr("Show blocking records"), QDialogButtonBox::ActionRole);
        m_showBlockersButton->setObjectName(QStringLiteral("showBlockersButton"));
        connect(m_showBlockersButton, &QPushButton::clicked, this, [this] { done(ShowBlockers); });
    }
    if (const qint64 dependents = dependentRows(); m_preview.isBlocked() && dependents > 0) {
        m_withDependentsButton = buttons->addButton(
            dependents == 1 ? tr("Delete this row too\u2026")
                            : tr("Delete these %L1 rows too\u2026").arg(dependents),
            QDialogButtonBox::ActionRole);
        m_withDependentsButton->setObjectName(QStringLiteral("withDependentsButton"));
        m_withDependentsButton->setToolTip(
            tr("Shows what deleting the blocking rows as well would do, every level of them, "
               "before anything is staged."));
        connect(m_withDependentsButton, &QPushButton::clicked, this,
                [this] { done(DeleteWithDependents); });
    }
    if (m_preview.isBlocked()) {
        cancel->setDefault(true); // rows the database keeps are counted, there is none to show
    } else if (m_preview.error.isEmpty()) {
        m_deleteButton = buttons->addButton(tr("Delete"), QDialogButtonBox::AcceptRole);
        m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
        m_deleteButton->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
        m_deleteButton->setDefault(true);
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
}

qint64 DeletePreviewDialog::dependentRows() const {
    // One record or a selection alike: orm::DependentsCollector previews the larger delete of
    // them all, and the session stages it record by record as one step.
    if (!m_preview.error.isEmpty())
        return 0;
    qint64 rows = 0;
    for (const orm::DeletePreview::Blocker &blocker : m_preview.blockers) {
        const orm::Table *table = blocker.record ? &blocker.record->table() : blocker.table;
        if (!table || table->isReadOnly())
            return 0; // Shelf cannot delete them: nothing to offer
        rows += blocker.rows;
    }
    return rows;
}

QString DeletePreviewDialog::headline() const {
    const qsizetype chosen =
        std::count_if(m_preview.deleted.cbegin(), m_preview.deleted.cend(),
                      [](const orm::DeletePreview::Deleted &entry) { return entry.isChosen(); });
    if (chosen > 1) {
        if (!m_preview.error.isEmpty())
            return tr("Cannot work out what deleting these %L1 records would do.").arg(chosen);
        if (m_preview.isBlocked())
            return tr("These %L1 records cannot all be deleted.").arg(chosen);
        if (const qsizetype dependents = withDependents(); dependents > 0)
            return dependents == 1
                       ? tr("Delete these %L1 records and the row that depends on them?")
                             .arg(chosen)
                       : tr("Delete these %L1 records and the %L2 rows that depend on them?")
                             .arg(chosen)
                             .arg(dependents);
        return tr("Delete these %L1 records?").arg(chosen);
    }
    const QString name = m_preview.root ? m_preview.root->displayName() : tr("this record");
    if (!m_preview.error.isEmpty())
        return tr("Cannot work out what deleting %1 would do.").arg(name);
    if (m_preview.isBlocked())
        return tr("%1 cannot be deleted.").arg(name);
    if (const qsizetype dependents = withDependents(); dependents > 0)
        return dependents == 1
                   ? tr("Delete %1 and the row that depends on it?").arg(name)
                   : tr("Delete %1 and the %L2 rows that depend on it?").arg(name).arg(dependents);
    return tr("Delete %1?").arg(name);
}

qsizetype DeletePreviewDialog::withDependents() const {
    // DeleteMode::WithDependents: the rows that blocked the delete go too, at depth 0 with a
    // reason.
    return std::count_if(m_preview.deleted.cbegin(), m_preview.deleted.cend(),
                         [](const orm::DeletePreview::Deleted &entry) {
                             return entry.depth == 0 && !entry.isChosen();
                         });
}

QString DeletePreviewDialog::summary() const {
    if (!m_preview.error.isEmpty())
        return m_preview.error;
    if (m_preview.isBlocked()) {
        qint64 records = 0;
        qint64 rows = 0;
        bool setDefault = false; // rows SET DEFAULT would send to a row that is not there
        for (const orm::DeletePreview::Blocker &blocker : m_preview.blockers) {
            if (blocker.record)
                ++records;
            else
                rows += blocker.rows;
            setDefault =
                setDefault || (!blocker.record && blocker.action == orm::OnDelete::SetDefault);
        }
        QStringList parts;
        if (records > 0)
            parts << tr("Records that still refer to it through a required reference: %1.")
                         .arg(records);
        if (rows > 0)
            parts << (setDefault ? tr("Rows the database will not let go of (its ON DELETE "
                                      "rules, each named below): %L1.")
                                 : tr("Rows the database will not let go of (ON DELETE RESTRICT "
                                      "or NO ACTION): %L1."))
                         .arg(rows);
        // Why there is no "Delete these rows too": Shelf may not delete a blocking row itself.
        for (const orm::DeletePreview::Blocker &blocker : m_preview.blockers) {
            const orm::Table *table = blocker.record ? &blocker.record->table() : blocker.table;
            if (table && table->isReadOnly()) {
                parts << tr("Shelf cannot delete them for you: %1 cannot be changed (%2).")
                             .arg(table->name(), table->readOnlyReason());
                break;
            }
        }
        return parts.join(QLatin1Char(' ')) +
               tr(" Delete or move them first; nothing has been changed.");
    }
    QStringList parts;
    parts << tr("Records deleted: %L1 (%2).").arg(m_preview.deletedRows()).arg(countsByTable());
    if (!m_preview.nulled.isEmpty())
        parts << tr("References set to NULL: %L1.").arg(m_preview.nulled.size());
    if (!m_preview.databaseEffects.isEmpty())
        parts << tr("The database itself changes more (see below).");
    parts << m_preview.notes;
    return parts.join(QLatin1Char(' ')) +
           tr(" The delete is only staged: nothing is written until you commit, and Undo or "
              "Rollback bring everything back.");
}

QString DeletePreviewDialog::countsByTable() const {
    QMap<QString, qint64> counts;
    QStringList order;
    const auto add = [&](const orm::Table &table, qint64 rows) {
        const QString name = table.className();
        if (!counts.contains(name))
            order << name;
        counts[name] += rows;
    };
    for (const orm::DeletePreview::Deleted &entry : m_preview.deleted)
        add(entry.record->table(), 1);
    for (const orm::DeletePreview::Counted &entry : m_preview.counted)
        add(*entry.table, entry.rows);
    QStringList parts;
    for (const QString &name : std::as_const(order))
        parts
            << QStringLiteral("%1 \u00d7 %2").arg(QLocale().toString(counts.value(name))).arg(name);
    return parts.join(QLatin1String(", "));
}

QTreeWidgetItem *DeletePreviewDialog::addGroup(Group group, const QString &title, int count) {
    const int slot = int(group);
    m_counts[slot] = count;
    if (count == 0)
        return nullptr;
    auto *item = new QTreeWidgetItem(m_tree, {title.arg(count)});
    QFont font = item->font(0);
    font.setBold(true);
    item->setFont(0, font);
    item->setFirstColumnSpanned(true);
    m_groups[slot] = item;
    return item;
}

void DeletePreviewDialog::fillDeleted() {
    const qint64 rows = m_preview.deletedRows();
    QTreeWidgetItem *group = addGroup(Group::Deleted, tr("Will be deleted (%L1)"),
                                      int(std::min<qint64>(rows, std::numeric_limits<int>::max())));
    if (!group)
        return;
    group->setText(0, m_preview.isBlocked()
                          ? tr("Would be deleted if it were not blocked (%L1)").arg(rows)
                          : tr("Will be deleted (%L1)").arg(rows));
    // Nest each record under the one whose delete brings it along (its path minus the last step).
    const QString step = QStringLiteral(" \u2192 ");
    QHash<QString, QTreeWidgetItem *> byPath;
    QHash<const QTreeWidgetItem *, orm::RecordPtr> recordOf;
    for (const orm::DeletePreview::Deleted &entry : m_preview.deleted) {
        const QString path = entry.path.isEmpty() ? entry.record->displayName() : entry.path;
        const qsizetype cut = path.lastIndexOf(step);
        QTreeWidgetItem *parent = cut > 0 ? byPath.value(path.left(cut), group) : group;
        // "Why" in plain words; the planner's rule (the cascade) is the tooltip.
        auto *item =
            new QTreeWidgetItem(parent, {entry.record->displayName(),
                                         deletereasons::deleted(entry, recordOf.value(parent))});
        item->setToolTip(0, path);
        item->setToolTip(1, entry.reason);
        recordOf.insert(item, entry.record);
        item->setFont(0, cellstyle::struckOut(item->font(0)));
        item->setForeground(0, cellstyle::deletedForeground());
        byPath.insert(path, item);
    }
    // Rows counted rather than loaded: their number under the record that brings them along, and
    // the first of them by name; more on demand.
    for (int index = 0; index < m_preview.counted.size(); ++index) {
        const orm::DeletePreview::Counted &entry = m_preview.counted.at(index);
        const qsizetype cut = entry.path.lastIndexOf(step);
        QTreeWidgetItem *parent = cut > 0 ? byPath.value(entry.path.left(cut), group) : group;
        const QString count = entry.rows == 1
                                  ? tr("1 row of %1").arg(entry.table->name())
                                  : tr("%L1 rows of %2").arg(entry.rows).arg(entry.table->name());
        auto *item = new QTreeWidgetItem({count, deletereasons::counted(entry)});
        // Counted rows under counted rows (the books' reviews) come first, folded: their count is
        // what matters, not a second list above the first one's end.
        if (m_countedItems.contains(parent)) {
            parent->insertChild(0, item);
            m_folded.append(item);
        } else {
            parent->addChild(item);
        }
        m_countedItems.insert(item);
        item->setToolTip(0, entry.path);
        item->setToolTip(1, entry.reason);
        item->setForeground(0, cellstyle::deletedForeground());
        byPath.insert(entry.path, item);
        m_listed.append({entry.table, entry.condition, entry.binds, entry.rows, true});
        listRows(item, int(m_listed.size() - 1), 0);
    }
}

void DeletePreviewDialog::showMore(QTreeWidgetItem *item) {
    const auto more = m_moreRows.constFind(item);
    if (more == m_moreRows.cend())
        return;
    const auto [index, offset] = *more;
    QTreeWidgetItem *parent = item->parent();
    const int position = parent->indexOfChild(item);
    m_moreRows.remove(item);
    delete item;
    listRows(parent, index, offset, position);
}

bool DeletePreviewDialog::eventFilter(QObject *watched, QEvent *event) {
    // Enter on "Show more" lists more rows; it must not also reach the default button (Delete).
    if (watched == m_tree && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        QTreeWidgetItem *current = m_tree->currentItem();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && m_moreRows.contains(current)) {
            showMore(current);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void DeletePreviewDialog::listRows(QTreeWidgetItem *item, int index, qint64 offset, int position) {
    // New rows go where the "Show more" entry was, before the counts nested under these rows.
    const auto place = [item, &position](QTreeWidgetItem *child) {
        if (position >= item->childCount())
            position = -1; // at the end: append the rest
        if (position < 0)
            item->addChild(child);
        else
            item->insertChild(position++, child);
    };
    const ListedRows &entry = m_listed.at(index);
    orm::Session *session = m_preview.root ? m_preview.root->session() : nullptr;
    if (!session)
        return;
    orm::Query page;
    page.where = entry.condition;
    page.binds = entry.binds;
    page.offset = offset;
    page.limit = CountedPageRows;
    const orm::RecordList records = session->query(*entry.table, page);
    if (session->lastError()) {
        auto *failed = new QTreeWidgetItem(
            {tr("The rows could not be listed: %1").arg(session->lastError().fullText())});
        place(failed);
        failed->setFirstColumnSpanned(true);
        return;
    }
    for (const orm::RecordPtr &record : records) {
        auto *row = new QTreeWidgetItem({record->displayName()});
        place(row);
        if (entry.deleted) {
            row->setFont(0, cellstyle::struckOut(row->font(0)));
            row->setForeground(0, cellstyle::deletedForeground());
        }
    }
    const qint64 listed = offset + records.size();
    if (records.size() < CountedPageRows || listed >= entry.rows)
        return;
    const qint64 next = std::min<qint64>(CountedPageRows, entry.rows - listed);
    auto *more = new QTreeWidgetItem(
        {tr("Show %L1 more (%L2 not listed yet)\u2026").arg(next).arg(entry.rows - listed)});
    place(more);
    more->setToolTip(0, tr("Double-click or press Enter to list them."));
    more->setFirstColumnSpanned(true);
    m_moreRows.insert(more, {index, listed});
}

void DeletePreviewDialog::fillNulled() {
    QTreeWidgetItem *group =
        addGroup(Group::Nulled, tr("Will be set to NULL (%L1)"), int(m_preview.nulled.size()));
    if (!group)
        return;
    for (const orm::DeletePreview::Nulled &entry : m_preview.nulled) {
        const QString column = entry.column >= 0
                                   ? entry.record->table().column(entry.column).displayLabel()
                                   : QString();
        auto *item = new QTreeWidgetItem(
            group, {tr("%1 \u2014 %2").arg(entry.record->displayName(), column), entry.reason});
        item->setBackground(0, cellstyle::modifiedBackground());
        item->setToolTip(1, entry.reason);
    }
}

void DeletePreviewDialog::fillBlockers() {
    QTreeWidgetItem *group =
        addGroup(Group::Blockers, tr("Blocks the delete (%L1)"), int(m_preview.blockers.size()));
    if (!group)
        return;
    group->setForeground(0, QColor(160, 0, 0));
    for (const orm::DeletePreview::Blocker &entry : m_preview.blockers) {
        // The reason is a long sentence: it gets its own full-width line under the record.
        // Rows the database keeps (ON DELETE RESTRICT) are counted, not loaded: no record to name.
        const QString rows = entry.rows == 1 ? tr("1 row") : tr("%L1 rows").arg(entry.rows);
        const QString name = entry.record
                                 ? entry.record->displayName()
                                 : tr("[database] %1 of %2")
                                       .arg(rows, entry.table ? entry.table->name() : QString());
        auto *item = new QTreeWidgetItem(group, {name});
        item->setBackground(0, cellstyle::blockedBackground());
        item->setFirstColumnSpanned(true);
        auto *why = new QTreeWidgetItem(item, {deletereasons::blocker(entry)});
        why->setFirstColumnSpanned(true);
        why->setToolTip(0, entry.reason);
        item->setToolTip(0, entry.reason);
        // Which rows they are, by name, a page at a time: "3 rows of Employee" alone leaves the
        // user to go and find them.
        if (entry.isDatabaseRows() && entry.table && !entry.rowsCondition.isEmpty()) {
            m_listed.append({entry.table, entry.rowsCondition, entry.rowsBinds, entry.rows, false});
            listRows(item, int(m_listed.size() - 1), 0);
        }
    }
}

void DeletePreviewDialog::fillDatabaseEffects() {
    // Counted in rows, not in entries: "(3 rows)" is what the database will change.
    qint64 rows = 0;
    for (const orm::DeletePreview::DatabaseEffect &entry : m_preview.databaseEffects)
        rows += entry.rows;
    QTreeWidgetItem *group = addGroup(Group::DatabaseEffects,
                                      rows == 1 ? tr("Done by the database itself (%1 row)")
                                                : tr("Done by the database itself (%L1 rows)"),
                                      int(rows));
    if (!group) // the planner lists only effects on at least one row
        return;
    group->setToolTip(0, tr("Not done by Shelf: the database applies its own ON DELETE rules "
                            "when the delete is committed."));
    for (const orm::DeletePreview::DatabaseEffect &entry : m_preview.databaseEffects) {
        const QString count = entry.rows == 1 ? tr("1 row") : tr("%L1 rows").arg(entry.rows);
        const QString what = entry.action == orm::OnDelete::SetNull
                                 ? tr("[database] %1 of %2 set to NULL")
                             : entry.action == orm::OnDelete::SetDefault
                                 ? tr("[database] %1 of %2 set to their default")
                                 : tr("[database] %1 of %2 deleted");
        auto *item = new QTreeWidgetItem(group, {what.arg(count, entry.table)});
        item->setForeground(0, cellstyle::deletedForeground());
        item->setFirstColumnSpanned(true);
        // The reason names the rule and the relationship: a full-width line of its own.
        auto *why = new QTreeWidgetItem(item, {entry.reason});
        why->setFirstColumnSpanned(true);
        why->setToolTip(0, entry.reason);
    }
}

int DeletePreviewDialog::groupCount(Group group) const {
    return m_counts[int(group)];
}

QTreeWidgetItem *DeletePreviewDialog::groupItem(Group group) const {
    return m_groups[int(group)];
}

} // namespace ui
