// Duplicate Record (Ctrl+D) on a database Shelf did not create: a copy keeps every value and its
// parents, but not a value no two rows may share — a key typed by hand (a customer's code, an
// invoice line's number beside its invoice) or a UNIQUE column — which would only be refused at
// commit. Those are left empty and the status message names them, to be typed. New Record starts
// at such a key.

#include "uitesthelpers.h"

#include "../db/realschemas.h"

#include "ui/datatransfer.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include "orm/session.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

class tst_DuplicateRows : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    uitest::ScriptedPrompter *m_prompter = nullptr;

    qint64 count(const QString &sql) { return m_database->scalar(sql).toLongLong(); }

    /// Shows `table`, selects its first row and duplicates it; returns the one copy.
    orm::RecordPtr duplicateFirstRow(const QString &table) {
        if (!m_window->showTable(table))
            return nullptr;
        ui::TableBrowser *browser = m_window->browser();
        QTableView *view = browser->currentView();
        view->setFocus();
        view->setCurrentIndex(browser->currentModel()->index(0, 0));
        // Ctrl+D as typed: Ctrl is still held while the copy is revealed
        const QString before = m_window->dataTransfer()->lastMessage();
        QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
        if (m_window->dataTransfer()->lastMessage() == before)
            return nullptr;
        const orm::RecordList copies =
            m_window->session()->newRecords(browser->currentModel()->table());
        return copies.size() == 1 ? copies.first() : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        QVERIFY(shelftest::createShopSchema(*m_database));
        for (const char *sql :
             {"INSERT INTO customers (code, company_name, country, credit) VALUES ('ALFKI', "
              "'Alfreds', 'Germany', 12.5)",
              "INSERT INTO invoices (id, customer_code, issued) VALUES (1, 'ALFKI', '2026-01-01')",
              "INSERT INTO invoice_lines (invoice_id, line_no, product, price, quantity) VALUES "
              "(1, 1, 'Tea', 4.5, 2)"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        // Active: Ctrl+D is typed into it
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()), {},
                                     m_window, m_prompter, true));
    }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldLeaveAKeyTypedByHandAndAUniqueValueToBeTyped() {
        // Given a customer keyed by its code, with a UNIQUE company name, duplicated
        const orm::RecordPtr copy = duplicateFirstRow(QStringLiteral("customers"));
        QVERIFY(copy);
        const orm::Table &customers = copy->table();
        // And the copy alone is selected
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        const QModelIndexList selected =
            m_window->browser()->currentView()->selectionModel()->selectedIndexes();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(model->record(selected.first().row()), copy);
        const auto value = [&](const char *column) {
            return copy->value(customers.columnIndex(QLatin1String(column)));
        };
        // Then the code and the company name are left empty, the rest copied
        QVERIFY(value("code").isNull());
        QVERIFY(value("company_name").isNull());
        QCOMPARE(value("country").toString(), QStringLiteral("Germany"));
        QCOMPARE(value("credit").toString(), QStringLiteral("12.5"));
        // And the status message says what to type
        QCOMPARE(m_window->dataTransfer()->lastMessage(),
                 QStringLiteral("1 copy staged. Type code, company_name for each: no two rows of "
                                "customers may share them."));
        // When the user types them, the copy commits
        QVERIFY(copy->setValue(QStringLiteral("code"), QStringLiteral("ALFK2")));
        QVERIFY(copy->setValue(QStringLiteral("company_name"), QStringLiteral("Alfreds Zwei")));
        QVERIFY2(m_window->session()->commit(),
                 qPrintable(m_window->session()->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers WHERE country = 'Germany' "
                                      "AND credit = 12.5")),
                 2);
    }

    void shouldStartANewRowAtAKeyTypedByHand() {
        // Given customers, keyed by a code the database does not give
        QVERIFY(m_window->showTable(QStringLiteral("customers")));
        ui::TableBrowser *browser = m_window->browser();
        QTableView *view = browser->currentView();
        ui::RecordTableModel *model = browser->currentModel();
        const orm::Table &customers = model->table();
        view->setFocus();
        // When New Record is chosen
        m_window->actions().newRecord->trigger();
        // Then its editor opens on the code, not on the name: without a code it cannot be saved
        QTRY_VERIFY(browser->hasOpenEditor());
        QCOMPARE(view->currentIndex().column(), customers.columnIndex(QStringLiteral("code")));
        const orm::RecordPtr added = model->record(view->currentIndex().row());
        QVERIFY(added && added->state() == orm::ObjectState::Pending);
        // And the code typed there, the name given, Commit writes the row
        QVERIFY(added->setValue(QStringLiteral("company_name"), QStringLiteral("New Company")));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("NEWCO"));
        m_window->actions().commit->trigger();
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers WHERE code = 'NEWCO'")), 1);

        // And a new invoice, whose key the database gives and which no column names, starts at
        // the first column to type: its customer
        QVERIFY(m_window->showTable(QStringLiteral("invoices")));
        view = browser->currentView();
        view->setFocus();
        m_window->actions().newRecord->trigger();
        QTRY_VERIFY(browser->hasOpenEditor());
        QCOMPARE(view->currentIndex().column(),
                 browser->currentModel()->table().columnIndex(QStringLiteral("customer_code")));
    }

    void shouldRefuseANewRowInAReadOnlyTableSayingWhy() {
        // Given a view, which the database computes and Shelf shows read-only
        QVERIFY(m_window->showTable(QStringLiteral("invoice_totals")));
        ui::TableBrowser *browser = m_window->browser();
        QVERIFY(browser->currentModel()->table().isReadOnly());
        browser->currentView()->setFocus();
        // When New Record is chosen there
        m_window->actions().newRecord->trigger();
        // Then nothing is staged (before, a new row was, and only its commit failed), and the
        // status bar says why
        QVERIFY(!m_window->session()->hasChanges());
        QVERIFY(!browser->hasOpenEditor());
        const QString said = m_window->statusBar()->currentMessage();
        QVERIFY2(said.contains(QLatin1String("invoice_totals takes no new rows")) &&
                     said.contains(browser->currentModel()->table().readOnlyReason()),
                 qPrintable(said));
    }

    void shouldKeepTheParentAndLeaveTheRestOfACompositeKeyToBeTyped() {
        // Given an invoice line keyed by (invoice_id, line_no), duplicated
        const orm::RecordPtr copy = duplicateFirstRow(QStringLiteral("invoice_lines"));
        QVERIFY(copy);
        const orm::Table &lines = copy->table();
        // Then it stays on the same invoice, with no line number, the product and price copied
        QCOMPARE(copy->value(lines.columnIndex(QStringLiteral("invoice_id"))).toLongLong(), 1);
        QVERIFY(copy->value(lines.columnIndex(QStringLiteral("line_no"))).isNull());
        QCOMPARE(copy->value(lines.columnIndex(QStringLiteral("product"))).toString(),
                 QStringLiteral("Tea"));
        QVERIFY2(m_window->dataTransfer()->lastMessage().contains(QStringLiteral("Type line_no")),
                 qPrintable(m_window->dataTransfer()->lastMessage()));

        // And an invoice, whose key the database gives, is copied with nothing to type
        const orm::RecordPtr invoice = duplicateFirstRow(QStringLiteral("invoices"));
        QVERIFY(invoice);
        QCOMPARE(m_window->dataTransfer()->lastMessage(), QStringLiteral("1 copy staged."));
        QCOMPARE(invoice->value(QStringLiteral("customer_code")).toString(),
                 QStringLiteral("ALFKI"));
    }
};

QTEST_MAIN(tst_DuplicateRows)
#include "tst_duplicaterows.moc"
