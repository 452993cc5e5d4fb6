// docs/contract.md §2 rule 8 and "Errors", for constraints only the database knows. The library's
// own bad input is refused before any SQL runs (tst_failedcommit); here the session works with
// metadata that is looser than the tables it writes to (an older or hand-written mapping), so the
// database refuses: NOT NULL, CHECK, UNIQUE, a missing parent, a duplicate key. Each commit must
// fail as a constraint error naming the record and the column, with the driver's own text, and
// lose nothing; the same commit succeeds once the value is fixed.

#include "gadgetschema.h"
#include "libraryfixture.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;

namespace {

enum class Refusal { NullName, RatingOutOfRange, DuplicateName, MissingOwner, DuplicateKey };

/// Every row of both tables, "id|name|…", for before/after comparisons.
QStringList dumpGadgets(TestDatabase &db) {
    QStringList lines;
    for (const QString &sql :
         {QStringLiteral("SELECT id, name FROM owners ORDER BY id"),
          QStringLiteral("SELECT id, name, rating, owner_id FROM gadgets ORDER BY id")}) {
        for (const QVariantList &row : db.rows(sql)) {
            QStringList cells;
            for (const QVariant &value : row)
                cells.append(render(value));
            lines.append(cells.join(QLatin1Char('|')));
        }
    }
    return lines;
}

} // namespace

Q_DECLARE_METATYPE(Refusal)

class TestDatabaseConstraints : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldNameRecordAndColumnWhenTheDatabaseRefuses_data();
    void shouldNameRecordAndColumnWhenTheDatabaseRefuses();
};

void TestDatabaseConstraints::shouldNameRecordAndColumnWhenTheDatabaseRefuses_data() {
    QTest::addColumn<Refusal>("refusal");
    QTest::addColumn<bool>("onUpdate");
    QTest::addColumn<QString>("column");
    const struct {
        const char *name;
        Refusal refusal;
        const char *column;
    } cases[] = {
        {"NULL name (NOT NULL)", Refusal::NullName, "name"},
        {"rating 9 (CHECK 1-5)", Refusal::RatingOutOfRange, "rating"},
        {"a name taken (UNIQUE)", Refusal::DuplicateName, "name"},
        {"owner_id of a missing owner (FOREIGN KEY)", Refusal::MissingOwner, "owner_id"},
    };
    for (const auto &c : cases) {
        QTest::newRow(qPrintable(QStringLiteral("insert, %1").arg(QLatin1String(c.name))))
            << c.refusal << false << QString::fromLatin1(c.column);
        QTest::newRow(qPrintable(QStringLiteral("update, %1").arg(QLatin1String(c.name))))
            << c.refusal << true << QString::fromLatin1(c.column);
    }
    QTest::newRow("insert, duplicate primary key") << Refusal::DuplicateKey << false << "id";
}

void TestDatabaseConstraints::shouldNameRecordAndColumnWhenTheDatabaseRefuses() {
    QFETCH(Refusal, refusal);
    QFETCH(bool, onUpdate);
    QFETCH(QString, column);

    // Given tables created from the strict metadata, with one owner and two gadgets committed
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    QString schemaError;
    QVERIFY2(createGadgetTables(db, &schemaError), qPrintable(schemaError));
    // (no explicit keys: PostgreSQL's sequences would not know about them)
    QSqlQuery setUp(db.independent());
    QVERIFY2(setUp.exec(QStringLiteral("INSERT INTO owners (name) VALUES ('Ada')")),
             qPrintable(setUp.lastError().text()));
    const QVariant ada = db.scalar(QStringLiteral("SELECT id FROM owners"));
    QVERIFY2(setUp.prepare(QStringLiteral("INSERT INTO gadgets (name, rating, owner_id) VALUES "
                                          "('Lamp', 3, ?), ('Clock', 4, NULL)")),
             qPrintable(setUp.lastError().text()));
    setUp.addBindValue(ada);
    QVERIFY2(setUp.exec(), qPrintable(setUp.lastError().text()));
    const QVariant lampId = db.scalar(QStringLiteral("SELECT id FROM gadgets WHERE name = 'Lamp'"));
    const QVariant clockId =
        db.scalar(QStringLiteral("SELECT id FROM gadgets WHERE name = 'Clock'"));

    // And a session that maps them loosely, with staged work besides the bad value: a new owner
    // with a new gadget, a rename, a staged delete
    const auto loose = gadgetMetadata(false);
    const orm::Table &owners = *loose->table(QStringLiteral("owners"));
    const orm::Table &gadgets = *loose->table(QStringLiteral("gadgets"));
    const orm::Relationship &owned =
        *loose->relationship(QStringLiteral("owners"), QStringLiteral("gadgets"));
    orm::Session session(db.connection(), *loose);
    RecordPtr lamp = session.get(gadgets, lampId);
    RecordPtr clock = session.get(gadgets, clockId);
    QVERIFY(lamp && clock);
    RecordPtr grace = owners.createRecord();
    QVERIFY(grace->setValue(QStringLiteral("name"), QStringLiteral("Grace")));
    RecordPtr kettle = gadgets.createRecord();
    QVERIFY(kettle->setValue(QStringLiteral("name"), QStringLiteral("Kettle")));
    QVERIFY(kettle->setValue(QStringLiteral("rating"), 2));
    QVERIFY(grace->appendChild(owned, kettle));
    session.add(grace);
    QVERIFY(lamp->setValue(QStringLiteral("rating"), 5));
    QVERIFY(session.remove(clock));

    RecordPtr bad = lamp;
    if (!onUpdate) {
        bad = gadgets.createRecord();
        QVERIFY(bad->setValue(QStringLiteral("name"), QStringLiteral("Fan")));
        QVERIFY(bad->setValue(QStringLiteral("rating"), 1));
        session.add(bad);
    }
    QVariant fixedValue;
    switch (refusal) {
    case Refusal::NullName:
        QVERIFY(bad->setValue(QStringLiteral("name"), QVariant()));
        fixedValue = QStringLiteral("Fan");
        break;
    case Refusal::RatingOutOfRange:
        QVERIFY(bad->setValue(QStringLiteral("rating"), 9));
        fixedValue = 5;
        break;
    case Refusal::DuplicateName:
        // (Clock's row is deleted in the same flush, but saves run before deletes)
        QVERIFY(bad->setValue(QStringLiteral("name"), QStringLiteral("Clock")));
        fixedValue = QStringLiteral("Fan");
        break;
    case Refusal::MissingOwner:
        QVERIFY(bad->setValue(QStringLiteral("owner_id"), 4242));
        fixedValue = ada;
        break;
    case Refusal::DuplicateKey:
        QVERIFY(bad->setValue(QStringLiteral("id"), lampId));
        fixedValue = 77;
        break;
    }
    const RecordList everything = {lamp, clock, grace, kettle, bad};
    const QString memoryBefore = snapshotOf(session, everything);
    const QStringList rowsBefore = dumpGadgets(db);

    // When the session commits
    const bool committed = session.commit();

    // Then the database refused it, and the error names the record and the column in plain words
    QVERIFY(!committed);
    const orm::Error error = session.lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Constraint,
             qPrintable(str(error.kind) + QStringLiteral(": ") + error.fullText()));
    QVERIFY2(error.record == bad, qPrintable(error.fullText()));
    QCOMPARE(error.table, QStringLiteral("gadgets"));
    QCOMPARE(error.column, column);
    QVERIFY(!error.driverMessage.isEmpty());
    const QString label = gadgets.column(gadgets.columnIndex(column)).displayLabel();
    QVERIFY2(error.message().contains(label), qPrintable(error.message()));
    // And nothing was written and nothing staged was lost
    QCOMPARE(dumpGadgets(db), rowsBefore);
    const QString difference = firstDifference(snapshotOf(session, everything), memoryBefore);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(grace->id().isNull());
    QVERIFY(kettle->value(QStringLiteral("owner_id")).isNull());
    QVERIFY(clock->isMarkedForDelete());

    // When the value is fixed and the same session commits again
    QVERIFY(bad->setValue(column, fixedValue));
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));

    // Then every staged change is in the database
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM gadgets WHERE id = ?"), {clockId})
                 .toLongLong(),
             0);
    QCOMPARE(render(db.scalar(QStringLiteral("SELECT owner_id FROM gadgets WHERE name = ?"),
                              {QStringLiteral("Kettle")})),
             render(grace->id()));
    QCOMPARE(render(db.scalar(QStringLiteral("SELECT %1 FROM gadgets WHERE id = ?").arg(column),
                              {bad->id()})),
             render(fixedValue));
    QCOMPARE(db.scalar(QStringLiteral("SELECT rating FROM gadgets WHERE id = ?"), {lampId}).toInt(),
             5);
}

QTEST_GUILESS_MAIN(TestDatabaseConstraints)
#include "tst_databaseconstraints.moc"
