// Shelf's entry point: command line, application identity, the first-run database — wiring only.

#include "ui/databaseconnection.h"
#include "ui/databasetarget.h"
#include "ui/mainwindow.h"
#include "ui/prompter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QStandardPaths>

int main(int argc, char *argv[]) {
    // Identity first, and the command line before QApplication: --help and --version then work
    // without a display.
    QCoreApplication::setOrganizationName(QStringLiteral("Shelf"));
    QCoreApplication::setApplicationName(QStringLiteral("Shelf"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHELF_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Browse and edit related records; edits are staged until you commit."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("database"),
        QCoreApplication::translate("main", "An SQLite file, or postgresql://user@host:port/db. "
                                            "Default: the library in the application data folder."),
        QStringLiteral("[database]"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"),
        QCoreApplication::translate("main", "Drop every table, recreate it and load the sample "
                                            "library before opening."));
    parser.addOption(seedOption);
    // Qt's own options (-platform, -style) are only known once QApplication took them out, so the
    // strict pass comes after it; --help and --version are answered before, without a display.
    {
        const QCoreApplication probe(argc, argv);
        (void)parser.parse(QCoreApplication::arguments());
        if (parser.isSet(helpOption))
            parser.showHelp();
        if (parser.isSet(versionOption))
            parser.showVersion();
    }

    QApplication app(argc, argv);
    parser.process(app);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Shelf"));
    QGuiApplication::setDesktopFileName(QStringLiteral("shelf"));

    bool seed = parser.isSet(seedOption);
    QString firstRunError;
    ui::DatabaseTarget target;
    if (!parser.positionalArguments().isEmpty()) {
        target = ui::DatabaseTarget::fromString(parser.positionalArguments().constFirst());
    } else {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(folder);
        const QString path = folder + QStringLiteral("/library.sqlite");
        target = ui::DatabaseTarget::sqlite(path);
        if (!QFileInfo::exists(path)) {
            // The first launch: the one place besides File → New database that creates a file.
            seed = true;
            if (!ui::DatabaseConnection::createSqliteFile(path, &firstRunError))
                target = {};
        }
    }

    ui::MainWindow window;
    app.setWindowIcon(QIcon(QStringLiteral(":/shelf/icons/shelf.png")));
    window.show();
    if (target.kind == ui::DatabaseTarget::Kind::Postgres) {
        // A server usually wants a password, which is never on the command line's URL or on
        // disk: ask for it right away when the first attempt fails.
        if (!window.openDatabase(target, seed))
            window.connectToPostgres(target);
    } else if (target.isValid()) {
        window.openDatabase(target, seed); // an existing file only: a missing one gets a message
    } else if (!firstRunError.isEmpty()) {
        window.prompter()->showError(&window,
                                     QCoreApplication::translate("main", "Cannot create "
                                                                         "the library"),
                                     firstRunError);
    }
    return app.exec();
}
