#pragma once

#include "databasetarget.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>

namespace ui {

class MainWindow;

/// Shelf's command line: `shelf [database] [--seed] [--table NAME]`, `shelf --upgrade FILE
/// [--yes]`, `--help`, `--version`. It parses without printing or exiting — main() prints
/// output() — so tests can drive every case.
class CommandLine {
    Q_DECLARE_TR_FUNCTIONS(ui::CommandLine)
public:
    enum class Outcome {
        Run,     ///< open the window (database() and seed() say what with)
        Help,    ///< print output() to stdout and exit successfully
        Version, ///< the same
        Upgrade, ///< upgrade upgradeTarget() without a window (UpgradeCommand), then exit
        Error,   ///< print output() to stderr and exit with a failure
    };

    CommandLine();

    /// Sets the organisation, application name and version that --version, QSettings and
    /// QStandardPaths use. Call before anything reads them.
    static void setIdentity(const QString &version);

    /// Parses `arguments` (the program name first). --help and --version win over anything else,
    /// so they answer even before QApplication has taken out Qt's own options (-platform, -style).
    Outcome parse(const QStringList &arguments);
    /// The help or version text, or the error message with a pointer to --help.
    QString output() const { return m_output; }

    /// The database argument (a file path or a postgresql:// URL), empty when none was given.
    QString database() const;
    bool seed() const;
    /// --table NAME (-t, as DB Browser for SQLite has it): the table to show first.
    QString table() const;
    /// The library `--upgrade` names; `--yes` upgrades without asking.
    QString upgradeTarget() const;
    bool assumeYes() const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QCommandLineOption m_seed;
    QCommandLineOption m_table;
    QCommandLineOption m_upgrade;
    QCommandLineOption m_yes;
    QString m_output;
};

/// What Shelf opens at startup, decided from the command line and the files on disk:
/// - a database argument is opened as it is; a missing file is refused (File → Open's rule) —
///   unless --seed asks for a sample library, which then creates the file;
/// - without one, the library in the application data folder, created and seeded on first launch;
/// - --seed on a database that already exists drops every table: that is asked first, and a "no"
///   opens the database unchanged.
struct LaunchPlan {
    DatabaseTarget target;         ///< invalid when nothing can be opened (then `error` says why)
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

} // namespace ui
