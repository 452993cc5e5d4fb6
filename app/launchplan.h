#pragma once

#include "ui/databasetarget.h"

#include <QCoreApplication>
#include <QString>

namespace app {

class MainWindow;

/// What Shelf opens at startup, decided from the command line and the files on disk:
/// - a database argument is opened as it is; a missing file is refused (File → Open's rule) —
///   unless --seed asks for a sample library, which then creates the file;
/// - without one, the library in the application data folder, created and seeded on first launch;
/// - --seed on a database that already exists drops every table: that is asked first, and a "no"
///   opens the database unchanged.
struct LaunchPlan {
    Q_DECLARE_TR_FUNCTIONS(app::LaunchPlan)
public:
    ui::DatabaseTarget target;     ///< invalid when nothing can be opened (then `error` says why)
    bool seed = false;             ///< load the sample library while opening
    bool askBeforeSeeding = false; ///< the database existed before: confirm dropping its tables
    QString table;                 ///< the table to show once open (--table), empty: the usual
    QString error;                 ///< why the file to seed could not be created

    /// Decides, and creates the SQLite file to be seeded when there is one to create.
    /// `defaultFolder` holds the default library (QStandardPaths::AppDataLocation in main()).
    static LaunchPlan prepare(const QString &database, bool seed, const QString &defaultFolder);
    /// The default library's path inside `defaultFolder`.
    static QString defaultLibraryPath(const QString &defaultFolder);

    /// Opens the plan in `window` (asking first when askBeforeSeeding), or shows the error.
    /// A PostgreSQL server that refuses the URL gets the connection dialog, prefilled.
    /// True when a database is open afterwards.
    bool run(MainWindow &window) const;
};

} // namespace app
