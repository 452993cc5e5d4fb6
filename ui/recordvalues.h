#pragma once

#include "orm/column.h"

#include <QString>
#include <QVariant>

namespace ui {

/// Turning column values into text for a user, and what a user types back into column values.
/// The rules follow the column's metadata: type, NOT NULL and range.
namespace values {

/// The value as a user edits it, whole; an empty string for NULL. Bytes are written as \x and hex
/// digits, the form fromInput() reads back.
QString toText(const orm::Column &column, const QVariant &value);

/// The value as a cell shows it, at most ShownCharacters long: the first line of a text (with
/// "…" when there is more), JSON without its layout whitespace, bytes as their size and image
/// format (blobpreview). Only the beginning of a long value is looked at, so a 10 MB text costs
/// what a short one does.
QString shown(const orm::Column &column, const QVariant &value);

/// The value for a tooltip or a sentence: quoted text (cut like shown()), or "(empty)" for NULL.
QString describe(const orm::Column &column, const QVariant &value);

/// Whether a text is edited in a multi-line editor: it has a line break or is longer than
/// LongTextCharacters.
bool isLongText(const QString &text);

inline constexpr int ShownCharacters = 200;
inline constexpr int LongTextCharacters = 200;

// What a user types back into a value is orm::values::fromInput() (orm/valueinput.h): paste and
// import check values the same way.

} // namespace values
} // namespace ui
