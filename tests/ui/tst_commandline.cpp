// The command line and the first launch: what `shelf [database] [--seed]` opens, which files it
// creates (only the default library on first launch, and a file an explicit --seed asks for),
// that --seed asks before dropping an existing database, and what --help and --version print.
// The files are read back through a connection of their own.

#include "uitesthelpers.h"

#include "app/commandline.h"
#include "app/launchplan.h"

#include "orm/session.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <tuple>

using app::CommandLine;
using app::LaunchPlan;

namespace {

/// One query's first column, read through a connection of its own (closed again at once).
QStringList readColumn(const QString &path, const QString &sql) {
    static int serial = 0;
    const QString name = QStringLiteral("commandline_check_%1").arg(++serial);
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                while (query.next())
                    values << query.value(0).toString();
            } else {
                values << QStringLiteral("error: ") + query.lastError().text();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return values;
}

QStringList authors(const QString &path) {
    return readColumn(path, QStringLiteral("SELECT name FROM authors ORDER BY name"));
}

bool writeSql(const QString &path, const QString &sql) {
    const QString name = QStringLiteral("commandline_write");
    bool done = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        done = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return done;
}

const QStringList SampleAuthors = {QStringLiteral("Michael Crichton"),
                                   QStringLiteral("Stephen King")};

} // namespace

class tst_CommandLine : public QObject {
    Q_OBJECT
private:
    /// A window as main() makes one, with scripted answers.
    struct Launch {
        std::unique_ptr<app::MainWindow> window = std::make_unique<app::MainWindow>();
        uitest::ScriptedPrompter *prompter = nullptr;
        Launch() {
            auto scripted = std::make_unique<uitest::ScriptedPrompter>();
            prompter = scripted.get();
            window->setPrompter(std::move(scripted));
        }
    };

    static CommandLine::Outcome parse(CommandLine &commandLine, QStringList arguments) {
        arguments.prepend(QStringLiteral("shelf"));
        return commandLine.parse(arguments);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }

    void shouldTakeAFilePathAndOpenItAsItIs() {
        // Given a seeded library file
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("mine.sqlite"));
        {
            Launch first;
            CommandLine commandLine;
            QCOMPARE(parse(commandLine, {path, QStringLiteral("--seed")}),
                     CommandLine::Outcome::Run);
            QVERIFY(LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder.path())
                        .run(*first.window));
        }
        QVERIFY(writeSql(path, QStringLiteral("INSERT INTO authors (name) VALUES ('Kept')")));
        // When Shelf is started with its path
        CommandLine commandLine;
        QCOMPARE(parse(commandLine, {path}), CommandLine::Outcome::Run);
        QCOMPARE(commandLine.database(), path);
        QVERIFY(!commandLine.seed());
        const LaunchPlan plan =
            LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder.path());
        // Then that file is opened, unseeded, without a question
        QCOMPARE(plan.target.kind, ui::DatabaseTarget::Kind::Sqlite);
        QCOMPARE(plan.target.path, path);
        QVERIFY(!plan.seed);
        Launch launch;
        QVERIFY(plan.run(*launch.window));
        QCOMPARE(launch.window->target().path, path);
        QVERIFY2(launch.prompter->asked.isEmpty(), qPrintable(launch.prompter->asked.join(',')));
        QCOMPARE(authors(path).size(), 3);
        // And the default library was not created beside it
        QVERIFY(!QFileInfo::exists(LaunchPlan::defaultLibraryPath(folder.path())));
    }

    void shouldRefuseAMissingFileWithoutSeed() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("typo.sqlite"));
        CommandLine commandLine;
        QCOMPARE(parse(commandLine, {path}), CommandLine::Outcome::Run);
        const LaunchPlan plan =
            LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder.path());
        QVERIFY(!QFileInfo::exists(path));
        Launch launch;
        QVERIFY(!plan.run(*launch.window));
        QCOMPARE(launch.prompter->errors.size(), 1);
        QVERIFY2(launch.prompter->errors.first().contains(QStringLiteral("typo.sqlite")),
                 qPrintable(launch.prompter->errors.first()));
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(!launch.window->session());
    }

    void shouldSayWhatItCannotOpen() {
        // Given a URL that is no URL, and a default folder that does not exist as a setting
        for (const auto &[database, folder, expected] :
             {std::tuple{QStringLiteral("postgresql://me@[bad/db"), QStringLiteral("/tmp"),
                         QStringLiteral("postgresql://me@[bad/db")},
              std::tuple{QString(), QString(), QStringLiteral("no folder for application data")}}) {
            // When Shelf is started with it
            const LaunchPlan plan = LaunchPlan::prepare(database, false, folder);
            // Then it says so, names what it was given, and opens nothing
            QVERIFY(!plan.target.isValid());
            Launch launch;
            QVERIFY(!plan.run(*launch.window));
            QCOMPARE(launch.prompter->errors.size(), 1);
            QVERIFY2(launch.prompter->errors.first().contains(expected),
                     qPrintable(launch.prompter->errors.first()));
            QVERIFY(!launch.window->session());
        }
    }

    void shouldTakeAPostgresUrl() {
        CommandLine commandLine;
        QCOMPARE(parse(commandLine, {QStringLiteral("postgresql://ann@db.example:6543/books"),
                                     QStringLiteral("--seed")}),
                 CommandLine::Outcome::Run);
        QTemporaryDir folder;
        const LaunchPlan plan =
            LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder.path());
        QCOMPARE(plan.target.kind, ui::DatabaseTarget::Kind::Postgres);
        QCOMPARE(plan.target.host, QStringLiteral("db.example"));
        QCOMPARE(plan.target.port, 6543);
        QCOMPARE(plan.target.user, QStringLiteral("ann"));
        QCOMPARE(plan.target.database, QStringLiteral("books"));
        QVERIFY(plan.seed);
        QVERIFY(plan.askBeforeSeeding); // a server's database exists: its tables would be dropped
        QVERIFY(!QFileInfo::exists(LaunchPlan::defaultLibraryPath(folder.path())));
    }

    void shouldCreateAndSeedAMissingFileWhenAskedToSeed() {
        // Given a path that does not exist yet, in a folder that does not either
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("new/sample library.sqlite"));
        // When Shelf starts with it and --seed
        CommandLine commandLine;
        QCOMPARE(parse(commandLine, {path, QStringLiteral("--seed")}), CommandLine::Outcome::Run);
        QVERIFY(commandLine.seed());
        const LaunchPlan plan =
            LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder.path());
        QVERIFY2(plan.error.isEmpty(), qPrintable(plan.error));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(!plan.askBeforeSeeding); // nothing there to lose
        Launch launch;
        QVERIFY(plan.run(*launch.window));
        // Then it holds the sample library, without a question asked
        QVERIFY2(launch.prompter->asked.isEmpty(), qPrintable(launch.prompter->asked.join(',')));
        QCOMPARE(launch.window->target().path, path);
        QCOMPARE(authors(path), SampleAuthors);
        QCOMPARE(readColumn(path, QStringLiteral("SELECT count(*) FROM books")),
                 QStringList{QStringLiteral("3")});
    }

    void shouldAskBeforeSeedingAnExistingDatabase() {
        // Given a library holding the user's own data
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("mine.sqlite"));
        {
            Launch first;
            QVERIFY(LaunchPlan::prepare(path, true, folder.path()).run(*first.window));
        }
        QVERIFY(writeSql(path, QStringLiteral("INSERT INTO authors (name) VALUES ('Kept')")));
        // When Shelf starts with it and --seed, and the user declines
        CommandLine commandLine;
        QCOMPARE(parse(commandLine, {QStringLiteral("--seed"), path}), CommandLine::Outcome::Run);
        const LaunchPlan plan =
            LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder.path());
        QVERIFY(plan.askBeforeSeeding);
        {
            Launch declined;
            declined.prompter->confirmAnswer = false;
            QVERIFY(plan.run(*declined.window));
            // Then it was asked, and the database is open exactly as it was
            QCOMPARE(declined.prompter->asked,
                     QStringList{QStringLiteral("confirm: Seed database")});
            QVERIFY2(
                declined.prompter->confirmTexts.first().contains(QStringLiteral("mine.sqlite")),
                qPrintable(declined.prompter->confirmTexts.first()));
            QCOMPARE(declined.window->target().path, path);
        }
        QCOMPARE(authors(path).size(), 3);
        QVERIFY(authors(path).contains(QStringLiteral("Kept")));
        // When the user confirms, it is dropped and seeded
        Launch confirmed;
        QVERIFY(plan.run(*confirmed.window));
        QCOMPARE(confirmed.prompter->asked, QStringList{QStringLiteral("confirm: Seed database")});
        QCOMPARE(authors(path), SampleAuthors);
        // And --help says so
        CommandLine help;
        QCOMPARE(parse(help, {QStringLiteral("--help")}), CommandLine::Outcome::Help);
        QVERIFY2(help.output().contains(QStringLiteral("--seed")), qPrintable(help.output()));
        QVERIFY2(help.output().simplified().contains(QStringLiteral("after asking")),
                 qPrintable(help.output()));
    }

    void shouldCreateAndSeedTheDefaultLibraryOnFirstLaunch() {
        // Given an empty application data folder
        QTemporaryDir data;
        const QString folder = data.filePath(QStringLiteral("Shelf"));
        const QString library = LaunchPlan::defaultLibraryPath(folder);
        // When Shelf starts without arguments
        CommandLine commandLine;
        QCOMPARE(parse(commandLine, {}), CommandLine::Outcome::Run);
        QVERIFY(commandLine.database().isEmpty());
        const LaunchPlan plan =
            LaunchPlan::prepare(commandLine.database(), commandLine.seed(), folder);
        // Then the default library is created and seeded, without a question
        QVERIFY2(plan.error.isEmpty(), qPrintable(plan.error));
        QCOMPARE(plan.target.path, library);
        {
            Launch first;
            QVERIFY(plan.run(*first.window));
            QVERIFY(first.prompter->asked.isEmpty());
        }
        QCOMPARE(authors(library), SampleAuthors);
        // And the next launch opens it as it is: the user's data is never seeded over
        QVERIFY(writeSql(library, QStringLiteral("INSERT INTO authors (name) VALUES ('Kept')")));
        const LaunchPlan again = LaunchPlan::prepare(QString(), false, folder);
        QVERIFY(!again.seed);
        Launch second;
        QVERIFY(again.run(*second.window));
        QVERIFY(second.prompter->asked.isEmpty());
        QCOMPARE(authors(library).size(), 3);
    }

    void shouldSayWhyTheDefaultLibraryCannotBeCreated() {
        // Given a data folder that cannot be created (a file is in its way)
        QTemporaryDir data;
        const QString blocker = data.filePath(QStringLiteral("blocker"));
        QVERIFY(writeSql(blocker, QStringLiteral("CREATE TABLE t (x)")));
        const LaunchPlan plan =
            LaunchPlan::prepare(QString(), false, blocker + QStringLiteral("/Shelf"));
        QVERIFY(!plan.target.isValid());
        QVERIFY(!plan.error.isEmpty());
        Launch launch;
        QVERIFY(!plan.run(*launch.window));
        QCOMPARE(launch.prompter->errors, QStringList{plan.error});
    }

    void shouldPrintTheVersionAndTheHelp() {
        const QString previous = QCoreApplication::applicationVersion();
        QCoreApplication::setApplicationVersion(QStringLiteral("4.5.6"));
        CommandLine version;
        QCOMPARE(parse(version, {QStringLiteral("--version")}), CommandLine::Outcome::Version);
        QCOMPARE(version.output(),
                 QCoreApplication::applicationName() + QStringLiteral(" 4.5.6\n"));
        QCoreApplication::setApplicationVersion(previous);

        CommandLine help;
        QCOMPARE(parse(help, {QStringLiteral("-h")}), CommandLine::Outcome::Help);
        QVERIFY2(help.output().contains(QStringLiteral("postgresql://")),
                 qPrintable(help.output()));
        QVERIFY2(help.output().contains(QStringLiteral("--version")), qPrintable(help.output()));
    }

    void shouldRefuseWhatItDoesNotKnow() {
        CommandLine unknown;
        QCOMPARE(parse(unknown, {QStringLiteral("--sead")}), CommandLine::Outcome::Error);
        QVERIFY2(unknown.output().contains(QStringLiteral("sead")), qPrintable(unknown.output()));
        QVERIFY2(unknown.output().contains(QStringLiteral("--help")), qPrintable(unknown.output()));
        CommandLine two;
        QCOMPARE(parse(two, {QStringLiteral("a.sqlite"), QStringLiteral("b.sqlite")}),
                 CommandLine::Outcome::Error);
    }

    void shouldSetShelfsIdentity() {
        CommandLine::setIdentity(QStringLiteral("1.2.3"));
        QCOMPARE(QCoreApplication::applicationName(), QStringLiteral("Shelf"));
        QCOMPARE(QCoreApplication::organizationName(), QStringLiteral("Shelf"));
        QCOMPARE(QCoreApplication::applicationVersion(), QStringLiteral("1.2.3"));
        uitest::isolateSettings(); // back to the test's own settings for whatever runs after
    }
};

QTEST_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
