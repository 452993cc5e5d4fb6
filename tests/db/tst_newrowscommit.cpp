// The commit of rows kept as cells on its own (model/orm/newrowscommit.h): it writes a session's
// rows held as cells in a transaction of its own (SQLite an INSERT a row, PostgreSQL COPY) and
// leaves memory to the session; it declines, writing nothing, what a plan must order; a refused
// row rolls every row back. Session::commit() running it is tst_csvimport's and tst_anydatabase's.
// Both backends.

#include "libraryfixture.h"
#include "orm/newrows.h"
#include "orm/newrowscommit.h"
#include "orm/newrowwriter.h"
#include "orm/sessioninternals.h"
#include "reflectedtest.h"

#include <QTest>

using namespace shelftest;

class TestNewRowsCommit : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    /// New rows of `name` kept as cells, staged in the session: each row's values by column
    /// name, a NULL left unset.
    std::shared_ptr<orm::NewRows> stage(const QString &name, const QList<QVariantMap> &given) {
        const orm::Table &t = table(name);
        std::shared_ptr<orm::NewRows> rows = m_session->newRows(t);
        for (const QVariantMap &values : given) {
            orm::RecordPtr record = m_session->createRecord(t);
            orm::NewRowWriter writer(*record);
            for (auto it = values.cbegin(); it != values.cend(); ++it) {
                if (!it.value().isNull())
                    writer.setValue(t.columnIndex(it.key()), it.value());
            }
            rows->append(std::move(record));
        }
        m_session->addNewRows(rows);
        return rows;
    }

    /// The rows are still staged as cells and written by no one: the session's to plan as
    /// records or to let go.
    void verifyStillStagedAsCells(const orm::NewRows &rows) const {
        QVERIFY(!rows.holdsRecords());
        QVERIFY(!rows.isWritten());
        QVERIFY(m_session->hasChanges());
    }

    /// The statements logged that start with `verb` (INSERT, COPY).
    static qsizetype countOf(const StatementRecorder &recorder, const QString &verb) {
        qsizetype found = 0;
        for (const LoggedStatement &statement : recorder.all())
            found += statement.sql.trimmed().startsWith(verb, Qt::CaseInsensitive) ? 1 : 0;
        return found;
    }

private Q_SLOTS:
    void init() {
        QVERIFY2(createDatabase(), qPrintable(m_db->errorString()));
        QVERIFY(execAll({
            QStringLiteral("CREATE TABLE readers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                           "shelf TEXT DEFAULT 'new')"),
            QStringLiteral("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                           "boss_id INTEGER REFERENCES staff (id))"),
            QStringLiteral("INSERT INTO readers (id, name, shelf) VALUES (1, 'Ada', 'old')"),
            QStringLiteral("INSERT INTO staff VALUES (1, 'Ada', NULL)"),
        }));
        QString error;
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    void cleanup() { closeDatabase(); }

    void shouldWriteEveryRowAndCommitLeavingMemoryToTheSession() {
        // Given three readers kept as cells, two leaving their shelf to its DEFAULT
        const std::shared_ptr<orm::NewRows> rows =
            stage(QStringLiteral("readers"),
                  {{{QStringLiteral("id"), 2}, {QStringLiteral("name"), QStringLiteral("Ben")}},
                   {{QStringLiteral("id"), 3}, {QStringLiteral("name"), QStringLiteral("Cy\tD")}},
                   {{QStringLiteral("id"), 4},
                    {QStringLiteral("name"), QStringLiteral("Dee")},
                    {QStringLiteral("shelf"), QStringLiteral("tall")}}});
        QVERIFY(!rows->holdsRecords());
        StatementRecorder recorder;
        recorder.attach(*m_session);

        // When the part runs
        QVERIFY2(orm::NewRowsCommit(*m_session).run(),
                 qPrintable(m_session->lastError().fullText()));

        // Then every row is committed (another connection reads it), the DEFAULT filling the
        // shelves left NULL: an INSERT a row on SQLite, a COPY a shape of row on PostgreSQL
        QVERIFY(!m_session->inTransaction());
        QCOMPARE(m_db->rows(QStringLiteral("SELECT id, name, shelf FROM readers ORDER BY id")),
                 QList<QVariantList>({{1, QStringLiteral("Ada"), QStringLiteral("old")},
                                      {2, QStringLiteral("Ben"), QStringLiteral("new")},
                                      {3, QStringLiteral("Cy\tD"), QStringLiteral("new")},
                                      {4, QStringLiteral("Dee"), QStringLiteral("tall")}}));
        if (sqlite()) {
            QCOMPARE(countOf(recorder, QStringLiteral("INSERT")), 3);
            QCOMPARE(countOf(recorder, QStringLiteral("COPY")), 0);
        } else {
            QCOMPARE(countOf(recorder, QStringLiteral("INSERT")), 0);
            QCOMPARE(countOf(recorder, QStringLiteral("COPY")), 2);
        }
        // And memory is the session's to change: the rows are still staged as cells
        QVERIFY(!rows->isWritten());
        QVERIFY(!rows->holdsRecords());
        QVERIFY(m_session->hasChanges());
        QCOMPARE(orm::SessionInternals::unitOfWork(*m_session).newRows().size(), size_t(1));
    }

    void shouldDeclineRowsThatReferToTheirOwnTableWritingNothing() {
        // Given staff who report to staff kept as cells, Bob reporting to Cy who comes after him
        const std::shared_ptr<orm::NewRows> rows =
            stage(QStringLiteral("staff"), {{{QStringLiteral("id"), 2},
                                             {QStringLiteral("name"), QStringLiteral("Bob")},
                                             {QStringLiteral("boss_id"), 3}},
                                            {{QStringLiteral("id"), 3},
                                             {QStringLiteral("name"), QStringLiteral("Cy")},
                                             {QStringLiteral("boss_id"), 1}}});
        const quint64 statementsBefore = m_session->statementCount();

        // When the part runs, then it declines (a plan puts such parents first)
        QVERIFY(!orm::NewRowsCommit(*m_session).run());

        // And nothing was sent, not even BEGIN; the database and the staged rows are as before
        QCOMPARE(m_session->statementCount(), statementsBefore);
        QVERIFY(!m_session->inTransaction());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), 1);
        verifyStillStagedAsCells(*rows);
    }

    void shouldRollBackEveryRowWhenTheDatabaseRefusesOne() {
        // Given two readers kept as cells, the second with a key Ada has
        const std::shared_ptr<orm::NewRows> rows =
            stage(QStringLiteral("readers"),
                  {{{QStringLiteral("id"), 2}, {QStringLiteral("name"), QStringLiteral("Ben")}},
                   {{QStringLiteral("id"), 1}, {QStringLiteral("name"), QStringLiteral("Ann")}}});

        // When the part runs, then it fails
        QVERIFY(!orm::NewRowsCommit(*m_session).run());

        // And the transaction is rolled back: not even the first row was written
        QVERIFY(!m_session->inTransaction());
        QCOMPARE(m_db->rows(QStringLiteral("SELECT id, name FROM readers ORDER BY id")),
                 QList<QVariantList>({{1, QStringLiteral("Ada")}}));
        // And the rows are still staged as cells, for the session to plan as records
        verifyStillStagedAsCells(*rows);
    }

    void shouldSendNothingAfterTheRowsTheDatabaseRefused() {
        // Given readers kept as cells whose shape changes after a refused row: Ann repeats Ada's
        // key with her shelf left to its DEFAULT, Cy then gives his shelf (a statement of other
        // columns on either backend)
        const std::shared_ptr<orm::NewRows> rows =
            stage(QStringLiteral("readers"),
                  {{{QStringLiteral("id"), 2}, {QStringLiteral("name"), QStringLiteral("Ben")}},
                   {{QStringLiteral("id"), 1}, {QStringLiteral("name"), QStringLiteral("Ann")}},
                   {{QStringLiteral("id"), 3},
                    {QStringLiteral("name"), QStringLiteral("Cy")},
                    {QStringLiteral("shelf"), QStringLiteral("tall")}}});
        StatementRecorder recorder;
        recorder.attach(*m_session);

        // When the part runs, then it fails
        QVERIFY(!orm::NewRowsCommit(*m_session).run());

        // And the statement the database refused is the last one of rows sent: SQLite's second
        // INSERT, PostgreSQL's first COPY (its two rows); Cy's rows are not sent into a
        // transaction already lost
        if (sqlite()) {
            QCOMPARE(countOf(recorder, QStringLiteral("INSERT")), 2);
        } else {
            QCOMPARE(countOf(recorder, QStringLiteral("COPY")), 1);
        }
        QVERIFY(!m_session->inTransaction());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM readers")), 1);
        verifyStillStagedAsCells(*rows);
    }
};

QTEST_GUILESS_MAIN(TestNewRowsCommit)
#include "tst_newrowscommit.moc"
