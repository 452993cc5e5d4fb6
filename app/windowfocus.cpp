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
        if (isDialogOverWindow(widget->window()))
            m_answered = widget->window();
        break;
    case QEvent::KeyRelease:
    case QEvent::MouseButtonRelease:
        // A button closes its dialog on release: the release is seen here first, the hide comes
        // while it is handled, so the answer is forgotten only after that.
        if (m_answered && widget->window() == m_answered)
            QTimer::singleShot(0, this, [this] { m_answered = nullptr; });
        break;
    case QEvent::Hide:
        if (widget != m_answered)
            break;
        m_answered = nullptr;
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
