#include "testdatabase.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDebug>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace shelftest {

namespace {

QAtomicInteger<int> g_counter;

} // namespace

PgServer pgServer() {
    PgServer result;
    const QString conninfo = qEnvironmentVariable("SHELF_TEST_PG");
    for (const QString &pair : conninfo.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString key = pair.section(QLatin1Char('='), 0, 0);
        const QString value = pair.section(QLatin1Char('='), 1);
        if (key == QLatin1String("host"))
            result.host = value;
        else if (key == QLatin1String("port"))
            result.port = value.toInt();
        else if (key == QLatin1String("user"))
            result.user = value;
        else if (key == QLatin1String("password"))
            result.password = value;
        else if (key == QLatin1String("dbname"))
            result.database = value;
    }
    return result;
}

void pointAtTestServer(QSqlDatabase &db) {
    const PgServer pg = pgServer();
    db.setHostName(pg.host);
    db.setPort(pg.port);
    db.setUserName(pg.user);
    db.setPassword(pg.password);
    db.setDatabaseName(pg.database);
}

namespace {

/// A QPSQL connection to `database` on the test server for the length of `use`, then removed.
template <typename Use>
void withServerConnection(const QString &database, Use use) {
    const QString name = QStringLiteral("shelftest_server_") + QString::number(quintptr(&use));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        pointAtTestServer(db);
        if (!database.isEmpty())
            db.setDatabaseName(database);
        if (db.open())
            use(db);
        else
            qWarning() << "cannot reach the PostgreSQL test server:" << db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

bool runOnTestServer(const QStringList &statements, const QString &database) {
    bool ok = false;
    withServerConnection(database, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (!query.exec(statement)) {
                qWarning() << statement << query.lastError().text();
                return;
            }
        }
        ok = true;
    });
    return ok;
}

QVariant scalarOnTestServer(const QString &database, const QString &sql) {
    QVariant value;
    withServerConnection(database, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (query.exec(sql) && query.next())
            value = query.value(0);
        else
            qWarning() << sql << query.lastError().text();
    });
    return value;
}

Backend backend() {
    return qEnvironmentVariable("SHELF_TEST_BACKEND") == QLatin1String("postgres")
               ? Backend::Postgres
               : Backend::Sqlite;
}

QString backendName() {
    return backend() == Backend::Postgres ? QStringLiteral("postgres") : QStringLiteral("sqlite");
}

TestDatabase::TestDatabase() {
    const int serial = g_counter.fetchAndAddRelaxed(1);
    const QString tag = QStringLiteral("%1_%2_%3")
                            .arg(QCoreApplication::applicationPid())
                            .arg(serial)
                            .arg(QRandomGenerator::global()->bounded(1000000));
    m_mainName = QStringLiteral("shelftest_main_") + tag;
    m_independentName = QStringLiteral("shelftest_independent_") + tag;
    if (backend() == Backend::Postgres)
        m_schema = QStringLiteral("t_") + tag;
}

TestDatabase::~TestDatabase() {
    if (!m_schema.isEmpty() && QSqlDatabase::contains(m_independentName)) {
        QSqlDatabase db = QSqlDatabase::database(m_independentName, false);
        if (db.isOpen()) {
            QSqlQuery drop(db);
            drop.exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
        }
    }
    for (const QString &name : std::as_const(m_names)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

QSqlDatabase TestDatabase::openConnection(const QString &name) {
    m_names.append(name);
    if (backend() == Backend::Sqlite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_sqlitePath);
        if (!db.open()) {
            m_error = db.lastError().text();
            return db;
        }
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    pointAtTestServer(db);
    if (!db.open()) {
        m_error = QStringLiteral("cannot reach the PostgreSQL test server (SHELF_TEST_PG='%1'): %2")
                      .arg(qEnvironmentVariable("SHELF_TEST_PG"), db.lastError().text());
        return db;
    }
    QSqlQuery query(db);
    query.exec(QStringLiteral("SET client_min_messages TO warning"));
    if (!query.exec(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(m_schema)) ||
        !query.exec(QStringLiteral("SET search_path TO %1").arg(m_schema))) {
        m_error = query.lastError().text();
        db.close();
    }
    return db;
}

bool TestDatabase::open() {
    if (backend() == Backend::Sqlite) {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid()) {
            m_error = m_dir->errorString();
            return false;
        }
        m_sqlitePath = m_dir->filePath(QStringLiteral("shelf-test.sqlite"));
    } else if (qEnvironmentVariableIsEmpty("SHELF_TEST_PG")) {
        m_error =
            QStringLiteral("SHELF_TEST_BACKEND=postgres but SHELF_TEST_PG is not set: run the "
                           "suite through scripts/test, which starts a PostgreSQL server");
        return false;
    }
    return openConnection(m_mainName).isOpen();
}

QSqlDatabase TestDatabase::connection() const {
    return QSqlDatabase::database(m_mainName, false);
}

QSqlDatabase TestDatabase::independent() {
    if (QSqlDatabase::contains(m_independentName))
        return QSqlDatabase::database(m_independentName, false);
    return openConnection(m_independentName);
}

QSqlDatabase TestDatabase::newConnection() {
    return openConnection(m_mainName + QStringLiteral("_extra%1").arg(m_names.size()));
}

QList<QVariantList> TestDatabase::rows(const QString &sql, const QVariantList &binds) {
    QList<QVariantList> result;
    QSqlQuery query(independent());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        m_error = query.lastError().text();
        qWarning("TestDatabase::rows: %s: %s", qPrintable(sql), qPrintable(m_error));
        return result;
    }
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = query.lastError().text();
        qWarning("TestDatabase::rows: %s: %s", qPrintable(sql), qPrintable(m_error));
        return result;
    }
    const int columns = query.record().count();
    while (query.next()) {
        QVariantList row;
        for (int i = 0; i < columns; ++i)
            row.append(query.value(i));
        result.append(row);
    }
    return result;
}

QVariant TestDatabase::scalar(const QString &sql, const QVariantList &binds) {
    const QList<QVariantList> result = rows(sql, binds);
    return result.isEmpty() || result.first().isEmpty() ? QVariant() : result.first().first();
}

bool TestDatabase::exec(const QString &sql, const QVariantList &binds) {
    QSqlQuery query(independent());
    if (binds.isEmpty()) { // DDL cannot be prepared on PostgreSQL
        if (!query.exec(sql)) {
            m_error = query.lastError().text();
            return false;
        }
        return true;
    }
    if (!query.prepare(sql)) {
        m_error = query.lastError().text();
        return false;
    }
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

} // namespace shelftest
