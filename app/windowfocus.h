#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QWidget;

namespace app {

/// Keeps the keyboard with a window where no window manager does (Xvfb, a kiosk session, a remote
/// display without a desktop). A window manager gives the keyboard to a window that opens and
/// back to it when a dialog over it closes; without one the X server leaves it nowhere, and keys
/// that need an active window (Ctrl+S, Ctrl+Z, Delete's shortcut) reach nothing until the user
/// clicks, though typed text still lands in the cell under the pointer.
/// - The window asks for the keyboard when it first shows (a window manager may still decide).
/// - It gets it back when a modal dialog over it that the user answered closes (Ctrl+S after a
///   delete's preview, Ctrl+Z after a refused paste), also when it closes only once the work its
///   button started is done (an import's Stage Rows: a progress dialog comes and goes first).
///   Only a dialog the user pressed a key or clicked in hands the keyboard back, so a dialog that
///   only the program opened and closed (the progress dialog itself) never takes it.
class WindowFocus : public QObject {
    Q_OBJECT
public:
    /// Watches `window` and the dialogs over it (installed on the application; a child of
    /// `window`).
    explicit WindowFocus(QWidget *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isDialogOverWindow(const QWidget *widget) const;

    QPointer<QWidget> m_window;
    /// The dialogs a key or button was pressed in, until each closes
    QList<QPointer<QWidget>> m_answered;
    bool m_shown = false; ///< the window has shown once (and asked for the keyboard)
};

} // namespace app
