// Shelf's entry point: application identity, the command line, the window — wiring only. What
// the command line means is decided in ui::CommandLine and ui::LaunchPlan (tests drive those).

#include "ui/commandline.h"
#include "ui/mainwindow.h"
#include "ui/upgradecommand.h"

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
    ui::CommandLine::setIdentity(QStringLiteral(SHELF_VERSION));
    ui::CommandLine commandLine;
    // --help and --version are answered before QApplication, so they work without a display.
    // Qt's own options (-platform, -style) are only known once QApplication took them out, so the
    // strict pass comes after it.
    {
        const QCoreApplication probe(argc, argv);
        const ui::CommandLine::Outcome early = commandLine.parse(QCoreApplication::arguments());
        if (early == ui::CommandLine::Outcome::Help || early == ui::CommandLine::Outcome::Version)
            return print(commandLine.output(), stdout, EXIT_SUCCESS);
        // --upgrade needs no window, and no display
        if (early == ui::CommandLine::Outcome::Upgrade) {
            QTextStream in(stdin), out(stdout), err(stderr);
            return ui::UpgradeCommand::run(commandLine.upgradeTarget(), commandLine.assumeYes(), in,
                                           out, err);
        }
    }

    QApplication app(argc, argv);
    if (commandLine.parse(QCoreApplication::arguments()) == ui::CommandLine::Outcome::Error)
        return print(commandLine.output(), stderr, EXIT_FAILURE);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Shelf"));
    QGuiApplication::setDesktopFileName(QStringLiteral("shelf"));

    ui::LaunchPlan plan =
        ui::LaunchPlan::prepare(commandLine.database(), commandLine.seed(),
                                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    plan.table = commandLine.table();
    ui::MainWindow window;
    app.setWindowIcon(QIcon(QStringLiteral(":/shelf/icons/shelf.png")));
    window.show();
    plan.run(window);
    return app.exec();
}
