#pragma once

#include "column.h"

#include <QVariant>

namespace orm::values {

/// NULL is one thing in memory: an invalid QVariant, whatever the driver returned.
inline QVariant normalizeNull(const QVariant &value) {
    return value.isNull() ? QVariant() : value;
}

/// Equality as the database sees it: NULL equals NULL, numbers compare by value.
inline bool same(const QVariant &a, const QVariant &b) {
    const bool aNull = a.isNull();
    const bool bNull = b.isNull();
    if (aNull || bNull)
        return aNull && bNull;
    return a == b;
}

/// Converts a value to the column's type when that loses nothing ("42" → 42 for an integer
/// column); otherwise keeps it as given, so validation can name it and nothing typed is lost.
QVariant coerce(const Column &column, const QVariant &value);

/// Why the value cannot be stored in the column, or an empty string.
QString validate(const Column &column, const QVariant &value);

/// A value as SQL text, for the SQL preview (never for execution).
QString sqlLiteral(const QVariant &value);

} // namespace orm::values
