// docs/contract.md §2 "Errors": an orm::Error carries facts (kind, reason, record, table, column,
// constraint, driver text and the few values a sentence needs), and one place, errorwording.cpp,
// words them. Here Errors built from facts alone must read as the sentences users have always
// read, and a real refusal at commit must come back as the right facts, worded from them.

#include "gadgetschema.h"
#include "libraryfixture.h"

#include "orm/errorwording.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace shelftest;
using Reason = orm::Error::Reason;

namespace {

/// An error about `record` (and its table) for `reason`, with `column` if given.
orm::Error about(const RecordPtr &record, Reason reason, const QString &column = {}) {
    orm::Error error;
    error.kind = orm::Error::Kind::Constraint;
    error.reason = reason;
    error.record = record;
    error.table = record ? record->table().name() : QString();
    error.column = column;
    return error;
}

} // namespace

Q_DECLARE_METATYPE(orm::Error)

class TestErrorWording : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldWordAnErrorFromItsFacts_data();
    void shouldWordAnErrorFromItsFacts();
    void shouldHaveNoSentenceWithoutAReason();
    void shouldGiveTheDriversTextAfterTheSentence();
    void shouldReportARefusalAtCommitAsFacts_data();
    void shouldReportARefusalAtCommitAsFacts();
};

void TestErrorWording::shouldWordAnErrorFromItsFacts_data() {
    QTest::addColumn<orm::Error>("error");
    QTest::addColumn<QString>("sentence");

    static const auto metadata = gadgetMetadata(true);
    const orm::Table &gadgets = *metadata->table(QStringLiteral("gadgets"));
    const orm::Table &owners = *metadata->table(QStringLiteral("owners"));
    const RecordPtr lamp = gadgets.createRecord();
    QVERIFY(lamp->setValue(QStringLiteral("name"), QStringLiteral("Lamp")));
    const RecordPtr ada = owners.createRecord();
    QVERIFY(ada->setValue(QStringLiteral("name"), QStringLiteral("Ada")));

    QTest::newRow("NOT NULL") << about(lamp, Reason::MustNotBeEmpty, QStringLiteral("name"))
                              << "Gadget 'Lamp' cannot be saved: Name must not be empty.";
    QTest::newRow("UNIQUE") << about(lamp, Reason::Duplicate, QStringLiteral("name"))
                            << "Gadget 'Lamp' cannot be saved: another Gadget already has this "
                               "Name.";
    orm::Error taken = about(lamp, Reason::Duplicate, QStringLiteral("name"));
    taken.other = gadgets.createRecord();
    QVERIFY(taken.other->setValue(QStringLiteral("name"), QStringLiteral("Clock")));
    QTest::newRow("UNIQUE, the row holding it found")
        << taken << "Gadget 'Lamp' cannot be saved: Gadget 'Clock' already has this Name.";
    // A holder that reads as the record itself, by name and by key (a row without a name, the
    // same key): not named
    const RecordPtr keyOnly = gadgets.createRecord();
    QVERIFY(keyOnly->setValue(QStringLiteral("id"), 7));
    orm::Error sameKey = about(keyOnly, Reason::Duplicate, QStringLiteral("id"));
    sameKey.other = gadgets.createRecord();
    QVERIFY(sameKey.other->setValue(QStringLiteral("id"), 7));
    QTest::newRow("UNIQUE, the holder reads as the record itself")
        << sameKey << "Gadget #7 cannot be saved: another Gadget already has this id.";
    QTest::newRow("UNIQUE, column unknown")
        << about(lamp, Reason::Duplicate)
        << "Gadget 'Lamp' cannot be saved: another Gadget already has this value.";
    QTest::newRow("missing parent")
        << about(lamp, Reason::MissingParent, QStringLiteral("owner_id"))
        << "Gadget 'Lamp' cannot be saved: owner_id refers to a record that does not exist.";
    orm::Error referred = about(ada, Reason::StillReferenced);
    referred.detail = QStringLiteral("Gadgets");
    QTest::newRow("still referenced")
        << referred
        << "Owner 'Ada' cannot be saved: rows of Gadgets still refer to its key, and the database "
           "does not let it change under them.";
    QTest::newRow("wrong type") << about(lamp, Reason::WrongType, QStringLiteral("rating"))
                                << "Gadget 'Lamp' cannot be saved: Rating has a value of the "
                                   "wrong type.";
    QTest::newRow("out of range") << about(lamp, Reason::OutOfRange, QStringLiteral("rating"))
                                  << "Gadget 'Lamp' cannot be saved: Rating must be between 1 "
                                     "and 5.";
    orm::Error rule = about(lamp, Reason::BreaksRule);
    rule.constraint = QStringLiteral("ck_no_lamps");
    QTest::newRow("another CHECK")
        << rule << "Gadget 'Lamp' cannot be saved: a value breaks the rule ck_no_lamps.";
    // A rule without a name: a row no partition takes. The database's words, not "the rule ."
    orm::Error unnamed = about(lamp, Reason::BreaksRule, QStringLiteral("rating"));
    unnamed.driverMessage =
        QStringLiteral("ERROR:  no partition of relation \"gadgets\" found for "
                       "row\nDETAIL:  Partition key of the failing row contains "
                       "(rating) = (9).");
    QTest::newRow("a rule without a name")
        << unnamed
        << QStringLiteral("Gadget 'Lamp' cannot be saved: Rating breaks a rule of the database, "
                          "which says: \u201cno partition of relation \"gadgets\" found for "
                          "row\u201d");
    orm::Error trigger = about(lamp, Reason::SaveRefused);
    trigger.driverMessage = QStringLiteral("ERROR:  no lamps on Sundays.\nCONTEXT: trigger");
    QTest::newRow("a trigger's RAISE")
        << trigger
        << QStringLiteral("Gadget 'Lamp' cannot be saved. The database says: \u201cno lamps on "
                          "Sundays\u201d");
    orm::Error changed = about(lamp, Reason::ChangedByOther, QStringLiteral("rating"));
    changed.valueNow = 4;
    changed.valueLoaded = 3;
    QTest::newRow("changed by another user")
        << changed
        << "Gadget 'Lamp' was changed by another user: Rating is now '4' (you loaded '3'). "
           "Nothing was saved; your changes are kept.";
    QTest::newRow("deleted by another user")
        << about(lamp, Reason::DeletedByOther)
        << "Gadget 'Lamp' was deleted by another user. Nothing was saved; your changes are kept.";
    QTest::newRow("connection lost saving a record")
        << about(lamp, Reason::LostWhileSaving)
        << "The connection to the database was lost while saving Gadget 'Lamp': nothing was "
           "saved, and every staged change is kept. Reconnect and commit again.";
    QTest::newRow("connection lost saving")
        << about(nullptr, Reason::LostWhileSaving)
        << "The connection to the database was lost: nothing was saved, and every staged change "
           "is kept. Reconnect and commit again.";
    QTest::newRow("locked by another program")
        << about(nullptr, Reason::Busy)
        << "The database is locked: another program or connection is writing to it. Nothing was "
           "saved, and every staged change is kept. Commit again once it has finished.";
    QTest::newRow("connection lost while committing")
        << about(nullptr, Reason::LostWhileCommitting)
        << "The connection to the database was lost while it was committing, so Shelf cannot "
           "tell whether your changes were saved. Every staged change is kept. Reconnect and "
           "refresh to see what the database holds before committing again.";
    orm::Error invalid = about(lamp, Reason::InvalidValue, QStringLiteral("rating"));
    invalid.detail = QStringLiteral("Rating must be between 1 and 5");
    QTest::newRow("the value checker's problem")
        << invalid << "Gadget 'Lamp' cannot be saved: Rating must be between 1 and 5.";
    orm::Error readOnly = about(lamp, Reason::ReadOnlyTable);
    readOnly.detail = QStringLiteral("a view");
    QTest::newRow("read-only table, saving")
        << readOnly << "Gadget 'Lamp' cannot be saved: gadgets is read-only (a view).";
    readOnly.deleting = true;
    QTest::newRow("read-only table, deleting")
        << readOnly << "Gadget 'Lamp' cannot be deleted: gadgets is read-only (a view).";
    orm::Error blocked = about(ada, Reason::DeleteBlocked);
    blocked.other = lamp;
    blocked.detail = QStringLiteral("refers to it");
    QTest::newRow("blocked by a child")
        << blocked << "Owner 'Ada' cannot be deleted: Gadget 'Lamp' refers to it.";
    orm::Error notHere = about(lamp, Reason::NotInSession);
    notHere.state = orm::ObjectState::Detached;
    QTest::newRow("not in this session")
        << notHere
        << "Gadget 'Lamp' is not in this session (it is detached), so it cannot be deleted.";
    orm::Error deep = about(nullptr, Reason::CascadeTooDeep);
    deep.table = QStringLiteral("gadgets");
    deep.other = ada;
    deep.limit = 64;
    QTest::newRow("cascade too deep") << deep
                                      << "The database cascades deletes more than 64 levels deep "
                                         "from Owner 'Ada'; Shelf cannot preview all of it.";
    orm::Error read = about(nullptr, Reason::ReadFailed);
    read.table = QStringLiteral("gadgets");
    QTest::newRow("read failed") << read << "Reading gadgets failed.";
    QTest::newRow("transaction not started")
        << about(nullptr, Reason::TransactionNotStarted)
        << "A transaction could not be started: nothing was saved, and every staged change is "
           "kept.";
}

void TestErrorWording::shouldWordAnErrorFromItsFacts() {
    QFETCH(orm::Error, error);
    QFETCH(QString, sentence);

    // Given an error that holds only facts
    // When it is worded
    // Then it reads as the sentence the user has always read, whichever way it is asked for
    QCOMPARE(error.message(), sentence);
    QCOMPARE(orm::describe(error), sentence);
}

void TestErrorWording::shouldHaveNoSentenceWithoutAReason() {
    // A dialect's classification before the session reports it says what, not why: no sentence.
    orm::Error error;
    error.kind = orm::Error::Kind::Database;
    error.driverMessage = QStringLiteral("disk I/O error");
    QVERIFY(error.message().isEmpty());
    QVERIFY(orm::Error().message().isEmpty());
}

void TestErrorWording::shouldGiveTheDriversTextAfterTheSentence() {
    orm::Error error;
    error.kind = orm::Error::Kind::Database;
    error.reason = Reason::CommitRefused;
    error.driverMessage = QStringLiteral("disk I/O error");
    QCOMPARE(error.fullText(),
             QStringLiteral("The database did not accept the commit.\n(disk I/O error)"));
}

void TestErrorWording::shouldReportARefusalAtCommitAsFacts_data() {
    QTest::addColumn<QString>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("sentence"); // %1: the record's name
    QTest::newRow("NOT NULL") << QStringLiteral("name") << QVariant() << int(Reason::MustNotBeEmpty)
                              << QStringLiteral("%1 cannot be saved: Name must not be empty.");
    QTest::newRow("UNIQUE") << QStringLiteral("name") << QVariant(QStringLiteral("Clock"))
                            << int(Reason::Duplicate)
                            << QStringLiteral("%1 cannot be saved: Gadget #1 already has "
                                              "this Name.");
    QTest::newRow("FOREIGN KEY") << QStringLiteral("owner_id") << QVariant(4242)
                                 << int(Reason::MissingParent)
                                 << QStringLiteral("%1 cannot be saved: owner_id refers to a "
                                                   "record that does not exist.");
}

void TestErrorWording::shouldReportARefusalAtCommitAsFacts() {
    QFETCH(QString, column);
    QFETCH(QVariant, value);
    QFETCH(int, reason);
    QFETCH(QString, sentence);

    // Given tables that refuse a NULL or taken name and a missing owner, with a gadget "Clock"
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    QString schemaError;
    QVERIFY2(createGadgetTables(db, &schemaError), qPrintable(schemaError));
    QSqlQuery setUp(db.independent());
    QVERIFY2(setUp.exec(QStringLiteral("INSERT INTO gadgets (name, rating) VALUES ('Clock', 2)")),
             qPrintable(setUp.lastError().text()));
    // And a session whose metadata does not know it, with a new gadget holding the bad value
    const auto loose = gadgetMetadata(false);
    const orm::Table &gadgets = *loose->table(QStringLiteral("gadgets"));
    orm::Session session(db.connection(), *loose);
    RecordPtr fan = gadgets.createRecord();
    QVERIFY(fan->setValue(QStringLiteral("name"), QStringLiteral("Fan")));
    QVERIFY(fan->setValue(QStringLiteral("rating"), 3));
    QVERIFY(fan->setValue(column, value));
    session.add(fan);

    // When the session commits
    QVERIFY(!session.commit());

    // Then the database's refusal comes back as facts: the reason, the record, table and column
    const orm::Error error = session.lastError();
    QVERIFY2(error.kind == orm::Error::Kind::Constraint, qPrintable(error.fullText()));
    QCOMPARE(int(error.reason), reason);
    QVERIFY(error.record == fan);
    QCOMPARE(error.table, QStringLiteral("gadgets"));
    QCOMPARE(error.column, column);
    QVERIFY(!error.driverMessage.isEmpty());
    // And the sentence is made from them
    QCOMPARE(error.message(), sentence.arg(fan->displayName()));
    // And a taken value names the row that holds it, read for the message (the session holds
    // no record of it)
    if (reason == int(Reason::Duplicate)) {
        QVERIFY(error.other);
        QCOMPARE(error.other->value(QStringLiteral("name")).toString(), QStringLiteral("Clock"));
        QVERIFY(!session.contains(error.other));
    }
}

QTEST_GUILESS_MAIN(TestErrorWording)
#include "tst_errorwording.moc"
