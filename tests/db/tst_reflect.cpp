// docs/contract.md §7: orm::reflect() reads what the database declares — tables and views, columns
// and their types, keys of every shape, unique keys, foreign keys with their actions — never by
// parsing DDL, in a fixed number of catalog queries, writing nothing.

#include "library/librarydatabase.h"
#include "libraryfixture.h"
#include "orm/reflect.h"
#include "orm/sqlitetriggers.h"
#include "realschemas.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;

namespace {

QStringList columnNames(const orm::Table &table, const QList<int> &columns) {
    QStringList names;
    for (int column : columns)
        names << table.column(column).name;
    return names;
}

const orm::ForeignKey *foreignKeyTo(const orm::Table &table, const QString &target) {
    for (const orm::ForeignKey &key : table.foreignKeys()) {
        if (key.targetTable == target)
            return &key;
    }
    return nullptr;
}

QByteArray fileHash(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool isSqlite() {
    return backend() == Backend::Sqlite;
}

} // namespace

class TestReflect : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    orm::Reflection m_shop;

    const orm::Table &table(const QString &name) {
        const orm::Table *found = m_shop.metadata->table(name);
        if (!found)
            qFatal("no table %s", qPrintable(name));
        return *found;
    }
    const orm::Column &column(const QString &tableName, const QString &columnName) {
        const orm::Table &t = table(tableName);
        const int index = t.columnIndex(columnName);
        if (index < 0)
            qFatal("no column %s.%s", qPrintable(tableName), qPrintable(columnName));
        return t.column(index);
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        QVERIFY(createShopSchema(*m_db));
        m_shop = orm::reflect(m_db->connection());
        QVERIFY2(m_shop, qPrintable(m_shop.error));
    }
    void cleanup() {
        m_shop = {};
        m_db.reset();
    }

    void tablesAndViewsAreListedAndInternalTablesAreNot() {
        for (const char *name : {"customers", "invoices", "invoice_lines", "shipments", "employees",
                                 "playlists", "tracks", "playlist_track", "Order Details",
                                 "orders_by_company", "audit_log", "settings", "invoice_totals"})
            QVERIFY2(m_shop.metadata->table(QLatin1String(name)), name);
        for (const orm::Table *t : m_shop.metadata->tables())
            QVERIFY2(!t->name().startsWith(QLatin1String("sqlite_")), qPrintable(t->name()));
        QVERIFY(table(QStringLiteral("invoice_totals")).isView());
        QVERIFY(table(QStringLiteral("invoice_totals")).isReadOnly());
        QVERIFY(!table(QStringLiteral("invoices")).isView());
        QVERIFY(!table(QStringLiteral("invoices")).isReadOnly());
    }

    void rowsAreNamedByTheColumnsAPersonWouldPick() {
        // Schemas as people keep them: Chinook's albums and employees, Northwind's customers.
        for (const char *sql :
             {"CREATE TABLE artists (artist_id integer PRIMARY KEY, name text)",
              "CREATE TABLE albums (album_id integer PRIMARY KEY, title text NOT NULL, artist_id "
              "integer NOT NULL REFERENCES artists)",
              "CREATE TABLE staff (\"EmployeeId\" integer PRIMARY KEY, \"LastName\" text NOT "
              "NULL, \"FirstName\" text NOT NULL, \"Title\" text, \"Email\" text)",
              "CREATE TABLE clients (\"CustomerID\" text PRIMARY KEY, \"CompanyName\" text NOT "
              "NULL, \"ContactName\" text, \"ContactTitle\" text)",
              "CREATE TABLE notes (id integer PRIMARY KEY, body text, topic text)",
              // Chinook's invoices and Northwind's orders carry an address block, Sakila's
              // address and city tables are named by theirs.
              "CREATE TABLE \"Invoice\" (\"InvoiceId\" integer PRIMARY KEY, \"InvoiceDate\" "
              "timestamp NOT NULL, \"BillingAddress\" varchar(70), \"BillingCity\" "
              "varchar(40), \"BillingCountry\" varchar(40), \"Total\" numeric(10,2))",
              "CREATE TABLE \"Orders\" (\"OrderID\" integer PRIMARY KEY, \"ShipName\" text, "
              "\"ShipAddress\" text, \"ShipCity\" text, \"ShipPostalCode\" text)",
              "CREATE TABLE \"Shippers\" (\"ShipperID\" integer PRIMARY KEY, \"Phone\" text, "
              "\"CompanyName\" text NOT NULL)",
              "CREATE TABLE address (address_id integer PRIMARY KEY, address varchar(50) NOT "
              "NULL, district varchar(20), postal_code varchar(10), phone varchar(20) NOT NULL)",
              "CREATE TABLE city (city_id integer PRIMARY KEY, city varchar(50) NOT NULL)",
              "CREATE TABLE \"Region\" (\"RegionID\" integer PRIMARY KEY, "
              "\"RegionDescription\" text NOT NULL)"})
            QVERIFY2(m_db->exec(QLatin1String(sql)), qPrintable(m_db->errorString()));
        m_shop = orm::reflect(m_db->connection());
        QVERIFY2(m_shop, qPrintable(m_shop.error));
        auto labels = [this](const char *name) {
            return columnNames(table(QLatin1String(name)),
                               table(QLatin1String(name)).labelColumns());
        };
        // Unique and NOT NULL names exactly one row; the text key is an id, not a name.
        QCOMPARE(labels("customers"), QStringList{QStringLiteral("company_name")});
        QCOMPARE(labels("artists"), QStringList{QStringLiteral("name")});
        QCOMPARE(labels("albums"), QStringList{QStringLiteral("title")});
        // A person's name beats their job title, first name first.
        QCOMPARE(labels("staff"),
                 (QStringList{QStringLiteral("FirstName"), QStringLiteral("LastName")}));
        QCOMPARE(labels("employees"),
                 (QStringList{QStringLiteral("first_name"), QStringLiteral("last_name")}));
        QCOMPARE(labels("clients"), QStringList{QStringLiteral("CompanyName")});
        QCOMPARE(labels("notes"), QStringList{QStringLiteral("body")});
        // A foreign key is an id: invoices have no name but their number.
        QVERIFY(labels("invoices").isEmpty());
        // Nor does a row whose only text is where it goes or how to reach it.
        QVERIFY(labels("Invoice").isEmpty());
        QVERIFY(labels("Orders").isEmpty());
        QCOMPARE(labels("Shippers"), QStringList{QStringLiteral("CompanyName")});
        QCOMPARE(labels("address"), QStringList{QStringLiteral("address")});
        QCOMPARE(labels("city"), QStringList{QStringLiteral("city")});
        QCOMPARE(labels("Region"), QStringList{QStringLiteral("RegionDescription")});
        // Sorted and searched by the last name.
        const orm::Table &staff = table(QStringLiteral("staff"));
        QCOMPARE(staff.column(staff.displayColumn()).name, QStringLiteral("LastName"));
        orm::RecordPtr jane = staff.createRecord();
        QVERIFY(jane->setValue(QStringLiteral("FirstName"), QStringLiteral("Jane")));
        QVERIFY(jane->setValue(QStringLiteral("LastName"), QStringLiteral("Peacock")));
        QVERIFY(jane->setValue(QStringLiteral("Title"), QStringLiteral("Sales Support Agent")));
        QCOMPARE(jane->displayText(), QStringLiteral("Jane Peacock"));
    }

    void primaryKeysOfEveryShapeInKeyOrder() {
        QCOMPARE(columnNames(table(QStringLiteral("customers")),
                             table(QStringLiteral("customers")).primaryKeyColumns()),
                 QStringList{QStringLiteral("code")});
        // Declared (invoice_id, line_no) though line_no comes first among the columns.
        const orm::Table &lines = table(QStringLiteral("invoice_lines"));
        QCOMPARE(columnNames(lines, lines.primaryKeyColumns()),
                 (QStringList{QStringLiteral("invoice_id"), QStringLiteral("line_no")}));
        QVERIFY(lines.hasCompositeKey());
        QCOMPARE(lines.primaryKey(), -1);
        const orm::Table &details = table(QStringLiteral("Order Details"));
        QCOMPARE(columnNames(details, details.primaryKeyColumns()),
                 (QStringList{QStringLiteral("Order ID"), QStringLiteral("Product \"Name\"")}));
        const orm::Table &junction = table(QStringLiteral("playlist_track"));
        QCOMPARE(junction.primaryKeyColumns().size(), 2);
        // The database assigns an integer key it generates; a text key is the user's to type.
        QVERIFY(column(QStringLiteral("invoices"), QStringLiteral("id")).autoIncrement);
        QVERIFY(!column(QStringLiteral("customers"), QStringLiteral("code")).autoIncrement);
    }

    void aTableWithoutAKey() {
        const orm::Table &log = table(QStringLiteral("audit_log"));
        if (isSqlite()) {
            // Edited through the rowid, a hidden key column that is never written.
            QCOMPARE(log.primaryKeyColumns().size(), 1);
            const orm::Column &rowid = log.column(log.primaryKey());
            QCOMPARE(rowid.name, QStringLiteral("rowid"));
            QVERIFY(rowid.hidden);
            QVERIFY(!rowid.isWritable());
            QVERIFY(!log.isReadOnly());
        } else {
            // No UPDATE could be sure to match one row: read-only, with the reason.
            QVERIFY(log.isReadOnly());
            QVERIFY2(log.readOnlyReason().contains(QLatin1String("no primary key")),
                     qPrintable(log.readOnlyReason()));
            // A unique key of NOT NULL columns identifies a row: that table stays writable.
            const orm::Table &settings = table(QStringLiteral("settings"));
            QVERIFY(!settings.isReadOnly());
            QCOMPARE(columnNames(settings, settings.primaryKeyColumns()),
                     QStringList{QStringLiteral("key")});
        }
    }

    void whatTheRoleMayNotChangeIsReadOnlyAndAPartitionedTableIsListedOnce() {
        if (isSqlite())
            QSKIP("roles, privileges and partitions are PostgreSQL's");
        // Given a clerk's role that may read prices, change only the quantity of stock, and
        // read measurements kept in two partitions that refer to tracks
        const QString role = QStringLiteral("shelf_clerk_") + m_db->schema();
        const QStringList setup = {
            QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(role),
            QStringLiteral("GRANT USAGE ON SCHEMA %1 TO %2").arg(m_db->schema(), role),
            QStringLiteral("CREATE TABLE prices (id integer PRIMARY KEY, product text, price "
                           "numeric)"),
            QStringLiteral("CREATE TABLE stock (id integer PRIMARY KEY, product text, quantity "
                           "integer)"),
            QStringLiteral("CREATE TABLE measurements (id integer NOT NULL, taken date NOT NULL, "
                           "track_id integer REFERENCES tracks (id) ON DELETE CASCADE, PRIMARY "
                           "KEY (id, taken)) PARTITION BY RANGE (taken)"),
            QStringLiteral("CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES "
                           "FROM ('2025-01-01') TO ('2026-01-01')"),
            QStringLiteral("CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES "
                           "FROM ('2026-01-01') TO ('2027-01-01')"),
            QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA %1 TO %2")
                .arg(m_db->schema(), role),
            QStringLiteral("GRANT INSERT, DELETE, UPDATE (quantity) ON stock TO %1").arg(role),
            QStringLiteral("GRANT INSERT, UPDATE, DELETE ON measurements TO %1").arg(role),
        };
        for (const QString &statement : setup)
            QVERIFY2(m_db->exec(statement), qPrintable(statement + m_db->errorString()));
        QSqlDatabase connection = m_db->connection();
        QSqlQuery query(connection);
        QVERIFY(query.exec(QStringLiteral("SET ROLE %1").arg(role)));
        const orm::Reflection asClerk = orm::reflect(connection);
        QVERIFY(query.exec(QStringLiteral("RESET ROLE")));
        QVERIFY(m_db->exec(QStringLiteral("DROP OWNED BY %1").arg(role)));
        QVERIFY(m_db->exec(QStringLiteral("DROP ROLE %1").arg(role)));
        QVERIFY2(asClerk, qPrintable(asClerk.error));

        // Then prices are read-only with the reason, stock's product is and its quantity is not
        const orm::Table *prices = asClerk.metadata->table(QStringLiteral("prices"));
        QVERIFY(prices);
        QVERIFY(prices->isReadOnly());
        QVERIFY2(prices->readOnlyReason().contains(QLatin1String("role")),
                 qPrintable(prices->readOnlyReason()));
        const orm::Table *stock = asClerk.metadata->table(QStringLiteral("stock"));
        QVERIFY(stock);
        const orm::Column &product = stock->column(stock->columnIndex(QStringLiteral("product")));
        const orm::Column &quantity = stock->column(stock->columnIndex(QStringLiteral("quantity")));
        QVERIFY(!product.isWritable());
        QVERIFY2(product.readOnlyReason.contains(QLatin1String("role")),
                 qPrintable(product.readOnlyReason));
        QVERIFY(quantity.isWritable());
        // And the partitioned table is one table with one foreign key; its partitions are not
        // listed beside it
        const orm::Table *measurements = asClerk.metadata->table(QStringLiteral("measurements"));
        QVERIFY(measurements);
        QVERIFY(!measurements->isReadOnly());
        QCOMPARE(measurements->foreignKeys().size(), 1);
        QCOMPARE(measurements->primaryKeyColumns().size(), 2);
        for (const orm::Table *t : asClerk.metadata->tables())
            QVERIFY2(!t->name().startsWith(QLatin1String("measurements_")), qPrintable(t->name()));
        int referringToTracks = 0;
        for (const orm::Relationship &relationship : asClerk.metadata->relationships())
            referringToTracks += relationship.parent->name() == QLatin1String("tracks") &&
                                 relationship.child->name().startsWith(QLatin1String("measure"));
        QCOMPARE(referringToTracks, 1);
    }

    void foreignKeysWithTheirActions() {
        const orm::ForeignKey *toCustomer =
            foreignKeyTo(table(QStringLiteral("invoices")), QStringLiteral("customers"));
        QVERIFY(toCustomer);
        QCOMPARE(int(toCustomer->onDelete), int(orm::OnDelete::Restrict));
        QCOMPARE(int(toCustomer->onUpdate), int(orm::OnDelete::Cascade));
        QCOMPARE(toCustomer->targetColumnNames, QStringList{QStringLiteral("code")});

        // `REFERENCES invoices` without columns refers to the key.
        const orm::ForeignKey *toInvoice =
            foreignKeyTo(table(QStringLiteral("invoice_lines")), QStringLiteral("invoices"));
        QVERIFY(toInvoice);
        QCOMPARE(int(toInvoice->onDelete), int(orm::OnDelete::Cascade));
        QCOMPARE(toInvoice->targetColumnNames, QStringList{QStringLiteral("id")});
        if (!isSqlite()) {
            QVERIFY(toInvoice->deferrable);
            QVERIFY(toInvoice->initiallyDeferred);
        }

        // Two columns, in order, to the lines' composite key; SET DEFAULT.
        const orm::Table &shipments = table(QStringLiteral("shipments"));
        const orm::ForeignKey *toLine = foreignKeyTo(shipments, QStringLiteral("invoice_lines"));
        QVERIFY(toLine);
        QVERIFY(toLine->isComposite());
        QCOMPARE(columnNames(shipments, toLine->columns),
                 (QStringList{QStringLiteral("invoice_id"), QStringLiteral("line_no")}));
        QCOMPARE(toLine->targetColumnNames,
                 (QStringList{QStringLiteral("invoice_id"), QStringLiteral("line_no")}));
        QCOMPARE(int(toLine->onDelete), int(orm::OnDelete::SetDefault));

        // Staff who report to staff; SET NULL.
        const orm::ForeignKey *manager =
            foreignKeyTo(table(QStringLiteral("employees")), QStringLiteral("employees"));
        QVERIFY(manager);
        QCOMPARE(int(manager->onDelete), int(orm::OnDelete::SetNull));

        // The junction: CASCADE from the playlist, NO ACTION from the track.
        const orm::Table &junction = table(QStringLiteral("playlist_track"));
        QCOMPARE(int(foreignKeyTo(junction, QStringLiteral("playlists"))->onDelete),
                 int(orm::OnDelete::Cascade));
        QCOMPARE(int(foreignKeyTo(junction, QStringLiteral("tracks"))->onDelete),
                 int(orm::OnDelete::NoAction));

        // To a unique column that is not the key.
        const orm::ForeignKey *toCompany =
            foreignKeyTo(table(QStringLiteral("orders_by_company")), QStringLiteral("customers"));
        QVERIFY(toCompany);
        QCOMPARE(toCompany->targetColumnNames, QStringList{QStringLiteral("company_name")});
    }

    void foreignKeysBecomeRelationshipsThatFollowTheDatabase() {
        QVERIFY(m_shop.metadata->isReflected());
        const orm::Relationship *lines = m_shop.metadata->relationship(
            QStringLiteral("invoices"), QStringLiteral("invoice_lines"));
        QVERIFY(lines);
        QVERIFY(lines->followsDatabase);
        QVERIFY(!(lines->cascade & orm::CascadeFlag::Delete));
        QCOMPARE(lines->backrefName, QStringLiteral("invoice"));
        // A self-reference is a relationship of the table with itself.
        const orm::Relationship *reports =
            m_shop.metadata->relationship(QStringLiteral("employees"), QStringLiteral("employees"));
        QVERIFY(reports);
        QCOMPARE(reports->child, reports->parent);
        QCOMPARE(reports->backrefName, QStringLiteral("reports_to"));
        // Text keys relate as well as integers.
        QVERIFY(
            m_shop.metadata->relationship(QStringLiteral("customers"), QStringLiteral("invoices")));
    }

    void columnTypesMapToWhatTheyHold() {
        using orm::ColumnType;
        QCOMPARE(int(column(QStringLiteral("customers"), QStringLiteral("company_name")).type),
                 int(ColumnType::Text));
        QCOMPARE(int(column(QStringLiteral("customers"), QStringLiteral("credit")).type),
                 int(ColumnType::Decimal));
        QCOMPARE(int(column(QStringLiteral("invoices"), QStringLiteral("issued")).type),
                 int(ColumnType::Date));
        QCOMPARE(int(column(QStringLiteral("invoices"), QStringLiteral("paid")).type),
                 int(ColumnType::Boolean));
        QCOMPARE(int(column(QStringLiteral("invoices"), QStringLiteral("last_update")).type),
                 int(ColumnType::Timestamp));
        QCOMPARE(int(column(QStringLiteral("employees"), QStringLiteral("photo")).type),
                 int(ColumnType::Blob));
        QCOMPARE(int(column(QStringLiteral("Order Details"), QStringLiteral("Discount")).type),
                 int(ColumnType::Real));
        QCOMPARE(column(QStringLiteral("customers"), QStringLiteral("company_name")).declaredType,
                 isSqlite() ? QStringLiteral("NVARCHAR(40)")
                            : QStringLiteral("character varying(40)"));
        QVERIFY(column(QStringLiteral("customers"), QStringLiteral("company_name")).unique);
        QVERIFY(!column(QStringLiteral("customers"), QStringLiteral("company_name")).nullable);
        QVERIFY(column(QStringLiteral("customers"), QStringLiteral("country")).nullable);
        QVERIFY(!column(QStringLiteral("customers"), QStringLiteral("credit"))
                     .defaultExpression.isEmpty());
        if (!isSqlite()) {
            const orm::Column &mood = column(QStringLiteral("customers"), QStringLiteral("mood"));
            QCOMPARE(int(mood.type), int(ColumnType::Enum));
            QCOMPARE(mood.enumLabels, (QStringList{QStringLiteral("sad"), QStringLiteral("ok"),
                                                   QStringLiteral("happy")}));
            QCOMPARE(int(column(QStringLiteral("invoices"), QStringLiteral("id_uuid")).type),
                     int(ColumnType::Uuid));
            QCOMPARE(int(column(QStringLiteral("invoices"), QStringLiteral("extra")).type),
                     int(ColumnType::Json));
            // A domain is its base type with the domain's CHECK.
            const orm::Column &quantity =
                column(QStringLiteral("invoice_lines"), QStringLiteral("quantity"));
            QCOMPARE(int(quantity.type), int(ColumnType::Integer));
            QVERIFY2(quantity.checks.join(QString()).contains(QLatin1String("> 0")),
                     qPrintable(quantity.checks.join(QStringLiteral("; "))));
        }
    }

    void generatedColumnsAreReadOnly() {
        const orm::Column &amount =
            column(QStringLiteral("invoice_lines"), QStringLiteral("amount"));
        QVERIFY(amount.generated);
        QVERIFY(!amount.isWritable());
        QVERIFY(!amount.readOnlyReason.isEmpty());
        QVERIFY(column(QStringLiteral("invoice_lines"), QStringLiteral("price")).isWritable());
    }

    void triggersAreKnown() {
        QVERIFY(table(QStringLiteral("invoices")).hasTriggers());
        QVERIFY(!table(QStringLiteral("customers")).hasTriggers());
        // With the writes they fire on: the invoices' trigger runs on UPDATE alone
        QCOMPARE(table(QStringLiteral("invoices")).triggerEvents(),
                 orm::TriggerEvents(orm::TriggerEvent::Update));
        QCOMPARE(table(QStringLiteral("customers")).triggerEvents(), orm::TriggerEvents());
    }

    void theEventATriggerFiresOnIsReadPastQuotedNamesAndComments() {
        if (!isSqlite())
            QSKIP("SQLite keeps the CREATE TRIGGER text; PostgreSQL's catalog says (tgtype)");
        // Given triggers whose names, schema and comments hold the words of other events
        struct Case {
            const char *sql;
            orm::TriggerEvents events;
        };
        const Case cases[] = {
            {"CREATE TRIGGER \"after delete\" AFTER INSERT ON t BEGIN SELECT 1; END",
             orm::TriggerEvent::Insert},
            {"create temp trigger if not exists main.[update] -- on delete\n"
             "instead of delete on v begin select 1; end",
             orm::TriggerEvent::Delete},
            {"CREATE TRIGGER `insert \"\"` BEFORE UPDATE OF \"delete\", b ON t BEGIN SELECT 1; "
             "END",
             orm::TriggerEvent::Update},
            {"CREATE TRIGGER 'x''delete' /* insert */ UPDATE ON t BEGIN SELECT 1; END",
             orm::TriggerEvent::Update},
            {"CREATE TRIGGER \"a\"\"b\" DELETE ON t BEGIN SELECT 1; END",
             orm::TriggerEvent::Delete},
            {"CREATE TABLE delete_me (id INTEGER)", orm::TriggerEvents()},
        };
        // Then each reads as the one event it fires on
        for (const Case &c : cases)
            QCOMPARE(orm::sqliteTriggerEvent(QString::fromUtf8(c.sql)), c.events);

        // And reflection gathers them by table: two triggers of one table, both events
        QVERIFY(m_db->exec(QStringLiteral(
            "CREATE TRIGGER \"customers on delete\" BEFORE INSERT ON customers BEGIN SELECT 1; "
            "END")));
        QVERIFY(m_db->exec(QStringLiteral(
            "CREATE TRIGGER [customers gone] AFTER DELETE ON customers BEGIN SELECT 1; END")));
        m_shop = orm::reflect(m_db->connection());
        QVERIFY2(m_shop, qPrintable(m_shop.error));
        QCOMPARE(table(QStringLiteral("customers")).triggerEvents(),
                 orm::TriggerEvents(orm::TriggerEvent::Insert | orm::TriggerEvent::Delete));
    }

    void reflectionWritesNothing() {
        if (!isSqlite()) {
            // A read-only session refuses any write: reflection still reads the whole schema.
            QSqlDatabase readOnly = m_db->newConnection();
            QSqlQuery set(readOnly);
            QVERIFY(
                set.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")));
            QVERIFY(set.exec(QStringLiteral("SET search_path TO %1").arg(m_db->schema())));
            const orm::Reflection reflected = orm::reflect(readOnly);
            QVERIFY2(reflected, qPrintable(reflected.error));
            QVERIFY(reflected.metadata->table(QStringLiteral("invoice_lines")));
            return;
        }
        m_db.reset(new TestDatabase); // a file nobody else has open
        QVERIFY(m_db->open());
        QVERIFY(createShopSchema(*m_db));
        m_db->connection().close();
        const QByteArray before = fileHash(m_db->sqlitePath());
        {
            QSqlDatabase again = m_db->newConnection();
            QVERIFY(orm::reflect(again));
            again.close();
        }
        QCOMPARE(fileHash(m_db->sqlitePath()), before);
    }

    void aFixedNumberOfCatalogQueries() {
        // Five tables more cost no statement more.
        const int before = m_shop.catalogQueries;
        for (int i = 0; i < 5; ++i)
            QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE extra_%1 (id INTEGER PRIMARY KEY, "
                                              "parent INTEGER REFERENCES extra_%1 (id))")
                                   .arg(i)));
        const orm::Reflection more = orm::reflect(m_db->connection());
        QVERIFY(more);
        QVERIFY(more.metadata->table(QStringLiteral("extra_4")));
        QCOMPARE(more.catalogQueries, before);
    }

    void theLibraryReflectsAsDeclared() {
        TestDatabase db;
        QVERIFY(db.open());
        orm::Session session(db.connection(), library::metadata());
        QVERIFY(session.createAll());
        const orm::Reflection reflected = orm::reflect(db.connection());
        QVERIFY2(reflected, qPrintable(reflected.error));
        for (const orm::Table *declared : library::metadata().tables()) {
            const orm::Table *found = reflected.metadata->table(declared->name());
            QVERIFY2(found, qPrintable(declared->name()));
            QCOMPARE(found->columnCount(), declared->columnCount());
            for (int i = 0; i < declared->columnCount(); ++i) {
                QCOMPARE(found->column(i).name, declared->column(i).name);
                QCOMPARE(int(found->column(i).type), int(declared->column(i).type));
                QCOMPARE(found->column(i).nullable, declared->column(i).nullable);
            }
            QCOMPARE(found->primaryKeyColumns(), declared->primaryKeyColumns());
            QCOMPARE(found->foreignKeys().size(), declared->foreignKeys().size());
            for (const orm::ForeignKey &key : declared->foreignKeys()) {
                const orm::ForeignKey *twin = found->foreignKey(key.column());
                QVERIFY(twin);
                QCOMPARE(twin->targetTable, key.targetTable);
                QCOMPARE(int(twin->onDelete), int(key.onDelete));
            }
        }
    }

    void shelfsLibraryIsRecognisedByItsStampOrItsExactSchema() {
        using library::DatabaseKind;
        // Another program's database is no library, however many tables it has.
        QCOMPARE(int(library::recognise(m_db->connection(), *m_shop.metadata)),
                 int(DatabaseKind::Other));
        QString difference;
        QVERIFY(!library::matchesDeclared(*m_shop.metadata, &difference));
        QVERIFY(!difference.isEmpty());

        TestDatabase empty;
        QVERIFY(empty.open());
        const orm::Reflection nothing = orm::reflect(empty.connection());
        QVERIFY(nothing);
        QCOMPARE(int(library::recognise(empty.connection(), *nothing.metadata)),
                 int(DatabaseKind::Empty));

        // A library made before stamps: recognised by its schema alone.
        TestDatabase unstamped;
        QVERIFY(unstamped.open());
        {
            orm::Session session(unstamped.connection(), library::metadata());
            QVERIFY(session.createAll());
        }
        const orm::Reflection old = orm::reflect(unstamped.connection());
        QVERIFY2(library::matchesDeclared(*old.metadata, &difference), qPrintable(difference));
        QCOMPARE(int(library::recognise(unstamped.connection(), *old.metadata)),
                 int(DatabaseKind::Library));
        // One column more and it is not the library any more, unless stamped.
        QVERIFY(unstamped.exec(QStringLiteral("ALTER TABLE books ADD COLUMN shelf_mark TEXT")));
        const orm::Reflection changed = orm::reflect(unstamped.connection());
        QCOMPARE(int(library::recognise(unstamped.connection(), *changed.metadata)),
                 int(DatabaseKind::Other));

        TestDatabase stamped;
        QVERIFY(stamped.open());
        {
            orm::Session session(stamped.connection(), library::metadata());
            QVERIFY(library::createTables(session));
        }
        QVERIFY(stamped.exec(QStringLiteral("ALTER TABLE books ADD COLUMN shelf_mark TEXT")));
        const orm::Reflection withStamp = orm::reflect(stamped.connection());
        QCOMPARE(int(library::recognise(stamped.connection(), *withStamp.metadata)),
                 int(DatabaseKind::Library));
    }

    void brokenPartsAreLeftOutWithAReason() {
        if (!isSqlite())
            QSKIP("SQLite lets a schema hold these; PostgreSQL refuses them when they are made");
        // A foreign key to a table that does not exist, one to columns that are not unique, and
        // a view whose table is gone.
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE orphans (id INTEGER PRIMARY KEY, "
                                          "gone_id INTEGER REFERENCES gone (id))")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE loose (id INTEGER PRIMARY KEY, country "
                                          "TEXT REFERENCES customers (country))")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE TABLE doomed (id INTEGER PRIMARY KEY)")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE VIEW broken AS SELECT id FROM doomed")));
        QVERIFY(m_db->exec(QStringLiteral("DROP TABLE doomed")));
        const orm::Reflection reflected = orm::reflect(m_db->connection());
        QVERIFY2(reflected, qPrintable(reflected.error));
        const QString notices = reflected.notices.join(QLatin1Char('\n'));
        QVERIFY2(notices.contains(QLatin1String("'gone'")), qPrintable(notices));
        QVERIFY2(notices.contains(QLatin1String("not unique")), qPrintable(notices));
        QVERIFY2(notices.contains(QLatin1String("broken")), qPrintable(notices));
        QVERIFY(!reflected.metadata->table(QStringLiteral("broken")));
        // What could be read opens; the tables with unusable keys are read-only, with the reason.
        QVERIFY(reflected.metadata->table(QStringLiteral("invoices")));
        QVERIFY(reflected.metadata->table(QStringLiteral("orphans"))->isReadOnly());
        QVERIFY(reflected.metadata->table(QStringLiteral("loose"))->foreignKeys().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReflect)
#include "tst_reflect.moc"
