// docs/contract.md §2 "Pending changes": the session lists new, modified (per column: committed →
// staged) and deleted records in flush order, with the cascade that causes an effect, and renders
// the SQL commit would run (a dry run that writes nothing).

#include "libraryfixture.h"
#include "orm/flushsql.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTest>

using namespace shelftest;
using orm::PendingChange;

namespace {

const PendingChange *changeOf(const QList<PendingChange> &changes, const RecordPtr &record) {
    for (const PendingChange &change : changes)
        if (change.record == record)
            return &change;
    return nullptr;
}

const PendingChange::ColumnChange *columnOf(const PendingChange &change, int column) {
    for (const PendingChange::ColumnChange &columnChange : change.columns)
        if (columnChange.column == column)
            return &columnChange;
    return nullptr;
}

QString kindName(PendingChange::Kind kind) {
    switch (kind) {
    case PendingChange::Kind::New:
        return QStringLiteral("new");
    case PendingChange::Kind::Modified:
        return QStringLiteral("modified");
    case PendingChange::Kind::Deleted:
        return QStringLiteral("deleted");
    }
    return {};
}

QString describe(const QList<PendingChange> &changes) {
    QStringList lines;
    for (const PendingChange &change : changes) {
        QStringList columns;
        for (const auto &column : change.columns)
            columns.append(QStringLiteral("%1: %2 → %3 (%4)")
                               .arg(column.column)
                               .arg(render(column.before), render(column.after), column.afterText));
        lines.append(QStringLiteral("%1 %2 [%3] %4")
                         .arg(kindName(change.kind), change.record->displayName(),
                              columns.join(QStringLiteral("; ")), change.reason));
    }
    return lines.join(QLatin1Char('\n'));
}

/// "INSERT authors", … of the writes among rendered statements.
/// The statements a commit ran (writes and transaction control), rendered the way previewSql()
/// renders them: values inline.
QStringList ranAsText(const StatementRecorder &recorder) {
    QStringList result;
    for (const LoggedStatement &statement : recorder.all()) {
        const QString verb = statement.verb();
        if (statement.isWrite() || verb == QLatin1String("BEGIN") ||
            verb == QLatin1String("COMMIT"))
            result.append(orm::renderStatement({statement.sql, statement.binds, {}}));
    }
    return result;
}

/// The preview with the placeholders of keys not assigned yet replaced by the keys commit gave.
QStringList withKeys(QStringList preview, const RecordList &inserted) {
    for (QString &statement : preview) {
        for (const RecordPtr &record : inserted)
            statement.replace(QStringLiteral("<new key of %1>").arg(record->displayName()),
                              record->id().toString());
    }
    return preview;
}

QStringList summaries(const QStringList &sql) {
    QStringList result;
    for (const QString &statement : sql) {
        const LoggedStatement logged{statement, {}};
        if (logged.isWrite())
            result.append(logged.summary());
    }
    return result;
}

} // namespace

class TestPendingChanges : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldListNewRecordsWithTheirValues();
    void shouldListOnlyChangedColumnsOfModifiedRecords();
    void shouldListCascadedDeletesWithTheirReasonChildrenFirst();
    void shouldListOrphanAsDeleted();
    void shouldListMoveAsOneChangedColumn();
    void shouldListBorrowerSetToNullWhenUserIsDeleted();
    void shouldListInFlushOrder();
    void shouldListNothingAfterCommitOrRollback();
    void shouldPreviewSqlWithoutWritingAnything();
    void shouldPreviewTheStatementsCommitRuns();
    void shouldPreviewStatementsOfDeleteWithUnloadedChildren();
    void shouldRenderValuesInlineAndEscaped();
};

void TestPendingChanges::shouldListNewRecordsWithTheirValues() {
    SHELF_OPEN_FIXTURE(f)
    // Given a new author with a new book
    auto dune = Book::create(QStringLiteral("Dune"));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"), {dune});
    f.session->add(herbert);

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then both are new, the author first, each with its values
    QCOMPARE(changes.size(), 2);
    QVERIFY2(changes.at(0).record == herbert && changes.at(1).record == dune, qPrintable(text));
    QCOMPARE(kindName(changes.at(0).kind), QStringLiteral("new"));
    QCOMPARE(kindName(changes.at(1).kind), QStringLiteral("new"));
    const auto *name = columnOf(changes.at(0), Author::NameColumn);
    QVERIFY2(name, qPrintable(text));
    QCOMPARE(name->after.toString(), QStringLiteral("Frank Herbert"));
    const auto *title = columnOf(changes.at(1), Book::TitleColumn);
    QVERIFY2(title, qPrintable(text));
    QCOMPARE(title->after.toString(), QStringLiteral("Dune"));
    // And the book's author, which has no key yet, reads as the new author
    const auto *author = columnOf(changes.at(1), Book::AuthorIdColumn);
    QVERIFY2(author, qPrintable(text));
    QVERIFY2(author->afterText.contains(QLatin1String("Frank Herbert")), qPrintable(text));
}

void TestPendingChanges::shouldListOnlyChangedColumnsOfModifiedRecords() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a renamed author and a book lent to someone else
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(lib.it->setBorrower(lib.buzz));

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then each is modified in exactly the column that changed, committed → staged
    QCOMPARE(changes.size(), 2);
    const PendingChange *king = changeOf(changes, lib.king);
    QVERIFY2(king, qPrintable(text));
    QCOMPARE(kindName(king->kind), QStringLiteral("modified"));
    QCOMPARE(king->columns.size(), 1);
    QCOMPARE(king->columns.first().column, Author::NameColumn);
    QCOMPARE(king->columns.first().before.toString(), QStringLiteral("Stephen King"));
    QCOMPARE(king->columns.first().after.toString(), QStringLiteral("Richard Bachman"));
    const PendingChange *it = changeOf(changes, lib.it);
    QVERIFY2(it, qPrintable(text));
    QCOMPARE(it->columns.size(), 1);
    QCOMPARE(it->columns.first().column, Book::BorrowerIdColumn);
    QCOMPARE(it->columns.first().before.toLongLong(), idOf(lib.andy));
    QCOMPARE(it->columns.first().after.toLongLong(), idOf(lib.buzz));
}

void TestPendingChanges::shouldListCascadedDeletesWithTheirReasonChildrenFirst() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Michael Crichton removed
    QVERIFY(f.session->remove(lib.crichton));

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then he, his books and their reviews are deleted, each cascade with its reason
    QCOMPARE(changes.size(), 5);
    for (const PendingChange &change : changes)
        QCOMPARE(kindName(change.kind), QStringLiteral("deleted"));
    QVERIFY2(changeOf(changes, lib.crichton)->reason.isEmpty(), qPrintable(text));
    QCOMPARE(changeOf(changes, lib.jurassicPark)->reason, library::authorBooks().cascadeSentence());
    QCOMPARE(changeOf(changes, lib.andromedaByAndy)->reason,
             library::bookReviews().cascadeSentence());
    // And in flush order: reviews, then books, then the author
    QStringList tables;
    for (const PendingChange &change : changes)
        if (tables.isEmpty() || tables.last() != change.record->table().name())
            tables.append(change.record->table().name());
    QCOMPARE(tables, (QStringList{QStringLiteral("reviews"), QStringLiteral("books"),
                                  QStringLiteral("authors")}));
}

void TestPendingChanges::shouldListOrphanAsDeleted() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given It removed from Stephen King's books
    QVERIFY(lib.king->books().remove(lib.it));

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then It and its review will be deleted, It as an orphan
    const PendingChange *it = changeOf(changes, lib.it);
    QVERIFY2(it, qPrintable(text));
    QCOMPARE(kindName(it->kind), QStringLiteral("deleted"));
    QVERIFY2(it->reason.contains(QLatin1String("delete-orphan")), qPrintable(text));
    const PendingChange *review = changeOf(changes, lib.itByAndy);
    QVERIFY2(review && review->kind == PendingChange::Kind::Deleted, qPrintable(text));
    QVERIFY2(!changeOf(changes, lib.king), qPrintable(text));
}

void TestPendingChanges::shouldListMoveAsOneChangedColumn() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given The Andromeda Strain moved to Stephen King
    QVERIFY(lib.crichton->books().remove(lib.andromeda));
    QVERIFY(lib.king->books().append(lib.andromeda));

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then there is one change: author_id, from Michael Crichton to Stephen King
    QCOMPARE(changes.size(), 1);
    QVERIFY2(changes.first().record == lib.andromeda, qPrintable(text));
    QCOMPARE(kindName(changes.first().kind), QStringLiteral("modified"));
    QCOMPARE(changes.first().columns.size(), 1);
    QCOMPARE(changes.first().columns.first().column, Book::AuthorIdColumn);
    QCOMPARE(changes.first().columns.first().before.toLongLong(), idOf(lib.crichton));
    QCOMPARE(changes.first().columns.first().after.toLongLong(), idOf(lib.king));
}

void TestPendingChanges::shouldListBorrowerSetToNullWhenUserIsDeleted() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given Cat removed (she borrowed The Andromeda Strain)
    QVERIFY(f.session->remove(lib.cat));

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then Cat is deleted and the book's borrower will be set to NULL, with the reason
    QCOMPARE(changes.size(), 2);
    const PendingChange *cat = changeOf(changes, lib.cat);
    QVERIFY2(cat && cat->kind == PendingChange::Kind::Deleted, qPrintable(text));
    const PendingChange *book = changeOf(changes, lib.andromeda);
    QVERIFY2(book && book->kind == PendingChange::Kind::Modified, qPrintable(text));
    const auto *borrower = columnOf(*book, Book::BorrowerIdColumn);
    QVERIFY2(borrower, qPrintable(text));
    QCOMPARE(borrower->before.toLongLong(), idOf(lib.cat));
    QVERIFY(borrower->after.isNull());
    QVERIFY2(!book->reason.isEmpty(), qPrintable(text));
}

void TestPendingChanges::shouldListInFlushOrder() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a delete staged first, then an update, then an insert
    QVERIFY(f.session->remove(lib.itByAndy));
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    auto herbert = Author::create(QStringLiteral("Frank Herbert"));
    f.session->add(herbert);

    // When the pending changes are listed
    const QList<PendingChange> changes = f.session->pendingChanges();
    const QString text = describe(changes);

    // Then saves come before deletes, as commit will run them
    QCOMPARE(changes.size(), 3);
    QVERIFY2(changes.last().record == lib.itByAndy, qPrintable(text));
    QCOMPARE(kindName(changes.last().kind), QStringLiteral("deleted"));
}

void TestPendingChanges::shouldListNothingAfterCommitOrRollback() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given staged changes, committed
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    f.session->add(Author::create(QStringLiteral("Frank Herbert")));
    QVERIFY(!f.session->pendingChanges().isEmpty());
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then nothing is pending
    QVERIFY(f.session->pendingChanges().isEmpty());
    QVERIFY(f.session->previewSql().isEmpty());

    // And after staged changes are rolled back, nothing is pending either
    QVERIFY(f.session->remove(lib.crichton));
    QVERIFY(lib.it->setTitle(QStringLiteral("It (1986)")));
    f.session->rollback();
    QVERIFY(f.session->pendingChanges().isEmpty());
    QVERIFY(f.session->previewSql().isEmpty());
}

void TestPendingChanges::shouldPreviewSqlWithoutWritingAnything() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an insert, an update, and a delete that sets a borrower to NULL
    auto herbert =
        Author::create(QStringLiteral("Frank Herbert"), {Book::create(QStringLiteral("Dune"))});
    f.session->add(herbert);
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(f.session->remove(lib.cat));
    const auto rows = f.dump();
    const QString memory = memoryOf(*f.session, lib.all() << herbert);

    // When the SQL is previewed
    const QStringList sql = f.session->previewSql();

    // Then there is SQL to show, but nothing was written, no key assigned, nothing changed
    QVERIFY(!sql.isEmpty());
    QVERIFY2(f.recorder.writes().isEmpty(), qPrintable(f.recorder.dump()));
    QCOMPARE(f.dump(), rows);
    QVERIFY(herbert->id().isNull());
    const QString difference = firstDifference(memoryOf(*f.session, lib.all() << herbert), memory);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(f.session->hasChanges());
    // And the session holds no transaction open afterwards: another connection can write
    QVERIFY2(f.db.exec(QStringLiteral("INSERT INTO users (name) VALUES ('Dora')")),
             qPrintable(f.db.errorString()));
}

void TestPendingChanges::shouldPreviewTheStatementsCommitRuns() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given work of every kind: insert parent and child, update, move, orphan, cascade, nulling
    auto herbert =
        Author::create(QStringLiteral("Frank Herbert"), {Book::create(QStringLiteral("Dune"))});
    f.session->add(herbert);
    QVERIFY(lib.king->setName(QStringLiteral("Richard Bachman")));
    QVERIFY(lib.andromeda->setAuthor(lib.king));
    QVERIFY(lib.jurassicPark->reviews().remove(lib.jurassicParkByBuzz));
    QVERIFY(f.session->remove(lib.cat));
    QVERIFY(f.session->remove(lib.it));

    // When the SQL is previewed and then committed
    const QStringList preview = f.session->previewSql();
    f.recorder.clear();
    QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

    // Then the preview listed the very statements commit ran, in the same order, with the same
    // columns and values (new keys aside, which it could only name)
    QVERIFY(!f.recorder.writes().isEmpty());
    QCOMPARE(summaries(preview), f.recorder.writeSummary());
    QCOMPARE(withKeys(preview, {herbert}), ranAsText(f.recorder));
}

void TestPendingChanges::shouldPreviewStatementsOfDeleteWithUnloadedChildren() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given a session that loaded only Michael Crichton and Cat, and removed both
    auto session = f.freshSession();
    auto crichton = session->get<Author>(lib.crichton->id());
    auto cat = session->get<User>(lib.cat->id());
    QVERIFY(session->remove(crichton));
    QVERIFY(session->remove(cat));
    const auto rows = f.dump();

    // When the SQL is previewed, then committed
    const QStringList preview = session->previewSql();
    QCOMPARE(f.dump(), rows);
    StatementRecorder recorder;
    recorder.attach(*session);
    QVERIFY2(session->commit(), qPrintable(session->lastError().fullText()));

    // Then the preview listed the very statements commit ran: the reviews, books, user, author
    QCOMPARE(summaries(preview), recorder.writeSummary());
    QCOMPARE(preview, ranAsText(recorder));
    QCOMPARE(f.count(QStringLiteral("books")), 1);
    QCOMPARE(f.count(QStringLiteral("users")), 2);
}

void TestPendingChanges::shouldRenderValuesInlineAndEscaped() {
    SHELF_OPEN_SMALL_LIBRARY(f, lib)
    // Given an author whose name needs quoting, and a rating change
    f.session->add(Author::create(QStringLiteral("Flannery O'Connor")));
    QVERIFY(lib.itByAndy->setRating(2));

    // When the SQL is previewed
    const QString sql = f.session->previewSql().join(QLatin1Char('\n'));

    // Then values appear inline, quoted as SQL literals, with no placeholders left
    QVERIFY2(sql.contains(QLatin1String("'Flannery O''Connor'")), qPrintable(sql));
    QVERIFY2(!sql.contains(QLatin1Char('?')), qPrintable(sql));
    QVERIFY2(sql.contains(QLatin1String("2")), qPrintable(sql));
}

QTEST_GUILESS_MAIN(TestPendingChanges)
#include "tst_pendingchanges.moc"
