// StatementBuilder::sharedByAnotherRow(): the rows whose label another row of the same table also
// has (two playlists called "Music", two employees "Jane Park"), found in the database in one
// query — what the grid asks once per page to tell foreign-key cells apart (ui::Namesakes). Run
// on both backends: on PostgreSQL the table is schema-qualified, and the condition refers to it
// from inside its own subquery.

#include "libraryfixture.h"
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
};

QTEST_MAIN(TestSharedLabels)
#include "tst_sharedlabels.moc"
