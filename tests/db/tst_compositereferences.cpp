// docs/contract.md §7: every reflected foreign key is a relationship, whatever its number of
// columns and whichever unique key of the parent it refers to. A shop's invoice lines are keyed by
// (invoice_id, line_no); shipments and returns refer to a line by both columns, payments to an
// invoice by its unique number. The parent's collection holds exactly the rows that match every
// column, the child's reference finds its parent by all of them, setting it stages and commits
// them all, a new parent and its new children go in one commit, and deletes still follow the
// database's declared ON DELETE — on SQLite and PostgreSQL.

#include "libraryfixture.h"
#include "orm/reflect.h"
#include "reflectedtest.h"

#include <QTest>

using namespace shelftest;

class TestCompositeReferences : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    /// invoices ← invoice_lines (invoice_id, line_no) ← shipments (RESTRICT) and returns (two
    /// keys to the lines: the returned one, CASCADE, and its replacement); payments → invoices by
    /// number.
    QStringList schema() const {
        return {
            QStringLiteral("CREATE TABLE invoices (%1, number TEXT NOT NULL UNIQUE)")
                .arg(generatedKey()),
            QStringLiteral("CREATE TABLE invoice_lines (invoice_id INTEGER NOT NULL REFERENCES "
                           "invoices (id) ON DELETE CASCADE ON UPDATE CASCADE, line_no INTEGER "
                           "NOT NULL, product TEXT NOT NULL, PRIMARY KEY (invoice_id, line_no))"),
            QStringLiteral(
                "CREATE TABLE shipments (%1, invoice_id INTEGER, line_no INTEGER, "
                "carrier TEXT NOT NULL, FOREIGN KEY (invoice_id, line_no) REFERENCES "
                "invoice_lines (invoice_id, line_no) ON DELETE RESTRICT ON UPDATE CASCADE)")
                .arg(generatedKey()),
            QStringLiteral(
                "CREATE TABLE returns (%1, invoice_id INTEGER NOT NULL, line_no INTEGER "
                "NOT NULL, replacement_line_no INTEGER, reason TEXT NOT NULL, "
                "FOREIGN KEY (invoice_id, line_no) REFERENCES invoice_lines (invoice_id, "
                "line_no) ON DELETE CASCADE, FOREIGN KEY (invoice_id, "
                "replacement_line_no) REFERENCES invoice_lines (invoice_id, line_no))")
                .arg(generatedKey()),
            QStringLiteral("CREATE TABLE payments (%1, invoice_number TEXT NOT NULL REFERENCES "
                           "invoices (number), amount INTEGER NOT NULL)")
                .arg(generatedKey()),
            // Keys 1 and 2 from the database itself: a later new invoice takes the next one.
            QStringLiteral("INSERT INTO invoices (number) VALUES ('A-1')"),
            QStringLiteral("INSERT INTO invoices (number) VALUES ('A-2')"),
            QStringLiteral("INSERT INTO invoice_lines (invoice_id, line_no, product) VALUES "
                           "(1, 1, 'Nails'), (1, 2, 'Hammer'), (2, 1, 'Saw'), (2, 2, 'Drill')"),
            // Line (1, 2) has shipments 10 and 11; 12 shares only its invoice, 13 only its number.
            QStringLiteral("INSERT INTO shipments (id, invoice_id, line_no, carrier) VALUES "
                           "(10, 1, 2, 'DHL'), (11, 1, 2, 'UPS'), (12, 1, 1, 'DPD'), "
                           "(13, 2, 2, 'GLS')"),
            QStringLiteral("INSERT INTO returns (id, invoice_id, line_no, replacement_line_no, "
                           "reason) VALUES (20, 1, 1, 2, 'bent'), (21, 2, 1, NULL, 'blunt')"),
            QStringLiteral("INSERT INTO payments (id, invoice_number, amount) VALUES "
                           "(30, 'A-1', 5), (31, 'A-2', 7), (32, 'A-1', 3)"),
        };
    }
    const orm::Relationship &relationship(const QString &parent, const QString &name) const {
        const orm::Relationship *found = m_metadata->relationship(parent, name);
        if (!found)
            qFatal("no relationship %s.%s", qPrintable(parent), qPrintable(name));
        return *found;
    }
    const orm::Relationship &shipmentsOfLine() const {
        return relationship(QStringLiteral("invoice_lines"), QStringLiteral("shipments"));
    }
    orm::RecordPtr line(int invoice, int number) {
        return m_session->get(table(QStringLiteral("invoice_lines")),
                              QVariantList{invoice, number});
    }
    orm::RecordPtr row(const QString &tableName, int id) {
        return m_session->get(table(tableName), id);
    }
    static QList<qint64> idsOf(const orm::RecordList &records) {
        QList<qint64> ids;
        for (const orm::RecordPtr &record : records)
            ids << record->value(QStringLiteral("id")).toLongLong();
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    QVariantList shipmentRow(int id) {
        const QList<QVariantList> rows = m_db->rows(
            QStringLiteral("SELECT invoice_id, line_no FROM shipments WHERE id = ?"), {id});
        return rows.isEmpty() ? QVariantList{} : rows.first();
    }

private Q_SLOTS:
    void init() {
        QVERIFY2(createDatabase(), qPrintable(m_db->errorString()));
        QVERIFY(execAll(schema()));
        QString error;
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    void cleanup() { closeDatabase(); }

    void aTwoColumnForeignKeyIsARelationshipThroughBothColumns() {
        // Given the reflected shop
        const orm::Relationship &shipments = shipmentsOfLine();
        const orm::Table &lines = table(QStringLiteral("invoice_lines"));
        const orm::Table &shipmentTable = table(QStringLiteral("shipments"));
        // Then the child's columns and the parent's, in key order, and the database's rules
        QCOMPARE(shipments.foreignKeyColumns,
                 (QList<int>{shipmentTable.columnIndex(QStringLiteral("invoice_id")),
                             shipmentTable.columnIndex(QStringLiteral("line_no"))}));
        QCOMPARE(shipments.referencedColumns, lines.primaryKeyColumns());
        QCOMPARE(shipments.backrefName, QStringLiteral("invoice_lines"));
        QVERIFY(shipments.followsDatabase);
        QVERIFY(shipments.foreignKey && shipments.foreignKey->onDelete == orm::OnDelete::Restrict);
        QVERIFY(shipments.foreignKeyNullable());
        QVERIFY(lines.childRelationships().contains(&shipments));
        QVERIFY(shipmentTable.parentRelationships().contains(&shipments));
        // A cell edits one column: no composite reference answers for one of them.
        QVERIFY(!shipmentTable.relationshipForColumn(shipments.foreignKeyColumns.first()));
        // And the key to another unique column is a relationship too.
        const orm::Relationship &payments =
            relationship(QStringLiteral("invoices"), QStringLiteral("payments"));
        QCOMPARE(
            payments.referencedColumns,
            QList<int>{table(QStringLiteral("invoices")).columnIndex(QStringLiteral("number"))});
        QVERIFY(!payments.refersToPrimaryKey());
    }

    void twoCompositeKeysToOneTableAreNamedAfterTheirColumns() {
        const orm::Relationship &returned = relationship(
            QStringLiteral("invoice_lines"), QStringLiteral("returns (invoice_id, line_no)"));
        const orm::Relationship &replacement =
            relationship(QStringLiteral("invoice_lines"),
                         QStringLiteral("returns (invoice_id, replacement_line_no)"));
        QCOMPARE(returned.backrefName, QStringLiteral("invoice_lines (invoice_id, line_no)"));
        QCOMPARE(replacement.backrefName,
                 QStringLiteral("invoice_lines (invoice_id, replacement_line_no)"));
        QVERIFY(&returned != &replacement);
        QVERIFY(
            !m_metadata->relationship(QStringLiteral("invoice_lines"), QStringLiteral("returns")));
        // Each follows its own columns: return 20 is of line (1, 1) and replaced by line (1, 2).
        const orm::RecordPtr bent = row(QStringLiteral("returns"), 20);
        QVERIFY(bent);
        QCOMPARE(bent->parent(returned), line(1, 1));
        QCOMPARE(bent->parent(replacement), line(1, 2));
        QCOMPARE(idsOf(line(1, 2)->children(replacement)), QList<qint64>{20});
        QVERIFY(line(1, 2)->children(returned).isEmpty());
        QVERIFY(!row(QStringLiteral("returns"), 21)->parent(replacement)); // a NULL column
    }

    void theLastParentChosenDecidesAColumnTwoReferencesShare() {
        const orm::Relationship &returned = relationship(
            QStringLiteral("invoice_lines"), QStringLiteral("returns (invoice_id, line_no)"));
        const orm::Relationship &replacement =
            relationship(QStringLiteral("invoice_lines"),
                         QStringLiteral("returns (invoice_id, replacement_line_no)"));
        // Given return 20 of line (1, 1), its replacement set to line (1, 1) as well
        const orm::RecordPtr bent = row(QStringLiteral("returns"), 20);
        QVERIFY(bent && bent->setParent(replacement, line(1, 1)));
        QCOMPARE(bent->parent(replacement), line(1, 1));
        // When the returned line is then set to line (2, 1): invoice_id, which both references
        // hold, becomes 2
        QVERIFY(bent->setParent(returned, line(2, 1)));
        // Then the replacement follows the values (line (2, 1) now), in memory and at commit: the
        // line chosen first does not write its invoice back over the one chosen last
        QCOMPARE(bent->parent(returned), line(2, 1));
        QCOMPARE(bent->parent(replacement), line(2, 1));
        QVERIFY(!idsOf(line(1, 1)->children(replacement)).contains(20));
        QVERIFY(idsOf(line(2, 1)->children(replacement)).contains(20));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(m_db->rows(QStringLiteral("SELECT invoice_id, line_no, replacement_line_no FROM "
                                           "returns WHERE id = 20"))
                     .value(0),
                 (QVariantList{2, 1, 1}));
    }

    void theCollectionListsExactlyTheRowsThatMatchBothColumns() {
        // Given line (1, 2), whose invoice shipment 12 shares and whose number shipment 13 does
        const orm::RecordPtr hammer = line(1, 2);
        QVERIFY2(hammer, qPrintable(m_session->lastError().fullText()));
        // Then its shipments are 10 and 11 only
        QCOMPARE(idsOf(hammer->children(shipmentsOfLine())), (QList<qint64>{10, 11}));
        QCOMPARE(idsOf(line(2, 2)->children(shipmentsOfLine())), QList<qint64>{13});
        QVERIFY(line(2, 1)->children(shipmentsOfLine()).isEmpty());
        // Loaded for many lines at once, each line still gets its own
        const orm::RecordList lines = m_session->query(table(QStringLiteral("invoice_lines")));
        QCOMPARE(lines.size(), 4);
        QVERIFY(m_session->loadChildren(lines, shipmentsOfLine()));
        QCOMPARE(idsOf(line(1, 1)->children(shipmentsOfLine())), QList<qint64>{12});
    }

    void theReferenceFindsTheParentByBothColumnsStagedValuesWinning() {
        const orm::RecordPtr dpd = row(QStringLiteral("shipments"), 12);
        QVERIFY(dpd);
        const orm::RecordPtr nails = dpd->parent(shipmentsOfLine());
        QVERIFY(nails);
        QCOMPARE(nails->value(QStringLiteral("product")).toString(), QStringLiteral("Nails"));
        QCOMPARE(nails, line(1, 1)); // the one record of the identity map
        // When one column is edited as a value, the reference and both collections follow it
        const orm::RecordPtr hammer = line(1, 2);
        QCOMPARE(hammer->children(shipmentsOfLine()).size(), 2);
        QVERIFY(nails->children(shipmentsOfLine()).contains(dpd));
        QVERIFY(dpd->setValue(QStringLiteral("line_no"), 2));
        QCOMPARE(dpd->parent(shipmentsOfLine()), hammer);
        QVERIFY(hammer->children(shipmentsOfLine()).contains(dpd));
        QVERIFY(!nails->children(shipmentsOfLine()).contains(dpd));
        // A reference to another unique key is found by its value
        const orm::RecordPtr payment = row(QStringLiteral("payments"), 31);
        const orm::RecordPtr invoice =
            payment->parent(relationship(QStringLiteral("invoices"), QStringLiteral("payments")));
        QVERIFY(invoice);
        QCOMPARE(invoice->value(QStringLiteral("number")).toString(), QStringLiteral("A-2"));
        QCOMPARE(idsOf(row(QStringLiteral("invoices"), 1)
                           ->children(relationship(QStringLiteral("invoices"),
                                                   QStringLiteral("payments")))),
                 (QList<qint64>{30, 32}));
    }

    void settingTheReferenceStagesAndCommitsBothColumns() {
        // Given shipment 10 of line (1, 2)
        const orm::RecordPtr dhl = row(QStringLiteral("shipments"), 10);
        const orm::RecordPtr saw = line(2, 1);
        QVERIFY(dhl && saw);
        // When it is sent for line (2, 1)
        QVERIFY(dhl->setParent(shipmentsOfLine(), saw));
        // Then both columns are staged, nothing is written yet
        QCOMPARE(dhl->value(QStringLiteral("invoice_id")).toLongLong(), 2);
        QCOMPARE(dhl->value(QStringLiteral("line_no")).toLongLong(), 1);
        QCOMPARE(shipmentRow(10), (QVariantList{1, 2}));
        QVERIFY(saw->children(shipmentsOfLine()).contains(dhl));
        QVERIFY(!line(1, 2)->children(shipmentsOfLine()).contains(dhl));
        // And commit writes both
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(shipmentRow(10).value(0).toLongLong(), 2);
        QCOMPARE(shipmentRow(10).value(1).toLongLong(), 1);
        // When the reference is set to none, both nullable columns go NULL
        QVERIFY(dhl->setParent(shipmentsOfLine(), nullptr));
        QVERIFY(dhl->value(QStringLiteral("invoice_id")).isNull());
        QVERIFY(dhl->value(QStringLiteral("line_no")).isNull());
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        const QVariantList stored = shipmentRow(10);
        QCOMPARE(stored.size(), 2);
        QVERIFY(stored.at(0).isNull() && stored.at(1).isNull());
        QVERIFY(!dhl->parent(shipmentsOfLine()));
    }

    void aNewParentAndItsNewChildrenAreCommittedTogether() {
        // Given a new invoice (its key made by the database), a new line of it and a shipment of
        // that line, linked only through their references
        const orm::RecordPtr invoice = table(QStringLiteral("invoices")).createRecord();
        QVERIFY(invoice->setValue(QStringLiteral("number"), QStringLiteral("A-3")));
        const orm::RecordPtr newLine = table(QStringLiteral("invoice_lines")).createRecord();
        QVERIFY(newLine->setValue(QStringLiteral("line_no"), 1));
        QVERIFY(newLine->setValue(QStringLiteral("product"), QStringLiteral("Glue")));
        QVERIFY(newLine->setParent(
            relationship(QStringLiteral("invoices"), QStringLiteral("invoice_lines")), invoice));
        const orm::RecordPtr shipment = table(QStringLiteral("shipments")).createRecord();
        QVERIFY(shipment->setValue(QStringLiteral("carrier"), QStringLiteral("FedEx")));
        QVERIFY(shipment->setParent(shipmentsOfLine(), newLine));
        m_session->add(shipment); // save-update along the references adds line and invoice
        QCOMPARE(newLine->session(), m_session.get());
        QCOMPARE(invoice->session(), m_session.get());
        // When committed
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        // Then the shipment holds the invoice's new key and the line's number
        const qint64 invoiceId = invoice->value(QStringLiteral("id")).toLongLong();
        QVERIFY(invoiceId > 2);
        const qint64 shipmentId = shipment->value(QStringLiteral("id")).toLongLong();
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT invoice_id FROM shipments WHERE id = ?"),
                              {shipmentId})
                     .toLongLong(),
                 invoiceId);
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT line_no FROM shipments WHERE id = ?"), {shipmentId})
                .toLongLong(),
            1);
        QCOMPARE(shipment->value(QStringLiteral("invoice_id")).toLongLong(), invoiceId);
        QCOMPARE(shipment->parent(shipmentsOfLine()), newLine);
        QCOMPARE(idsOf(newLine->children(shipmentsOfLine())), QList<qint64>{shipmentId});
    }

    void aKeyEditOfTheParentCascadesToBothColumnsOfItsLoadedChildren() {
        // Given line (2, 2) and its shipment in memory (ON UPDATE CASCADE)
        const orm::RecordPtr drill = line(2, 2);
        const orm::RecordList shipped = drill->children(shipmentsOfLine());
        QCOMPARE(idsOf(shipped), QList<qint64>{13});
        const orm::RecordPtr gls = shipped.first();
        // When the line is renumbered
        QVERIFY(drill->setValue(QStringLiteral("line_no"), 5));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        // Then the database moved the shipment, and memory agrees without reading it again
        QCOMPARE(count(QStringLiteral(
                     "SELECT count(*) FROM shipments WHERE invoice_id = 2 AND line_no = 5")),
                 1);
        QCOMPARE(gls->value(QStringLiteral("line_no")).toLongLong(), 5);
        QVERIFY(!gls->hasChanges());
        QVERIFY(gls->parent(shipmentsOfLine()) == drill);
        QVERIFY(line(2, 5) == drill);
    }

    void theDeletePreviewFollowsTheDatabasesActions() {
        // Line (1, 2) has two shipments (RESTRICT) and replaces a return (NO ACTION): each key
        // blocks its delete, with its own rows counted by both columns
        const orm::RecordPtr hammer = line(1, 2);
        orm::DeletePreview preview = m_session->previewDelete(hammer);
        QCOMPARE(preview.blockers.size(), 2);
        QMap<QString, qint64> blocking;
        for (const orm::DeletePreview::Blocker &blocker : std::as_const(preview.blockers)) {
            QVERIFY(blocker.blocked == hammer);
            blocking.insert(blocker.table->name(), blocker.rows);
        }
        QCOMPARE(blocking.value(QStringLiteral("shipments")), 2);
        QCOMPARE(blocking.value(QStringLiteral("returns")), 1);
        QVERIFY(m_session->remove(hammer));
        QVERIFY(!m_session->commit()); // the database refuses it, as previewed
        m_session->rollback();
        // Line (2, 1) has a return (CASCADE), which the database deletes with it
        const orm::RecordPtr saw = line(2, 1);
        preview = m_session->previewDelete(saw);
        QVERIFY(preview.blockers.isEmpty());
        QCOMPARE(preview.databaseEffects.size(), 1);
        QCOMPARE(preview.databaseEffects.first().table, QStringLiteral("returns"));
        QCOMPARE(preview.databaseEffects.first().rows, 1);
        // And commit does exactly that
        QVERIFY(m_session->remove(saw));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM returns WHERE id = 21")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM returns")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM shipments")), 4);
    }

    void aReferenceToAnotherUniqueKeyFindsItsParentAmongManyLoadedOnes() {
        // Given 300 more invoices, every one loaded, and payment 31 of invoice A-2
        QStringList numbers;
        for (int i = 1; i <= 300; ++i)
            numbers << QStringLiteral("('B-%1')").arg(i);
        QVERIFY(execAll({QStringLiteral("INSERT INTO invoices (number) VALUES ") +
                         numbers.join(QStringLiteral(", "))}));
        const orm::Relationship &payments =
            relationship(QStringLiteral("invoices"), QStringLiteral("payments"));
        const orm::RecordList invoices = m_session->query(table(QStringLiteral("invoices")));
        QCOMPARE(invoices.size(), 302);
        const auto loadedParent = [&](const QString &number) {
            return m_session->findLoadedParent(payments,
                                               payments.parentKeyOf(QVariantList{number}));
        };
        // Then each number finds its invoice among them, a number no invoice has none
        for (const orm::RecordPtr &invoice : invoices)
            QCOMPARE(loadedParent(invoice->value(QStringLiteral("number")).toString()), invoice);
        QVERIFY(!loadedParent(QStringLiteral("Z-1")));
        // And a payment moved by its column from invoice to invoice follows each
        const orm::RecordPtr payment = row(QStringLiteral("payments"), 31);
        const orm::RecordPtr a2 = loadedParent(QStringLiteral("A-2"));
        QVERIFY(payment && a2);
        QCOMPARE(idsOf(a2->children(payments)), QList<qint64>{31});
        const int column =
            table(QStringLiteral("payments")).columnIndex(QStringLiteral("invoice_number"));
        for (int i = 1; i <= 300; i += 37) {
            const QString number = QStringLiteral("B-%1").arg(i);
            QVERIFY(payment->setValue(column, number));
            QCOMPARE(payment->parent(payments), loadedParent(number));
        }
        QVERIFY(a2->children(payments).isEmpty());
        QCOMPARE(idsOf(loadedParent(QStringLiteral("B-297"))->children(payments)),
                 QList<qint64>{31});

        // When an invoice's number is edited (staged): the new number finds it, the old none
        const orm::RecordPtr b7 = loadedParent(QStringLiteral("B-7"));
        QVERIFY(b7 && b7->setValue(QStringLiteral("number"), QStringLiteral("B-7x")));
        QCOMPARE(loadedParent(QStringLiteral("B-7x")), b7);
        QVERIFY(!loadedParent(QStringLiteral("B-7")));
        QVERIFY(payment->setValue(column, QStringLiteral("B-7x")));
        QCOMPARE(payment->parent(payments), b7);
        // When it is rolled back: the old number finds it again, the new one none
        m_session->rollback();
        QCOMPARE(loadedParent(QStringLiteral("B-7")), b7);
        QVERIFY(!loadedParent(QStringLiteral("B-7x")));
        // When a new invoice is committed: its number finds it once it is stored
        const orm::RecordPtr fresh = m_session->createRecord(table(QStringLiteral("invoices")));
        QVERIFY(fresh->setValue(QStringLiteral("number"), QStringLiteral("C-1")));
        m_session->add(fresh);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(loadedParent(QStringLiteral("C-1")), fresh);
        // And one the session lets go of is found no more
        QVERIFY(m_session->remove(fresh));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QVERIFY(!loadedParent(QStringLiteral("C-1")));
    }
};

QTEST_GUILESS_MAIN(TestCompositeReferences)
#include "tst_compositereferences.moc"
