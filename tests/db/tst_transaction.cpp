// orm::Transaction on its own (issue 13, a session made of parts): the database transaction a
// session's flushes run in — begin, commit, rollback, the flush's savepoint — on a real SQLite
// file and on PostgreSQL, checked through an independent connection (docs/contract.md §2 rules 2
// and 8).

#include "orm/transaction.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;

class TestTransaction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void shouldShowOthersNothingBeforeCommitAndEverythingAfter();
    void shouldUndoEverythingOnRollback();
    void shouldKeepTheOuterWorkWhenASavepointIsAbandoned();
    void shouldKeepASavepointsWorkWhenItIsReleased();
    void shouldMakeTheTransactionUsableAgainAfterAStatementFailedInASavepoint();
    void shouldRestartFromTheSavepointKeepingIt();
    void shouldRestartTheWholeTransactionWithoutASavepoint();
    void shouldEndTheTransactionWhenTheDatabaseRefusesTheCommit();
    void shouldRollBackEverythingWhenTheSavepointCannotBeUndone();
    void shouldLogTheStatementsItSendsButNotTheRollbacksThatThrowWorkAway();
    void shouldReportABeginOnAClosedConnection();
    void shouldRollBackWhatIsStillOpenWhenDestroyed();
    void shouldForgetATransactionTheConnectionLostWithoutEndingIt();

private:
    /// Inserts a row into `items` through the connection under test.
    bool insert(int id);
    /// The ids in `items` as another connection sees them (committed rows only).
    QList<int> committedIds();
    /// The ids in `items` as the connection under test sees them.
    QList<int> ownIds();
    orm::Transaction::Log recorder() {
        return [this](const QString &sql) { m_log.append(sql); };
    }

    std::unique_ptr<TestDatabase> m_db;
    QStringList m_log;
};

void TestTransaction::init() {
    if (backend() == Backend::Postgres && qEnvironmentVariableIsEmpty("SHELF_TEST_PG"))
        QSKIP("SHELF_TEST_PG names no PostgreSQL server");
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
    QVERIFY2(m_db->exec(QStringLiteral("CREATE TABLE items (id INTEGER PRIMARY KEY)")),
             qPrintable(m_db->errorString()));
    m_log.clear();
}

void TestTransaction::cleanup() {
    m_db.reset();
}

bool TestTransaction::insert(int id) {
    // Not prepared: a statement prepared in a transaction PostgreSQL has aborted cannot be freed.
    QSqlQuery query(m_db->connection());
    return query.exec(QStringLiteral("INSERT INTO items (id) VALUES (%1)").arg(id));
}

QList<int> TestTransaction::committedIds() {
    QList<int> ids;
    for (const QVariantList &row : m_db->rows(QStringLiteral("SELECT id FROM items ORDER BY id")))
        ids.append(row.value(0).toInt());
    return ids;
}

QList<int> TestTransaction::ownIds() {
    QList<int> ids;
    QSqlQuery query(m_db->connection());
    if (!query.exec(QStringLiteral("SELECT id FROM items ORDER BY id")))
        return {-1};
    while (query.next())
        ids.append(query.value(0).toInt());
    return ids;
}

void TestTransaction::shouldShowOthersNothingBeforeCommitAndEverythingAfter() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given a transaction that wrote two rows
    QVERIFY(!transaction.isOpen());
    QVERIFY(transaction.begin());
    QVERIFY(transaction.isOpen());
    QVERIFY(insert(1));
    QVERIFY(insert(2));

    // Then another connection sees nothing of it yet, the connection itself sees both
    QCOMPARE(committedIds(), QList<int>());
    QCOMPARE(ownIds(), QList<int>({1, 2}));

    // When it commits, then both rows are there for everyone and nothing is open
    QVERIFY(transaction.commit());
    QVERIFY(!transaction.isOpen());
    QCOMPARE(committedIds(), QList<int>({1, 2}));
}

void TestTransaction::shouldUndoEverythingOnRollback() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given a committed row and a transaction that wrote another one
    QVERIFY(insert(1));
    QVERIFY(transaction.begin());
    QVERIFY(insert(2));

    // When it rolls back
    QVERIFY(transaction.rollback());

    // Then the row it wrote is gone, for the connection itself too, and nothing is open
    QVERIFY(!transaction.isOpen());
    QCOMPARE(ownIds(), QList<int>({1}));
    QCOMPARE(committedIds(), QList<int>({1}));
    // And a rollback with nothing open does nothing
    QVERIFY(transaction.rollback());
    QCOMPARE(ownIds(), QList<int>({1}));
}

void TestTransaction::shouldKeepTheOuterWorkWhenASavepointIsAbandoned() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given a transaction's first flush, and a second flush in a savepoint
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));
    QVERIFY(transaction.savepoint());
    QVERIFY(transaction.inSavepoint());
    QVERIFY(insert(2));

    // When the second flush is abandoned
    QVERIFY(transaction.abandonSavepoint());

    // Then only its work is undone: the transaction is still open with the first flush's row
    QVERIFY(transaction.isOpen());
    QVERIFY(!transaction.inSavepoint());
    QCOMPARE(ownIds(), QList<int>({1}));
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>({1}));
}

void TestTransaction::shouldKeepASavepointsWorkWhenItIsReleased() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given work before and inside a savepoint
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));
    QVERIFY(transaction.savepoint());
    QVERIFY(insert(2));

    // When the savepoint is released, then its work is the transaction's
    QVERIFY(transaction.releaseSavepoint());
    QVERIFY(!transaction.inSavepoint());
    QVERIFY(transaction.isOpen());
    QCOMPARE(committedIds(), QList<int>());
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>({1, 2}));
}

void TestTransaction::shouldMakeTheTransactionUsableAgainAfterAStatementFailedInASavepoint() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given a savepoint in which the database refused a statement (PostgreSQL then refuses every
    // statement of the transaction until it is rolled back to the savepoint)
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));
    QVERIFY(transaction.savepoint());
    QVERIFY(insert(2));
    QVERIFY(!insert(1)); // the key is taken

    // When the savepoint is abandoned
    QVERIFY(transaction.abandonSavepoint());

    // Then the transaction takes more work and commits the first row and that work
    QVERIFY(insert(3));
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>({1, 3}));
}

void TestTransaction::shouldRestartFromTheSavepointKeepingIt() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given work before and inside a savepoint
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));
    QVERIFY(transaction.savepoint());
    QVERIFY(insert(2));

    // When it restarts (a refused batch runs again row by row)
    QVERIFY(transaction.restart());

    // Then the savepoint's work is undone, the savepoint is still there, the outer work stays
    QVERIFY(transaction.inSavepoint());
    QCOMPARE(ownIds(), QList<int>({1}));
    QVERIFY(insert(3));
    QVERIFY(transaction.abandonSavepoint()); // back to the savepoint once more: 3 goes too
    QCOMPARE(ownIds(), QList<int>({1}));
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>({1}));
}

void TestTransaction::shouldRestartTheWholeTransactionWithoutASavepoint() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given a transaction's work without a savepoint
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));

    // When it restarts
    QVERIFY(transaction.restart());

    // Then the work is gone, a new transaction is open and takes new work
    QVERIFY(transaction.isOpen());
    QCOMPARE(ownIds(), QList<int>());
    QVERIFY(insert(2));
    QCOMPARE(committedIds(), QList<int>());
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>({2}));
    QCOMPARE(m_log, QStringList({"BEGIN", "ROLLBACK", "BEGIN", "COMMIT"}));
}

void TestTransaction::shouldEndTheTransactionWhenTheDatabaseRefusesTheCommit() {
    // Given a foreign key checked at COMMIT, and a transaction that wrote a row breaking it
    QVERIFY2(m_db->exec(QStringLiteral("CREATE TABLE parts (id INTEGER PRIMARY KEY, item_id "
                                       "INTEGER REFERENCES items (id) DEFERRABLE INITIALLY "
                                       "DEFERRED)")),
             qPrintable(m_db->errorString()));
    orm::Transaction transaction(m_db->connectionName(), recorder());
    QVERIFY(insert(1));
    QVERIFY(transaction.begin());
    QVERIFY(insert(2));
    QSqlQuery query(m_db->connection());
    QVERIFY2(query.exec(QStringLiteral("INSERT INTO parts (id, item_id) VALUES (1, 99)")),
             qPrintable(query.lastError().text()));

    // When the database refuses the COMMIT
    QVERIFY(!transaction.commit());

    // Then the transaction is over on both backends (SQLite alone would leave it open), what it
    // wrote is gone for the connection itself too, and the driver's reason is kept
    QVERIFY(!transaction.isOpen());
    QVERIFY(transaction.lastError().type() != QSqlError::NoError);
    QVERIFY(!transaction.lastError().text().isEmpty());
    QCOMPARE(ownIds(), QList<int>({1}));
    QCOMPARE(committedIds(), QList<int>({1}));
    // And the connection takes the next transaction
    QVERIFY(transaction.begin());
    QVERIFY(insert(3));
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>({1, 3}));
}

void TestTransaction::shouldRollBackEverythingWhenTheSavepointCannotBeUndone() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given work before a savepoint and a savepoint that is gone behind the part's back
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));
    QVERIFY(transaction.savepoint());
    QVERIFY(insert(2));
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(QStringLiteral("RELEASE SAVEPOINT shelf_flush")));

    // When abandoning the savepoint fails
    QVERIFY(!transaction.abandonSavepoint());

    // Then the whole transaction is rolled back (the earlier work is gone too, which the caller
    // is told by the false) and nothing is open, with the refusal kept
    QVERIFY(!transaction.isOpen());
    QVERIFY(!transaction.inSavepoint());
    QVERIFY(transaction.lastError().type() != QSqlError::NoError);
    QCOMPARE(ownIds(), QList<int>());
    QVERIFY(transaction.begin());
    QVERIFY(transaction.rollback());
}

void TestTransaction::shouldLogTheStatementsItSendsButNotTheRollbacksThatThrowWorkAway() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // When a transaction runs two flushes in savepoints, abandons the second and rolls back
    QVERIFY(transaction.begin());
    QVERIFY(transaction.savepoint());
    QVERIFY(transaction.releaseSavepoint());
    QVERIFY(transaction.savepoint());
    QVERIFY(transaction.abandonSavepoint());
    QVERIFY(transaction.rollback());
    // Then the log has each statement once, in order (the session counts statements by it)
    QCOMPARE(m_log, QStringList({"BEGIN", "SAVEPOINT shelf_flush", "RELEASE SAVEPOINT shelf_flush",
                                 "SAVEPOINT shelf_flush"}));

    // And a commit is logged, and a restart in a savepoint logs its ROLLBACK TO
    m_log.clear();
    QVERIFY(transaction.begin());
    QVERIFY(transaction.savepoint());
    QVERIFY(transaction.restart());
    QVERIFY(transaction.releaseSavepoint());
    QVERIFY(transaction.commit());
    QCOMPARE(m_log,
             QStringList({"BEGIN", "SAVEPOINT shelf_flush", "ROLLBACK TO SAVEPOINT shelf_flush",
                          "RELEASE SAVEPOINT shelf_flush", "COMMIT"}));
}

void TestTransaction::shouldReportABeginOnAClosedConnection() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given a closed connection
    m_db->connection().close();

    // When a transaction begins, then it fails with nothing open, and nothing to roll back
    QVERIFY(!transaction.begin());
    QVERIFY(!transaction.isOpen());
    QVERIFY(transaction.rollback());
    QCOMPARE(m_log, QStringList({"BEGIN"})); // tried, so counted
}

void TestTransaction::shouldRollBackWhatIsStillOpenWhenDestroyed() {
    // Given a transaction that wrote a row and is destroyed without an end
    {
        orm::Transaction transaction(m_db->connectionName(), recorder());
        QVERIFY(transaction.begin());
        QVERIFY(insert(1));
    }
    // Then the row is gone and the connection takes a new transaction
    QCOMPARE(ownIds(), QList<int>());
    orm::Transaction next(m_db->connectionName(), recorder());
    QVERIFY(next.begin());
    QVERIFY(insert(2));
    QVERIFY(next.commit());
    QCOMPARE(committedIds(), QList<int>({2}));
    QCOMPARE(m_log, QStringList({"BEGIN", "BEGIN", "COMMIT"}));
}

void TestTransaction::shouldForgetATransactionTheConnectionLostWithoutEndingIt() {
    orm::Transaction transaction(m_db->connectionName(), recorder());
    // Given an open transaction whose connection was closed and opened again (a reconnect)
    QVERIFY(transaction.begin());
    QVERIFY(insert(1));
    QSqlDatabase db = m_db->connection();
    db.close();
    QVERIFY(db.open());

    // When it is forgotten, then nothing is open, and a new transaction begins
    transaction.forget();
    QVERIFY(!transaction.isOpen());
    QVERIFY(transaction.begin());
    QVERIFY(transaction.commit());
    QCOMPARE(committedIds(), QList<int>());
    QCOMPARE(m_log, QStringList({"BEGIN", "BEGIN", "COMMIT"}));
}

QTEST_GUILESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
