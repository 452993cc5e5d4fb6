// orm::DeleteResolver on its own (issue 13, a session made of parts): it takes what it reads — the
// metadata, the dialect, the loader, the unit of work and a SELECT runner — not the session, and
// works out what deleting records does (docs/contract.md §2 rule 9) without writing anything: the
// records a `delete` cascade takes (with why and how deep), children that block, what the
// database's own ON DELETE does, and large cascades counted rather than loaded. The parts are a
// real session's, on a real database (an SQLite file, PostgreSQL), reached as the session reaches
// them (SessionInternals::loader(), unitOfWork(), selects()); rows are written by another
// connection and the session starts with nothing loaded, so the resolver loads what it follows.

#include "libraryfixture.h"
#include "orm/deleteresolver.h"
#include "orm/sessioninternals.h"

#include <QSet>
#include <QTest>

using namespace shelftest;
using orm::DeleteResolver;

namespace {

/// A resolver given `session`'s parts, not the session.
DeleteResolver resolverOf(orm::Session &session, qint64 countAbove = DeleteResolver::NeverCount) {
    return DeleteResolver(session.metadata(), &session.dialect(),
                          orm::SessionInternals::loader(session),
                          orm::SessionInternals::unitOfWork(session),
                          orm::SessionInternals::selects(session), countAbove);
}

/// The entry for `record` in what the resolver deletes, or null.
const orm::DeletePreview::Deleted *entryOf(const DeleteResolver &resolver,
                                           const RecordPtr &record) {
    for (const orm::DeletePreview::Deleted &entry : resolver.deleted()) {
        if (entry.record == record)
            return &entry;
    }
    return nullptr;
}

/// Records of `table` the session holds, by id.
RecordPtr recordOf(orm::Session &session, const QString &table, qint64 id) {
    return session.get(*session.metadata().table(table), id);
}

} // namespace

class TestDeleteResolver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldListACascadeWithItsReasonsAndDepth();
    void shouldListTheSameCascadeWithoutPathsWhenNoneIsRead();
    void shouldBlockOnAChildWhoseKeyCannotBeEmpty();
    void shouldCountAChildLeftToTheDatabasesCascadeAsItsEffect();
    void shouldCountALargeCascadeInsteadOfLoadingIt();
    void shouldReportAFailedCountAsFacts();
};

void TestDeleteResolver::shouldListACascadeWithItsReasonsAndDepth() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session with nothing loaded but Michael Crichton
    auto session = f.freshSession();
    const RecordPtr crichton = recordOf(*session, QStringLiteral("authors"), idOf(lib.crichton));
    QVERIFY(crichton);

    // When a resolver made of its parts resolves deleting him
    DeleteResolver resolver = resolverOf(*session);
    QVERIFY2(resolver.resolve({crichton}, {}, true), qPrintable(resolver.error().fullText()));

    // Then he goes, his two books one level down (Author.books) and their reviews two levels
    // down (Book.reviews), each with why and the way to it
    QCOMPARE(resolver.deleted().size(), 5);
    QVERIFY(resolver.deleted().first().record == crichton);
    QVERIFY(resolver.deleted().first().isChosen());
    const RecordPtr jurassicPark =
        recordOf(*session, QStringLiteral("books"), idOf(lib.jurassicPark));
    const RecordPtr review =
        recordOf(*session, QStringLiteral("reviews"), idOf(lib.jurassicParkByBuzz));
    const orm::DeletePreview::Deleted *book = entryOf(resolver, jurassicPark);
    QVERIFY(book);
    QCOMPARE(book->depth, 1);
    QCOMPARE(book->reason, library::authorBooks().cascadeSentence());
    QCOMPARE(book->path, QStringLiteral("Author 'Michael Crichton' → Book 'Jurassic Park'"));
    const orm::DeletePreview::Deleted *reviewed = entryOf(resolver, review);
    QVERIFY(reviewed);
    QCOMPARE(reviewed->depth, 2);
    QCOMPARE(reviewed->reason, library::bookReviews().cascadeSentence());
    QCOMPARE(reviewed->path, book->path + QStringLiteral(" → ") + review->displayName());
    QVERIFY(entryOf(resolver, recordOf(*session, QStringLiteral("books"), idOf(lib.andromeda))));
    QVERIFY(entryOf(resolver,
                    recordOf(*session, QStringLiteral("reviews"), idOf(lib.andromedaByAndy))));
    // And nothing blocks, nothing is left to the database, nothing was written
    QVERIFY(resolver.blockers().isEmpty());
    QVERIFY(resolver.databaseEffects().isEmpty());
    QVERIFY(resolver.discarded().isEmpty());
    QCOMPARE(f.state(lib.crichton), QStringLiteral("persistent"));
    QCOMPARE(f.count(QStringLiteral("books")), 3);
    QCOMPARE(f.count(QStringLiteral("reviews")), 3);
}

void TestDeleteResolver::shouldListTheSameCascadeWithoutPathsWhenNoneIsRead() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session with nothing loaded but Michael Crichton, and a resolver that lists no
    // paths (as remove() and the flush use it)
    auto session = f.freshSession();
    const RecordPtr crichton = recordOf(*session, QStringLiteral("authors"), idOf(lib.crichton));
    QVERIFY(crichton);
    DeleteResolver resolver = resolverOf(*session);
    resolver.setListingPaths(false);

    // When it resolves deleting him
    QVERIFY2(resolver.resolve({crichton}, {}, true), qPrintable(resolver.error().fullText()));

    // Then it deletes what the preview's resolver deletes, at the same depths, for the same
    // reasons, but names no way to any of them
    DeleteResolver listing = resolverOf(*session);
    QVERIFY(listing.resolve({crichton}, {}, true));
    QCOMPARE(resolver.deleted().size(), 5);
    QCOMPARE(resolver.deleted().size(), listing.deleted().size());
    for (const orm::DeletePreview::Deleted &entry : listing.deleted()) {
        const orm::DeletePreview::Deleted *same = entryOf(resolver, entry.record);
        QVERIFY(same);
        QCOMPARE(same->depth, entry.depth);
        QCOMPARE(same->reason, entry.reason);
        QVERIFY(!entry.path.isEmpty());
        QVERIFY(same->path.isEmpty());
    }
    QVERIFY(resolver.blockers().isEmpty());
}

void TestDeleteResolver::shouldBlockOnAChildWhoseKeyCannotBeEmpty() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session with nothing loaded but Andy, who borrowed It and wrote two reviews
    auto session = f.freshSession();
    const RecordPtr andy = recordOf(*session, QStringLiteral("users"), idOf(lib.andy));
    QVERIFY(andy);

    // When a resolver made of its parts resolves deleting him, foreign keys included
    DeleteResolver resolver = resolverOf(*session);
    QVERIFY2(resolver.resolve({andy}, {}, true), qPrintable(resolver.error().fullText()));

    // Then his reviews block it: their user_id cannot be NULL and User.reviews does not cascade
    // deletes
    QCOMPARE(resolver.deleted().size(), 1);
    QCOMPARE(resolver.blockers().size(), 2);
    QSet<qint64> blocking;
    for (const orm::DeletePreview::Blocker &blocker : resolver.blockers()) {
        QVERIFY(!blocker.isDatabaseRows());
        QVERIFY(blocker.blocked == andy);
        QCOMPARE(blocker.column, int(Review::UserIdColumn));
        QCOMPARE(blocker.table->name(), QStringLiteral("reviews"));
        QVERIFY2(blocker.reason.contains(library::userReviews().qualifiedName()),
                 qPrintable(blocker.reason));
        blocking.insert(idOf(blocker.record));
    }
    QVERIFY(blocking == (QSet<qint64>{idOf(lib.itByAndy), idOf(lib.andromedaByAndy)}));
    // And the book he borrowed is set free, not blocking (borrower_id may be NULL)
    QCOMPARE(resolver.nulled().size(), 1);
    QCOMPARE(idOf(resolver.nulled().first().record), idOf(lib.it));
    QCOMPARE(resolver.nulled().first().column, int(Book::BorrowerIdColumn));
}

void TestDeleteResolver::shouldCountAChildLeftToTheDatabasesCascadeAsItsEffect() {
    // Given a parent with three children, ON DELETE CASCADE with passive deletes, committed
    const auto metadata = passiveDeleteMetadata();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    {
        orm::Session setup(db.connection(), *metadata);
        QVERIFY2(setup.createAll(), qPrintable(setup.lastError().fullText()));
    }
    QVERIFY(db.exec(QStringLiteral("INSERT INTO parents (id, name) VALUES (1, 'parent')")));
    QVERIFY(db.exec(QStringLiteral("INSERT INTO children (id, name, parent_id) VALUES "
                                   "(1, 'a', 1), (2, 'b', 1), (3, 'c', 1)")));
    orm::Session session(db.newConnection(), *metadata);
    const RecordPtr parent = recordOf(session, QStringLiteral("parents"), 1);
    QVERIFY(parent);

    // When a resolver made of the session's parts resolves deleting it
    DeleteResolver resolver = resolverOf(session);
    QVERIFY2(resolver.resolve({parent}, {}, true), qPrintable(resolver.error().fullText()));

    // Then the parent alone is deleted by the ORM; the children are the database's effect,
    // counted in SQL, never loaded
    QCOMPARE(resolver.deleted().size(), 1);
    QCOMPARE(resolver.databaseEffects().size(), 1);
    const orm::DeletePreview::DatabaseEffect &effect = resolver.databaseEffects().first();
    QCOMPARE(effect.table, QStringLiteral("children"));
    QVERIFY(effect.action == orm::OnDelete::Cascade);
    QCOMPARE(effect.rows, 3);
    QVERIFY(!effect.reason.isEmpty());
    const orm::Relationship &children =
        *metadata->relationship(QStringLiteral("parents"), QStringLiteral("children"));
    QVERIFY(!orm::SessionInternals::loadedChildren(*parent, children));
    QVERIFY(resolver.blockers().isEmpty());
}

void TestDeleteResolver::shouldCountALargeCascadeInsteadOfLoadingIt() {
    SHELF_OPEN_FIXTURE(f)
    // Given an author with 30 books, each reviewed, in a session with nothing else loaded
    QVERIFY(seedOneLargeAuthor(f.db, 30));
    auto session = f.freshSession();
    const RecordPtr prolific = recordOf(*session, QStringLiteral("authors"), 1);
    QVERIFY(prolific);

    // When a resolver made of its parts resolves deleting him, counting above 10 rows
    DeleteResolver resolver = resolverOf(*session, 10);
    QVERIFY2(resolver.resolve({prolific}, {}, true), qPrintable(resolver.error().fullText()));

    // Then the books and their reviews are counted, level by level, not loaded or listed
    QCOMPARE(resolver.deleted().size(), 1);
    QCOMPARE(resolver.counted().size(), 2);
    const orm::DeletePreview::Counted &books = resolver.counted().at(0);
    QCOMPARE(books.table->name(), QStringLiteral("books"));
    QCOMPARE(books.rows, 30);
    QCOMPARE(books.depth, 1);
    QCOMPARE(books.reason, library::authorBooks().cascadeSentence());
    const orm::DeletePreview::Counted &reviews = resolver.counted().at(1);
    QCOMPARE(reviews.table->name(), QStringLiteral("reviews"));
    QCOMPARE(reviews.rows, 30);
    QCOMPARE(reviews.depth, 2);
    QVERIFY(!orm::SessionInternals::loadedChildren(*prolific, library::authorBooks()));

    // And a resolver that never counts (remove(), the flush) loads and lists all 61
    DeleteResolver loading = resolverOf(*session);
    QVERIFY2(loading.resolve({prolific}, {}, true), qPrintable(loading.error().fullText()));
    QVERIFY(loading.counted().isEmpty());
    QCOMPARE(loading.deleted().size(), 61);
}

void TestDeleteResolver::shouldReportAFailedCountAsFacts() {
    // Given the passive-delete schema whose child table another user dropped
    const auto metadata = passiveDeleteMetadata();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    {
        orm::Session setup(db.connection(), *metadata);
        QVERIFY2(setup.createAll(), qPrintable(setup.lastError().fullText()));
    }
    QVERIFY(db.exec(QStringLiteral("INSERT INTO parents (id, name) VALUES (1, 'parent')")));
    orm::Session session(db.newConnection(), *metadata);
    const RecordPtr parent = recordOf(session, QStringLiteral("parents"), 1);
    QVERIFY(parent);
    QVERIFY(db.exec(QStringLiteral("DROP TABLE children")));

    // When a resolver made of the session's parts resolves deleting the parent
    DeleteResolver resolver = resolverOf(session);
    const bool resolved = resolver.resolve({parent}, {}, true);

    // Then it fails with the facts of the refused count — a database error about children, the
    // driver's message kept — worded in one place
    QVERIFY(!resolved);
    QVERIFY(resolver.error());
    QCOMPARE(resolver.error().table, QStringLiteral("children"));
    QVERIFY(!resolver.error().driverMessage.isEmpty());
    QVERIFY(!resolver.error().message().isEmpty());
}

QTEST_GUILESS_MAIN(TestDeleteResolver)
#include "tst_deleteresolver.moc"
