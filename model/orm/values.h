#pragma once

#include "column.h"

#include <QVariant>
#include <optional>

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

/// Equality as values of the column's type: an exact decimal compared as a decimal, never through
/// double ("0" and "0.00" in a numeric(10,2)), a date, time or timestamp by the moment it names
/// whether it is held as text or as a date ("2026-11-01" and QDate(2026, 11, 1)). Other types,
/// and text that is not a number or a date of the column's type, compare as same() does. Used to
/// decide what is a change (rule 5); the database's own comparison does the rest (rule 12).
bool same(const Column &column, const QVariant &a, const QVariant &b);
/// True for the types same(column, …) compares by value rather than by form (exact decimals,
/// dates, times, timestamps).
bool comparesAsType(ColumnType type);

/// Converts a value to the column's type when that loses nothing ("42" → 42 for an integer
/// column); otherwise keeps it as given, so validation can name it and nothing typed is lost.
QVariant coerce(const Column &column, const QVariant &value);

/// Why the value cannot be stored in the column, or an empty string.
QString validate(const Column &column, const QVariant &value);

/// The digits an exact number written as text needs before and after the point, leading and
/// trailing zeros aside ("012.50": 2 and 1, "1e3": 4 and 0, "0.00": 0 and 0): what a
/// numeric(precision, scale) column must hold to take it unrounded. std::nullopt for text that is
/// not a plain number (NaN, Infinity, words).
struct DecimalDigits {
    qint64 whole = 0;
    qint64 fraction = 0;
};
std::optional<DecimalDigits> decimalDigits(const QString &text);

/// True for a text that can be held as Latin-1 bytes in `room` characters and read back as the
/// very same QString: not empty (null or not: the bytes would not say which), no longer than
/// `room`, every character below U+0100.
bool fitsLatin1(const QString &text, qsizetype room);
/// The Latin-1 bytes of a text fitsLatin1() accepted, one a character, written to `out`.
void toLatin1(QStringView text, char *out);
/// True for the metatypes of an integer of up to 64 bits, signed or not (int, long, short and
/// their unsigned kinds, qint64, quint64): what QSql drivers read integer columns as.
bool isInteger(int typeId);
/// True for the metatypes of a number or a boolean that a QVariant holds by value, in 8 bytes at
/// most, and copies as bytes: what the row store and a staged change keep as those bytes (the
/// integers, booleans, doubles and floats).
bool heldAsBytes(int typeId);

/// True when a driver sends the value as NULL (QSqlResultPrivate::isVariantNull): a null of any
/// kind, a null string or byte array, an invalid date, time or timestamp.
bool sentAsNull(const QVariant &value);

/// A value as SQL text, for the SQL preview (never for execution).
QString sqlLiteral(const QVariant &value);

} // namespace orm::values
