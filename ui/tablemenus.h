#pragma once

class QAction;
class QMenu;
class QModelIndex;
class QTableView;
class QWidget;

namespace ui {

class TableBrowser;

/// The context menus of a record table view, with the actions that apply where the user clicked:
/// on a cell — edit, set empty, copy, save the value to a file or load it from one, open the
/// record a foreign key refers to, delete; on a row
/// header — delete, copy the row; on a column header — sort, hide the column, show the columns
/// hidden here. A click on a cell or row outside the selection makes it the current one first,
/// so that Delete acts on what the menu was opened on.
namespace tablemenus {

/// Connects `view`'s (and its headers') context menu requests. `deleteAction` is the window's
/// Delete (it previews); `browser` opens referenced records.
void install(QTableView *view, TableBrowser *browser, QAction *deleteAction);

// The builders, public so that tests read and trigger the menus without a blocking exec().
QMenu *cellMenu(QTableView *view, const QModelIndex &index, TableBrowser *browser,
                QAction *deleteAction);
QMenu *rowMenu(QTableView *view, int row, QAction *deleteAction);
/// With `browser`, on a database that is not the library: "Name Rows by This Column".
QMenu *columnMenu(QTableView *view, int column, TableBrowser *browser = nullptr);

} // namespace tablemenus

} // namespace ui
