#pragma once

#include "databasetarget.h"

#include <QList>

namespace ui {

/// The most recently opened databases, newest first, kept in QSettings (without passwords).
namespace recentdatabases {

constexpr int MaximumCount = 8;
QList<DatabaseTarget> load();
void add(const DatabaseTarget &target);
void remove(const DatabaseTarget &target);

} // namespace recentdatabases
} // namespace ui
