#include "databaseconnection.h"

#include "openedtables.h"

#include "library/librarymetadata.h"
#include "library/revisions.h"
#include "orm/dialect.h"
#include "orm/labelchooser.h"
#include "orm/reflect.h"
#include "orm/session.h"
#include "orm/writeaccess.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QtEndian>

namespace app {

namespace {

QAtomicInteger<int> g_connections;

QString tr(const char *text) {
    return QCoreApplication::translate("app::DatabaseConnection", text);
}

QString native(const QString &path) {
    return QDir::toNativeSeparators(path);
}

/// Why `path` cannot be opened as an existing SQLite database, judged from the file system and
/// the file's 100-byte header before SQLite sees it (SQLite would create a missing file, and a
/// cut-off file reads fine until the first row past the cut); empty when it looks like one.
QString existingFileProblem(const QString &path) {
    const QFileInfo file(path);
    if (!file.dir().exists())
        return tr("the folder %1 does not exist.").arg(native(file.absolutePath()));
    if (!file.exists())
        return tr("there is no file %1.").arg(native(file.absoluteFilePath()));
    if (file.isDir())
        return tr("%1 is a folder, not a database file.").arg(native(file.absoluteFilePath()));
    if (!file.isFile())
        return tr("%1 is not a regular file.").arg(native(file.absoluteFilePath()));
    QFile reader(path);
    if (!reader.open(QIODevice::ReadOnly))
        return tr("you may not read %1 (%2).")
            .arg(native(file.absoluteFilePath()), reader.errorString());
    const qint64 size = reader.size();
    if (size == 0)
        return {}; // SQLite's empty database: what File → New database creates
    const QByteArray header = reader.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArray("SQLite format 3\0", 16)))
        return tr("%1 is not an SQLite database.").arg(native(file.absoluteFilePath()));
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    qint64 pageSize = qFromBigEndian<quint16>(bytes + 16);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return tr("%1 is damaged: its header is not valid.").arg(native(file.absoluteFilePath()));
    // The page count in the header is only trusted when it was written with the last change
    // (SQLite's own rule), and a write-ahead log may hold pages the file does not have yet.
    const quint32 changeCounter = qFromBigEndian<quint32>(bytes + 24);
    const quint32 pages = qFromBigEndian<quint32>(bytes + 28);
    const quint32 validFor = qFromBigEndian<quint32>(bytes + 92);
    const bool hasLog = QFileInfo::exists(path + QStringLiteral("-wal"));
    if (!hasLog && pages > 0 && validFor == changeCounter && qint64(pages) * pageSize > size)
        return tr("%1 is damaged: it is shorter than its header says (%2 of %3 bytes), as if it "
                  "had been cut off.")
            .arg(native(file.absoluteFilePath()))
            .arg(size)
            .arg(qint64(pages) * pageSize);
    return {};
}

/// An SQLite URI that opens `path` for reading and writing but never creates it.
QString openExistingUri(const QString &path) {
    return QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded) +
           QStringLiteral("?mode=rw");
}

} // namespace

DatabaseConnection::DatabaseConnection(QObject *parent)
    : QObject(parent) {
}

DatabaseConnection::~DatabaseConnection() {
    close();
}

bool DatabaseConnection::createSqliteFile(const QString &path, QString *error) {
    if (QFileInfo::exists(path)) {
        *error = tr("%1 already exists.").arg(native(path));
        return false;
    }
    DatabaseConnection connection;
    const bool created =
        connection.open(ui::DatabaseTarget::sqlite(path), error, OpenMode::CreateIfMissing);
    connection.close();
    return created;
}

bool DatabaseConnection::open(const ui::DatabaseTarget &target, QString *error, OpenMode mode) {
    close();
    const QString name = QStringLiteral("shelf_ui_%1").arg(g_connections.fetchAndAddRelaxed(1));
    {
        QSqlDatabase database;
        if (target.kind == ui::DatabaseTarget::Kind::Sqlite) {
            const QFileInfo file(target.path);
            const bool create = mode == OpenMode::CreateIfMissing && !file.exists();
            if (target.path.isEmpty()) {
                *error = tr("No database file was given.");
                return false;
            }
            if (!create) {
                if (const QString problem = existingFileProblem(target.path); !problem.isEmpty()) {
                    *error = tr("Cannot open %1: %2").arg(target.displayName(), problem);
                    return false;
                }
            } else if (!file.dir().exists() && !QDir().mkpath(file.absolutePath())) {
                *error = tr("The folder %1 does not exist and cannot be created.")
                             .arg(native(file.absolutePath()));
                return false;
            }
            database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            if (create) {
                database.setDatabaseName(target.path);
            } else {
                // The file was there a moment ago; "mode=rw" makes sure SQLite does not create
                // it should it have gone since (a read-only file still opens, for reading).
                database.setDatabaseName(openExistingUri(target.path));
                database.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
            }
        } else if (target.kind == ui::DatabaseTarget::Kind::Postgres) {
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
            const QString sql = target.kind == ui::DatabaseTarget::Kind::Sqlite
                                    ? QStringLiteral("SELECT count(*) FROM sqlite_master")
                                    : QStringLiteral("SELECT 1");
            if (!probe.exec(sql)) {
                // Another program's lock (SQLite's BUSY after its busy timeout), as the dialect
                // tells it from any other failure
                const auto dialect = orm::Dialect::forDatabase(database);
                const bool busy = dialect && dialect->classify(probe.lastError(), nullptr).reason ==
                                                 orm::Error::Reason::Busy;
                problem = busy ? tr("another program is writing to it and holds its lock. Try "
                                    "again once it has finished.")
                               : probe.lastError().text();
            }
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
    // Reading the schema writes nothing (docs/contract.md §7 rule 4). Shelf's own library keeps its
    // declared metadata and cascades; an empty database becomes a library; anything else opens
    // as itself.
    orm::Reflection reflection = orm::reflect(QSqlDatabase::database(name, false));
    if (!reflection) {
        *error = tr("Cannot read the tables of %1: %2").arg(target.displayName(), reflection.error);
        close();
        return false;
    }
    const QSqlDatabase opened = QSqlDatabase::database(name, false);
    m_kind = library::recognise(opened, *reflection.metadata);
    if (const QString locked = orm::writeaccess::readOnlyReason(opened); !locked.isEmpty()) {
        // Nothing can be written: shown through its own schema, every table read-only with the
        // reason (a library included: neither seeded nor upgraded)
        m_readOnlyReason = locked;
        reflection.metadata->setAllReadOnly(locked);
        m_kind = library::DatabaseKind::Other;
    } else if (m_kind == library::DatabaseKind::Library) {
        m_revision = library::schemaRevision(opened, *reflection.metadata);
        if (m_revision > library::currentRevision()) {
            // A newer Shelf's library: shown through its own schema, and never written, so that
            // nothing this version does not know about is changed (docs/contract.md §8).
            m_readOnlyReason = library::newerRevisionMessage(m_revision);
            reflection.metadata->setAllReadOnly(m_readOnlyReason);
            m_kind = library::DatabaseKind::Other;
        } else if (m_revision < library::currentRevision()) {
            // An older library: no session until the user has seen the plan and agreed.
            m_upgrader = std::make_unique<library::Upgrader>(opened);
            if (!m_upgrader->inspect()) {
                *error = tr("Cannot read the library %1: %2")
                             .arg(target.displayName(), m_upgrader->errorString());
                close();
                return false;
            }
            return true;
        }
    }
    if (m_kind == library::DatabaseKind::Other) {
        m_notices = reflection.notices;
        m_partitionOf = reflection.partitionOf;
        m_reflected = std::move(reflection.metadata);
        const QHash<QString, QStringList> labels = openedtables::loadLabels(target);
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            applyLabel(it.key(), it.value()); // a table or column gone since is skipped
    }
    return openSession(error);
}

bool DatabaseConnection::openSession(QString *error) {
    m_session = std::make_unique<orm::Session>(m_connectionName,
                                               m_reflected ? *m_reflected : library::metadata());
    if (!m_session->isValid()) {
        *error = m_session->lastError().message();
        close();
        return false;
    }
    return true;
}

bool DatabaseConnection::upgrade(QString *error) {
    if (!m_upgrader)
        return true;
    if (!m_upgrader->backup() || !m_upgrader->upgrade()) {
        *error = m_upgrader->errorString();
        return false;
    }
    m_upgrader.reset();
    m_revision = library::currentRevision();
    return openSession(error);
}

void DatabaseConnection::useLibrarySchema() {
    if (m_kind != library::DatabaseKind::Other || !m_session)
        return;
    m_session = std::make_unique<orm::Session>(m_connectionName, library::metadata());
    m_reflected.reset();
    m_notices.clear();
    m_partitionOf.clear();
    m_kind = library::DatabaseKind::Library;
}

void DatabaseConnection::close() {
    m_session.reset();
    m_upgrader.reset();
    m_readOnlyReason.clear();
    m_revision = 0;
    m_reflected.reset(); // after the session that uses it
    m_notices.clear();
    m_partitionOf.clear();
    m_kind = library::DatabaseKind::Empty;
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

bool DatabaseConnection::applyLabel(const QString &table, const QStringList &columns) {
    orm::Table *presented = m_reflected ? m_reflected->tableForPresentation(table) : nullptr;
    if (!presented)
        return false;
    QList<int> indexes;
    for (const QString &column : columns) {
        const int index = presented->columnIndex(column);
        if (index < 0)
            return false;
        indexes << index;
    }
    presented->setLabelColumns(indexes.isEmpty() ? orm::chooseLabelColumns(*presented) : indexes);
    return true;
}

bool DatabaseConnection::setLabelColumns(const QString &table, const QStringList &columns) {
    if (!applyLabel(table, columns))
        return false;
    openedtables::saveLabel(m_target, table, columns);
    return true;
}

} // namespace app
