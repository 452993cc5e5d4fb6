// A well-known sample database opened as a user would open it: Pagila (tests/db/pagilaschema.h)
// on the PostgreSQL test server, in a database of its own per test, through the window. Every
// table and view opens, foreign keys read as names, edits commit and commit again (the
// `last_update` trigger's value read back), the types Shelf edits are edited and the ones it does
// not are read-only with a reason, and deletes follow what Pagila declares (RESTRICT blocks with
// the rows counted, the partitioned `payment` table deletes like any other).

#include "uitesthelpers.h"

#include "../db/pagilaschema.h"
#include "ui/tablenavigator.h"
#include "ui/tableviews.h"

#include "orm/session.h"

#include <QLineEdit>
#include <QRandomGenerator>
#include <QSortFilterProxyModel>
#include <QSqlError>
#include <QSqlQuery>

using Choice = ui::Prompter::DeleteChoice;

class tst_PagilaWindow : public QObject {
    Q_OBJECT
private:
    QString m_database; ///< this test's database
    QString m_opened;   ///< the database the window opens, when not m_database
    std::unique_ptr<app::MainWindow> m_window;
    uitest::ScriptedPrompter *m_prompter = nullptr;

    /// Runs statements on the server's `postgres` database (empty `database`) or on the test's.
    bool run(const QStringList &statements, const QString &database = {}) {
        return shelftest::runOnTestServer(statements, database);
    }
    /// The first value of `sql` on the opened database, through a connection of its own.
    QVariant scalar(const QString &sql) {
        return shelftest::scalarOnTestServer(m_opened.isEmpty() ? m_database : m_opened, sql);
    }
    bool openWindow(const QString &table) {
        ui::DatabaseTarget target;
        target.kind = ui::DatabaseTarget::Kind::Postgres;
        target.host = shelftest::pgServer().host;
        target.port = shelftest::pgServer().port;
        target.database = m_opened.isEmpty() ? m_database : m_opened;
        target.user = shelftest::pgServer().user;
        return uitest::launchWindow(target, table, m_window, m_prompter);
    }
    ui::RecordTableModel *show(const QString &table) {
        if (!m_window->showTable(table))
            return nullptr;
        return m_window->browser()->currentModel();
    }
    static int column(const ui::RecordTableModel *model, const char *name) {
        return model->table().columnIndex(QLatin1String(name));
    }
    /// The row of the record whose key reads `key`, or -1.
    static int rowOf(const ui::RecordTableModel *model, const QVariant &key) {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->record(row)->id() == key)
                return row;
        }
        return -1;
    }
    QString lastError() const { return m_window->session()->lastError().fullText(); }

private Q_SLOTS:
    void initTestCase() {
        uitest::isolateSettings();
        QVERIFY2(!qEnvironmentVariableIsEmpty("SHELF_TEST_PG"),
                 "SHELF_TEST_PG is not set: run the tests through "
                 "scripts/test, which starts a PostgreSQL server");
    }
    void init() {
        QSettings().clear();
        m_database = QStringLiteral("shelf_pagila_") +
                     QString::number(QRandomGenerator::global()->generate(), 36);
        QVERIFY(run({QStringLiteral("CREATE DATABASE %1").arg(m_database)}));
        QVERIFY(
            run(shelftest::pagilaSchemaPostgres() + shelftest::pagilaRowsPostgres(), m_database));
    }
    void cleanup() {
        m_window.reset();
        if (!m_opened.isEmpty())
            QVERIFY(run({QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_opened)}));
        m_opened.clear();
        QVERIFY(run({QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database)}));
    }

    void shouldOpenEveryTableAndViewWithItsRows() {
        QVERIFY(openWindow(QStringLiteral("film")));
        const orm::Metadata &metadata = m_window->session()->metadata();
        // The partitioned payment table once, its partitions not at all
        QVERIFY(metadata.table(QStringLiteral("payment")));
        for (const orm::Table *table : metadata.tables())
            QVERIFY2(!table->name().startsWith(QLatin1String("payment_p")),
                     qPrintable(table->name()));
        for (const char *name :
             {"actor", "address", "category", "city", "country", "customer", "film", "film_actor",
              "film_category", "inventory", "language", "payment", "rental", "staff", "store",
              "customer_list", "film_list"}) {
            ui::RecordTableModel *model = show(QLatin1String(name));
            QVERIFY2(model, name);
            while (model->canFetchMore({}))
                model->fetchMore({});
            QCOMPARE(
                model->rowCount(),
                scalar(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(name))).toInt());
        }
        QVERIFY(metadata.table(QStringLiteral("customer_list"))->isReadOnly());
        QVERIFY(metadata.table(QStringLiteral("film_list"))->isReadOnly());
        QVERIFY(!metadata.table(QStringLiteral("payment"))->isReadOnly());
        // A materialized view created WITH NO DATA cannot be read: its reason says what fills it
        const orm::Table *byCategory = metadata.table(QStringLiteral("rental_by_category"));
        QVERIFY(byCategory && byCategory->isReadOnly());
        QVERIFY2(byCategory->readOnlyReason().contains(QLatin1String("REFRESH MATERIALIZED VIEW")),
                 qPrintable(byCategory->readOnlyReason()));
        QVERIFY(show(QStringLiteral("rental_by_category")));
        QCOMPARE(m_window->browser()->currentModel()->rowCount(), 0);
        QVERIFY(m_prompter->errors.isEmpty());
        // And the navigator says it is not filled, and what fills it, instead of a failed count
        QVERIFY(byCategory->isUnfilled());
        QVERIFY(!metadata.table(QStringLiteral("customer_list"))->isUnfilled());
        // And the Tables filter finds payment by one of its partitions' names, which its
        // tooltip lists
        QSortFilterProxyModel *tables = m_window->navigator()->listModel();
        QTest::keyClicks(m_window->navigator()->filterEdit(), QStringLiteral("P2022_02"));
        const QModelIndexList found =
            tables->match(tables->index(0, 0), Qt::DisplayRole, QStringLiteral("*"), -1,
                          Qt::MatchWildcard | Qt::MatchRecursive);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().data().toString(), QStringLiteral("payment"));
        QVERIFY2(found.first()
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(QLatin1String("payment_p2022_01, payment_p2022_02")),
                 qPrintable(found.first().data(Qt::ToolTipRole).toString()));
        m_window->navigator()->filterEdit()->clear();
        const QModelIndexList listed = m_window->navigator()->listModel()->match(
            m_window->navigator()->listModel()->index(0, 0), Qt::DisplayRole,
            QStringLiteral("rental_by_category"), 1, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(listed.size(), 1);
        const QModelIndex rows = listed.first().siblingAtColumn(1);
        QCOMPARE(rows.data().toString(), QStringLiteral("not filled"));
        QVERIFY2(rows.data(Qt::ToolTipRole)
                     .toString()
                     .contains(QLatin1String("REFRESH MATERIALIZED VIEW")),
                 qPrintable(rows.data(Qt::ToolTipRole).toString()));
    }

    void shouldReadForeignKeysAsTheNamesOfTheRows() {
        QVERIFY(openWindow(QStringLiteral("film")));
        const auto cell = [this](const char *table, const QVariant &key, const char *name) {
            ui::RecordTableModel *model = show(QLatin1String(table));
            return model ? model->index(rowOf(model, key), column(model, name)).data().toString()
                         : QString();
        };
        // A language named in a character(20) column, without the blanks it is padded with
        QCOMPARE(cell("film", 1, "language_id"), QStringLiteral("English"));
        // Customers and staff by first and last name, films by title, cities by country
        QCOMPARE(cell("rental", 1, "customer_id"), QStringLiteral("MARY SMITH"));
        QCOMPARE(cell("rental", 1, "staff_id"), QStringLiteral("Mike Hillyer"));
        QCOMPARE(cell("inventory", 1, "film_id"), QStringLiteral("ACADEMY DINOSAUR"));
        QCOMPARE(cell("store", 1, "manager_staff_id"), QStringLiteral("Mike Hillyer"));
        QCOMPARE(cell("city", 1, "country_id"), QStringLiteral("Australia"));
        ui::RecordTableModel *payment = show(QStringLiteral("payment"));
        QVERIFY(payment && payment->rowCount() > 0);
        QCOMPARE(payment->index(0, column(payment, "customer_id")).data().toString(),
                 QStringLiteral("MARY SMITH"));
        // And the language is chosen by typing its name, as it reads
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        const QModelIndex language = film->index(rowOf(film, 1), column(film, "language_id"));
        QVERIFY2(film->setData(language, QStringLiteral("Italian")),
                 qPrintable(film->lastRefusal()));
        QCOMPARE(language.data().toString(), QStringLiteral("Italian"));
        QCOMPARE(language.data(Qt::EditRole).toInt(), 2);
        // A timestamp reads with every digit the database holds
        QCOMPARE(payment->index(0, column(payment, "payment_date")).data().toString(),
                 scalar(QStringLiteral("SELECT payment_date::text FROM payment ORDER BY "
                                       "payment_date, payment_id LIMIT 1"))
                     .toString());
    }

    void shouldCommitAnEditAndTheNextWithoutAConflict() {
        // Given a film, whose last_update a BEFORE UPDATE trigger sets to CURRENT_TIMESTAMP
        QVERIFY(openWindow(QStringLiteral("film")));
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        const int title = column(film, "title");
        // When its title is edited and committed, twice, and its rating chosen from the enum
        QVERIFY(film->setData(film->index(rowOf(film, 1), title), QStringLiteral("ACADEMY DINO")));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        const orm::RecordPtr academy = film->record(rowOf(film, 1));
        QCOMPARE(academy->value(QStringLiteral("last_update")).toString(),
                 scalar(QStringLiteral("SELECT last_update::text FROM film WHERE film_id = 1"))
                     .toString());
        QVERIFY(film->setData(film->index(rowOf(film, 1), title), QStringLiteral("ACADEMY DINOS")));
        QVERIFY(film->setData(film->index(rowOf(film, 1), column(film, "rating")),
                              QStringLiteral("NC-17")));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        // Then both are in the database, and no conflict was reported
        QCOMPARE(scalar(QStringLiteral("SELECT title || ' ' || rating FROM film WHERE film_id = "
                                       "1"))
                     .toString(),
                 QStringLiteral("ACADEMY DINOS NC-17"));
        QVERIFY(m_prompter->errors.isEmpty());
        // And the trigger that keeps fulltext kept it
        QVERIFY(scalar(QStringLiteral("SELECT fulltext::text FROM film WHERE film_id = 1"))
                    .toString()
                    .contains(QLatin1String("'dino'")));
    }

    void shouldKeepWhatItCannotEditReadOnlyAndSayWhy() {
        QVERIFY(openWindow(QStringLiteral("film")));
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        const int academy = rowOf(film, 1);
        // text[] and tsvector: read-only, the reason in the header, no edit taken
        for (const char *name : {"special_features", "fulltext"}) {
            const QModelIndex cell = film->index(academy, column(film, name));
            QVERIFY2(!(film->flags(cell) & Qt::ItemIsEditable), name);
            QVERIFY(!film->setData(cell, QStringLiteral("{Trailers}")));
            QVERIFY(film->headerData(cell.column(), Qt::Horizontal, Qt::ToolTipRole)
                        .toString()
                        .contains(QLatin1String("Read-only: Shelf cannot edit values of type")));
        }
        QCOMPARE(film->index(academy, column(film, "special_features")).data().toString(),
                 QStringLiteral("{\"Deleted Scenes\",\"Behind the Scenes\"}"));
        QVERIFY(!m_window->session()->hasChanges());
        // The year domain's CHECK, said once in its header
        const QString year =
            film->headerData(column(film, "release_year"), Qt::Horizontal, Qt::ToolTipRole)
                .toString();
        QVERIFY2(year.contains(QLatin1String("CHECK (((VALUE >= 1901)")), qPrintable(year));
        QCOMPARE(year.count(QLatin1String("CHECK")), 1);
        // A year outside it is refused at commit naming the rule; the edit stays staged
        QVERIFY(film->setData(film->index(academy, column(film, "release_year")), 1800));
        QVERIFY(!m_window->session()->commit());
        QVERIFY2(lastError().contains(QLatin1String("year_check")), qPrintable(lastError()));
        QVERIFY(m_window->session()->hasChanges());
        QCOMPARE(scalar(QStringLiteral("SELECT release_year FROM film WHERE film_id = 1")).toInt(),
                 2006);
    }

    void shouldNameAndMarkTheColumnOfAYearOrADateNoPartitionTakes() {
        // Given a film whose year the `year` domain's CHECK refuses, which Shelf stages (and a
        // CHECK on its length by the name PostgreSQL gives it, film_length_check)
        QVERIFY(run({QStringLiteral("ALTER TABLE film ADD CHECK (length > 0)")}, m_database));
        QVERIFY(openWindow(QStringLiteral("film")));
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        const int year = column(film, "release_year");
        QVERIFY(film->setData(film->index(rowOf(film, 2), year), 1800));
        // When the user commits
        m_window->actions().commit->trigger();
        // Then the sentence names the column, which PostgreSQL does not, and its cell is marked
        QCOMPARE(m_prompter->errors.size(), 1);
        QVERIFY2(m_prompter->errors.last().contains(
                     QLatin1String("film 'FILM 2' cannot be saved: release_year breaks the rule "
                                   "year_check.")),
                 qPrintable(m_prompter->errors.last()));
        QCOMPARE(m_window->browser()->currentView()->currentIndex().column(), year);
        QVERIFY(m_window->session()->hasChanges());
        m_window->session()->rollback();
        // And so is a length of 0
        const int length = column(film, "length");
        QVERIFY(film->setData(film->index(rowOf(film, 3), length), 0));
        m_window->actions().commit->trigger();
        QCOMPARE(m_prompter->errors.size(), 2);
        QVERIFY2(m_prompter->errors.last().contains(
                     QLatin1String("film 'FILM 3' cannot be saved: length breaks the rule "
                                   "film_length_check.")),
                 qPrintable(m_prompter->errors.last()));
        QCOMPARE(m_window->browser()->currentView()->currentIndex().column(), length);
        m_window->session()->rollback();

        // Given a payment moved to a date no partition of payment takes
        ui::RecordTableModel *payment = show(QStringLiteral("payment"));
        const int date = column(payment, "payment_date");
        QVERIFY(
            payment->setData(payment->index(0, date), QStringLiteral("2023-06-01 10:00:00+00")));
        // When the user commits
        m_window->actions().commit->trigger();
        // Then the sentence names the column and gives the database's reason, not "the rule ."
        QCOMPARE(m_prompter->errors.size(), 3);
        const QString refused = m_prompter->errors.last();
        QVERIFY2(refused.contains(QStringLiteral("payment_date breaks a rule of the database, "
                                                 "which says: \u201cno partition of relation "
                                                 "\"payment\" found for row\u201d")),
                 qPrintable(refused));
        QVERIFY2(!refused.contains(QLatin1String("rule .")), qPrintable(refused));
        QCOMPARE(m_window->browser()->currentView()->currentIndex().column(), date);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM payment WHERE payment_date >= "
                                       "'2023-01-01'"))
                     .toInt(),
                 0);
        QVERIFY(m_window->session()->hasChanges());
    }

    void shouldStartANewActorAtItsFirstName() {
        // Given actor, named "first_name last_name", its cursor on the last name
        QVERIFY(openWindow(QStringLiteral("actor")));
        ui::RecordTableModel *actor = show(QStringLiteral("actor"));
        QTableView *view = m_window->browser()->currentView();
        view->setCurrentIndex(actor->index(0, column(actor, "last_name")));
        // When a new record is made
        m_window->actions().newRecord->trigger();
        // Then its first name is edited first, so that typing and Tab fill the name in order
        QTRY_VERIFY(view->currentIndex().isValid() &&
                    actor->record(view->currentIndex().row())->state() ==
                        orm::ObjectState::Pending);
        QCOMPARE(view->currentIndex().column(), column(actor, "first_name"));
        QVERIFY(view->indexWidget(view->currentIndex())); // its editor is open
    }

    void shouldLetTheKeyOfANewRowThatIsTakenBeFixedInItsCell() {
        // Given a new actor staged with a key another actor has (as a CSV import stages one)
        QVERIFY(openWindow(QStringLiteral("actor")));
        ui::RecordTableModel *actor = show(QStringLiteral("actor"));
        m_window->actions().newRecord->trigger();
        int fresh = -1;
        for (int row = 0; row < actor->rowCount(); ++row) {
            if (actor->record(row)->state() == orm::ObjectState::Pending)
                fresh = row;
        }
        QVERIFY(fresh >= 0);
        const orm::RecordPtr added = actor->record(fresh);
        QVERIFY(added->setValue(QStringLiteral("actor_id"), 5));
        QVERIFY(added->setValue(QStringLiteral("first_name"), QStringLiteral("GRACE")));
        QVERIFY(added->setValue(QStringLiteral("last_name"), QStringLiteral("KELLY")));
        // When the commit fails on it, and tells the user to fix the marked value
        m_window->actions().commit->trigger();
        QCOMPARE(m_prompter->errors.size(), 1);
        // naming the actor who holds that key
        QVERIFY2(m_prompter->errors.last().contains(QLatin1String("already has this actor_id")) &&
                     !m_prompter->errors.last().contains(QLatin1String("another actor")),
                 qPrintable(m_prompter->errors.last()));
        // Then the marked cell takes the fix, and the commit goes through with it
        const QModelIndex key = actor->index(actor->rowOf(added.get()), column(actor, "actor_id"));
        QVERIFY(actor->flags(key) & Qt::ItemIsEditable);
        QVERIFY(actor->setData(key, 95));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(
            scalar(QStringLiteral("SELECT first_name FROM actor WHERE actor_id = 95")).toString(),
            QStringLiteral("GRACE"));
        // While the key of a stored actor stays what the database gave it
        QVERIFY(!(actor->flags(actor->index(rowOf(actor, 1), column(actor, "actor_id"))) &
                  Qt::ItemIsEditable));
    }

    void shouldAddAFilmWhoseFulltextTheTriggerFills() {
        // fulltext is NOT NULL without a default, and Shelf does not write it: the trigger does
        QVERIFY(openWindow(QStringLiteral("film")));
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        m_window->actions().newRecord->trigger();
        int fresh = -1;
        for (int row = 0; row < film->rowCount(); ++row) {
            if (film->record(row)->state() == orm::ObjectState::Pending)
                fresh = row;
        }
        QVERIFY(fresh >= 0);
        QVERIFY(film->setData(film->index(fresh, column(film, "title")), QStringLiteral("NEW")));
        QVERIFY(film->setData(film->index(fresh, column(film, "language_id")), 2));
        const orm::RecordPtr added = film->record(fresh);
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(added->value(QStringLiteral("film_id")).toInt(), 61);
        QCOMPARE(added->value(QStringLiteral("fulltext")).toString(), QStringLiteral("'new':1"));
        QCOMPARE(added->value(QStringLiteral("rating")).toString(), QStringLiteral("G"));
    }

    void shouldCountWhatBlocksDeletingAFilmAndDeleteItWithItsDependents() {
        QVERIFY(openWindow(QStringLiteral("film")));
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        m_window->browser()->currentView()->setCurrentIndex(film->index(rowOf(film, 1), 1));
        m_prompter->deleteAnswers = {Choice::WithDependents, Choice::Delete};
        m_window->actions().deleteRecord->trigger();
        QCOMPARE(m_prompter->previews.size(), 2);
        // First blocked by its copies, actors and category (ON DELETE RESTRICT), counted
        const orm::DeletePreview blocked = m_prompter->previews.at(0);
        QHash<QString, qint64> blockers;
        for (const auto &blocker : blocked.blockers)
            blockers[blocker.table->name()] += blocker.rows;
        QCOMPARE(blockers.value(QStringLiteral("inventory")), 3);
        QCOMPARE(blockers.value(QStringLiteral("film_actor")), 3);
        QCOMPARE(blockers.value(QStringLiteral("film_category")), 1);
        // Then with them: the copies' rentals too, their payments kept with no rental (SET NULL)
        const orm::DeletePreview whole = m_prompter->previews.at(1);
        QVERIFY(!whole.isBlocked());
        const qint64 rentals =
            scalar(QStringLiteral("SELECT count(*) FROM rental JOIN inventory USING "
                                  "(inventory_id) WHERE film_id = 1"))
                .toLongLong();
        QVERIFY(rentals > 0);
        QCOMPARE(whole.deletedCount(QStringLiteral("rental")), rentals);
        QCOMPARE(whole.databaseEffects.size(), 1);
        QCOMPARE(whole.databaseEffects.first().rows, rentals);
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM film WHERE film_id = 1")).toInt(), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM payment WHERE rental_id IS NULL"))
                     .toLongLong(),
                 rentals);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM payment")).toInt(), 240);
    }

    void shouldEditAddAndDeletePaymentsInTheirPartitions() {
        // payment is partitioned by payment_date, its key (payment_date, payment_id)
        QVERIFY(openWindow(QStringLiteral("payment")));
        ui::RecordTableModel *payment = show(QStringLiteral("payment"));
        const int amount = column(payment, "amount");
        const orm::RecordPtr first = payment->record(0);
        QVERIFY(payment->setData(payment->index(0, amount), QStringLiteral("7.77")));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QVERIFY(payment->setData(payment->index(0, amount), QStringLiteral("8.88")));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        const QString firstId = first->value(QStringLiteral("payment_id")).toString();
        QCOMPARE(scalar(QStringLiteral("SELECT amount::text FROM payment WHERE payment_id = %1")
                            .arg(firstId))
                     .toString(),
                 QStringLiteral("8.88"));
        // A new one lands in February's partition, its key read back
        m_window->actions().newRecord->trigger();
        int fresh = -1;
        for (int row = 0; row < payment->rowCount(); ++row) {
            if (payment->record(row)->state() == orm::ObjectState::Pending)
                fresh = row;
        }
        QVERIFY(fresh >= 0);
        const orm::RecordPtr added = payment->record(fresh);
        QVERIFY(added->setValue(QStringLiteral("customer_id"), 3));
        QVERIFY(added->setValue(QStringLiteral("staff_id"), 1));
        QVERIFY(added->setValue(QStringLiteral("amount"), QStringLiteral("1.23")));
        QVERIFY(added->setValue(QStringLiteral("payment_date"),
                                QStringLiteral("2022-02-03 04:05:06.789012+00")));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(added->value(QStringLiteral("payment_id")).toInt(), 241);
        QCOMPARE(scalar(QStringLiteral("SELECT tableoid::regclass::text FROM payment WHERE "
                                       "payment_id = 241"))
                     .toString(),
                 QStringLiteral("payment_p2022_02"));
        // And the first is deleted
        m_window->browser()->currentView()->setCurrentIndex(
            payment->index(rowOf(payment, first->id()), 1));
        m_prompter->deleteAnswers = {Choice::Delete};
        m_window->actions().deleteRecord->trigger();
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(
            scalar(
                QStringLiteral("SELECT count(*) FROM payment WHERE payment_id = %1").arg(firstId))
                .toInt(),
            0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM payment")).toInt(), 240);
        QVERIFY(m_prompter->errors.isEmpty());
    }

    void shouldPhotographAFilm() {
        QVERIFY(openWindow(QStringLiteral("film")));
        ui::RecordTableModel *film = show(QStringLiteral("film"));
        QTableView *view = m_window->browser()->currentView();
        view->setCurrentIndex(film->index(rowOf(film, 1), column(film, "language_id")));
        view->scrollTo(film->index(0, column(film, "language_id")));
        QVERIFY(!uitest::saveScreenshot(m_window.get(), QStringLiteral("pagila-film")).isEmpty());
    }

    void shouldEditNorthwindsBlankPaddedKeysRealPricesAndManagers() {
        // Given Northwind's PostgreSQL port, in a database of its own
        m_opened = m_database + QStringLiteral("_northwind");
        QVERIFY(run({QStringLiteral("CREATE DATABASE %1").arg(m_opened)}));
        QVERIFY(run(shelftest::northwindPostgres(), m_opened));
        QVERIFY(openWindow(QStringLiteral("orders")));
        // Orders read their customer (a bpchar key) and employee by name
        ui::RecordTableModel *orders = show(QStringLiteral("orders"));
        const int vinet = rowOf(orders, 10248);
        QVERIFY(vinet >= 0);
        QCOMPARE(orders->index(vinet, column(orders, "customer_id")).data().toString(),
                 QStringLiteral("Vins et alcools Chevalier"));
        QCOMPARE(orders->index(vinet, column(orders, "employee_id")).data().toString(),
                 QStringLiteral("Steven Buchanan"));
        // An order re-pointed at another customer, and its freight (real) edited, commit twice
        QVERIFY2(orders->setData(orders->index(vinet, column(orders, "customer_id")),
                                 QStringLiteral("ALFKI")),
                 qPrintable(orders->lastRefusal()));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QVERIFY(orders->setData(orders->index(vinet, column(orders, "freight")), 40.5));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT customer_id || ' ' || freight FROM orders WHERE "
                                       "order_id = 10248"))
                     .toString(),
                 QStringLiteral("ALFKI 40.5"));
        // A line whose real price and discount are not exact in binary is edited without a conflict
        ui::RecordTableModel *details = show(QStringLiteral("order_details"));
        const orm::RecordPtr line =
            m_window->session()->get(details->table(), QVariantList{10248, 5});
        QVERIFY(line);
        QVERIFY(line->setValue(QStringLiteral("quantity"), 11));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT quantity FROM order_details WHERE order_id = "
                                       "10248 AND product_id = 5"))
                     .toInt(),
                 11);
        // An employee who reports to an employee reads the manager's name; a category its picture
        ui::RecordTableModel *employees = show(QStringLiteral("employees"));
        QCOMPARE(employees->index(rowOf(employees, 1), column(employees, "reports_to"))
                     .data()
                     .toString(),
                 QStringLiteral("Andrew Fuller"));
        QVERIFY(
            employees->setData(employees->index(rowOf(employees, 1), column(employees, "title")),
                               QStringLiteral("Sales Manager")));
        QVERIFY2(m_window->session()->commit(), qPrintable(lastError()));
        ui::RecordTableModel *categories = show(QStringLiteral("categories"));
        QCOMPARE(categories->index(rowOf(categories, 1), column(categories, "picture"))
                     .data()
                     .toString(),
                 QStringLiteral("20 bytes"));
        QVERIFY(m_prompter->errors.isEmpty());
    }

    void shouldPageThroughPaymentsSortedByTheirTimestamp() {
        // 240 payments, 50 a page, sorted by payment_date (a timestamp with microseconds) both ways
        QVERIFY(openWindow(QStringLiteral("payment")));
        ui::RecordTableModel *payment = show(QStringLiteral("payment"));
        payment->setPageSize(50);
        payment->setPageCacheSize(2);
        const int date = column(payment, "payment_date");
        for (const Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            payment->sort(date, order);
            QCOMPARE(payment->rowCount(), 240);
            QStringList seen;
            for (int row = 0; row < payment->rowCount(); ++row)
                seen << payment->index(row, date).data().toString();
            QStringList sorted = seen;
            std::sort(sorted.begin(), sorted.end());
            if (order == Qt::DescendingOrder)
                std::reverse(sorted.begin(), sorted.end());
            QCOMPARE(seen, sorted);
            QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 240);
        }
    }

    void shouldAddAStoreAndItsManagerWhoWorksThere() {
        // store.manager_staff_id → staff and staff.store_id → store, both NOT NULL; the latter
        // DEFERRABLE INITIALLY DEFERRED, so the database takes both rows in one transaction once
        // their keys are known
        QVERIFY(openWindow(QStringLiteral("store")));
        orm::Session *session = m_window->session();
        const orm::Metadata &metadata = session->metadata();
        auto store = std::make_shared<orm::Record>(metadata.table(QStringLiteral("store")));
        auto manager = std::make_shared<orm::Record>(metadata.table(QStringLiteral("staff")));
        QVERIFY(manager->setValue(QStringLiteral("first_name"), QStringLiteral("Ann")));
        QVERIFY(manager->setValue(QStringLiteral("last_name"), QStringLiteral("Lee")));
        QVERIFY(manager->setValue(QStringLiteral("address_id"), 6));
        QVERIFY(manager->setValue(QStringLiteral("username"), QStringLiteral("Ann")));
        QVERIFY(store->setValue(QStringLiteral("address_id"), 7));
        const orm::Table &staffTable = manager->table();
        const orm::Table &storeTable = store->table();
        QVERIFY(manager->setParent(
            *staffTable.relationshipForColumn(staffTable.columnIndex(QStringLiteral("store_id"))),
            store));
        QVERIFY(store->setParent(*storeTable.relationshipForColumn(
                                     storeTable.columnIndex(QStringLiteral("manager_staff_id"))),
                                 manager));
        session->add(store);
        session->add(manager);
        // With both keys left to their sequences, neither row can name the other: refused
        // before anything is written, naming both
        QVERIFY(!session->commit());
        QVERIFY2(lastError().contains(QLatin1String("staff.store_id, store.manager_staff_id")),
                 qPrintable(lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM store")).toInt(), 2);
        // With the store's key given, the deferred reference waits for COMMIT
        QVERIFY(store->setValue(QStringLiteral("store_id"), 3));
        QVERIFY2(session->commit(), qPrintable(lastError()));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM store s JOIN staff m ON m.staff_id = "
                                       "s.manager_staff_id AND m.store_id = s.store_id"))
                     .toInt(),
                 3);
    }
};

QTEST_MAIN(tst_PagilaWindow)
#include "tst_pagilawindow.moc"
