#include "tableviews.h"

#include "recorddelegate.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QTableView>

namespace ui::tableviews {

namespace {
constexpr int ContentsPrecisionRows = 100;

/// Tab moves between cells (Ctrl+Tab switches tables), but a view being hidden (its tab switched
/// away) while it has the focus is asked to pass the focus on: that must not move its current cell
/// — nor close its editor.
class RecordTableView : public QTableView {
public:
    using QTableView::QTableView;

protected:
    void keyPressEvent(QKeyEvent *event) override {
        // Ctrl+Tab is not a cell move: it goes up to the tab widget, which switches tables.
        if ((event->key() == Qt::Key_Tab || event->key() == Qt::Key_Backtab) &&
            (event->modifiers() & Qt::ControlModifier)) {
            event->ignore();
            return;
        }
        QTableView::keyPressEvent(event);
    }
    bool focusNextPrevChild(bool next) override {
        if (!isVisible())
            return QWidget::focusNextPrevChild(next);
        return QTableView::focusNextPrevChild(next);
    }
};

} // namespace

QTableView *createRecordView(QWidget *parent) {
    auto *view = new RecordTableView(parent);
    view->setItemDelegate(new RecordDelegate(view));
    view->setSelectionBehavior(QAbstractItemView::SelectItems);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
    view->setAlternatingRowColors(false);
    view->setWordWrap(false);
    view->setTabKeyNavigation(true);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    // Fitting a column to its contents reads this many rows at most: a page, not a large table.
    view->horizontalHeader()->setResizeContentsPrecision(ContentsPrecisionRows);
    // Fixed row heights: a table of a million rows lays out without asking any row its size.
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setResizeContentsPrecision(ContentsPrecisionRows);
    // Ctrl+0 sets the current cell to NULL (refused, with the reason, where NULL is not allowed).
    auto *setNull = new QAction(QObject::tr("Set to NULL"), view);
    setNull->setObjectName(QStringLiteral("actionSetNull"));
    setNull->setShortcut(SetNullShortcut);
    setNull->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(setNull, &QAction::triggered, view, [view] {
        const QModelIndex current = view->currentIndex();
        if (current.isValid() && (current.flags() & Qt::ItemIsEditable) &&
            !current.data(Qt::EditRole).isNull())
            view->model()->setData(current, QVariant());
    });
    view->addAction(setNull);
    return view;
}

bool hasOpenEditor(const QAbstractItemView *view) {
    return !RecordDelegate::openEditors(view).isEmpty();
}

bool commitOpenEditor(QAbstractItemView *view) {
    auto *delegate = qobject_cast<RecordDelegate *>(view->itemDelegate());
    if (!delegate)
        return true;
    for (QWidget *editor : RecordDelegate::openEditors(view)) {
        if (!delegate->finishEditing(editor))
            return false;
    }
    return true;
}

void fitColumns(QTableView *view) {
    if (!view->model())
        return;
    constexpr int MaximumWidth = 320;
    const int columns = view->model()->columnCount();
    for (int column = 0; column < columns; ++column) {
        if (view->isColumnHidden(column))
            continue;
        view->resizeColumnToContents(column);
        view->setColumnWidth(column, qMin(view->columnWidth(column) + 12, MaximumWidth));
    }
}

void fitColumnsOnce(QTableView *view) {
    const char *const fitted = "shelfColumnsFitted";
    if (!view->model() || view->property(fitted).toBool())
        return;
    fitColumns(view);
    if (view->model()->rowCount() > 0)
        view->setProperty(fitted, true);
}

} // namespace ui::tableviews
