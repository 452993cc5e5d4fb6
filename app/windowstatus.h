#pragma once

#include <QObject>

class QLabel;
class QStatusBar;
class QTimer;

namespace orm {
class Session;
} // namespace orm

namespace ui {
class ChangeNoticeBar;
class TableBrowser;
struct DatabaseTarget;
} // namespace ui

namespace app {

/// The main window's status bar: messages, the "database changed — refresh" notice, the shown
/// table's row count, the database's name and the number of pending changes. It owns those
/// widgets and their state; the window hands it the session and the database it shows.
class WindowStatus : public QObject {
    Q_OBJECT
public:
    WindowStatus(QStatusBar *bar, ui::TableBrowser *browser, QObject *parent = nullptr);

    /// Follows `session` (null: none) for the pending count; names `target` in the bar.
    void setSession(orm::Session *session, const ui::DatabaseTarget *target);
    /// A message for a few seconds, in the bar's left part.
    void showMessage(const QString &message);
    ui::ChangeNoticeBar *notice() const { return m_notice; }

public Q_SLOTS:
    /// Counts the pending changes again, once for a burst of session signals.
    void schedulePendingCount();

Q_SIGNALS:
    /// The pending count was shown again: what the session can do may have changed too.
    void pendingCountShown();

private:
    void showPendingCount();
    void showRowCount();

    QStatusBar *m_bar;
    ui::TableBrowser *m_browser;
    orm::Session *m_session = nullptr;
    ui::ChangeNoticeBar *m_notice;
    QLabel *m_rowsLabel;
    QLabel *m_databaseLabel;
    QLabel *m_pendingLabel;
    QTimer *m_pendingTimer;
};

} // namespace app
