// docs/contract.md §2 "Delete planner": previewDelete() lists records deleted (with path and
// reason), foreign keys set to NULL, blockers and the database's own effects, transitively, without
// staging anything; the preview is exactly what commit then does (compared row by row through the
// independent connection); loading children takes a bounded number of queries (no N+1).

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

using namespace shelftest;

namespace {

using RowsById = QMap<QString, QMap<qint64, QStringList>>;

/// What the rows must be after committing the delete, according to the preview.
RowsById applyPreview(RowsById rows, const orm::DeletePreview &preview) {
    for (const orm::DeletePreview::Nulled &nulled : preview.nulled) {
        QStringList &row = rows[nulled.record->table().name()][idOf(nulled.record)];
        if (nulled.column >= 0 && nulled.column < row.size())
            row[nulled.column] = QStringLiteral("NULL");
    }
    for (const orm::DeletePreview::Deleted &deleted : preview.deleted)
        if (!deleted.record->id().isNull()) // a pending record is discarded, it has no row
            rows[deleted.record->table().name()].remove(idOf(deleted.record));
    return rows;
}

QString describe(const orm::DeletePreview &preview) {
    QStringList lines;
    for (const auto &deleted : preview.deleted)
        lines.append(QStringLiteral("deleted %1 (depth %2): %3 — %4")
                         .arg(deleted.record->displayName())
                         .arg(deleted.depth)
                         .arg(deleted.path, deleted.reason));
    for (const auto &nulled : preview.nulled)
        lines.append(QStringLiteral("nulled %1 column %2: %3")
                         .arg(nulled.record->displayName())
                         .arg(nulled.column)
                         .arg(nulled.reason));
    for (const auto &blocker : preview.blockers)
        lines.append(QStringLiteral("blocker %1 blocks %2: %3")
                         .arg(blocker.record ? blocker.record->displayName()
                                             : QStringLiteral("%1 rows").arg(blocker.rows),
                              blocker.blocked ? blocker.blocked->displayName() : QString(),
                              blocker.reason));
    for (const auto &effect : preview.databaseEffects)
        lines.append(QStringLiteral("database: %1 rows of %2: %3")
                         .arg(effect.rows)
                         .arg(effect.table, effect.reason));
    if (!preview.error.isEmpty())
        lines.append(QStringLiteral("error: ") + preview.error);
    return lines.join(QLatin1Char('\n'));
}

const orm::DeletePreview::Deleted *findDeleted(const orm::DeletePreview &preview,
                                               const RecordPtr &record) {
    for (const auto &deleted : preview.deleted)
        if (deleted.record == record)
            return &deleted;
    return nullptr;
}

/// A database with `authors` authors, each with `books` books with two reviews each (by one user).
/// Returns the ids of the authors.
QList<qint64> commitManyBooks(LibraryFixture &f, int authors, int books) {
    QList<qint64> ids;
    auto reader = User::create(QStringLiteral("Reader"));
    f.session->add(reader);
    QList<std::shared_ptr<Author>> created;
    for (int a = 0; a < authors; ++a) {
        QList<std::shared_ptr<Book>> list;
        for (int b = 0; b < books; ++b) {
            auto book = Book::create(QStringLiteral("Book %1-%2").arg(a).arg(b));
            Review::create(book, reader, 1 + b % 5);
            Review::create(book, reader, 1 + (b + 1) % 5);
            list.append(book);
        }
        created.append(Author::create(QStringLiteral("Author %1").arg(a), list));
        f.session->add(created.last());
    }
    if (!f.session->commit())
        return {};
    for (const auto &author : created)
        ids.append(idOf(author));
    return ids;
}

int selectCount(const StatementRecorder &recorder) {
    return int(recorder.withVerb(QStringLiteral("SELECT")).size());
}

/// Commits parent 'doomed' with `children` children and parent 'kept' with one child, written by
/// a session of their own. Returns the id of 'doomed' (invalid on failure).
QVariant commitParentsWithChildren(TestDatabase &db, const orm::Metadata &metadata, int children) {
    orm::Session session(db.connection(), metadata);
    if (!session.createAll())
        return {};
    const orm::Table &parentTable = *metadata.table(QStringLiteral("parents"));
    const orm::Table &childTable = *metadata.table(QStringLiteral("children"));
    RecordPtr doomed = parentTable.createRecord();
    RecordPtr kept = parentTable.createRecord();
    if (!doomed->setValue(QStringLiteral("name"), QStringLiteral("doomed")) ||
        !kept->setValue(QStringLiteral("name"), QStringLiteral("kept")))
        return {};
    session.addAll({doomed, kept});
    if (!session.commit())
        return {};
    // The key is set as a value: the same for every link, including none.
    for (int i = 0; i <= children; ++i) {
        RecordPtr child = childTable.createRecord();
        const RecordPtr &parent = i < children ? doomed : kept;
        if (!child->setValue(QStringLiteral("name"), QStringLiteral("child %1").arg(i)) ||
            !child->setValue(QStringLiteral("parent_id"), parent->id()))
            return {};
        session.add(child);
    }
    if (!session.commit())
        return {};
    return doomed->id();
}

/// Both tables through the independent connection: table → id → "name|parent_id".
QMap<QString, QMap<qint64, QString>> parentChildRows(TestDatabase &db) {
    QMap<QString, QMap<qint64, QString>> result;
    for (const QVariantList &row : db.rows(QStringLiteral("SELECT id, name FROM parents")))
        result[QStringLiteral("parents")].insert(row.at(0).toLongLong(), row.at(1).toString());
    for (const QVariantList &row :
         db.rows(QStringLiteral("SELECT id, name, parent_id FROM children")))
        result[QStringLiteral("children")].insert(
            row.at(0).toLongLong(), row.at(1).toString() + QLatin1Char('|') + render(row.at(2)));
    return result;
}

/// `authors` authors with ids 1·spacing, 2·spacing, …, each with 2 books, each with 1 review by
/// one user: written by set-based INSERTs on the independent connection (seconds, not minutes,
/// on PostgreSQL). Nothing inserts into these tables afterwards, so explicit keys are safe.
bool seedAuthorsBooksReviews(TestDatabase &db, int authors, int spacing) {
    const QString numbers = QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) ");
    return db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'Reader')")) &&
           db.exec(numbers.arg(authors) +
                   QStringLiteral("INSERT INTO authors (id, name) SELECT i * %1, 'Author ' || i "
                                  "FROM n")
                       .arg(spacing)) &&
           db.exec(numbers.arg(2 * authors) +
                   QStringLiteral("INSERT INTO books (id, title, author_id) SELECT i, 'Book ' || "
                                  "i, ((i + 1) / 2) * %1 FROM n")
                       .arg(spacing)) &&
           db.exec(numbers.arg(2 * authors) +
                   QStringLiteral("INSERT INTO reviews (id, book_id, user_id, rating) SELECT i, "
                                  "i, 1, 1 + i % 5 FROM n"));
}

QList<qint64> idsOf(const RecordList &records) {
    QList<qint64> ids;
    for (const RecordPtr &record : records)
        ids << record->id().toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

class TestDeletePlanner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldListAuthorBooksAndReviewsTransitively();
    void shouldListBorrowedBooksAsSetToNull();
    void shouldListReviewsAsBlockersOfTheirUser();
    void shouldStageNothing();
    void shouldPreviewExactlyWhatCommitDoes_data();
    void shouldPreviewExactlyWhatCommitDoes();
    void shouldPreviewBlockedDeleteThatCommitRefuses();
    void shouldFollowStagedMovesIntoUnloadedCollections();
    void shouldTagDatabaseEffectsOfPassiveDeletes();
    void shouldTagDatabaseSetNullOfPassiveDeletes();
    void shouldListDatabaseRestrictAsBlocker_data();
    void shouldListDatabaseRestrictAsBlocker();
    void shouldCountChildrenStagedToReferToTheDeletedParent_data();
    void shouldCountChildrenStagedToReferToTheDeletedParent();
    void shouldLoadChildrenOfOneAuthorInBoundedQueries();
    void shouldLoadChildrenOfManyAuthorsInBoundedQueries();
    void shouldLoadCollectionsOfManyParentsAtOnce();
    void shouldReadTheChildTableInOrderForMostOfItsParents_data();
    void shouldReadTheChildTableInOrderForMostOfItsParents();
    void shouldLoadBooksOf1000DeletedAuthorsInBoundedQueries();
    void shouldCountALargeCascadeInsteadOfLoadingIt();
    void shouldLoadACascadeItCannotCountExactly();
};

void TestDeletePlanner::shouldListAuthorBooksAndReviewsTransitively() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When deleting Michael Crichton is previewed
    const orm::DeletePreview preview = f.session->previewDelete(lib.crichton);
    const QString text = describe(preview);

    // Then he, his two books and their two reviews are deleted, root first, breadth first
    QVERIFY2(preview.error.isEmpty(), qPrintable(text));
    QVERIFY(preview.root == lib.crichton);
    QCOMPARE(preview.deleted.size(), 5);
    QVERIFY(preview.deleted.first().record == lib.crichton);
    QCOMPARE(preview.deleted.first().depth, 0);
    for (int i = 1; i < preview.deleted.size(); ++i)
        QVERIFY2(preview.deleted.at(i - 1).depth <= preview.deleted.at(i).depth, qPrintable(text));
    QCOMPARE(preview.deletedCount(QStringLiteral("authors")), 1);
    QCOMPARE(preview.deletedCount(QStringLiteral("books")), 2);
    QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), 2);
    QCOMPARE(preview.deletedCount(QStringLiteral("users")), 0);
    QVERIFY(preview.nulled.isEmpty());
    QVERIFY(!preview.isBlocked());
    QVERIFY(preview.databaseEffects.isEmpty());

    // And every effect says why, and through which path
    const auto *book = findDeleted(preview, lib.jurassicPark);
    QVERIFY2(book, qPrintable(text));
    QCOMPARE(book->depth, 1);
    QCOMPARE(book->reason, library::authorBooks().cascadeSentence());
    QVERIFY2(book->reason.contains(QLatin1String("Author.books")) &&
                 book->reason.contains(QLatin1String("delete-orphan")),
             qPrintable(book->reason));
    QVERIFY2(book->path.contains(QLatin1String("Michael Crichton")) &&
                 book->path.contains(QLatin1String("Jurassic Park")),
             qPrintable(book->path));
    const auto *review = findDeleted(preview, lib.andromedaByAndy);
    QVERIFY2(review, qPrintable(text));
    QCOMPARE(review->depth, 2);
    QCOMPARE(review->reason, library::bookReviews().cascadeSentence());
    QVERIFY2(review->reason.contains(QLatin1String("Book.reviews")), qPrintable(review->reason));
    QVERIFY2(review->path.contains(QLatin1String("Michael Crichton")) &&
                 review->path.contains(QLatin1String("The Andromeda Strain")),
             qPrintable(review->path));
    QVERIFY(findDeleted(preview, lib.andromeda));
    QVERIFY(findDeleted(preview, lib.jurassicParkByBuzz));
}

void TestDeletePlanner::shouldListBorrowedBooksAsSetToNull() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When deleting Cat (borrowed The Andromeda Strain, no reviews) is previewed
    const orm::DeletePreview preview = f.session->previewDelete(lib.cat);

    // Then only Cat is deleted and the book's borrower is set to NULL, with a reason
    QCOMPARE(preview.deleted.size(), 1);
    QVERIFY(preview.deleted.first().record == lib.cat);
    QCOMPARE(preview.nulled.size(), 1);
    QVERIFY(preview.nulled.first().record == lib.andromeda);
    QCOMPARE(preview.nulled.first().column, Book::BorrowerIdColumn);
    QVERIFY(!preview.nulled.first().reason.isEmpty());
    QVERIFY(!preview.isBlocked());
}

void TestDeletePlanner::shouldListReviewsAsBlockersOfTheirUser() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // When deleting Andy (two reviews, one borrowed book) is previewed
    const orm::DeletePreview preview = f.session->previewDelete(lib.andy);
    const QString text = describe(preview);

    // Then his two reviews block it, each naming Andy and the user_id column
    QVERIFY2(preview.isBlocked(), qPrintable(text));
    QCOMPARE(preview.blockers.size(), 2);
    RecordList blockers;
    for (const auto &blocker : preview.blockers) {
        blockers.append(blocker.record);
        QVERIFY(blocker.blocked == lib.andy);
        QCOMPARE(blocker.column, Review::UserIdColumn);
        QVERIFY(!blocker.reason.isEmpty());
    }
    QVERIFY(blockers.contains(lib.itByAndy));
    QVERIFY(blockers.contains(lib.andromedaByAndy));
    // And his borrowed book would have been returned
    QCOMPARE(preview.nulled.size(), 1);
    QVERIFY(preview.nulled.first().record == lib.it);
}

void TestDeletePlanner::shouldStageNothing() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    const auto before = f.dump();

    // When every kind of delete is previewed
    (void)f.session->previewDelete(lib.crichton);
    (void)f.session->previewDelete(lib.andy);
    (void)f.session->previewDelete(lib.cat);

    // Then nothing is staged, marked or written
    QVERIFY(!f.session->hasChanges());
    QVERIFY(f.session->pendingChanges().isEmpty());
    for (const RecordPtr &record :
         RecordList{lib.crichton, lib.jurassicPark, lib.andromedaByAndy, lib.andy, lib.cat})
        QVERIFY(!record->isMarkedForDelete());
    QVERIFY(lib.andromeda->borrower() == lib.cat);
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
    QCOMPARE(f.dump(), before);
}

void TestDeletePlanner::shouldPreviewExactlyWhatCommitDoes_data() {
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("fresh");
    QTest::addColumn<bool>("stagedEdits");
    for (const bool fresh : {false, true}) {
        const QString suffix = fresh ? QStringLiteral(", nothing loaded") : QString();
        for (const QString &target :
             {QStringLiteral("crichton"), QStringLiteral("king"), QStringLiteral("jurassicPark"),
              QStringLiteral("cat"), QStringLiteral("review")})
            QTest::newRow(qPrintable(target + suffix)) << target << fresh << false;
    }
    QTest::newRow("king after a book moved to him") << QStringLiteral("king") << false << true;
    QTest::newRow("crichton after a book moved away")
        << QStringLiteral("crichton") << false << true;
    QTest::newRow("king with a new book") << QStringLiteral("king+new") << false << true;
    QTest::newRow("cat after she borrowed It") << QStringLiteral("cat") << false << true;
}

void TestDeletePlanner::shouldPreviewExactlyWhatCommitDoes() {
    QFETCH(QString, target);
    QFETCH(bool, fresh);
    QFETCH(bool, stagedEdits);
    SHELF_OPEN_SMALL_LIBRARY(f, lib)

    // Given the session that will delete (the fixture's, or a new one with nothing loaded)
    std::unique_ptr<orm::Session> freshSession;
    orm::Session *session = f.session.get();
    if (fresh) {
        freshSession = f.freshSession();
        session = freshSession.get();
    }
    const QHash<QString, QPair<const orm::Table *, QVariant>> targets = {
        {QStringLiteral("crichton"), {&Author::staticTable(), lib.crichton->id()}},
        {QStringLiteral("king"), {&Author::staticTable(), lib.king->id()}},
        {QStringLiteral("jurassicPark"), {&Book::staticTable(), lib.jurassicPark->id()}},
        {QStringLiteral("cat"), {&User::staticTable(), lib.cat->id()}},
        {QStringLiteral("review"), {&Review::staticTable(), lib.andromedaByAndy->id()}},
    };
    const bool withNewBook = target == QLatin1String("king+new");
    if (withNewBook)
        target = QStringLiteral("king");
    const RecordPtr record = session->get(*targets[target].first, targets[target].second);
    QVERIFY(record);
    // And, for some rows, staged edits that change what the delete reaches
    if (stagedEdits && target == QLatin1String("king") && !withNewBook)
        QVERIFY(lib.andromeda->setAuthor(lib.king));
    if (stagedEdits && target == QLatin1String("crichton"))
        QVERIFY(lib.andromeda->setAuthor(lib.king));
    if (withNewBook)
        QVERIFY(lib.king->books().append(Book::create(QStringLiteral("Carrie"))));
    if (stagedEdits && target == QLatin1String("cat"))
        QVERIFY(lib.it->setBorrower(lib.cat));

    // When the delete is previewed, then staged and committed
    const RowsById before = f.rowsById();
    const orm::DeletePreview preview = session->previewDelete(record);
    QVERIFY2(preview.error.isEmpty() && !preview.isBlocked(), qPrintable(describe(preview)));
    QVERIFY2(session->remove(record), qPrintable(session->lastError().fullText()));
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the rows are exactly what the preview said: its deletes gone, its NULLs set, the rest
    // untouched (besides the staged edits, which are applied to the expected rows here)
    RowsById expected = before;
    if (stagedEdits && (target == QLatin1String("king") || target == QLatin1String("crichton")) &&
        !withNewBook)
        expected[QStringLiteral("books")][idOf(lib.andromeda)][Book::AuthorIdColumn] =
            QString::number(idOf(lib.king));
    if (stagedEdits && target == QLatin1String("cat"))
        expected[QStringLiteral("books")][idOf(lib.it)][Book::BorrowerIdColumn] =
            QString::number(idOf(lib.cat));
    expected = applyPreview(expected, preview);
    const RowsById after = f.rowsById();
    for (auto table = expected.cbegin(); table != expected.cend(); ++table)
        QVERIFY2(after.value(table.key()) == table.value(),
                 qPrintable(QStringLiteral("table %1 differs from the preview:\n%2\nrows: %3")
                                .arg(table.key(), describe(preview),
                                     f.dump().value(table.key()).join(QStringLiteral("; ")))));
    QVERIFY(!preview.deleted.isEmpty());
    QVERIFY(preview.deleted.first().record == record);
}

void TestDeletePlanner::shouldPreviewBlockedDeleteThatCommitRefuses() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a preview that says deleting Buzz is blocked by his review
    const orm::DeletePreview preview = f.session->previewDelete(lib.buzz);
    QVERIFY(preview.isBlocked());
    QCOMPARE(preview.blockers.size(), 1);
    QVERIFY(preview.blockers.first().record == lib.jurassicParkByBuzz);
    const auto before = f.dump();

    // When the delete is attempted anyway
    const bool done = f.session->remove(lib.buzz) && f.session->commit();

    // Then it fails as blocked and the rows are untouched
    QVERIFY(!done);
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Blocked));
    QCOMPARE(f.dump(), before);
}

void TestDeletePlanner::shouldFollowStagedMovesIntoUnloadedCollections() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session that loaded Michael Crichton and The Andromeda Strain (not his books), and
    // moved the book to Stephen King
    auto session = f.freshSession();
    auto crichton = session->get<Author>(lib.crichton->id());
    auto andromeda = session->get<Book>(lib.andromeda->id());
    auto king = session->get<Author>(lib.king->id());
    QVERIFY(crichton && andromeda && king);
    QVERIFY(andromeda->setAuthor(king));

    // When deleting Michael Crichton is previewed
    const RowsById before = f.rowsById();
    const orm::DeletePreview preview = session->previewDelete(crichton);
    const QString text = describe(preview);

    // Then the moved book is not among the deleted (its row still names him, but it is staged away)
    QCOMPARE(preview.deletedCount(QStringLiteral("books")), 1);
    QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), 1);
    for (const auto &deleted : preview.deleted)
        QVERIFY2(deleted.record->id() != lib.andromeda->id() ||
                     deleted.record->table().name() != QLatin1String("books"),
                 qPrintable(text));

    // And committing the delete does exactly that: the book survives under Stephen King
    QVERIFY2(session->remove(crichton), qPrintable(session->lastError().fullText()));
    QVERIFY(!andromeda->isMarkedForDelete());
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));
    RowsById expected = before;
    expected[QStringLiteral("books")][idOf(andromeda)][Book::AuthorIdColumn] =
        QString::number(idOf(king));
    expected = applyPreview(expected, preview);
    QCOMPARE(f.rowsById(), expected);
    QCOMPARE(
        f.cell(QStringLiteral("books"), QStringLiteral("author_id"), andromeda->id()).toLongLong(),
        idOf(king));
}

void TestDeletePlanner::shouldTagDatabaseEffectsOfPassiveDeletes() {
    // Given a parent with three children (ON DELETE CASCADE, passive deletes), committed
    const auto metadata = passiveDeleteMetadata();
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    const orm::Table &parents = *metadata->table(QStringLiteral("parents"));
    QVariant parentId;
    {
        orm::Session session(db.connection(), *metadata);
        QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
        RecordPtr parent = parents.createRecord();
        QVERIFY(parent->setValue(QStringLiteral("name"), QStringLiteral("parent")));
        for (int i = 0; i < 3; ++i) {
            RecordPtr child = metadata->table(QStringLiteral("children"))->createRecord();
            QVERIFY(child->setValue(QStringLiteral("name"), QStringLiteral("child %1").arg(i)));
            QVERIFY(parent->appendChild(
                *metadata->relationship(QStringLiteral("parents"), QStringLiteral("children")),
                child));
        }
        session.add(parent);
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        parentId = parent->id();
    }

    // When a session with nothing loaded previews deleting the parent
    orm::Session session(db.newConnection(), *metadata);
    RecordPtr parent = session.get(parents, parentId);
    QVERIFY(parent);
    const orm::DeletePreview preview = session.previewDelete(parent);
    const QString text = describe(preview);

    // Then the children are not listed as records but as the database's own effect
    QCOMPARE(preview.deleted.size(), 1);
    QCOMPARE(preview.databaseEffects.size(), 1);
    QCOMPARE(preview.databaseEffects.first().table, QStringLiteral("children"));
    QVERIFY2(preview.databaseEffects.first().action == orm::OnDelete::Cascade, qPrintable(text));
    QCOMPARE(preview.databaseEffects.first().rows, 3);
    QVERIFY(!preview.databaseEffects.first().reason.isEmpty());

    // And committing the delete removes exactly that many child rows
    QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM children")).toLongLong(), 0);
}

void TestDeletePlanner::shouldTagDatabaseSetNullOfPassiveDeletes() {
    // Given a parent with three children (nullable key ON DELETE SET NULL, passive deletes) and
    // another parent with one, committed
    const auto metadata = parentChildMetadata(orm::OnDelete::SetNull, ChildLink::OrmNulls);
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    const QVariant parentId = commitParentsWithChildren(db, *metadata, 3);
    QVERIFY(parentId.isValid());

    // When a session with nothing loaded previews deleting the parent
    orm::Session session(db.newConnection(), *metadata);
    RecordPtr parent = session.get(*metadata->table(QStringLiteral("parents")), parentId);
    QVERIFY(parent);
    const orm::DeletePreview preview = session.previewDelete(parent);
    const QString text = describe(preview);

    // Then the children are neither records set to NULL nor blockers, but the database's effect
    QVERIFY2(preview.error.isEmpty() && !preview.isBlocked(), qPrintable(text));
    QCOMPARE(preview.deleted.size(), 1);
    QVERIFY2(preview.nulled.isEmpty(), qPrintable(text));
    QCOMPARE(preview.databaseEffects.size(), 1);
    const orm::DeletePreview::DatabaseEffect &effect = preview.databaseEffects.first();
    QCOMPARE(effect.table, QStringLiteral("children"));
    QVERIFY2(effect.action == orm::OnDelete::SetNull, qPrintable(text));
    QCOMPARE(effect.rows, 3);
    QVERIFY2(
        effect.reason.contains(QLatin1String("sets parent_id to NULL in 3 rows of children")) &&
            effect.reason.contains(QLatin1String("ON DELETE SET NULL")),
        qPrintable(effect.reason));

    // And committing the delete leaves exactly those rows, with NULL, and the rest untouched
    auto expected = parentChildRows(db);
    expected[QStringLiteral("parents")].remove(parentId.toLongLong());
    qint64 setToNull = 0;
    QMap<qint64, QString> &children = expected[QStringLiteral("children")];
    for (auto child = children.begin(); child != children.end(); ++child) {
        QStringList cells = child.value().split(QLatin1Char('|'));
        if (cells.at(1) == render(parentId)) {
            cells[1] = render(QVariant());
            child.value() = cells.join(QLatin1Char('|'));
            ++setToNull;
        }
    }
    QCOMPARE(setToNull, effect.rows);
    QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
    QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
    QCOMPARE(parentChildRows(db), expected);
    QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM children")).toLongLong(), 4);
}

void TestDeletePlanner::shouldListDatabaseRestrictAsBlocker_data() {
    QTest::addColumn<int>("action");
    QTest::addColumn<int>("link");
    QTest::addColumn<bool>("blocked");
    QTest::addColumn<bool>("childrenStaged"); // the children are loaded and removed beforehand
    const auto row = [](const char *name, orm::OnDelete action, ChildLink link, bool blocked,
                        bool childrenStaged = false) {
        QTest::newRow(name) << int(action) << int(link) << blocked << childrenStaged;
    };
    row("passive relationship, RESTRICT", orm::OnDelete::Restrict, ChildLink::Passive, true);
    row("passive relationship, NO ACTION", orm::OnDelete::NoAction, ChildLink::Passive, true);
    row("no relationship, RESTRICT", orm::OnDelete::Restrict, ChildLink::None, true);
    row("no relationship, NO ACTION", orm::OnDelete::NoAction, ChildLink::None, true);
    // The ORM writes the children before it deletes the parent: RESTRICT is satisfied.
    row("ORM deletes the children first, RESTRICT", orm::OnDelete::Restrict, ChildLink::OrmDeletes,
        false);
    row("ORM nulls the children first, RESTRICT", orm::OnDelete::Restrict, ChildLink::OrmNulls,
        false);
    // Children staged for delete on their own go before the parent (child table first): the rows
    // the database counts are not all still there when the parent goes.
    row("passive relationship, RESTRICT, children removed first", orm::OnDelete::Restrict,
        ChildLink::Passive, false, true);
    row("no relationship, NO ACTION, children removed first", orm::OnDelete::NoAction,
        ChildLink::None, false, true);
}

void TestDeletePlanner::shouldListDatabaseRestrictAsBlocker() {
    QFETCH(int, action);
    QFETCH(int, link);
    QFETCH(bool, blocked);
    QFETCH(bool, childrenStaged);
    const orm::OnDelete onDelete = orm::OnDelete(action);
    // Given a parent with three children (and another parent with one), committed
    const auto metadata = parentChildMetadata(onDelete, ChildLink(link));
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    const QVariant parentId = commitParentsWithChildren(db, *metadata, 3);
    QVERIFY(parentId.isValid());
    const auto before = parentChildRows(db);

    // When a session with nothing loaded previews deleting the parent
    orm::Session session(db.newConnection(), *metadata);
    StatementRecorder recorder;
    recorder.attach(session);
    RecordPtr parent = session.get(*metadata->table(QStringLiteral("parents")), parentId);
    QVERIFY(parent);
    RecordList staged;
    if (childrenStaged) {
        orm::Query query;
        query.where = QStringLiteral("parent_id = ?");
        query.binds = {parentId};
        staged = session.query(*metadata->table(QStringLiteral("children")), query);
        QCOMPARE(staged.size(), 3);
        QVERIFY2(session.removeAll(staged), qPrintable(session.lastError().fullText()));
    }
    const orm::DeletePreview preview = session.previewDelete(parent);
    const QString text = describe(preview);
    QVERIFY2(preview.error.isEmpty(), qPrintable(text));
    // (never a database cascade: the database deletes nothing here)
    QVERIFY2(preview.databaseEffects.isEmpty(), qPrintable(text));

    if (!blocked) {
        // Then nothing blocks, the ORM lists the children it writes first, and commit does that
        QVERIFY2(!preview.isBlocked(), qPrintable(text));
        const bool deletes = ChildLink(link) == ChildLink::OrmDeletes;
        const bool nulls = ChildLink(link) == ChildLink::OrmNulls;
        QCOMPARE(preview.deletedCount(QStringLiteral("children")), deletes ? 3 : 0);
        QCOMPARE(preview.nulled.size(), nulls ? 3 : 0);
        QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        auto expected = before;
        expected[QStringLiteral("parents")].remove(parentId.toLongLong());
        for (const auto &entry : preview.deleted)
            expected[entry.record->table().name()].remove(idOf(entry.record));
        for (const RecordPtr &child : std::as_const(staged))
            expected[QStringLiteral("children")].remove(idOf(child));
        for (const auto &entry : preview.nulled)
            expected[QStringLiteral("children")][idOf(entry.record)] =
                entry.record->value(QStringLiteral("name")).toString() + QLatin1Char('|') +
                render(QVariant());
        QCOMPARE(parentChildRows(db), expected);
        return;
    }

    // Then the three rows block the delete: counted (not loaded), with table, column and reason
    QVERIFY2(preview.isBlocked(), qPrintable(text));
    QCOMPARE(preview.deleted.size(), 1);
    QCOMPARE(preview.blockers.size(), 1);
    const orm::DeletePreview::Blocker &blocker = preview.blockers.first();
    QVERIFY(blocker.isDatabaseRows());
    QVERIFY(blocker.blocked == parent);
    QVERIFY(blocker.table == metadata->table(QStringLiteral("children")));
    QCOMPARE(blocker.columnName(), QStringLiteral("parent_id"));
    QCOMPARE(blocker.rows, 3);
    const QString cause = QStringLiteral("(ON DELETE ") + orm::onDeleteName(onDelete);
    QVERIFY2(blocker.reason.startsWith(QLatin1String("3 rows of children still refer to it ")) &&
                 blocker.reason.contains(cause),
             qPrintable(blocker.reason));
    QCOMPARE(session.statementCount(), quint64(recorder.all().size()));
    QVERIFY2(recorder.withVerb(QStringLiteral("SELECT")).size() == 2, qPrintable(recorder.dump()));

    // And the delete, attempted anyway, fails as blocked before any write, naming record and
    // column; nothing is lost
    recorder.clear();
    QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
    QVERIFY(!session.commit());
    const orm::Error &error = session.lastError();
    QCOMPARE(str(error.kind), str(orm::Error::Kind::Blocked));
    QVERIFY(error.record == parent);
    QCOMPARE(error.column, QStringLiteral("parent_id"));
    QVERIFY2(error.message().contains(QLatin1String("doomed")) &&
                 error.message().contains(QLatin1String("3 rows of children")),
             qPrintable(error.message()));
    QVERIFY2(recorder.writes().isEmpty(), qPrintable(recorder.dump()));
    QCOMPARE(parentChildRows(db), before);
    QVERIFY(parent->isMarkedForDelete());
    QCOMPARE(str(session.state(parent)), str(ObjectState::Persistent));
    QVERIFY(session.hasChanges());
}

void TestDeletePlanner::shouldCountChildrenStagedToReferToTheDeletedParent_data() {
    QTest::addColumn<int>("link");
    QTest::addColumn<bool>("newChild"); // else a child of the kept parent is re-pointed
    QTest::newRow("passive relationship, a child re-pointed to it")
        << int(ChildLink::Passive) << false;
    QTest::newRow("passive relationship, a new child of it") << int(ChildLink::Passive) << true;
    QTest::newRow("no relationship, a child re-pointed to it") << int(ChildLink::None) << false;
    QTest::newRow("no relationship, a new child of it") << int(ChildLink::None) << true;
}

void TestDeletePlanner::shouldCountChildrenStagedToReferToTheDeletedParent() {
    QFETCH(int, link);
    QFETCH(bool, newChild);
    // Given a parent whose three children are removed on their own (so the database's rows alone
    // would not block), ON DELETE RESTRICT, and a kept parent with one child
    const auto metadata = parentChildMetadata(orm::OnDelete::Restrict, ChildLink(link));
    const orm::Table &children = *metadata->table(QStringLiteral("children"));
    TestDatabase db;
    QVERIFY2(db.open(), qPrintable(db.errorString()));
    const QVariant parentId = commitParentsWithChildren(db, *metadata, 3);
    QVERIFY(parentId.isValid());
    const auto before = parentChildRows(db);
    orm::Session session(db.newConnection(), *metadata);
    RecordPtr parent = session.get(*metadata->table(QStringLiteral("parents")), parentId);
    QVERIFY(parent);
    const RecordList all = session.query(children);
    RecordList own, other;
    for (const RecordPtr &child : all)
        (child->value(QStringLiteral("parent_id")) == parentId ? own : other).append(child);
    QCOMPARE(own.size(), 3);
    QCOMPARE(other.size(), 1);
    QVERIFY2(session.removeAll(own), qPrintable(session.lastError().fullText()));

    // And one child staged to refer to it: re-pointed from the kept parent, or new
    RecordPtr staged = other.first();
    if (newChild) {
        staged = children.createRecord();
        QVERIFY(staged->setValue(QStringLiteral("name"), QStringLiteral("late")));
        session.add(staged);
    }
    QVERIFY(staged->setValue(QStringLiteral("parent_id"), parentId));

    // When the parent's delete is previewed
    const orm::DeletePreview preview = session.previewDelete(parent);
    const QString text = describe(preview);

    // Then that one row blocks it: the flush writes it before it deletes the parent
    QVERIFY2(preview.isBlocked(), qPrintable(text));
    QCOMPARE(preview.blockers.size(), 1);
    QCOMPARE(preview.blockers.first().rows, 1);
    QVERIFY2(preview.blockers.first().reason.startsWith(QLatin1String("1 row of children")),
             qPrintable(preview.blockers.first().reason));

    // And commit refuses it as blocked before any write, losing nothing
    StatementRecorder recorder;
    recorder.attach(session);
    QVERIFY2(session.remove(parent), qPrintable(session.lastError().fullText()));
    QVERIFY(!session.commit());
    QCOMPARE(str(session.lastError().kind), str(orm::Error::Kind::Blocked));
    QVERIFY(session.lastError().record == parent);
    QVERIFY2(recorder.writes().isEmpty(), qPrintable(recorder.dump()));
    QCOMPARE(parentChildRows(db), before);
    QCOMPARE(staged->value(QStringLiteral("parent_id")), parentId);
}

void TestDeletePlanner::shouldLoadChildrenOfOneAuthorInBoundedQueries() {
    // Given an author with 3 books and one with 40 books (two reviews each), in two databases
    int selects[2] = {0, 0};
    quint64 statements[2] = {0, 0};
    const int books[2] = {3, 40};
    for (int run = 0; run < 2; ++run) {
        SHELF_OPEN_FIXTURE(f)
        const QList<qint64> ids = commitManyBooks(f, 1, books[run]);
        QCOMPARE(ids.size(), 1);

        // When a session with nothing loaded previews, removes and commits the author
        auto session = f.freshSession();
        StatementRecorder recorder;
        recorder.attach(*session);
        auto author = session->get<Author>(ids.first());
        QVERIFY(author);
        const quint64 start = session->statementCount();
        const orm::DeletePreview preview = session->previewDelete(author);
        QCOMPARE(preview.deleted.size(), 1 + 3 * books[run]);
        QVERIFY2(session->remove(author), qPrintable(session->lastError().fullText()));
        QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("books")), 0);
        QCOMPARE(f.count(QStringLiteral("reviews")), 0);
        selects[run] = selectCount(recorder);
        statements[run] = session->statementCount() - start;

        // Then the statements are one per deleted row at most, plus a constant
        const quint64 rows = 1 + 3 * books[run];
        QVERIFY2(statements[run] <= rows + 12,
                 qPrintable(QStringLiteral("%1 statements for %2 rows:\n%3")
                                .arg(statements[run])
                                .arg(rows)
                                .arg(recorder.dump())));
    }
    // And the number of queries does not grow with the number of books (no N+1)
    QCOMPARE(selects[1], selects[0]);
}

void TestDeletePlanner::shouldLoadChildrenOfManyAuthorsInBoundedQueries() {
    // Given 3 authors and 30 authors with 2 books each, in two databases
    int selects[2] = {0, 0};
    const int authors[2] = {3, 30};
    for (int run = 0; run < 2; ++run) {
        SHELF_OPEN_FIXTURE(f)
        const QList<qint64> ids = commitManyBooks(f, authors[run], 2);
        QCOMPARE(ids.size(), authors[run]);

        // When a session that loaded only the authors removes them all and commits
        auto session = f.freshSession();
        StatementRecorder recorder;
        const RecordList loaded = session->query(Author::staticTable());
        QCOMPARE(loaded.size(), authors[run]);
        recorder.attach(*session);
        QVERIFY2(session->removeAll(loaded), qPrintable(session->lastError().fullText()));
        QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));
        QCOMPARE(f.count(QStringLiteral("authors")), 0);
        QCOMPARE(f.count(QStringLiteral("books")), 0);
        QCOMPARE(f.count(QStringLiteral("reviews")), 0);
        selects[run] = selectCount(recorder);
    }
    // Then loading the children of 30 authors took as many queries as for 3
    QCOMPARE(selects[1], selects[0]);
}

void TestDeletePlanner::shouldLoadCollectionsOfManyParentsAtOnce() {
    // Given 40 authors with 2 books each, and a session that loaded only the authors
    SHELF_OPEN_FIXTURE(f)
    QCOMPARE(commitManyBooks(f, 40, 2).size(), 40);
    auto session = f.freshSession();
    const RecordList authors = session->query(Author::staticTable());
    QCOMPARE(authors.size(), 40);
    StatementRecorder recorder;
    recorder.attach(*session);

    // When their books are loaded in one call
    QVERIFY2(session->loadChildren(authors, library::authorBooks()),
             qPrintable(session->lastError().fullText()));

    // Then that took one query (the header allows one per chunk), and reading every collection
    // afterwards takes none
    QVERIFY2(selectCount(recorder) <= 2, qPrintable(recorder.dump()));
    const quint64 before = session->statementCount();
    int books = 0;
    for (const RecordPtr &author : authors) {
        QVERIFY(author->childrenLoaded(library::authorBooks()));
        books += int(author->children(library::authorBooks()).size());
    }
    QCOMPARE(books, 80);
    QCOMPARE(session->statementCount(), before);
}

void TestDeletePlanner::shouldReadTheChildTableInOrderForMostOfItsParents_data() {
    QTest::addColumn<int>("authors");
    QTest::addColumn<int>("held");       // the first authors the session reads
    QTest::addColumn<int>("skipEvery");  // of those, every n-th is left out of the call (0: none)
    QTest::addColumn<bool>("tableScan"); // on SQLite; PostgreSQL plans for itself
    // Nine in ten of 2,600 authors: most of the table, so the books are read in key order and the
    // books of every tenth author skipped as they come; 2,000 of 4,500: the foreign key's index
    QTest::newRow("most authors") << 2600 << 2600 << 10 << true;
    QTest::newRow("fewer than half") << 4500 << 2000 << 0 << false;
}

void TestDeletePlanner::shouldReadTheChildTableInOrderForMostOfItsParents() {
    QFETCH(int, authors);
    QFETCH(int, held);
    QFETCH(int, skipEvery);
    QFETCH(bool, tableScan);
    // Given a library of authors with two books each, and a session holding some of the authors
    SHELF_OPEN_FIXTURE(f)
    QCOMPARE(commitManyBooks(f, authors, 2).size(), authors);
    auto session = f.freshSession();
    orm::Query first;
    first.limit = held;
    const RecordList read = session->query(Author::staticTable(), first);
    QCOMPARE(read.size(), held);
    RecordList parents, skipped;
    for (qsizetype i = 0; i < read.size(); ++i)
        (skipEvery && i % skipEvery == skipEvery - 1 ? skipped : parents).append(read.at(i));
    StatementRecorder recorder;
    recorder.attach(*session);

    // When the books of all but the skipped ones are loaded in one call
    QVERIFY2(session->loadChildren(parents, library::authorBooks()),
             qPrintable(session->lastError().fullText()));

    // Then it read the books once, through the plan expected
    QStringList reads;
    for (const LoggedStatement &statement : recorder.withVerb(QStringLiteral("SELECT")))
        reads << statement.sql;
    QVERIFY2(reads.size() <= 2, qPrintable(reads.join(QLatin1Char('\n'))));
    const bool scanned = reads.last().contains(QLatin1String("+\"author_id\" BETWEEN"));
    QCOMPARE(scanned, tableScan && backend() == Backend::Sqlite);
    // Each author holds exactly their own two books, in key order
    for (const RecordPtr &author : parents) {
        const RecordList books = author->children(library::authorBooks());
        QCOMPARE(books.size(), 2);
        QVERIFY(idOf(books.at(0)) < idOf(books.at(1)));
        for (const RecordPtr &book : books)
            QCOMPARE(book->value(QStringLiteral("author_id")), author->id());
    }
    // And the books of the authors left out did not become records (their rows were in the range
    // read), nor were their collections marked loaded
    for (const RecordPtr &author : skipped)
        QVERIFY(!author->childrenLoaded(library::authorBooks()));
    qint64 inMemory = 0;
    const qint64 books = f.count(QStringLiteral("books"));
    for (qint64 id = 1; id <= books + 10; ++id)
        inMemory += session->findLoaded(Book::staticTable(), id) ? 1 : 0;
    QCOMPARE(inMemory, qint64(2 * parents.size()));
}

void TestDeletePlanner::shouldLoadBooksOf1000DeletedAuthorsInBoundedQueries() {
    // (a) Given 3 authors and 1,000 authors (2 books with a review each), in two databases, and a
    // session that read the authors with one query
    int selects[2] = {0, 0};
    const int authors[2] = {3, 1000};
    for (int run = 0; run < 2; ++run) {
        SHELF_OPEN_FIXTURE(f)
        QVERIFY2(seedAuthorsBooksReviews(f.db, authors[run], 1), qPrintable(f.db.errorString()));
        auto session = f.freshSession();
        StatementRecorder recorder;
        recorder.attach(*session);
        const RecordList loaded = session->query(Author::staticTable());
        QCOMPARE(loaded.size(), authors[run]);

        // When deleting them all is previewed, then each is removed and the whole committed
        const orm::DeletePreview preview = session->previewDelete(loaded);
        QVERIFY2(preview.error.isEmpty() && !preview.isBlocked(), qPrintable(preview.error));
        QCOMPARE(preview.deletedCount(QStringLiteral("authors")), authors[run]);
        QCOMPARE(preview.deletedCount(QStringLiteral("books")), 2 * authors[run]);
        QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), 2 * authors[run]);
        for (const RecordPtr &author : loaded)
            QVERIFY2(session->remove(author), qPrintable(session->lastError().fullText()));
        QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));
        selects[run] = selectCount(recorder);

        // Then every row is gone
        QCOMPARE(f.count(QStringLiteral("authors")), 0);
        QCOMPARE(f.count(QStringLiteral("books")), 0);
        QCOMPARE(f.count(QStringLiteral("reviews")), 0);
        QCOMPARE(f.count(QStringLiteral("users")), 1);
    }
    // And 1,000 authors took no more SELECTs than 3 (a preview counts a cascade level whose
    // parents fit one IN list before it loads it, so 3 authors cost a count per level more)
    QVERIFY2(selects[1] <= selects[0],
             qPrintable(QStringLiteral("%1 SELECTs for 1,000 authors, %2 for 3")
                            .arg(selects[1])
                            .arg(selects[0])));

    // (b) Given 1,000 authors with sparse keys, of which a session got 700 one by one (keys too
    // spread for one key range: the loader's IN lists of ChunkSize = 500 keys)
    constexpr int ChunkSize = 500;
    SHELF_OPEN_FIXTURE(f)
    QVERIFY2(seedAuthorsBooksReviews(f.db, 1000, 10), qPrintable(f.db.errorString()));
    auto session = f.freshSession();
    RecordList picked;
    for (int i = 1; i <= 1000; ++i) {
        if (i % 10 < 7) {
            picked.append(session->get(Author::staticTable(), 10 * i));
            QVERIFY(picked.last());
        }
    }
    QCOMPARE(picked.size(), 700);
    StatementRecorder recorder;
    recorder.attach(*session);

    // When deleting them is previewed, each is removed and the whole committed
    const orm::DeletePreview preview = session->previewDelete(picked);
    QVERIFY2(preview.error.isEmpty() && !preview.isBlocked(), qPrintable(preview.error));
    QCOMPARE(preview.deletedCount(QStringLiteral("books")), 1400);
    QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), 1400);
    for (const RecordPtr &author : std::as_const(picked))
        QVERIFY2(session->remove(author), qPrintable(session->lastError().fullText()));
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the SELECTs are one per chunk of authors plus a constant, not one per author
    const int chunks = (int(picked.size()) + ChunkSize - 1) / ChunkSize;
    QVERIFY2(selectCount(recorder) <= chunks + 2, qPrintable(QStringLiteral("%1 SELECTs:\n%2")
                                                                 .arg(selectCount(recorder))
                                                                 .arg(recorder.dump().left(4000))));
    // And exactly their rows are gone
    QCOMPARE(f.count(QStringLiteral("authors")), 300);
    QCOMPARE(f.count(QStringLiteral("books")), 600);
    QCOMPARE(f.count(QStringLiteral("reviews")), 600);
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM authors WHERE (id / 10) % 10 < 7"))
                 .toLongLong(),
             0);
}

QTEST_GUILESS_MAIN(TestDeletePlanner)
void TestDeletePlanner::shouldCountALargeCascadeInsteadOfLoadingIt() {
    // Given an author with 40 books (a review each) and another with 3, and sessions that list at
    // most 10 rows of a cascade level before they count them
    constexpr int Books = 40;
    SHELF_OPEN_FIXTURE(f)
    QVERIFY2(seedOneLargeAuthor(f.db, Books), qPrintable(f.db.errorString()));
    const orm::Table &books = Book::staticTable();
    const auto openSession = [&f] {
        auto session = f.freshSession();
        session->setDeletePreviewListLimit(10);
        return session;
    };

    // When the delete of the first author is previewed
    auto session = openSession();
    const RecordPtr author = session->get(Author::staticTable(), 1);
    QVERIFY(author);
    StatementRecorder recorder;
    recorder.attach(*session);
    const orm::DeletePreview preview = session->previewDelete(author);
    const QString text = describe(preview);
    QVERIFY2(preview.error.isEmpty() && !preview.isBlocked(), qPrintable(text));

    // Then its books and their reviews are counted, level by level, and not one of them loaded
    QCOMPARE(preview.deleted.size(), qsizetype(1));
    QCOMPARE(preview.counted.size(), qsizetype(2));
    const orm::DeletePreview::Counted &bookRows = preview.counted.at(0);
    const orm::DeletePreview::Counted &reviewRows = preview.counted.at(1);
    QVERIFY(bookRows.table == &books);
    QCOMPARE(bookRows.rows, qint64(Books));
    QCOMPARE(bookRows.depth, 1);
    QCOMPARE(bookRows.reason, library::authorBooks().cascadeSentence());
    QCOMPARE(reviewRows.table->name(), QStringLiteral("reviews"));
    QCOMPARE(reviewRows.rows, qint64(Books));
    QCOMPARE(reviewRows.depth, 2);
    QCOMPARE(reviewRows.path, bookRows.path + QStringLiteral(" → reviews"));
    QCOMPARE(preview.deletedCount(QStringLiteral("books")), Books);
    QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), Books);
    QCOMPARE(preview.deletedRows(), qint64(1 + 2 * Books));
    for (qint64 id = 1; id <= Books + 3; ++id)
        QVERIFY(!session->findLoaded(books, QVariant(id)));
    QVERIFY2(recorder.withVerb(QStringLiteral("SELECT")).size() <= 3, qPrintable(recorder.dump()));

    // And the rows counted are listed on demand, exactly the author's books
    orm::Query listed;
    listed.where = bookRows.condition;
    listed.binds = bookRows.binds;
    QList<qint64> expected;
    for (qint64 id = 1; id <= Books; ++id)
        expected << id;
    QCOMPARE(idsOf(session->query(books, listed)), expected);

    // And committing the delete removes exactly what was counted
    QVERIFY2(session->remove(author), qPrintable(session->lastError().fullText()));
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));
    QCOMPARE(f.count(QStringLiteral("books")), 3);
    QCOMPARE(f.count(QStringLiteral("reviews")), 3);
    QCOMPARE(f.count(QStringLiteral("authors")), 1);
}

void TestDeletePlanner::shouldLoadACascadeItCannotCountExactly() {
    // Given an author with 40 books and another with 3, and sessions that list at most 10 rows of
    // a cascade level before they count them
    constexpr int Books = 40;
    SHELF_OPEN_FIXTURE(f)
    QVERIFY2(seedOneLargeAuthor(f.db, Books), qPrintable(f.db.errorString()));
    const orm::Table &books = Book::staticTable();

    // When one of the author's books is staged to move to the other author, or a new book is
    // staged for the author, and the delete of the author is previewed
    for (const bool move : {true, false}) {
        auto session = f.freshSession();
        session->setDeletePreviewListLimit(10);
        const RecordPtr author = session->get(Author::staticTable(), 1);
        QVERIFY(author);
        if (move) {
            const RecordPtr book = session->get(books, 5);
            QVERIFY(book && book->setValue(QStringLiteral("author_id"), 2));
        } else {
            QVERIFY(author->appendChild(library::authorBooks(),
                                        Book::create(QStringLiteral("Staged"))));
        }
        const orm::DeletePreview preview = session->previewDelete(author);
        QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));

        // Then the books are loaded and listed one by one, as staged: the database's rows are
        // not what commit would delete (their reviews, untouched, may be counted)
        for (const orm::DeletePreview::Counted &entry : preview.counted)
            QVERIFY2(entry.table != &books, move ? "moved" : "new");
        QCOMPARE(preview.deletedCount(QStringLiteral("books")), move ? Books - 1 : Books + 1);
        QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), Books - (move ? 1 : 0));
    }

    // And with a list limit above the number of books, they are listed one by one too
    auto session = f.freshSession();
    session->setDeletePreviewListLimit(Books);
    const orm::DeletePreview preview =
        session->previewDelete(session->get(Author::staticTable(), 1));
    QVERIFY(preview.counted.isEmpty());
    QCOMPARE(preview.deleted.size(), qsizetype(1 + 2 * Books));
}

#include "tst_deleteplanner.moc"
