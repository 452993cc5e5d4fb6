#include "databaseconnection.h"

#include "library/librarymetadata.h"
#include "orm/session.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace ui {

namespace {

QAtomicInteger<int> g_connections;

} // namespace

DatabaseConnection::DatabaseConnection(QObject *parent)
    : QObject(parent) {
}

DatabaseConnection::~DatabaseConnection() {
    close();
}

bool DatabaseConnection::open(const DatabaseTarget &target, QString *error) {
    close();
    const QString name = QStringLiteral("shelf_ui_%1").arg(g_connections.fetchAndAddRelaxed(1));
    {
        QSqlDatabase database;
        if (target.kind == DatabaseTarget::Kind::Sqlite) {
            const QFileInfo file(target.path);
            if (!file.dir().exists() && !QDir().mkpath(file.absolutePath())) {
                *error = tr("The folder %1 does not exist and cannot be created.")
                             .arg(file.absolutePath());
                return false;
            }
            database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            database.setDatabaseName(target.path);
        } else if (target.kind == DatabaseTarget::Kind::Postgres) {
            database = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            database.setHostName(target.host);
            database.setPort(target.port);
            database.setDatabaseName(target.database);
            database.setUserName(target.user);
            database.setPassword(target.password);
        } else {
            *error = tr("No database was given.");
            return false;
        }
        QString problem;
        if (!database.isValid()) {
            problem = tr("The Qt driver for this database is not installed.");
        } else if (!database.open()) {
            problem = database.lastError().text();
        } else {
            // SQLite opens lazily: a corrupt or foreign file only fails at the first read.
            QSqlQuery probe(database);
            const QString sql = target.kind == DatabaseTarget::Kind::Sqlite
                                    ? QStringLiteral("SELECT count(*) FROM sqlite_master")
                                    : QStringLiteral("SELECT 1");
            if (!probe.exec(sql))
                problem = probe.lastError().text();
        }
        if (!problem.isEmpty()) {
            *error = tr("Cannot open %1: %2").arg(target.displayName(), problem);
            database.close();
            database = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return false;
        }
    }
    m_connectionName = name;
    m_target = target;
    m_session = std::make_unique<orm::Session>(name, library::metadata());
    if (!m_session->isValid()) {
        *error = m_session->lastError().message;
        close();
        return false;
    }
    return true;
}

void DatabaseConnection::close() {
    m_session.reset();
    if (!m_connectionName.isEmpty()) {
        {
            QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
            database.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionName.clear();
    }
    m_target = {};
}

bool DatabaseConnection::hasLibraryTables() const {
    if (!m_session)
        return false;
    const QStringList existing = m_session->database().tables();
    for (const orm::Table *table : library::metadata().tables()) {
        if (!existing.contains(table->name(), Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace ui
