#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QVariant>

class QTimer;

namespace orm {

class Session;

/// Notices commits made by other connections to the session's database (issue 6, "External
/// changes"), so that a window can offer a quiet "database changed — refresh" notice:
/// - SQLite: `PRAGMA data_version` on the session's own connection, polled (about once a
///   second; no file is read). It changes only when another connection commits.
/// - PostgreSQL: LISTEN on the channel that createAll()'s statement triggers notify (payload:
///   the table's oid); notifications from the session's own backend are ignored. A
///   database without those triggers (created elsewhere, or by an older Shelf) is polled
///   instead: row count and newest row version (xmin) of every table, re-read after each of the
///   session's own commits so that they do not count.
/// After Session::reconnect() the new connection is followed (PostgreSQL: LISTEN again).
/// Nothing here reads or changes records; Session::refreshUnchanged() does that.
class ChangeWatcher : public QObject {
    Q_OBJECT
public:
    enum class Method { None, SqliteDataVersion, PostgresNotify, PostgresPolling };

    /// Starts watching at once (the database as it is now is the baseline).
    explicit ChangeWatcher(Session *session, QObject *parent = nullptr);
    ~ChangeWatcher() override;

    Method method() const { return m_method; }
    static QString methodName(Method method);
    /// Polling period in milliseconds (SQLite data_version, PostgreSQL without triggers).
    void setInterval(int milliseconds);
    int interval() const;

    /// True after another connection committed, until acknowledge().
    bool hasExternalChanges() const { return m_changed; }
    /// The user refreshed (or dismissed the notice): the database as it is now is the baseline.
    void acknowledge();
    /// Polls once now (the timer does this on its own).
    void check();

Q_SIGNALS:
    /// Another connection committed (emitted once until acknowledge()).
    void externalChange();

private:
    QVariant readSignature();
    void rebaseline();
    /// PostgreSQL: LISTEN when every table has the notify trigger, else poll.
    void choosePostgresMethod();
    /// PostgreSQL: false when the session's connection was reopened and had to LISTEN again.
    bool followReconnect();
    void markChanged();
    void onNotification(const QString &name, int source, const QVariant &payload);

    QPointer<Session> m_session;
    Method m_method = Method::None;
    QTimer *m_timer;
    QVariant m_baseline;
    QSet<QString> m_tables; ///< PostgreSQL: oids of the watched tables (notification payloads)
    int m_interval = 1000;  ///< milliseconds; polling PostgreSQL waits longer
    bool m_changed = false;
};

} // namespace orm
