// orm::DependentsCollector: DeleteMode::WithDependents for a selection of records (docs/contract.md
// §7 rule 2) on a database Shelf did not create. Two customers, each kept by its invoices (ON
// DELETE RESTRICT), are previewed together with every blocking row, staged record by record as
// the window does, and committed: the preview is exactly what the commit deletes.

#include "libraryfixture.h"
#include "orm/dependentscollector.h"
#include "orm/reflect.h"
#include "realschemas.h"

#include <QSet>
#include <QTest>

using namespace shelftest;

class TestDependentsCollector : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::Metadata> m_metadata;
    std::unique_ptr<orm::Session> m_session;

    const orm::Table &table(const QString &name) const { return *m_metadata->table(name); }
    qint64 count(const QString &sql) { return m_db->scalar(sql).toLongLong(); }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        QVERIFY(createShopSchema(*m_db));
        QString error;
        QVERIFY2(seedShop(*m_db, &error), qPrintable(error));
        // A second customer with an invoice of its own, and a third with none.
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO customers (code, company_name) VALUES "
                                          "('BONAP', 'Bon app'), ('CHOPS', 'Chop-suey')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO invoices (id, customer_code, issued) "
                                          "VALUES (3, 'BONAP', '2026-11-03')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO invoice_lines (invoice_id, line_no, "
                                          "product, price, quantity) VALUES (3, 1, 'Jam', 1.10, "
                                          "4)")));
        // Shipments go back to line (1, 1) when their line goes (ON DELETE SET DEFAULT): not
        // what this suite is about.
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM shipments")));
        QVERIFY2(openReflected(*m_db, &m_metadata, &m_session, &error), qPrintable(error));
    }
    void cleanup() {
        m_session.reset();
        m_metadata.reset();
        m_db.reset();
    }

    void shouldPreviewTheBlockingRowsOfEverySelectedRecordAndCommitExactlyThat() {
        // Given three customers, two of them kept by their invoices
        const orm::Table &customers = table(QStringLiteral("customers"));
        const orm::RecordList chosen = {m_session->get(customers, QStringLiteral("ALFKI")),
                                        m_session->get(customers, QStringLiteral("BONAP")),
                                        m_session->get(customers, QStringLiteral("CHOPS"))};
        QVERIFY(m_session->previewDelete(chosen).isBlocked());

        // When their dependents are collected
        orm::DependentsCollector collector(*m_session);
        QVERIFY2(collector.collect(chosen), qPrintable(collector.preview().error));

        // Then the preview deletes the three customers and all three invoices (their lines by
        // the database's own cascade), blocks nothing, and stages nothing
        const orm::DeletePreview &preview = collector.preview();
        QVERIFY(!preview.isBlocked());
        QCOMPARE(preview.deletedCount(QStringLiteral("customers")), 3);
        QCOMPARE(preview.deletedCount(QStringLiteral("invoices")), 3);
        QCOMPARE(preview.root, chosen.first());
        QCOMPARE(collector.all().size(), 6);
        QCOMPARE(collector.all().mid(3), chosen); // dependents first, the chosen rows last
        int explained = 0;
        for (const orm::DeletePreview::Deleted &entry : preview.deleted) {
            if (entry.record->table().name() == QLatin1String("invoices")) {
                QVERIFY2(entry.reason.contains(QLatin1String("customer_code")),
                         qPrintable(entry.reason));
                ++explained;
            }
        }
        QCOMPARE(explained, 3);
        QVERIFY(!m_session->hasChanges());

        // When each chosen record is removed with its dependents, as the window stages it
        QSet<const orm::Record *> previewed;
        for (const orm::DeletePreview::Deleted &entry : preview.deleted)
            previewed.insert(entry.record.get());
        for (const orm::RecordPtr &record : chosen)
            QVERIFY2(m_session->remove(record, orm::DeleteMode::WithDependents),
                     qPrintable(m_session->lastError().fullText()));
        // Then exactly the previewed records are staged, and the commit deletes those rows
        QSet<const orm::Record *> staged;
        for (const orm::PendingChange &change : m_session->pendingChanges())
            staged.insert(change.record.get());
        QCOMPARE(staged, previewed);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 0);
    }

    void shouldReadTheBlockingRowsOfManyRecordsInAFewQueries() {
        // Given 120 more customers with two invoices each, all of them selected
        constexpr int Customers = 120;
        orm::RecordList chosen;
        for (int i = 0; i < Customers; ++i) {
            const QString code = QStringLiteral("C%1").arg(i, 3, 10, QLatin1Char('0'));
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO customers (code, company_name) VALUES "
                                              "(?, ?)"),
                               {code, QStringLiteral("Company %1").arg(i)}));
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO invoices (id, customer_code, issued) "
                                              "VALUES (?, ?, '2026-11-05'), (?, ?, '2026-11-06')"),
                               {100 + 2 * i, code, 101 + 2 * i, code}));
        }
        const orm::Table &customers = table(QStringLiteral("customers"));
        for (int i = 0; i < Customers; ++i)
            chosen << m_session->get(customers,
                                     QStringLiteral("C%1").arg(i, 3, 10, QLatin1Char('0')));
        // When their dependents are collected
        const quint64 before = m_session->statementCount();
        orm::DependentsCollector collector(*m_session);
        QVERIFY2(collector.collect(chosen), qPrintable(collector.preview().error));
        const quint64 statements = m_session->statementCount() - before;
        // Then all 240 invoices are in the delete, each explained by its own customer, read in a
        // number of queries that does not grow with the customers (chunks of parameters)
        QCOMPARE(collector.preview().deletedCount(QStringLiteral("invoices")), 2 * Customers);
        for (const orm::DeletePreview::Deleted &entry : collector.preview().deleted) {
            if (entry.record->table().name() != QLatin1String("invoices"))
                continue;
            const QString customer =
                m_session
                    ->get(customers, entry.record->value(entry.record->table().columnIndex(
                                         QStringLiteral("customer_code"))))
                    ->displayName();
            QVERIFY2(entry.reason.contains(customer), qPrintable(entry.reason));
        }
        QVERIFY2(statements < 20, qPrintable(QString::number(statements)));
    }

    void shouldSayWhyWhenABlockingRowCannotBeDeleted() {
        // Given invoices Shelf may not change (as a table without a key on PostgreSQL, or one
        // the role may not update, is)
        m_metadata->tableForPresentation(QStringLiteral("invoices"))
            ->setReadOnly(QStringLiteral("for this test"));
        const orm::Table &customers = table(QStringLiteral("customers"));
        const orm::RecordList chosen = {m_session->get(customers, QStringLiteral("ALFKI")),
                                        m_session->get(customers, QStringLiteral("BONAP"))};
        // When their dependents are collected
        orm::DependentsCollector collector(*m_session);
        QVERIFY(!collector.collect(chosen));
        // Then the preview says which table and why, and nothing is staged
        QCOMPARE(collector.preview().error,
                 QStringLiteral("These 2 records cannot be deleted with their dependents: "
                                "invoices cannot be changed (for this test)."));
        QVERIFY(!m_session->hasChanges());
    }
};

QTEST_MAIN(TestDependentsCollector)
#include "tst_dependentscollector.moc"
