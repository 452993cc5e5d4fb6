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

/// Converts what a user typed into a value for `column`. Returns false with a plain-language
/// sentence in `error` when the column cannot take it (a letter in a number, an empty required
/// field, a rating outside its range). Empty input becomes NULL.
[[nodiscard]] bool fromInput(const orm::Column &column, const QVariant &input, QVariant *out,
                             QString *error);

} // namespace values
} // namespace ui
