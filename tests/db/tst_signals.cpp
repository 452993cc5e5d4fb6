// docs/contract.md §2 "Signals": the session tells views what changed — record
// added/removed/changed (with column), state changes, has-changes changed, committed, rolled back —
// so views never poll.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

using namespace shelftest;

namespace {

/// The records of a spy on a signal whose first argument is an orm::Record *.
QList<orm::Record *> recordsOf(const QSignalSpy &spy) {
    QList<orm::Record *> result;
    for (const QList<QVariant> &arguments : spy)
        result.append(arguments.first().value<orm::Record *>());
    return result;
}

/// True when the spy (record, column) saw this pair.
bool sawChange(const QSignalSpy &spy, const RecordPtr &record, int column) {
    for (const QList<QVariant> &arguments : spy)
        if (arguments.at(0).value<orm::Record *>() == record.get() &&
            arguments.at(1).toInt() == column)
            return true;
    return false;
}

QList<bool> boolsOf(const QSignalSpy &spy) {
    QList<bool> result;
    for (const QList<QVariant> &arguments : spy)
        result.append(arguments.first().toBool());
    return result;
}

} // namespace

class TestSignals : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldAnnounceRecordsEnteringTheSession();
    void shouldAnnounceLoadedRecords();
    void shouldLetASlotReadWhileRowsAreBeingRead();
    void shouldAnnounceChangedColumn();
    void shouldAnnounceHasChangesOnlyWhenItFlips();
    void shouldAnnounceHasChangesFalseWhenEditIsUndoneByHand();
    void shouldAnnounceMarkedRecordsOnRemove();
    void shouldAnnounceCommitWithKeysAndDeletedRecords();
    void shouldNotAnnounceCommitWhenItFails();
    void shouldAnnounceRollbackWithRestoredValues();
    void shouldAnnounceDiscardedAndExpungedRecords();
    void shouldAnnounceManyChangesAroundImportCommitAndRollback();
};

void TestSignals::shouldAnnounceRecordsEnteringTheSession() {
    SHELF_OPEN_FIXTURE(f)
    QSignalSpy added(f.session.get(), &orm::Session::recordAdded);
    QSignalSpy hasChanges(f.session.get(), &orm::Session::hasChangesChanged);

    // When an author with two books is added
    auto jurassicPark = Book::create(QStringLiteral("Jurassic Park"));
    auto andromeda = Book::create(QStringLiteral("The Andromeda Strain"));
    auto crichton = Author::create(QStringLiteral("Michael Crichton"), {jurassicPark, andromeda});
    f.session->add(crichton);

    // Then each of the three records is announced once, and the session now has changes
    const QList<orm::Record *> records = recordsOf(added);
    QCOMPARE(records.size(), 3);
    QVERIFY(records.contains(crichton.get()));
    QVERIFY(records.contains(jurassicPark.get()));
    QVERIFY(records.contains(andromeda.get()));
    QCOMPARE(boolsOf(hasChanges), QList<bool>{true});
}

void TestSignals::shouldAnnounceLoadedRecords() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    auto other = f.freshSession();
    QSignalSpy added(other.get(), &orm::Session::recordAdded);
    QSignalSpy hasChanges(other.get(), &orm::Session::hasChangesChanged);

    // When a session loads the authors
    const RecordList authors = other->query(Author::staticTable());

    // Then each loaded record is announced, and loading is no change
    QCOMPARE(authors.size(), 2);
    const QList<orm::Record *> records = recordsOf(added);
    QVERIFY(records.contains(authors.at(0).get()));
    QVERIFY(records.contains(authors.at(1).get()));
    QVERIFY(hasChanges.isEmpty());
}

void TestSignals::shouldAnnounceChangedColumn() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QSignalSpy changed(f.session.get(), &orm::Session::recordChanged);

    // When a name and a borrower change
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(lib.it->setBorrower(lib.buzz));

    // Then the record and the column are announced
    QVERIFY(sawChange(changed, lib.king, Author::NameColumn));
    QVERIFY(sawChange(changed, lib.it, Book::BorrowerIdColumn));
    QVERIFY(!sawChange(changed, lib.king, Author::IdColumn));
    QVERIFY(!sawChange(changed, lib.it, Book::TitleColumn));
}

void TestSignals::shouldAnnounceHasChangesOnlyWhenItFlips() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QSignalSpy hasChanges(f.session.get(), &orm::Session::hasChangesChanged);

    // When three edits are made and committed
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    f.session->add(User::create(QStringLiteral("Dora")));
    QCOMPARE(boolsOf(hasChanges), QList<bool>{true});
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then has-changes went true once and false once
    QCOMPARE(boolsOf(hasChanges), (QList<bool>{true, false}));
}

void TestSignals::shouldAnnounceHasChangesFalseWhenEditIsUndoneByHand() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QSignalSpy hasChanges(f.session.get(), &orm::Session::hasChangesChanged);

    // When a name is changed and typed back
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(lib.king->setName(QStringLiteral("Stephen King")));

    // Then has-changes went true, then false again
    QCOMPARE(boolsOf(hasChanges), (QList<bool>{true, false}));
    QVERIFY(!f.session->hasChanges());
}

void TestSignals::shouldAnnounceMarkedRecordsOnRemove() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QSignalSpy stateChanged(f.session.get(), &orm::Session::recordStateChanged);
    QSignalSpy hasChanges(f.session.get(), &orm::Session::hasChangesChanged);

    // When Michael Crichton is removed
    QVERIFY(f.session->remove(lib.crichton));

    // Then he and every record the cascade marked are announced
    const QList<orm::Record *> records = recordsOf(stateChanged);
    for (const RecordPtr &record : RecordList{lib.crichton, lib.jurassicPark, lib.andromeda,
                                              lib.jurassicParkByBuzz, lib.andromedaByAndy})
        QVERIFY2(records.contains(record.get()), qPrintable(record->displayName()));
    QVERIFY(!records.contains(lib.king.get()));
    QCOMPARE(boolsOf(hasChanges), QList<bool>{true});
}

void TestSignals::shouldAnnounceCommitWithKeysAndDeletedRecords() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new author and a removed user
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(f.session->remove(lib.cat));
    QSignalSpy committed(f.session.get(), &orm::Session::committed);
    QSignalSpy changed(f.session.get(), &orm::Session::recordChanged);
    QSignalSpy removed(f.session.get(), &orm::Session::recordRemoved);

    // When the session commits
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then commit is announced once, the new key and the NULLed borrower are announced as
    // changes, and the deleted user as leaving the session
    QCOMPARE(committed.count(), 1);
    QVERIFY(sawChange(changed, herbert, Author::IdColumn));
    QVERIFY(sawChange(changed, lib.andromeda, Book::BorrowerIdColumn));
    QVERIFY(recordsOf(removed).contains(lib.cat.get()));
    QVERIFY(!recordsOf(removed).contains(herbert.get()));
}

void TestSignals::shouldNotAnnounceCommitWhenItFails() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new author and an invalid rating
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(lib.itByAndy->setRating(9));
    QSignalSpy committed(f.session.get(), &orm::Session::committed);
    QSignalSpy hasChanges(f.session.get(), &orm::Session::hasChangesChanged);
    QSignalSpy removed(f.session.get(), &orm::Session::recordRemoved);

    // When the commit fails
    QVERIFY(!f.session->commit());

    // Then neither commit nor a change of has-changes is announced, nor does a key stay assigned
    QCOMPARE(committed.count(), 0);
    QVERIFY(hasChanges.isEmpty());
    QVERIFY(removed.isEmpty());
    QVERIFY(herbert->id().isNull());
}

void TestSignals::shouldAnnounceRollbackWithRestoredValues() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a rename, a move, a new user and a removed user
    QVERIFY(lib.king->setName(QStringLiteral("Steppen Kang")));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    auto dora = User::create(QStringLiteral("Dora"));
    f.session->add(dora);
    QVERIFY(f.session->remove(lib.cat));
    QSignalSpy rolledBack(f.session.get(), &orm::Session::rolledBack);
    QSignalSpy changed(f.session.get(), &orm::Session::recordChanged);
    QSignalSpy removed(f.session.get(), &orm::Session::recordRemoved);
    QSignalSpy stateChanged(f.session.get(), &orm::Session::recordStateChanged);
    QSignalSpy hasChanges(f.session.get(), &orm::Session::hasChangesChanged);

    // When the session rolls back
    f.session->rollback();

    // Then rollback is announced once, with the restored name, the new user leaving the session,
    // the removed user unmarked, and no changes left
    QCOMPARE(rolledBack.count(), 1);
    QVERIFY(sawChange(changed, lib.king, Author::NameColumn));
    QVERIFY(sawChange(changed, lib.andromeda, Book::AuthorIdColumn));
    QVERIFY(recordsOf(removed).contains(dora.get()));
    QVERIFY(recordsOf(stateChanged).contains(lib.cat.get()));
    QCOMPARE(boolsOf(hasChanges), QList<bool>{false});
}

void TestSignals::shouldAnnounceDiscardedAndExpungedRecords() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    QSignalSpy removed(f.session.get(), &orm::Session::recordRemoved);

    // When a pending book is removed (discarded) and a persistent user expunged
    auto carrie = Book::create(QStringLiteral("Carrie"));
    QVERIFY(lib.king->books().append(carrie));
    QVERIFY(f.session->remove(carrie));
    f.session->expunge(lib.cat);

    // Then both are announced as leaving the session
    const QList<orm::Record *> records = recordsOf(removed);
    QVERIFY(records.contains(carrie.get()));
    QVERIFY(records.contains(lib.cat.get()));
}

void TestSignals::shouldAnnounceManyChangesAroundImportCommitAndRollback() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const qsizetype many = orm::Session::ManyRecords;
    // Order of the signals: "<" manyChanging, ">" manyChanged, "a" added, "s" state changed,
    // "c" committed, "r" rolled back; what came while many changed is between < and >
    QString order;
    connect(f.session.get(), &orm::Session::manyChanging, this, [&] { order += u'<'; });
    connect(f.session.get(), &orm::Session::manyChanged, this, [&] { order += u'>'; });
    connect(f.session.get(), &orm::Session::recordAdded, this, [&] { order += u'a'; });
    connect(f.session.get(), &orm::Session::recordStateChanged, this, [&] { order += u's'; });
    connect(f.session.get(), &orm::Session::committed, this, [&] { order += u'c'; });
    connect(f.session.get(), &orm::Session::rolledBack, this, [&] { order += u'r'; });
    const auto between = [&order](QChar signal) -> qsizetype {
        const qsizetype open = order.indexOf(u'<'), close = order.indexOf(u'>');
        return open >= 0 && close > open ? order.mid(open, close - open).count(signal) : -1;
    };

    // When as many users as announce many changes are staged at once, as an import stages them
    RecordList users;
    for (qsizetype i = 0; i < many; ++i)
        users << User::create(QStringLiteral("Reader %1").arg(i));
    f.session->addAll(users);
    // Then the change is announced once around them, each still announced in between
    QCOMPARE(order.count(u'<'), 1);
    QCOMPARE(order.count(u'>'), 1);
    QCOMPARE(between(u'a'), many);

    // When they are committed
    order.clear();
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    // Then their new state is announced in between, and the commit after
    QCOMPARE(order.count(u'<'), 1);
    QCOMPARE(between(u's'), many);
    QVERIFY(order.endsWith(u'c'));
    QVERIFY(order.indexOf(u'c') > order.indexOf(u'>'));

    // When as many are edited and rolled back: once again, the rollback after
    for (const RecordPtr &user : std::as_const(users))
        QVERIFY(user->setValue(User::NameColumn, QStringLiteral("Renamed")));
    order.clear();
    f.session->rollback();
    QCOMPARE(order.count(u'<'), 1);
    QCOMPARE(order.count(u'>'), 1);
    QVERIFY(order.endsWith(u'r'));

    // And a change of fewer records than that is followed record by record only
    order.clear();
    f.session->addAll(RecordList{User::create(QStringLiteral("Solo"))});
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QVERIFY(!order.contains(u'<') && !order.contains(u'>'));
    QVERIFY(order.contains(u'a') && order.contains(u'c'));
}

void TestSignals::shouldLetASlotReadWhileRowsAreBeingRead() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a fresh session with a slot that, for every book read, reads its author and counts
    auto session = f.freshSession();
    QStringList authorsSeen;
    QObject::connect(session.get(), &orm::Session::recordAdded, [&](orm::Record *record) {
        if (&record->table() != &Book::staticTable())
            return;
        const QVariant authorId = record->value(Book::AuthorIdColumn);
        if (authorId.isNull())
            return;
        auto author = session->get<Author>(authorId); // a read inside the read
        authorsSeen << (author ? author->name() : QStringLiteral("?"));
        QCOMPARE(session->count(Author::staticTable()), 2);
    });

    // When every book is read
    const RecordList books = session->query(Book::staticTable());

    // Then the outer read still gives every book, and each inner read its author
    QCOMPARE(books.size(), 3);
    authorsSeen.sort();
    QCOMPARE(authorsSeen,
             QStringList({QStringLiteral("Michael Crichton"), QStringLiteral("Michael Crichton"),
                          QStringLiteral("Stephen King")}));
}

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
