// Issue 6, "server down / connection lost" (docs/contract.md §2 rule 8, §6), PostgreSQL only: the
// server goes away while the session holds staged edits. commit() fails as a lost connection with a
// plain sentence and every staged edit kept; reconnect() fails the same way while the server is
// still down; once it is back, reconnect() and the same commit() succeed.
//
// The test server is shared with other suites, so "the server goes down" is played by a TCP proxy
// between the session and the server: down() drops every connection through it and refuses new
// ones (what a stopped server looks like to a client), up() listens again on the same port. The
// proxy speaks IPv4 to the host in SHELF_TEST_PG (scripts/pg.sh uses 127.0.0.1).

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace shelftest;

namespace {

/// Forwards 127.0.0.1:<port> to the PostgreSQL test server, on a thread of its own (the session
/// under test blocks the main thread in libpq). Plain POSIX sockets: the tests link no Qt Network.
class TcpProxy {
public:
    TcpProxy(const QString &host, quint16 port)
        : m_host(host.toLatin1())
        , m_port(port) {
        if (::pipe(m_wake) != 0 || ::pipe(m_ack) != 0)
            qFatal("TcpProxy: pipe() failed");
        m_thread = std::thread([this] { run(); });
    }
    ~TcpProxy() {
        command('Q');
        m_thread.join();
        for (int fd : {m_wake[0], m_wake[1], m_ack[0], m_ack[1]})
            ::close(fd);
    }

    /// Listens (again, on the same port as before); returns the port, 0 on failure.
    quint16 up() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(m_listenPort);
        socklen_t length = sizeof address;
        if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
            ::listen(fd, 16) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
            ::close(fd);
            return 0;
        }
        m_listenPort = ntohs(address.sin_port);
        m_pendingListen = fd;
        command('U');
        return m_listenPort;
    }

    /// Stops listening and drops every connection through the proxy: a server that went away.
    void down() { command('D'); }

private:
    void command(char c) {
        char ack = 0;
        if (::write(m_wake[1], &c, 1) != 1 || ::read(m_ack[0], &ack, 1) != 1)
            qFatal("TcpProxy: control pipe failed");
    }

    int connectUpstream() const {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        if (::inet_pton(AF_INET, m_host.constData(), &address.sin_addr) != 1 ||
            ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    void run() {
        int listening = -1;
        std::vector<std::pair<int, int>> pairs; // client, upstream
        const auto closeAll = [&] {
            if (listening >= 0)
                ::close(listening);
            listening = -1;
            for (const auto &[client, upstream] : pairs) {
                ::close(client);
                ::close(upstream);
            }
            pairs.clear();
        };
        for (;;) {
            std::vector<pollfd> fds{{m_wake[0], POLLIN, 0}};
            if (listening >= 0)
                fds.push_back({listening, POLLIN, 0});
            for (const auto &[client, upstream] : pairs) {
                fds.push_back({client, POLLIN, 0});
                fds.push_back({upstream, POLLIN, 0});
            }
            if (::poll(fds.data(), fds.size(), -1) < 0)
                continue;
            if (fds[0].revents) {
                char c = 0;
                if (::read(m_wake[0], &c, 1) != 1)
                    c = 'Q';
                if (c == 'U')
                    listening = m_pendingListen;
                else
                    closeAll();
                const char ack = 'k';
                if (::write(m_ack[1], &ack, 1) != 1 || c == 'Q')
                    return;
                continue;
            }
            std::size_t next = 1;
            if (listening >= 0 && fds[next++].revents) {
                const int client = ::accept(listening, nullptr, nullptr);
                const int upstream = client >= 0 ? connectUpstream() : -1;
                if (upstream >= 0)
                    pairs.emplace_back(client, upstream);
                else if (client >= 0)
                    ::close(client);
                continue;
            }
            std::vector<std::pair<int, int>> kept;
            for (const auto &[client, upstream] : pairs) {
                bool open = true;
                for (const auto &[from, to] : {std::pair{client, upstream}, {upstream, client}}) {
                    if (open && fds[next].revents && !forward(from, to))
                        open = false;
                    ++next;
                }
                if (open) {
                    kept.emplace_back(client, upstream);
                } else {
                    ::close(client);
                    ::close(upstream);
                }
            }
            pairs.swap(kept);
        }
    }

    static bool forward(int from, int to) {
        char buffer[65536];
        const ssize_t got = ::read(from, buffer, sizeof buffer);
        for (ssize_t sent = 0; got > 0 && sent < got;) {
            const ssize_t n = ::write(to, buffer + sent, std::size_t(got - sent));
            if (n <= 0)
                return false;
            sent += n;
        }
        return got > 0;
    }

    QByteArray m_host;
    quint16 m_port;
    quint16 m_listenPort = 0;
    std::atomic<int> m_pendingListen{-1};
    int m_wake[2] = {-1, -1};
    int m_ack[2] = {-1, -1};
    std::thread m_thread;
};

} // namespace

class TestServerDown : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldKeepStagedEditsWhileTheServerIsDownAndCommitOnceItIsBack();
    void shouldNotPromiseNothingWasSavedWhenTheConnectionDiesDuringCommit();
};

void TestServerDown::shouldNotPromiseNothingWasSavedWhenTheConnectionDiesDuringCommit() {
    if (backend() != Backend::Postgres)
        QSKIP("a connection that dies during COMMIT is a server's fault");
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a deferred trigger that ends the session's own backend inside COMMIT
    QVERIFY(f.db.exec(QStringLiteral(
        "CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$")));
    QVERIFY(f.db.exec(
        QStringLiteral("CREATE CONSTRAINT TRIGGER die_at_commit AFTER UPDATE ON authors DEFERRABLE "
                       "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION die_at_commit()")));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    // (reopened, the connection must find the test's own schema again)
    QSqlDatabase db = f.session->database();
    db.setConnectOptions(QStringLiteral("options=-csearch_path=%1").arg(f.db.schema()));

    // When the session commits
    QVERIFY(!f.session->commit());

    // Then the failure is a lost connection that does not claim nothing was saved
    const orm::Error error = f.session->lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Connection,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY2(error.message().contains(QStringLiteral("cannot tell whether")),
             qPrintable(error.message()));
    QVERIFY(!error.message().contains(QStringLiteral("nothing was saved")));
    // And the edit is still staged, while the database (here: the aborted commit) kept the old name
    QVERIFY(f.session->hasChanges());
    QCOMPARE(lib.king->name(), QStringLiteral("Richard Bachman"));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Stephen King"));

    // And once the trigger is gone, reconnecting and committing again saves it
    QVERIFY(f.db.exec(QStringLiteral("DROP TRIGGER die_at_commit ON authors")));
    QVERIFY2(f.session->reconnect(), qPrintable(f.session->lastError().fullText()));
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), lib.king->id()).toString(),
             QStringLiteral("Richard Bachman"));
}

void TestServerDown::shouldKeepStagedEditsWhileTheServerIsDownAndCommitOnceItIsBack() {
    if (backend() != Backend::Postgres)
        QSKIP("a server that goes down is PostgreSQL's fault; SQLite's file faults are in "
              "tst_faults_sqlitefiles");
    SHELF_OPEN_SMALL_LIBRARY(f, lib)

    // Given a proxy in front of the server
    const shelftest::PgServer pg = shelftest::pgServer();
    TcpProxy proxy(pg.host, quint16(pg.port));
    const quint16 port = proxy.up();
    QVERIFY(port != 0);

    // And a session that reaches the library through it, with staged edits of every kind
    const QString name = f.db.connectionName() + QStringLiteral("_proxied");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(port);
        db.setUserName(pg.user);
        db.setPassword(pg.password);
        db.setDatabaseName(pg.database);
        db.setConnectOptions(QStringLiteral("options=-csearch_path=%1").arg(f.db.schema()));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    }
    const auto removeConnection = qScopeGuard([&] { QSqlDatabase::removeDatabase(name); });
    auto session = std::make_unique<orm::Session>(name, library::metadata());
    const auto closeSession = qScopeGuard([&] {
        session.reset();
        QSqlDatabase::database(name, false).close();
    });
    auto king = session->get<Author>(lib.king->id());
    auto cat = session->get<User>(lib.cat->id());
    auto it = session->get<Book>(lib.it->id());
    QVERIFY(king && cat && it);
    auto dune = Book::create(QStringLiteral("Dune"));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
    session->add(herbert);
    QVERIFY(king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(it->setTitle(QStringLiteral("It (1986)")));
    QVERIFY(session->remove(cat));
    const RecordList records{king, cat, it, herbert, dune};
    const QString memoryBefore = snapshotOf(*session, records);
    const qsizetype pendingBefore = session->pendingChanges().size();
    const auto rowsBefore = f.dump();

    // When the server goes down and the session commits
    proxy.down();
    QElapsedTimer timer;
    timer.start();
    const bool committed = session->commit();

    // Then the commit fails at once as a lost connection, with a sentence for the user
    QVERIFY(!committed);
    QVERIFY2(timer.elapsed() < 10000, "commit() hung on a server that is down");
    orm::Error error = session->lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Connection,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY(!error.message().isEmpty());
    qInfo("commit: %s", qPrintable(error.fullText()));
    // And every staged edit is kept, and nothing reached the database
    QVERIFY(session->hasChanges());
    QString memoryAfter = snapshotOf(*session, records);
    QVERIFY2(memoryAfter == memoryBefore, qPrintable(firstDifference(memoryAfter, memoryBefore)));
    QCOMPARE(f.dump(), rowsBefore);

    // When the session tries to reconnect while the server is still down
    timer.restart();
    const bool reconnectedTooEarly = session->reconnect();

    // Then that fails as a lost connection too, quickly, and still loses nothing
    QVERIFY(!reconnectedTooEarly);
    QVERIFY2(timer.elapsed() < 10000, "reconnect() hung on a server that is down");
    error = session->lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Connection,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY(!error.message().isEmpty());
    qInfo("reconnect: %s", qPrintable(error.fullText()));
    memoryAfter = snapshotOf(*session, records);
    QVERIFY2(memoryAfter == memoryBefore, qPrintable(firstDifference(memoryAfter, memoryBefore)));

    // When the server is back and the session reconnects and commits the same changes
    QCOMPARE(proxy.up(), port);
    QVERIFY2(session->reconnect(), qPrintable(session->lastError().fullText()));
    QCOMPARE(session->pendingChanges().size(), pendingBefore);
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the database holds every staged change
    QVERIFY(!session->hasChanges());
    QCOMPARE(f.cell(QStringLiteral("authors"), QStringLiteral("name"), king->id()).toString(),
             QStringLiteral("Richard Bachman"));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), it->id()).toString(),
             QStringLiteral("It (1986)"));
    QVERIFY(!f.rowExists(QStringLiteral("users"), lib.cat->id()));
    QVERIFY(!dune->id().isNull());
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), dune->id()).toLongLong(),
             herbert->id().toLongLong());
}

QTEST_GUILESS_MAIN(TestServerDown)

#include "tst_faults_serverdown.moc"
