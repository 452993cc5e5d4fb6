// How every session sets up a PostgreSQL connection (PostgresDialect::configureConnection()):
// the server's messages in English (lc_messages, which the error classifier reads) and no NOTICEs
// (client_min_messages). A superuser's connection is set up in one statement, one round trip of
// an export's start (issue 14); a role that may not set lc_messages gets the two statements apart,
// as before, so that the refused one does not undo the other. SQLite has no such set-up.

#include "testdatabase.h"

#include "orm/metadata.h"
#include "orm/session.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;

class TestPostgresDialect : public QObject {
    Q_OBJECT

private:
    QString m_role;
    QStringList m_connections;

    /// A new QPSQL connection to the test server as `user`, with nothing set on it yet.
    QSqlDatabase connectAs(const QString &user) {
        const QString name = QStringLiteral("dialect_") + QString::number(m_connections.size());
        m_connections << name;
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        pointAtTestServer(db);
        db.setUserName(user);
        db.open();
        return db;
    }

    static QString show(const QSqlDatabase &db, const QString &setting) {
        QSqlQuery query(db);
        return query.exec(QStringLiteral("SHOW ") + setting) && query.next()
                   ? query.value(0).toString()
                   : QString();
    }

    static int backendOf(const QSqlDatabase &db) {
        QSqlQuery query(db);
        return query.exec(QStringLiteral("SELECT pg_backend_pid()")) && query.next()
                   ? query.value(0).toInt()
                   : -1;
    }

    /// The last statement the server process `pid` ran, seen from another connection.
    static QString lastStatementOf(int pid) {
        return scalarOnTestServer(
                   {}, QStringLiteral("SELECT query FROM pg_stat_activity WHERE pid = %1").arg(pid))
            .toString();
    }

private Q_SLOTS:
    void init() {
        if (backend() != Backend::Postgres)
            QSKIP("the set-up is PostgreSQL's");
        m_role = QStringLiteral("shelf_plain_") +
                 QString::number(QRandomGenerator::global()->generate(), 36);
        QVERIFY(runOnTestServer({QStringLiteral("CREATE ROLE %1 LOGIN").arg(m_role)}));
    }
    void cleanup() {
        for (const QString &name : std::as_const(m_connections))
            QSqlDatabase::removeDatabase(name);
        m_connections.clear();
        if (!m_role.isEmpty())
            QVERIFY(runOnTestServer({QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_role)}));
    }

    void shouldSetUpASuperusersConnectionInOneStatement() {
        // Given a superuser's connection with nothing set on it
        QSqlDatabase db = connectAs(pgServer().user);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        if (show(db, QStringLiteral("is_superuser")) != QLatin1String("on"))
            QSKIP("SHELF_TEST_PG's role is no superuser");
        const int pid = backendOf(db);
        const orm::Metadata metadata;

        // When a session opens on it
        orm::Session session(db, metadata);

        // Then it was set up by one statement, the messages in English and without NOTICEs
        QVERIFY2(!session.lastError().isError(), qPrintable(session.lastError().fullText()));
        QCOMPARE(lastStatementOf(pid),
                 QStringLiteral("SET lc_messages TO 'C'; SET client_min_messages TO warning"));
        QCOMPARE(show(db, QStringLiteral("lc_messages")), QStringLiteral("C"));
        QCOMPARE(show(db, QStringLiteral("client_min_messages")), QStringLiteral("warning"));
    }

    void shouldSetUpAPlainRolesConnectionAsBefore() {
        // Given the connection of a role that may not set lc_messages, with nothing set on it
        QSqlDatabase db = connectAs(m_role);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QCOMPARE(show(db, QStringLiteral("client_min_messages")), QStringLiteral("notice"));
        QSqlQuery refused(db);
        QVERIFY(!refused.exec(QStringLiteral("SET lc_messages TO 'C'")));
        const int pid = backendOf(db);
        const orm::Metadata metadata;

        // When a session opens on it
        orm::Session session(db, metadata);

        // Then it opened, without NOTICEs: client_min_messages was set on its own, after the
        // refused lc_messages
        QVERIFY2(!session.lastError().isError(), qPrintable(session.lastError().fullText()));
        QCOMPARE(lastStatementOf(pid), QStringLiteral("SET client_min_messages TO warning"));
        QCOMPARE(show(db, QStringLiteral("client_min_messages")), QStringLiteral("warning"));
    }
};

QTEST_GUILESS_MAIN(TestPostgresDialect)
#include "tst_postgresdialect.moc"
