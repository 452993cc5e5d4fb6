#pragma once

#include "column.h"

#include <QByteArrayView>
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

/// A whole number written plainly in ASCII — an optional sign and up to 18 digits, nothing else
/// ("42", "-7", "+007") — read without a QString: fromInput() gives an Integer column the same
/// number for that text. False for any other text, which fromInput() judges (a file's million
/// numbers are read here, issue 14).
[[nodiscard]] bool plainInteger(QByteArrayView text, qint64 *number);
/// A number written plainly in ASCII ("0.25", "-1e3"): the digits, '.', 'e', 'E', '+' and '-'
/// only, read by the C++ library as fromInput() reads them for a Real column. False for any other
/// text (spaces, "inf", a locale's commas), which fromInput() judges.
[[nodiscard]] bool plainReal(QByteArrayView text, double *number);

} // namespace orm::values
