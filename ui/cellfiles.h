#pragma once

#include <QString>

class QModelIndex;
class QWidget;

namespace ui {

class Prompter;

/// A cell's value to and from a file, for the cell menu's "Save Value As…" and "Load Value From
/// File…": bytes that no one types (a photo, a PDF) go in and out whole.
namespace cellfiles {

/// Asks `prompter` for a file and writes the cell's value to it: a blob's bytes exactly, any
/// other value as the UTF-8 text the editor shows. False with `message` set when nothing was
/// written (NULL, the file cannot be written); false with `message` empty when cancelled.
[[nodiscard]] bool saveValue(QWidget *parent, Prompter &prompter, const QModelIndex &cell,
                             QString *message);

/// Asks `prompter` for a file and stages its bytes as the cell's new value, through the model's
/// setData() (one undoable edit, refused as a typed value would be). Refused with `message`,
/// naming the column, when the column is not a blob, the cell is read-only or the file cannot be
/// read; false with `message` empty when cancelled.
[[nodiscard]] bool loadValue(QWidget *parent, Prompter &prompter, const QModelIndex &cell,
                             QString *message);

} // namespace cellfiles
} // namespace ui
