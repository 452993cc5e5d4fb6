// library::seedLarge (docs/contract.md §3, "Seed large library…"): authors with their books,
// committed in batches; progress (done, total) in authors after every batch, the last one reporting
// completion; a cancel stops after the batch just committed, which stays (seeder.h), with nothing
// left staged.

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QTest>

#include <utility>

using namespace shelftest;

namespace {

using Progress = QList<std::pair<int, int>>;

QString describe(const Progress &progress) {
    QStringList calls;
    for (const auto &[done, total] : progress)
        calls.append(QStringLiteral("%1/%2").arg(done).arg(total));
    return calls.join(QStringLiteral(", "));
}

/// "" when every call reports `total` and `done` never goes back, else what is wrong.
QString monotonicProblem(const Progress &progress, int total) {
    int last = -1;
    for (const auto &[done, reportedTotal] : progress) {
        if (reportedTotal != total)
            return QStringLiteral("total %1, expected %2: %3")
                .arg(reportedTotal)
                .arg(total)
                .arg(describe(progress));
        if (done < last || done < 0 || done > total)
            return QStringLiteral("done goes back or out of range: ") + describe(progress);
        last = done;
    }
    return {};
}

/// Books whose author row is missing (read through the independent connection).
qint64 booksWithoutAuthor(LibraryFixture &f) {
    return f.db
        .scalar(QStringLiteral("SELECT COUNT(*) FROM books b LEFT JOIN authors a ON a.id = "
                               "b.author_id WHERE a.id IS NULL"))
        .toLongLong();
}

} // namespace

class TestSeedLarge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldSeedAuthorsWithTheirBooksAndReportCompletion();
    void shouldReportProgressAfterEveryBatch();
    void shouldKeepCommittedBatchesWhenCancelled();
    void shouldFinishAnAuthorWhoseBooksSpanBatches();
};

void TestSeedLarge::shouldSeedAuthorsWithTheirBooksAndReportCompletion() {
    SHELF_OPEN_FIXTURE(f)
    // When 7 authors with 3 books each are seeded
    Progress progress;
    const bool seeded = library::seedLarge(*f.session, 7, 3, [&](int done, int total) {
        progress.append({done, total});
        return true;
    });

    // Then it succeeded, and progress went up to 7 of 7
    QVERIFY2(seeded, qPrintable(f.session->lastError().fullText()));
    QVERIFY(!progress.isEmpty());
    const QString problem = monotonicProblem(progress, 7);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(progress.last(), std::make_pair(7, 7));
    // And the database holds 7 authors and 21 books, 3 per author, each with its author
    QCOMPARE(f.count(QStringLiteral("authors")), 7);
    QCOMPARE(f.count(QStringLiteral("books")), 21);
    QCOMPARE(booksWithoutAuthor(f), 0);
    QCOMPARE(f.db.rows(QStringLiteral("SELECT a.name, COUNT(b.id) FROM authors a JOIN books b ON "
                                      "b.author_id = a.id GROUP BY a.name HAVING COUNT(b.id) <> 3"))
                 .size(),
             0);
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT a.name FROM books b JOIN authors a ON a.id = "
                                        "b.author_id WHERE b.title = 'Book 7-3'"))
                 .toString(),
             QStringLiteral("Author 7"));
    // And nothing is left staged
    QVERIFY(!f.session->hasChanges());
    QVERIFY(f.session->newRecords(Book::staticTable()).isEmpty());
}

void TestSeedLarge::shouldReportProgressAfterEveryBatch() {
    SHELF_OPEN_FIXTURE(f)
    // When more authors than one batch holds (1,000) are seeded
    Progress progress;
    const bool seeded = library::seedLarge(*f.session, 2001, 1, [&](int done, int total) {
        progress.append({done, total});
        return true;
    });

    // Then progress came after each batch, strictly rising, up to completion
    QVERIFY2(seeded, qPrintable(f.session->lastError().fullText()));
    QCOMPARE(describe(progress), QStringLiteral("1000/2001, 2000/2001, 2001/2001"));
    // And every row is there
    QCOMPARE(f.count(QStringLiteral("authors")), 2001);
    QCOMPARE(f.count(QStringLiteral("books")), 2001);
    QCOMPARE(booksWithoutAuthor(f), 0);
    QVERIFY(!f.session->hasChanges());
}

void TestSeedLarge::shouldKeepCommittedBatchesWhenCancelled() {
    SHELF_OPEN_FIXTURE(f)
    // When a seed of 1,001 authors is cancelled at the first progress report (after the first
    // batch of 1,000 authors)
    Progress progress;
    const bool seeded = library::seedLarge(*f.session, 1001, 1, [&](int done, int total) {
        progress.append({done, total});
        return false;
    });

    // Then it reports that it did not finish, without a database error, and asked only once
    QVERIFY(!seeded);
    QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::None));
    QCOMPARE(describe(progress), QStringLiteral("1000/1001"));
    // And the committed batch stays, whole: 1,000 authors with their books, and not the last one
    QCOMPARE(f.count(QStringLiteral("authors")), 1000);
    QCOMPARE(f.count(QStringLiteral("books")), 1000);
    QCOMPARE(booksWithoutAuthor(f), 0);
    QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM authors WHERE name = 'Author 1001'"))
                 .toLongLong(),
             0);
    // And the session holds nothing staged
    QVERIFY(!f.session->hasChanges());
    QVERIFY(f.session->newRecords(Author::staticTable()).isEmpty());
    QVERIFY(f.session->newRecords(Book::staticTable()).isEmpty());
    QVERIFY(f.session->pendingChanges().isEmpty());
}

void TestSeedLarge::shouldFinishAnAuthorWhoseBooksSpanBatches() {
    SHELF_OPEN_FIXTURE(f)
    // When one author with more books than one batch holds (20,000 rows) is seeded
    Progress progress;
    const bool seeded = library::seedLarge(*f.session, 1, 20001, [&](int done, int total) {
        progress.append({done, total});
        return true;
    });

    // Then progress came mid-author (0 of 1 done) and at completion
    QVERIFY2(seeded, qPrintable(f.session->lastError().fullText()));
    QCOMPARE(describe(progress), QStringLiteral("0/1, 1/1"));
    // And every book, before and after the batch boundary, belongs to the one author
    QCOMPARE(f.count(QStringLiteral("authors")), 1);
    QCOMPARE(f.count(QStringLiteral("books")), 20001);
    QCOMPARE(booksWithoutAuthor(f), 0);
    QCOMPARE(
        f.db.scalar(QStringLiteral("SELECT COUNT(DISTINCT author_id) FROM books")).toLongLong(), 1);
    QVERIFY(!f.session->hasChanges());
}

QTEST_GUILESS_MAIN(TestSeedLarge)
#include "tst_seedlarge.moc"
