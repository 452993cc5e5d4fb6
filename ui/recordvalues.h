#pragma once

#include "orm/column.h"

#include <QString>
#include <QVariant>

namespace ui {

/// Turning column values into text for a user, and what a user types back into column values.
/// The rules follow the column's metadata: type, NOT NULL and range.
namespace values {

/// The value as a user reads it; an empty string for NULL.
QString toText(const orm::Column &column, const QVariant &value);

/// The value for a tooltip: quoted text, or "(empty)" for NULL.
QString describe(const orm::Column &column, const QVariant &value);

// What a user types back into a value is orm::values::fromInput() (orm/valueinput.h): paste and
// import check values the same way.

} // namespace values
} // namespace ui
