#pragma once

class QTableView;
class QWidget;

namespace ui::tableviews {

/// A table view set up the same way everywhere: the record delegate, row selection, F2 / typing
/// to edit, compact rows, no word wrap.
QTableView *createRecordView(QWidget *parent);

} // namespace ui::tableviews
