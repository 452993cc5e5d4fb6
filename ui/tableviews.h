#pragma once

class QTableView;
class QWidget;

namespace ui::tableviews {

/// A table view set up the same way everywhere: the record delegate, row selection, F2 / typing
/// to edit, compact rows, no word wrap.
QTableView *createRecordView(QWidget *parent);

/// Fits the columns to what the view shows now (capped, so one long text does not push the rest
/// out of sight). Call after the view's model was reset.
void fitColumns(QTableView *view);

} // namespace ui::tableviews
