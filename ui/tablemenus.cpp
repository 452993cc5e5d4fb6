#include "tablemenus.h"

#include "cellfiles.h"
#include "cellpresenter.h"
#include "prompter.h"
#include "recordtablemodel.h"
#include "tablebrowser.h"
#include "tableviews.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QMenu>
#include <QPointer>
#include <QTableView>

namespace ui::tablemenus {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::TableMenus", text);
}

// Columns hidden through the column menu: "Show all columns" brings back these only, never one
// the view hides by design (the related pane's reference to the shown record).
const char *const UserHiddenProperty = "shelfUserHiddenColumns";

QVariantList userHidden(const QTableView *view) {
    return view->property(UserHiddenProperty).toList();
}

/// Makes the cell current unless it is part of the selection the menu then acts on.
void makeCurrent(QTableView *view, const QModelIndex &index) {
    view->setFocus(Qt::PopupFocusReason); // the browser's active view follows the focus
    if (!view->selectionModel()->isSelected(index))
        view->setCurrentIndex(index);
}

QString rowText(const QTableView *view, int row) {
    QStringList cells;
    for (int column = 0; column < view->model()->columnCount(); ++column) {
        if (!view->isColumnHidden(column))
            cells << view->model()->index(row, column).data().toString();
    }
    return cells.join(QLatin1Char('\t'));
}

void show(QMenu *menu, const QPoint &globalPosition) {
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPosition);
}

/// Opens a cell's menu on the viewport's context menu event: under the mouse for a click, on the
/// current cell for the Menu key (whose event carries no cell of its own).
class CellMenuOpener : public QObject {
public:
    CellMenuOpener(QTableView *view, TableBrowser *browser, QAction *deleteAction)
        : QObject(view)
        , m_view(view)
        , m_browser(browser)
        , m_delete(deleteAction) {}

protected:
    bool eventFilter(QObject *object, QEvent *event) override {
        // The type first: while the view is being destroyed its children still send events
        // here, and the view is no longer a QTableView to ask for its viewport.
        if (event->type() != QEvent::ContextMenu || object != m_view->viewport())
            return false;
        const auto *request = static_cast<QContextMenuEvent *>(event);
        const bool keyboard = request->reason() == QContextMenuEvent::Keyboard;
        const QModelIndex index =
            keyboard ? m_view->currentIndex() : m_view->indexAt(request->pos());
        if (!index.isValid())
            return false;
        makeCurrent(m_view, index);
        const QPoint at = keyboard ? m_view->visualRect(index).bottomLeft() : request->pos();
        show(cellMenu(m_view, index, m_browser, m_delete), m_view->viewport()->mapToGlobal(at));
        return true;
    }

private:
    QTableView *m_view;
    QPointer<TableBrowser> m_browser;
    QPointer<QAction> m_delete;
};

} // namespace

QMenu *cellMenu(QTableView *view, const QModelIndex &index, TableBrowser *browser,
                QAction *deleteAction) {
    auto *menu = new QMenu(view);
    menu->setObjectName(QStringLiteral("cellMenu"));
    auto *model = qobject_cast<RecordModel *>(view->model());
    const bool editable = index.flags() & Qt::ItemIsEditable;
    const QPersistentModelIndex cell(index);
    QPointer<QTableView> guard(view);

    QAction *edit = menu->addAction(tr("&Edit"), view, [guard, cell] {
        if (guard && cell.isValid())
            guard->edit(cell);
    });
    edit->setShortcut(QKeySequence(Qt::Key_F2));
    edit->setEnabled(editable);

    const bool nullable = model && model->table().column(index.column()).nullable;
    // NULL, not an empty text: the database tells them apart, and so does the grid.
    QAction *clear = menu->addAction(tr("Set to &NULL"), view, [guard, cell] {
        if (guard && cell.isValid())
            guard->model()->setData(cell, QVariant());
    });
    clear->setShortcut(tableviews::SetNullShortcut);
    clear->setEnabled(editable && nullable && !index.data(Qt::EditRole).isNull());

    menu->addAction(tr("&Copy"), view, [cell] {
        // The whole value as the user reads it: the cell shows only the start of a long text.
        const orm::RecordPtr record =
            cell.data(RecordTableModel::RecordRole).value<orm::RecordPtr>();
        QGuiApplication::clipboard()->setText(record ? CellPresenter::text(record, cell.column())
                                                     : cell.data().toString());
    });

    // A value no one types (a photo, a document) goes out to a file and in from one.
    Prompter *prompter = browser ? browser->prompter() : nullptr;
    QAction *save = menu->addAction(tr("Save Value &As\u2026"), view, [guard, cell, prompter] {
        QString message;
        if (guard && cell.isValid() && prompter &&
            !cellfiles::saveValue(guard, *prompter, cell, &message) && !message.isEmpty())
            prompter->showError(guard, tr("Save Value As"), message);
    });
    save->setEnabled(prompter && !index.data(Qt::EditRole).isNull());
    QAction *load =
        menu->addAction(tr("&Load Value From File\u2026"), view, [guard, cell, prompter] {
            QString message;
            if (guard && cell.isValid() && prompter &&
                !cellfiles::loadValue(guard, *prompter, cell, &message) && !message.isEmpty())
                prompter->showError(guard, tr("Load Value From File"), message);
        });
    // Offered on every cell, so that a column that cannot take a file says why.
    load->setEnabled(prompter != nullptr);

    if (const orm::RecordPtr parent =
            index.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>();
        parent && browser) {
        QPointer<TableBrowser> target(browser);
        menu->addAction(tr("&Open %1").arg(parent->displayName()), browser, [target, parent] {
            if (target)
                target->goTo(parent);
        });
    }
    if (model && model->isRelated() && browser) {
        // A related row: open it where it lives, Back returns here.
        if (const orm::RecordPtr record = model->record(index.row())) {
            QPointer<TableBrowser> target(browser);
            menu->addAction(tr("&Go to This Row in %1").arg(record->table().displayLabel()),
                            browser, [target, record] {
                                if (target)
                                    target->goTo(record);
                            });
        }
    }
    if (deleteAction) {
        menu->addSeparator();
        menu->addAction(deleteAction);
    }
    return menu;
}

QMenu *rowMenu(QTableView *view, int row, QAction *deleteAction) {
    auto *menu = new QMenu(view);
    menu->setObjectName(QStringLiteral("rowMenu"));
    if (deleteAction)
        menu->addAction(deleteAction);
    QPointer<QTableView> guard(view);
    menu->addAction(tr("&Copy Row"), view, [guard, row] {
        if (guard)
            QGuiApplication::clipboard()->setText(rowText(guard, row));
    });
    return menu;
}

QMenu *columnMenu(QTableView *view, int column, TableBrowser *browser) {
    auto *menu = new QMenu(view);
    menu->setObjectName(QStringLiteral("columnMenu"));
    QPointer<QTableView> guard(view);
    auto *model = qobject_cast<RecordModel *>(view->model());
    const bool sortable = view->isSortingEnabled() && model && !model->relationship();
    QAction *ascending = menu->addAction(tr("Sort &Ascending"), view, [guard, column] {
        if (guard)
            guard->sortByColumn(column, Qt::AscendingOrder);
    });
    QAction *descending = menu->addAction(tr("Sort &Descending"), view, [guard, column] {
        if (guard)
            guard->sortByColumn(column, Qt::DescendingOrder);
    });
    ascending->setEnabled(sortable);
    descending->setEnabled(sortable);
    menu->addSeparator();
    int visible = 0;
    for (int c = 0; c < view->model()->columnCount(); ++c)
        visible += view->isColumnHidden(c) ? 0 : 1;
    QAction *hide = menu->addAction(tr("&Hide Column"), view, [guard, column] {
        if (!guard)
            return;
        QVariantList hidden = userHidden(guard);
        hidden << column;
        guard->setProperty(UserHiddenProperty, hidden);
        guard->setColumnHidden(column, true);
    });
    hide->setEnabled(visible > 1); // the last visible column stays
    QAction *showAll = menu->addAction(tr("&Show All Columns"), view, [guard] {
        if (!guard)
            return;
        for (const QVariant &hidden : userHidden(guard))
            guard->setColumnHidden(hidden.toInt(), false);
        guard->setProperty(UserHiddenProperty, QVariantList());
    });
    showAll->setEnabled(!userHidden(view).isEmpty());
    if (browser && model && model->session() && model->session()->metadata().isReflected()) {
        // Which column names a row is a guess; the user knows better (remembered per database).
        const orm::Table &table = model->table();
        const orm::Column &definition = table.column(column);
        const bool nameable = !definition.hidden && !table.foreignKey(column);
        menu->addSeparator();
        QPointer<TableBrowser> target(browser);
        const QString tableName = table.name();
        QAction *label =
            menu->addAction(tr("&Name Rows by %1").arg(definition.displayLabel()), browser,
                            [target, tableName, name = definition.name] {
                                if (target)
                                    Q_EMIT target->labelChangeRequested(tableName, {name});
                            });
        label->setCheckable(true);
        label->setChecked(table.labelColumns() == QList<int>{column});
        label->setEnabled(nameable);
        menu->addAction(tr("Name Rows as Shelf &Chooses"), browser, [target, tableName] {
            if (target)
                Q_EMIT target->labelChangeRequested(tableName, {});
        });
    }
    return menu;
}

void install(QTableView *view, TableBrowser *browser, QAction *deleteAction) {
    QPointer<QAction> remove(deleteAction);
    view->viewport()->installEventFilter(new CellMenuOpener(view, browser, deleteAction));
    QHeaderView *rows = view->verticalHeader();
    rows->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(rows, &QWidget::customContextMenuRequested, view,
                     [view, rows, remove](const QPoint &position) {
                         const int row = rows->logicalIndexAt(position);
                         if (row < 0)
                             return;
                         view->setFocus(Qt::PopupFocusReason);
                         if (!view->selectionModel()->isRowSelected(row, QModelIndex()))
                             view->selectRow(row);
                         show(rowMenu(view, row, remove), rows->mapToGlobal(position));
                     });
    QHeaderView *columns = view->horizontalHeader();
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(
        columns, &QWidget::customContextMenuRequested, view,
        [view, columns, target = QPointer<TableBrowser>(browser)](const QPoint &position) {
            const int column = columns->logicalIndexAt(position);
            if (column >= 0)
                show(columnMenu(view, column, target.data()), columns->mapToGlobal(position));
        });
}

} // namespace ui::tablemenus
