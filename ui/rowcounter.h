#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QThread;

namespace ui {

/// Counts the rows of many tables without blocking the window: a thread of its own, with its own
/// connection to the same database (read-only on SQLite), one table after another, each count
/// reported as it arrives. The window never waits for a count, and a 500-table database opens
/// before the counts are in.
class RowCounter : public QObject {
    Q_OBJECT
public:
    /// One count to run: `sql` returns one row with one number (StatementBuilder::countRows()).
    struct Job {
        int table = -1; ///< the caller's handle, given back with the count
        QString sql;
    };

    explicit RowCounter(QObject *parent = nullptr);
    /// Stops counting (after the count in progress) and waits for the thread.
    ~RowCounter() override;

    /// Counts through a clone of the Qt connection `connectionName`. A count already running
    /// stops first. An in-memory SQLite database cannot be reached from another connection:
    /// nothing is counted then.
    void start(const QString &connectionName, const QList<Job> &jobs);
    void stop();
    /// Whether a round started and its finished() has not been emitted yet.
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void counted(int table, qint64 rows);
    /// The count of `table` failed (a view over a missing table, a privilege): `message` says why.
    void countFailed(int table, const QString &message);
    /// Every job ran, or counting stopped.
    void finished();

private:
    /// The thread reports here first (queued to this object's thread): a count that arrives
    /// after start() began another round belongs to the old round and is dropped. `table` -1
    /// ends the round.
    void deliver(quint64 round, int table, qint64 rows, const QString &error);

    QThread *m_thread = nullptr;
    quint64 m_round = 0;
    bool m_running = false;
};

} // namespace ui
