// The Tables dock over databases Shelf did not create: every table and view listed by name,
// filtered as the user types, row counts arriving from a background count, views and read-only
// tables marked with their reason; tables open in closable tabs only when asked for, the open
// tabs are remembered per database, and --table opens at a table. A 500-table database opens
// without reading any table but the one shown.

#include "uitesthelpers.h"

#include "../db/realschemas.h"

#include "app/commandline.h"
#include "ui/cellinput.h"
#include "ui/edithistory.h"
#include "ui/foreignkeypicker.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablemenus.h"
#include "ui/tablenavigator.h"
#include "ui/tableviews.h"
#include "ui/typededitors.h"

#include "orm/session.h"

#include <QAccessible>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QUndoStack>

using uitest::ScriptedPrompter;

class tst_Navigator : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    ScriptedPrompter *m_prompter = nullptr;

    /// A fresh SQLite file with the shop schema (and a few customers), not yet opened.
    bool createShop() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        if (!m_database->open() || !shelftest::createShopSchema(*m_database))
            return false;
        for (const char *code : {"ALFKI", "BONAP", "CHOPS"}) {
            if (!m_database->exec(QStringLiteral("INSERT INTO customers (code, company_name) "
                                                 "VALUES (?, ?)"),
                                  {QLatin1String(code), QStringLiteral("Company %1").arg(code)}))
                return false;
        }
        return true;
    }
    /// A new main window on the test's file (a second call: as if Shelf started again).
    bool openWindow(const QString &table = {}) {
        return uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()), table,
                                    m_window, m_prompter);
    }
    ui::TableNavigator *navigator() { return m_window->navigator(); }
    ui::TableBrowser *browser() { return m_window->browser(); }
    const orm::Table &table(const QString &name) {
        const orm::Table *found = m_window->session()->metadata().table(name);
        Q_ASSERT(found);
        return *found;
    }
    /// The navigator's rows as shown (after the filter), top-level names.
    QStringList listedNames() {
        QStringList names;
        QSortFilterProxyModel *list = navigator()->listModel();
        for (int row = 0; row < list->rowCount(); ++row)
            names << list->index(row, 0).data().toString();
        return names;
    }
    QModelIndex listedIndex(const QString &name) {
        QSortFilterProxyModel *list = navigator()->listModel();
        for (int row = 0; row < list->rowCount(); ++row) {
            if (list->index(row, 0).data().toString() == name)
                return list->index(row, 0);
        }
        return {};
    }
    QString currentTableName() {
        ui::RecordTableModel *model = browser()->currentModel();
        return model ? model->table().name() : QString();
    }
    bool waitForCounts() {
        return navigator()->countsFinished() ||
               QSignalSpy(navigator(), &ui::TableNavigator::countsDone).wait(10000);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QSettings().clear(); }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldListEveryTableAndViewByNameWithRowCounts() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        const QStringList names = listedNames();
        QCOMPARE(names.size(), m_window->session()->metadata().tables().size());
        for (const char *name :
             {"customers", "invoices", "invoice_lines", "Order Details", "invoice_totals"})
            QVERIFY2(names.contains(QLatin1String(name)), name);
        // By name, not in the order that foreign keys impose.
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
            return QString::compare(a, b, Qt::CaseInsensitive) < 0;
        });
        QCOMPARE(names, sorted);
        QVERIFY(waitForCounts());
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("customers"))), 3);
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("invoices"))), 0);
        QCOMPARE(listedIndex(QStringLiteral("customers")).siblingAtColumn(1).data().toString(),
                 QStringLiteral("3"));
        // Views and tables Shelf cannot write say so, with the reason.
        const QModelIndex view = listedIndex(QStringLiteral("invoice_totals"));
        QVERIFY(view.data(Qt::FontRole).value<QFont>().italic());
        QVERIFY2(view.data(Qt::ToolTipRole).toString().contains(QLatin1String("View")),
                 qPrintable(view.data(Qt::ToolTipRole).toString()));
        const QModelIndex writable = listedIndex(QStringLiteral("customers"));
        QVERIFY(!writable.data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!writable.data(Qt::ToolTipRole)
                     .toString()
                     .contains(QLatin1String("read-only"), Qt::CaseInsensitive));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("navigator-shop"));
    }

    void shouldSayWhichWritesATablesTriggersFireOn() {
        // Given the invoices' trigger on UPDATE, and triggers on INSERT and DELETE of customers
        QVERIFY(createShop());
        QVERIFY(m_database->exec(QStringLiteral(
            "CREATE TRIGGER \"customers added\" AFTER INSERT ON customers BEGIN SELECT 1; END")));
        QVERIFY(m_database->exec(QStringLiteral(
            "CREATE TRIGGER customers_gone AFTER DELETE ON customers BEGIN SELECT 1; END")));
        QVERIFY(openWindow());
        // Then each table's tooltip names the writes its triggers fire on, and others say nothing
        const auto tip = [this](const char *name) {
            return listedIndex(QLatin1String(name)).data(Qt::ToolTipRole).toString();
        };
        QVERIFY2(tip("invoices").contains(QLatin1String("Has triggers on update:")),
                 qPrintable(tip("invoices")));
        QVERIFY2(tip("customers").contains(QLatin1String("Has triggers on insert, delete:")),
                 qPrintable(tip("customers")));
        QVERIFY2(!tip("invoice_lines").contains(QLatin1String("triggers")),
                 qPrintable(tip("invoice_lines")));
    }

    void shouldNameEachGridAndTheFilterForAssistiveTechnology() {
        // Given two tables open in tabs
        QVERIFY(createShop());
        QVERIFY(openWindow(QStringLiteral("customers")));
        QVERIFY(browser()->openTable(table(QStringLiteral("invoices"))));

        // Then a screen reader names each grid after its table, as its tab reads
        for (const char *name : {"customers", "invoices"}) {
            auto *view = m_window->findChild<QTableView *>(QStringLiteral("table_%1").arg(name));
            QVERIFY(view);
            QAccessibleInterface *grid = QAccessible::queryAccessibleInterface(view);
            QVERIFY(grid);
            QCOMPARE(grid->text(QAccessible::Name), QLatin1String(name));
        }
        // And the toolbar's filter by what it filters, not by its vanishing placeholder
        auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QVERIFY(filter);
        QAccessibleInterface *field = QAccessible::queryAccessibleInterface(filter);
        QVERIFY(field);
        QCOMPARE(field->text(QAccessible::Name), QStringLiteral("Filter this table"));
    }

    void shouldEmptyTheFilterBoxWhenARowItHidIsShown() {
        // Given customers filtered down to one by the toolbar's filter
        QVERIFY(createShop());
        QVERIFY(openWindow(QStringLiteral("customers")));
        auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("BONAP"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(browser()->currentModel()->rowCount(), 1);

        // When a row the filter hides is shown (as an import's first row or Go to is)
        const orm::RecordPtr alfki =
            m_window->session()->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        QVERIFY(alfki);
        QVERIFY(browser()->revealRecord(alfki));

        // Then the grid shows every row, and the box no longer shows a filter it does not apply
        QCOMPARE(browser()->currentModel()->rowCount(), 3);
        QCOMPARE(filter->text(), QString());
    }

    void shouldFilterTheTablesAsTheUserTypes() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        QTest::keyClicks(navigator()->filterEdit(), QStringLiteral("INV"));
        QCOMPARE(listedNames(),
                 (QStringList{QStringLiteral("invoice_lines"), QStringLiteral("invoice_totals"),
                              QStringLiteral("invoices")}));
        // Enter opens the first match.
        QTest::keyClick(navigator()->filterEdit(), Qt::Key_Return);
        QCOMPARE(currentTableName(), QStringLiteral("invoice_lines"));
        navigator()->filterEdit()->clear();
        QCOMPARE(listedNames().size(), m_window->session()->metadata().tables().size());
    }

    void shouldFindATableByThePartitionsListedInItsPlace() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        // Given invoices with two partitions (as PostgreSQL's reflection lists them)
        navigator()->setPartitions({{QStringLiteral("invoices_2026"), QStringLiteral("invoices")},
                                    {QStringLiteral("invoices_2025"), QStringLiteral("invoices")}});
        // When the filter names one of them, then invoices is listed, alone
        QTest::keyClicks(navigator()->filterEdit(), QStringLiteral("_2026"));
        QCOMPARE(listedNames(), QStringList{QStringLiteral("invoices")});
        // And its tooltip names its partitions
        QVERIFY2(
            listedIndex(QStringLiteral("invoices"))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("invoices_2025, invoices_2026")),
            qPrintable(listedIndex(QStringLiteral("invoices")).data(Qt::ToolTipRole).toString()));
        // While the names of the tables still filter as before
        navigator()->filterEdit()->clear();
        QTest::keyClicks(navigator()->filterEdit(), QStringLiteral("INV"));
        QCOMPARE(listedNames(),
                 (QStringList{QStringLiteral("invoice_lines"), QStringLiteral("invoice_totals"),
                              QStringLiteral("invoices")}));
    }

    void shouldOpenATableOnlyWhenAskedFor() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        // A database that is not the library opens at its first table by name, alone.
        QCOMPARE(browser()->openTableNames(), QStringList{QStringLiteral("audit_log")});
        QCOMPARE(browser()->models().size(), 1);
        QSignalSpy activated(navigator(), &ui::TableNavigator::tableActivated);
        navigator()->tree()->setFocus();
        navigator()->tree()->setCurrentIndex(listedIndex(QStringLiteral("customers")));
        QTest::keyClick(navigator()->tree(), Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(browser()->openTableNames(),
                 (QStringList{QStringLiteral("audit_log"), QStringLiteral("customers")}));
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        QCOMPARE(browser()->currentModel()->rowCount(), 3);
        // Activating an open table switches to its tab instead of opening another.
        browser()->openTable(table(QStringLiteral("audit_log")));
        QVERIFY(browser()->openTable(table(QStringLiteral("customers"))));
        QCOMPARE(browser()->tabs()->count(), 2);
        // The navigator follows the table shown.
        QCOMPARE(navigator()->tree()->currentIndex().data().toString(),
                 QStringLiteral("customers"));
    }

    void shouldShowTheTableTheUserClicksOrMovesToInTheList() {
        // Given the shop opened at its first table, the window active
        QVERIFY(createShop());
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()), {},
                                     m_window, m_prompter, true));
        QCOMPARE(currentTableName(), QStringLiteral("audit_log"));
        QTreeView *tree = navigator()->tree();
        const QStringList names = listedNames();
        const auto clickOn = [&](const QString &name) {
            const QModelIndex index = listedIndex(name);
            tree->scrollTo(index);
            QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                              tree->visualRect(index).center());
        };

        // When the user clicks customers once
        clickOn(QStringLiteral("customers"));
        // Then the grid shows customers, and the keyboard stays in the list
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        QCOMPARE(browser()->currentModel()->rowCount(), 3);
        QVERIFY(tree->hasFocus());

        // When they walk down the list with the arrow keys
        const QString next = names.at(names.indexOf(QStringLiteral("customers")) + 1);
        const QString afterNext = names.at(names.indexOf(QStringLiteral("customers")) + 2);
        QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(currentTableName(), next);
        QTest::keyClick(tree, Qt::Key_Down);
        // Then the grid follows, each table shown in place of the one before it: one tab beside
        // the first, not one a step
        QCOMPARE(currentTableName(), afterNext);
        QVERIFY(tree->hasFocus());
        QCOMPARE(browser()->openTableNames(),
                 (QStringList{QStringLiteral("audit_log"), afterNext}));

        // When Enter opens the table (the keyboard goes to its grid) and a click shows another
        QTest::keyClick(tree, Qt::Key_Return);
        QVERIFY(browser()->currentView()->hasFocus());
        clickOn(QStringLiteral("customers"));
        // Then the table opened with Enter keeps its tab
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        QCOMPARE(browser()->openTableNames(), (QStringList{QStringLiteral("audit_log"), afterNext,
                                                           QStringLiteral("customers")}));

        // When a value is typed in customers' grid, Enter not pressed, and another table clicked
        QTableView *grid = browser()->currentView();
        ui::RecordTableModel *customers = browser()->currentModel();
        const int country = customers->table().columnIndex(QStringLiteral("country"));
        grid->setFocus(); // the user works in it: customers keeps its tab
        grid->setCurrentIndex(customers->index(0, country));
        QTest::keyClick(grid, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor && grid->isAncestorOf(editor));
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("Norway"));
        clickOn(QStringLiteral("settings"));
        // Then the value is staged, the table clicked shown, and customers keeps its tab
        QCOMPARE(currentTableName(), QStringLiteral("settings"));
        QCOMPARE(m_window->session()->pendingChanges().size(), 1);
        QCOMPARE(customers->index(0, country).data(Qt::EditRole).toString(),
                 QStringLiteral("Norway"));
        QVERIFY(browser()->openTableNames().contains(QStringLiteral("customers")));

        // When a value customers cannot take is typed there and another table clicked
        clickOn(QStringLiteral("customers"));
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        const int credit = customers->table().columnIndex(QStringLiteral("credit"));
        grid->setFocus();
        grid->setCurrentIndex(customers->index(0, credit));
        QTest::keyClick(grid, Qt::Key_F2);
        editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor && grid->isAncestorOf(editor));
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("lots"));
        clickOn(QStringLiteral("tracks"));
        // Then customers stays shown with its editor open, and the list marks it again
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        QVERIFY(browser()->hasOpenEditor());
        QCOMPARE(tree->currentIndex().data().toString(), QStringLiteral("customers"));
        QCOMPARE(m_window->session()->pendingChanges().size(), 1);
        QVERIFY(!browser()->openTableNames().contains(QStringLiteral("tracks")));
        // (Esc takes the refused value back; the next click shows the table)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QVERIFY(!browser()->hasOpenEditor());
        clickOn(QStringLiteral("settings"));
        QCOMPARE(currentTableName(), QStringLiteral("settings"));

        // When the window marks a table in the list itself (Back, a reference followed, the tabs
        // of the last visit restored) while the keyboard is in the list
        QSignalSpy shown(browser(), &ui::TableBrowser::currentTableChanged);
        tree->setFocus();
        navigator()->setCurrentTable(&table(QStringLiteral("invoices")));
        // Then nothing opens or switches: the list only follows the window
        QCOMPARE(shown.size(), 0);
        QCOMPARE(currentTableName(), QStringLiteral("settings"));
        QVERIFY(!browser()->openTableNames().contains(QStringLiteral("invoices")));
        // And a filter typed above the list, hiding the row marked, switches nothing either
        QTest::keyClicks(navigator()->filterEdit(), QStringLiteral("play"));
        QCOMPARE(shown.size(), 0);
        QCOMPARE(currentTableName(), QStringLiteral("settings"));

        // When a row is staged into a table shown by a click (imported, pasted) and the user
        // clicks on
        navigator()->filterEdit()->clear();
        clickOn(QStringLiteral("tracks"));
        QCOMPARE(currentTableName(), QStringLiteral("tracks"));
        QVERIFY(!browser()->openTableNames().contains(QStringLiteral("settings")));
        auto track = std::make_shared<orm::Record>(&table(QStringLiteral("tracks")));
        QVERIFY(track->setValue(QStringLiteral("name"), QStringLiteral("Imported")));
        m_window->session()->add(track);
        clickOn(QStringLiteral("playlists"));
        // Then that table keeps its tab, the staged row in sight
        QCOMPARE(currentTableName(), QStringLiteral("playlists"));
        QVERIFY(browser()->openTableNames().contains(QStringLiteral("tracks")));

        // When every tab is closed and the table still marked in the list is clicked
        while (browser()->tabs()->count() > 0)
            QVERIFY(browser()->closeTable(0));
        QCOMPARE(tree->currentIndex().data().toString(), QStringLiteral("playlists"));
        clickOn(QStringLiteral("playlists"));
        // Then it is shown again
        QCOMPARE(currentTableName(), QStringLiteral("playlists"));
        QCOMPARE(m_window->session()->pendingChanges().size(), 2); // none lost on the way
    }

    void shouldCountTheRowsAgainAfterACommit() {
        // Given the shop with its counts in: 3 customers
        QVERIFY(createShop());
        QVERIFY(openWindow(QStringLiteral("customers")));
        QVERIFY(waitForCounts());
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("customers"))), 3);
        // When a fourth customer is staged and committed
        auto customer = std::make_shared<orm::Record>(&table(QStringLiteral("customers")));
        customer->setValue(QStringLiteral("code"), QStringLiteral("DUMON"));
        customer->setValue(QStringLiteral("company_name"), QStringLiteral("Du monde entier"));
        m_window->session()->add(customer);
        QSignalSpy counted(navigator(), &ui::TableNavigator::countsDone);
        QStringList names;
        connect(navigator(), &ui::TableNavigator::rowCountChanged, this,
                [&names](const orm::Table &counted) { names << counted.name(); });
        m_window->actions().commit->trigger();
        QVERIFY(!m_window->session()->hasChanges());
        // Then the Tables dock counts again and shows 4 (staged rows are never counted: before
        // the commit it said 3)
        QVERIFY(counted.wait(10000));
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("customers"))), 4);
        QCOMPARE(listedIndex(QStringLiteral("customers")).siblingAtColumn(1).data().toString(),
                 QStringLiteral("4"));
        // Counted again: customers, and what the database's actions on them reach (invoices
        // refer to customers, their lines to invoices); not tables nothing there refers to
        for (const char *reached : {"customers", "invoices", "invoice_lines", "orders_by_company"})
            QVERIFY2(names.contains(QLatin1String(reached)), reached);
        for (const char *unrelated : {"playlists", "tracks", "employees", "settings"})
            QVERIFY2(!names.contains(QLatin1String(unrelated)), unrelated);
    }

    void shouldCountEveryTableAgainAfterACommitThatFiredATrigger() {
        // Given the shop, whose customers' INSERT trigger writes to settings (a table no foreign
        // key links to customers), with its counts in
        QVERIFY(createShop());
        QVERIFY(m_database->exec(
            QStringLiteral("CREATE TRIGGER customer_noted AFTER INSERT ON customers BEGIN "
                           "INSERT OR REPLACE INTO settings (key, value) "
                           "VALUES ('last customer', NEW.code); END")));
        QVERIFY(openWindow(QStringLiteral("customers")));
        QVERIFY(waitForCounts());
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("settings"))), 0);
        // When a customer is staged and committed
        auto customer = std::make_shared<orm::Record>(&table(QStringLiteral("customers")));
        customer->setValue(QStringLiteral("code"), QStringLiteral("DUMON"));
        customer->setValue(QStringLiteral("company_name"), QStringLiteral("Du monde entier"));
        m_window->session()->add(customer);
        QSignalSpy counted(navigator(), &ui::TableNavigator::countsDone);
        m_window->actions().commit->trigger();
        QVERIFY(!m_window->session()->hasChanges());
        // Then the row the trigger wrote is counted too, where only the tables the commit and
        // the database's foreign key actions reach were counted again
        QVERIFY(counted.wait(10000));
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("customers"))), 4);
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("settings"))), 1);
        QCOMPARE(listedIndex(QStringLiteral("settings")).siblingAtColumn(1).data().toString(),
                 QStringLiteral("1"));
    }

    void shouldCountEveryTableAgainAfterAForeignKeyActionFiredATrigger() {
        // Given the shop, where removing a track from a playlist notes it in settings, and a
        // playlist's rows of playlist_track go with it (ON DELETE CASCADE): playlists itself has
        // no trigger, and no foreign key links settings to either
        QVERIFY(createShop());
        QVERIFY(m_database->exec(
            QStringLiteral("INSERT INTO playlists (id, name) VALUES (1, 'Music'), (2, 'Jazz')")));
        QVERIFY(m_database->exec(
            QStringLiteral("INSERT INTO tracks (id, name) VALUES (1, 'So What'), (2, 'Money')")));
        QVERIFY(m_database->exec(QStringLiteral(
            "INSERT INTO playlist_track (playlist_id, track_id) VALUES (1, 1), (1, 2), (2, 1)")));
        QVERIFY(m_database->exec(
            QStringLiteral("CREATE TRIGGER track_removed AFTER DELETE ON playlist_track BEGIN "
                           "INSERT OR REPLACE INTO settings (key, value) "
                           "VALUES ('last removed track', OLD.track_id); END")));
        QVERIFY(openWindow(QStringLiteral("playlists")));
        QVERIFY(waitForCounts());
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("settings"))), 0);
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("playlist_track"))), 3);
        // When a playlist with tracks is deleted and the delete committed
        orm::Session *session = m_window->session();
        const orm::RecordPtr music =
            session->get(table(QStringLiteral("playlists")), QVariant(qint64(1)));
        QVERIFY(music);
        QVERIFY(session->remove(music));
        QSignalSpy counted(navigator(), &ui::TableNavigator::countsDone);
        m_window->actions().commit->trigger();
        QVERIFY(!session->hasChanges());
        // Then the rows the trigger wrote are counted, beside the rows the database deleted
        QVERIFY(counted.wait(10000));
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("playlists"))), 1);
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("playlist_track"))), 1);
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("settings"))), 1);
        QCOMPARE(listedIndex(QStringLiteral("settings")).siblingAtColumn(1).data().toString(),
                 QStringLiteral("1"));
    }

    void shouldCloseATabAndKeepItsStagedEdits() {
        QVERIFY(createShop());
        QVERIFY(openWindow(QStringLiteral("customers")));
        ui::RecordTableModel *customers = browser()->currentModel();
        QCOMPARE(customers->table().name(), QStringLiteral("customers"));
        const int country = customers->table().columnIndex(QStringLiteral("country"));
        QVERIFY(customers->setData(customers->index(0, country), QStringLiteral("Norway")));
        QCOMPARE(m_window->session()->pendingChanges().size(), 1);
        m_window->actions().closeTable->trigger();
        QVERIFY(!browser()->openTableNames().contains(QStringLiteral("customers")));
        QCOMPARE(m_window->session()->pendingChanges().size(), 1);
        QVERIFY(browser()->openTable(table(QStringLiteral("customers"))));
        customers = browser()->currentModel();
        int row = 0;
        while (row < customers->rowCount() &&
               customers->index(row, 0).data(Qt::EditRole).toString() != QLatin1String("ALFKI"))
            ++row;
        QVERIFY(row < customers->rowCount());
        QCOMPARE(customers->index(row, country).data(Qt::EditRole).toString(),
                 QStringLiteral("Norway"));
    }

    void shouldReopenTheTabsOfTheLastVisit() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        QVERIFY(browser()->openTable(table(QStringLiteral("employees"))));
        QVERIFY(browser()->openTable(table(QStringLiteral("Order Details"))));
        QVERIFY(browser()->openTable(table(QStringLiteral("employees"))));
        QVERIFY(browser()->closeTable(0)); // audit_log
        QVERIFY(openWindow());             // Shelf starts again on the same file
        QCOMPARE(browser()->openTableNames(),
                 (QStringList{QStringLiteral("employees"), QStringLiteral("Order Details")}));
        QCOMPARE(currentTableName(), QStringLiteral("employees"));
        // Another database remembers its own tabs.
        const std::unique_ptr<shelftest::TestDatabase> first = std::move(m_database);
        QVERIFY(createShop());
        QVERIFY(openWindow());
        QCOMPARE(browser()->openTableNames(), QStringList{QStringLiteral("audit_log")});
        // Switching databases in one window keeps what each remembers.
        QVERIFY(browser()->openTable(table(QStringLiteral("customers"))));
        QVERIFY(m_window->openDatabase(ui::DatabaseTarget::sqlite(first->sqlitePath())));
        QCOMPARE(browser()->openTableNames(),
                 (QStringList{QStringLiteral("employees"), QStringLiteral("Order Details")}));
        QVERIFY(m_window->openDatabase(ui::DatabaseTarget::sqlite(m_database->sqlitePath())));
        QCOMPARE(browser()->openTableNames(),
                 (QStringList{QStringLiteral("audit_log"), QStringLiteral("customers")}));
    }

    void shouldOpenAtTheTableNamedOnTheCommandLine() {
        QVERIFY(createShop());
        app::CommandLine commandLine;
        QCOMPARE(commandLine.parse({QStringLiteral("shelf"), m_database->sqlitePath(),
                                    QStringLiteral("--table"), QStringLiteral("Order Details")}),
                 app::CommandLine::Outcome::Run);
        QCOMPARE(commandLine.table(), QStringLiteral("Order Details"));
        QVERIFY(openWindow(commandLine.table()));
        QCOMPARE(currentTableName(), QStringLiteral("Order Details"));
        // Any spelling the database accepts for a name it folds: INVOICES is invoices.
        QVERIFY(openWindow(QStringLiteral("INVOICES")));
        QCOMPARE(currentTableName(), QStringLiteral("invoices"));
        // A name the database does not have opens the database anyway and says so.
        QVERIFY(openWindow(QStringLiteral("no_such_table")));
        QVERIFY(m_window->session());
        QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("no_such_table")));
    }

    void shouldOpenOnlyTheNamedTableOnAFirstVisit() {
        // A database never opened before has no remembered tabs: --table replaces the first
        // table by name (audit_log) instead of opening beside it, and reads only its own rows.
        QVERIFY(createShop());
        QVERIFY(openWindow(QStringLiteral("customers")));
        QCOMPARE(browser()->openTableNames(), QStringList{QStringLiteral("customers")});
        QCOMPARE(browser()->models().size(), 1);
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        // The next start without --table comes back to that tab alone.
        QVERIFY(openWindow());
        QCOMPARE(browser()->openTableNames(), QStringList{QStringLiteral("customers")});
    }

    void shouldOpenATableKeyedBySeveralColumnsInKeyOrder() {
        // A junction's first key column is a foreign key, shown (and, when asked, sorted) by the
        // referenced row's label. Opened, it reads in key order, as the database keeps it: the
        // rows of playlist 1 ("Zydeco") before those of playlist 2 ("Ambient").
        QVERIFY(createShop());
        for (const char *sql :
             {"INSERT INTO playlists (id, name) VALUES (1, 'Zydeco'), (2, 'Ambient')",
              "INSERT INTO tracks (id, name) VALUES (1, 'One'), (2, 'Two')",
              "INSERT INTO playlist_track (playlist_id, track_id) VALUES (2, 1), (1, 2), (1, 1)"})
            QVERIFY(m_database->exec(QLatin1String(sql)));
        QVERIFY(openWindow(QStringLiteral("playlist_track")));
        ui::RecordTableModel *model = browser()->currentModel();
        QVERIFY(model);
        QCOMPARE(model->rowCount(), 3);
        QList<QVariantList> keys;
        for (int row = 0; row < model->rowCount(); ++row)
            keys << model->record(row)->values();
        QCOMPARE(keys, (QList<QVariantList>{{1, 1}, {1, 2}, {2, 1}}));
        QTableView *view = browser()->currentView();
        QVERIFY(view);
        QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), -1);
        // Sorting by the playlist column is still there, by its label.
        view->sortByColumn(0, Qt::AscendingOrder);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Ambient"));
    }

    void shouldFollowReferencesAndComeBack() {
        QVERIFY(createShop());
        for (const char *sql :
             {"INSERT INTO invoices (id, customer_code, issued) VALUES (7, 'BONAP', '2026-01-02')",
              "INSERT INTO employees (id, last_name, first_name, title) VALUES (1, 'Adams', "
              "'Andrew', 'General Manager')",
              "INSERT INTO employees (id, last_name, first_name, title, reports_to) VALUES (2, "
              "'Peacock', 'Jane', 'Sales Support Agent', 1)"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        QAction *follow = m_window->actions().goToRecord;
        QAction *back = m_window->actions().goBack;
        QAction *forward = m_window->actions().goForward;
        QVERIFY(!back->isEnabled());
        QTableView *invoices = browser()->currentView();
        const int customerCode =
            browser()->currentModel()->table().columnIndex(QStringLiteral("customer_code"));
        const QModelIndex cell = invoices->model()->index(0, customerCode);
        // The foreign key reads as the customer's name; its key is one step away.
        QCOMPARE(cell.data().toString(), QStringLiteral("Company BONAP"));
        invoices->setCurrentIndex(cell);
        invoices->setFocus();
        QVERIFY(follow->isEnabled());
        follow->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
        auto currentKey = [this] {
            return browser()
                ->currentModel()
                ->record(browser()->currentView()->currentIndex().row())
                ->id()
                .toString();
        };
        QCOMPARE(currentKey(), QStringLiteral("BONAP"));
        QVERIFY(back->isEnabled());
        QVERIFY(!forward->isEnabled());
        back->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("invoices"));
        QCOMPARE(currentKey(), QStringLiteral("7"));
        QCOMPARE(browser()->currentView()->currentIndex().column(), customerCode);
        QVERIFY(forward->isEnabled());
        forward->trigger();
        QCOMPARE(currentKey(), QStringLiteral("BONAP"));
        // The mouse's back button does the same, wherever the pointer is.
        QTest::mouseClick(browser()->currentView()->viewport(), Qt::BackButton);
        QCOMPARE(currentTableName(), QStringLiteral("invoices"));

        // A self-reference: Jane's manager is in the same table, named as a person reads.
        QVERIFY(browser()->openTable(table(QStringLiteral("employees"))));
        ui::RecordTableModel *employees = browser()->currentModel();
        const int reportsTo = employees->table().columnIndex(QStringLiteral("reports_to"));
        int jane = 0;
        while (jane < employees->rowCount() && employees->record(jane)->id().toInt() != 2)
            ++jane;
        QVERIFY(jane < employees->rowCount());
        QCOMPARE(employees->index(jane, reportsTo).data().toString(),
                 QStringLiteral("Andrew Adams"));
        browser()->currentView()->setCurrentIndex(employees->index(jane, reportsTo));
        follow->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("employees"));
        QCOMPARE(currentKey(), QStringLiteral("1"));
        back->trigger();
        QCOMPARE(currentKey(), QStringLiteral("2"));

        // A related row opens in its own table: the customer's invoices, from the related pane.
        QVERIFY(browser()->goTo(
            m_window->session()->get(table(QStringLiteral("customers")), QStringLiteral("BONAP"))));
        QTableView *related = browser()->relatedPane()->currentView();
        QVERIFY(related);
        QCOMPARE(related->model()->rowCount(), 1);
        related->setFocus();
        related->setCurrentIndex(related->model()->index(0, 0));
        QVERIFY(follow->isEnabled());
        follow->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("invoices"));
        QCOMPARE(currentKey(), QStringLiteral("7"));
        back->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("customers"));
    }

    void shouldDescribeEachColumnInItsHeader() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        auto tip = [this](const char *tableName, const char *column) {
            const orm::Table &t = table(QLatin1String(tableName));
            if (!browser()->openTable(t))
                return QString();
            return browser()
                ->currentModel()
                ->headerData(t.columnIndex(QLatin1String(column)), Qt::Horizontal, Qt::ToolTipRole)
                .toString();
        };
        const QString company = tip("customers", "company_name");
        for (const char *part : {"company_name", "NVARCHAR(40)", "NOT NULL", "UNIQUE"})
            QVERIFY2(company.contains(QLatin1String(part)), qPrintable(company));
        QVERIFY2(tip("invoices", "customer_code")
                     .contains(QLatin1String("Refers to customers (code), ON DELETE RESTRICT")),
                 qPrintable(tip("invoices", "customer_code")));
        // (SQLite's catalog does not list CHECK constraints; PostgreSQL's does: tst_reflect.)
        QVERIFY(tip("invoice_lines", "amount").contains(QLatin1String("Computed by the database")));
        QVERIFY(tip("invoice_lines", "line_no").contains(QLatin1String("Part of the primary key")));
        QVERIFY(tip("customers", "credit").contains(QLatin1String("Default: 0")));
        QVERIFY(tip("invoice_totals", "total").contains(QLatin1String("Read-only")));
    }

    void shouldKeepARowWhoseKeyIsNullReadOnlyAndSayWhy() {
        // Given a text-keyed table where another program stored a row without its code
        QVERIFY(createShop());
        QVERIFY(m_database->exec(QStringLiteral("CREATE TABLE codes (code TEXT PRIMARY KEY, "
                                                "label TEXT)")));
        QVERIFY(m_database->exec(QStringLiteral("INSERT INTO codes VALUES (NULL, 'lost'), "
                                                "('A', 'kept')")));
        QVERIFY(openWindow(QStringLiteral("codes")));
        ui::RecordTableModel *codes = browser()->currentModel();
        const int label = codes->table().columnIndex(QStringLiteral("label"));
        int lost = -1, kept = -1;
        for (int row = 0; row < codes->rowCount(); ++row)
            (codes->record(row)->value(QStringLiteral("code")).isNull() ? lost : kept) = row;
        QVERIFY(lost >= 0 && kept >= 0);
        // Then its cells are shown but not editable, and an edit says why
        QVERIFY(!(codes->flags(codes->index(lost, label)) & Qt::ItemIsEditable));
        QVERIFY(!codes->setData(codes->index(lost, label), QStringLiteral("found")));
        QVERIFY2(codes->lastRefusal().contains(QLatin1String("key is NULL")),
                 qPrintable(codes->lastRefusal()));
        QCOMPARE(codes->index(lost, label).data().toString(), QStringLiteral("lost"));
        // While the row beside it takes edits
        QVERIFY(codes->flags(codes->index(kept, label)) & Qt::ItemIsEditable);
        QVERIFY(codes->setData(codes->index(kept, label), QStringLiteral("still kept")));
    }

    void shouldShowNullAsSuchAndSetItWithCtrlZero() {
        QVERIFY(createShop());
        QVERIFY(openWindow(QStringLiteral("customers")));
        QTableView *view = browser()->currentView();
        ui::RecordTableModel *customers = browser()->currentModel();
        const int country = customers->table().columnIndex(QStringLiteral("country"));
        const int company = customers->table().columnIndex(QStringLiteral("company_name"));
        const QModelIndex cell = customers->index(0, country);
        // NULL reads "NULL" to a screen reader (and is painted so); an empty text does not.
        QCOMPARE(cell.data(Qt::AccessibleTextRole).toString(), QStringLiteral("NULL"));
        QVERIFY(customers->setData(cell, QStringLiteral("Norway")));
        QVERIFY(!cell.data(Qt::AccessibleTextRole).isValid());
        view->setFocus();
        view->setCurrentIndex(cell);
        QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
        QVERIFY(cell.data(Qt::EditRole).isNull());
        QCOMPARE(m_window->editHistory()->undoStack()->count(), 2);
        // A NOT NULL column refuses it, with the reason, and keeps its value.
        QSignalSpy refused(customers, &ui::RecordTableModel::editRefused);
        view->setCurrentIndex(customers->index(0, company));
        QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(refused.size(), 1);
        QVERIFY(!customers->index(0, company).data(Qt::EditRole).isNull());
        uitest::saveScreenshot(m_window.get(), QStringLiteral("null-cells"));
    }

    void shouldEditEachTypeWithItsOwnEditor() {
        QVERIFY(createShop());
        for (const char *sql :
             {"INSERT INTO invoices (id, customer_code, issued, paid, last_update) VALUES (1, "
              "'ALFKI', '2026-01-02', 0, '2026-01-02T08:30:00')",
              "INSERT INTO invoices (id, customer_code, issued, paid) VALUES (2, 'ALFKI', "
              "'02/01/2026', 1)"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        QTableView *view = browser()->currentView();
        ui::RecordTableModel *invoices = browser()->currentModel();
        const orm::Table &t = invoices->table();
        auto rowOf = [invoices](int id) {
            for (int row = 0; row < invoices->rowCount(); ++row) {
                if (invoices->record(row)->id().toInt() == id)
                    return row;
            }
            return -1;
        };
        auto open = [view](const QModelIndex &index) {
            view->setCurrentIndex(index);
            view->edit(index);
            return view->indexWidget(index);
        };
        const int first = rowOf(1);
        QVERIFY(first >= 0);

        // yes/no: a choice of the two (no NULL: the column is NOT NULL), never a text to parse.
        const QModelIndex paid = invoices->index(first, t.columnIndex(QStringLiteral("paid")));
        auto *choice = qobject_cast<QComboBox *>(open(paid));
        QVERIFY(choice);
        QCOMPARE(choice->count(), 2);
        QCOMPARE(choice->currentText(), QStringLiteral("no"));
        choice->setCurrentIndex(choice->findText(QStringLiteral("yes")));
        QVERIFY(ui::tableviews::commitOpenEditor(view));
        QCOMPARE(paid.data(Qt::EditRole), QVariant(true));
        // Typed text is read as people write it: "no" is no (QVariant would say true).
        QVERIFY(invoices->setData(paid, QStringLiteral("no")));
        QCOMPARE(paid.data(Qt::EditRole), QVariant(false));
        QVERIFY(!invoices->setData(paid, QStringLiteral("perhaps")));

        // A date with a calendar, written back in the cell's own ISO form.
        const QModelIndex issued = invoices->index(first, t.columnIndex(QStringLiteral("issued")));
        auto *date = qobject_cast<QLineEdit *>(open(issued));
        QVERIFY(ui::typededitors::isTemporal(date));
        QCOMPARE(date->text(), QStringLiteral("2026-01-02"));
        date->setText(QStringLiteral("2026-05-06"));
        QVERIFY(ui::tableviews::commitOpenEditor(view));
        QCOMPARE(issued.data(Qt::EditRole).toString(), QStringLiteral("2026-05-06"));
        // A timestamp keeps its 'T'.
        const QModelIndex stamp =
            invoices->index(first, t.columnIndex(QStringLiteral("last_update")));
        auto *dateTime = qobject_cast<QLineEdit *>(open(stamp));
        QVERIFY(ui::typededitors::isTemporal(dateTime));
        QCOMPARE(dateTime->text(), QStringLiteral("2026-01-02T08:30:00"));
        dateTime->setText(QStringLiteral("2026-01-03T09:15:00"));
        QVERIFY(ui::tableviews::commitOpenEditor(view));
        QCOMPARE(stamp.data(Qt::EditRole).toString(), QStringLiteral("2026-01-03T09:15:00"));

        // A date the file keeps in another form gets a text editor: opening and closing it
        // leaves the value exactly as it was.
        const int second = rowOf(2);
        const QModelIndex odd = invoices->index(second, t.columnIndex(QStringLiteral("issued")));
        QVERIFY(qobject_cast<QLineEdit *>(open(odd)));
        const int changes = int(m_window->session()->pendingChanges().size());
        QVERIFY(ui::tableviews::commitOpenEditor(view));
        QCOMPARE(odd.data(Qt::EditRole).toString(), QStringLiteral("02/01/2026"));
        QCOMPARE(int(m_window->session()->pendingChanges().size()), changes);
    }

    void shouldSayWhatOpenedOnlyInPart() {
        QVERIFY(createShop());
        QVERIFY(openWindow());
        QVERIFY2(m_prompter->notices.isEmpty(), qPrintable(m_prompter->notices.join('\n')));
        // A foreign key to a table that is not there: the table opens, read-only, and says why.
        QVERIFY(m_database->exec(QStringLiteral("CREATE TABLE orphans (id INTEGER PRIMARY KEY, "
                                                "ghost_id INTEGER REFERENCES ghosts (id))")));
        QVERIFY(openWindow());
        QVERIFY(m_prompter->asked.contains(QStringLiteral("notice: Opened in part")));
        const QString notice = m_prompter->notices.join(QLatin1Char('\n'));
        QVERIFY2(notice.contains(QLatin1String("orphans")) &&
                     notice.contains(QLatin1String("ghosts")),
                 qPrintable(notice));
        QVERIFY(table(QStringLiteral("orphans")).isReadOnly());
        QVERIFY(m_window->session()); // opened all the same
    }

    void shouldLetTheUserChooseWhatNamesARow() {
        QVERIFY(createShop());
        for (const char *sql :
             {"INSERT INTO employees (id, last_name, first_name, title) VALUES (1, 'Adams', "
              "'Andrew', 'General Manager')",
              "INSERT INTO employees (id, last_name, first_name, title, reports_to) VALUES (2, "
              "'Peacock', 'Jane', 'Sales Support Agent', 1)"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        auto managerOfJane = [this] {
            ui::RecordTableModel *employees = browser()->currentModel();
            const int reportsTo = employees->table().columnIndex(QStringLiteral("reports_to"));
            for (int row = 0; row < employees->rowCount(); ++row) {
                if (employees->record(row)->id().toInt() == 2)
                    return employees->index(row, reportsTo).data().toString();
            }
            return QString();
        };
        auto chooseFromHeader = [this](const QString &column, const QString &text) {
            QTableView *view = browser()->currentView();
            const int index = browser()->currentModel()->table().columnIndex(column);
            std::unique_ptr<QMenu> menu(ui::tablemenus::columnMenu(view, index, browser()));
            for (QAction *action : menu->actions()) {
                if (action->text().remove(QLatin1Char('&')) == text) {
                    action->trigger();
                    return true;
                }
            }
            return false;
        };
        QVERIFY(openWindow(QStringLiteral("employees")));
        QCOMPARE(managerOfJane(), QStringLiteral("Andrew Adams"));
        QVERIFY(chooseFromHeader(QStringLiteral("title"), QStringLiteral("Name Rows by title")));
        QCOMPARE(managerOfJane(), QStringLiteral("General Manager"));
        // Remembered for this database.
        QVERIFY(openWindow(QStringLiteral("employees")));
        QCOMPARE(managerOfJane(), QStringLiteral("General Manager"));
        QVERIFY(chooseFromHeader(QStringLiteral("title"),
                                 QStringLiteral("Name Rows as Shelf Chooses")));
        QCOMPARE(managerOfJane(), QStringLiteral("Andrew Adams"));
        QVERIFY(openWindow(QStringLiteral("employees")));
        QCOMPARE(managerOfJane(), QStringLiteral("Andrew Adams"));
    }

    void shouldFindAPersonByFirstAndLastNameTypedInThePicker() {
        QVERIFY(createShop());
        for (const char *sql :
             {"INSERT INTO employees (id, last_name, first_name, title) VALUES (1, 'Adams', "
              "'Andrew', 'General Manager'), (3, 'Mitchell', 'Michael', 'IT Manager'), (4, "
              "'Mitchell', 'Anne', 'IT Staff')",
              "INSERT INTO employees (id, last_name, first_name, title, reports_to) VALUES (2, "
              "'Peacock', 'Jane', 'Sales Support Agent', 1)"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        QVERIFY(openWindow(QStringLiteral("employees")));
        QVERIFY(uitest::activate(m_window.get()));
        ui::RecordTableModel *employees = browser()->currentModel();
        QTableView *view = browser()->currentView();
        const int reportsTo = employees->table().columnIndex(QStringLiteral("reports_to"));
        int jane = -1;
        for (int row = 0; row < employees->rowCount(); ++row) {
            if (employees->record(row)->id().toInt() == 2)
                jane = row;
        }
        QVERIFY(jane >= 0);
        // Given Jane's manager's cell, read "Andrew Adams" (first and last name)
        view->setFocus();
        view->setCurrentIndex(employees->index(jane, reportsTo));
        QTest::keyClick(view, Qt::Key_F2);
        auto *picker = qobject_cast<ui::ForeignKeyPicker *>(QApplication::focusWidget());
        QVERIFY(picker);
        const auto offered = [picker] {
            QList<int> ids;
            for (const orm::RecordPtr &record : picker->results())
                ids << record->id().toInt();
            std::sort(ids.begin(), ids.end());
            return ids;
        };
        const auto type = [picker](const QString &text) {
            picker->clear();
            QTest::keyClicks(picker, text);
        };
        // When the user types a name as the cells read it, or its words in another order
        type(QStringLiteral("Michael Mitchell"));
        // Then the list offers that person only: not every Mitchell, not nobody
        QTRY_COMPARE(offered(), QList<int>{3});
        type(QStringLiteral("mitchell anne"));
        QTRY_COMPARE(offered(), QList<int>{4});
        type(QStringLiteral("Mitchell"));
        QTRY_COMPARE(offered(), (QList<int>{3, 4}));
        // And Enter then Ctrl+S writes the one typed
        type(QStringLiteral("Michael Mitchell"));
        QTRY_COMPARE(offered(), QList<int>{3});
        QTest::keyClick(picker, Qt::Key_Return);
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QVERIFY2(m_prompter->errors.isEmpty(), qPrintable(m_prompter->errors.join(',')));
        QCOMPARE(m_database->scalar(QStringLiteral("SELECT reports_to FROM employees WHERE id = 2"))
                     .toInt(),
                 3);
        // And a whole name typed and taken as it stands, before the list has answered, names
        // the same person; one that only shares a last name is refused
        const orm::RecordPtr janeRecord = employees->record(jane);
        QString error;
        QVERIFY2(ui::applyCellInput(*m_window->session(), nullptr, janeRecord, reportsTo,
                                    QStringLiteral("Anne Mitchell"), &error),
                 qPrintable(error));
        QCOMPARE(janeRecord->value(reportsTo).toInt(), 4);
        QVERIFY(!ui::applyCellInput(*m_window->session(), nullptr, janeRecord, reportsTo,
                                    QStringLiteral("Jim Mitchell"), &error));
        QCOMPARE(janeRecord->value(reportsTo).toInt(), 4);
    }

    void shouldOpenFiveHundredTablesWithoutReadingThem() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        QVERIFY(m_database->exec(QStringLiteral("BEGIN")));
        for (int i = 0; i < 500; ++i) {
            const QString name = QStringLiteral("t%1").arg(i, 3, 10, QLatin1Char('0'));
            QVERIFY(m_database->exec(
                QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, label TEXT%2)")
                    .arg(name, i > 0 ? QStringLiteral(", prev INTEGER REFERENCES t%1")
                                           .arg(i - 1, 3, 10, QLatin1Char('0'))
                                     : QString())));
            QVERIFY(m_database->exec(
                QStringLiteral("INSERT INTO %1 (label) VALUES ('a'), ('b')").arg(name)));
        }
        QVERIFY(m_database->exec(QStringLiteral("COMMIT")));
        QVERIFY(openWindow());
        QCOMPARE(listedNames().size(), 500);
        QCOMPARE(browser()->models().size(), 1);
        // The window read the one table it shows (a page and a count), not five hundred.
        QVERIFY2(m_window->session()->statementCount() < 20,
                 qPrintable(QString::number(m_window->session()->statementCount())));
        QVERIFY(waitForCounts());
        QCOMPARE(navigator()->rowCount(table(QStringLiteral("t499"))), 2);
    }
};

QTEST_MAIN(tst_Navigator)
#include "tst_navigator.moc"
