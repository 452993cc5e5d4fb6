#include "launchplan.h"

#include "databaseconnection.h"
#include "mainwindow.h"

#include "ui/prompter.h"

#include <QDir>
#include <QFileInfo>

namespace app {

QString LaunchPlan::defaultLibraryPath(const QString &defaultFolder) {
    return QDir(defaultFolder).filePath(QStringLiteral("library.sqlite"));
}

LaunchPlan LaunchPlan::prepare(const QString &database, bool seed, const QString &defaultFolder) {
    LaunchPlan plan;
    plan.seed = seed;
    if (database.isEmpty())
        plan.target = defaultFolder.isEmpty()
                          ? ui::DatabaseTarget{}
                          : ui::DatabaseTarget::sqlite(defaultLibraryPath(defaultFolder));
    else
        plan.target = ui::DatabaseTarget::fromString(database);
    if (!plan.target.isValid()) {
        plan.error = database.isEmpty()
                         ? tr("There is no folder for application data, so the "
                              "default library has no place. Give a database path.")
                         : tr("\u201c%1\u201d is not a database Shelf can open: give "
                              "an SQLite file's path or a "
                              "postgresql://user@host:port/database URL.")
                               .arg(database);
        return plan;
    }
    if (plan.target.kind != ui::DatabaseTarget::Kind::Sqlite) {
        plan.askBeforeSeeding = seed; // a server's database exists by definition
        return plan;
    }
    if (QFileInfo::exists(plan.target.path)) {
        plan.askBeforeSeeding = seed;
        return plan;
    }
    // Only two cases create a file: the first launch (the default library), and an explicit
    // --seed, which asks for a sample library there. Any other missing path is refused when
    // opened, with File → Open's message: a typo must not leave an empty library behind.
    if (!database.isEmpty() && !seed)
        return plan;
    plan.seed = true;
    if (!DatabaseConnection::createSqliteFile(plan.target.path, &plan.error))
        plan.target = {};
    return plan;
}

bool LaunchPlan::run(MainWindow &window) const {
    ui::Prompter *prompter = window.prompter();
    if (!target.isValid()) {
        if (!error.isEmpty())
            prompter->showError(&window, tr("Cannot open the database"), error);
        return false;
    }
    bool seedNow = seed;
    if (seed && askBeforeSeeding &&
        !prompter->confirm(&window, tr("Seed database"),
                           tr("--seed drops every table of %1, creates them again and "
                              "fills them with the sample library. All data in them "
                              "is lost. Cancel opens %1 as it is.")
                               .arg(target.displayName()),
                           tr("Drop and Seed")))
        seedNow = false;
    bool opened = false;
    if (target.kind == ui::DatabaseTarget::Kind::Postgres) {
        // A server usually wants a password, which is never on the command line's URL or on
        // disk: ask for it right away when the first attempt fails.
        opened = window.openDatabase(target, seedNow, table);
        if (!opened) {
            window.connectToPostgres(target, seedNow, table);
            opened = window.session() != nullptr;
        }
    } else {
        opened = window.openDatabase(target, seedNow, table);
    }
    return opened;
}

} // namespace app
