// "Delete these N rows too" on a database Shelf did not create: a customer whose invoices keep it
// (ON DELETE RESTRICT) cannot be deleted alone; the preview offers to delete the invoices as
// well, shows that larger delete in full (the invoice lines the database cascades to included)
// before anything is staged, and stages it as one step to undo — for one row or a selection.

#include "uitesthelpers.h"

#include "../db/realschemas.h"

#include "ui/deletepreviewdialog.h"
#include "ui/edithistory.h"
#include "ui/pendingchangespane.h"

#include "orm/session.h"

#include <QDockWidget>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QTreeWidget>
#include <QTreeWidgetItem>
#include <QUndoStack>

using Choice = ui::Prompter::DeleteChoice;

class tst_DeleteWithDependents : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    uitest::ScriptedPrompter *m_prompter = nullptr;

    qint64 count(const QString &sql) { return m_database->scalar(sql).toLongLong(); }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        QVERIFY(shelftest::createShopSchema(*m_database));
        for (const char *sql :
             {"INSERT INTO customers (code, company_name) VALUES ('ALFKI', 'Alfreds'), ('BONAP', "
              "'Bon app')",
              "INSERT INTO invoices (id, customer_code, issued) VALUES (1, 'ALFKI', '2026-01-01'), "
              "(2, 'ALFKI', '2026-02-01'), (3, 'BONAP', '2026-03-01')",
              "INSERT INTO invoice_lines (invoice_id, line_no, product, price, quantity) VALUES "
              "(1, 1, 'Tea', 4.5, 2), (1, 2, 'Jam', 3, 1), (2, 1, 'Tea', 4.5, 1), (3, 1, 'Jam', "
              "3, 5)",
              // A shop's products fall back to category 1 when theirs goes (ON DELETE SET DEFAULT)
              "CREATE TABLE category (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
              "CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category_id "
              "INTEGER NOT NULL DEFAULT 1 REFERENCES category(id) ON DELETE SET DEFAULT)",
              "INSERT INTO category VALUES (1, 'Uncategorised'), (2, 'Music'), (3, 'Books')",
              "INSERT INTO product VALUES (1, 'Pen', 1), (2, 'Vinyl', 2), (3, 'Novel', 3)",
              // Stores fall back to region 'NONE' when their region's code changes (ON UPDATE
              // SET DEFAULT)
              "CREATE TABLE region (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
              "CREATE TABLE store (id INTEGER PRIMARY KEY, name TEXT NOT NULL, region_code TEXT "
              "NOT NULL DEFAULT 'NONE' REFERENCES region(code) ON UPDATE SET DEFAULT)",
              "INSERT INTO region VALUES ('NONE', 'Unassigned'), ('N', 'North')",
              "INSERT INTO store VALUES (1, 'Leeds', 'N'), (2, 'York', 'N'), (3, 'Bath', 'NONE')"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        m_window = std::make_unique<app::MainWindow>();
        auto prompter = std::make_unique<uitest::ScriptedPrompter>();
        m_prompter = prompter.get();
        m_window->setPrompter(std::move(prompter));
        m_window->resize(1300, 760);
        m_window->show();
        QVERIFY(m_window->openDatabase(ui::DatabaseTarget::sqlite(m_database->sqlitePath())));
        QVERIFY(m_window->showTable(QStringLiteral("customers")));
    }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldOfferToDeleteTheBlockingRowsAndPreviewThatFirst() {
        ui::TableBrowser *browser = m_window->browser();
        ui::RecordTableModel *customers = browser->currentModel();
        int alfki = 0;
        while (alfki < customers->rowCount() &&
               customers->record(alfki)->id().toString() != QLatin1String("ALFKI"))
            ++alfki;
        QVERIFY(alfki < customers->rowCount());
        browser->currentView()->setCurrentIndex(customers->index(alfki, 1));
        browser->currentView()->setFocus();

        // First: blocked, and the dialog offers the larger delete, counting the blocking rows.
        m_prompter->deleteAnswers = {Choice::WithDependents, Choice::Cancel};
        m_window->actions().deleteRecord->trigger();
        QCOMPARE(m_prompter->previews.size(), 2);
        const orm::DeletePreview blocked = m_prompter->previews.at(0);
        QVERIFY(blocked.isBlocked());
        {
            ui::DeletePreviewDialog dialog(blocked, m_window.get());
            QVERIFY(dialog.withDependentsButton());
            QCOMPARE(dialog.withDependentsButton()->text(),
                     QStringLiteral("Delete these 2 rows too\u2026"));
            // The blocking rows are named under their count, after the reason: ALFKI's two
            // invoices, not BONAP's.
            QTreeWidgetItem *rows =
                dialog.groupItem(ui::DeletePreviewDialog::Group::Blockers)->child(0);
            QCOMPARE(rows->childCount(), 3);
            const orm::Table &invoices =
                *m_window->session()->metadata().table(QStringLiteral("invoices"));
            QCOMPARE(rows->child(1)->text(0), m_window->session()->get(invoices, 1)->displayName());
            QCOMPARE(rows->child(2)->text(0), m_window->session()->get(invoices, 2)->displayName());
            QVERIFY(!dialog.deleteButton());
        }
        // Then the delete with its dependents, in full, before anything is staged.
        const orm::DeletePreview whole = m_prompter->previews.at(1);
        QVERIFY(!whole.isBlocked());
        QStringList deletedTables;
        for (const orm::DeletePreview::Deleted &entry : whole.deleted)
            deletedTables << entry.record->table().name();
        QCOMPARE(deletedTables.count(QStringLiteral("invoices")), 2);
        QCOMPARE(deletedTables.count(QStringLiteral("customers")), 1);
        {
            ui::DeletePreviewDialog dialog(whole, m_window.get());
            QVERIFY(dialog.deleteButton());
            QVERIFY(!dialog.withDependentsButton());
            QCOMPARE(
                dialog.headline(),
                QStringLiteral("Delete customers 'Alfreds' and the 2 rows that depend on it?"));
            // Each dependent says why it goes, nested under the row it refers to.
            QTreeWidgetItem *customer =
                dialog.groupItem(ui::DeletePreviewDialog::Group::Deleted)->child(0);
            QCOMPARE(customer->text(0), QStringLiteral("customers 'Alfreds'"));
            QCOMPARE(customer->childCount(), 2);
            QVERIFY2(customer->child(0)->text(1).contains(QLatin1String("customer_code")),
                     qPrintable(customer->child(0)->text(1)));
            dialog.resize(760, 480);
            dialog.show();
            uitest::saveScreenshot(&dialog, QStringLiteral("delete-with-dependents"));
        }
        // Cancelled at the second question: nothing staged.
        QVERIFY(!m_window->session()->hasChanges());

        // Now confirmed: one undo step stages it all.
        m_prompter->deleteAnswers = {Choice::WithDependents, Choice::Delete};
        m_window->actions().deleteRecord->trigger();
        QUndoStack *undo = m_window->editHistory()->undoStack();
        QCOMPARE(undo->count(), 1);
        const orm::RecordPtr customer =
            m_window->session()->get(customers->table(), QStringLiteral("ALFKI"));
        QVERIFY(customer->isMarkedForDelete());
        undo->undo();
        QVERIFY(!m_window->session()->hasChanges());
        undo->redo();
        QVERIFY(m_window->session()->hasChanges());
        m_window->actions().commit->trigger();
        QVERIFY(!m_window->session()->hasChanges());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers WHERE code = 'ALFKI'")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices WHERE customer_code = "
                                      "'ALFKI'")),
                 0);
        // The lines went with their invoices; the other customer's rows are untouched.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices")), 1);
    }

    void shouldSayWhyTheDefaultCategoryCannotGoAndWhereProductsMove() {
        // Given categories 1 (the products' default) and 3 selected
        QVERIFY(m_window->showTable(QStringLiteral("category")));
        ui::TableBrowser *browser = m_window->browser();
        ui::RecordTableModel *categories = browser->currentModel();
        QCOMPARE(categories->rowCount(), 3);
        QTableView *view = browser->currentView();
        view->setFocus();
        view->setCurrentIndex(categories->index(0, 1));
        view->selectionModel()->select(categories->index(2, 1), QItemSelectionModel::Select);
        // When Delete is chosen
        m_prompter->deleteAnswers = {Choice::Cancel};
        m_window->actions().deleteRecord->trigger();
        // Then the preview is blocked: the novel of Books would fall back to Uncategorised,
        // which goes too, and so would the pen; the dialog says so, naming the row and the rule
        QCOMPARE(m_prompter->previews.size(), 1);
        const orm::DeletePreview blocked = m_prompter->previews.at(0);
        QVERIFY(blocked.isBlocked());
        {
            ui::DeletePreviewDialog dialog(blocked, m_window.get());
            QVERIFY(!dialog.deleteButton());
            QVERIFY2(dialog.summary().contains(QLatin1String("each named below): 2.")),
                     qPrintable(dialog.summary()));
            QStringList texts;
            QTreeWidgetItem *group = dialog.groupItem(ui::DeletePreviewDialog::Group::Blockers);
            QVERIFY(group);
            const auto collect = [&texts](QTreeWidgetItem *item, const auto &self) -> void {
                texts << item->text(0) + QLatin1Char(' ') + item->text(1);
                for (int i = 0; i < item->childCount(); ++i)
                    self(item->child(i), self);
            };
            collect(group, collect);
            const QString shown = texts.join(QLatin1Char('\n'));
            QVERIFY2(shown.contains(QLatin1String("category 'Uncategorised' is deleted too")) &&
                         shown.contains(QLatin1String("ON DELETE SET DEFAULT")),
                     qPrintable(shown));
            dialog.resize(860, 420);
            dialog.show();
            uitest::saveScreenshot(&dialog, QStringLiteral("delete-set-default-blocked"));
        }
        QVERIFY(!m_window->session()->hasChanges());

        // And Books alone: the preview names where its novel goes, and the commit does that
        view->selectionModel()->clearSelection();
        view->setCurrentIndex(categories->index(2, 1));
        m_prompter->deleteAnswers = {Choice::Delete};
        m_window->actions().deleteRecord->trigger();
        QCOMPARE(m_prompter->previews.size(), 2);
        const orm::DeletePreview moves = m_prompter->previews.at(1);
        QVERIFY(!moves.isBlocked());
        {
            ui::DeletePreviewDialog dialog(moves, m_window.get());
            QTreeWidgetItem *group =
                dialog.groupItem(ui::DeletePreviewDialog::Group::DatabaseEffects);
            QVERIFY(group && group->childCount() == 1);
            QTreeWidgetItem *effect = group->child(0);
            // The count first, then the reason as the line under it
            const QString shown = effect->text(0) + QLatin1Char('\n') +
                                  (effect->childCount() ? effect->child(0)->text(0) : QString());
            QVERIFY2(shown.contains(QLatin1String("category 'Uncategorised'")), qPrintable(shown));
            dialog.resize(860, 360);
            dialog.show();
            uitest::saveScreenshot(&dialog, QStringLiteral("delete-set-default-moves"));
        }
        m_window->actions().commit->trigger();
        QVERIFY(!m_window->session()->hasChanges());
        QCOMPARE(count(QStringLiteral("SELECT category_id FROM product WHERE id = 3")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM category")), 2);
    }

    void shouldOfferTheSameForSeveralSelectedRows() {
        // Given both customers selected, each kept by its invoices (ON DELETE RESTRICT)
        ui::TableBrowser *browser = m_window->browser();
        ui::RecordTableModel *customers = browser->currentModel();
        QCOMPARE(customers->rowCount(), 2);
        QTableView *view = browser->currentView();
        view->setFocus();
        view->setCurrentIndex(customers->index(0, 1));
        view->selectionModel()->select(customers->index(1, 1), QItemSelectionModel::Select);

        // When Delete is chosen and the larger delete asked for, then cancelled
        m_prompter->deleteAnswers = {Choice::WithDependents, Choice::Cancel};
        m_window->actions().deleteRecord->trigger();

        // Then the blocked preview of the two offers to delete the three invoices too
        QCOMPARE(m_prompter->previews.size(), 2);
        const orm::DeletePreview blocked = m_prompter->previews.at(0);
        QVERIFY(blocked.isBlocked());
        {
            ui::DeletePreviewDialog dialog(blocked, m_window.get());
            QCOMPARE(dialog.headline(), QStringLiteral("These 2 records cannot all be deleted."));
            QVERIFY(dialog.withDependentsButton());
            QCOMPARE(dialog.withDependentsButton()->text(),
                     QStringLiteral("Delete these 3 rows too\u2026"));
            QVERIFY(!dialog.deleteButton());
            dialog.show();
            uitest::saveScreenshot(&dialog, QStringLiteral("delete-several-blocked"));
        }
        // And the second preview lists the two customers and all three invoices, nothing blocking
        const orm::DeletePreview whole = m_prompter->previews.at(1);
        QVERIFY(!whole.isBlocked());
        QVERIFY2(whole.error.isEmpty(), qPrintable(whole.error));
        QSet<QString> previewed;
        for (const orm::DeletePreview::Deleted &entry : whole.deleted)
            previewed.insert(entry.record->displayName());
        QCOMPARE(whole.deletedCount(QStringLiteral("customers")), 2);
        QCOMPARE(whole.deletedCount(QStringLiteral("invoices")), 3);
        {
            ui::DeletePreviewDialog dialog(whole, m_window.get());
            QVERIFY(dialog.deleteButton());
            QVERIFY(!dialog.withDependentsButton());
            QCOMPARE(dialog.headline(),
                     QStringLiteral("Delete these 2 records and the 3 rows that depend on them?"));
            // Each customer's invoices are nested under it, saying through which column.
            QTreeWidgetItem *group = dialog.groupItem(ui::DeletePreviewDialog::Group::Deleted);
            QCOMPARE(group->childCount(), 2);
            QCOMPARE(group->child(0)->childCount() + group->child(1)->childCount(), 3);
            QVERIFY2(group->child(0)->child(0)->text(1).contains(QLatin1String("customer_code")),
                     qPrintable(group->child(0)->child(0)->text(1)));
            dialog.resize(760, 480);
            dialog.show();
            uitest::saveScreenshot(&dialog, QStringLiteral("delete-several-with-dependents"));
        }
        QVERIFY(!m_window->session()->hasChanges());

        // When confirmed
        m_prompter->deleteAnswers = {Choice::WithDependents, Choice::Delete};
        m_window->actions().deleteRecord->trigger();

        // Then exactly what was previewed is staged, as one step to undo
        QSet<QString> staged;
        for (const orm::PendingChange &change : m_window->session()->pendingChanges()) {
            QCOMPARE(change.kind, orm::PendingChange::Kind::Deleted);
            staged.insert(change.record->displayName());
        }
        QCOMPARE(staged, previewed);
        QUndoStack *undo = m_window->editHistory()->undoStack();
        QCOMPARE(undo->count(), 1);
        undo->undo();
        QVERIFY(!m_window->session()->hasChanges());
        undo->redo();
        m_window->actions().commit->trigger();
        QVERIFY(!m_window->session()->hasChanges());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 0);
    }

    void shouldListWhereARegionsStoresGoWhenItsCodeChangesOrWhyTheyCannot() {
        orm::Session *session = m_window->session();
        const orm::Table &regions = *session->metadata().table(QStringLiteral("region"));
        ui::PendingChangesPane *pane = m_window->pendingChangesPane();
        const auto lines = [pane] { return uitest::pendingLines(pane).join(QLatin1Char('\n')); };
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("pendingChangesDock"));
        QVERIFY(dock);
        dock->show();
        m_window->resizeDocks({dock}, {760}, Qt::Horizontal);
        QTRY_VERIFY(pane->width() >= 700); // the effects read whole in the pictures
        // When North's code is edited: its two stores go to Unassigned, named
        QVERIFY(session->get(regions, QStringLiteral("N"))
                    ->setValue(QStringLiteral("code"), QStringLiteral("NO")));
        QVERIFY2(lines().contains(QStringLiteral("the database sets region_code to its default, "
                                                 "region 'Unassigned', in 2 rows of store")),
                 qPrintable(lines()));
        uitest::saveScreenshot(pane, QStringLiteral("pending-update-set-default-moves"));
        session->rollback();
        // When Unassigned's own code is edited: Bath would be set to a code no row has then
        QVERIFY(session->get(regions, QStringLiteral("NONE"))
                    ->setValue(QStringLiteral("code"), QStringLiteral("NIL")));
        QVERIFY2(lines().contains(QStringLiteral("the database will refuse the change: 1 row of "
                                                 "store would be set to its default, "
                                                 "region_code = NONE, but region 'Unassigned' is "
                                                 "the row edited, whose code changes")),
                 qPrintable(lines()));
        uitest::saveScreenshot(pane, QStringLiteral("pending-update-set-default-refused"));
        // And the commit is refused by the database, keeping the edit
        m_window->actions().commit->trigger();
        QVERIFY(session->hasChanges());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM store WHERE region_code = 'NONE'")), 1);
    }
};

QTEST_MAIN(tst_DeleteWithDependents)
#include "tst_deletewithdependents.moc"
