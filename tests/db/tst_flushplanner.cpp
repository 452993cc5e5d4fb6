// orm::FlushPlanner on its own (issue 13, a session made of parts): it takes what it reads — the
// unit of work, the metadata, the dialect and a delete resolver — not the session, and works out
// the plan a flush runs (docs/contract.md §2 rules 5, 8 and 9) without writing anything. The parts
// are a real session's, on a real database (an SQLite file, PostgreSQL), reached as the session
// reaches them (SessionInternals::unitOfWork(), the public metadata() and dialect()), and so are
// the delete resolver's (tst_deleteresolver tests it on its own).

#include "libraryfixture.h"
#include "orm/deleteresolver.h"
#include "orm/flushplanner.h"
#include "orm/flushsql.h"
#include "orm/newrowwriter.h"
#include "orm/sessioninternals.h"
#include "orm/sqlitedialect.h"

#include <QTest>

using namespace shelftest;

namespace {

/// Plans what `session` has staged with a planner given the session's parts, not the session.
bool planOf(orm::Session &session, orm::FlushPlan *plan, orm::Error *error, bool lenient = false) {
    orm::DeleteResolver resolver(
        session.metadata(), &session.dialect(), orm::SessionInternals::loader(session),
        orm::SessionInternals::unitOfWork(session), orm::SessionInternals::selects(session));
    orm::FlushPlanner planner(orm::SessionInternals::unitOfWork(session), session.metadata(),
                              &session.dialect(), resolver);
    planner.setLenient(lenient);
    const bool planned = planner.plan(plan);
    *error = planner.error();
    return planned;
}

/// A new record of `table` as an import stages it: made by the session, its values written into
/// the row store's cells (NewRowWriter), then added.
RecordPtr importedRow(orm::Session &session, const orm::Table &table, int column,
                      const QByteArray &utf8) {
    RecordPtr record = session.createRecord(table);
    orm::NewRowWriter(*record).setUtf8(column, utf8);
    session.add(record);
    return record;
}

/// The table of each record, in order: "books, authors".
QString tablesOf(const RecordList &records) {
    QStringList names;
    for (const RecordPtr &record : records)
        names.append(record->table().name());
    return names.join(QStringLiteral(", "));
}

} // namespace

class TestFlushPlanner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldInsertPendingParentsBeforeTheirChildren();
    void shouldDeleteACascadeChildrenFirst();
    void shouldFailNamingTheColumnOfAnInvalidValue();
    void shouldListAnInvalidValueWhenLenient();
    void shouldKeepEachWriteApartWhenPlainNewRowsShareTheirLists();
    void shouldGroupOnlyTheStatementsAskedForAndCountTheRest();
    void shouldShareOneBlockAmongNewRowsAwaitingTheirParentsKeys();
    void shouldBindAnUpdateFromItsRecordUntilAValueIsReplaced();
    void shouldTellAWideTablesShapesApartPastColumn255();
};

void TestFlushPlanner::shouldInsertPendingParentsBeforeTheirChildren() {
    SHELF_OPEN_FIXTURE(f)
    // Given a new book staged before its new author: the child entered the session first
    auto dune = Book::create(QStringLiteral("Dune"));
    f.session->add(dune);
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);
    QVERIFY(dune->setAuthor(herbert));

    // When the planner plans the flush from the session's parts
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error), qPrintable(error.fullText()));

    // Then the author's INSERT comes first, then the book's, whose author_id awaits the author's
    // new key; nothing is deleted or discarded
    QCOMPARE(plan.writes.size(), size_t(2));
    QVERIFY(plan.writes.at(0).insert() && plan.writes.at(0).record == herbert);
    QVERIFY(plan.writes.at(1).insert() && plan.writes.at(1).record == dune);
    QCOMPARE(plan.writes.at(1).awaitingKeys().size(), 1);
    QCOMPARE(plan.writes.at(1).awaitingKeys().at(0).column, int(Book::AuthorIdColumn));
    QVERIFY(plan.writes.at(1).awaitingKeys().at(0).parent == herbert);
    QVERIFY(plan.deletes.isEmpty() && plan.discards.isEmpty());
    // And planning wrote nothing: both are still pending, the database empty
    QCOMPARE(f.state(herbert), QStringLiteral("pending"));
    QCOMPARE(f.state(dune), QStringLiteral("pending"));
    QCOMPARE(f.count(QStringLiteral("authors")), 0);
    QCOMPARE(f.count(QStringLiteral("books")), 0);
}

void TestFlushPlanner::shouldDeleteACascadeChildrenFirst() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Michael Crichton marked for delete: his books and their reviews cascade
    QVERIFY(f.session->remove(lib.crichton));

    // When the planner plans the flush
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error), qPrintable(error.fullText()));

    // Then the reviews go first, then the books, then the author
    QCOMPARE(tablesOf(plan.deletes), QStringLiteral("reviews, reviews, books, books, authors"));
    QVERIFY(plan.deletes.contains(lib.jurassicParkByBuzz));
    QVERIFY(plan.deletes.contains(lib.andromedaByAndy));
    QVERIFY(plan.deletes.contains(lib.jurassicPark));
    QVERIFY(plan.deletes.contains(lib.andromeda));
    QVERIFY(plan.deletes.last() == lib.crichton);
    // And each cascaded row says why it goes
    for (const orm::DeletePreview::Deleted &entry : std::as_const(plan.deleteReasons)) {
        if (entry.record == lib.jurassicPark)
            QCOMPARE(entry.reason, library::authorBooks().cascadeSentence());
    }
    QCOMPARE(plan.deleteReasons.size(), 5);
    QVERIFY(plan.writes.empty());
    // And nothing was deleted yet
    QVERIFY(f.rowExists(QStringLiteral("authors"), lib.crichton->id()));
}

void TestFlushPlanner::shouldFailNamingTheColumnOfAnInvalidValue() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a new review rated 6 (ratings are 1–5)
    auto review = Review::create(lib.it, lib.buzz, 3, QStringLiteral("too good"));
    review->setValue(Review::RatingColumn, 6);
    f.session->add(review);

    // When the planner plans the flush
    orm::FlushPlan plan;
    orm::Error error;
    const bool planned = planOf(*f.session, &plan, &error);

    // Then it fails with the facts: an invalid value, in reviews.rating of that review
    QVERIFY(!planned);
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Validation));
    QVERIFY(error.reason == orm::Error::Reason::InvalidValue);
    QCOMPARE(error.table, QStringLiteral("reviews"));
    QCOMPARE(error.column, QStringLiteral("rating"));
    QVERIFY(error.record == review);
    QVERIFY(!error.message().isEmpty());
}

void TestFlushPlanner::shouldListAnInvalidValueWhenLenient() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given the same invalid review
    auto review = Review::create(lib.it, lib.buzz, 3, QStringLiteral("too good"));
    review->setValue(Review::RatingColumn, 6);
    f.session->add(review);

    // When the planner plans leniently (the pending-changes pane, the SQL preview)
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error, true), qPrintable(error.fullText()));

    // Then the review's INSERT is listed with the value as staged
    QCOMPARE(plan.writes.size(), size_t(1));
    QVERIFY(plan.writes.at(0).insert() && plan.writes.at(0).record == review);
    QCOMPARE(plan.writes.at(0).value(Review::RatingColumn).toInt(), 6);
}

void TestFlushPlanner::shouldGroupOnlyTheStatementsAskedForAndCountTheRest() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given 50 new authors staged as an import stages rows, planned
    for (int i = 0; i < 50; ++i)
        importedRow(*f.session, Author::staticTable(), Author::NameColumn,
                    "Author " + QByteArray::number(i));
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error), qPrintable(error.fullText()));
    QCOMPARE(plan.writes.size(), size_t(50));
    // When the statements are grouped a row at a time (SQLite's commit), keeping the first 5 (what
    // the SQL preview shows)
    orm::StatementShapes shapes(f.session->dialect());
    std::size_t more = 0;
    const std::vector<orm::StatementGroup> first = shapes.groups(plan, false, 5, &more);
    // Then only those 5 are held, the first 5 rows', and the other 45 counted
    QCOMPARE(first.size(), size_t(5));
    QCOMPARE(more, size_t(45));
    for (size_t i = 0; i < first.size(); ++i)
        QVERIFY(first.at(i).writes.front() == &plan.writes.at(i));
    // And asked for all, it holds all
    QCOMPARE(shapes.groups(plan, false).size(), size_t(50));
}

void TestFlushPlanner::shouldKeepEachWriteApartWhenPlainNewRowsShareTheirLists() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given three new authors staged as an import stages rows (their values in the row store: plain
    // INSERTs, which share one block), a new book of the second one (its INSERT awaits that
    // author's key) and an edit of a loaded author
    const orm::Table &authors = Author::staticTable();
    RecordList added;
    for (const char *name : {"Ursula", "Iain", "Octavia"})
        added << importedRow(*f.session, authors, Author::NameColumn, name);
    const RecordPtr book =
        importedRow(*f.session, Book::staticTable(), Book::TitleColumn, "Use of Weapons");
    QVERIFY(added.at(1)->appendChild(library::authorBooks(), book));
    QVERIFY(lib.crichton->setName(QStringLiteral("John Lange")));

    // When the planner plans the flush
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error), qPrintable(error.fullText()));

    // Then the authors' INSERTs read their rows from the store and write the same columns, the
    // edit writes the one changed column, and the book's INSERT awaits its author's key
    QCOMPARE(plan.writes.size(), size_t(5));
    const QList<int> columns = plan.writes.at(0).columns();
    QVERIFY(!columns.isEmpty());
    for (qsizetype i = 0; i < added.size(); ++i) {
        const orm::FlushPlan::Write &write = plan.writes.at(size_t(i));
        QVERIFY(write.insert() && write.valuesInRecord() && write.record == added.at(i));
        QCOMPARE(write.columns(), columns);
        QVERIFY(write.awaitingKeys().isEmpty() && write.nulledColumns().isEmpty());
        QVERIFY(write.values().isEmpty());
    }
    const orm::FlushPlan::Write &edit = plan.writes.at(3);
    QVERIFY(!edit.insert() && edit.record == lib.crichton);
    QCOMPARE(edit.columns(), QList<int>{Author::NameColumn});
    QCOMPARE(edit.value(Author::NameColumn).toString(), QStringLiteral("John Lange"));
    const orm::FlushPlan::Write &bookWrite = plan.writes.at(4);
    QVERIFY(bookWrite.insert() && bookWrite.record == book);
    QCOMPARE(bookWrite.awaitingKeys().size(), 1);
    QVERIFY(bookWrite.awaitingKeys().at(0).parent == added.at(1));
    QVERIFY(bookWrite.columns().contains(Book::AuthorIdColumn));
    // And the plan holds the record it updates (it names the others, which the session holds),
    // and gives each record back as the session's own shared pointer
    QCOMPARE(plan.held.size(), 1);
    QVERIFY(plan.held.first() == lib.crichton);
    QCOMPARE(RecordPtr(plan.writes.at(1).record).get(), added.at(1).get());
    QVERIFY(!RecordPtr(plan.writes.at(1).record).owner_before(added.at(1)) &&
            !added.at(1).owner_before(RecordPtr(plan.writes.at(1).record)));

    // When one of the shared writes changes, as RowOrder changes a write to break a cycle
    orm::FlushPlan::Write &changed = plan.writes[1];
    changed.setValue(Author::NameColumn, QStringLiteral("Changed"));
    changed.addColumn(Author::IdColumn);

    // Then only that write changed: its neighbours still read their own rows from the store and
    // write the columns they did, and the record's staged value is as it was
    QCOMPARE(changed.value(Author::NameColumn).toString(), QStringLiteral("Changed"));
    QVERIFY(!changed.valuesInRecord());
    QCOMPARE(changed.columns().size(), columns.size() + 1);
    QCOMPARE(added.at(1)->value(Author::NameColumn).toString(), QStringLiteral("Iain"));
    for (const size_t i : {size_t(0), size_t(2)}) {
        const orm::FlushPlan::Write &neighbour = plan.writes.at(i);
        QVERIFY(neighbour.valuesInRecord() && neighbour.values().isEmpty());
        QCOMPARE(neighbour.columns(), columns);
        QVERIFY(neighbour.awaitingKeys().isEmpty());
    }
    QCOMPARE(plan.writes.at(0).value(Author::NameColumn).toString(), QStringLiteral("Ursula"));
    QCOMPARE(plan.writes.at(2).value(Author::NameColumn).toString(), QStringLiteral("Octavia"));

    // And values taken from a write with a list of its own leave the others theirs
    QCOMPARE(changed.takeValues().value(Author::NameColumn).toString(), QStringLiteral("Changed"));
    QCOMPARE(plan.writes.at(0).columns(), columns);

    // And a write that starts as a shared one and takes other flags (an INSERT whose row is a
    // list of its own) leaves the others' flags as they were
    orm::FlushPlan::Write other;
    other.record = added.at(2);
    other.startLike(plan.writes.at(2));
    other.setInsert(true, false);
    QVERIFY(other.insert() && !other.valuesInRecord());
    QCOMPARE(other.columns(), columns);
    QVERIFY(plan.writes.at(0).valuesInRecord() && plan.writes.at(2).valuesInRecord());
}

void TestFlushPlanner::shouldShareOneBlockAmongNewRowsAwaitingTheirParentsKeys() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given two new authors with two new books each, staged as an import stages rows: every
    // book's INSERT awaits its own author's key (w1: 100,000 such books)
    const orm::Table &authors = Author::staticTable();
    const orm::Table &books = Book::staticTable();
    RecordList added;
    QHash<const orm::Record *, RecordPtr> authorOf;
    for (const char *name : {"Ursula", "Iain"}) {
        const RecordPtr author = importedRow(*f.session, authors, Author::NameColumn, name);
        for (const char *title : {"First", "Second"}) {
            const RecordPtr book = importedRow(*f.session, books, Book::TitleColumn, title);
            QVERIFY(author->appendChild(library::authorBooks(), book));
            authorOf.insert(book.get(), author);
            added << book;
        }
    }

    // When the planner plans the flush
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error), qPrintable(error.fullText()));

    // Then the four books' INSERTs keep one block (the same list of awaited references), and
    // each still names its own author as the parent whose key it awaits
    QCOMPARE(plan.writes.size(), size_t(6));
    const QList<orm::AwaitedColumn> *shared = nullptr;
    int bookWrites = 0;
    for (const orm::FlushPlan::Write &write : plan.writes) {
        if (&write.record->table() != &books)
            continue;
        ++bookWrites;
        QVERIFY(write.insert() && write.valuesInRecord());
        if (!shared)
            shared = &write.awaitedColumns();
        QCOMPARE(&write.awaitedColumns(), shared);
        const auto awaited = write.awaitingKeys();
        QCOMPARE(awaited.size(), 1);
        QCOMPARE(awaited.at(0).column, int(Book::AuthorIdColumn));
        QVERIFY(awaited.at(0).parent == authorOf.value(write.record.get()));
    }
    QCOMPARE(bookWrites, 4);

    // And a book whose INSERT takes a change of its own leaves the others their block
    orm::FlushPlan::Write &first = plan.writes[2];
    QVERIFY(&first.record->table() == &books);
    QVERIFY(first.takeAwaitedColumn(Book::AuthorIdColumn).has_value());
    QVERIFY(first.awaitingKeys().isEmpty());
    QCOMPARE(plan.writes.at(3).awaitingKeys().size(), 1);
    QCOMPARE(&plan.writes.at(3).awaitedColumns(), shared);
    QVERIFY(shared != &first.awaitedColumns());
}

void TestFlushPlanner::shouldBindAnUpdateFromItsRecordUntilAValueIsReplaced() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a loaded book retitled, and another moved to a new author (its key not given yet)
    QVERIFY(lib.it->setTitle(QStringLiteral("It (retitled)")));
    auto banks = Author::create(QStringLiteral("Iain Banks"));
    f.session->add(banks);
    QVERIFY(lib.andromeda->setAuthor(banks));

    // When the flush is planned
    orm::FlushPlan plan;
    orm::Error error;
    QVERIFY2(planOf(*f.session, &plan, &error), qPrintable(error.fullText()));
    const orm::FlushPlan::Write *retitle = nullptr;
    const orm::FlushPlan::Write *moved = nullptr;
    for (const orm::FlushPlan::Write &write : plan.writes) {
        if (write.record == lib.it)
            retitle = &write;
        if (write.record == lib.andromeda)
            moved = &write;
    }
    QVERIFY(retitle && moved);

    // Then the retitle's UPDATE reads its record's values, with no list of its own
    QVERIFY(!retitle->insert() && retitle->valuesInRecord() && retitle->values().isEmpty());
    QCOMPARE(retitle->columns(), QList<int>{Book::TitleColumn});
    QCOMPARE(retitle->value(Book::TitleColumn).toString(), QStringLiteral("It (retitled)"));
    QCOMPARE(retitle->row(), lib.it->values());
    // And the move's UPDATE, whose author_id waits for the new author's key, has a row of its own
    // where that key is NULL until the author is inserted; the record's staged value is as it was
    QVERIFY(!moved->valuesInRecord());
    QVERIFY(moved->awaits(Book::AuthorIdColumn));
    QVERIFY(!moved->value(Book::AuthorIdColumn).isValid());

    // And the retitle's statement bound from the row store binds what its value list binds, in
    // the same order: the new title, then the row as stored
    orm::StatementShapes shapes(f.session->dialect());
    const orm::KeyOf noKey = [](const orm::AwaitedKey &) { return QVariant(); };
    orm::Statement fromCells;
    const orm::RowCells cells = shapes.updateCells(*retitle, noKey, &fromCells);
    QVERIFY(!cells.isEmpty());
    const orm::Statement fromValues = shapes.updateStatement(*retitle, noKey);
    QCOMPARE(fromCells.sql, fromValues.sql);
    QVERIFY(fromCells.binds.isEmpty());
    QCOMPARE(cells.values(), fromValues.binds);
    QCOMPARE(cells.values().first().toString(), QStringLiteral("It (retitled)"));
    QCOMPARE(cells.values().at(1), lib.it->storedValue(Book::IdColumn));
    QVERIFY(cells.values().contains(QVariant(QStringLiteral("It"))));

    // When it is committed, then the database holds both; the retitled book's committed row is the
    // slot it was loaded into, now holding the new title, and nothing is staged over it
    const int slot = orm::SessionInternals::valuesOf(*lib.it).slot();
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("title"), lib.it->id()).toString(),
             QStringLiteral("It (retitled)"));
    QCOMPARE(f.cell(QStringLiteral("books"), QStringLiteral("author_id"), lib.andromeda->id())
                 .toLongLong(),
             banks->id());
    QCOMPARE(orm::SessionInternals::valuesOf(*lib.it).slot(), slot);
    QVERIFY(!lib.it->isModified(Book::TitleColumn));
    QCOMPARE(lib.it->storedValue(Book::TitleColumn).toString(), QStringLiteral("It (retitled)"));
    QCOMPARE(lib.andromeda->storedValue(Book::AuthorIdColumn).toLongLong(), banks->id());
}

void TestFlushPlanner::shouldTellAWideTablesShapesApartPastColumn255() {
    // Given a table of 300 columns (a wide export, a sensor log), no database needed
    orm::Metadata metadata;
    orm::Table &wide = metadata.addTable(QStringLiteral("wide"), QStringLiteral("Wide"));
    wide.addColumn(orm::Column::key());
    for (int i = 1; i < 300; ++i)
        wide.addColumn(orm::Column::text(QStringLiteral("c%1").arg(i)));
    metadata.finalize();
    const orm::SqliteDialect dialect;
    orm::StatementShapes shapes(dialect);

    // When an INSERT writing columns 0 and 1 is shaped, then one writing columns 0 and 257
    const orm::Statement first = shapes.insertShape(wide, {0, 1});
    const orm::Statement second = shapes.insertShape(wide, {0, 257});

    // Then each writes its own columns: the second is not the first's shape found again (what
    // follows VALUES reads back the others)
    const QString firstWrites = first.sql.section(QStringLiteral("VALUES"), 0, 0);
    const QString secondWrites = second.sql.section(QStringLiteral("VALUES"), 0, 0);
    QVERIFY2(firstWrites.contains(QStringLiteral("\"c1\"")), qPrintable(firstWrites));
    QVERIFY2(!firstWrites.contains(QStringLiteral("\"c257\"")), qPrintable(firstWrites));
    QVERIFY2(secondWrites.contains(QStringLiteral("\"c257\"")), qPrintable(secondWrites));
    QVERIFY2(!secondWrites.contains(QStringLiteral("\"c1\"")), qPrintable(secondWrites));
}

QTEST_GUILESS_MAIN(TestFlushPlanner)
#include "tst_flushplanner.moc"
