// The window on a PostgreSQL database Shelf did not create, for what differs from SQLite: tables
// in several schemas are grouped by schema and named `schema.table`, enum columns are edited with
// a choice of their labels in their declared order, and what the user's role may not change is
// shown read-only with that reason and refuses edits. Each test gets a database of its own on the
// test server (the window reflects every schema of its database), dropped afterwards.

#include "uitesthelpers.h"

#include "app/commandline.h"
#include "ui/tablenavigator.h"
#include "ui/tableviews.h"

#include "orm/session.h"

#include <QComboBox>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>

using uitest::ScriptedPrompter;

class tst_PostgresWindow : public QObject {
    Q_OBJECT
private:
    QString m_database; ///< this test's database
    QString m_role;     ///< a login role with few privileges, for the privilege test
    std::unique_ptr<app::MainWindow> m_window;

    /// Runs statements on the server's `postgres` database (empty `database`) or on the test's.
    bool run(const QStringList &statements, const QString &database = {}) {
        return shelftest::runOnTestServer(statements, database);
    }
    bool openWindow(const QString &user) {
        ui::DatabaseTarget target;
        target.kind = ui::DatabaseTarget::Kind::Postgres;
        target.host = shelftest::pgServer().host;
        target.port = shelftest::pgServer().port;
        target.database = m_database;
        target.user = user;
        ScriptedPrompter *prompter = nullptr;
        return uitest::launchWindow(target, {}, m_window, prompter);
    }
    /// The navigator's rows: top level, and children as "parent/child".
    QStringList listed() {
        QStringList names;
        QSortFilterProxyModel *list = m_window->navigator()->listModel();
        for (int row = 0; row < list->rowCount(); ++row) {
            const QModelIndex top = list->index(row, 0);
            names << top.data().toString();
            for (int child = 0; child < list->rowCount(top); ++child)
                names << top.data().toString() + QLatin1Char('/') +
                             list->index(child, 0, top).data().toString();
        }
        return names;
    }
    QModelIndex listedIndex(const QString &schema, const QString &name) {
        QSortFilterProxyModel *list = m_window->navigator()->listModel();
        for (int row = 0; row < list->rowCount(); ++row) {
            const QModelIndex top = list->index(row, 0);
            for (int child = 0; child < list->rowCount(top); ++child) {
                if (top.data().toString() == schema &&
                    list->index(child, 0, top).data().toString() == name)
                    return list->index(child, 0, top);
            }
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() {
        uitest::isolateSettings();
        QVERIFY2(!qEnvironmentVariableIsEmpty("SHELF_TEST_PG"),
                 "SHELF_TEST_PG is not set: run the tests through "
                 "scripts/test, which starts a PostgreSQL server");
    }
    void init() {
        QSettings().clear();
        const QString suffix = QString::number(QRandomGenerator::global()->generate(), 36);
        m_database = QStringLiteral("shelf_ui_") + suffix;
        m_role = QStringLiteral("shelf_clerk_") + suffix;
        QVERIFY(run({QStringLiteral("CREATE DATABASE %1").arg(m_database),
                     QStringLiteral("CREATE ROLE %1 LOGIN").arg(m_role)}));
        QVERIFY(run(
            {
                QStringLiteral("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"),
                QStringLiteral("CREATE TABLE customers (code text PRIMARY KEY, company_name text "
                               "NOT NULL UNIQUE, mood mood)"),
                QStringLiteral("INSERT INTO customers VALUES ('ALFKI', 'Alfreds', 'ok'), "
                               "('BONAP', 'Bon app', NULL)"),
                QStringLiteral("CREATE SCHEMA sales"),
                QStringLiteral("CREATE TABLE sales.orders (id integer PRIMARY KEY, customer_code "
                               "text NOT NULL REFERENCES customers (code), total numeric(10,2))"),
                QStringLiteral("INSERT INTO sales.orders VALUES (1, 'ALFKI', 12.50)"),
                QStringLiteral("CREATE TABLE prices (id integer PRIMARY KEY, product text NOT "
                               "NULL, price numeric(10,2))"),
                QStringLiteral("INSERT INTO prices VALUES (1, 'Tea', 0.99)"),
                QStringLiteral("GRANT USAGE ON SCHEMA sales TO %1").arg(m_role),
                QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public, sales TO %1")
                    .arg(m_role),
                QStringLiteral("GRANT UPDATE ON customers TO %1").arg(m_role),
            },
            m_database));
    }
    void cleanup() {
        m_window.reset();
        QVERIFY(run({QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database),
                     QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_role)}));
    }

    void shouldGroupTablesBySchemaAndNameTheOthersWithTheirSchema() {
        QVERIFY(openWindow(shelftest::pgServer().user));
        const QStringList names = listed();
        // Both schemas, each with its own tables under it
        QVERIFY2(names.contains(QLatin1String("public/customers")), qPrintable(names.join(',')));
        QVERIFY2(names.contains(QLatin1String("public/prices")), qPrintable(names.join(',')));
        QVERIFY2(names.contains(QLatin1String("sales/orders")), qPrintable(names.join(',')));
        QVERIFY(!names.contains(QLatin1String("public/orders")));
        // A table outside the first schema of search_path is named with its schema
        QVERIFY(m_window->session()->metadata().table(QStringLiteral("sales.orders")));
        QVERIFY(m_window->showTable(QStringLiteral("sales.orders")));
        ui::RecordTableModel *orders = m_window->browser()->currentModel();
        QVERIFY(orders);
        QCOMPARE(orders->table().name(), QStringLiteral("sales.orders"));
        QCOMPARE(orders->rowCount(), 1);
        // Its foreign key to a table of another schema reads as the customer's name
        const int customer = orders->table().columnIndex(QStringLiteral("customer_code"));
        QCOMPARE(orders->index(0, customer).data().toString(), QStringLiteral("Alfreds"));
    }

    void shouldListTheSearchPathsSchemaFirstAndOpenItsTableOfAName() {
        // Given a schema named before public, with a table named as one of public's
        QVERIFY(run({QStringLiteral("CREATE SCHEMA archive"),
                     QStringLiteral("CREATE TABLE archive.customers (code text PRIMARY KEY, "
                                    "company_name text NOT NULL)"),
                     QStringLiteral("INSERT INTO archive.customers VALUES ('OLD', 'Old one')")},
                    m_database));

        // When the window opens on the database for the first time
        QVERIFY(openWindow(shelftest::pgServer().user));

        // Then public, whose tables are named without their schema, is listed first
        const QStringList names = listed();
        QVERIFY2(names.indexOf(QLatin1String("public")) == 0 &&
                     names.indexOf(QLatin1String("archive/customers")) >
                         names.indexOf(QLatin1String("public/prices")),
                 qPrintable(names.join(',')));
        // And the table shown is public's first one, not archive's
        QVERIFY(m_window->browser()->currentModel());
        QCOMPARE(m_window->browser()->currentModel()->table().name(), QStringLiteral("customers"));

        // When "customers" is typed in the filter after another table was opened, and Enter
        QVERIFY(m_window->showTable(QStringLiteral("prices")));
        QTest::keyClicks(m_window->navigator()->filterEdit(), QStringLiteral("customers"));
        QTest::keyClick(m_window->navigator()->filterEdit(), Qt::Key_Return);

        // Then the table opened is the one "customers" names: public's
        QCOMPARE(m_window->browser()->currentModel()->table().name(), QStringLiteral("customers"));
        QCOMPARE(m_window->browser()->currentModel()->rowCount(), 2);
    }

    void shouldShowAPartitionAsTheTableItBelongsTo() {
        // Given payments partitioned by month as Pagila's are, one partition in another schema
        QVERIFY(run({QStringLiteral("CREATE TABLE payments (id integer NOT NULL, paid date NOT "
                                    "NULL, amount numeric(5,2), PRIMARY KEY (paid, id)) "
                                    "PARTITION BY RANGE (paid)"),
                     QStringLiteral("CREATE TABLE payments_2022_01 PARTITION OF payments FOR "
                                    "VALUES FROM ('2022-01-01') TO ('2022-02-01')"),
                     QStringLiteral("CREATE SCHEMA archive"),
                     QStringLiteral("CREATE TABLE archive.payments_2021 PARTITION OF payments "
                                    "FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')"),
                     QStringLiteral("INSERT INTO payments VALUES (1, '2022-01-05', 2.99), (2, "
                                    "'2021-06-01', 0.99)")},
                    m_database));
        QVERIFY(openWindow(shelftest::pgServer().user));

        // When a partition is asked for by the name psql lists it under
        QVERIFY(m_window->showTable(QStringLiteral("payments_2022_01")));

        // Then the partitioned table is shown, whole, and the status bar says why
        QCOMPARE(m_window->browser()->currentModel()->table().name(), QStringLiteral("payments"));
        QCOMPARE(m_window->browser()->currentModel()->rowCount(), 2);
        QVERIFY2(m_window->statusBar()->currentMessage().startsWith(
                     QStringLiteral("payments_2022_01 is a partition of payments")),
                 qPrintable(m_window->statusBar()->currentMessage()));

        // And so is a partition in another schema, by its qualified name
        QVERIFY(m_window->showTable(QStringLiteral("prices")));
        QVERIFY(m_window->showTable(QStringLiteral("archive.payments_2021")));
        QCOMPARE(m_window->browser()->currentModel()->table().name(), QStringLiteral("payments"));

        // While a name that is neither a table nor a partition is still refused
        QVERIFY(!m_window->showTable(QStringLiteral("payments_2030")));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(
                     QStringLiteral("has no table named payments_2030")),
                 qPrintable(m_window->statusBar()->currentMessage()));
    }

    void shouldEditAnEnumWithItsLabelsInTheirOrder() {
        QVERIFY(openWindow(shelftest::pgServer().user));
        QVERIFY(m_window->showTable(QStringLiteral("customers")));
        QTableView *view = m_window->browser()->currentView();
        ui::RecordTableModel *customers = m_window->browser()->currentModel();
        const int mood = customers->table().columnIndex(QStringLiteral("mood"));
        int alfki = -1;
        for (int row = 0; row < customers->rowCount(); ++row) {
            if (customers->record(row)->id().toString() == QLatin1String("ALFKI"))
                alfki = row;
        }
        QVERIFY(alfki >= 0);
        const QModelIndex cell = customers->index(alfki, mood);
        view->setCurrentIndex(cell);
        view->edit(cell);
        auto *choice = qobject_cast<QComboBox *>(view->indexWidget(cell));
        QVERIFY(choice);
        QStringList labels;
        for (int i = 0; i < choice->count(); ++i)
            labels << choice->itemText(i);
        // The declared order, not the alphabet; NULL offered as the column allows it
        QCOMPARE(
            labels.filter(QRegularExpression(QStringLiteral("^(sad|ok|happy)$"))),
            (QStringList{QStringLiteral("sad"), QStringLiteral("ok"), QStringLiteral("happy")}));
        QCOMPARE(labels.size(), 4);
        QCOMPARE(choice->currentText(), QStringLiteral("ok"));
        choice->setCurrentIndex(choice->findText(QStringLiteral("happy")));
        QVERIFY(ui::tableviews::commitOpenEditor(view));
        QVERIFY(m_window->session()->commit());
        QSqlDatabase db = m_window->session()->database();
        QSqlQuery query(db);
        QVERIFY(
            query.exec(QStringLiteral("SELECT mood::text FROM customers WHERE code = 'ALFKI'")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("happy"));
    }

    void shouldShowWhatTheRoleMayNotChangeAsReadOnly() {
        // Opened as a clerk who may read everything and change only customers
        QVERIFY(openWindow(m_role));
        const QModelIndex prices = listedIndex(QStringLiteral("public"), QStringLiteral("prices"));
        QVERIFY(prices.isValid());
        QVERIFY(prices.data(Qt::FontRole).value<QFont>().italic());
        QVERIFY2(prices.data(Qt::ToolTipRole).toString().contains(QLatin1String("role")),
                 qPrintable(prices.data(Qt::ToolTipRole).toString()));
        QVERIFY(m_window->showTable(QStringLiteral("prices")));
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        const QModelIndex product =
            model->index(0, model->table().columnIndex(QStringLiteral("product")));
        QVERIFY(!(model->flags(product) & Qt::ItemIsEditable));
        QVERIFY(!model->setData(product, QStringLiteral("Coffee")));
        QVERIFY(!m_window->session()->hasChanges());
        // While customers, which it may change, take edits
        QVERIFY(m_window->showTable(QStringLiteral("customers")));
        ui::RecordTableModel *customers = m_window->browser()->currentModel();
        const QModelIndex name =
            customers->index(0, customers->table().columnIndex(QStringLiteral("company_name")));
        QVERIFY(customers->flags(name) & Qt::ItemIsEditable);
    }
};

QTEST_MAIN(tst_PostgresWindow)
#include "tst_postgreswindow.moc"
