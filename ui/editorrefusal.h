#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace ui::editorrefusal {

/// Shows why the value in an open cell editor was refused, in a message right under the editor
/// (above it at the bottom of the view), in its tooltip and its accessible description, so the
/// user reads the reason where they typed and keeps their text to fix. The message goes with the
/// editor; show() again replaces it.
void show(QWidget *editor, const QString &reason);
/// Hides the message (the value was accepted).
void clear(QWidget *editor);
/// The message shown for `editor`, or nullptr.
QLabel *messageFor(const QWidget *editor);

} // namespace ui::editorrefusal
