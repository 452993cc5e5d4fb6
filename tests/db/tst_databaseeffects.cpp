// docs/contract.md §2 rule 6 on a reflected schema: after a commit every loaded record's snapshot
// equals the database, also where the database itself changed rows beyond the statements Shelf
// ran — an ON UPDATE CASCADE / SET DEFAULT that moves a row to another key (through one level and
// through two), and triggers that change or delete rows of other tables. Each test loads the rows
// first, commits a change elsewhere, compares the records with an independent connection, and
// then edits them again: a stale snapshot would fail that edit as a conflict (rule 12). And an
// edit of a row SET DEFAULT moves into another key, committed with the key edit that moves it.

#include "libraryfixture.h"
#include "realschemas.h"

#include <QTest>

using namespace shelftest;

namespace {

/// Regions referred to by offices (ON UPDATE CASCADE into their key) and rooms (a two-column key
/// to offices, ON UPDATE CASCADE again), desks (ON UPDATE SET DEFAULT into their key), counters a
/// trigger on regions bumps and notes another deletes — no foreign key to regions.
QStringList schema() {
    const bool sqlite = backend() == Backend::Sqlite;
    QStringList statements = {
        QStringLiteral("CREATE TABLE regions (code TEXT PRIMARY KEY, name TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE offices (region_code TEXT NOT NULL REFERENCES regions (code) "
                       "ON UPDATE CASCADE, n INTEGER NOT NULL, label TEXT, PRIMARY KEY "
                       "(region_code, n))"),
        QStringLiteral("CREATE TABLE rooms (region_code TEXT NOT NULL, office_n INTEGER NOT NULL, "
                       "n INTEGER NOT NULL, label TEXT, PRIMARY KEY (region_code, office_n, n), "
                       "FOREIGN KEY (region_code, office_n) REFERENCES offices (region_code, n) "
                       "ON UPDATE CASCADE)"),
        QStringLiteral("CREATE TABLE desks (region_code TEXT NOT NULL DEFAULT 'NONE' REFERENCES "
                       "regions (code) ON UPDATE SET DEFAULT, n INTEGER NOT NULL, label TEXT, "
                       "PRIMARY KEY (region_code, n))"),
        QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, hits INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, region_code TEXT, body TEXT)"),
    };
    if (sqlite) {
        statements << QStringLiteral(
                          "CREATE TRIGGER regions_counted AFTER UPDATE ON regions BEGIN UPDATE "
                          "counters SET hits = hits + 1 WHERE name = 'regions'; END")
                   << QStringLiteral("CREATE TRIGGER regions_notes AFTER DELETE ON regions BEGIN "
                                     "DELETE FROM notes WHERE region_code = OLD.code; END");
    } else {
        statements << QStringLiteral("CREATE FUNCTION count_region() RETURNS trigger LANGUAGE "
                                     "plpgsql AS $$ BEGIN UPDATE counters SET hits = hits + 1 "
                                     "WHERE name = 'regions'; RETURN NULL; END $$")
                   << QStringLiteral("CREATE TRIGGER regions_counted AFTER UPDATE ON regions FOR "
                                     "EACH ROW EXECUTE FUNCTION count_region()")
                   << QStringLiteral("CREATE FUNCTION drop_notes() RETURNS trigger LANGUAGE "
                                     "plpgsql AS $$ BEGIN DELETE FROM notes WHERE region_code = "
                                     "OLD.code; RETURN NULL; END $$")
                   << QStringLiteral("CREATE TRIGGER regions_notes AFTER DELETE ON regions FOR "
                                     "EACH ROW EXECUTE FUNCTION drop_notes()");
    }
    statements << QStringLiteral("INSERT INTO regions (code, name) VALUES ('N', 'North'), ('S', "
                                 "'South'), ('W', 'West'), ('NONE', 'Unassigned')")
               << QStringLiteral("INSERT INTO offices (region_code, n, label) VALUES ('N', 1, "
                                 "'Head office'), ('S', 1, 'Harbour')")
               << QStringLiteral("INSERT INTO rooms (region_code, office_n, n, label) VALUES ('N', "
                                 "1, 1, 'Lobby'), ('N', 1, 2, 'Boardroom')")
               << QStringLiteral("INSERT INTO desks (region_code, n, label) VALUES ('S', 1, "
                                 "'Window'), ('S', 2, 'Door')")
               << QStringLiteral("INSERT INTO counters (name, hits) VALUES ('regions', 0)")
               << QStringLiteral("INSERT INTO notes (id, region_code, body) VALUES (1, 'W', "
                                 "'Closing'), (2, 'N', 'Open')");
    return statements;
}

} // namespace

class TestDatabaseEffects : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::Metadata> m_metadata;
    std::unique_ptr<orm::Session> m_session;

    const orm::Table &table(const QString &name) const { return *m_metadata->table(name); }
    qint64 count(const QString &sql) { return m_db->scalar(sql).toLongLong(); }
    orm::RecordPtr get(const char *tableName, const QVariant &key) {
        return m_session->get(table(QLatin1String(tableName)), key);
    }
    /// The record's values and committed snapshot both hold the database's row, read through an
    /// independent connection.
    void compareWithDatabase(const orm::RecordPtr &record, const QString &where) {
        const orm::Table &t = record->table();
        const QList<QVariantList> rows =
            m_db->rows(QStringLiteral("SELECT * FROM %1 WHERE %2").arg(t.name(), where));
        QCOMPARE(rows.size(), 1);
        for (int column = 0; column < t.columnCount(); ++column) {
            QCOMPARE(render(record->value(column)), render(rows.first().value(column)));
            QCOMPARE(render(record->committedValue(column)), render(rows.first().value(column)));
        }
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        for (const QString &statement : schema())
            QVERIFY2(m_db->exec(statement), qPrintable(statement + u": "_qs + m_db->errorString()));
        QString error;
        QVERIFY2(openReflected(*m_db, &m_metadata, &m_session, &error), qPrintable(error));
    }
    void cleanup() {
        m_session.reset();
        m_metadata.reset();
        m_db.reset();
    }

    void aRowACascadeMovesToAnotherKeyStaysItsRecordThroughEveryLevel() {
        // Given an office keyed by its region's code (ON UPDATE CASCADE) and a room keyed by its
        // office's two columns (ON UPDATE CASCADE again), both loaded
        const orm::RecordPtr office = get("offices", QVariantList{u"N"_qs, 1});
        const orm::RecordPtr room = get("rooms", QVariantList{u"N"_qs, 1, 1});
        const orm::RecordPtr region = get("regions", u"N"_qs);
        QVERIFY(office && room && region);

        // When the region's code changes and is committed
        QVERIFY(region->setValue(QStringLiteral("code"), QStringLiteral("NW")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then both rows moved to their new keys, and their records moved with them: still
        // stored, holding what the database holds, found by the new key and not by the old
        QCOMPARE(str(m_session->state(office)), str(orm::ObjectState::Persistent));
        QCOMPARE(str(m_session->state(room)), str(orm::ObjectState::Persistent));
        compareWithDatabase(office, QStringLiteral("region_code = 'NW' AND n = 1"));
        compareWithDatabase(room, QStringLiteral("region_code = 'NW' AND office_n = 1 AND n = 1"));
        QCOMPARE(m_session->findLoaded(table(u"offices"_qs), QVariantList{u"NW"_qs, 1}), office);
        QCOMPARE(m_session->findLoaded(table(u"rooms"_qs), QVariantList{u"NW"_qs, 1, 1}), room);
        QVERIFY(!m_session->findLoaded(table(u"offices"_qs), QVariantList{u"N"_qs, 1}));
        QVERIFY(!m_session->findLoaded(table(u"rooms"_qs), QVariantList{u"N"_qs, 1, 1}));
        QCOMPARE(get("rooms", QVariantList{u"NW"_qs, 1, 1}), room); // one record per row (rule 11)
        QVERIFY(!m_session->hasChanges());

        // And their next edits are no conflict (rule 12 compares every column)
        QVERIFY(office->setValue(QStringLiteral("label"), QStringLiteral("Main office")));
        QVERIFY(room->setValue(QStringLiteral("label"), QStringLiteral("Hall")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM offices WHERE region_code = 'NW' AND "
                                      "label = 'Main office'")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM rooms WHERE region_code = 'NW' AND "
                                      "label = 'Hall'")),
                 1);
    }

    void aRowASetDefaultMovesIntoItsKeyStaysItsRecord() {
        // Given a desk keyed by its region's code, which ON UPDATE SET DEFAULT sets to 'NONE'
        const orm::RecordPtr desk = get("desks", QVariantList{u"S"_qs, 1});
        const orm::RecordPtr region = get("regions", u"S"_qs);
        QVERIFY(desk && region);

        // When the region's code changes and is committed
        QVERIFY(region->setValue(QStringLiteral("code"), QStringLiteral("SE")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the desk is the database's row under the key the database gave it
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM desks WHERE region_code = 'NONE'")), 2);
        QCOMPARE(str(m_session->state(desk)), str(orm::ObjectState::Persistent));
        compareWithDatabase(desk, QStringLiteral("region_code = 'NONE' AND n = 1"));
        QCOMPARE(m_session->findLoaded(table(u"desks"_qs), QVariantList{u"NONE"_qs, 1}), desk);
        QVERIFY(!m_session->findLoaded(table(u"desks"_qs), QVariantList{u"S"_qs, 1}));
        QVERIFY(!m_session->hasChanges());

        // And its next edit is no conflict
        QVERIFY(desk->setValue(QStringLiteral("label"), QStringLiteral("Corner")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM desks WHERE region_code = 'NONE' AND "
                                      "n = 1 AND label = 'Corner'")),
                 1);
    }

    void anEditOfARowASetDefaultMovesIntoItsKeyCommitsWithTheKeyEdit() {
        // Given a region's code edit (ON UPDATE SET DEFAULT into its desks' key) and, in the same
        // commit, an edit of one of those desks and the delete of the other
        const orm::RecordPtr desk = get("desks", QVariantList{u"S"_qs, 1});
        const orm::RecordPtr door = get("desks", QVariantList{u"S"_qs, 2});
        const orm::RecordPtr region = get("regions", u"S"_qs);
        QVERIFY(desk && door && region);
        QVERIFY(region->setValue(QStringLiteral("code"), QStringLiteral("SE")));
        QVERIFY(desk->setValue(QStringLiteral("label"), QStringLiteral("Corner")));
        QVERIFY(m_session->remove(door));

        // When committed: the key's UPDATE moves both desks to 'NONE' before their own statements
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the edit and the delete found the rows where the database had moved them
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM desks")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM desks WHERE region_code = 'NONE' AND "
                                      "n = 1 AND label = 'Corner'")),
                 1);
        compareWithDatabase(desk, QStringLiteral("region_code = 'NONE' AND n = 1"));
        QCOMPARE(m_session->findLoaded(table(u"desks"_qs), QVariantList{u"NONE"_qs, 1}), desk);
        QCOMPARE(str(m_session->state(door)), str(orm::ObjectState::Detached));
        QVERIFY(!m_session->hasChanges());
    }

    void rowsOnlyATriggerChangesAreReadAgainAtCommit() {
        // Given a counter a trigger on regions bumps, and a note another trigger deletes with its
        // region; neither refers to regions by a foreign key
        const orm::RecordPtr counter = get("counters", u"regions"_qs);
        const orm::RecordPtr note = get("notes", 1);
        const orm::RecordPtr kept = get("notes", 2);
        const orm::RecordPtr north = get("regions", u"N"_qs);
        const orm::RecordPtr west = get("regions", u"W"_qs);
        QVERIFY(counter && note && kept && north && west);

        // When one region is renamed and another deleted, in one commit
        QVERIFY(north->setValue(QStringLiteral("name"), QStringLiteral("Far North")));
        QVERIFY(m_session->remove(west));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the counter holds what the trigger wrote and the deleted note left the session
        QCOMPARE(count(QStringLiteral("SELECT hits FROM counters")), 1);
        compareWithDatabase(counter, QStringLiteral("name = 'regions'"));
        QCOMPARE(str(m_session->state(note)), str(orm::ObjectState::Detached));
        QVERIFY(!m_session->findLoaded(table(u"notes"_qs), 1));
        compareWithDatabase(kept, QStringLiteral("id = 2"));
        QVERIFY(!m_session->hasChanges());

        // And the counter's next edit is no conflict
        QVERIFY(counter->setValue(QStringLiteral("hits"), 10));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT hits FROM counters")), 10);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseEffects)
#include "tst_databaseeffects.moc"
