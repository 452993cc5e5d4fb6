#include "upgradecommand.h"

#include "databaseconnection.h"

#include <QTextStream>

namespace app {

int UpgradeCommand::run(const QString &database, bool assumeYes, QTextStream &in, QTextStream &out,
                        QTextStream &err) {
    const ui::DatabaseTarget target = ui::DatabaseTarget::fromString(database);
    DatabaseConnection connection;
    QString error;
    if (!target.isValid() || !connection.open(target, &error)) {
        err << (error.isEmpty() ? tr("%1 is not a database Shelf can open.").arg(database) : error)
            << Qt::endl;
        return 1;
    }
    if (!connection.readOnlyReason().isEmpty()) {
        err << connection.readOnlyReason() << Qt::endl;
        return 1;
    }
    if (!connection.isLibrary() || connection.kind() == library::DatabaseKind::Empty) {
        err << tr("%1 is not a Shelf library.").arg(target.displayName()) << Qt::endl;
        return 1;
    }
    const library::Upgrader *plan = connection.upgrader();
    if (!plan) {
        out << tr("%1 is at revision %2 already: nothing to do.")
                   .arg(target.displayName())
                   .arg(connection.revision())
            << Qt::endl;
        return 0;
    }
    out << tr("%1: schema revision %2, this Shelf uses %3. The upgrade will:")
               .arg(target.displayName())
               .arg(plan->fromRevision())
               .arg(plan->toRevision())
        << Qt::endl;
    for (const QString &step : plan->steps())
        out << QStringLiteral("  - ") << step << Qt::endl;
    out << (plan->backupPath().isEmpty()
                ? tr("It runs in one transaction: if anything fails, nothing is changed.")
                : tr("A backup is written first: %1").arg(plan->backupPath()))
        << Qt::endl;
    if (!assumeYes) {
        out << tr("Upgrade? [y/N] ") << Qt::flush;
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            out << tr("Nothing was changed.") << Qt::endl;
            return 1;
        }
    }
    if (!connection.upgrade(&error)) {
        err << error << Qt::endl;
        return 1;
    }
    out << tr("Upgraded %1 to revision %2.").arg(target.displayName()).arg(connection.revision())
        << Qt::endl;
    return 0;
}

} // namespace app
