// Migration operations one by one (docs/contract.md §8), on SQLite and on PostgreSQL: each runs
// through orm::MigrationRunner on the test's connection and is checked through the independent one
// — the schema as reflect() reads it, and every row, compared row by row with what was there
// before. On SQLite the operations ALTER TABLE cannot do run the table rebuild, which must keep
// the table's indexes and triggers and leave the tables that refer to it (ON DELETE CASCADE) with
// every row.

#include "testdatabase.h"

#include "orm/dialect.h"
#include "orm/migrationrunner.h"
#include "orm/reflect.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace shelftest;
using orm::Column;
using orm::MigrationOp;

namespace {

bool isSqlite() {
    return backend() == Backend::Sqlite;
}

orm::TableShape shape(const QString &name, const QList<Column> &columns,
                      const QList<orm::ForeignKeyShape> &keys = {}) {
    orm::TableShape table;
    table.name = name;
    table.columns = columns;
    table.primaryKey = {QStringLiteral("id")};
    table.foreignKeys = keys;
    for (const orm::ForeignKeyShape &key : keys)
        table.indexes.append(
            {orm::TableShape::foreignKeyIndexName(name, key.columns), key.columns, false});
    return table;
}

orm::ForeignKeyShape reference(const QString &column, const QString &target,
                               orm::OnDelete onDelete = orm::OnDelete::NoAction) {
    return {{column}, target, {QStringLiteral("id")}, onDelete, orm::ReferentialAction::NoAction};
}

/// Rows of a table through a connection of its own (opened after the migration, so it reads the
/// schema as it is now), ordered by id, as text.
QStringList dump(TestDatabase &db, const QString &table, const QString &columns = "*") {
    QStringList lines;
    QSqlQuery query(db.newConnection());
    if (!query.exec(QStringLiteral("SELECT %1 FROM \"%2\" ORDER BY id").arg(columns, table)))
        qWarning("dump %s: %s", qPrintable(table), qPrintable(query.lastError().text()));
    while (query.next()) {
        QStringList cells;
        for (int i = 0; i < query.record().count(); ++i)
            cells << (query.value(i).isNull() ? QStringLiteral("NULL") : query.value(i).toString());
        lines << cells.join(QLatin1Char('|'));
    }
    return lines;
}

const orm::Column *reflectedColumn(TestDatabase &db, const QString &table, const QString &name) {
    static orm::Reflection last;
    last = orm::reflect(db.newConnection());
    const orm::Table *found = last.metadata ? last.metadata->table(table) : nullptr;
    const int index = found ? found->columnIndex(name) : -1;
    return index < 0 ? nullptr : &found->column(index);
}

QByteArray fileBytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    orm::SchemaState m_state; ///< the schema the test's migrations start from

    /// Runs `ops` from m_state; on success m_state becomes the schema after them.
    bool migrate(const QList<MigrationOp> &ops, QString *error = nullptr) {
        orm::MigrationRunner runner(m_db->connection());
        if (!runner.run(m_state, ops)) {
            if (error)
                *error = runner.lastError();
            else
                qWarning("migration failed: %s", qPrintable(runner.lastError()));
            return false;
        }
        m_state = runner.result();
        return true;
    }
    bool exec(const QString &sql) {
        if (m_db->exec(sql))
            return true;
        qWarning("%s: %s", qPrintable(sql), qPrintable(m_db->errorString()));
        return false;
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        QSqlDatabase connection = m_db->connection();
        QString error;
        QVERIFY2(orm::Dialect::forDatabase(connection)->configureConnection(connection, &error),
                 qPrintable(error));
        m_state = {};
        // Given parents, their items (deleted with their parent) and notes on items (deleted with
        // their item): the rebuilt table is referred to by another table's CASCADE key
        QVERIFY(migrate(
            {MigrationOp::createTable(
                 shape(QStringLiteral("parents"), {Column::key(), Column::text("name").notNull()})),
             MigrationOp::createTable(
                 shape(QStringLiteral("items"),
                       {Column::key(), Column::text("title").notNull(),
                        Column::integer("parent_id"), Column::integer("qty")},
                       {reference(QStringLiteral("parent_id"), QStringLiteral("parents"),
                                  orm::OnDelete::Cascade)})),
             MigrationOp::createTable(
                 shape(QStringLiteral("notes"),
                       {Column::key(), Column::integer("item_id").notNull(), Column::text("body")},
                       {reference(QStringLiteral("item_id"), QStringLiteral("items"),
                                  orm::OnDelete::Cascade)}))}));
        QVERIFY(exec("INSERT INTO parents (id, name) VALUES (1, 'p1'), (2, 'p2')"));
        QVERIFY(exec("INSERT INTO items (id, title, parent_id, qty) VALUES (1, 'a', 1, 5), "
                     "(2, 'b', 1, NULL), (3, 'c', 2, 7), (4, 'd', NULL, 1)"));
        QVERIFY(exec("INSERT INTO notes (id, item_id, body) VALUES (1, 1, 'n1'), (2, 1, 'n2'), "
                     "(3, 3, 'n3'), (4, 4, 'n4')"));
    }
    void cleanup() { m_db.reset(); }

    void createTableIsSeenByAnotherConnection() {
        // (init() created three tables through the runner)
        const orm::Reflection reflection = orm::reflect(m_db->independent());
        QVERIFY(reflection);
        const orm::Table *items = reflection.metadata->table(QStringLiteral("items"));
        QVERIFY(items);
        QCOMPARE(items->columnCount(), 4);
        QCOMPARE(items->foreignKeys().size(), 1);
        QCOMPARE(int(items->foreignKeys().first().onDelete), int(orm::OnDelete::Cascade));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM notes")).toInt(), 4);
    }

    void dropTableRemovesItAndOnlyIt() {
        QVERIFY(migrate({MigrationOp::dropTable(QStringLiteral("notes"))}));
        const orm::Reflection reflection = orm::reflect(m_db->independent());
        QVERIFY(!reflection.metadata->table(QStringLiteral("notes")));
        QCOMPARE(dump(*m_db, QStringLiteral("items")).size(), 4);
    }

    void addColumnKeepsEveryRowAndChecksNewValues() {
        const QStringList before = dump(*m_db, QStringLiteral("items"));
        QVERIFY(migrate({MigrationOp::addColumn(QStringLiteral("items"),
                                                Column::integer("year").range(1450, 2100))}));
        QStringList expected;
        for (const QString &line : before)
            expected << line + QStringLiteral("|NULL");
        QCOMPARE(dump(*m_db, QStringLiteral("items")), expected);
        QVERIFY(exec("UPDATE items SET year = 1999 WHERE id = 1"));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE items SET year = 3000 WHERE id = 2")));
    }

    void addUniqueColumnRebuildsOnSqliteAndKeepsReferringRows() {
        const QStringList notes = dump(*m_db, QStringLiteral("notes"));
        QVERIFY(migrate(
            {MigrationOp::addColumn(QStringLiteral("items"), Column::text("code").isUnique())}));
        QCOMPARE(dump(*m_db, QStringLiteral("notes")), notes); // no CASCADE fired
        QVERIFY(exec("UPDATE items SET code = 'x' WHERE id = 1"));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE items SET code = 'x' WHERE id = 2")));
        const Column *code =
            reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("code"));
        QVERIFY(code);
        QVERIFY(code->unique);
        // and the key from notes still holds
        QVERIFY(!m_db->exec(QStringLiteral("INSERT INTO notes (item_id, body) VALUES (99, 'x')")));
    }

    void dropColumnKeepsTheOtherValues() {
        const QStringList before = dump(*m_db, QStringLiteral("items"), "id, title, parent_id");
        QVERIFY(migrate({MigrationOp::dropColumn(QStringLiteral("items"), QStringLiteral("qty"))}));
        QCOMPARE(dump(*m_db, QStringLiteral("items")), before);
        QVERIFY(!reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("qty")));
    }

    void renameColumnKeepsItsValues() {
        const QStringList before = dump(*m_db, QStringLiteral("items"));
        QVERIFY(migrate({MigrationOp::renameColumn(QStringLiteral("items"), QStringLiteral("qty"),
                                                   QStringLiteral("quantity"))}));
        QCOMPARE(dump(*m_db, QStringLiteral("items")), before);
        QVERIFY(reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("quantity")));
        QVERIFY(!reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("qty")));
    }

    void renamedKeyColumnKeepsItsForeignKeyUnderTheNewName() {
        QVERIFY(migrate({MigrationOp::renameColumn(
            QStringLiteral("items"), QStringLiteral("parent_id"), QStringLiteral("owner_id"))}));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE items SET owner_id = 99 WHERE id = 1")));
        // a later revision finds the key by its new column (PostgreSQL: the constraint renamed)
        QVERIFY(migrate(
            {MigrationOp::dropForeignKey(QStringLiteral("items"), {QStringLiteral("owner_id")})}));
        QVERIFY(exec("UPDATE items SET owner_id = 99 WHERE id = 1"));
        QCOMPARE(dump(*m_db, QStringLiteral("notes")).size(), 4);
    }

    void alterNullabilityAfterADataStepFillsTheGaps() {
        Column qty = Column::integer("qty").notNull();
        QVERIFY(migrate({MigrationOp::dataSql(QStringLiteral("Give items without a quantity 0."),
                                              QStringLiteral("UPDATE items SET qty = 0 WHERE "
                                                             "qty IS NULL")),
                         MigrationOp::alterColumn(QStringLiteral("items"), qty)}));
        QCOMPARE(dump(*m_db, QStringLiteral("items"), "id, qty"),
                 QStringList({"1|5", "2|0", "3|7", "4|1"}));
        QVERIFY(!reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("qty"))->nullable);
        QCOMPARE(dump(*m_db, QStringLiteral("notes")).size(), 4);
    }

    void alterNullabilityFailsOnNullsAndChangesNothing() {
        const QByteArray bytes = isSqlite() ? fileBytes(m_db->sqlitePath()) : QByteArray();
        QString error;
        // The first operation succeeds, the second cannot: neither stays
        QVERIFY(!migrate(
            {MigrationOp::addColumn(QStringLiteral("items"), Column::text("extra")),
             MigrationOp::alterColumn(QStringLiteral("items"), Column::integer("qty").notNull())},
            &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("extra")));
        QVERIFY(reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("qty"))->nullable);
        if (isSqlite())
            QCOMPARE(fileBytes(m_db->sqlitePath()), bytes);
    }

    void alterTypeConvertsTheValues() {
        QVERIFY(migrate({MigrationOp::alterColumn(QStringLiteral("items"), Column::text("qty"))}));
        QCOMPARE(dump(*m_db, QStringLiteral("items"), "id, qty"),
                 QStringList({"1|5", "2|NULL", "3|7", "4|1"}));
        QCOMPARE(int(reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("qty"))->type),
                 int(orm::ColumnType::Text));
        QVERIFY(exec("UPDATE items SET qty = 'many' WHERE id = 2"));
    }

    void alterDefaultIsUsedForNewRows() {
        QVERIFY(migrate({MigrationOp::alterColumn(QStringLiteral("items"),
                                                  Column::integer("qty").withDefault(3))}));
        QVERIFY(exec("INSERT INTO items (id, title) VALUES (10, 'new')"));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT qty FROM items WHERE id = 10")).toInt(), 3);
        QCOMPARE(dump(*m_db, QStringLiteral("items"), "id, qty").first(), QStringLiteral("1|5"));
    }

    void alterCheckRefusesValuesOutsideIt() {
        QVERIFY(migrate({MigrationOp::alterColumn(QStringLiteral("items"),
                                                  Column::integer("qty").range(0, 10))}));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE items SET qty = 11 WHERE id = 1")));
        QVERIFY(exec("UPDATE items SET qty = 10 WHERE id = 1"));
        // and a check the rows already break is refused
        QString error;
        QVERIFY(!migrate({MigrationOp::alterColumn(QStringLiteral("items"),
                                                   Column::integer("qty").range(6, 10))},
                         &error));
    }

    void alterUniqueBothWays() {
        QVERIFY(migrate({MigrationOp::alterColumn(QStringLiteral("items"),
                                                  Column::text("title").notNull().isUnique())}));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE items SET title = 'a' WHERE id = 2")));
        QVERIFY(migrate(
            {MigrationOp::alterColumn(QStringLiteral("items"), Column::text("title").notNull())}));
        QVERIFY(exec("UPDATE items SET title = 'a' WHERE id = 2"));
        QCOMPARE(dump(*m_db, QStringLiteral("notes")).size(), 4);
    }

    void dropAndAddForeignKeyChangesItsAction() {
        // items.parent_id: CASCADE becomes SET NULL
        QVERIFY(migrate(
            {MigrationOp::dropForeignKey(QStringLiteral("items"), {QStringLiteral("parent_id")}),
             MigrationOp::addForeignKey(QStringLiteral("items"),
                                        reference(QStringLiteral("parent_id"),
                                                  QStringLiteral("parents"),
                                                  orm::OnDelete::SetNull))}));
        QCOMPARE(dump(*m_db, QStringLiteral("notes")).size(), 4);
        QVERIFY(exec("DELETE FROM parents WHERE id = 1"));
        QCOMPARE(dump(*m_db, QStringLiteral("items"), "id, parent_id"),
                 QStringList({"1|NULL", "2|NULL", "3|2", "4|NULL"}));
    }

    void dropForeignKeyLetsAnyValueIn() {
        QVERIFY(migrate(
            {MigrationOp::dropForeignKey(QStringLiteral("items"), {QStringLiteral("parent_id")})}));
        QVERIFY(exec("UPDATE items SET parent_id = 99 WHERE id = 1"));
        const orm::Reflection reflection = orm::reflect(m_db->independent());
        QVERIFY(reflection.metadata->table(QStringLiteral("items"))->foreignKeys().isEmpty());
    }

    void addForeignKeyThatRowsBreakIsRefused() {
        QVERIFY(migrate(
            {MigrationOp::dropForeignKey(QStringLiteral("items"), {QStringLiteral("parent_id")})}));
        QVERIFY(exec("UPDATE items SET parent_id = 99 WHERE id = 1"));
        QString error;
        QVERIFY(!migrate({MigrationOp::addForeignKey(
                             QStringLiteral("items"),
                             reference(QStringLiteral("parent_id"), QStringLiteral("parents")))},
                         &error));
        QVERIFY2(!error.isEmpty(), "the failure is explained");
        const orm::Reflection reflection = orm::reflect(m_db->independent());
        QVERIFY(reflection.metadata->table(QStringLiteral("items"))->foreignKeys().isEmpty());
    }

    void createAndDropIndex() {
        const QString catalog = isSqlite()
                                    ? QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE "
                                                     "type = 'index' AND name = 'ix_items_title'")
                                    : QStringLiteral("SELECT count(*) FROM pg_indexes WHERE "
                                                     "indexname = 'ix_items_title'");
        QVERIFY(migrate({MigrationOp::createIndex(
            QStringLiteral("items"),
            {QStringLiteral("ix_items_title"), {QStringLiteral("title")}, false})}));
        QCOMPARE(m_db->scalar(catalog).toInt(), 1);
        QVERIFY(migrate(
            {MigrationOp::dropIndex(QStringLiteral("items"), QStringLiteral("ix_items_title"))}));
        QCOMPARE(m_db->scalar(catalog).toInt(), 0);
    }

    void dataStepsRunInOrderInsideTheTransaction() {
        int called = 0;
        QVERIFY(
            migrate({MigrationOp::addColumn(QStringLiteral("items"), Column::text("label")),
                     MigrationOp::dataSql(QStringLiteral("Label every item."),
                                          QStringLiteral("UPDATE items SET label = title || '!'")),
                     MigrationOp::dataFunction(QStringLiteral("Double the quantities."),
                                               [&called](QSqlDatabase &database, QString *error) {
                                                   ++called;
                                                   QSqlQuery query(database);
                                                   if (query.exec(QStringLiteral(
                                                           "UPDATE items SET qty = qty * 2")))
                                                       return true;
                                                   *error = query.lastError().text();
                                                   return false;
                                               })}));
        QCOMPARE(called, 1);
        QCOMPARE(dump(*m_db, QStringLiteral("items"), "id, label, qty"),
                 QStringList({"1|a!|10", "2|b!|NULL", "3|c!|14", "4|d!|2"}));
    }

    void aFailingDataFunctionRollsEverythingBack() {
        QString error;
        QVERIFY(!migrate({MigrationOp::addColumn(QStringLiteral("items"), Column::text("label")),
                          MigrationOp::dataFunction(QStringLiteral("Refuse."),
                                                    [](QSqlDatabase &, QString *why) {
                                                        *why = QStringLiteral("no, thanks");
                                                        return false;
                                                    })},
                         &error));
        QVERIFY2(error.contains(QLatin1String("no, thanks")), qPrintable(error));
        QVERIFY(!reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("label")));
    }

    void sqliteRebuildKeepsIndexesTriggersAndReferringTables() {
        if (!isSqlite())
            QSKIP("the table rebuild is SQLite's; PostgreSQL alters in place");
        // Given an index of the user's and a trigger on items, and a view over it
        QVERIFY(exec("CREATE INDEX by_title ON items (title)"));
        QVERIFY(exec("CREATE TABLE audit (what TEXT)"));
        QVERIFY(exec("CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN "
                     "INSERT INTO audit (what) VALUES (new.title); END"));
        QVERIFY(exec("CREATE VIEW item_titles AS SELECT title FROM items"));
        const QStringList items = dump(*m_db, QStringLiteral("items"));
        const QStringList notes = dump(*m_db, QStringLiteral("notes"));

        // When a change ALTER TABLE cannot do rebuilds items (its key's action changes)
        QStringList statements;
        orm::MigrationRunner runner(m_db->connection());
        runner.setStatementLog([&](const QString &sql) { statements << sql; });
        QVERIFY2(runner.run(m_state, {MigrationOp::dropForeignKey(QStringLiteral("items"),
                                                                  {QStringLiteral("parent_id")})}),
                 qPrintable(runner.lastError()));

        // Then it was rebuilt, with every row, index and trigger, and notes kept every row
        QVERIFY(statements.join('\n').contains(QLatin1String("ALTER TABLE \"shelf_new_items\" "
                                                             "RENAME TO \"items\"")));
        QCOMPARE(dump(*m_db, QStringLiteral("items")), items);
        QCOMPARE(dump(*m_db, QStringLiteral("notes")), notes);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name IN "
                                             "('by_title', 'ix_items_parent_id', 'items_audit')"))
                     .toInt(),
                 3);
        QVERIFY(exec("UPDATE items SET title = 'z' WHERE id = 1"));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT what FROM audit")).toString(),
                 QStringLiteral("z"));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM item_titles")).toInt(), 4);
        // and the key from notes to items still holds and still cascades
        QVERIFY(!m_db->exec(QStringLiteral("INSERT INTO notes (item_id) VALUES (99)")));
        QVERIFY(exec("DELETE FROM items WHERE id = 1"));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM notes")).toInt(), 2);
        QCOMPARE(m_db->scalar(QStringLiteral("PRAGMA foreign_keys"), {}).toInt(), 1);
        QSqlQuery pragma(m_db->connection());
        QVERIFY(pragma.exec(QStringLiteral("PRAGMA foreign_keys")) && pragma.next());
        QCOMPARE(pragma.value(0).toInt(), 1); // switched back on for the connection
    }

    void consecutiveChangesToOneTableRebuildItOnce() {
        if (!isSqlite())
            QSKIP("the table rebuild is SQLite's");
        const QStringList notes = dump(*m_db, QStringLiteral("notes"));
        QStringList statements;
        orm::MigrationRunner runner(m_db->connection());
        runner.setStatementLog([&](const QString &sql) { statements << sql; });
        QVERIFY2(
            runner.run(m_state, {MigrationOp::addColumn(QStringLiteral("items"),
                                                        Column::text("code").isUnique()),
                                 MigrationOp::dropForeignKey(QStringLiteral("items"),
                                                             {QStringLiteral("parent_id")}),
                                 MigrationOp::alterColumn(QStringLiteral("items"),
                                                          Column::integer("qty").withDefault(1))}),
            qPrintable(runner.lastError()));
        QCOMPARE(statements.filter(QStringLiteral("INSERT INTO \"shelf_new_items\"")).size(), 1);
        QCOMPARE(
            dump(*m_db, QStringLiteral("items"), "id, title, parent_id, qty, code"),
            QStringList({"1|a|1|5|NULL", "2|b|1|NULL|NULL", "3|c|2|7|NULL", "4|d|NULL|1|NULL"}));
        QCOMPARE(dump(*m_db, QStringLiteral("notes")), notes);
    }

    void planShowsTheSqlWithoutRunningIt() {
        orm::MigrationRunner runner(m_db->connection());
        QString error;
        const QStringList plan = runner.plan(
            m_state, {MigrationOp::addColumn(QStringLiteral("items"), Column::text("label"))},
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(plan.join('\n').contains(QLatin1String("ADD COLUMN \"label\" TEXT")));
        QVERIFY(!reflectedColumn(*m_db, QStringLiteral("items"), QStringLiteral("label")));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
