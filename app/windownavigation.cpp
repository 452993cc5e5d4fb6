#include "windownavigation.h"

#include "windowstatus.h"

#include "orm/session.h"
#include "ui/mainactions.h"
#include "ui/pendingchangespane.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"
#include "ui/tablenavigator.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QMainWindow>
#include <QMouseEvent>
#include <QTableView>
#include <QTreeWidget>
#include <algorithm>

namespace app {

WindowNavigation::WindowNavigation(const ui::MainActions &actions, const Parts &parts,
                                   QObject *parent)
    : QObject(parent)
    , m_actions(actions)
    , m_parts(parts) {
    ui::TableBrowser *browser = parts.browser;
    connect(actions.nextPane, &QAction::triggered, this, &WindowNavigation::focusNextPane);
    connect(actions.goToTable, &QAction::triggered, this, [parts] {
        parts.navigatorDock->show();
        parts.navigatorDock->raise();
        parts.navigator->filterEdit()->setFocus(Qt::ShortcutFocusReason);
        parts.navigator->filterEdit()->selectAll();
    });
    connect(actions.goBack, &QAction::triggered, this, [parts, browser] {
        if (browser->commitOpenEditor() && !browser->goBack())
            parts.status->showMessage(tr("The earlier places are gone (their rows were deleted)."));
    });
    connect(actions.goForward, &QAction::triggered, this, [parts, browser] {
        if (browser->commitOpenEditor() && !browser->goForward())
            parts.status->showMessage(tr("The later places are gone (their rows were deleted)."));
    });
    connect(actions.goToRecord, &QAction::triggered, this, [parts, browser] {
        if (!browser->commitOpenEditor())
            return;
        if (const orm::RecordPtr record = browser->referencedRecord())
            browser->goTo(record);
        else
            parts.status->showMessage(tr("This cell refers to no row: choose a foreign-key cell "
                                         "or a related row."));
    });
    // The mouse's side buttons go back and forward wherever the pointer is in the window.
    qApp->installEventFilter(this);
}

void WindowNavigation::focusNextPane() {
    QList<QWidget *> panes;
    panes << m_parts.browser->currentView() << m_parts.browser->relatedPane()->currentView()
          << m_parts.pending->changesTree();
    panes.removeAll(nullptr);
    panes.erase(std::remove_if(panes.begin(), panes.end(),
                               [](const QWidget *pane) { return !pane->isVisible(); }),
                panes.end());
    if (panes.isEmpty())
        return;
    qsizetype at = -1;
    for (qsizetype i = 0; i < panes.size(); ++i) {
        if (panes.at(i) == QApplication::focusWidget() ||
            panes.at(i)->isAncestorOf(QApplication::focusWidget()))
            at = i;
    }
    panes.at((at + 1) % panes.size())->setFocus(Qt::TabFocusReason);
}

bool WindowNavigation::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() == QEvent::MouseButtonPress) {
        auto *widget = qobject_cast<QWidget *>(watched);
        const auto *press = static_cast<QMouseEvent *>(event);
        if (widget && widget->window() == m_parts.window) {
            if (press->button() == Qt::BackButton && m_actions.goBack->isEnabled()) {
                m_actions.goBack->trigger();
                return true;
            }
            if (press->button() == Qt::ForwardButton && m_actions.goForward->isEnabled()) {
                m_actions.goForward->trigger();
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace app
