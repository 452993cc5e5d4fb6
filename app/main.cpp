// Shelf's entry point: application identity, the command line, the window — wiring only. What
// the command line means is decided in app::CommandLine and app::LaunchPlan (tests drive those).

#include "commandline.h"
#include "launchplan.h"
#include "mainwindow.h"
#include "upgradecommand.h"

#include <QApplication>
#include <QIcon>
#include <QStandardPaths>
#include <QTextStream>

#include <cstdio>

static int print(const QString &text, FILE *stream, int exitCode) {
    std::fputs(qPrintable(text), stream);
    return exitCode;
}

int main(int argc, char *argv[]) {
    app::CommandLine::setIdentity(QStringLiteral(SHELF_VERSION));
    app::CommandLine commandLine;
    // --help and --version are answered before QApplication, so they work without a display.
    // Qt's own options (-platform, -style) are only known once QApplication took them out, so the
    // strict pass comes after it.
    {
        const QCoreApplication probe(argc, argv);
        const app::CommandLine::Outcome early = commandLine.parse(QCoreApplication::arguments());
        if (early == app::CommandLine::Outcome::Help || early == app::CommandLine::Outcome::Version)
            return print(commandLine.output(), stdout, EXIT_SUCCESS);
        // --upgrade needs no window, and no display
        if (early == app::CommandLine::Outcome::Upgrade) {
            QTextStream in(stdin), out(stdout), err(stderr);
            return app::UpgradeCommand::run(commandLine.upgradeTarget(), commandLine.assumeYes(),
                                            in, out, err);
        }
    }

    QApplication app(argc, argv);
    if (commandLine.parse(QCoreApplication::arguments()) == app::CommandLine::Outcome::Error)
        return print(commandLine.output(), stderr, EXIT_FAILURE);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Shelf"));
    QGuiApplication::setDesktopFileName(QStringLiteral("shelf"));

    app::LaunchPlan plan =
        app::LaunchPlan::prepare(commandLine.database(), commandLine.seed(),
                                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    plan.table = commandLine.table();
    app::MainWindow window;
    app.setWindowIcon(QIcon(QStringLiteral(":/shelf/icons/shelf.png")));
    window.show();
    plan.run(window);
    return app.exec();
}
