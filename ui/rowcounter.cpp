#include "rowcounter.h"

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace ui {

namespace {

QAtomicInt g_counters;

/// The clone reads only: on SQLite the file is opened read-only, so counting can neither
/// write to it nor create a journal (docs/contract.md §7: opening modifies nothing).
void makeReadOnly(QSqlDatabase &database) {
    if (database.driverName() != QLatin1String("QSQLITE"))
        return;
    QString name = database.databaseName();
    if (name.startsWith(QLatin1String("file:"))) {
        // A URI's mode may not be less strict than the open flags: say read-only in the URI.
        name.replace(QLatin1String("mode=rwc"), QLatin1String("mode=ro"));
        name.replace(QLatin1String("mode=rw"), QLatin1String("mode=ro"));
        database.setDatabaseName(name);
        return;
    }
    QString options = database.connectOptions();
    if (!options.isEmpty())
        options += QLatin1Char(';');
    database.setConnectOptions(options + QStringLiteral("QSQLITE_OPEN_READONLY"));
}

bool isInMemory(const QSqlDatabase &database) {
    const QString name = database.databaseName();
    return database.driverName() == QLatin1String("QSQLITE") &&
           (name.isEmpty() || name == QLatin1String(":memory:") ||
            name.contains(QLatin1String("mode=memory")));
}

} // namespace

RowCounter::RowCounter(QObject *parent)
    : QObject(parent) {
}

RowCounter::~RowCounter() {
    stop();
}

void RowCounter::stop() {
    ++m_round; // what the stopped thread has still queued is dropped
    m_running = false;
    if (!m_thread)
        return;
    m_thread->requestInterruption();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void RowCounter::start(const QString &connectionName, const QList<Job> &jobs) {
    stop();
    const quint64 round = ++m_round;
    const QString cloneName =
        QStringLiteral("shelf_rowcounter_%1").arg(g_counters.fetchAndAddRelaxed(1));
    // Results are queued to this object's thread; the thread never outlives this object (stop()
    // waits for it), so `this` is valid wherever the thread uses it.
    auto report = [this, round](int table, qint64 rows, const QString &error) {
        QMetaObject::invokeMethod(
            this, [this, round, table, rows, error] { deliver(round, table, rows, error); },
            Qt::QueuedConnection);
    };
    m_thread = QThread::create([connectionName, cloneName, jobs, report] {
        {
            QSqlDatabase database = QSqlDatabase::cloneDatabase(connectionName, cloneName);
            if (!isInMemory(database)) {
                makeReadOnly(database);
                if (database.open()) {
                    for (const Job &job : jobs) {
                        if (QThread::currentThread()->isInterruptionRequested())
                            break;
                        QSqlQuery query(database);
                        query.setForwardOnly(true);
                        if (query.exec(job.sql) && query.next())
                            report(job.table, query.value(0).toLongLong(), QString());
                        else
                            report(job.table, -1, query.lastError().text());
                    }
                    database.close();
                } else {
                    for (const Job &job : jobs)
                        report(job.table, -1, database.lastError().text());
                }
            }
        }
        QSqlDatabase::removeDatabase(cloneName);
        report(-1, -1, QString()); // the round is over
    });
    m_thread->setObjectName(QStringLiteral("RowCounter"));
    m_running = true;
    m_thread->start(QThread::LowPriority);
}

void RowCounter::deliver(quint64 round, int table, qint64 rows, const QString &error) {
    if (round != m_round)
        return;
    if (table < 0) {
        m_running = false;
        Q_EMIT finished();
    } else if (rows >= 0) {
        Q_EMIT counted(table, rows);
    } else {
        Q_EMIT countFailed(table, error);
    }
}

} // namespace ui
