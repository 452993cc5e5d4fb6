#include "changewatcher.h"

#include "session.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTimer>

Q_LOGGING_CATEGORY(lcWatcher, "shelf.orm.watcher", QtWarningMsg)

namespace orm {

namespace {

/// The channel createAll()'s PostgreSQL triggers notify (sessionschema.cpp).
const QString Channel = QStringLiteral("shelf_changes");
constexpr int DefaultInterval = 1000;
constexpr int PostgresPollingFactor = 5; // the fallback scans tables: poll it less often

bool listensForChanges(const Session &session) {
    return session.dialect().notifiesChanges();
}

} // namespace

ChangeWatcher::ChangeWatcher(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(DefaultInterval);
    connect(m_timer, &QTimer::timeout, this, &ChangeWatcher::check);
    if (!session || !session->isValid() || !session->database().isOpen())
        return;
    if (!listensForChanges(*session)) {
        m_method = Method::SqliteDataVersion;
    } else {
        connect(session->database().driver(), &QSqlDriver::notification, this,
                [this](const QString &name, QSqlDriver::NotificationSource source,
                       const QVariant &payload) { onNotification(name, int(source), payload); });
        // Polling: the session's own commits move the signature too; they are the new baseline.
        connect(session, &Session::committed, this, [this] {
            if (m_method == Method::PostgresPolling && !m_changed)
                rebaseline();
        });
        // createAll() after dropAll() (seeding): new tables, new oids, new triggers
        connect(session, &Session::schemaChanged, this, &ChangeWatcher::choosePostgresMethod);
        choosePostgresMethod();
    }
    qCDebug(lcWatcher) << "watching with" << methodName(m_method);
    if (m_method == Method::SqliteDataVersion)
        rebaseline();
    m_timer->start(); // PostgreSQL with NOTIFY: only to find a reopened connection
}

void ChangeWatcher::choosePostgresMethod() {
    if (!m_session || !m_session->database().isOpen())
        return;
    QSqlDatabase db = m_session->database();
    m_tables.clear();
    {
        QSqlQuery query(db);
        // Every table of the metadata has the notify trigger in the schema the session uses
        if (query.exec(QStringLiteral("SELECT c.oid::text FROM pg_trigger t "
                                      "JOIN pg_class c ON c.oid = t.tgrelid "
                                      "WHERE t.tgname = 'shelf_notify_change' "
                                      "AND c.relnamespace = current_schema()::regnamespace"))) {
            while (query.next())
                m_tables.insert(query.value(0).toString());
        }
    }
    const bool triggers = m_tables.size() >= m_session->metadata().tables().size();
    QSqlDriver *driver = db.driver();
    const bool listening = driver->subscribedToNotifications().contains(Channel);
    if (triggers && (listening || driver->subscribeToNotification(Channel))) {
        m_method = Method::PostgresNotify;
        m_timer->setInterval(m_interval);
        return;
    }
    if (listening)
        driver->unsubscribeFromNotification(Channel);
    m_method = Method::PostgresPolling;
    m_timer->setInterval(m_interval * PostgresPollingFactor);
    rebaseline();
}

ChangeWatcher::~ChangeWatcher() {
    if (m_method == Method::PostgresNotify && m_session) {
        QSqlDatabase db = m_session->database();
        if (db.isOpen() && db.driver())
            db.driver()->unsubscribeFromNotification(Channel);
    }
}

QString ChangeWatcher::methodName(Method method) {
    switch (method) {
    case Method::None:
        return QStringLiteral("none");
    case Method::SqliteDataVersion:
        return QStringLiteral("SQLite data_version");
    case Method::PostgresNotify:
        return QStringLiteral("PostgreSQL LISTEN/NOTIFY");
    case Method::PostgresPolling:
        return QStringLiteral("PostgreSQL polling");
    }
    return {};
}

void ChangeWatcher::setInterval(int milliseconds) {
    m_interval = milliseconds;
    m_timer->setInterval(m_method == Method::PostgresPolling ? milliseconds * PostgresPollingFactor
                                                             : milliseconds);
}

int ChangeWatcher::interval() const {
    return m_timer->interval();
}

QVariant ChangeWatcher::readSignature() {
    if (!m_session || !m_session->database().isOpen())
        return {};
    QSqlQuery query(m_session->database());
    if (m_method == Method::SqliteDataVersion) {
        if (!query.exec(QStringLiteral("PRAGMA data_version")) || !query.next())
            return {};
        return query.value(0);
    }
    // PostgreSQL without triggers: rows and the newest row version of every table.
    QStringList parts;
    for (const Table *table : m_session->metadata().tables())
        parts << QStringLiteral("SELECT count(*)::text || ':' || "
                                "coalesce(max(xmin::text::bigint), 0)::text FROM %1")
                     .arg(m_session->dialect().quoteTable(*table));
    if (!query.exec(parts.join(QStringLiteral(" UNION ALL "))))
        return {};
    QStringList signature;
    while (query.next())
        signature << query.value(0).toString();
    return signature.join(QLatin1Char(','));
}

void ChangeWatcher::rebaseline() {
    m_baseline = readSignature();
}

bool ChangeWatcher::followReconnect() {
    if (m_method != Method::PostgresNotify || !m_session)
        return true;
    // Session::reconnect() closed the connection, and its LISTEN with it: listen again. What
    // others committed while it was down is not known. (SQLite: the new connection's
    // data_version differs from the old one's, so a reconnect shows the notice once.)
    QSqlDatabase db = m_session->database();
    if (!db.isOpen() || db.driver()->subscribedToNotifications().contains(Channel))
        return true;
    qCDebug(lcWatcher) << "the session reconnected: listening again";
    db.driver()->subscribeToNotification(Channel);
    return false;
}

void ChangeWatcher::check() {
    if (m_method == Method::None || !followReconnect())
        return;
    if (m_changed || m_method == Method::PostgresNotify)
        return;
    const QVariant now = readSignature();
    if (!now.isValid())
        return; // unreadable now (busy, a lost connection): keep the baseline, try again
    if (!m_baseline.isValid()) {
        m_baseline = now; // the first reading that worked
        return;
    }
    if (now != m_baseline)
        markChanged();
}

void ChangeWatcher::onNotification(const QString &name, int source, const QVariant &payload) {
    if (m_method != Method::PostgresNotify || name != Channel ||
        source != int(QSqlDriver::OtherSource))
        return; // the session's own commits are no news
    if (!m_tables.contains(payload.toString()))
        return; // a table of another schema in the same database
    markChanged();
}

void ChangeWatcher::markChanged() {
    if (m_changed)
        return;
    m_changed = true;
    qCDebug(lcWatcher) << "another connection committed";
    Q_EMIT externalChange();
}

void ChangeWatcher::acknowledge() {
    m_changed = false;
    if (m_method != Method::PostgresNotify)
        rebaseline();
}

} // namespace orm
