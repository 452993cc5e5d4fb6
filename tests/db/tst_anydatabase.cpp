// docs/contract.md §7: a database Shelf did not create, opened through its reflected schema, is
// edited through the same session. Deletes follow what the database declares and nothing more —
// CASCADE (transitively, through any number of levels and self-references), SET NULL, SET DEFAULT
// are the database's effects, RESTRICT / NO ACTION block — and the preview is exactly what commit
// then does: each test previews, commits, and compares with the rows.

#include "io/csvimport.h"
#include "libraryfixture.h"
#include "orm/newrows.h"
#include "orm/newrowwriter.h"
#include "orm/reflect.h"
#include "orm/statementbuilder.h"
#include "orm/valueinput.h"
#include "orm/values.h"
#include "orm/writeaccess.h"
#include "reflectedtest.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;

namespace {

qint64 effectRows(const orm::DeletePreview &preview, const QString &table, orm::OnDelete action) {
    qint64 rows = 0;
    for (const auto &effect : preview.databaseEffects) {
        if (effect.table == table && effect.action == action)
            rows += effect.rows;
    }
    return rows;
}

qint64 blockingRows(const orm::DeletePreview &preview, const QString &table) {
    qint64 rows = 0;
    for (const auto &blocker : preview.blockers) {
        if (blocker.table && blocker.table->name() == table)
            rows += blocker.rows;
    }
    return rows;
}

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

} // namespace

class TestAnyDatabase : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    /// Reads the schema again after a test changed it.
    void reopen() {
        QString error;
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }

private Q_SLOTS:
    void init() {
        QVERIFY2(createDatabase(), qPrintable(m_db->errorString()));
        QVERIFY(createShopSchema(*m_db));
        QString error;
        QVERIFY2(seedShop(*m_db, &error), qPrintable(error));
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    void cleanup() { closeDatabase(); }

    void aCommitSaysWhereItSetsForeignKeyActionsOff() {
        orm::Session &session = *m_session;
        const orm::Table &customers = table(QStringLiteral("customers"));
        const orm::RecordPtr alfki = session.get(customers, QStringLiteral("ALFKI"));
        QVERIFY(alfki);
        // Given an edit of a column no foreign key refers to: nothing is set off
        QVERIFY(alfki->setValue(QStringLiteral("country"), QStringLiteral("Germany")));
        orm::ActionStarts starts = session.foreignKeyActionStarts();
        QVERIFY(starts.deleting.isEmpty());
        QVERIFY(starts.rekeying.isEmpty());
        // When the unique column orders_by_company's foreign key names is edited, it is a key
        // edit of customers, which reaches orders_by_company (ON UPDATE CASCADE)
        QVERIFY(alfki->setValue(QStringLiteral("company_name"), QStringLiteral("Alfreds F.")));
        starts = session.foreignKeyActionStarts();
        QCOMPARE(starts.rekeying, QSet<const orm::Table *>{&customers});
        QVERIFY(orm::tablesReachedByActions(*m_metadata, starts)
                    .contains(&table(QStringLiteral("orders_by_company"))));
        // And it still is once a flush has written it (staged and stored agree, the committed
        // row differs until the commit)
        QVERIFY2(session.flush(), qPrintable(session.lastError().fullText()));
        QCOMPARE(session.foreignKeyActionStarts().rekeying, QSet<const orm::Table *>{&customers});
        // An invoice marked for delete sets its lines off (CASCADE), and their shipments (SET
        // DEFAULT) with them
        const orm::RecordPtr invoice = session.get(table(QStringLiteral("invoices")), 1);
        QVERIFY(invoice);
        QVERIFY(session.remove(invoice));
        starts = session.foreignKeyActionStarts();
        QCOMPARE(starts.deleting, QSet<const orm::Table *>{&table(QStringLiteral("invoices"))});
        const QSet<const orm::Table *> reached = orm::tablesReachedByActions(*m_metadata, starts);
        QVERIFY(reached.contains(&table(QStringLiteral("invoice_lines"))));
        QVERIFY(reached.contains(&table(QStringLiteral("shipments"))));
        // Rolled back, nothing is left to set off
        session.rollback();
        QVERIFY(session.foreignKeyActionStarts().deleting.isEmpty());
        QVERIFY(session.foreignKeyActionStarts().rekeying.isEmpty());
    }

    void aNewRowStagedWholeIsTheRowStagedColumnByColumn() {
        // Given the values a file gives a new invoice and its line, some as text, one for the
        // generated amount (which takes no value)
        const QList<std::pair<QString, QVariantMap>> given = {
            {QStringLiteral("invoices"),
             {{QStringLiteral("id"), QStringLiteral("9")},
              {QStringLiteral("customer_code"), QStringLiteral("ALFKI")},
              {QStringLiteral("issued"), QStringLiteral("2026-12-04")},
              {QStringLiteral("paid"), true}}},
            {QStringLiteral("invoice_lines"),
             {{QStringLiteral("line_no"), 1},
              {QStringLiteral("invoice_id"), QStringLiteral("9")},
              {QStringLiteral("product"), QStringLiteral("Tea")},
              {QStringLiteral("price"), QStringLiteral("12.50")},
              {QStringLiteral("quantity"), QStringLiteral("3")},
              {QStringLiteral("amount"), 99}}},
        };
        QList<QVariantList> rows; // by column index, as the table (of either backend) has them
        QList<orm::RecordPtr> whole;
        for (const auto &[name, byName] : given) {
            const orm::Table &t = table(name);
            QVariantList values(t.columnCount());
            for (auto it = byName.cbegin(); it != byName.cend(); ++it)
                values[t.columnIndex(it.key())] = it.value();
            rows << values;
            // When one record takes them as a row and another column by column
            const orm::RecordPtr byRow = t.createRecord();
            const orm::RecordPtr byColumn = t.createRecord();
            QVERIFY(byRow->setNewRow(QVariantList(values)));
            for (int column = 0; column < values.size(); ++column) {
                if (!values.at(column).isNull())
                    byColumn->setValue(column, values.at(column));
            }
            // Then both hold the same values, of the same types
            for (int column = 0; column < t.columnCount(); ++column) {
                const QVariant a = byRow->value(column);
                const QVariant b = byColumn->value(column);
                QVERIFY2(a.metaType() == b.metaType() && a == b,
                         qPrintable(QStringLiteral("%1.%2: %3 (%4) against %5 (%6)")
                                        .arg(name, t.column(column).name, a.toString(),
                                             QLatin1String(a.typeName()), b.toString(),
                                             QLatin1String(b.typeName()))));
            }
            QCOMPARE(byRow->hasChanges(), byColumn->hasChanges());
            whole << byRow;
        }
        QVERIFY(whole.at(1)->value(QStringLiteral("amount")).isNull());

        // And a record in a session, or one already given a value, is refused and left as it is
        const orm::RecordPtr edited = table(QStringLiteral("invoices")).createRecord();
        QVERIFY(edited->setValue(QStringLiteral("customer_code"), QStringLiteral("ALFKI")));
        QVariantList row = rows.at(0);
        QVERIFY(!edited->setNewRow(std::move(row)));
        QCOMPARE(row, rows.at(0));
        QCOMPARE(edited->value(QStringLiteral("id")), QVariant());
        const orm::RecordPtr stored = m_session->get(table(QStringLiteral("invoices")), 1);
        QVERIFY(stored);
        QVERIFY(!stored->setNewRow(QVariantList(rows.at(0))));
        QVERIFY(!stored->hasChanges());

        // And the rows staged whole commit as typed ones would
        m_session->addAll(whole);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines WHERE invoice_id = 9 "
                                      "AND line_no = 1 AND quantity = 3 AND price = 12.5 AND "
                                      "amount = 37.5")),
                 1);
    }

    void editsAReflectedTableAndCommits() {
        // Given an employee read through the reflected schema
        const orm::RecordPtr jane = m_session->get(table(QStringLiteral("employees")), 3);
        QVERIFY(jane);
        QCOMPARE(jane->value(QStringLiteral("first_name")).toString(), QStringLiteral("Jane"));
        // When her title changes and the change is committed
        QVERIFY(jane->setValue(QStringLiteral("title"), QStringLiteral("Sales Manager")));
        QVERIFY(
            m_session->previewSql().join(QLatin1Char('\n')).contains(QLatin1String("employees")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        // Then the row holds it and nothing else changed
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT title FROM employees WHERE id = 3")).toString(),
            QStringLiteral("Sales Manager"));
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT last_name FROM employees WHERE id = 3")).toString(),
            QStringLiteral("Peacock"));
    }

    void aKeyOfSeveralColumnsAlreadyTakenIsNamedWhole_data() {
        QTest::addColumn<QString>("tableName");
        QTest::addColumn<QVariantMap>("values");
        QTest::addColumn<QStringList>("key");
        QTest::addColumn<QString>("phrase");
        // Invoice 1 has a line 1 already; the key is (invoice_id, line_no), in that order
        QTest::newRow("invoice line")
            << QStringLiteral("invoice_lines")
            << QVariantMap{{QStringLiteral("invoice_id"), 1},
                           {QStringLiteral("line_no"), 1},
                           {QStringLiteral("product"), "Cake"},
                           {QStringLiteral("price"), "2.00"},
                           {QStringLiteral("quantity"), 1}}
            << QStringList{QStringLiteral("invoice_id"), QStringLiteral("line_no")}
            << QStringLiteral("this invoice_id and line_no.");
        // Names with blanks and quotes, as a spreadsheet's export might give them
        QTest::newRow("order details")
            << QStringLiteral("Order Details")
            << QVariantMap{{QStringLiteral("Order ID"), 7},
                           {QStringLiteral("Product \"Name\""), "Tea"},
                           {QStringLiteral("Unit Price"), "1.50"}}
            << QStringList{QStringLiteral("Order ID"), QStringLiteral("Product \"Name\"")}
            << QStringLiteral("this Order ID and Product \"Name\".");
    }
    void aKeyOfSeveralColumnsAlreadyTakenIsNamedWhole() {
        QFETCH(QString, tableName);
        QFETCH(QVariantMap, values);
        QFETCH(QStringList, key);
        QFETCH(QString, phrase);
        // Given a row whose key another row of the database already holds
        if (tableName == QLatin1String("Order Details"))
            QVERIFY(m_db->exec(QStringLiteral(
                "INSERT INTO \"Order Details\" (\"Order ID\", \"Product \"\"Name\"\"\", \"Unit "
                "Price\") VALUES (7, 'Tea', 1.25)")));
        const orm::Table &target = table(tableName);
        const orm::RecordPtr row = target.createRecord();
        for (auto value = values.cbegin(); value != values.cend(); ++value)
            QVERIFY2(row->setValue(value.key(), value.value()), qPrintable(value.key()));
        m_session->add(row);
        // When it is committed
        QVERIFY(!m_session->commit());
        // Then the refusal names the whole key, not one of its columns alone
        const orm::Error error = m_session->lastError();
        QCOMPARE(int(error.reason), int(orm::Error::Reason::Duplicate));
        QVERIFY(error.record == row);
        QCOMPARE(error.columns, key);
        QCOMPARE(error.column, key.first());
        QVERIFY2(error.message().endsWith(phrase), qPrintable(error.message()));
    }

    void aDeletePreviewWarnsOnceOfTheTriggersTheDeleteFires() {
        // Given triggers that a delete of invoice 2 fires — on DELETE of its cascaded lines, on
        // UPDATE of the shipments the database moves to their default — and one it does not (on
        // INSERT of lines, named and commented to look like a DELETE trigger)
        QStringList triggers;
        if (sqlite()) {
            triggers = {
                QStringLiteral("CREATE TRIGGER \"lines gone\" AFTER DELETE ON invoice_lines "
                               "BEGIN INSERT INTO audit_log VALUES ('now', 'line'); END"),
                QStringLiteral("CREATE TRIGGER [delete] /* on delete */ BEFORE INSERT ON "
                               "invoice_lines BEGIN SELECT 1; END"),
                QStringLiteral("CREATE TRIGGER shipments_moved AFTER UPDATE OF invoice_id ON "
                               "shipments BEGIN INSERT INTO audit_log VALUES ('now', 'move'); "
                               "END"),
            };
        } else {
            triggers = {
                QStringLiteral("CREATE FUNCTION note_it() RETURNS trigger LANGUAGE plpgsql AS $$ "
                               "BEGIN INSERT INTO audit_log VALUES ('now', TG_OP); RETURN NULL; "
                               "END $$"),
                QStringLiteral("CREATE TRIGGER \"lines gone\" AFTER DELETE ON invoice_lines FOR "
                               "EACH ROW EXECUTE FUNCTION note_it()"),
                QStringLiteral("CREATE TRIGGER \"delete\" AFTER INSERT ON invoice_lines FOR "
                               "EACH ROW EXECUTE FUNCTION note_it()"),
                QStringLiteral("CREATE TRIGGER shipments_moved AFTER UPDATE OF invoice_id ON "
                               "shipments FOR EACH ROW EXECUTE FUNCTION note_it()"),
            };
        }
        QVERIFY(execAll(triggers));
        reopen();
        const orm::TriggerEvents lines = table(QStringLiteral("invoice_lines")).triggerEvents();
        QCOMPARE(lines, orm::TriggerEvents(orm::TriggerEvent::Delete | orm::TriggerEvent::Insert));
        QCOMPARE(table(QStringLiteral("shipments")).triggerEvents(),
                 orm::TriggerEvents(orm::TriggerEvent::Update));
        QCOMPARE(table(QStringLiteral("invoices")).triggerEvents(),
                 orm::TriggerEvents(orm::TriggerEvent::Update));

        // When invoice 2's delete is previewed
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 2);
        QVERIFY(invoice);
        const orm::DeletePreview preview = m_session->previewDelete(invoice);
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));

        // Then one note names the tables whose triggers fire, and not the invoices (UPDATE only)
        QCOMPARE(preview.notes,
                 QStringList(QStringLiteral("Triggers of invoice_lines and shipments run on this "
                                            "delete: they may change more than this preview "
                                            "shows.")));

        // And a delete that reaches no table whose triggers it fires warns of none: a customer
        // with no invoices
        QVERIFY(m_db->exec(QStringLiteral(
            "INSERT INTO customers (code, company_name) VALUES ('BONAP', 'Bon app')")));
        const orm::RecordPtr customer =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("BONAP"));
        QVERIFY(customer);
        const orm::DeletePreview alone = m_session->previewDelete(customer);
        QVERIFY2(alone.error.isEmpty(), qPrintable(alone.error));
        QVERIFY2(alone.notes.isEmpty(), qPrintable(alone.notes.join(QLatin1Char('\n'))));
    }

    void aKeyEditRefusedForTheRowsThatReferToItNamesTheirTable() {
        // Given notes that refer to customer ALFKI with no ON UPDATE rule (NO ACTION)
        QVERIFY2(m_db->exec(QStringLiteral("CREATE TABLE notes (id integer PRIMARY KEY, "
                                           "customer_code text REFERENCES customers (code))")),
                 qPrintable(m_db->errorString()));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO notes VALUES (1, 'ALFKI')")));
        reopen();
        const orm::RecordPtr alfki =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        QVERIFY(alfki);

        // When its key is changed and the change committed
        QVERIFY(alfki->setValue(QStringLiteral("code"), QStringLiteral("ALFRE")));
        QVERIFY(!m_session->commit());

        // Then the error says that rows of notes still refer to it, not that a reference of its
        // own names a missing record; nothing changed
        const orm::Error error = m_session->lastError();
        QCOMPARE(int(error.reason), int(orm::Error::Reason::StillReferenced));
        QCOMPARE(error.detail, QStringLiteral("notes"));
        QVERIFY2(error.message().contains(QLatin1String("rows of notes still refer to its key")),
                 qPrintable(error.message()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM customers WHERE code = 'ALFKI'"))
                     .toInt(),
                 1);
    }

    void anImportLeavesAnEmptyFieldToTheColumnsDefault() {
        // Given invoices, whose `paid` is NOT NULL DEFAULT false, and a file that leaves it empty
        // on one line (and gives it on the other)
        QBuffer file;
        file.setData("customer_code,issued,paid\nAlfreds,2026-12-01,\nAlfreds,2026-12-02,1\n");
        QVERIFY(file.open(QIODevice::ReadOnly));
        io::CsvImporter importer(*m_session, table(QStringLiteral("invoices")), {});
        // When it is imported and committed
        const io::ImportResult result = importer.run(&file);
        // Then both rows are staged, none refused as "must not be empty", and the database gave
        // the first its DEFAULT
        QVERIFY2(result.refusals.isEmpty(),
                 qPrintable(result.refusals.value(0, io::Refusal{}).message));
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 2);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        const QList<QVariantList> paid = m_db->rows(QStringLiteral(
            "SELECT issued, paid FROM invoices WHERE issued >= '2026-12-01' ORDER BY issued"));
        QCOMPARE(paid.size(), 2);
        QVERIFY2(!paid.at(0).at(1).isNull() && !paid.at(0).at(1).toBool(),
                 qPrintable(paid.at(0).at(1).toString()));
        QVERIFY(paid.at(1).at(1).toBool());
    }

    void newRowsKeptAsCellsThatReferToEachOtherCommitParentsFirst() {
        // Given staff who report to staff, Ada stored
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT "
                                          "NOT NULL, boss_id INTEGER REFERENCES staff (id))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO staff VALUES (1, 'Ada', NULL)")));
        reopen();
        // And new rows kept as cells, no record a row, where Bob reports to Cy, who comes after
        // him
        const orm::Table &staff = table(QStringLiteral("staff"));
        const std::shared_ptr<orm::NewRows> rows = m_session->newRows(staff);
        const auto append = [&](qint64 id, QByteArrayView name, qint64 boss) {
            orm::RecordPtr record = m_session->createRecord(staff);
            orm::NewRowWriter writer(*record);
            writer.setInteger(staff.columnIndex(QStringLiteral("id")), id);
            writer.setUtf8(staff.columnIndex(QStringLiteral("name")), name);
            writer.setInteger(staff.columnIndex(QStringLiteral("boss_id")), boss);
            rows->append(std::move(record));
        };
        append(2, "Bob", 3);
        append(3, "Cy", 1);
        QVERIFY(!rows->holdsRecords());
        QCOMPARE(rows->size(), 2);
        m_session->addNewRows(rows);
        QVERIFY(m_session->hasChanges());
        // When the session commits, then both are written, Cy first, each with its boss
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT boss_id FROM staff WHERE name = 'Bob'"))
                     .toLongLong(),
                 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), 3);
        QVERIFY(!m_session->hasChanges());
    }

    void importedRowsWrittenFromTheirCellsShowWhatTheirTriggersDid() {
        // Given stock whose quantity a trigger moves as rows of `moves` are inserted (moves name
        // their stock by a plain number, no foreign key), and stock 1 loaded, at 10
        QVERIFY(m_db->exec(
            QStringLiteral("CREATE TABLE stock (id integer PRIMARY KEY, qty integer NOT NULL)")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO stock VALUES (1, 10)")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE moves (id integer PRIMARY KEY, stock_id "
                                          "integer NOT NULL, n integer NOT NULL)")));
        if (backend() == Backend::Postgres) {
            QVERIFY2(m_db->exec(QStringLiteral(
                         "CREATE FUNCTION moved() RETURNS trigger AS $$ BEGIN UPDATE stock SET "
                         "qty = qty + NEW.n WHERE id = NEW.stock_id; RETURN NEW; END $$ "
                         "LANGUAGE plpgsql")),
                     qPrintable(m_db->errorString()));
            QVERIFY2(m_db->exec(QStringLiteral("CREATE TRIGGER moved AFTER INSERT ON moves FOR "
                                               "EACH ROW EXECUTE FUNCTION moved()")),
                     qPrintable(m_db->errorString()));
        } else {
            QVERIFY(m_db->exec(QStringLiteral(
                "CREATE TRIGGER moved AFTER INSERT ON moves BEGIN UPDATE stock SET qty = qty + "
                "NEW.n WHERE id = NEW.stock_id; END")));
        }
        reopen();
        const orm::RecordPtr stock = m_session->get(table(QStringLiteral("stock")), 1);
        QVERIFY(stock);
        const int qty = stock->table().columnIndex(QStringLiteral("qty"));
        QCOMPARE(stock->value(qty).toLongLong(), 10);

        // When two moves are imported (kept as cells, nothing else staged) and committed
        QBuffer file;
        file.setData("id,stock_id,n\n1,1,5\n2,1,7\n");
        QVERIFY(file.open(QIODevice::ReadOnly));
        io::CsvImporter importer(*m_session, table(QStringLiteral("moves")), {});
        const io::ImportResult result = importer.run(&file);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(!result.rows->holdsRecords());
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the loaded stock shows what the trigger made of it
        QCOMPARE(count(QStringLiteral("SELECT qty FROM stock WHERE id = 1")), 22);
        QCOMPARE(stock->value(qty).toLongLong(), 22);
        QVERIFY(!m_session->hasChanges());
    }

    void anImportRefusesTextAndCompositeKeysThatAreTaken() {
        const auto import = [this](const char *tableName, const QByteArray &csv) {
            QBuffer file;
            file.setData(csv);
            file.open(QIODevice::ReadOnly);
            io::ImportOptions options;
            options.mode = io::ImportMode::ValidRowsOnly;
            io::CsvImporter importer(*m_session, table(QLatin1String(tableName)), options);
            return importer.run(&file);
        };
        const auto lines = [](const io::ImportResult &result) {
            QList<qint64> refused;
            for (const io::Refusal &refusal : result.refusals)
                refused << refusal.line;
            return refused;
        };
        // Given customer ALFKI stored: a text key, taken in the database; a code differing only
        // in case is another key
        const io::ImportResult customers =
            import("customers", "code,company_name\nALFKI,Again\nBONAP,Bon app\nbonap,Lower\n"
                                "BONAP,Twice\n");
        QVERIFY2(customers.error.isEmpty(), qPrintable(customers.error));
        QCOMPARE(customers.rowsStaged, 2);
        QCOMPARE(lines(customers), (QList<qint64>{2, 5}));
        QVERIFY2(customers.refusals.at(0).message.contains(
                     QLatin1String("code = ALFKI is the key of a row of")),
                 qPrintable(customers.refusals.at(0).message));
        QVERIFY2(customers.refusals.at(1).message.contains(
                     QLatin1String("code = BONAP is on an earlier line of the file too")),
                 qPrintable(customers.refusals.at(1).message));

        // Given invoice lines (1, 1) … (2, 2) stored and (1, 2) loaded: a key of two columns,
        // the first a reference taken by key
        QVERIFY(m_session->get(table(QStringLiteral("invoice_lines")), QVariantList{1, 2}));
        const io::ImportResult invoiceLines =
            import("invoice_lines", "invoice_id,line_no,product,price,quantity\n"
                                    "1,1,Tea,1.00,1\n"
                                    "1,2,Jam,1.00,1\n"
                                    "1,3,Jam,1.00,1\n"
                                    "2,3,Bread,1.00,1\n"
                                    "1,3,Jam again,1.00,1\n");
        QVERIFY2(invoiceLines.error.isEmpty(), qPrintable(invoiceLines.error));
        QCOMPARE(invoiceLines.rowsStaged, 2);
        QCOMPARE(lines(invoiceLines), (QList<qint64>{2, 3, 6}));
        QVERIFY2(invoiceLines.refusals.at(0).message.contains(
                     QLatin1String("(invoice_id, line_no) = (1, 1) is the key of a row of")),
                 qPrintable(invoiceLines.refusals.at(0).message));
        QCOMPARE(invoiceLines.refusals.at(0).field, 1);
        QVERIFY2(invoiceLines.refusals.at(2).message.contains(QLatin1String("earlier line")),
                 qPrintable(invoiceLines.refusals.at(2).message));

        // And a second file meets the rows the first one staged
        const io::ImportResult second =
            import("customers", "code,company_name\nbonap,Lower again\nQUICK,Quick\n");
        QCOMPARE(second.rowsStaged, 1);
        QCOMPARE(lines(second), (QList<qint64>{2}));
        QVERIFY2(second.refusals.at(0).message.contains(QLatin1String("staged already")),
                 qPrintable(second.refusals.at(0).message));

        // And what was staged commits
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers")), 4);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 6);
    }

    void aCascadeIsPreviewedThroughEveryLevelAndCommitDoesExactlyThat() {
        // Given invoice 2: its two lines cascade, and the shipments of those lines are set to
        // their default (line 1 of invoice 1) by the database
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 2);
        QVERIFY(invoice);
        const orm::DeletePreview preview = m_session->previewDelete(invoice);
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(preview.deleted.size(), 1);
        QCOMPARE(effectRows(preview, QStringLiteral("invoice_lines"), orm::OnDelete::Cascade), 2);
        QCOMPARE(effectRows(preview, QStringLiteral("shipments"), orm::OnDelete::SetDefault), 2);
        // The invoices' trigger fires on UPDATE, which a DELETE never runs: nothing to warn of
        QVERIFY2(preview.notes.isEmpty(), qPrintable(preview.notes.join(QLatin1Char('\n'))));

        // When the delete is committed
        QVERIFY(m_session->remove(invoice));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));

        // Then exactly that happened
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM shipments WHERE invoice_id = 1 AND "
                                      "line_no = 1")),
                 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM shipments")), 3);
    }

    void aCascadeThroughASelfReferenceIsFollowedToItsEnd() {
        // Given a thread of replies four deep, each deleted with the one it answers
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE comments (id INTEGER PRIMARY KEY, "
                                          "parent_id INTEGER REFERENCES comments (id) ON DELETE "
                                          "CASCADE, body TEXT NOT NULL)")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO comments VALUES (1, NULL, 'root'), (2, 1, "
                                          "'a'), (3, 2, 'b'), (4, 3, 'c'), (5, 1, 'd'), (6, NULL, "
                                          "'other')")));
        reopen();

        const orm::RecordPtr root = m_session->get(table(QStringLiteral("comments")), 1);
        QVERIFY(root);
        const orm::DeletePreview preview = m_session->previewDelete(root);
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
        QCOMPARE(effectRows(preview, QStringLiteral("comments"), orm::OnDelete::Cascade), 4);

        QVERIFY(m_session->remove(root));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM comments")), 1);
    }

    void setNullOnAManagerIsTheDatabasesEffect() {
        // Given Nancy, whom two agents report to (ON DELETE SET NULL)
        const orm::RecordPtr nancy = m_session->get(table(QStringLiteral("employees")), 2);
        QVERIFY(nancy);
        // Loaded children are left to the database too: nothing is nulled by the ORM
        const orm::Relationship *reports =
            m_metadata->relationship(QStringLiteral("employees"), QStringLiteral("employees"));
        QVERIFY(reports);
        QCOMPARE(nancy->children(*reports).size(), 2);
        const orm::DeletePreview preview = m_session->previewDelete(nancy);
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QVERIFY(preview.nulled.isEmpty());
        QCOMPARE(effectRows(preview, QStringLiteral("employees"), orm::OnDelete::SetNull), 2);

        QVERIFY(m_session->remove(nancy));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM employees WHERE reports_to IS NULL")),
                 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM employees")), 3);
    }

    void loadedRowsTheDatabaseChangesOnDeleteShowItAfterCommit() {
        // Given Nancy's reports, invoice 2's lines and the shipments of those lines, all loaded
        const orm::RecordPtr nancy = m_session->get(table(QStringLiteral("employees")), 2);
        const orm::RecordPtr jane = m_session->get(table(QStringLiteral("employees")), 3);
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 2);
        const orm::RecordPtr line =
            m_session->get(table(QStringLiteral("invoice_lines")), QVariantList{2, 1});
        const orm::RecordPtr shipment = m_session->get(table(QStringLiteral("shipments")), 10);
        QVERIFY(nancy && jane && invoice && line && shipment);

        // When Nancy (ON DELETE SET NULL) and invoice 2 (its lines CASCADE, their shipments SET
        // DEFAULT) are deleted and committed
        QVERIFY(m_session->remove(nancy));
        QVERIFY(m_session->remove(invoice));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the records show what the database did: no manager, a line gone, line (1, 1)
        const int reportsTo = jane->table().columnIndex(QStringLiteral("reports_to"));
        QVERIFY(jane->value(reportsTo).isNull());
        QVERIFY(jane->committedValue(reportsTo).isNull());
        QCOMPARE(str(m_session->state(line)), str(orm::ObjectState::Detached));
        QVERIFY(!m_session->findLoaded(table(QStringLiteral("invoice_lines")), QVariantList{2, 1}));
        QCOMPARE(shipment->value(QStringLiteral("invoice_id")).toInt(), 1);
        QCOMPARE(shipment->value(QStringLiteral("line_no")).toInt(), 1);
        QVERIFY(!m_session->hasChanges());

        // And their next edits are no conflict (rule 12 compares every column)
        QVERIFY(jane->setValue(QStringLiteral("title"), QStringLiteral("Sales Manager")));
        QVERIFY(shipment->setValue(QStringLiteral("carrier"), QStringLiteral("Courier")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM shipments WHERE id = 10 AND carrier "
                                      "= 'Courier' AND invoice_id = 1 AND line_no = 1")),
                 1);
    }

    void loadedRowsTheDatabaseChangesOnUpdateShowItAfterCommit() {
        // Given an invoice of ALFKI, loaded; its table stamps last_update on every UPDATE
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 1);
        const orm::RecordPtr customer =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        QVERIFY(invoice && customer);
        QVERIFY(invoice->value(QStringLiteral("last_update")).isNull());

        // When the customer's code changes (ON UPDATE CASCADE, which fires the trigger)
        QVERIFY(customer->setValue(QStringLiteral("code"), QStringLiteral("ALFRE")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the invoice holds the new code and the trigger's stamp, as the database does
        QCOMPARE(invoice->value(QStringLiteral("customer_code")).toString(),
                 QStringLiteral("ALFRE"));
        QCOMPARE(invoice->value(QStringLiteral("last_update")).toString(),
                 m_db->scalar(QStringLiteral(
                                  "SELECT CAST(last_update AS TEXT) FROM invoices WHERE id = 1"))
                     .toString());
        QVERIFY(!invoice->value(QStringLiteral("last_update")).isNull());
        // And its next edit is no conflict
        QVERIFY(invoice->setValue(QStringLiteral("paid"), true));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
    }

    void aKeyEditAndAnEditOfARowThatFollowsItCommitTogether() {
        // Given a customer's code edit (ON UPDATE CASCADE to its invoices, whose trigger stamps
        // them) and, in the same commit, an edit and a delete of two of those invoices
        const orm::RecordPtr customer =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        const orm::RecordPtr first = m_session->get(table(QStringLiteral("invoices")), 1);
        const orm::RecordPtr second = m_session->get(table(QStringLiteral("invoices")), 2);
        QVERIFY(customer && first && second);
        QVERIFY(customer->setValue(QStringLiteral("code"), QStringLiteral("ALFRE")));
        QVERIFY(first->setValue(QStringLiteral("paid"), true));
        QVERIFY(m_session->remove(second));

        // When it is committed: the key's UPDATE runs first and the database changes both
        // invoices' rows (code and stamp) before their own UPDATE and DELETE run. Found by
        // tst_reflectedproperty (seed 20261215): they failed as a conflict, on every retry.
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then the commit did all three, and the invoice shows the row the database holds
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices WHERE customer_code = "
                                      "'ALFRE' AND paid")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM customers WHERE code = 'ALFRE'")), 1);
        QCOMPARE(first->value(QStringLiteral("customer_code")).toString(), QStringLiteral("ALFRE"));
        QCOMPARE(first->value(QStringLiteral("last_update")).toString(),
                 m_db->scalar(QStringLiteral(
                                  "SELECT CAST(last_update AS TEXT) FROM invoices WHERE id = 1"))
                     .toString());
        QCOMPARE(str(m_session->state(second)), str(orm::ObjectState::Detached));
        QVERIFY(!m_session->hasChanges());
        // And the next edit of the invoice is no conflict
        QVERIFY(first->setValue(QStringLiteral("paid"), false));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices WHERE id = 1 AND NOT paid")),
                 1);
    }

    void aRowThatFollowsAKeyEditButWasChangedByAnotherUserIsAConflict_data() {
        QTest::addColumn<QString>("otherUser");
        QTest::addColumn<bool>("deleteIt"); ///< I delete the invoice instead of editing it
        QTest::newRow("they edit, I edit")
            << "UPDATE invoices SET issued = '2026-11-20' WHERE id = 1" << false;
        QTest::newRow("they edit, I delete")
            << "UPDATE invoices SET issued = '2026-11-20' WHERE id = 1" << true;
        QTest::newRow("they delete, I edit") << "DELETE FROM invoices WHERE id = 1" << false;
    }
    void aRowThatFollowsAKeyEditButWasChangedByAnotherUserIsAConflict() {
        QFETCH(QString, otherUser);
        QFETCH(bool, deleteIt);
        // Given a customer's code edit and an edit (or delete) of one of its invoices, staged
        const orm::RecordPtr customer =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 1);
        QVERIFY(customer && invoice);
        // (its lines' shipments would be set to a line that goes with it)
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM shipments")));
        QVERIFY(customer->setValue(QStringLiteral("code"), QStringLiteral("ALFRE")));
        if (deleteIt)
            QVERIFY(m_session->remove(invoice));
        else
            QVERIFY(invoice->setValue(QStringLiteral("paid"), true));
        const QVariantList stored = {invoice->committedValue(1), invoice->committedValue(2),
                                     invoice->committedValue(4)};

        // When another user changes that invoice before the commit
        QVERIFY2(m_db->exec(otherUser), qPrintable(m_db->errorString()));
        const QList<QVariantList> theirs =
            m_db->rows(QStringLiteral("SELECT * FROM invoices ORDER BY id"));
        const QList<QVariantList> customersBefore =
            m_db->rows(QStringLiteral("SELECT * FROM customers ORDER BY code"));

        // Then the commit fails as a conflict naming the invoice (rule 12), the database keeps
        // their change and nothing of mine, and memory is as before the commit (rule 8)
        QVERIFY(!m_session->commit());
        QCOMPARE(str(m_session->lastError().kind), str(orm::Error::Kind::Conflict));
        QCOMPARE(m_session->lastError().record, invoice);
        QCOMPARE(m_db->rows(QStringLiteral("SELECT * FROM invoices ORDER BY id")), theirs);
        QCOMPARE(m_db->rows(QStringLiteral("SELECT * FROM customers ORDER BY code")),
                 customersBefore);
        QCOMPARE(customer->value(QStringLiteral("code")).toString(), QStringLiteral("ALFRE"));
        QCOMPARE(customer->committedValue(0).toString(), QStringLiteral("ALFKI"));
        QCOMPARE(invoice->value(QStringLiteral("customer_code")).toString(),
                 QStringLiteral("ALFKI"));
        QCOMPARE((QVariantList{invoice->committedValue(1), invoice->committedValue(2),
                               invoice->committedValue(4)}),
                 stored);
        QCOMPARE(invoice->isMarkedForDelete(), deleteIt);
        QVERIFY(m_session->hasChanges());
        // And a retry fails the same way: nothing was half done
        QVERIFY(!m_session->commit());
        QCOMPARE(str(m_session->lastError().kind), str(orm::Error::Kind::Conflict));
        QCOMPARE(m_session->lastError().record, invoice);
    }

    void restrictAndNoActionBlockWithTheRowsCounted() {
        // A customer with two invoices (RESTRICT), a track in two playlists (NO ACTION)
        const orm::RecordPtr customer =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        QVERIFY(customer);
        const orm::DeletePreview blocked = m_session->previewDelete(customer);
        QVERIFY2(blocked.isBlocked(), qPrintable(describe(blocked)));
        QCOMPARE(blockingRows(blocked, QStringLiteral("invoices")), 2);

        const orm::RecordPtr track = m_session->get(table(QStringLiteral("tracks")), 1);
        const orm::DeletePreview trackPreview = m_session->previewDelete(track);
        QVERIFY(trackPreview.isBlocked());
        QCOMPARE(blockingRows(trackPreview, QStringLiteral("playlist_track")), 2);

        // And the database agrees: the commit fails and loses nothing (rule 8)
        QVERIFY(m_session->remove(track));
        QVERIFY(!m_session->commit());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM tracks")), 3);
        QVERIFY(track->isMarkedForDelete());
        m_session->rollback();
        QVERIFY(!track->isMarkedForDelete());
    }

    void aPlaylistTakesItsJunctionRowsAndLeavesTheTracks() {
        const orm::RecordPtr jazz = m_session->get(table(QStringLiteral("playlists")), 2);
        const orm::DeletePreview preview = m_session->previewDelete(jazz);
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(effectRows(preview, QStringLiteral("playlist_track"), orm::OnDelete::Cascade), 2);
        QVERIFY(m_session->remove(jazz));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM playlist_track")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM tracks")), 3);
    }

    void aCascadeThatReachesARestrictIsBlocked() {
        // Deleting invoice 1 would cascade to its lines; a restricting table refers to a line.
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE returns (id INTEGER PRIMARY KEY, "
                                          "invoice_id INTEGER NOT NULL, line_no INTEGER NOT NULL, "
                                          "FOREIGN KEY (invoice_id, line_no) REFERENCES "
                                          "invoice_lines (invoice_id, line_no) ON DELETE "
                                          "RESTRICT)")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO returns VALUES (1, 1, 2)")));
        reopen();

        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 1);
        const orm::DeletePreview preview = m_session->previewDelete(invoice);
        QVERIFY2(preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(blockingRows(preview, QStringLiteral("returns")), 1);
        QVERIFY(m_session->remove(invoice));
        QVERIFY(!m_session->commit());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 4);
    }

    void withDependentsDeletesTheRowsThatBlockThroughEveryLevel() {
        // Given staff who report to staff with NO ACTION: 1 ← 2 ← 3, and 1 ← 4
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT "
                                          "NOT NULL, boss_id INTEGER REFERENCES staff (id))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO staff VALUES (1, 'Ada', NULL), (2, "
                                          "'Bob', 1), (3, 'Cy', 2), (4, 'Di', 1), (5, 'Ed', "
                                          "NULL)")));
        reopen();
        const orm::RecordPtr ada = m_session->get(table(QStringLiteral("staff")), 1);
        QVERIFY(ada);
        // As declared, the delete is blocked by the two who report to her
        QCOMPARE(blockingRows(m_session->previewDelete(ada), QStringLiteral("staff")), 2);

        // When the user asks to delete her with her dependents
        const orm::DeletePreview preview =
            m_session->previewDelete(ada, orm::DeleteMode::WithDependents);
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        // Then the preview lists all four, and nothing is staged yet
        QCOMPARE(preview.deletedCount(QStringLiteral("staff")), 4);
        QVERIFY(!m_session->hasChanges());

        // And commit does exactly that: only Ed is left
        QVERIFY2(m_session->remove(ada, orm::DeleteMode::WithDependents),
                 qPrintable(m_session->lastError().message()));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), 1);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM staff")).toString(),
                 QStringLiteral("Ed"));
    }

    void withDependentsReachesRowsBehindADatabaseCascade() {
        // Given a return that restricts line 2 of invoice 1, which the invoice's delete cascades to
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM shipments")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE returns (id INTEGER PRIMARY KEY, "
                                          "invoice_id INTEGER NOT NULL, line_no INTEGER NOT NULL, "
                                          "FOREIGN KEY (invoice_id, line_no) REFERENCES "
                                          "invoice_lines (invoice_id, line_no) ON DELETE "
                                          "RESTRICT)")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO returns VALUES (1, 1, 2), (2, 2, 1)")));
        reopen();
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 1);
        const orm::DeletePreview preview =
            m_session->previewDelete(invoice, orm::DeleteMode::WithDependents);
        QVERIFY2(!preview.isBlocked(), qPrintable(describe(preview)));
        QCOMPARE(preview.deletedCount(QStringLiteral("returns")), 1);
        QCOMPARE(effectRows(preview, QStringLiteral("invoice_lines"), orm::OnDelete::Cascade), 2);

        QVERIFY2(m_session->remove(invoice, orm::DeleteMode::WithDependents),
                 qPrintable(m_session->lastError().message()));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM returns")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoice_lines")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices")), 1);
    }

    void withDependentsStopsAtAReadOnlyTable() {
        // A table whose foreign key SQLite cannot resolve is read-only: Shelf never writes it, so
        // a dependent there blocks, named with the reason.
        if (backend() != Backend::Sqlite)
            QSKIP("PostgreSQL refuses a foreign key to a missing table when it is made");
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, "
                                          "invoice_id INTEGER REFERENCES invoices (id), body "
                                          "TEXT, FOREIGN KEY (body) REFERENCES nowhere (x))")));
        QVERIFY(m_db->exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO notes VALUES (1, 2, NULL)")));
        reopen();
        QVERIFY(table(QStringLiteral("notes")).isReadOnly());
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 2);
        QVERIFY(!m_session->remove(invoice, orm::DeleteMode::WithDependents));
        QVERIFY2(m_session->lastError().message().contains(QLatin1String("notes")),
                 qPrintable(m_session->lastError().message()));
        QVERIFY(!invoice->isMarkedForDelete());
        QVERIFY(!m_session->hasChanges());
    }

    void aKeyEditPreviewsWhatTheDatabaseDoesToTheRowsThatReferToIt() {
        // Given a customer whose code two invoices refer to (ON UPDATE CASCADE)
        const orm::RecordPtr customer =
            m_session->get(table(QStringLiteral("customers")), QStringLiteral("ALFKI"));
        QVERIFY(customer);
        QVERIFY(customer->setValue(QStringLiteral("code"), QStringLiteral("ALFRE")));
        // And an invoice line that a shipment refers to by both key columns (ON UPDATE NO ACTION)
        const orm::RecordPtr line =
            m_session->get(table(QStringLiteral("invoice_lines")), QVariantList{2, 1});
        QVERIFY(line);
        QVERIFY(line->setValue(QStringLiteral("line_no"), 9));

        // When the staged changes are listed
        const QList<orm::PendingChange> changes = m_session->pendingChanges();
        QStringList customerEffects, lineEffects;
        bool lineRefused = false, customerRefused = true;
        for (const orm::PendingChange &change : changes) {
            if (change.record == customer) {
                customerEffects = change.databaseEffects;
                customerRefused = change.refusedByDatabase;
            } else if (change.record == line) {
                lineEffects = change.databaseEffects;
                lineRefused = change.refusedByDatabase;
            }
        }
        // Then the code edit says what the database does to the two invoices
        QCOMPARE(customerEffects.size(), 1);
        QVERIFY2(customerEffects.first().contains(QLatin1String("2 rows of invoices")) &&
                     customerEffects.first().contains(QLatin1String("ON UPDATE CASCADE")),
                 qPrintable(customerEffects.join(QLatin1Char('\n'))));
        QVERIFY(!customerRefused);
        // And the line's, that the database will refuse it because of its shipment
        QCOMPARE(lineEffects.size(), 1);
        QVERIFY2(lineEffects.first().contains(QLatin1String("1 row of shipments")),
                 qPrintable(lineEffects.join(QLatin1Char('\n'))));
        QVERIFY(lineRefused);

        // And committing the customer's edit alone does what the preview said
        QVERIFY(line->setValue(QStringLiteral("line_no"), 1));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM invoices WHERE customer_code = "
                                      "'ALFRE'")),
                 2);
    }

    void aRowWithNothingToNameItIsNamedByItsKey() {
        // Given orders with no text column of their own (a date, an amount, a customer's code)
        // and lines that refer to them, and a staff table whose name may be empty
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE orders (id INTEGER PRIMARY KEY, "
                                          "customer_code TEXT REFERENCES customers (code), "
                                          "ordered DATE NOT NULL, amount NUMERIC(10,2))")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE order_lines (order_id INTEGER NOT NULL "
                                          "REFERENCES orders (id), line_no INTEGER NOT NULL, "
                                          "PRIMARY KEY (order_id, line_no))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO orders VALUES (7, 'ALFKI', '2026-11-01', "
                                          "12.50)")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO order_lines VALUES (7, 1)")));
        QVERIFY(m_db->exec(QStringLiteral("UPDATE playlists SET name = '' WHERE id = 2")));
        reopen();

        // Then an order reads as its key, wherever a row is named (a foreign key cell, a picker)
        const orm::RecordPtr order = m_session->get(table(QStringLiteral("orders")), 7);
        QVERIFY(order);
        QCOMPARE(order->displayText(), QStringLiteral("7"));
        QCOMPARE(order->displayName(), order->table().className() + QStringLiteral(" #7"));
        // A composite key in key order, and a row whose label is empty
        const orm::RecordPtr line =
            m_session->get(table(QStringLiteral("order_lines")), QVariantList{7, 1});
        QVERIFY(line);
        QCOMPARE(line->displayText(), QStringLiteral("7, 1"));
        const orm::RecordPtr jazz = m_session->get(table(QStringLiteral("playlists")), 2);
        QCOMPARE(jazz->displayText(), QStringLiteral("2"));
        // While a row with a label reads as it
        QCOMPARE(m_session->get(table(QStringLiteral("playlists")), 1)->displayText(),
                 QStringLiteral("Music"));
        // And a new row has no name yet
        const orm::RecordPtr fresh = table(QStringLiteral("orders")).createRecord();
        QCOMPARE(fresh->displayText(), QString());
    }

    void theSqlPreviewPutsEachValueAtItsPlaceholderWhateverTheNamesHold() {
        // Given a table whose names hold a quote, a double quote, a dot and a question mark, as
        // another program may name them
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE \"we\"\"ird.table\" (\"col.one\" INTEGER "
                                          "PRIMARY KEY, \"it's\" TEXT, \"why?\" TEXT)")));
        QVERIFY(m_db->exec(QStringLiteral(
            "INSERT INTO \"we\"\"ird.table\" VALUES (1, 'old', 'maybe'), (2, 'gone', 'so')")));
        reopen();
        const orm::Table &weird = table(QStringLiteral("we\"ird.table"));

        // When one row is edited and another deleted
        const orm::RecordPtr edited = m_session->get(weird, 1);
        QVERIFY(edited);
        QVERIFY(edited->setValue(QStringLiteral("it's"), QStringLiteral("new")));
        QVERIFY(m_session->remove(m_session->get(weird, 2)));

        // Then the SQL preview shows each value where its statement binds it: the new value in
        // SET, the values as loaded in WHERE, none left out
        const QString is = sqlite() ? QStringLiteral("IS") : QStringLiteral("IS NOT DISTINCT FROM");
        const QStringList sql = m_session->previewSql();
        QCOMPARE(sql.size(), 4);
        // (PostgreSQL names the table with its schema: "t_…"."we""ird.table")
        const QString name = orm::StatementBuilder(m_session->dialect()).table(weird);
        QVERIFY(name.endsWith(QLatin1String("\"we\"\"ird.table\"")));
        QCOMPARE(sql.at(1), QStringLiteral("UPDATE %1 SET \"it's\" = 'new' WHERE \"col.one\" = 1 "
                                           "AND \"it's\" %2 'old' AND \"why?\" %2 'maybe'")
                                .arg(name, is));
        QCOMPARE(sql.at(2), QStringLiteral("DELETE FROM %1 WHERE \"col.one\" = 2 AND \"it's\" %2 "
                                           "'gone' AND \"why?\" %2 'so'")
                                .arg(name, is));
        // And commit binds them so
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM \"we\"\"ird.table\"")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM \"we\"\"ird.table\" WHERE "
                                      "\"col.one\" = 1 AND \"it's\" = 'new' AND \"why?\" = "
                                      "'maybe'")),
                 1);
    }

    void anImportRefusesAKeyACaseBlindKeyHoldsNamingTheRowThatHasIt() {
        if (backend() != Backend::Sqlite)
            QSKIP("COLLATE NOCASE keys are SQLite's");
        // Given a key that compares without case holding 'Key1', and 'Key2' loaded
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE kv (k TEXT PRIMARY KEY COLLATE NOCASE, "
                                          "v TEXT NOT NULL) WITHOUT ROWID")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO kv VALUES ('Key1', 'one'), ('Key2', "
                                          "'two')")));
        reopen();
        QVERIFY(m_session->get(table(QStringLiteral("kv")), QStringLiteral("Key2")));
        // When a file gives those keys in other cases, a new key, and the new key again in
        // another case
        QBuffer file;
        file.setData("k,v\nkey1,dup of Key1\nKEY2,dup of Key2\nNewKey,fresh\nnewkey,again\n");
        QVERIFY(file.open(QIODevice::ReadOnly));
        io::ImportOptions options;
        options.mode = io::ImportMode::ValidRowsOnly;
        io::CsvImporter importer(*m_session, table(QStringLiteral("kv")), options);
        const io::ImportResult result = importer.run(&file);
        // Then each is refused before the commit, as the database would refuse it, the stored
        // ones naming the row that has the key as it is written there
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 1);
        QCOMPARE(result.refusals.size(), 3);
        QCOMPARE(result.refusals.at(0).line, 2);
        QVERIFY2(result.refusals.at(0).message.contains(
                     QLatin1String("k = key1 is the key of a row of kv already, written k = Key1 "
                                   "there (the key compares as COLLATE NOCASE)")),
                 qPrintable(result.refusals.at(0).message));
        QCOMPARE(result.refusals.at(1).line, 3);
        QVERIFY2(result.refusals.at(1).message.contains(QLatin1String("written k = Key2 there")),
                 qPrintable(result.refusals.at(1).message));
        QCOMPARE(result.refusals.at(2).line, 5);
        QVERIFY2(result.refusals.at(2).message.contains(QLatin1String("earlier line")),
                 qPrintable(result.refusals.at(2).message));
        // And the commit writes the new key alone
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM kv")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM kv WHERE k = 'Key1' AND v = 'one'")),
                 1);
    }

    void aCheckWrittenOnAColumnNamesItsCellAndSaysItsRule() {
        // Given a CHECK written inline on a column, with no name of its own (Northwind's
        // "Order Details".Discount): SQLite quotes its expression when it refuses a row,
        // PostgreSQL names it lines_discount_check
        QVERIFY(m_db->exec(
            QStringLiteral("CREATE TABLE lines (id INTEGER PRIMARY KEY, note TEXT, Discount REAL "
                           "CHECK (Discount >= 0 AND Discount <= 1))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO lines VALUES (1, 'ok', 0.5)")));
        reopen();
        const orm::RecordPtr line = m_session->get(table(QStringLiteral("lines")), 1);
        QVERIFY(line);
        const QString discount = sqlite() ? QStringLiteral("Discount") : QStringLiteral("discount");
        // When a discount of 2 is committed
        QVERIFY(line->setValue(discount, 2.0));
        QVERIFY(!m_session->commit());
        // Then the error names the row and the column, whose cell the window marks
        const orm::Error error = m_session->lastError();
        QVERIFY2(error.reason == orm::Error::Reason::BreaksRule, qPrintable(error.fullText()));
        QVERIFY(error.record == line);
        QCOMPARE(error.column, discount);
        // And the sentence says the rule: SQLite's expression, PostgreSQL's name for it
        const QString rule = sqlite() ? QStringLiteral("breaks the rule CHECK (Discount >= 0 "
                                                       "AND Discount <= 1).")
                                      : QStringLiteral("breaks the rule lines_discount_check.");
        QVERIFY2(
            error.message().contains(QStringLiteral("cannot be saved: %1 %2").arg(discount, rule)),
            qPrintable(error.message()));
        // And nothing was lost: the edit is still staged, the row as it was
        QCOMPARE(line->value(discount).toDouble(), 2.0);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT Discount FROM lines WHERE id = 1")).toDouble(),
                 0.5);
    }

    void aTableCheckSqliteNamesByItsFirstColumnMarksThatColumn() {
        if (backend() != Backend::Sqlite)
            QSKIP("SQLite's words for a CHECK that starts with a quoted name");
        // Given Northwind's CHECK on the table, its expression starting with a quoted column,
        // which SQLite reports by that name alone ("CHECK constraint failed: Discount")
        QVERIFY(m_db->exec(QStringLiteral(
            "CREATE TABLE [Sale Lines] ([OrderID] INTEGER PRIMARY KEY, [Discount] REAL NOT "
            "NULL DEFAULT 0, CHECK ([Discount]>=(0) AND [Discount]<=(1)))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO [Sale Lines] VALUES (10248, 0.05)")));
        reopen();
        const orm::RecordPtr line = m_session->get(table(QStringLiteral("Sale Lines")), 10248);
        QVERIFY(line);
        // When a discount of 2 is committed
        QVERIFY(line->setValue(QStringLiteral("Discount"), 2.0));
        QVERIFY(!m_session->commit());
        // Then the error names the row and the column, and says a CHECK on it refused the value
        const orm::Error error = m_session->lastError();
        QVERIFY2(error.reason == orm::Error::Reason::BreaksRule, qPrintable(error.fullText()));
        QVERIFY(error.record == line);
        QCOMPARE(error.column, QStringLiteral("Discount"));
        QVERIFY2(error.message().endsWith(QStringLiteral(
                     "cannot be saved: Discount breaks a CHECK rule of Sale Lines on it.")),
                 qPrintable(error.message()));
    }

    void referencesToACaseBlindKeyArePreviewedAsTheDatabaseMatchesThem() {
        if (backend() != Backend::Sqlite)
            QSKIP("COLLATE NOCASE keys are SQLite's");
        // Given a key that compares without case (COLLATE NOCASE) and rows that refer to it in
        // other cases, which SQLite matches by the key's collation
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE codes (k TEXT PRIMARY KEY COLLATE "
                                          "NOCASE, v TEXT NOT NULL) WITHOUT ROWID")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE uses (id INTEGER PRIMARY KEY, code TEXT "
                                          "REFERENCES codes (k) ON DELETE SET NULL)")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO codes VALUES ('Key2', 'two'), ('Key3', "
                                          "'three')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO uses VALUES (1, 'key2'), (2, 'KEY2'), "
                                          "(3, 'Key3')")));
        reopen();
        const orm::RecordPtr key2 = m_session->get(table(QStringLiteral("codes")), "Key2");
        QVERIFY(key2);

        // When its delete is previewed
        const orm::DeletePreview preview = m_session->previewDelete(key2);

        // Then both rows the database will set to NULL are its effect, as commit then does
        QCOMPARE(effectRows(preview, QStringLiteral("uses"), orm::OnDelete::SetNull), 2);
        QVERIFY(m_session->remove(key2));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM uses WHERE code IS NULL")), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM uses WHERE code = 'Key3'")), 1);
    }

    void childrenOfACaseBlindKeyAreGroupedUnderItInMemory() {
        if (backend() != Backend::Sqlite)
            QSKIP("COLLATE NOCASE keys are SQLite's");
        // Given a key that compares without case and rows that refer to it in other cases, as
        // Northwind's orders refer to 'ALFKI' as 'alfki'
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE codes (k TEXT PRIMARY KEY COLLATE "
                                          "NOCASE, v TEXT NOT NULL) WITHOUT ROWID")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE uses (id INTEGER PRIMARY KEY, code TEXT "
                                          "REFERENCES codes (k))")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO codes VALUES ('Key2', 'two'), ('Key3', "
                                          "'three')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO uses VALUES (1, 'key2'), (2, 'KEY2'), "
                                          "(3, 'Key3'), (4, 'kEY3')")));
        reopen();
        const orm::Table &uses = table(QStringLiteral("uses"));
        const orm::Relationship *relationship =
            uses.relationshipForColumn(uses.columnIndex(QStringLiteral("code")));
        QVERIFY(relationship);

        // When the children of both keys are loaded together (a page of the grid) and of one
        // alone (the related pane of one row)
        const orm::RecordList codes = m_session->query(table(QStringLiteral("codes")));
        QCOMPARE(codes.size(), 2);
        QVERIFY(m_session->loadChildren(codes, *relationship));
        const orm::RecordPtr key2 = m_session->get(table(QStringLiteral("codes")), "Key2");
        const orm::RecordPtr key3 = m_session->get(table(QStringLiteral("codes")), "Key3");
        QVERIFY(key2 && key3);

        // Then each key has the rows the database matches with it, whatever their case
        const auto ids = [](const orm::RecordList &rows) {
            QList<qint64> found;
            for (const orm::RecordPtr &row : rows)
                found << row->id().toLongLong();
            std::sort(found.begin(), found.end());
            return found;
        };
        QCOMPARE(ids(key2->children(*relationship)), (QList<qint64>{1, 2}));
        QCOMPARE(ids(key3->children(*relationship)), (QList<qint64>{3, 4}));
        // And a row finds its parent in memory though its key is written in another case, while
        // the identity map keeps the parent's own key
        const orm::RecordPtr use1 = m_session->get(uses, 1);
        QVERIFY(use1);
        QCOMPARE(use1->parent(*relationship), key2);
        QCOMPARE(key2->id().toString(), QStringLiteral("Key2"));
        QVERIFY(!m_session->findLoaded(table(QStringLiteral("codes")), QStringLiteral("key2")));

        // And a parent whose children were not loaded with the others finds them too
        reopen();
        const orm::RecordPtr alone = m_session->get(table(QStringLiteral("codes")), "Key3");
        QVERIFY(alone);
        QCOMPARE(ids(alone->children(
                     *table(QStringLiteral("uses"))
                          .relationshipForColumn(
                              table(QStringLiteral("uses")).columnIndex(QStringLiteral("code"))))),
                 (QList<qint64>{3, 4}));
    }

    void theSqlPreviewShowsBytesAsHexAndALongValueByItsSize() {
        // Given a row with a short blob and a photo's worth of bytes (Northwind's Employees)
        const QString bytes = sqlite() ? QStringLiteral("BLOB") : QStringLiteral("bytea");
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE snaps (id INTEGER PRIMARY KEY, note TEXT, "
                                          "tag %1, photo %1)")
                               .arg(bytes)));
        QByteArray photo(500, '\x7f');
        photo.replace(0, 4, QByteArray::fromHex("89504E47"));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO snaps VALUES (1, 'old', ?, ?)"),
                           {QByteArray::fromHex("00FF410A"), photo}));
        reopen();

        // When another column of the row is edited
        const orm::RecordPtr snap = m_session->get(table(QStringLiteral("snaps")), 1);
        QVERIFY(snap);
        QVERIFY(snap->setValue(QStringLiteral("note"), QStringLiteral("new")));

        // Then the preview shows the bytes it checks as hex, a long value cut with its size
        const QString is = sqlite() ? QStringLiteral("IS") : QStringLiteral("IS NOT DISTINCT FROM");
        const QString update = m_session->previewSql().value(1);
        QVERIFY2(update.endsWith(QStringLiteral("\"note\" %1 'old' AND \"tag\" %1 X'00FF410A' AND "
                                                "\"photo\" %1 X'89504E477F7F7F7F7F7F7F7F7F7F7F7F"
                                                "\u2026' /* 500 bytes */")
                                     .arg(is)),
                 qPrintable(update));
    }

    void anAnyColumnOfAStrictTableTakesTextAsWellAsNumbers() {
        if (backend() != Backend::Sqlite)
            QSKIP("STRICT tables and their ANY columns are SQLite's");
        // Given a STRICT table whose ANY column holds a number and a text, as SQLite lets it
        QVERIFY(m_db->exec(
            QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, note ANY) STRICT")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO notes VALUES (1, 42), (2, 'text')")));
        reopen();
        const orm::Table &notes = table(QStringLiteral("notes"));

        // When a text is given to the row that held a number
        const orm::RecordPtr first = m_session->get(notes, 1);
        QVERIFY(first);
        QVERIFY(first->setValue(QStringLiteral("note"), QStringLiteral("hello")));

        // Then it is no number the column must hold: commit writes it as given
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(
            count(QStringLiteral("SELECT count(*) FROM notes WHERE id = 1 AND note = 'hello'")), 1);
        // And the row beside it kept its text untouched
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM notes WHERE note = 'text'")), 1);
    }

    void aRowWhoseKeyIsNullTakesNoEditOrDelete() {
        if (backend() != Backend::Sqlite)
            QSKIP("only SQLite lets a PRIMARY KEY column hold NULL");
        // Given a text-keyed table where another program stored a row without its code
        QVERIFY(
            m_db->exec(QStringLiteral("CREATE TABLE codes (code TEXT PRIMARY KEY, label TEXT)")));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO codes VALUES (NULL, 'lost'), ('A', 'kept')")));
        reopen();
        const orm::Table &codes = table(QStringLiteral("codes"));
        orm::RecordPtr lost, kept;
        for (const orm::RecordPtr &row : m_session->query(codes))
            (row->value(QStringLiteral("code")).isNull() ? lost : kept) = row;
        QVERIFY(lost && kept);

        // Then it is shown, says why it is read-only, and refuses edits and delete
        QVERIFY2(lost->readOnlyReason().contains(QLatin1String("key is NULL")),
                 qPrintable(lost->readOnlyReason()));
        QVERIFY(!lost->setValue(QStringLiteral("label"), QStringLiteral("found")));
        QCOMPARE(lost->value(QStringLiteral("label")).toString(), QStringLiteral("lost"));
        QVERIFY(!m_session->remove(lost));
        QVERIFY2(m_session->lastError().message().contains(QLatin1String("key is NULL")),
                 qPrintable(m_session->lastError().message()));
        // While the row beside it is edited as usual
        QVERIFY(kept->readOnlyReason().isEmpty());
        QVERIFY(kept->setValue(QStringLiteral("label"), QStringLiteral("still kept")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM codes WHERE label = 'lost'")), 1);
    }

    void valuesATriggerSetsAreReadBackAtCommit() {
        // Given an invoice whose table has a trigger that stamps last_update on every UPDATE
        // (SQLite: AFTER UPDATE, which RETURNING would not see; PostgreSQL: BEFORE UPDATE)
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 1);
        QVERIFY(invoice);
        QVERIFY(invoice->value(QStringLiteral("last_update")).isNull());

        // When it is edited and committed
        QVERIFY(invoice->setValue(QStringLiteral("paid"), true));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));

        // Then the session holds what the trigger wrote, as the committed snapshot (rule 6)
        const QVariant stamped = m_db->scalar(
            QStringLiteral("SELECT CAST(last_update AS TEXT) FROM invoices WHERE id = 1"));
        QVERIFY(!stamped.isNull());
        QCOMPARE(invoice->value(QStringLiteral("last_update")).toString(), stamped.toString());
        const int column = invoice->table().columnIndex(QStringLiteral("last_update"));
        QCOMPARE(invoice->committedValue(column).toString(), stamped.toString());
        QVERIFY(!invoice->hasChanges());

        // And a second edit is not mistaken for someone else's change (rule 12)
        QVERIFY(invoice->setValue(QStringLiteral("issued"), QStringLiteral("2026-11-05")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT issued FROM invoices WHERE id = 1"))
                     .toString()
                     .left(10),
                 QStringLiteral("2026-11-05"));
    }

    void timestampsWithMicrosecondsAreReadExactlySoEditsAndDeletesAreNoConflict() {
        // Given rows keyed by a timestamp with microseconds (as Pagila's payment is keyed by
        // payment_date) and stamped with microseconds by a BEFORE UPDATE trigger (its last_update)
        const bool postgres = backend() == Backend::Postgres;
        const QStringList schema =
            postgres
                ? QStringList{QStringLiteral(
                                  "CREATE TABLE payments (paid_at timestamp with time zone, id "
                                  "integer, amount numeric(5,2) NOT NULL, last_update timestamp, "
                                  "due time, PRIMARY KEY (paid_at, id))"),
                              QStringLiteral("CREATE FUNCTION stamp() RETURNS trigger LANGUAGE "
                                             "plpgsql AS $$ BEGIN NEW.last_update := "
                                             "clock_timestamp(); RETURN NEW; END $$"),
                              QStringLiteral("CREATE TRIGGER stamped BEFORE UPDATE ON payments "
                                             "FOR EACH ROW EXECUTE FUNCTION stamp()")}
                : QStringList{
                      QStringLiteral("CREATE TABLE payments (paid_at DATETIME, id INTEGER, amount "
                                     "NUMERIC(5,2) NOT NULL, last_update DATETIME, due TIME, "
                                     "PRIMARY KEY (paid_at, id))"),
                      QStringLiteral("CREATE TRIGGER stamped AFTER UPDATE ON payments "
                                     "BEGIN UPDATE payments SET last_update = "
                                     "strftime('%Y-%m-%d %H:%M:%f', 'now') || '123' "
                                     "WHERE id = NEW.id; END")};
        for (const QString &statement : schema)
            QVERIFY2(m_db->exec(statement), qPrintable(m_db->errorString()));
        QVERIFY2(m_db->exec(QStringLiteral(
                     "INSERT INTO payments VALUES ('2022-01-01 10:00:00.123456+00', 1, 2.99, "
                     "'2026-12-03 10:00:00.654321', '10:00:00.000001'), ('2022-01-01 "
                     "10:00:00.123457+00', 2, 4.99, NULL, NULL)")),
                 qPrintable(m_db->errorString()));
        reopen();
        const orm::Table &payments = table(QStringLiteral("payments"));
        QList<orm::RecordPtr> rows = m_session->query(payments);
        QCOMPARE(rows.size(), 2);
        std::sort(rows.begin(), rows.end(), [](const orm::RecordPtr &a, const orm::RecordPtr &b) {
            return a->value(QStringLiteral("id")).toInt() < b->value(QStringLiteral("id")).toInt();
        });
        // Then every digit is read (QPSQL alone keeps milliseconds)
        const auto text = [](const orm::RecordPtr &row, const char *column) {
            return row->value(QLatin1String(column)).toString();
        };
        QVERIFY2(text(rows.at(0), "paid_at").contains(QLatin1String(".123456")),
                 qPrintable(text(rows.at(0), "paid_at")));
        QVERIFY2(text(rows.at(0), "last_update").contains(QLatin1String(".654321")),
                 qPrintable(text(rows.at(0), "last_update")));
        QVERIFY2(text(rows.at(0), "due").contains(QLatin1String(".000001")),
                 qPrintable(text(rows.at(0), "due")));

        // When a row is edited, committed and edited again (the trigger's new stamp read back)
        QVERIFY(rows.at(0)->setValue(QStringLiteral("amount"), QStringLiteral("3.99")));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(text(rows.at(0), "last_update"),
                 m_db->scalar(QStringLiteral("SELECT CAST(last_update AS TEXT) FROM payments "
                                             "WHERE id = 1"))
                     .toString());
        QVERIFY(rows.at(0)->setValue(QStringLiteral("amount"), QStringLiteral("5.99")));
        // Then neither commit is a conflict, and the row found by its key is the one changed
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT CAST(amount AS TEXT) FROM payments WHERE id "
                                             "= 1"))
                     .toString(),
                 QStringLiteral("5.99"));

        // And a row whose key has microseconds is deleted, the other one kept
        QVERIFY(m_session->remove(rows.at(1)));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM payments WHERE id = 2")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM payments")), 1);
    }

    void aBlankPaddedNameIsReadWithoutItsBlanks() {
        // Given Pagila's languages, named in a character(20) column (PostgreSQL pads the value)
        QVERIFY2(m_db->exec(QStringLiteral("CREATE TABLE language (language_id integer PRIMARY "
                                           "KEY, name character(20) NOT NULL)")),
                 qPrintable(m_db->errorString()));
        QVERIFY2(m_db->exec(QStringLiteral("INSERT INTO language VALUES (1, 'English')")),
                 qPrintable(m_db->errorString()));
        reopen();
        const orm::RecordPtr english = m_session->get(table(QStringLiteral("language")), 1);
        QVERIFY(english);
        // Then it is named "English", as a foreign key cell and a message show it
        QCOMPARE(english->displayText(), QStringLiteral("English"));
        QCOMPARE(english->displayName(), QStringLiteral("language 'English'"));
        // While its value stays as the database gave it (padded on PostgreSQL), so that nothing
        // changes unless the user changes it
        QCOMPARE(english->value(QStringLiteral("name")).toString().trimmed(),
                 QStringLiteral("English"));
        QVERIFY(!english->hasChanges());
        if (backend() == Backend::Postgres)
            QCOMPARE(english->value(QStringLiteral("name")).toString().size(), 20);
    }

    void aDatabaseThatTakesNoWritesSaysWhyWhenItOpens() {
        // Given the shop reached as usual: writable, so nothing is said
        QVERIFY2(orm::writeaccess::readOnlyReason(m_db->connection()).isEmpty(),
                 qPrintable(orm::writeaccess::readOnlyReason(m_db->connection())));
        // When it is reached where it takes no writes: a file SQLite can only read (as for a file
        // its user may not write), a server session whose transactions are read-only
        const QString name = QStringLiteral("readonly-%1").arg(quintptr(this));
        {
            QSqlDatabase locked;
            if (backend() == Backend::Sqlite) {
                locked = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                locked.setDatabaseName(m_db->sqlitePath());
                locked.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
                QVERIFY(locked.open());
                QVERIFY(QSqlQuery(locked).exec(QStringLiteral("SELECT count(*) FROM invoices")));
            } else {
                locked = m_db->newConnection();
                QVERIFY(QSqlQuery(locked).exec(
                    QStringLiteral("SET default_transaction_read_only = on")));
            }
            // Then why is said, before anything could be staged
            const QString reason = orm::writeaccess::readOnlyReason(locked);
            QVERIFY2(reason.contains(backend() == Backend::Sqlite
                                         ? QLatin1String("cannot be written")
                                         : QLatin1String("read-only")),
                     qPrintable(reason));
            // And it is so: a write is refused there
            QVERIFY(!QSqlQuery(locked).exec(
                QStringLiteral("UPDATE invoices SET paid = paid WHERE id = 1")));
            locked.close();
        }
        if (backend() == Backend::Sqlite)
            QSqlDatabase::removeDatabase(name);
    }

    void aNewRowWhoseKeyTheDatabaseCompletesIsNamedNewUntilItHasItsKey() {
        // Given Pagila's payment, keyed by its date and a number the database gives
        const bool postgres = backend() == Backend::Postgres;
        QVERIFY2(m_db->exec(postgres ? QStringLiteral("CREATE TABLE payment (payment_id serial, "
                                                      "payment_date date NOT NULL, amount "
                                                      "numeric(5,2), PRIMARY KEY (payment_date, "
                                                      "payment_id))")
                                     : QStringLiteral("CREATE TABLE payment (payment_id integer, "
                                                      "payment_date date NOT NULL, amount "
                                                      "numeric(5,2), PRIMARY KEY (payment_date, "
                                                      "payment_id))")),
                 qPrintable(m_db->errorString()));
        reopen();
        const orm::Table &payment = table(QStringLiteral("payment"));

        // When a new payment has its date and amount, but not yet its number
        const orm::RecordPtr row = payment.createRecord();
        QVERIFY(row->setValue(QStringLiteral("payment_date"), QStringLiteral("2022-05-15")));
        QVERIFY(row->setValue(QStringLiteral("amount"), QStringLiteral("3.50")));
        m_session->add(row);

        // Then it is named as new, not by half a key ("payment #2022-05-15, ")
        QCOMPARE(row->displayName(), QStringLiteral("new payment"));
        QVERIFY2(row->keyText().isEmpty(), qPrintable(row->keyText()));

        if (postgres) {
            // And once committed, by its whole key
            QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
            const QString number =
                m_db->scalar(QStringLiteral("SELECT payment_id FROM payment")).toString();
            QVERIFY(!number.isEmpty());
            QVERIFY2(row->displayName().startsWith(QStringLiteral("payment #")) &&
                         row->displayName().endsWith(QStringLiteral(", ") + number),
                     qPrintable(row->displayName()));
        }
    }

    void aDecimalPastItsDeclaredDigitsIsRefusedWhereTheDatabaseWouldRoundOrRefuseIt() {
        // Given Pagila's film.rental_rate, a numeric(4,2)
        QVERIFY2(m_db->exec(QStringLiteral("CREATE TABLE film (film_id integer PRIMARY KEY, "
                                           "rental_rate numeric(4,2) NOT NULL)")),
                 qPrintable(m_db->errorString()));
        QVERIFY2(m_db->exec(QStringLiteral("INSERT INTO film VALUES (1, 0.99)")),
                 qPrintable(m_db->errorString()));
        reopen();
        // (the digits a number needs, as both sides of the point count them)
        const auto digits = [](const char *text) {
            const auto counted = orm::values::decimalDigits(QString::fromLatin1(text));
            return counted ? u"%1,%2"_qs.arg(counted->whole).arg(counted->fraction) : u"none"_qs;
        };
        QCOMPARE(digits("012.50"), u"2,1"_qs);
        QCOMPARE(digits("1e3"), u"4,0"_qs);
        QCOMPARE(digits("-0.05"), u"0,2"_qs);
        QCOMPARE(digits("0.00"), u"0,0"_qs);
        QCOMPARE(digits(" 4.999 "), u"1,3"_qs);
        QCOMPARE(digits("NaN"), u"none"_qs);
        const orm::Table &film = table(QStringLiteral("film"));
        const orm::Column &rate = film.column(film.columnIndex(QStringLiteral("rental_rate")));
        const auto typed = [&](const QString &text, QVariant *value, QString *error) {
            return orm::values::fromInput(m_session->dialect(), rate, text, value, error);
        };

        // When a rate is typed with a third digit after the point
        QVariant value;
        QString error;
        const bool thirdDigit = typed(QStringLiteral("4.999"), &value, &error);
        if (backend() == Backend::Postgres) {
            // Then it is refused, naming the column and its type: PostgreSQL would have stored
            // 5.00 without a word
            QVERIFY(!thirdDigit);
            QVERIFY2(error.contains(QStringLiteral("rental_rate")) &&
                         error.contains(QStringLiteral("numeric(4,2)")) &&
                         error.contains(QStringLiteral("keeps 2 digits after the point")) &&
                         error.contains(QStringLiteral("rounded")),
                     qPrintable(error));
            // And so is one past 99.99, which it would have refused at commit naming no column
            QVERIFY(!typed(QStringLiteral("123.4"), &value, &error));
            QVERIFY2(error.contains(QStringLiteral("below 100")) &&
                         error.contains(QStringLiteral("123.4")),
                     qPrintable(error));
            // Written with an exponent, a number is judged by its digits as well
            QVERIFY(!typed(QStringLiteral("1.5e2"), &value, &error));
            QVERIFY2(error.contains(QStringLiteral("below 100")), qPrintable(error));
            // While what it keeps exactly is taken as typed, zeros after the point included
            for (const QString &exact :
                 {QStringLiteral("4.990"), QStringLiteral("-99.99"), QStringLiteral("0099.5"),
                  QStringLiteral("7"), QStringLiteral("9.9e1")}) {
                QVERIFY2(typed(exact, &value, &error),
                         qPrintable(exact + QLatin1Char(' ') + error));
            }
        } else {
            // SQLite keeps what is typed whatever the declaration says: taken as typed
            QVERIFY2(thirdDigit, qPrintable(error));
            QCOMPARE(value.toString(), QStringLiteral("4.999"));
        }

        // And a value taken commits and reads back as it was typed
        QVERIFY(typed(QStringLiteral("4.990"), &value, &error));
        const orm::RecordPtr first = m_session->get(film, 1);
        QVERIFY(first);
        first->setValue(QStringLiteral("rental_rate"), value);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM film WHERE rental_rate = 4.99")), 1);
    }

    void browsingPreviewingAndRollingBackWriteNothing() {
        if (backend() != Backend::Sqlite)
            QSKIP("the SQLite file's bytes");
        m_session.reset();
        m_db->connection().close();
        QFile file(m_db->sqlitePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before =
            QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
        file.close();
        {
            QSqlDatabase connection = m_db->newConnection();
            orm::Reflection reflected = orm::reflect(connection);
            QVERIFY(reflected);
            orm::Session session(connection, *reflected.metadata);
            for (const orm::Table *t : reflected.metadata->tables()) {
                (void)session.query(*t);
                QVERIFY2(!session.lastError(), qPrintable(t->name() + QLatin1String(": ") +
                                                          session.lastError().message()));
            }
            const orm::RecordPtr invoice =
                session.get(*reflected.metadata->table(QStringLiteral("invoices")), 2);
            QVERIFY(invoice);
            (void)session.previewDelete(invoice);
            QVERIFY(invoice->setValue(QStringLiteral("issued"), QStringLiteral("2026-12-03")));
            session.rollback();
            connection.close();
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256), before);
    }
};

QTEST_GUILESS_MAIN(TestAnyDatabase)
#include "tst_anydatabase.moc"
