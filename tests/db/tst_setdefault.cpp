// docs/contract.md §7 rule 2, ON DELETE SET DEFAULT: the database moves the rows that referred
// to a deleted row to the row their DEFAULT names, and refuses the DELETE when that row is not
// there once the delete is done — deleted in the same commit (chosen, or by the database's own
// cascade) or missing. SQLite (at the end of the statement) and PostgreSQL (in the action) refuse
// alike; each test runs the same SQL by hand on another connection to show what the database
// does, and checks that the preview says exactly that and the commit does exactly that.

#include "libraryfixture.h"
#include "orm/dependentscollector.h"
#include "reflectedtest.h"

#include <QTest>

using namespace shelftest;

namespace {

/// A shop's shelves, categories and products: a product whose category goes falls back to
/// category 1, "Uncategorised".
const QStringList Schema = {
    QStringLiteral("CREATE TABLE shelf (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
    QStringLiteral("CREATE TABLE category (id INTEGER PRIMARY KEY, name TEXT NOT NULL, shelf_id "
                   "INTEGER REFERENCES shelf(id) ON DELETE CASCADE)"),
    QStringLiteral("CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                   "category_id INTEGER NOT NULL DEFAULT 1 REFERENCES category(id) ON DELETE SET "
                   "DEFAULT)"),
    QStringLiteral("INSERT INTO shelf (id, name) VALUES (1, 'Front'), (2, 'Back')"),
    QStringLiteral("INSERT INTO category (id, name, shelf_id) VALUES (1, 'Uncategorised', 1), "
                   "(2, 'Music', 2), (3, 'Books', 1)"),
    QStringLiteral("INSERT INTO product (id, name, category_id) VALUES (1, 'Pen', 1), "
                   "(2, 'Vinyl', 2), (3, 'CD', 2), (4, 'Novel', 3)"),
};

QString describe(const orm::DeletePreview &preview) {
    QStringList lines;
    for (const auto &effect : preview.databaseEffects)
        lines << QStringLiteral("effect: ") + effect.reason;
    for (const auto &blocker : preview.blockers)
        lines << QStringLiteral("blocker: ") + blocker.reason;
    if (!preview.error.isEmpty())
        lines << QStringLiteral("error: ") + preview.error;
    return lines.join(QLatin1Char('\n'));
}

qint64 setDefaultRows(const orm::DeletePreview &preview) {
    qint64 rows = 0;
    for (const auto &effect : preview.databaseEffects) {
        if (effect.table == QLatin1String("product") && effect.action == orm::OnDelete::SetDefault)
            rows += effect.rows;
    }
    return rows;
}

} // namespace

class TestSetDefault : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    orm::RecordPtr category(int id) {
        return m_session->get(table(QStringLiteral("category")), id);
    }
    /// Each product as "id:category", and the categories left: the rows, read independently.
    QString rows() {
        QStringList shown;
        for (const QVariantList &row :
             m_db->rows(QStringLiteral("SELECT id, category_id FROM product ORDER BY id")))
            shown << row.at(0).toString() + QLatin1Char(':') + row.at(1).toString();
        shown << QStringLiteral("|");
        for (const QVariantList &row :
             m_db->rows(QStringLiteral("SELECT id FROM category ORDER BY id")))
            shown << row.at(0).toString();
        return shown.join(QLatin1Char(' '));
    }
    /// What the database does with `statements` run by hand in a transaction that is rolled back
    /// afterwards: true when it accepts them all.
    bool databaseAccepts(const QStringList &statements) {
        if (!m_db->exec(QStringLiteral("BEGIN")))
            return false;
        bool accepted = true;
        for (const QString &statement : statements)
            accepted = accepted && m_db->exec(statement);
        if (!m_db->exec(QStringLiteral("ROLLBACK")))
            qWarning() << m_db->errorString();
        return accepted;
    }
    /// A delete the preview refuses: nothing is staged by the preview, and a commit of the staged
    /// delete is refused naming the rule, before anything is written.
    void expectRefusedCommit(const orm::RecordList &records, const QString &before) {
        QVERIFY(!m_session->hasChanges());
        QVERIFY(m_session->removeAll(records));
        QVERIFY(!m_session->commit());
        QCOMPARE(m_session->lastError().kind, orm::Error::Kind::Blocked);
        QVERIFY2(m_session->lastError().message.contains(QLatin1String("SET DEFAULT")),
                 qPrintable(m_session->lastError().message));
        QCOMPARE(rows(), before);
        QVERIFY(m_session->hasChanges()); // nothing lost: the delete is still staged
        m_session->rollback();
    }

private Q_SLOTS:
    void init() {
        QVERIFY2(createDatabase(), qPrintable(m_db->errorString()));
        QVERIFY(execAll(Schema));
        QString error;
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    void cleanup() { closeDatabase(); }

    void productsOfADeletedCategoryMoveToTheDefaultOneAsPreviewed() {
        // Given category 3, Books, whose novel falls back to category 1 (the database agrees)
        QVERIFY(
            databaseAccepts(QStringList() << QStringLiteral("DELETE FROM category WHERE id = 3")));
        const orm::RecordPtr books = category(3);
        QVERIFY(books);
        // When its delete is previewed
        const orm::DeletePreview preview = m_session->previewDelete(books);
        // Then it is not blocked, and the move names the row the novel goes to
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(setDefaultRows(preview), 1);
        QCOMPARE(preview.databaseEffects.size(), 1);
        QVERIFY2(preview.databaseEffects.first().reason.contains(QLatin1String("Uncategorised")),
                 qPrintable(describe(preview)));
        QVERIFY(!m_session->hasChanges());
        // And the commit does exactly that
        QVERIFY(m_session->remove(books));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(rows(), QStringLiteral("1:1 2:2 3:2 4:1 | 1 2"));
    }

    void deletingTheDefaultCategoryWithAnotherIsBlockedNamingItAndTheRule() {
        // Given categories 1 and 3 chosen together: the novel of 3 would move to 1, which goes
        // too, and the pen of 1 would "move" to 1 itself. The database refuses that.
        QVERIFY(!databaseAccepts(QStringList()
                                 << QStringLiteral("DELETE FROM category WHERE id IN (1, 3)")));
        QVERIFY(!databaseAccepts({QStringLiteral("DELETE FROM category WHERE id = 3"),
                                  QStringLiteral("DELETE FROM category WHERE id = 1")}));
        const QString before = rows();
        const orm::RecordList chosen = {category(1), category(3)};
        // When their delete is previewed
        const orm::DeletePreview preview = m_session->previewDelete(chosen);
        // Then it is blocked, once per category, naming the default row and the rule
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
        QCOMPARE(preview.blockers.size(), 2);
        QCOMPARE(setDefaultRows(preview), 0);
        for (const orm::DeletePreview::Blocker &blocker : preview.blockers) {
            QCOMPARE(blocker.table->name(), QStringLiteral("product"));
            QCOMPARE(blocker.rows, 1);
            QVERIFY2(blocker.reason.contains(QLatin1String("category_id = 1")) &&
                         blocker.reason.contains(QLatin1String("Uncategorised")) &&
                         blocker.reason.contains(QLatin1String("is deleted too")) &&
                         blocker.reason.contains(QLatin1String("ON DELETE SET DEFAULT")),
                     qPrintable(blocker.reason));
        }
        QSet<qint64> blocked;
        for (const orm::DeletePreview::Blocker &blocker : preview.blockers)
            blocked.insert(blocker.blocked->id().toLongLong());
        QCOMPARE(blocked, (QSet<qint64>{1, 3}));
        // And the commit is refused before anything is written
        expectRefusedCommit(chosen, before);
    }

    void deletingOnlyTheDefaultCategoryIsBlockedByItsOwnProducts() {
        // Given category 1 alone: its pen would be set to 1 again, which is gone
        QVERIFY(
            !databaseAccepts(QStringList() << QStringLiteral("DELETE FROM category WHERE id = 1")));
        const QString before = rows();
        const orm::DeletePreview preview = m_session->previewDelete(category(1));
        QCOMPARE(preview.blockers.size(), 1);
        QVERIFY2(preview.blockers.first().reason.contains(QLatin1String("is deleted too")),
                 qPrintable(describe(preview)));
        expectRefusedCommit({category(1)}, before);
    }

    void aDefaultRowThatIsMissingBlocks() {
        // Given category 1 gone long ago (nothing referred to it then)
        QVERIFY(m_db->exec(QStringLiteral("UPDATE product SET category_id = 2 WHERE id = 1")));
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM category WHERE id = 1")));
        QVERIFY(
            !databaseAccepts(QStringList() << QStringLiteral("DELETE FROM category WHERE id = 3")));
        const QString before = rows();
        // When category 3 is previewed: its novel would go to a category that is not there
        const orm::DeletePreview preview = m_session->previewDelete(category(3));
        QCOMPARE(preview.blockers.size(), 1);
        QVERIFY2(preview.blockers.first().reason.contains(QLatin1String("no row of category has "
                                                                        "id = 1")),
                 qPrintable(describe(preview)));
        expectRefusedCommit({category(3)}, before);
    }

    void aDefaultRowTheDatabaseCascadesToIsGoneToo() {
        // Given shelf 1, whose categories 1 and 3 the database deletes with it (ON DELETE
        // CASCADE): the novel would fall back to category 1, deleted by the same cascade
        QVERIFY(
            !databaseAccepts(QStringList() << QStringLiteral("DELETE FROM shelf WHERE id = 1")));
        const QString before = rows();
        const orm::RecordPtr front = m_session->get(table(QStringLiteral("shelf")), 1);
        const orm::DeletePreview preview = m_session->previewDelete(front);
        QVERIFY2(preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(setDefaultRows(preview), 0);
        qint64 blockingRows = 0;
        for (const orm::DeletePreview::Blocker &blocker : preview.blockers) {
            blockingRows += blocker.rows;
            QVERIFY2(blocker.reason.contains(QLatin1String("the database deletes")) &&
                         blocker.reason.contains(QLatin1String("through")),
                     qPrintable(blocker.reason));
        }
        QCOMPARE(blockingRows, 2); // the pen and the novel
        expectRefusedCommit({front}, before);
    }

    void productsStagedToMoveElsewhereFirstDoNotBlock() {
        // Given the pen and the novel staged to go to Music: the commit writes that before the
        // delete, so the database's cascade from shelf 1 leaves nothing to set to its default
        const orm::Table &products = table(QStringLiteral("product"));
        for (int id : {1, 4})
            QVERIFY(m_session->get(products, id)->setValue(QStringLiteral("category_id"), 2));
        const orm::RecordPtr front = m_session->get(table(QStringLiteral("shelf")), 1);
        const orm::DeletePreview preview = m_session->previewDelete(front);
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(setDefaultRows(preview), 0);
        QVERIFY(m_session->remove(front));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(rows(), QStringLiteral("1:2 2:2 3:2 4:2 | 2"));
    }

    void aCascadeThatMovesRowsToAStayingDefaultIsPreviewedAndCommitted() {
        // Given shelf 2: the database deletes Music with it and moves its records to category 1
        QVERIFY(databaseAccepts(QStringList() << QStringLiteral("DELETE FROM shelf WHERE id = 2")));
        const orm::RecordPtr back = m_session->get(table(QStringLiteral("shelf")), 2);
        const orm::DeletePreview preview = m_session->previewDelete(back);
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(setDefaultRows(preview), 2);
        QVERIFY(m_session->remove(back));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(rows(), QStringLiteral("1:1 2:1 3:1 4:3 | 1 3"));
    }

    void withDependentsDeletesTheProductsThatCannotMove() {
        // Given categories 1 and 3, blocked by the products that cannot fall back
        const orm::RecordList chosen = {category(1), category(3)};
        orm::DependentsCollector collector(*m_session);
        // When their dependents are collected: the pen and the novel are deleted with them
        QVERIFY2(collector.collect(chosen), qPrintable(describe(collector.preview())));
        QCOMPARE(collector.preview().deletedCount(QStringLiteral("product")), 2);
        QCOMPARE(setDefaultRows(collector.preview()), 0);
        // Then the commit does exactly that
        for (const orm::RecordPtr &record : collector.all())
            QVERIFY(m_session->remove(record));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(rows(), QStringLiteral("2:2 3:2 | 2"));
    }
};

QTEST_GUILESS_MAIN(TestSetDefault)
#include "tst_setdefault.moc"
