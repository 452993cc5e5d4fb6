// The related pane over a database Shelf did not create (the shop schema, offscreen): for the
// selected row, its parents named by their labels, its children counted in one group per foreign
// key (two keys to one table are two groups, a composite key is one), the far side of a junction
// table (a playlist's tracks); rows edited there are staged like anywhere else, and a row opened
// from there moves the main view, Back returning. Every model runs under QAbstractItemModelTester.

#include "uitesthelpers.h"

#include "../db/realschemas.h"

#include "app/commandline.h"
#include "ui/edithistory.h"
#include "ui/mainactions.h"
#include "ui/pendingchangespane.h"
#include "ui/relatedrecordsmodel.h"
#include "ui/relatedrecordspane.h"

#include "orm/relatedrows.h"
#include "orm/session.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

using uitest::ScriptedPrompter;

class tst_RelatedPane : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    ScriptedPrompter *m_prompter = nullptr;

    /// The shop schema with a few rows of each kind: customers and their invoices and lines, a
    /// shipment of a line (composite key), staff who report to staff and hand work over (two
    /// keys to one table), playlists of tracks with an owner among the staff.
    bool createShop() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        if (!m_database->open() || !shelftest::createShopSchema(*m_database))
            return false;
        for (const char *sql : {
                 "ALTER TABLE playlists ADD COLUMN owner_id INTEGER REFERENCES employees (id)",
                 "CREATE TABLE handovers (id INTEGER PRIMARY KEY, from_employee INTEGER "
                 "REFERENCES employees (id), to_employee INTEGER REFERENCES employees (id), "
                 "note TEXT)",
                 "INSERT INTO customers (code, company_name) VALUES ('ALFKI', 'Alfreds "
                 "Futterkiste'), ('BONAP', 'Bon app''')",
                 "INSERT INTO invoices (id, customer_code, issued) VALUES (7, 'BONAP', "
                 "'2026-01-02'), (8, 'BONAP', '2026-02-03'), (9, 'ALFKI', '2026-03-04')",
                 "INSERT INTO invoice_lines (invoice_id, line_no, product, price, quantity) "
                 "VALUES (7, 1, 'Tea', 0.99, 3), (7, 2, 'Jam', 1.10, 1), (8, 1, 'Bread', 2.50, 2)",
                 "INSERT INTO shipments (id, invoice_id, line_no, carrier) VALUES (10, 7, 2, "
                 "'Post'), (11, 7, 2, 'Courier')",
                 "INSERT INTO employees (id, last_name, first_name, title) VALUES (1, 'Adams', "
                 "'Andrew', 'General Manager')",
                 "INSERT INTO employees (id, last_name, first_name, title, reports_to) VALUES "
                 "(2, 'Peacock', 'Jane', 'Sales Agent', 1), (3, 'Park', 'Margaret', 'Sales "
                 "Agent', 1)",
                 "INSERT INTO handovers (id, from_employee, to_employee, note) VALUES (1, 1, 2, "
                 "'keys'), (2, 1, 3, 'files'), (3, 2, 1, 'report')",
                 "INSERT INTO playlists (id, name, owner_id) VALUES (1, 'Road Trip', 1), (2, "
                 "'Quiet', 2)",
                 "INSERT INTO tracks (id, name, milliseconds, unit_price) VALUES (1, 'Drive', "
                 "200000, 0.99), (2, 'Highway', 310000, 0.99), (3, 'Rain', 250000, 1.29)",
                 "INSERT INTO playlist_track (playlist_id, track_id) VALUES (1, 2), (1, 1), (2, "
                 "3)",
             }) {
            if (!m_database->exec(QLatin1String(sql))) {
                qWarning() << sql << m_database->errorString();
                return false;
            }
        }
        return true;
    }
    bool openWindow(const QString &tableName) {
        return uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()), tableName,
                                    m_window, m_prompter);
    }
    ui::TableBrowser *browser() { return m_window->browser(); }
    ui::RelatedRecordsPane *pane() { return browser()->relatedPane(); }
    orm::Session &session() { return *m_window->session(); }
    const orm::Table &table(const QString &name) {
        const orm::Table *found = session().metadata().table(name);
        Q_ASSERT(found);
        return *found;
    }
    orm::RecordPtr row(const QString &tableName, const QVariant &id) {
        return session().get(table(tableName), id);
    }
    /// Shows the record in the main view (so the pane shows its relations) and puts every model
    /// of the pane under QAbstractItemModelTester for the rest of the test.
    bool select(const orm::RecordPtr &record) {
        if (!record || !browser()->revealRecord(record))
            return false;
        if (pane()->record() != record)
            return false;
        for (ui::RelatedRecordsModel *model : pane()->models()) {
            if (!model->findChild<QAbstractItemModelTester *>())
                new QAbstractItemModelTester(
                    model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);
        }
        return true;
    }
    ui::RelatedRecordsModel *group(const QString &name) {
        QTableView *view = pane()->viewForGroup(name);
        return view ? qobject_cast<ui::RelatedRecordsModel *>(view->model()) : nullptr;
    }
    static QStringList column(const ui::RecordModel *model, const QString &name) {
        const int index = model->table().columnIndex(name);
        QStringList values;
        for (int r = 0; r < model->rowCount(); ++r)
            values << model->index(r, index).data().toString();
        return values;
    }
    QString currentTableName() { return browser()->currentModel()->table().name(); }
    orm::RecordPtr currentRecord() {
        return browser()->currentModel()->record(browser()->currentView()->currentIndex().row());
    }
    QString groupList() { return pane()->groupTitles().join(QStringLiteral(" | ")); }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        QSettings().clear();
        QVERIFY(createShop());
    }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldListParentsByLabelAndChildrenCounted() {
        QVERIFY(openWindow(QStringLiteral("invoices")));
        for (ui::RecordTableModel *model : browser()->models())
            new QAbstractItemModelTester(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);
        // An invoice: its lines counted, its customer named as a person reads it
        QVERIFY(select(row(QStringLiteral("invoices"), 7)));
        QCOMPARE(pane()->groupTitles(), QStringList({QStringLiteral("invoice_lines (2)"),
                                                     QStringLiteral("customer_code: Bon app'")}));
        ui::RelatedRecordsModel *customer = group(QStringLiteral("customer_code"));
        QVERIFY(customer);
        QCOMPARE(customer->rowCount(), 1);
        QCOMPARE(customer->record(0)->id().toString(), QStringLiteral("BONAP"));
        QCOMPARE(column(group(QStringLiteral("invoice_lines")), QStringLiteral("product")),
                 QStringList({QStringLiteral("Tea"), QStringLiteral("Jam")}));

        // A customer (text key): its invoices, and the orders that name it by company
        QVERIFY(select(row(QStringLiteral("customers"), QStringLiteral("BONAP"))));
        QVERIFY2(pane()->groupTitles().contains(QStringLiteral("invoices (2)")),
                 qPrintable(groupList()));
        QVERIFY2(pane()->groupTitles().contains(QStringLiteral("orders_by_company (company) (0)")),
                 qPrintable(groupList()));

        // An invoice line (composite key): its shipments through a two-column foreign key, and
        // a shipment's line as its parent
        QVERIFY(select(session().get(table(QStringLiteral("invoice_lines")), QVariantList{7, 2})));
        QVERIFY2(
            pane()->groupTitles().contains(QStringLiteral("shipments (invoice_id, line_no) (2)")),
            qPrintable(groupList()));
        QCOMPARE(column(group(QStringLiteral("shipments (invoice_id, line_no)")),
                        QStringLiteral("carrier")),
                 QStringList({QStringLiteral("Post"), QStringLiteral("Courier")}));
        QVERIFY(select(row(QStringLiteral("shipments"), 10)));
        ui::RelatedRecordsModel *line = group(QStringLiteral("invoice_id, line_no"));
        QVERIFY2(line, qPrintable(groupList()));
        QCOMPARE(line->rowCount(), 1);
        QCOMPARE(line->record(0)->value(QStringLiteral("product")).toString(),
                 QStringLiteral("Jam"));
    }

    void shouldKeepNumbersBesideTheirHeader() {
        // Given a track whose plays end with a column of numbers (times), in a pane wider than
        // their columns
        for (const char *sql :
             {"CREATE TABLE plays (id INTEGER PRIMARY KEY, track_id INTEGER REFERENCES tracks "
              "(id), "
              "listener TEXT, times INTEGER)",
              "INSERT INTO plays (id, track_id, listener, times) VALUES (1, 1, 'Ann', 3), (2, 1, "
              "'Bob', 12)"})
            QVERIFY2(m_database->exec(QLatin1String(sql)), sql);
        QVERIFY(openWindow(QStringLiteral("tracks")));
        QVERIFY(select(row(QStringLiteral("tracks"), 1)));
        QTableView *plays = pane()->viewForGroup(QStringLiteral("plays"));
        QVERIFY2(plays, qPrintable(groupList()));
        pane()->findChild<QTabWidget *>()->setCurrentWidget(plays);
        QVERIFY(QTest::qWaitForWindowExposed(plays->window()));
        const int times = table(QStringLiteral("plays")).columnIndex("times");
        QHeaderView *header = plays->horizontalHeader();
        QCOMPARE(header->logicalIndex(header->count() - 1), times);
        const QModelIndex cell = plays->model()->index(0, times);
        QCOMPARE(cell.data().toString(), QStringLiteral("3"));
        QVERIFY(cell.data(Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight);

        // Then the column is as wide as its values, not stretched to the pane's far edge: the
        // number sits under its header, the room left over after it
        const QRect value = plays->visualRect(cell);
        QCOMPARE(header->sectionViewportPosition(times), value.left());
        QVERIFY2(value.width() <= 2 * header->sectionSizeHint(times),
                 qPrintable(QStringLiteral("%1 px wide").arg(value.width())));
        QVERIFY2(value.right() < plays->viewport()->width() - value.width(),
                 qPrintable(QStringLiteral("ends at %1 of %2")
                                .arg(value.right())
                                .arg(plays->viewport()->width())));
        uitest::saveScreenshot(pane(), QStringLiteral("related-numbers-beside-header"));

        // And a group whose last column is text still gives it the room left over
        QVERIFY(openWindow(QStringLiteral("employees")));
        QVERIFY(select(row(QStringLiteral("employees"), 1)));
        QTableView *handovers = pane()->viewForGroup(QStringLiteral("handovers (from_employee)"));
        QVERIFY(handovers);
        QVERIFY(handovers->horizontalHeader()->stretchLastSection());
    }

    void shouldShowTwoKeysToOneTableAsTwoGroups() {
        QVERIFY(openWindow(QStringLiteral("employees")));
        // Andrew: two report to him; he handed over twice and received once; he reports to no one
        QVERIFY(select(row(QStringLiteral("employees"), 1)));
        const QStringList titles = pane()->groupTitles();
        QVERIFY2(titles.contains(QStringLiteral("employees (2)")), qPrintable(groupList()));
        QVERIFY2(titles.contains(QStringLiteral("handovers (from_employee) (2)")),
                 qPrintable(groupList()));
        QVERIFY2(titles.contains(QStringLiteral("handovers (to_employee) (1)")),
                 qPrintable(groupList()));
        QVERIFY2(titles.contains(QStringLiteral("reports_to: none")), qPrintable(groupList()));
        QCOMPARE(column(group(QStringLiteral("handovers (to_employee)")), QStringLiteral("note")),
                 QStringList({QStringLiteral("report")}));
        // Jane reports to Andrew, named as a person reads
        QVERIFY(select(row(QStringLiteral("employees"), 2)));
        QVERIFY2(pane()->groupTitles().contains(QStringLiteral("reports_to: Andrew Adams")),
                 qPrintable(groupList()));
    }

    void shouldShowAPlaylistsTracksThroughTheJunction() {
        QVERIFY(openWindow(QStringLiteral("playlists")));
        QVERIFY(orm::isJunction(table(QStringLiteral("playlist_track"))));
        QVERIFY(select(row(QStringLiteral("playlists"), 1)));
        QVERIFY2(pane()->groupTitles().contains(QStringLiteral("tracks via playlist_track (2)")),
                 qPrintable(groupList()));
        ui::RelatedRecordsModel *tracks = group(QStringLiteral("tracks via playlist_track"));
        QVERIFY(tracks);
        QStringList names = column(tracks, QStringLiteral("name"));
        names.sort();
        QCOMPARE(names, QStringList({QStringLiteral("Drive"), QStringLiteral("Highway")}));
        // The junction rows are children too, and the owner a parent
        QVERIFY2(pane()->groupTitles().contains(QStringLiteral("playlist_track (2)")),
                 qPrintable(groupList()));
        QVERIFY2(pane()->groupTitles().contains(QStringLiteral("owner: Andrew Adams")),
                 qPrintable(groupList()));
        pane()
            ->findChild<QTabWidget *>(QStringLiteral("relatedTabs"))
            ->setCurrentWidget(pane()->viewForGroup(QStringLiteral("tracks via playlist_track")));
        uitest::saveScreenshot(pane(), QStringLiteral("related-pane-playlist"));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("related-pane-window"));

        // When a link to Rain is staged, Rain joins the group; when it is undone, it leaves
        const orm::ManyToMany link =
            orm::manyToManyFrom(table(QStringLiteral("playlists"))).first();
        orm::RecordPtr added = link.junction()->createRecord();
        QVERIFY(added->setParent(*link.far, row(QStringLiteral("tracks"), 3)));
        m_window->editHistory()->addNew(added, row(QStringLiteral("playlists"), 1), link.near);
        QTRY_COMPARE(tracks->rowCount(), 3);
        QVERIFY(column(tracks, QStringLiteral("name")).contains(QStringLiteral("Rain")));
        QTRY_VERIFY2(
            pane()->groupTitles().contains(QStringLiteral("tracks via playlist_track (3)")),
            qPrintable(groupList()));
        m_window->editHistory()->undoStack()->undo();
        QTRY_COMPARE(tracks->rowCount(), 2);
    }

    void shouldStageAnEditMadeInAGroup() {
        QVERIFY(openWindow(QStringLiteral("playlists")));
        QVERIFY(select(row(QStringLiteral("playlists"), 1)));
        ui::RelatedRecordsModel *tracks = group(QStringLiteral("tracks via playlist_track"));
        QVERIFY(tracks);
        const int name = tracks->table().columnIndex(QStringLiteral("name"));
        const int highwayRow =
            int(column(tracks, QStringLiteral("name")).indexOf(QStringLiteral("Highway")));
        QVERIFY(highwayRow >= 0);
        const orm::RecordPtr highway = tracks->record(highwayRow);
        // When a track is renamed in the group, the change is staged, not written
        QVERIFY(tracks->setData(tracks->index(highwayRow, name), QStringLiteral("Highway 61")));
        QVERIFY(session().hasChanges());
        QCOMPARE(highway->value(name).toString(), QStringLiteral("Highway 61"));
        QCOMPARE(
            m_database->scalar(QStringLiteral("SELECT name FROM tracks WHERE id = 2")).toString(),
            QStringLiteral("Highway"));
        QVERIFY(tracks->index(highwayRow, name).data(ui::RecordTableModel::ModifiedRole).toBool());
        // The main grid shows it staged, and the pending changes list it
        QVERIFY(browser()->openTable(table(QStringLiteral("tracks"))));
        ui::RecordTableModel *grid = browser()->modelFor(table(QStringLiteral("tracks")));
        const int gridRow = grid->ensureLoaded(highway.get());
        QVERIFY(gridRow >= 0);
        QCOMPARE(grid->index(gridRow, name).data().toString(), QStringLiteral("Highway 61"));
        QVERIFY(grid->index(gridRow, name).data(ui::RecordTableModel::ModifiedRole).toBool());
        QTreeWidget *pending = m_window->pendingChangesPane()->changesTree();
        QTRY_VERIFY(
            !pending
                 ->findItems(QStringLiteral("Highway 61"), Qt::MatchContains | Qt::MatchRecursive)
                 .isEmpty());
        // A parent edited in its group is staged too: the invoice's customer renamed
        QVERIFY(browser()->openTable(table(QStringLiteral("invoices"))));
        QVERIFY(select(row(QStringLiteral("invoices"), 8)));
        ui::RelatedRecordsModel *customer = group(QStringLiteral("customer_code"));
        QVERIFY(customer);
        const int company = customer->table().columnIndex(QStringLiteral("company_name"));
        QVERIFY(customer->setData(customer->index(0, company), QStringLiteral("Bon appétit")));
        QTRY_VERIFY2(pane()->groupTitles().contains(QStringLiteral("customer_code: Bon appétit")),
                     qPrintable(groupList()));
        // Commit writes both
        m_window->actions().commit->trigger();
        QVERIFY2(m_prompter->errors.isEmpty(), qPrintable(m_prompter->errors.join(',')));
        QCOMPARE(
            m_database->scalar(QStringLiteral("SELECT name FROM tracks WHERE id = 2")).toString(),
            QStringLiteral("Highway 61"));
        QCOMPARE(
            m_database
                ->scalar(QStringLiteral("SELECT company_name FROM customers WHERE code = 'BONAP'"))
                .toString(),
            QStringLiteral("Bon appétit"));
    }

    void shouldOpenARelatedRowAndComeBack() {
        QVERIFY(openWindow(QStringLiteral("playlists")));
        QAction *back = m_window->actions().goBack;
        QAction *forward = m_window->actions().goForward;
        QVERIFY(select(row(QStringLiteral("playlists"), 1)));
        // Open a track of the playlist with the pane's button
        QTableView *tracks = pane()->viewForGroup(QStringLiteral("tracks via playlist_track"));
        QVERIFY(tracks);
        pane()->findChild<QTabWidget *>(QStringLiteral("relatedTabs"))->setCurrentWidget(tracks);
        QVERIFY(!pane()->openButton()->isEnabled());
        const orm::RecordPtr track = tracks->model()
                                         ->index(0, 0)
                                         .data(ui::RecordTableModel::RecordRole)
                                         .value<orm::RecordPtr>();
        tracks->setCurrentIndex(tracks->model()->index(0, 1));
        QVERIFY(pane()->openButton()->isEnabled());
        QTest::mouseClick(pane()->openButton(), Qt::LeftButton);
        QCOMPARE(currentTableName(), QStringLiteral("tracks"));
        QCOMPARE(currentRecord(), track);
        // Back returns to the playlist, Forward to the track again
        QVERIFY(back->isEnabled());
        back->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("playlists"));
        QCOMPARE(currentRecord()->id().toInt(), 1);
        QVERIFY(forward->isEnabled());
        forward->trigger();
        QCOMPARE(currentRecord(), track);
        back->trigger();

        // A parent opens the same way, with Ctrl+G from its group: the playlist's owner
        QTableView *owner = pane()->viewForGroup(QStringLiteral("owner"));
        QVERIFY2(owner, qPrintable(groupList()));
        pane()->findChild<QTabWidget *>(QStringLiteral("relatedTabs"))->setCurrentWidget(owner);
        owner->setFocus();
        owner->setCurrentIndex(owner->model()->index(0, 1));
        QVERIFY(m_window->actions().goToRecord->isEnabled());
        m_window->actions().goToRecord->trigger();
        QCOMPARE(currentTableName(), QStringLiteral("employees"));
        QCOMPARE(currentRecord()->id().toInt(), 1);
        // The mouse's back button returns too
        QTest::mouseClick(browser()->currentView()->viewport(), Qt::BackButton);
        QCOMPARE(currentTableName(), QStringLiteral("playlists"));
        QCOMPARE(currentRecord()->id().toInt(), 1);
    }

    void shouldRefuseNewRowsWhereTheyWouldBeLinkedToNothing() {
        QVERIFY(openWindow(QStringLiteral("playlists")));
        QVERIFY(select(row(QStringLiteral("playlists"), 1)));
        QTableView *tracks = pane()->viewForGroup(QStringLiteral("tracks via playlist_track"));
        pane()->findChild<QTabWidget *>(QStringLiteral("relatedTabs"))->setCurrentWidget(tracks);
        tracks->setFocus();
        tracks->setCurrentIndex(tracks->model()->index(0, 1));
        QTRY_COMPARE(browser()->activeView(), tracks);
        m_window->actions().newRecord->trigger();
        QVERIFY(!session().hasChanges());
        QCOMPARE(tracks->model()->rowCount(), 2);
    }
};

QTEST_MAIN(tst_RelatedPane)
#include "tst_relatedpane.moc"
