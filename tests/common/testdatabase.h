#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariantList>
#include <memory>

namespace shelftest {

/// Which database the suite runs on: SHELF_TEST_BACKEND=sqlite (default) or postgres.
/// PostgreSQL is reached through SHELF_TEST_PG, a libpq string ("host=… port=… user=… dbname=…"),
/// which scripts/test exports after starting its throwaway server.
enum class Backend { Sqlite, Postgres };
Backend backend();
QString backendName();

/// The PostgreSQL test server named by SHELF_TEST_PG.
struct PgServer {
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString user;
    QString password;
    QString database = QStringLiteral("postgres");
};
PgServer pgServer();
/// Sets a QPSQL connection's host, port, user, password and database to the test server's.
void pointAtTestServer(QSqlDatabase &db);
/// Runs `statements` in order on the test server, in its own database (empty `database`) or in
/// `database`, through a connection of its own: for tests that create, fill and drop whole
/// databases. False at the first statement that fails (warned with the server's message).
bool runOnTestServer(const QStringList &statements, const QString &database = {});
/// The first value of `sql` in `database` on the test server, through a connection of its own
/// (what really is in the database, whatever the code under test holds); invalid on failure.
QVariant scalarOnTestServer(const QString &database, const QString &sql);

/// A fresh, empty database for one test: an SQLite file in its own temporary folder, or a new
/// schema on the PostgreSQL test server (dropped again in the destructor). Every connection it
/// hands out has a unique name and sees the same database.
class TestDatabase {
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    /// Opens the main connection. On failure errorString() says why.
    [[nodiscard]] bool open();
    QString errorString() const { return m_error; }

    /// The connection for the session under test.
    QSqlDatabase connection() const;
    QString connectionName() const { return m_mainName; }
    /// A second, independent connection to the same database, for checking what the session
    /// really wrote and for playing "another user". Opened on first use.
    QSqlDatabase independent();
    /// Opens yet another connection (for a second session); closed with this object.
    QSqlDatabase newConnection();

    /// Rows of a query run on the independent connection (values bound, never spliced).
    QList<QVariantList> rows(const QString &sql, const QVariantList &binds = {});
    /// The first column of the first row, or an invalid QVariant.
    QVariant scalar(const QString &sql, const QVariantList &binds = {});
    /// Runs a statement on the independent connection; false with errorString() on failure.
    [[nodiscard]] bool exec(const QString &sql, const QVariantList &binds = {});

    /// The SQLite file's path (empty on PostgreSQL).
    QString sqlitePath() const { return m_sqlitePath; }
    /// The PostgreSQL schema's name (empty on SQLite).
    QString schema() const { return m_schema; }

private:
    QSqlDatabase openConnection(const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_sqlitePath;
    QString m_schema;
    QString m_mainName;
    QString m_independentName;
    QStringList m_names;
    QString m_error;
};

} // namespace shelftest
