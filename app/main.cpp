// Shelf's entry point: command line, application identity, the first-run database — wiring only.

#include "ui/databasetarget.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QStandardPaths>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Shelf"));
    QCoreApplication::setApplicationName(QStringLiteral("Shelf"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHELF_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Shelf"));
    QGuiApplication::setDesktopFileName(QStringLiteral("shelf"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Browse and edit related records; edits are staged until you commit."));
    parser.addHelpOption();
    parser.addVersionOption();
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
    parser.process(app);

    bool seed = parser.isSet(seedOption);
    ui::DatabaseTarget target;
    if (!parser.positionalArguments().isEmpty()) {
        target = ui::DatabaseTarget::fromString(parser.positionalArguments().constFirst());
    } else {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(folder);
        const QString path = folder + QStringLiteral("/library.sqlite");
        seed = seed || !QFileInfo::exists(path); // the first launch gets the sample library
        target = ui::DatabaseTarget::sqlite(path);
    }

    ui::MainWindow window;
    app.setWindowIcon(QIcon(QStringLiteral(":/shelf/icons/shelf.png")));
    window.show();
    if (target.isValid())
        window.openDatabase(target, seed);
    return app.exec();
}
