#pragma once

#include "ui/databasetarget.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace app {

/// The table tabs a user had open in a database, and the one shown, kept in QSettings per
/// database (keyed by its identity, never with a password) and offered again the next time it
/// opens. Per-table display choices (the label column) live under the same key.
namespace openedtables {

struct Remembered {
    QStringList tables; ///< table names in tab order
    QString current;    ///< the table shown
};

Remembered load(const ui::DatabaseTarget &target);
void save(const ui::DatabaseTarget &target, const Remembered &tabs);
/// The columns the user chose to name each table's rows by (table name → column names).
QHash<QString, QStringList> loadLabels(const ui::DatabaseTarget &target);
/// Remembers `columns` for `table` (empty: Shelf's own choice again).
void saveLabel(const ui::DatabaseTarget &target, const QString &table, const QStringList &columns);
/// The QSettings group for one database's remembered choices.
QString settingsGroup(const ui::DatabaseTarget &target);

} // namespace openedtables
} // namespace app
