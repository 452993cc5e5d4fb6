#pragma once

#include "types.h"

#include <QByteArray>
#include <QList>
#include <QVariant>

namespace orm::copytext {

/// Rows in the text format of PostgreSQL's `COPY … FROM STDIN`: values separated by tabs, a row
/// ended by a line feed, NULL as `\N`, a backslash, tab, line feed or carriage return in a value
/// escaped with a backslash, text as UTF-8.
///
/// A value is written as the text the server's input function reads into what an INSERT of it
/// stores: Shelf's INSERTs on PostgreSQL carry the literals of QPSQL's formatValue(), and most of
/// those are untyped literals, which the column's input function reads just as COPY does (text,
/// decimals as their text, dates, times, UUIDs, bytes as `\x` hex). Booleans and numbers are
/// typed literals; they go only into columns whose input reads them as the same value (booleans
/// as `t`/`f` into boolean columns; integers into integer, real and decimal columns; doubles,
/// shortest round-trip text or NaN/Infinity, -0 as 0 as the INSERT has it, into real and decimal
/// columns). A QDateTime goes only into a timestamptz column, as UTC: QPSQL sends it as a
/// timestamp with time zone, which a column without one converts to the server's time zone, and
/// COPY's input would not.
///
/// Not supported: any other value (a QDateTime for a timestamp without time zone, a number for a
/// text column, a date outside years 1–9999, a type QPSQL does not format): appendField() says
/// so, and the caller writes those rows with INSERT instead.

/// Appends `value` as one field for a column of `type`. False (and `out` as it was) when the
/// value has no COPY text that is certainly what an INSERT of it would store.
[[nodiscard]] bool appendField(QByteArray *out, ColumnType type, const QVariant &value);

/// Appends rows of `types.size()` values each, taken from `values` row after row. False when a
/// value cannot go (appendField()); `out` is then incomplete, for the caller to drop.
[[nodiscard]] bool appendRows(QByteArray *out, const QList<ColumnType> &types,
                              const QVariantList &values);

} // namespace orm::copytext
