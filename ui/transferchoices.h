#pragma once

#include <QDir>

class QComboBox;

namespace orm {
class Table;
}

/// What the import and export dialogs choose alike.
namespace ui::transferchoices {

/// Where an export goes, and an import is looked for, unless the user picks another folder:
/// Documents, else home (never the folder Shelf happened to be started from).
QDir defaultFolder();
/// Turns `references` (how a file gives or takes references) off, saying why, when `table`
/// refers to no other table: there is nothing to choose.
void offerOnlyWithReferences(QComboBox *references, const orm::Table &table);

} // namespace ui::transferchoices
