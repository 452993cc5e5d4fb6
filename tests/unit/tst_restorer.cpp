// orm::Restorer on its own (issue 13, a session made of parts): what a rollback restores (rule 7,
// no database round trip) and what a lost flush's revert stages again (rule 8), walked over a unit
// of work and an identity map of the test's own. A session on SQLite's in-memory database only
// brings the records there (committed, edited, removed, added, flushed); the restore itself is the
// part's, and the session's own lists are left alone.

#include "orm/identitymap.h"
#include "orm/metadata.h"
#include "orm/record.h"
#include "orm/restorer.h"
#include "orm/session.h"
#include "orm/sessioninternals.h"
#include "orm/unitofwork.h"

#include <QSqlDatabase>
#include <QTest>
#include <memory>

using orm::ObjectState;
using orm::RecordPtr;

class TestRestorer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void shouldRestoreTheCommittedValuesStatesAndKeysOnRollback();
    void shouldLetPendingAndFlushedInsertsLeaveKeepingTheirValues();
    void shouldSignalOnlyWhatChangedAndNothingWhenNobodyListens();
    void shouldEmptyEveryListAndTheChangeCountOnRollback();
    void shouldStageALostFlushsWorkAgain();
    void shouldOnlyUnlistAFlushedDeleteThatLeftTheSession();

private:
    /// Committed items Ada, Bob and Cy (ids 1-3) and tag Red (code "red"); then Ada renamed, Red's
    /// key edited to "crimson", Bob removed and a new item added, all flushed; then Cy renamed and
    /// another item added, not flushed. The unit of work and the identity map are copied into the
    /// test's own.
    void stageAndFlush();
    /// The session's lists and identity map, copied into the test's own (m_work, m_identity).
    void copyParts();
    QString nameOf(const orm::Record *record) const { return m_names.value(record); }
    RecordPtr inMap(qint64 id) const {
        return m_identity->find(*m_items, orm::Key::fromId(*m_items, id));
    }
    RecordPtr tagInMap(const char *code) const {
        return m_identity->find(*m_tags, orm::Key::fromId(*m_tags, QString::fromLatin1(code)));
    }
    orm::Restorer restorer() { return orm::Restorer(m_work, *m_identity, m_session.get()); }
    /// Notices that log what they are told, as "Ada.name", "Bob state", "New leaves".
    orm::Restorer::Notices loggingNotices(bool watchColumns);

    orm::Metadata m_metadata;
    const orm::Table *m_items = nullptr;
    const orm::Table *m_tags = nullptr; ///< a key the user gives, and may edit
    QString m_connection;
    std::unique_ptr<orm::Session> m_session;
    RecordPtr m_ada, m_bob, m_cy, m_new, m_pending, m_red;
    QHash<const orm::Record *, QString> m_names;
    orm::UnitOfWork m_work;
    std::unique_ptr<orm::IdentityMap> m_identity;
    QStringList m_log;
};

void TestRestorer::initTestCase() {
    orm::Table &items = m_metadata.addTable(QStringLiteral("items"), QStringLiteral("Item"));
    items.addColumn(orm::Column::key());
    items.addColumn(orm::Column::text(QStringLiteral("name")));
    orm::Table &tags = m_metadata.addTable(QStringLiteral("tags"), QStringLiteral("Tag"));
    orm::Column code = orm::Column::text(QStringLiteral("code"));
    code.primaryKey = true;
    code.nullable = false;
    tags.addColumn(code);
    tags.addColumn(orm::Column::text(QStringLiteral("label")));
    m_metadata.finalize();
    m_items = m_metadata.table(QStringLiteral("items"));
    m_tags = m_metadata.table(QStringLiteral("tags"));
}

void TestRestorer::init() {
    static int opened = 0;
    m_connection = QStringLiteral("tst_restorer_%1").arg(++opened);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(QStringLiteral(":memory:"));
    m_session = std::make_unique<orm::Session>(db, m_metadata);
    QVERIFY(m_session->createAll());
    m_log.clear();
    stageAndFlush();
}

void TestRestorer::cleanup() {
    m_ada = m_bob = m_cy = m_new = m_pending = m_red = nullptr;
    m_names.clear();
    m_identity.reset();
    m_work = orm::UnitOfWork();
    m_session.reset();
    QSqlDatabase::removeDatabase(m_connection);
}

void TestRestorer::stageAndFlush() {
    orm::Session &session = *m_session;
    const auto make = [&](const char *name) {
        RecordPtr record = session.createRecord(*m_items);
        record->setValue(QStringLiteral("name"), QString::fromLatin1(name)); // read back below
        m_names.insert(record.get(), QString::fromLatin1(name));
        return record;
    };
    m_ada = make("Ada");
    m_bob = make("Bob");
    m_cy = make("Cy");
    m_red = session.createRecord(*m_tags);
    m_red->setValue(QStringLiteral("code"), QStringLiteral("red"));
    m_red->setValue(QStringLiteral("label"), QStringLiteral("Red"));
    m_names.insert(m_red.get(), QStringLiteral("Red"));
    session.addAll({m_ada, m_bob, m_cy, m_red});
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

    QVERIFY(m_ada->setValue(QStringLiteral("name"), QStringLiteral("Ada L.")));
    QVERIFY(m_red->setValue(QStringLiteral("code"), QStringLiteral("crimson"))); // a key edit
    QVERIFY(session.remove(m_bob));
    m_new = make("New");
    session.add(m_new);
    QVERIFY2(session.flush(), qPrintable(session.lastError().fullText()));
    QVERIFY(m_cy->setValue(QStringLiteral("name"), QStringLiteral("Cyd")));
    m_pending = make("Pending");
    session.add(m_pending);
    QCOMPARE(m_new->id().toLongLong(), 4);
    QCOMPARE(m_bob->state(), ObjectState::Deleted);
    copyParts();
    QCOMPARE(m_work.pending(), orm::RecordList({m_pending}));
    QCOMPARE(m_work.edited(), std::vector<RecordPtr>({m_ada, m_red, m_bob, m_cy}));
    QCOMPARE(m_work.flushedInserts(), std::vector<RecordPtr>({m_new}));
    QCOMPARE(m_work.flushedDeletes(), std::vector<RecordPtr>({m_bob}));
    QVERIFY(tagInMap("crimson") == m_red && !tagInMap("red") && inMap(4) == m_new);
}

void TestRestorer::copyParts() {
    orm::Session &session = *m_session;
    m_work = orm::UnitOfWork();
    m_identity = std::make_unique<orm::IdentityMap>(m_metadata.tables().size());
    const orm::UnitOfWork &staged = orm::SessionInternals::unitOfWork(session);
    for (const RecordPtr &record : staged.pending())
        m_work.addPending(record);
    for (const RecordPtr &record : staged.edited())
        m_work.addEdited(record);
    for (const RecordPtr &record : staged.flushedInserts())
        m_work.addFlushedInsert(record);
    for (const RecordPtr &record : staged.flushedDeletes())
        m_work.addFlushedDelete(record);
    for (const RecordPtr &record : {m_ada, m_bob, m_cy, m_new, m_pending, m_red}) {
        if (record->hasChanges())
            m_work.countChange(true);
        const orm::Table &table = record->table();
        if (session.findLoaded(table, record->storedKey()) == record)
            m_identity->insert(table, record->storedKey(), record);
    }
}

orm::Restorer::Notices TestRestorer::loggingNotices(bool watchColumns) {
    orm::Restorer::Notices notices;
    notices.leave = [this](orm::Record *record) { m_log << nameOf(record) + " leaves"; };
    if (watchColumns)
        notices.valueChanged = [this](orm::Record *record, int column) {
            m_log << nameOf(record) + "." + record->table().column(column).name;
        };
    notices.stateChanged = [this](orm::Record *record) { m_log << nameOf(record) + " state"; };
    return notices;
}

void TestRestorer::shouldRestoreTheCommittedValuesStatesAndKeysOnRollback() {
    // When the unit of work is rolled back
    restorer().rollback(loggingNotices(true));

    // Then every committed record has its committed values again, with nothing staged
    for (const RecordPtr &record : {m_ada, m_bob, m_cy}) {
        QCOMPARE(record->value(QStringLiteral("name")).toString(), nameOf(record.get()));
        QCOMPARE(record->state(), ObjectState::Persistent);
        QVERIFY(!record->isMarkedForDelete());
        QVERIFY(!record->hasChanges());
        QCOMPARE(record->storedValue(1), record->committedValue(1));
    }
    QCOMPARE(m_red->id().toString(), QStringLiteral("red"));
    QCOMPARE(m_red->storedKey(), orm::Key::fromId(*m_tags, QStringLiteral("red")));
    QVERIFY(!m_red->hasChanges());
    // And each is found by its committed key only: Red's flushed key edit is undone, Bob's
    // flushed delete is back
    QVERIFY(tagInMap("red") == m_red);
    QVERIFY(!tagInMap("crimson"));
    QVERIFY(inMap(1) == m_ada);
    QVERIFY(inMap(2) == m_bob);
    QVERIFY(inMap(3) == m_cy);
}

void TestRestorer::shouldLetPendingAndFlushedInsertsLeaveKeepingTheirValues() {
    restorer().rollback(loggingNotices(false));

    // The pending record, then the flushed insert, are handed to the session to leave (and with
    // no view listening, no column is compared: only Bob's delete taken back is told)
    QCOMPARE(m_log, (QStringList{"Pending leaves", "New leaves", "Bob state"}));
    // The insert's row is gone with its transaction: no stored row, its generated key forgotten,
    // its values kept, and out of the identity map
    QCOMPARE(m_new->state(), ObjectState::Pending); // leaving (transient) is the session's
    QVERIFY(m_new->id().isNull());
    QVERIFY(m_new->storedKey().isNull());
    QCOMPARE(m_new->value(QStringLiteral("name")).toString(), QStringLiteral("New"));
    QVERIFY(!inMap(4));
    QCOMPARE(m_pending->value(QStringLiteral("name")).toString(), QStringLiteral("Pending"));
}

void TestRestorer::shouldSignalOnlyWhatChangedAndNothingWhenNobodyListens() {
    // Given a view that listens to column changes: each restored column is named, in list order,
    // and Bob's delete taken back is a state change
    restorer().rollback(loggingNotices(true));
    QCOMPARE(m_log, (QStringList{"Pending leaves", "New leaves", "Ada.name", "Red.code",
                                 "Bob state", "Cy.name"}));
}

void TestRestorer::shouldEmptyEveryListAndTheChangeCountOnRollback() {
    // When rolled back, it says that records had changes (the session signals it)
    QVERIFY(restorer().rollback(loggingNotices(false)));
    // Then nothing is staged any more
    QVERIFY(m_work.pending().empty());
    QVERIFY(m_work.edited().empty());
    QVERIFY(!m_work.hasFlushedWork());
    QVERIFY(m_work.deleteReasons().isEmpty());
    QVERIFY(!m_work.hasChanges());
    // And a second rollback has nothing to restore or say
    m_log.clear();
    QVERIFY(!restorer().rollback(loggingNotices(true)));
    QVERIFY(m_log.isEmpty());
}

void TestRestorer::shouldStageALostFlushsWorkAgain() {
    // When the transaction holding the flush is lost
    QList<orm::Record *> recounted;
    restorer().revertFlushes([&recounted](orm::Record *record) { recounted << record; });

    // Then the inserted record is pending again, in entry order before the one added later, with
    // its generated key forgotten and out of the identity map
    QCOMPARE(m_work.pending(), orm::RecordList({m_new, m_pending}));
    QCOMPARE(m_new->state(), ObjectState::Pending);
    QVERIFY(m_new->id().isNull());
    QCOMPARE(m_new->value(QStringLiteral("name")).toString(), QStringLiteral("New"));
    QVERIFY(!inMap(4));
    // And the deleted one is persistent and marked for delete again
    QCOMPARE(m_bob->state(), ObjectState::Persistent);
    QVERIFY(m_bob->isMarkedForDelete());
    QVERIFY(!m_work.hasFlushedWork());
    // And the flushed edits are staged again: the database holds the committed rows, and the
    // edits wait for the next flush; Red is found by its committed key again
    QCOMPARE(m_ada->storedValue(1).toString(), QStringLiteral("Ada"));
    QCOMPARE(m_ada->value(QStringLiteral("name")).toString(), QStringLiteral("Ada L."));
    QVERIFY(m_ada->isModified(1));
    QCOMPARE(m_red->storedKey(), orm::Key::fromId(*m_tags, QStringLiteral("red")));
    QCOMPARE(m_red->id().toString(), QStringLiteral("crimson"));
    QVERIFY(m_red->isModified(0));
    QVERIFY(tagInMap("red") == m_red);
    QVERIFY(!tagInMap("crimson"));
    // And Cy's unflushed edit is untouched, the edited list too
    QCOMPARE(m_cy->value(QStringLiteral("name")).toString(), QStringLiteral("Cyd"));
    QCOMPARE(m_work.edited(), std::vector<RecordPtr>({m_ada, m_red, m_bob, m_cy}));
    // And every pending and edited record is recounted, so the change count follows
    QCOMPARE(recounted, (QList<orm::Record *>{m_new.get(), m_pending.get(), m_ada.get(),
                                              m_red.get(), m_bob.get(), m_cy.get()}));
    QVERIFY(m_work.hasChangedRecords()); // the count is the session's to redo: it is kept
}

void TestRestorer::shouldOnlyUnlistAFlushedDeleteThatLeftTheSession() {
    // Given Bob's flushed delete expunged: out of the session and its edited records, still among
    // the flush's deletes until the transaction ends
    m_session->expunge(m_bob);
    copyParts();
    QCOMPARE(m_work.flushedDeletes(), std::vector<RecordPtr>({m_bob}));
    QCOMPARE(m_work.edited(), std::vector<RecordPtr>({m_ada, m_red, m_cy}));

    // When the unit of work is rolled back
    QVERIFY(restorer().rollback(loggingNotices(true)));

    // Then Bob is only unlisted: not restored, not put back in the map, not told about
    QCOMPARE(m_bob->state(), ObjectState::Detached);
    QVERIFY(!m_bob->session());
    QVERIFY(!inMap(2));
    QVERIFY(!m_work.hasFlushedWork());
    QVERIFY(!m_log.contains(QStringLiteral("Bob state")));
    // And the others are restored as ever
    QVERIFY(inMap(1) == m_ada && tagInMap("red") == m_red && inMap(3) == m_cy);
}

QTEST_GUILESS_MAIN(TestRestorer)
#include "tst_restorer.moc"
