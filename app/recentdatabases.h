#pragma once

#include "ui/databasetarget.h"

#include <QList>

namespace app {

/// The most recently opened databases, newest first, kept in QSettings (without passwords).
namespace recentdatabases {

constexpr int MaximumCount = 8;
QList<ui::DatabaseTarget> load();
void add(const ui::DatabaseTarget &target);
void remove(const ui::DatabaseTarget &target);

} // namespace recentdatabases
} // namespace app
