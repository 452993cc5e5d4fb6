#include "commandline.h"

#include <QFileInfo>

namespace app {

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

} // namespace app
