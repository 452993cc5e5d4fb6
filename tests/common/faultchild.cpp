#include "faultchild.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <cstdio>

namespace shelftest {

namespace {
const char SignalAtVariable[] = "SHELF_FAULT_SIGNAL_AT";
}

quint32 faultTrialSeed(quint32 fallback) {
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("SHELF_FAULT_SEED").toUInt(&ok);
    return ok ? seed : fallback;
}

QList<KillPoint> seededKillPoints(QRandomGenerator &random, int trials, int statements,
                                  int maxDelayMs) {
    QList<KillPoint> points;
    for (int i = 0; i < trials / 2; ++i)
        points.append({random.bounded(1, statements + 1), 0});
    while (points.size() < trials)
        points.append({statements, random.bounded(0, maxDelayMs + 1)});
    return points;
}

bool startFaultChild(QProcess &child, const char *roleVariable, const QString &path, int signalAt) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(roleVariable), path);
    environment.insert(QString::fromLatin1(SignalAtVariable), QString::number(signalAt));
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {});
    return child.waitForStarted(30000);
}

QByteArray killWhenReady(QProcess &child, int delayMs) {
    QByteArray output;
    const QDeadlineTimer deadline(120000); // a hung child fails the trial, not the CI job
    while (!output.contains(FaultReadyLine) && child.state() == QProcess::Running &&
           !deadline.hasExpired()) {
        child.waitForReadyRead(1000);
        output += child.readAllStandardOutput();
    }
    if (delayMs > 0)
        child.waitForFinished(delayMs); // the child may finish meanwhile
    child.kill();
    if (child.state() != QProcess::NotRunning && !child.waitForFinished(30000))
        qWarning("the child did not die");
    return output + child.readAllStandardOutput();
}

FinishedChild finishedChild(const QString &output, const QString &doneWord) {
    const QStringList fields =
        output.section(doneWord + QLatin1Char(' '), 1).trimmed().split(QLatin1Char(' '));
    return {fields.value(0).toInt(), fields.value(1).toInt()};
}

FaultChildSignal::FaultChildSignal()
    : m_signalAt(qEnvironmentVariableIntValue(SignalAtVariable)) {
}

void FaultChildSignal::beforeStatement() {
    m_sinceLastStatement.start();
    if (++m_statements == m_signalAt) {
        std::fprintf(stdout, "%s %d\n", FaultReadyLine, m_statements);
        std::fflush(stdout);
    }
}

void FaultChildSignal::printDone(const char *doneWord) const {
    std::fprintf(stdout, "%s %d %lld\n", doneWord, m_statements,
                 qlonglong(m_sinceLastStatement.elapsed()));
    std::fflush(stdout);
}

} // namespace shelftest
