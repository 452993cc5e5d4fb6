#include "windowfocus.h"

#include <QApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

namespace app {

WindowFocus::WindowFocus(QWidget *window)
    : QObject(window)
    , m_window(window) {
    qApp->installEventFilter(this);
}

bool WindowFocus::isDialogOverWindow(const QWidget *widget) const {
    return widget->isWindow() && widget->isModal() && widget->parentWidget() &&
           widget->parentWidget()->window() == m_window;
}

bool WindowFocus::eventFilter(QObject *watched, QEvent *event) {
    if (!watched->isWidgetType())
        return false;
    auto *widget = static_cast<QWidget *>(watched);
    switch (event->type()) {
    case QEvent::Show:
        if (widget != m_window || m_shown)
            break;
        m_shown = true;
        // Once shown, unless a dialog opened over it at once (it keeps the keyboard).
        QTimer::singleShot(0, this, [this] {
            if (m_window && m_window->isVisible() && !QApplication::activeModalWidget())
                m_window->activateWindow();
        });
        break;
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
        // Kept until the dialog closes: its button may first run work that shows and hides other
        // dialogs and spins the event loop (an import's progress), and close it only then.
        if (isDialogOverWindow(widget->window()) && !m_answered.contains(widget->window()))
            m_answered.append(widget->window());
        break;
    case QEvent::Hide:
        // (dialogs deleted without a hide seen here are forgotten too)
        m_answered.removeIf([](const QPointer<QWidget> &dialog) { return dialog.isNull(); });
        if (!m_answered.contains(widget))
            break;
        m_answered.removeAll(widget);
        // After the hide, once Qt has taken in where the window system moved the keyboard: to a
        // next dialog when one opened (it gets the keyboard), else back to the window. Asking
        // for what a window has already changes nothing.
        QTimer::singleShot(0, this, [this] {
            if (!m_window || !m_window->isVisible())
                return;
            QWidget *next = QApplication::activeModalWidget();
            (next ? next : m_window.data())->activateWindow();
        });
        break;
    default:
        break;
    }
    return false;
}

} // namespace app
