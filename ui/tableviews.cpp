#include "tableviews.h"

#include "recorddelegate.h"
#include "recordmodel.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QSignalBlocker>
#include <QTableView>

namespace ui::tableviews {

namespace {
constexpr int ContentsPrecisionRows = 100;
/// The last rows that fitting a column reads too (half a page of RecordTableModel): a large
/// table's longer values mostly come late in its key order (ids, counters, dates: "row 9" at the
/// top, "row 200000" at the end), and the last page is read backwards by the key, never a scan.
constexpr int ContentsTailRows = 128;
/// The narrowest cap fitColumns() puts on a column, however small the view.
constexpr int MinimumCap = 200;
/// Set on a view fitted before it was shown: its cap is put again on its first show.
const char *const CapPending = "shelfColumnCapPending";

/// The widest fitColumns() makes a column in a view `room` pixels wide: two fifths of it.
int capFor(int room) {
    return qMax(MinimumCap, room * 2 / 5);
}

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
    /// F2, typing or a double click on a cell that takes no edit says why (the status bar),
    /// instead of doing nothing.
    bool edit(const QModelIndex &index, EditTrigger trigger, QEvent *event) override {
        const bool asked =
            trigger == EditKeyPressed || trigger == AnyKeyPressed || trigger == DoubleClicked;
        if (asked && (editTriggers() & trigger) && index.isValid() &&
            !(index.flags() & Qt::ItemIsEditable)) {
            if (auto *records = qobject_cast<RecordModel *>(model()))
                records->explainReadOnly(index);
        }
        return QTableView::edit(index, trigger, event);
    }
    /// What fits a column (fitColumns(), a double click on the divider after its header): the
    /// rows Qt reads — those in view and ContentsPrecisionRows more — and the last
    /// ContentsTailRows rows. Never every row: a table may hold millions.
    int sizeHintForColumn(int column) const override {
        int hint = QTableView::sizeHintForColumn(column);
        const QAbstractItemModel *model = this->model();
        if (!model)
            return hint;
        const int rows = model->rowCount(rootIndex());
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        for (int row = qMax(0, rows - ContentsTailRows); row < rows; ++row) {
            if (isRowHidden(row))
                continue;
            const QModelIndex index = model->index(row, column, rootIndex());
            option.rect = QRect(columnViewportPosition(column), rowViewportPosition(row),
                                columnWidth(column), rowHeight(row));
            hint = qMax(hint, itemDelegateForIndex(index)->sizeHint(option, index).width() +
                                  (showGrid() ? 1 : 0));
        }
        return hint;
    }
    void showEvent(QShowEvent *event) override {
        QTableView::showEvent(event);
        if (!property(CapPending).toBool())
            return;
        // Fitted before it had a width of its own: now the view's own two fifths hold
        setProperty(CapPending, false);
        const int cap = capFor(viewport()->width());
        for (int column = 0; model() && column < model()->columnCount(); ++column) {
            if (columnWidth(column) > cap)
                setColumnWidth(column, cap);
        }
    }
    bool focusNextPrevChild(bool next) override {
        if (!isVisible())
            return QWidget::focusNextPrevChild(next);
        return QTableView::focusNextPrevChild(next);
    }
    /// Ctrl with a move key (Ctrl+Home, Ctrl+End, Ctrl+arrows, Ctrl+Page Up/Down) jumps as in a
    /// spreadsheet and selects the cell it lands on. QAbstractItemView moves the cursor alone
    /// there and leaves the old selection, which Delete, Duplicate and Copy act on: Ctrl+Home,
    /// then Delete, deleted the row the cursor had left. With Shift it extends the selection, as
    /// Shift alone does (Ctrl+Shift+End selects to the last row).
    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index,
                                                         const QEvent *event) const override {
        if (event && event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<const QKeyEvent *>(event);
            const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
            if (modifiers == Qt::ControlModifier && isMoveKey(key->key()))
                return QItemSelectionModel::ClearAndSelect;
            if (modifiers == (Qt::ControlModifier | Qt::ShiftModifier) && isMoveKey(key->key()))
                return QItemSelectionModel::SelectCurrent; // to the end, as Shift alone does
        }
        return QTableView::selectionCommand(index, event);
    }

private:
    static bool isMoveKey(int key) {
        switch (key) {
        case Qt::Key_Home:
        case Qt::Key_End:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            return true;
        default:
            return false;
        }
    }
};

/// A click on a column's header selects the column (Ctrl adds it, Shift extends to it), as in a
/// spreadsheet, so that Copy takes the column's cells. QTableView's sorting would take the click
/// for a sort instead and, by reloading the rows, drop the selection: here a click leaves the
/// order alone, and sorting is a double click on the header (again: the other way round) or the
/// header's menu (Sort Ascending / Descending).
class RecordHeaderView : public QHeaderView {
public:
    explicit RecordHeaderView(QTableView *view)
        : QHeaderView(Qt::Horizontal, view)
        , m_view(view) {
        setSectionsClickable(true);
        // With sorting on, QTableView no longer selects on a press: do it here. (Off, it does.)
        connect(this, &QHeaderView::sectionPressed, this, [this](int column) {
            if (!m_view->isSortingEnabled())
                return;
            m_pressed = column;
            m_view->selectColumn(column);
        });
        // Dragging over the headers selects the columns passed over, from the one pressed.
        connect(this, &QHeaderView::sectionEntered, this, [this](int column) {
            if (!m_view->isSortingEnabled() || m_pressed < 0 || !m_view->model() ||
                m_view->model()->rowCount() == 0)
                return;
            const QAbstractItemModel *model = m_view->model();
            const QItemSelection columns(
                model->index(0, qMin(m_pressed, column)),
                model->index(model->rowCount() - 1, qMax(m_pressed, column)));
            m_view->selectionModel()->select(columns, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Columns);
        });
        connect(this, &QHeaderView::sectionDoubleClicked, this, [this](int column) {
            if (!sortable())
                return;
            const Qt::SortOrder order =
                sortIndicatorSection() == column && sortIndicatorOrder() == Qt::AscendingOrder
                    ? Qt::DescendingOrder
                    : Qt::AscendingOrder;
            m_view->sortByColumn(column, order);
        });
    }

protected:
    void mouseReleaseEvent(QMouseEvent *event) override {
        // The base class turns a click into a new sort order: keep the order as it was, and do
        // not tell the view (which would sort and reload).
        m_pressed = -1;
        const int section = sortIndicatorSection();
        const Qt::SortOrder order = sortIndicatorOrder();
        {
            const QSignalBlocker quiet(this);
            QHeaderView::mouseReleaseEvent(event);
            if (sortIndicatorSection() != section || sortIndicatorOrder() != order)
                setSortIndicator(section, order);
        }
    }

private:
    bool sortable() const {
        const auto *model = qobject_cast<const RecordModel *>(m_view->model());
        return m_view->isSortingEnabled() && model && !model->relationship();
    }

    QTableView *m_view;
    int m_pressed = -1; ///< the column a drag over the headers started on
};

/// Whether the last column shown holds right-aligned values (numbers). Stretched to the view's
/// edge, such a column puts them far from their header, out of sight in a wide view.
bool endsWithNumbers(const QTableView *view) {
    const QHeaderView *header = view->horizontalHeader();
    for (int visual = header->count() - 1; visual >= 0; --visual) {
        const int column = header->logicalIndex(visual);
        if (header->isSectionHidden(column))
            continue;
        const QVariant alignment = view->model()->index(0, column).data(Qt::TextAlignmentRole);
        return alignment.isValid() && (alignment.value<Qt::Alignment>() & Qt::AlignRight);
    }
    return false;
}

} // namespace

QTableView *createRecordView(QWidget *parent) {
    auto *view = new RecordTableView(parent);
    view->setHorizontalHeader(new RecordHeaderView(view));
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
    // No column wider than two fifths of the view, so that one long text leaves the others in
    // sight (a double click on the divider after a header fits that column whole). A view not
    // shown yet has no width of its own: its window's stands in, and it is capped again once
    // shown (RecordTableView::showEvent()).
    const int room = view->isVisible() ? view->viewport()->width() : view->window()->width();
    const int maximumWidth = capFor(room);
    view->setProperty(CapPending, !view->isVisible());
    // Only a last column of text takes the room left over; numbers stay beside their header.
    view->horizontalHeader()->setStretchLastSection(!endsWithNumbers(view));
    const int columns = view->model()->columnCount();
    for (int column = 0; column < columns; ++column) {
        if (view->isColumnHidden(column))
            continue;
        view->resizeColumnToContents(column);
        view->setColumnWidth(column, qMin(view->columnWidth(column) + 12, maximumWidth));
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
