// StatementBuilder::sharedByAnotherRow(): the rows whose label another row of the same table also
// has (two playlists called "Music", two employees "Jane Park"), found in the database in one
// query — what the grid asks once per page to tell foreign-key cells apart (orm::Namesakes). Run
// on both backends: on PostgreSQL the table is schema-qualified, and the condition refers to it
// from inside its own subquery. And the form that tells such rows apart ("Music (#8)") read back
// as the row of its key by paste and import (io::ForeignKeyResolver), keys of text and labels of
// two columns too; a text that reads both as a label and as another row's key form refused, case
// ignored alike in every reading, a new row read back as the grid shows it ("Music (new)")
// (orm::LabelReader, which typed values share), and a row's label built one way (orm::RowLabel).

#include "io/foreignkeyresolver.h"
#include "libraryfixture.h"
#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/reflect.h"
#include "orm/rowlabel.h"
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

    /// A resolver of the playlist entries' playlist, by key or label as paste reads them.
    std::unique_ptr<io::ForeignKeyResolver> playlistResolver() {
        const orm::Table &entries = *m_metadata->table(QStringLiteral("playlist_track"));
        auto resolver = std::make_unique<io::ForeignKeyResolver>(
            *m_session,
            *entries.relationshipForColumn(entries.columnIndex(QStringLiteral("playlist_id"))),
            io::ForeignKeyInput::KeyOrLabel);
        resolver->setKeepRecords(true);
        return resolver;
    }
    /// How messages call a playlist (the reflected table's class name).
    QString playlists() const {
        return m_metadata->table(QStringLiteral("playlists"))->className();
    }
    /// A playlist staged as new, not yet committed.
    orm::RecordPtr newPlaylist(const QString &name) {
        auto playlist =
            std::make_shared<orm::Record>(m_metadata->table(QStringLiteral("playlists")));
        [&] { QVERIFY(playlist->setValue(QStringLiteral("name"), name)); }();
        m_session->add(playlist);
        return playlist;
    }

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

    void shouldRefuseALabelThatIsAlsoAnotherRowsKeyForm() {
        // Given playlist 2 renamed "Mix", and a playlist whose name is literally "Mix (#2)"
        QVERIFY(m_db->exec(QStringLiteral("UPDATE playlists SET name = 'Mix' WHERE id = 2")));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO playlists (id, name) VALUES (7, 'Mix (#2)')")));
        const auto playlist = playlistResolver();
        const QStringList texts = {QStringLiteral("Mix (#2)"), QStringLiteral("Mix (#2) (#7)"),
                                   QStringLiteral("Mix")};
        // When "Mix (#2)" is read: the name of playlist 7, and playlist 2 "Mix" by its key
        QVERIFY2(playlist->resolve(texts), qPrintable(playlist->error()));
        // Then it is refused, naming both rows and the forms that tell them apart
        const QString why = playlist->match(texts.at(0)).error;
        QVERIFY2(why.contains(playlists() + QStringLiteral(" 7 \u201cMix (#2)\u201d")) &&
                     why.contains(playlists() + QStringLiteral(" 2 \u201cMix\u201d")),
                 qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("write \u201cMix (#2) (#7)\u201d or \u201cMix\u201d")),
                 qPrintable(why));
        QVERIFY(!playlist->match(texts.at(0)).record);
        // And the forms it suggests name each row alone
        QCOMPARE(playlist->match(texts.at(1)).key.toInt(), 7);
        QCOMPARE(playlist->match(texts.at(2)).key.toInt(), 2);
    }

    void shouldIgnoreCaseAlikeInEveryReadingUnlessItDecidesBetweenRows() {
        // Given the playlists "Music" (1 and 8), and one named "music (#8)" in that case
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO playlists (id, name) VALUES (8, 'Music'), "
                                          "(9, 'music (#8)')")));
        const auto playlist = playlistResolver();
        const QStringList texts = {QStringLiteral("music (#8)"), QStringLiteral("MUSIC (#8)"),
                                   QStringLiteral("music (#1)"), QStringLiteral("JAZZ"),
                                   QStringLiteral("Music (#8)")};
        QVERIFY2(playlist->resolve(texts), qPrintable(playlist->error()));
        // Then a text that is a row's label in its exact case names that row, as a plain label
        // written exactly does among rows that differ in case only
        QCOMPARE(playlist->match(texts.at(0)).key.toInt(), 9);
        // And written in neither row's case it names both, and is refused
        QVERIFY2(
            playlist->match(texts.at(1)).error.contains(playlists() + QStringLiteral(" 8")) &&
                playlist->match(texts.at(1)).error.contains(playlists() + QStringLiteral(" 9")),
            qPrintable(playlist->match(texts.at(1)).error));
        // And with one row to name, case is ignored, in the key form as in a plain label
        QCOMPARE(playlist->match(texts.at(2)).key.toInt(), 1);
        QCOMPARE(playlist->match(texts.at(3)).key.toInt(), 2);
        QCOMPARE(playlist->match(texts.at(4)).key.toInt(), 8);
    }

    void shouldReadANewRowBackAsTheGridShowsIt() {
        // Given a new playlist "Fresh", two new "Twin", not yet committed, and a stored "Jazz"
        const orm::RecordPtr fresh = newPlaylist(QStringLiteral("Fresh"));
        newPlaylist(QStringLiteral("Twin"));
        newPlaylist(QStringLiteral("Twin"));
        const auto playlist = playlistResolver();
        const QString shown = orm::Namesakes::newText(QStringLiteral("Fresh"));
        QCOMPARE(shown, QStringLiteral("Fresh (new)"));
        const QStringList texts = {shown, QStringLiteral("fresh (new)"),
                                   QStringLiteral("Twin (new)"), QStringLiteral("Jazz (new)")};
        QVERIFY2(playlist->resolve(texts), qPrintable(playlist->error()));
        // Then "Fresh (new)", as its cell reads, names that new row (case ignored)
        QVERIFY2(playlist->match(texts.at(0)).isValid(),
                 qPrintable(playlist->match(texts.at(0)).error));
        QCOMPARE(playlist->match(texts.at(0)).newParent, fresh);
        QCOMPARE(playlist->match(texts.at(1)).newParent, fresh);
        // And two new rows of one label cannot be told apart, nor is a stored row new
        QVERIFY2(
            playlist->match(texts.at(2))
                .error.contains(QStringLiteral("More than one new %1 is named \u201cTwin\u201d")
                                    .arg(playlists())),
            qPrintable(playlist->match(texts.at(2)).error));
        QVERIFY2(playlist->match(texts.at(3))
                     .error.contains(
                         QStringLiteral("No new %1 is named \u201cJazz\u201d").arg(playlists())),
                 qPrintable(playlist->match(texts.at(3)).error));
    }

    void shouldBuildARowsLabelOneWayForEveryReader() {
        // Given employee 3, Jane Peacock (named by first and last name), renamed Jo but not
        // committed
        const orm::Table &employees = *m_metadata->table(QStringLiteral("employees"));
        const orm::RecordPtr jane = m_session->get(employees, 3);
        QVERIFY(jane);
        QVERIFY(jane->setValue(QStringLiteral("first_name"), QStringLiteral("Jo")));
        // Then the label is every label column, staged or stored, as the grid shows it
        QCOMPARE(jane->displayText(), QStringLiteral("Jo Peacock"));
        QCOMPARE(orm::RowLabel::text(*jane), jane->displayText());
        QCOMPARE(orm::RowLabel::text(*jane, orm::RowLabel::Values::Stored),
                 QStringLiteral("Jane Peacock"));
        // And rows are grouped by their parts, so that two columns never read as one
        const QList<int> labels = employees.labelColumns();
        QCOMPARE(orm::RowLabel::groupKey(*jane, labels).split(QChar(0x1f)).size(), 2);
    }
};

QTEST_MAIN(TestSharedLabels)
#include "tst_sharedlabels.moc"
