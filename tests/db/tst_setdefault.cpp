// docs/contract.md §7 rule 2, ON DELETE SET DEFAULT: the database moves the rows that referred
// to a deleted row to the row their DEFAULT names, and refuses the DELETE when that row is not
// there once the delete is done — deleted in the same commit (chosen, or by the database's own
// cascade) or missing. SQLite (at the end of the statement) and PostgreSQL (in the action) refuse
// alike; each test runs the same SQL by hand on another connection to show what the database
// does, and checks that the preview says exactly that and the commit does exactly that. The same
// for ON UPDATE SET DEFAULT: a key edit's pending change names the row the referring rows move
// to, or why the database will refuse the edit.

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
        QVERIFY2(m_session->lastError().message().contains(QLatin1String("SET DEFAULT")),
                 qPrintable(m_session->lastError().message()));
        QCOMPARE(rows(), before);
        QVERIFY(m_session->hasChanges()); // nothing lost: the delete is still staged
        m_session->rollback();
    }

    /// Stores in regions keyed by a code (a key a user edits; SQLite never moves a generated
    /// one), ON UPDATE SET DEFAULT to 'NONE', "Unassigned": stores of a region whose code changes
    /// fall back there. North has two, South one. The schema is read again.
    bool addStores(const QStringList &more = {}) {
        QString error;
        const bool made =
            execAll(QStringList{
                        QStringLiteral("CREATE TABLE region (code TEXT PRIMARY KEY, name TEXT NOT "
                                       "NULL)"),
                        QStringLiteral("CREATE TABLE store (id INTEGER PRIMARY KEY, name TEXT NOT "
                                       "NULL, region_code TEXT NOT NULL DEFAULT 'NONE' REFERENCES "
                                       "region(code) ON UPDATE SET DEFAULT)"),
                        QStringLiteral("INSERT INTO region (code, name) VALUES ('NONE', "
                                       "'Unassigned'), ('N', 'North'), ('S', 'South')"),
                        QStringLiteral("INSERT INTO store (id, name, region_code) VALUES (1, "
                                       "'Leeds', 'N'), (2, 'York', 'N'), (3, 'Hull', 'S')")} +
                    more) &&
            reflectSchema(&error);
        if (!error.isEmpty())
            qWarning() << error;
        return made;
    }
    orm::RecordPtr region(const QString &code) {
        return m_session->get(table(QStringLiteral("region")), code);
    }
    /// Each store as "id:region", read independently.
    QString stores() {
        QStringList shown;
        for (const QVariantList &row :
             m_db->rows(QStringLiteral("SELECT id, region_code FROM store ORDER BY id")))
            shown << row.at(0).toString() + QLatin1Char(':') + row.at(1).toString();
        return shown.join(QLatin1Char(' '));
    }
    /// The pending change that lists the staged edit of `record`.
    orm::PendingChange changeOf(const orm::RecordPtr &record) {
        for (const orm::PendingChange &change : m_session->pendingChanges()) {
            if (change.record == record)
                return change;
        }
        return {};
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

    void aKeyEditMovesTheRowsOfAnUpdateSetDefaultToTheDefaultRowAsPreviewed() {
        QVERIFY(addStores());
        // Given North, whose stores fall back to Unassigned when its code changes (the database
        // agrees), one of them loaded
        QVERIFY(
            databaseAccepts({QStringLiteral("UPDATE region SET code = 'NO' WHERE code = 'N'")}));
        const orm::RecordPtr leeds = m_session->get(table(QStringLiteral("store")), 1);
        const orm::RecordPtr north = region(QStringLiteral("N"));
        QVERIFY(leeds && north);
        // When its code is edited
        QVERIFY(north->setValue(QStringLiteral("code"), QStringLiteral("NO")));
        // Then the pending changes say where its two stores go: the row by name, and the rule
        const orm::PendingChange change = changeOf(north);
        QVERIFY(!change.refusedByDatabase);
        QCOMPARE(change.databaseEffects.size(), 1);
        const QString effect = change.databaseEffects.first();
        QVERIFY2(effect.contains(QLatin1String("sets region_code to its default, region "
                                               "'Unassigned', in 2 rows of store")) &&
                     effect.contains(QLatin1String("ON UPDATE SET DEFAULT")),
                 qPrintable(effect));
        // And the commit does exactly that; the loaded store shows it, and its next edit is no
        // conflict
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(stores(), QStringLiteral("1:NONE 2:NONE 3:S"));
        QCOMPARE(leeds->value(QStringLiteral("region_code")).toString(), QStringLiteral("NONE"));
        QVERIFY(leeds->setValue(QStringLiteral("name"), QStringLiteral("Leeds Central")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
    }

    void aKeyEditWhoseUpdateSetDefaultRowIsMissingIsRefusedNamingItAndTheRule() {
        // Given Unassigned gone (no store was in it): South's store would fall back to a row that
        // is not there, and the database refuses the code edit
        QVERIFY(addStores({QStringLiteral("DELETE FROM region WHERE code = 'NONE'")}));
        QVERIFY(
            !databaseAccepts({QStringLiteral("UPDATE region SET code = 'SO' WHERE code = 'S'")}));
        const orm::RecordPtr south = region(QStringLiteral("S"));
        QVERIFY(south->setValue(QStringLiteral("code"), QStringLiteral("SO")));
        // Then the pending change says the database will refuse it, naming the row and the rule
        const orm::PendingChange change = changeOf(south);
        QVERIFY(change.refusedByDatabase);
        QCOMPARE(change.databaseEffects.size(), 1);
        const QString effect = change.databaseEffects.first();
        QVERIFY2(effect.contains(QLatin1String("1 row of store would be set to its default, "
                                               "region_code = NONE, but no row of region has code "
                                               "= NONE")) &&
                     effect.contains(QLatin1String("ON UPDATE SET DEFAULT")),
                 qPrintable(effect));
        // And the commit is refused, keeping the edit and changing nothing
        QVERIFY(!m_session->commit());
        QVERIFY(m_session->hasChanges());
        QCOMPARE(stores(), QStringLiteral("1:N 2:N 3:S"));
    }

    void editingTheDefaultRowsOwnKeyIsRefusedNamingIt() {
        // Given a store already Unassigned: editing that region's code would set the store to
        // 'NONE' again, which is then gone
        QVERIFY(addStores({QStringLiteral("INSERT INTO store (id, name, region_code) VALUES (4, "
                                          "'Bath', 'NONE')")}));
        QVERIFY(!databaseAccepts(
            {QStringLiteral("UPDATE region SET code = 'NIL' WHERE code = 'NONE'")}));
        const orm::RecordPtr unassigned = region(QStringLiteral("NONE"));
        QVERIFY(unassigned->setValue(QStringLiteral("code"), QStringLiteral("NIL")));
        const orm::PendingChange change = changeOf(unassigned);
        QVERIFY(change.refusedByDatabase);
        QCOMPARE(change.databaseEffects.size(), 1);
        QVERIFY2(change.databaseEffects.first().contains(
                     QLatin1String("region 'Unassigned' is the row edited, whose code changes")),
                 qPrintable(change.databaseEffects.first()));
    }
};

QTEST_GUILESS_MAIN(TestSetDefault)
#include "tst_setdefault.moc"
