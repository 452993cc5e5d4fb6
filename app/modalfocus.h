#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace app {

/// Gives the keyboard back to a window when the user answers a modal dialog over it. A window
/// manager does this itself; without one (Xvfb, a kiosk session, a remote display without a
/// desktop) the X server leaves the keyboard nowhere, and the next keys (Ctrl+S after a delete's
/// preview, Ctrl+Z after a refused paste) reach no window until the user clicks. Only a dialog
/// that closes while the user presses a key or clicks in it hands the keyboard back, so a dialog
/// closed by the program (a progress dialog at the end of an import, maybe while the user is in
/// another application) never takes it.
class ModalFocus : public QObject {
    Q_OBJECT
public:
    /// Watches the dialogs over `window` (installed on the application; a child of `window`).
    explicit ModalFocus(QWidget *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isDialogOverWindow(const QWidget *widget) const;

    QPointer<QWidget> m_window;
    QPointer<QWidget> m_answered; ///< the dialog a key or button is pressed in, until released
};

} // namespace app
