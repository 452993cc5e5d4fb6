// StatementBuilder::sharedByAnotherRow(): the rows whose label another row of the same table also
// has (two playlists called "Music", two employees "Jane Park"), found in the database in one
// query — what the grid asks once per page to tell foreign-key cells apart (orm::Namesakes). Run
// on both backends: on PostgreSQL the table is schema-qualified, and the condition refers to it
// from inside its own subquery. And the form that tells such rows apart ("Music (#8)") read back
// as the row of its key by paste and import (io::ForeignKeyResolver), keys of text and labels of
// two columns too.

#include "io/foreignkeyresolver.h"
#include "libraryfixture.h"
#include "orm/namesakes.h"
#include "orm/reflect.h"
#include "orm/statementbuilder.h"
#include "realschemas.h"

#include <QTest>

using namespace shelftest;

class TestSharedLabels : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::Metadata> m_metadata;
    std::unique_ptr<orm::Session> m_session;

    /// Keys of the rows of `name` whose label columns another row shares, in key order.
    QVariantList sharing(const QString &name) {
        const orm::Table &table = *m_metadata->table(name);
        orm::Query query;
        query.where = orm::StatementBuilder(m_session->dialect())
                          .sharedByAnotherRow(table, table.labelColumns());
        QVariantList keys;
        for (const orm::RecordPtr &record : m_session->query(table, query))
            keys << record->id().toInt();
        if (m_session->lastError())
            qWarning() << m_session->lastError().fullText();
        return keys;
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        QVERIFY(createShopSchema(*m_db));
        QString error;
        QVERIFY2(seedShop(*m_db, &error), qPrintable(error));
        QVERIFY2(openReflected(*m_db, &m_metadata, &m_session, &error), qPrintable(error));
    }
    void cleanup() {
        m_session.reset();
        m_metadata.reset();
        m_db.reset();
    }

    void shouldFindTheRowsWhoseOneColumnLabelRepeats() {
        // Given the playlists "Music" and "Jazz", and now a second "Music" and a "music"
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO playlists (id, name) VALUES (8, 'Music'), "
                                          "(9, 'music')")));
        // Then both "Music" rows share their label; "Jazz" and "music" have theirs alone
        QCOMPARE(sharing(QStringLiteral("playlists")), (QVariantList{1, 8}));
    }

    void shouldCompareEveryColumnOfATwoColumnLabel() {
        // Given the employees, named by first and last name, and two more: a second Jane
        // Peacock and a Tom Peacock
        QCOMPARE(m_metadata->table(QStringLiteral("employees"))->labelColumns().size(), 2);
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO employees (id, last_name, first_name) "
                                          "VALUES (5, 'Peacock', 'Jane'), (6, 'Peacock', "
                                          "'Tom')")));
        // Then only the two Jane Peacocks share a label
        QCOMPARE(sharing(QStringLiteral("employees")), (QVariantList{3, 5}));
    }

    void shouldFindNoneWhenEveryLabelIsUnique() {
        QCOMPARE(sharing(QStringLiteral("tracks")), QVariantList{});
    }

    void shouldReadBackTheFormThatTellsNamesakesApart() {
        QString label;
        QString key;
        QVERIFY(orm::Namesakes::parse(QStringLiteral("Music (#8)"), &label, &key));
        QCOMPARE(label, QStringLiteral("Music"));
        QCOMPARE(key, QStringLiteral("8"));
        QCOMPARE(orm::Namesakes::text(label, key), QStringLiteral("Music (#8)"));
        // A text key, a composite key, a label that holds the form itself: the last one is the key
        QVERIFY(orm::Namesakes::parse(QStringLiteral("Alfreds (#ALFKI)"), &label, &key));
        QCOMPARE(key, QStringLiteral("ALFKI"));
        QVERIFY(orm::Namesakes::parse(QStringLiteral("Greatest Hits (#3, 1)"), &label, &key));
        QCOMPARE(key, QStringLiteral("3, 1"));
        QVERIFY(orm::Namesakes::parse(QStringLiteral("Mix (#2) (#5)"), &label, &key));
        QCOMPARE(label, QStringLiteral("Mix (#2)"));
        QCOMPARE(key, QStringLiteral("5"));
        // Not the form: a plain label, no label, no key, something after the key
        for (const char *text :
             {"Music", "(#8)", " (#8)", "Music (#)", "Music (#8) live", "Music #8"})
            QVERIFY2(!orm::Namesakes::parse(QLatin1String(text), &label, &key), text);
    }

    void shouldResolveALabelWithItsKeyOfTextOrOfATwoColumnLabel() {
        // Given two shelves called "Top", keyed by text codes, and a second Jane Peacock (named
        // by first and last name)
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE shelves (code TEXT PRIMARY KEY, name TEXT "
                                          "NOT NULL)")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE boxes (id INTEGER PRIMARY KEY, shelf_code "
                                          "TEXT REFERENCES shelves (code))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO shelves (code, name) VALUES ('A1', 'Top'), "
                                          "('B2', 'Top')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO employees (id, last_name, first_name) "
                                          "VALUES (5, 'Peacock', 'Jane')")));
        QString error;
        QVERIFY2(openReflected(*m_db, &m_metadata, &m_session, &error), qPrintable(error));
        const orm::Table &boxes = *m_metadata->table(QStringLiteral("boxes"));
        const orm::Table &employees = *m_metadata->table(QStringLiteral("employees"));
        io::ForeignKeyResolver shelf(
            *m_session,
            *boxes.relationshipForColumn(boxes.columnIndex(QStringLiteral("shelf_code"))),
            io::ForeignKeyInput::KeyOrLabel);
        io::ForeignKeyResolver manager(
            *m_session,
            *employees.relationshipForColumn(employees.columnIndex(QStringLiteral("reports_to"))),
            io::ForeignKeyInput::Label);
        const QStringList codes = {QStringLiteral("Top (#B2)"), QStringLiteral("top (#A1)"),
                                   QStringLiteral("Top (#NOPE)"), QStringLiteral("Top")};
        const QStringList staff = {
            QStringLiteral("Jane Peacock (#5)"),  QStringLiteral("Jane Peacock (#3)"),
            QStringLiteral("Nancy Edwards (#3)"), QStringLiteral("Jane Peacock (#2147483647)"),
            QStringLiteral("margaret park"),      QStringLiteral("Park"),
            QStringLiteral("Jane Peacock")};
        QVERIFY2(shelf.resolve(codes), qPrintable(shelf.error()));
        QVERIFY2(manager.resolve(staff), qPrintable(manager.error()));
        // Then the form names the row of its key when that row bears the label, whatever the
        // key's type, and the whole label of two columns counts
        QCOMPARE(shelf.match(codes.at(0)).key.toString(), QStringLiteral("B2"));
        QCOMPARE(shelf.match(codes.at(1)).key.toString(), QStringLiteral("A1"));
        QCOMPARE(manager.match(staff.at(0)).key.toInt(), 5);
        QCOMPARE(manager.match(staff.at(1)).key.toInt(), 3);
        // And a key without a row, a label that is not the key's and the bare shared label are
        // refused
        QVERIFY2(shelf.match(codes.at(2)).error.contains(QStringLiteral("id NOPE")),
                 qPrintable(shelf.match(codes.at(2)).error));
        QVERIFY2(shelf.match(codes.at(3)).error.contains(QStringLiteral("More than one")),
                 qPrintable(shelf.match(codes.at(3)).error));
        QVERIFY2(
            shelf.match(codes.at(3))
                .error.contains(QStringLiteral("\u201cTop (#A1)\u201d or \u201cTop (#B2)\u201d")),
            qPrintable(shelf.match(codes.at(3)).error));
        QVERIFY2(manager.match(staff.at(2))
                     .error.contains(QStringLiteral(
                         "is named \u201cJane Peacock\u201d, not \u201cNancy Edwards\u201d")),
                 qPrintable(manager.match(staff.at(2)).error));
        QVERIFY(!manager.match(staff.at(3)).isValid());
        // And a label of two columns is read whole, as the grid shows and Copy takes it, or by
        // its display column alone, as before; the two Jane Peacocks are two
        QCOMPARE(manager.match(staff.at(4)).key.toInt(), 4);
        QCOMPARE(manager.match(staff.at(5)).key.toInt(), 4);
        QVERIFY2(manager.match(staff.at(6)).error.contains(QStringLiteral("Jane Peacock (#3)")),
                 qPrintable(manager.match(staff.at(6)).error));
    }

    void shouldTakeALabelThatReadsLikeTheFormAsItStands() {
        // Given a playlist named "Mix (#2)", while playlist 2 is "Jazz"
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO playlists (id, name) VALUES (7, 'Mix (#2)')")));
        const orm::Table &entries = *m_metadata->table(QStringLiteral("playlist_track"));
        io::ForeignKeyResolver playlist(
            *m_session,
            *entries.relationshipForColumn(entries.columnIndex(QStringLiteral("playlist_id"))),
            io::ForeignKeyInput::KeyOrLabel);
        QVERIFY2(playlist.resolve({QStringLiteral("Mix (#2)"), QStringLiteral("Jazz (#2)")}),
                 qPrintable(playlist.error()));
        // Then that name is its row's, and the form still names playlist 2
        QCOMPARE(playlist.match(QStringLiteral("Mix (#2)")).key.toInt(), 7);
        QCOMPARE(playlist.match(QStringLiteral("Jazz (#2)")).key.toInt(), 2);
    }
};

QTEST_MAIN(TestSharedLabels)
#include "tst_sharedlabels.moc"
