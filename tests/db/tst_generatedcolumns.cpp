// Rule 6 with values the database makes: a key the user gives is not asked back, while defaults
// and generated columns (GENERATED ALWAYS AS … STORED) are read back at INSERT and, for generated
// columns, at every UPDATE (RETURNING), so the committed snapshot equals the row. Generated
// columns are never written.

#include "libraryfixture.h"

#include <QTest>

using namespace shelftest;

namespace {

/// stock(sku TEXT key, quantity, price, value = quantity * price generated, status DEFAULT 'new'),
/// made by hand as another program would (declared metadata has no generation expressions).
std::unique_ptr<orm::Metadata> stockMetadata() {
    auto metadata = std::make_unique<orm::Metadata>();
    orm::Table &stock = metadata->addTable(QStringLiteral("stock"), QStringLiteral("Stock item"));
    orm::Column sku = orm::Column::text(QStringLiteral("sku")).notNull();
    sku.primaryKey = true;
    stock.addColumn(sku);
    stock.addColumn(orm::Column::integer(QStringLiteral("quantity")).notNull());
    stock.addColumn(orm::Column::integer(QStringLiteral("price")).notNull());
    orm::Column value = orm::Column::integer(QStringLiteral("value"));
    value.generated = true;
    stock.addColumn(value);
    orm::Column status = orm::Column::text(QStringLiteral("status")).notNull();
    status.defaultExpression = QStringLiteral("'new'");
    stock.addColumn(status);
    stock.setFactory([](const orm::Table *table) { return std::make_shared<orm::Record>(table); });
    metadata->finalize();
    return metadata;
}

} // namespace

class TestGeneratedColumns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldReadBackDefaultsAndGeneratedColumnsButNotAGivenKey() {
        // Given a table whose key the user gives, with a generated column and a default
        TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        QVERIFY2(db.exec(QStringLiteral(
                     "CREATE TABLE stock (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL, "
                     "price INTEGER NOT NULL, value INTEGER GENERATED ALWAYS AS (quantity * "
                     "price) STORED, status TEXT NOT NULL DEFAULT 'new')")),
                 qPrintable(db.errorString()));
        const auto metadata = stockMetadata();
        orm::Session session(db.connection(), *metadata);
        StatementRecorder recorder;
        recorder.attach(session);
        const orm::Table &stock = *metadata->table(QStringLiteral("stock"));

        // When a new item is committed
        const RecordPtr item = stock.createRecord();
        QVERIFY(item->setValue("sku", QStringLiteral("S-1")));
        QVERIFY(item->setValue("quantity", 3));
        QVERIFY(item->setValue("price", 5));
        session.add(item);
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

        // Then only what the database filled came back, and memory equals the row
        const LoggedStatement insert = recorder.withVerb(QStringLiteral("INSERT")).value(0);
        QCOMPARE(insert.sql, QStringLiteral("INSERT INTO \"stock\" (\"sku\", \"quantity\", "
                                            "\"price\") VALUES (?, ?, ?) RETURNING \"value\", "
                                            "\"status\""));
        QCOMPARE(item->value("value").toLongLong(), 15);
        QCOMPARE(item->value("status").toString(), QStringLiteral("new"));
        QCOMPARE(item->committedValue(3).toLongLong(), 15);
        QCOMPARE(item->id(), QVariant(QStringLiteral("S-1")));
        QVERIFY(!session.hasChanges());

        // When the quantity changes, the generated value follows in memory too
        recorder.clear();
        QVERIFY(item->setValue("quantity", 4));
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        const LoggedStatement update = recorder.withVerb(QStringLiteral("UPDATE")).value(0);
        QCOMPARE(update.setClause().trimmed(), QStringLiteral("\"quantity\" = ?"));
        QVERIFY2(update.sql.endsWith(QLatin1String(" RETURNING \"value\"")),
                 qPrintable(update.sql));
        QCOMPARE(item->value("value").toLongLong(), 20);
        QCOMPARE(item->committedValue(3).toLongLong(), 20);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT value FROM stock WHERE sku = 'S-1'")).toLongLong(),
            20);

        // And a later edit passes the conflict check: the row is what the session holds
        QVERIFY(item->setValue("price", 6));
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        QCOMPARE(item->value("value").toLongLong(), 24);
    }
};

QTEST_GUILESS_MAIN(TestGeneratedColumns)
#include "tst_generatedcolumns.moc"
