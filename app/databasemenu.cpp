#include "databasemenu.h"

#include "databaseconnection.h"
#include "recentdatabases.h"

#include "ui/connectdialog.h"
#include "ui/prompter.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QSettings>

namespace app {

namespace {

const char *const LastPostgresKey = "lastPostgres";

} // namespace

DatabaseMenu::DatabaseMenu(QWidget *window, QMenu *recentMenu, Opener open, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_recentMenu(recentMenu)
    , m_open(std::move(open)) {
    rebuildRecentMenu();
}

void DatabaseMenu::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QList<ui::DatabaseTarget> recent = recentdatabases::load();
    for (const ui::DatabaseTarget &entry : recent) {
        QAction *action = m_recentMenu->addAction(entry.toString());
        connect(action, &QAction::triggered, this, [this, entry] {
            // A server needs its password again: it was never stored.
            if (entry.kind == ui::DatabaseTarget::Kind::Postgres)
                connectToPostgres(entry);
            else
                m_open(entry);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void DatabaseMenu::newSqliteDatabase() {
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("New SQLite Database"), QString(), tr("SQLite databases (*.sqlite *.db)"));
    if (!path.isEmpty())
        createSqliteDatabase(path);
}

bool DatabaseMenu::createSqliteDatabase(const QString &path) {
    // The file dialog already asked whether to replace an existing file. A journal or log left
    // beside the old file would be read as part of the new one: they go too.
    for (const QString &suffix :
         {QString(), QStringLiteral("-journal"), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QString file = path + suffix;
        if (QFile::exists(file) && !QFile::remove(file)) {
            showError(tr("New database"), tr("Cannot replace %1.").arg(file));
            return false;
        }
    }
    QString error;
    if (!DatabaseConnection::createSqliteFile(path, &error)) {
        showError(tr("New database"), error);
        return false;
    }
    return m_open(ui::DatabaseTarget::sqlite(path));
}

void DatabaseMenu::showError(const QString &title, const QString &text) {
    if (m_prompter)
        m_prompter->showError(m_window, title, text);
}

void DatabaseMenu::openSqliteDatabase() {
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open SQLite Database"), QString(),
        tr("SQLite databases (*.sqlite *.db *.sqlite3);;All files (*)"));
    if (!path.isEmpty())
        m_open(ui::DatabaseTarget::sqlite(path));
}

void DatabaseMenu::connectToPostgres(const ui::DatabaseTarget &prefill, const Opener &open) {
    ui::ConnectDialog dialog(m_window);
    QSettings settings;
    const ui::DatabaseTarget last =
        prefill.kind == ui::DatabaseTarget::Kind::Postgres
            ? prefill
            : ui::DatabaseTarget::fromString(
                  settings.value(QLatin1String(LastPostgresKey)).toString());
    if (last.kind == ui::DatabaseTarget::Kind::Postgres)
        dialog.setTarget(last);
    while (dialog.exec() == QDialog::Accepted) {
        const ui::DatabaseTarget target = dialog.target();
        DatabaseConnection probe;
        QString error;
        if (!probe.open(target, &error, DatabaseConnection::OpenMode::OpenExisting)) {
            dialog.setError(error); // stay in the dialog: fix and try again
            continue;
        }
        probe.close();
        settings.setValue(QLatin1String(LastPostgresKey), target.toString()); // no password
        (open ? open : m_open)(target);
        return;
    }
}

} // namespace app
