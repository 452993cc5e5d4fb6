#pragma once

#include "column.h"

#include <QString>
#include <QVariant>

namespace orm {
class Dialect;
}

namespace orm::values {

/// Converts what a user gave for a column — typed into a cell, pasted, read from a CSV file — into
/// the value to stage, checking it as commit will: the type, NOT NULL, the range, and what the
/// database itself cannot store (a number past 64 bits; a NUL in text where `dialect` cannot hold
/// one). Empty input becomes NULL. Returns false with a plain-language sentence in `error` when
/// the column cannot take it. The editors, paste and import all go through here, so the same
/// input is refused the same way wherever it comes from.
[[nodiscard]] bool fromInput(const Dialect &dialect, const Column &column, const QVariant &input,
                             QVariant *out, QString *error);

} // namespace orm::values
