#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>

class QProcess;
class QRandomGenerator;

/// The kill-mid-write trials (tst_faults_killedcommit, tst_faults_killedupgrade): the test
/// executable starts itself again as a child that writes a file, and SIGKILLs it at a seeded
/// statement. These are both sides of that conversation.
namespace shelftest {

/// What the child prints when it is about to run the statement the parent asked for.
inline constexpr char FaultReadyLine[] = "SIGNAL-POINT";

/// The trials' seed: SHELF_FAULT_SEED when set (to replay a run), else `fallback`.
quint32 faultTrialSeed(quint32 fallback);

/// Kill the child `delayMs` after it reached statement `statement`.
struct KillPoint {
    int statement;
    int delayMs;
};
/// `trials` kill points: half at seeded statements of `statements`, the rest at seeded delays of
/// up to `maxDelayMs` after the last one (the COMMIT, where the file is written).
QList<KillPoint> seededKillPoints(QRandomGenerator &random, int trials, int statements,
                                  int maxDelayMs);

// --- The parent ----------------------------------------------------------------------------------

/// Starts this executable as the child `roleVariable` names, working on `path`, printing
/// FaultReadyLine before statement `signalAt` (0: never). False when it did not start.
bool startFaultChild(QProcess &child, const char *roleVariable, const QString &path, int signalAt);
/// Waits until the child printed FaultReadyLine (or ended, or 120 s passed), waits `delayMs`
/// more, SIGKILLs it and returns all it printed.
QByteArray killWhenReady(QProcess &child, int delayMs);

/// What a child left to finish printed with FaultChildSignal::printDone().
struct FinishedChild {
    int statements = 0;
    int lastStatementMs = 0; ///< the last statement (COMMIT) and what followed it
};
FinishedChild finishedChild(const QString &output, const QString &doneWord);

// --- The child -----------------------------------------------------------------------------------

/// Counts the child's statements and prints FaultReadyLine before the one SHELF_FAULT_SIGNAL_AT
/// names, then carries on without waiting for the kill.
class FaultChildSignal {
public:
    FaultChildSignal();
    /// Call before each statement.
    void beforeStatement();
    /// Prints "`doneWord` statements milliseconds-since-the-last-statement".
    void printDone(const char *doneWord) const;

private:
    int m_signalAt;
    int m_statements = 0;
    QElapsedTimer m_sinceLastStatement;
};

} // namespace shelftest
