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
/// one; what Dialect::refusesText() says the database would refuse or round). Empty input becomes
/// NULL. Returns false with a plain-language sentence in `error` when the column cannot take it.
/// The editors, paste and import all go through here, so the same input is refused the same way
/// wherever it comes from.
[[nodiscard]] bool fromInput(const Dialect &dialect, const Column &column, const QVariant &input,
                             QVariant *out, QString *error);

/// What a field's bytes plainly are for a column, read without a QString (a file's million values
/// are read here, issue 14): the number or the text fromInput() gives the same text, or None for
/// anything it must judge itself — spaces around a number, a decimal comma, 19 digits, blank text,
/// a byte-order mark, every other type. A whole number is an optional sign and up to 18 ASCII
/// digits within the column's bounds; a real is ASCII digits, '.', 'e', 'E' and a sign where a
/// sign may stand, read as QString::toDouble() reads it; a text has a visible ASCII character.
struct PlainValue {
    enum class Kind { None, Integer, Real, Text } kind = Kind::None;
    qint64 integer = 0;
    double real = 0;
};
[[nodiscard]] PlainValue plainValue(const Column &column, QByteArrayView bytes);

} // namespace orm::values
