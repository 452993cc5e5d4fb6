#include "upgrader.h"

#include "librarydatabase.h"
#include "librarymetadata.h"
#include "revisions.h"

#include "orm/dialect.h"
#include "orm/reflect.h"
#include "orm/schemadiff.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace library {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("library::Upgrader", text);
}

/// "library.r1-backup.sqlite" beside "library.sqlite"; a number is added when one is there.
QString freeBackupPath(const QString &file, int revision) {
    const QFileInfo info(file);
    const QString stem =
        info.dir().filePath(info.completeBaseName() + QStringLiteral(".r%1-backup").arg(revision));
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    QString path = stem + suffix;
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = stem + QStringLiteral("-%1").arg(n) + suffix;
    return path;
}

} // namespace

Upgrader::Upgrader(const QSqlDatabase &database)
    : m_database(database) {
}

int Upgrader::toRevision() const {
    return currentRevision();
}

QString Upgrader::newerMessage() const {
    return newerRevisionMessage(m_from);
}

QList<orm::MigrationOp> Upgrader::operations() const {
    QList<orm::MigrationOp> ops;
    for (const Revision &revision : revisions()) {
        if (revision.number > m_from)
            ops << revision.operations;
    }
    return ops;
}

bool Upgrader::inspect() {
    m_error.clear();
    m_steps.clear();
    m_sql.clear();
    const orm::Reflection reflection = orm::reflect(m_database);
    if (!reflection) {
        m_error = reflection.error;
        return false;
    }
    m_from = schemaRevision(m_database, *reflection.metadata);
    if (m_from == 0) {
        m_error = tr("This database is not a Shelf library.");
        return false;
    }
    if (!needsUpgrade())
        return true;
    for (const Revision &revision : revisions()) {
        if (revision.number > m_from)
            m_steps << orm::MigrationOp::describe(revision.operations);
    }
    const orm::MigrationRunner runner(m_database);
    m_sql = runner.plan(schemaAt(m_from), operations(), &m_error);
    if (m_sql.isEmpty())
        return false;
    const std::unique_ptr<orm::Dialect> dialect = orm::Dialect::forDatabase(m_database);
    if (const QString file = dialect->databaseFile(m_database); !file.isEmpty())
        m_backupPath = freeBackupPath(file, m_from);
    return true;
}

bool Upgrader::backup() {
    if (m_backupPath.isEmpty())
        return true;
    // VACUUM INTO writes a consistent copy through SQLite itself and changes nothing in the file;
    // a copy cut short (a full disk) is removed, and the upgrade does not begin.
    QSqlQuery query(m_database);
    query.prepare(orm::Dialect::forDatabase(m_database)->backupStatement());
    query.addBindValue(m_backupPath);
    if (query.exec())
        return true;
    m_error = tr("The backup %1 could not be written, so nothing was changed: %2")
                  .arg(m_backupPath, query.lastError().text());
    QFile::remove(m_backupPath);
    return false;
}

bool Upgrader::verify(QSqlDatabase &database, QString *error) const {
    const orm::Reflection reflection = orm::reflectWithinTransaction(database);
    if (!reflection) {
        *error = reflection.error;
        return false;
    }
    const QList<orm::MigrationOp> left = orm::SchemaDiff::compare(
        schemaAt(toRevision()), reflectedSchema(database, *reflection.metadata));
    if (!left.isEmpty()) {
        *error = tr("After the upgrade the schema is not what revision %1 declares: %2")
                     .arg(toRevision())
                     .arg(left.first().describe());
        return false;
    }
    return stamp(database, toRevision(), error);
}

bool Upgrader::upgrade() {
    m_error.clear();
    if (!needsUpgrade()) {
        m_error = isNewer() ? newerMessage() : tr("The library is already up to date.");
        return !isNewer();
    }
    orm::MigrationRunner runner(m_database);
    runner.setStatementLog(m_log);
    if (runner.run(schemaAt(m_from), operations(), [this](QSqlDatabase &database, QString *error) {
            return verify(database, error);
        })) {
        m_from = toRevision();
        return true;
    }
    m_error = tr("The upgrade from revision %1 to %2 failed, and nothing was changed: %3")
                  .arg(m_from)
                  .arg(toRevision())
                  .arg(runner.lastError());
    return false;
}

} // namespace library
