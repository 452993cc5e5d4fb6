#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>

namespace app {

/// Shelf's command line: `shelf [database] [--seed] [--table NAME]`, `shelf --upgrade FILE
/// [--yes]`, `--help`, `--version`. It parses without printing or exiting — main() prints
/// output() — so tests can drive every case.
class CommandLine {
    Q_DECLARE_TR_FUNCTIONS(app::CommandLine)
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

} // namespace app
