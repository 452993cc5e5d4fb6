#include "commandline.h"

#include "databaseconnection.h"
#include "mainwindow.h"
#include "prompter.h"

#include <QDir>
#include <QFileInfo>

namespace ui {

CommandLine::CommandLine()
    : m_help(m_parser.addHelpOption())
    , m_version(m_parser.addVersionOption())
    , m_seed(QStringLiteral("seed"),
             tr("Fill the database with the sample library before opening it. A missing file is "
                "created; an existing database has every table dropped and recreated, after "
                "asking."))
    , m_table(QStringList{QStringLiteral("t"), QStringLiteral("table")},
              tr("Open the database at this table (its name as the database spells it)."),
              tr("name"))
    , m_upgrade(QStringLiteral("upgrade"),
                tr("Upgrade the library <database> made by an older Shelf, without opening a "
                   "window: prints what will change, asks, backs the file up and upgrades."),
                QStringLiteral("database"))
    , m_yes(QStringLiteral("yes"), tr("With --upgrade: upgrade without asking.")) {
    m_parser.setApplicationDescription(
        tr("Browse and edit related records; edits are staged until you commit."));
    m_parser.addPositionalArgument(
        QStringLiteral("database"),
        tr("An SQLite file, or postgresql://user@host:port/db. Default: the library in the "
           "application data folder, created with the sample library on first launch."),
        QStringLiteral("[database]"));
    m_parser.addOption(m_seed);
    m_parser.addOption(m_table);
    m_parser.addOption(m_upgrade);
    m_parser.addOption(m_yes);
}

void CommandLine::setIdentity(const QString &version) {
    QCoreApplication::setOrganizationName(QStringLiteral("Shelf"));
    QCoreApplication::setApplicationName(QStringLiteral("Shelf"));
    QCoreApplication::setApplicationVersion(version);
}

CommandLine::Outcome CommandLine::parse(const QStringList &arguments) {
    m_output.clear();
    const bool parsed = m_parser.parse(arguments);
    if (m_parser.isSet(m_help)) {
        m_output = m_parser.helpText();
        return Outcome::Help;
    }
    if (m_parser.isSet(m_version)) {
        m_output = QCoreApplication::applicationName() + QLatin1Char(' ') +
                   QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return Outcome::Version;
    }
    if (!parsed || m_parser.positionalArguments().size() > 1) {
        const QString problem =
            parsed ? tr("Only one database can be opened at a time.") : m_parser.errorText();
        m_output = problem + QLatin1Char('\n') +
                   tr("Run '%1 --help' for what Shelf accepts.")
                       .arg(QFileInfo(arguments.value(0, QStringLiteral("shelf"))).fileName()) +
                   QLatin1Char('\n');
        return Outcome::Error;
    }
    if (m_parser.isSet(m_upgrade))
        return Outcome::Upgrade;
    return Outcome::Run;
}

QString CommandLine::upgradeTarget() const {
    return m_parser.value(m_upgrade);
}

bool CommandLine::assumeYes() const {
    return m_parser.isSet(m_yes);
}

QString CommandLine::database() const {
    return m_parser.positionalArguments().value(0);
}

bool CommandLine::seed() const {
    return m_parser.isSet(m_seed);
}

QString CommandLine::table() const {
    return m_parser.value(m_table);
}

QString LaunchPlan::defaultLibraryPath(const QString &defaultFolder) {
    return QDir(defaultFolder).filePath(QStringLiteral("library.sqlite"));
}

LaunchPlan LaunchPlan::prepare(const QString &database, bool seed, const QString &defaultFolder) {
    LaunchPlan plan;
    plan.seed = seed;
    if (database.isEmpty())
        plan.target = defaultFolder.isEmpty()
                          ? DatabaseTarget{}
                          : DatabaseTarget::sqlite(defaultLibraryPath(defaultFolder));
    else
        plan.target = DatabaseTarget::fromString(database);
    if (!plan.target.isValid()) {
        plan.error = database.isEmpty()
                         ? CommandLine::tr("There is no folder for application data, so the "
                                           "default library has no place. Give a database path.")
                         : CommandLine::tr("\u201c%1\u201d is not a database Shelf can open: give "
                                           "an SQLite file's path or a "
                                           "postgresql://user@host:port/database URL.")
                               .arg(database);
        return plan;
    }
    if (plan.target.kind != DatabaseTarget::Kind::Sqlite) {
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
    Prompter *prompter = window.prompter();
    if (!target.isValid()) {
        if (!error.isEmpty())
            prompter->showError(&window, CommandLine::tr("Cannot open the database"), error);
        return false;
    }
    bool seedNow = seed;
    if (seed && askBeforeSeeding &&
        !prompter->confirm(&window, CommandLine::tr("Seed database"),
                           CommandLine::tr("--seed drops every table of %1, creates them again and "
                                           "fills them with the sample library. All data in them "
                                           "is lost. Cancel opens %1 as it is.")
                               .arg(target.displayName()),
                           CommandLine::tr("Drop and Seed")))
        seedNow = false;
    bool opened = false;
    if (target.kind == DatabaseTarget::Kind::Postgres) {
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

} // namespace ui
