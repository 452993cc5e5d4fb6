// docs/contract.md §7: a column that two foreign keys share, one simple and one composite. An
// invoice line refers to its invoice by invoice_id alone and to its slot in the delivery schedule
// by (invoice_id, line_no): editing invoice_id as a cell, or choosing another slot, moves the line
// under both parents at once, in memory and at commit; deleting an invoice, whose lines the
// database deletes along both paths (invoice → lines, invoice → schedule → lines), previews each
// line once — on SQLite and PostgreSQL.

#include "libraryfixture.h"
#include "orm/reflect.h"
#include "reflectedtest.h"

#include <QTest>

using namespace shelftest;

class TestSharedReferenceColumns : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    /// invoices ← schedule (invoice_id, line_no) ← lines, and invoices ← lines by invoice_id alone;
    /// every key ON DELETE CASCADE.
    QStringList schema() const {
        return {
            QStringLiteral("CREATE TABLE invoices (%1, number TEXT NOT NULL)").arg(generatedKey()),
            QStringLiteral("CREATE TABLE schedule (invoice_id INTEGER NOT NULL REFERENCES invoices "
                           "(id) ON DELETE CASCADE, line_no INTEGER NOT NULL, due TEXT NOT NULL, "
                           "PRIMARY KEY (invoice_id, line_no))"),
            QStringLiteral("CREATE TABLE products (%1, name TEXT NOT NULL)").arg(generatedKey()),
            QStringLiteral(
                "CREATE TABLE lines (%1, invoice_id INTEGER NOT NULL REFERENCES invoices (id) "
                "ON DELETE CASCADE, line_no INTEGER NOT NULL, product_id INTEGER REFERENCES "
                "products (id), FOREIGN KEY (invoice_id, line_no) REFERENCES schedule "
                "(invoice_id, line_no) ON DELETE CASCADE)")
                .arg(generatedKey()),
            QStringLiteral("INSERT INTO invoices (id, number) VALUES (1, 'A-1'), (2, 'A-2')"),
            QStringLiteral("INSERT INTO schedule (invoice_id, line_no, due) VALUES (1, 1, 'May'), "
                           "(1, 2, 'June'), (2, 1, 'July')"),
            QStringLiteral("INSERT INTO products (id, name) VALUES (1, 'Nails'), (2, 'Saw')"),
            QStringLiteral("INSERT INTO lines (id, invoice_id, line_no, product_id) VALUES "
                           "(10, 1, 1, 1), (11, 1, 2, 2), (12, 2, 1, 1)"),
        };
    }
    const orm::Relationship &relationship(const QString &parent) const {
        const orm::Relationship *found = m_metadata->relationship(parent, QStringLiteral("lines"));
        if (!found)
            qFatal("no relationship %s.lines", qPrintable(parent));
        return *found;
    }
    const orm::Relationship &ofInvoice() const { return relationship(QStringLiteral("invoices")); }
    const orm::Relationship &ofSlot() const { return relationship(QStringLiteral("schedule")); }
    orm::RecordPtr invoice(int id) { return m_session->get(table(QStringLiteral("invoices")), id); }
    orm::RecordPtr slot(int invoice, int number) {
        return m_session->get(table(QStringLiteral("schedule")), QVariantList{invoice, number});
    }
    orm::RecordPtr line(int id) { return m_session->get(table(QStringLiteral("lines")), id); }
    static QList<qint64> idsOf(const orm::RecordList &records) {
        QList<qint64> ids;
        for (const orm::RecordPtr &record : records)
            ids << record->value(QStringLiteral("id")).toLongLong();
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    QVariantList storedLine(int id) {
        return m_db
            ->rows(QStringLiteral("SELECT invoice_id, line_no FROM lines WHERE id = ?"), {id})
            .value(0);
    }

private Q_SLOTS:
    void init() {
        QVERIFY2(createDatabase(), qPrintable(m_db->errorString()));
        QVERIFY(execAll(schema()));
        QString error;
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    void cleanup() { closeDatabase(); }

    void bothKeysAreRelationshipsThroughTheSharedColumn() {
        // Given the reflected schema
        const orm::Table &lines = table(QStringLiteral("lines"));
        const int invoiceId = lines.columnIndex(QStringLiteral("invoice_id"));
        const int lineNo = lines.columnIndex(QStringLiteral("line_no"));
        // Then invoice_id is the whole of one key and the first column of the other
        QCOMPARE(ofInvoice().foreignKeyColumns, QList<int>{invoiceId});
        QCOMPARE(ofSlot().foreignKeyColumns, (QList<int>{invoiceId, lineNo}));
        QVERIFY(ofInvoice().isSimple());
        QVERIFY(!ofSlot().isSimple());
        QCOMPARE(lines.parentRelationships().size(), 3); // and the product's
        // A cell of invoice_id edits the simple reference; line_no none of its own
        QCOMPARE(lines.relationshipForColumn(invoiceId), &ofInvoice());
        QVERIFY(!lines.relationshipForColumn(lineNo));
        // And each finds its own parent of line 12
        const orm::RecordPtr twelve = line(12);
        QVERIFY(twelve);
        QCOMPARE(twelve->parent(ofInvoice()), invoice(2));
        QCOMPARE(twelve->parent(ofSlot()), slot(2, 1));
        QCOMPARE(idsOf(invoice(1)->children(ofInvoice())), (QList<qint64>{10, 11}));
        QCOMPARE(idsOf(slot(1, 2)->children(ofSlot())), QList<qint64>{11});
    }

    void editingTheSharedColumnMovesTheLineUnderBothParents() {
        // Given line 12 of invoice 2 in slot (2, 1), every collection loaded
        const orm::RecordPtr twelve = line(12);
        const int invoiceId =
            table(QStringLiteral("lines")).columnIndex(QStringLiteral("invoice_id"));
        QCOMPARE(idsOf(invoice(1)->children(ofInvoice())), (QList<qint64>{10, 11}));
        QCOMPARE(idsOf(invoice(2)->children(ofInvoice())), QList<qint64>{12});
        QCOMPARE(idsOf(slot(1, 1)->children(ofSlot())), QList<qint64>{10});
        QCOMPARE(idsOf(slot(2, 1)->children(ofSlot())), QList<qint64>{12});

        // When its invoice_id is set to 1, as a cell edits it
        QVERIFY(twelve->setValue(invoiceId, 1));

        // Then it is invoice 1's line in slot (1, 1), and no longer invoice 2's or slot (2, 1)'s
        QCOMPARE(twelve->parent(ofInvoice()), invoice(1));
        QCOMPARE(twelve->parent(ofSlot()), slot(1, 1));
        QCOMPARE(idsOf(invoice(1)->children(ofInvoice())), (QList<qint64>{10, 11, 12}));
        QVERIFY(invoice(2)->children(ofInvoice()).isEmpty());
        QCOMPARE(idsOf(slot(1, 1)->children(ofSlot())), (QList<qint64>{10, 12}));
        QVERIFY(slot(2, 1)->children(ofSlot()).isEmpty());
        QCOMPARE(storedLine(12), (QVariantList{2, 1})); // nothing written yet
        // And commit writes it, and memory agrees
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(storedLine(12).value(0).toLongLong(), 1);
        QCOMPARE(storedLine(12).value(1).toLongLong(), 1);
        QVERIFY(!twelve->hasChanges());
        QCOMPARE(twelve->parent(ofSlot()), slot(1, 1));
    }

    void choosingAnotherSlotMovesTheLineToThatSlotsInvoice() {
        // Given line 11 of invoice 1 in slot (1, 2), both collections loaded
        const orm::RecordPtr eleven = line(11);
        QCOMPARE(idsOf(invoice(1)->children(ofInvoice())), (QList<qint64>{10, 11}));
        QCOMPARE(idsOf(invoice(2)->children(ofInvoice())), QList<qint64>{12});

        // When slot (2, 1) is chosen for it
        QVERIFY(eleven->setParent(ofSlot(), slot(2, 1)));

        // Then both columns are staged, and its invoice follows the shared column to invoice 2
        QCOMPARE(eleven->value(QStringLiteral("invoice_id")).toLongLong(), 2);
        QCOMPARE(eleven->value(QStringLiteral("line_no")).toLongLong(), 1);
        QCOMPARE(eleven->parent(ofInvoice()), invoice(2));
        QCOMPARE(idsOf(invoice(1)->children(ofInvoice())), QList<qint64>{10});
        QCOMPARE(idsOf(invoice(2)->children(ofInvoice())), (QList<qint64>{11, 12}));
        QCOMPARE(idsOf(slot(2, 1)->children(ofSlot())), (QList<qint64>{11, 12}));
        QVERIFY(slot(1, 2)->children(ofSlot()).isEmpty());
        // And commit writes both columns
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(storedLine(11).value(0).toLongLong(), 2);
        QCOMPARE(storedLine(11).value(1).toLongLong(), 1);
        QVERIFY(!eleven->hasChanges());
    }

    void deletingAnInvoicePreviewsEachOfItsLinesOnce() {
        // Given invoice 1, whose lines the database deletes along two paths: with the invoice,
        // and with its slots
        const orm::RecordPtr first = invoice(1);
        QVERIFY(first);

        // When its delete is previewed
        const orm::DeletePreview preview = m_session->previewDelete(first);

        // Then nothing blocks it, and the database's effects count its 2 slots and 2 lines, not
        // the lines twice
        QVERIFY(preview.blockers.isEmpty());
        QMap<QString, qint64> effects;
        for (const orm::DeletePreview::DatabaseEffect &effect : preview.databaseEffects)
            effects[effect.table] += effect.rows;
        QCOMPARE(effects.value(QStringLiteral("schedule")), 2);
        QCOMPARE(effects.value(QStringLiteral("lines")), 2);
        // And commit does exactly that
        QVERIFY(m_session->remove(first));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM schedule")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM lines")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM lines WHERE id = 12")), 1);
    }
};

QTEST_GUILESS_MAIN(TestSharedReferenceColumns)
#include "tst_sharedreferencecolumns.moc"
