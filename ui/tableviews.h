#pragma once

#include <QKeySequence>

class QAbstractItemView;
class QTableView;
class QWidget;

namespace ui::tableviews {

/// Sets the current cell to NULL in every record view (and shown in the cell menu).
inline const QKeySequence SetNullShortcut{Qt::CTRL | Qt::Key_0};

/// A table view set up the same way everywhere: the record delegate, cell selection, F2 / typing
/// to edit, Tab and Shift+Tab moving between cells (Ctrl+Tab goes to the tab widget around it,
/// which switches tables), compact rows, no word wrap. A click on a column header selects the
/// column; a double click sorts by it (the header's menu sorts too).
QTableView *createRecordView(QWidget *parent);

/// Whether a cell editor of `view` is open.
bool hasOpenEditor(const QAbstractItemView *view);
/// Stages the value of `view`'s open cell editor and closes it (nothing to do: true). When the
/// value is refused the editor stays open, focused, with the reason shown, and this returns
/// false: the caller must not go on with what it was about to do.
[[nodiscard]] bool commitOpenEditor(QAbstractItemView *view);

/// Fits the columns to their headers and a sample of the rows: those in view, a hundred more and
/// the last rows (a page read by key, never every row), each at most two fifths of the view wide
/// so one long text does not push the rest out of sight. A double click on the divider after a
/// header fits that column to the same sample, uncapped. The last column takes the room left over
/// unless it holds numbers, which stay beside their header. Call after the model was reset.
void fitColumns(QTableView *view);
/// fitColumns() the first time the view shows rows; afterwards the widths stay as they are.
void fitColumnsOnce(QTableView *view);

} // namespace ui::tableviews
