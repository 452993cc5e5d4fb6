// RecordTableModel over a real session on a fresh SQLite file: staged state in the roles,
// foreign keys as names, sorting/filtering in SQL that keeps staged edits, paging, and
// RelatedRecordsModel following a collection. Every model runs under QAbstractItemModelTester.

#include "testdatabase.h"
#include "ui/edithistory.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordsmodel.h"

#include "library/library.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>
#include <algorithm>
#include <memory>

using namespace library;
using ui::RecordTableModel;

class tst_RecordTableModel : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_db;
    std::unique_ptr<orm::Session> m_session;

    std::unique_ptr<RecordTableModel> makeModel(const orm::Table &table) {
        auto model = std::make_unique<RecordTableModel>(m_session.get(), table);
        new QAbstractItemModelTester(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, model.get());
        model->reload();
        return model;
    }
    int rowWithText(const RecordTableModel &model, int column, const QString &text) {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, column).data().toString() == text)
                return row;
        }
        return -1;
    }
    template <class T>
    std::shared_ptr<T> byName(const orm::Table &table, int column, const QString &name) {
        orm::Query query;
        query.where = table.column(column).name + QStringLiteral(" = ?");
        query.binds << name;
        const orm::RecordList found = m_session->query(table, query);
        return found.isEmpty() ? nullptr : std::static_pointer_cast<T>(found.first());
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<shelftest::TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        m_session = std::make_unique<orm::Session>(m_db->connectionName(), metadata());
        QVERIFY(resetAndSeed(*m_session));
    }
    void cleanup() {
        m_session.reset();
        m_db.reset();
    }

    void shouldFollowManyStagedRowsAtOnceNotRowByRow() {
        // Given the users model
        auto model = makeModel(usersTable());
        const int before = model->rowCount();
        QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy laidOut(model.get(), &QAbstractItemModel::layoutChanged);

        // When an import stages as many users as the session announces as many changes
        const int many = int(orm::Session::ManyRecords);
        orm::RecordList users;
        for (int i = 0; i < many; ++i)
            users << User::create(QStringLiteral("Reader %1").arg(i));
        m_session->addAll(users);

        // Then the model lists them all, told once rather than row by row (a view that inserted
        // 100,000 rows one by one took minutes)
        QCOMPARE(model->rowCount(), before + many);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(laidOut.count(), 1);
        QCOMPARE(model->record(0), users.first());
        QCOMPARE(model->record(many - 1), users.last());

        // When they are rolled back (an import undone): gone at once too
        m_session->rollback();
        QCOMPARE(model->rowCount(), before);
        QCOMPARE(removed.count(), 0);

        // And a single new user is still inserted as one row
        m_session->add(User::create(QStringLiteral("Solo")));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model->rowCount(), before + 1);
    }

    void shouldListRowsWithForeignKeysAsNames() {
        // Given the seeded books
        auto model = makeModel(booksTable());
        // Then every book is a row and the author column shows the author's name, not an id
        QCOMPARE(model->rowCount(), 3);
        const int row = rowWithText(*model, Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, Book::AuthorIdColumn).data().toString(),
                 QStringLiteral("Stephen King"));
        QCOMPARE(model->index(row, Book::BorrowerIdColumn).data().toString(),
                 QStringLiteral("Andy"));
        QVERIFY(model->index(row, Book::AuthorIdColumn).data(Qt::EditRole).toLongLong() > 0);
        QCOMPARE(model->headerData(Book::AuthorIdColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Author"));
    }

    void shouldTintAStagedEditAndShowTheCommittedValue() {
        // Given the authors
        auto model = makeModel(authorsTable());
        const int row = rowWithText(*model, Author::NameColumn, QStringLiteral("Stephen King"));
        const QModelIndex name = model->index(row, Author::NameColumn);
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);

        // When a name is edited through the model
        QVERIFY(model->setData(name, QStringLiteral("Richard Bachman")));

        // Then the cell holds the staged value, is tinted, and the tooltip names the old value
        QCOMPARE(name.data().toString(), QStringLiteral("Richard Bachman"));
        QVERIFY(name.data(RecordTableModel::ModifiedRole).toBool());
        QVERIFY(name.data(Qt::BackgroundRole).isValid());
        QVERIFY(name.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Stephen King")));
        QVERIFY(!changed.isEmpty());
        QVERIFY(m_session->hasChanges());
        // And nothing reached the database
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = ?"),
                              {QStringLiteral("Stephen King")})
                     .toInt(),
                 1);

        // When committed
        QVERIFY(m_session->commit());
        // Then the database has it and the tint is gone
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = ?"),
                              {QStringLiteral("Richard Bachman")})
                     .toInt(),
                 1);
        QVERIFY(!name.data(RecordTableModel::ModifiedRole).toBool());
    }

    void shouldRefuseInputTheColumnCannotTake() {
        auto model = makeModel(reviewsTable());
        QSignalSpy refused(model.get(), &RecordTableModel::editRefused);
        const QModelIndex rating = model->index(0, Review::RatingColumn);
        const QVariant before = rating.data(Qt::EditRole);
        // A letter, a rating out of range and an empty required field are refused with a reason
        QVERIFY(!model->setData(rating, QStringLiteral("five")));
        QVERIFY(!model->setData(rating, 9));
        QVERIFY(!model->setData(model->index(0, Review::BookIdColumn), QString()));
        QCOMPARE(refused.count(), 3);
        QVERIFY(refused.at(1).at(0).toString().contains(QStringLiteral("between 1 and 5")));
        QCOMPARE(rating.data(Qt::EditRole), before);
        QVERIFY(!m_session->hasChanges());
        // The primary key is not editable
        QVERIFY(!(model->flags(model->index(0, Review::IdColumn)) & Qt::ItemIsEditable));
    }

    void shouldRepointAForeignKeyByRecordOrId() {
        auto model = makeModel(booksTable());
        const int row = rowWithText(*model, Book::TitleColumn, QStringLiteral("It"));
        const QModelIndex author = model->index(row, Book::AuthorIdColumn);
        auto crichton =
            byName<Author>(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        QVERIFY(crichton);
        QVERIFY(model->setData(author, QVariant::fromValue(orm::RecordPtr(crichton))));
        QCOMPARE(author.data().toString(), QStringLiteral("Michael Crichton"));
        QVERIFY(author.data(RecordTableModel::ModifiedRole).toBool());
        QVERIFY(author.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Stephen King")));
        // An id that does not exist is refused
        QVERIFY(!model->setData(author, 999));
        // The required author cannot be cleared
        QVERIFY(!model->setData(author, QVariant::fromValue(orm::RecordPtr())));
        QVERIFY(m_session->commit());
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT a.name FROM books b JOIN authors a ON "
                                             "a.id = b.author_id WHERE b.title = 'It'"))
                     .toString(),
                 QStringLiteral("Michael Crichton"));
    }

    void shouldKeepStagedEditsWhenSortingAndFiltering() {
        auto model = makeModel(booksTable());
        const int row = rowWithText(*model, Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(model->setData(model->index(row, Book::TitleColumn), QStringLiteral("It (2nd)")));

        // When sorted by title descending (in SQL)
        model->sort(Book::TitleColumn, Qt::DescendingOrder);
        // Then the staged title is still there
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(rowWithText(*model, Book::TitleColumn, QStringLiteral("It (2nd)")) >= 0);
        QCOMPARE(model->index(0, Book::TitleColumn).data().toString(),
                 QStringLiteral("The Andromeda Strain"));

        // When filtered by an author's name (matched through the foreign key, in SQL)
        model->setFilter(QStringLiteral("king"));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, Book::TitleColumn).data().toString(), QStringLiteral("It (2nd)"));
        QVERIFY(model->index(0, Book::TitleColumn).data(RecordTableModel::ModifiedRole).toBool());

        // A filter with LIKE wildcards matches them literally
        model->setFilter(QStringLiteral("%"));
        QCOMPARE(model->rowCount(), 0);
        model->setFilter(QString());
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(m_session->hasChanges());
    }

    void shouldStrikeThroughTheCascadeOfADelete() {
        auto authors = makeModel(authorsTable());
        auto books = makeModel(booksTable());
        auto reviews = makeModel(reviewsTable());
        auto crichton =
            byName<Author>(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        QVERIFY(m_session->remove(crichton));

        // The author and both books stay visible, struck through and greyed
        const QModelIndex authorName = authors->indexOf(crichton.get(), Author::NameColumn);
        QVERIFY(authorName.isValid());
        QVERIFY(authorName.data(Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(authors->rowState(authorName.row()), RecordTableModel::RowState::MarkedForDelete);
        int struck = 0;
        for (int row = 0; row < books->rowCount(); ++row) {
            if (books->index(row, Book::TitleColumn).data(Qt::FontRole).value<QFont>().strikeOut())
                ++struck;
        }
        QCOMPARE(struck, 2);
        // And a marked row cannot be edited
        QVERIFY(!(authors->flags(authorName) & Qt::ItemIsEditable));

        // When committed, the rows go
        QVERIFY(m_session->commit());
        QCOMPARE(authors->rowCount(), 1);
        QCOMPARE(books->rowCount(), 1);
        QCOMPARE(reviews->rowCount(), 1);
    }

    void shouldShowAForeignKeyADeleteWillClearAsAStagedEdit() {
        auto books = makeModel(booksTable());
        auto users = makeModel(usersTable());
        // The first 'copy' borrowed The Andromeda Strain and wrote no review
        const int row =
            rowWithText(*books, Book::TitleColumn, QStringLiteral("The Andromeda Strain"));
        const QModelIndex borrower = books->index(row, Book::BorrowerIdColumn);
        const auto copy = borrower.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>();
        QVERIFY(copy);
        QVERIFY(m_session->remove(copy));
        QVERIFY(borrower.data(RecordTableModel::ModifiedRole).toBool());
        QVERIFY(borrower.data(Qt::ToolTipRole).toString().contains(QStringLiteral("cleared")));
        QVERIFY(users->indexOf(copy.get()).data(Qt::FontRole).value<QFont>().strikeOut());
        QVERIFY(m_session->commit());
        QVERIFY(!books->index(row, Book::BorrowerIdColumn)
                     .data(RecordTableModel::ModifiedRole)
                     .toBool());
        QVERIFY(m_db->scalar(QStringLiteral("SELECT borrower_id FROM books WHERE title = ?"),
                             {QStringLiteral("The Andromeda Strain")})
                    .isNull());
    }

    void shouldListNewRecordsFirstAndDropThemOnRollback() {
        auto model = makeModel(authorsTable());
        auto author = Author::create(QStringLiteral("Ursula K. Le Guin"));
        m_session->add(author);
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->record(0), orm::RecordPtr(author));
        QCOMPARE(model->rowState(0), RecordTableModel::RowState::New);
        QCOMPARE(model->headerData(0, Qt::Vertical).toString(), QStringLiteral("new"));
        m_session->rollback();
        QCOMPARE(model->rowCount(), 2);
    }

    void shouldRestoreEditedCellsOnRollback() {
        auto model = makeModel(usersTable());
        const QModelIndex name = model->index(0, User::NameColumn);
        const QString before = name.data().toString();
        QVERIFY(model->setData(name, QStringLiteral("Woody")));
        m_session->rollback();
        QCOMPARE(name.data().toString(), before);
        QVERIFY(!name.data(RecordTableModel::ModifiedRole).toBool());
    }

    // --- Windowed paging over a few thousand rows, with tiny pages ---------------------------

private:
    /// 30 authors × 100 books, an empty session, and a books model with 50-row pages of which
    /// it keeps 4.
    std::unique_ptr<RecordTableModel> makeWindowedBooks() {
        if (!m_session->dropAll() || !m_session->createAll() || !seedLarge(*m_session, 30, 100))
            return nullptr;
        auto model = std::make_unique<RecordTableModel>(m_session.get(), booksTable());
        new QAbstractItemModelTester(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, model.get());
        model->setPageSize(WindowPage);
        model->setPageCacheSize(WindowPages);
        model->reload();
        return model;
    }
    static constexpr int WindowPage = 50;
    static constexpr int WindowPages = 4;
    /// The titles in the database in an order, read with plain SQL.
    QStringList titlesInOrder(const QString &order) {
        QStringList titles;
        for (const QVariantList &row :
             m_db->rows(QStringLiteral("SELECT title FROM books ORDER BY ") + order))
            titles.append(row.at(0).toString());
        return titles;
    }
    /// Books the session holds in memory (its identity map), found by key.
    int booksInMemory() {
        int held = 0;
        for (const QVariantList &row : m_db->rows(QStringLiteral("SELECT id FROM books")))
            held += m_session->findLoaded(booksTable(), row.at(0)) ? 1 : 0;
        return held;
    }
    QString title(const RecordTableModel &model, int row) {
        return model.index(row, Book::TitleColumn).data().toString();
    }

private Q_SLOTS:
    void shouldCountRowsInSqlAndReadOnlyThePagesShown() {
        auto model = makeWindowedBooks();
        QVERIFY(model);
        // Then every row is counted, none read yet
        QCOMPARE(model->rowCount(), 3000);
        QCOMPARE(model->databaseRowCount(), 3000);
        const QStringList titles = titlesInOrder(QStringLiteral("id"));
        QCOMPARE(titles.size(), 3000);
        // (QAbstractItemModelTester looks at the first row: its page at most)
        QVERIFY(model->rowsRead() <= WindowPage);
        // The vertical header sizes itself from the first and last sections: no read for that
        QCOMPARE(model->headerData(2999, Qt::Vertical).toString(), QStringLiteral("3000"));
        QVERIFY(model->rowsRead() <= WindowPage);
        // When the first, the last and a middle row are shown
        QCOMPARE(title(*model, 0), titles.first());
        QCOMPARE(title(*model, 2999), titles.last());
        QCOMPARE(title(*model, 1234), titles.at(1234));
        QCOMPARE(model->index(1234, Book::AuthorIdColumn).data().toString(),
                 QStringLiteral("Author 13"));
        // Then only their three pages were read
        QCOMPARE(model->rowsRead(), 3 * WindowPage);
        QCOMPARE(model->cachedPageCount(), 3);
    }

    void shouldReadNoRowToTellThatAWholeColumnIsSelected() {
        // Given 3,000 books of which only the first page is read
        auto model = makeWindowedBooks();
        QVERIFY(model);
        QCOMPARE(title(*model, 0), titlesInOrder(QStringLiteral("id")).first());
        const qint64 read = model->rowsRead();
        QVERIFY(read <= WindowPage);
        // When the title column is selected whole, as a click on its header does, and asked
        // whether it is (what a header asks for each section it paints)
        QItemSelectionModel selection(model.get());
        selection.select(model->index(0, Book::TitleColumn),
                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Columns);
        QVERIFY(selection.isColumnSelected(Book::TitleColumn));
        QVERIFY(!selection.isColumnSelected(Book::AuthorIdColumn));
        // Then no row was read for it (each row was: 3,000 here, 2,700,000 took 11 s)
        QCOMPARE(model->rowsRead(), read);
        // And a row off screen says, unread, that its title takes an edit; read, the same
        const QModelIndex far = model->index(2500, Book::TitleColumn);
        QVERIFY(model->flags(far) & Qt::ItemIsEditable);
        QCOMPARE(model->rowsRead(), read);
        QCOMPARE(model->loadedFlags(far), model->flags(far));
        QVERIFY(model->rowsRead() > read);
        // And a book marked for delete takes none, once read
        const orm::RecordPtr book = model->record(2500);
        QVERIFY(book);
        QVERIFY(m_session->remove(book));
        QVERIFY(!(model->flags(far) & Qt::ItemIsEditable));
        QVERIFY(!model->setData(far, QStringLiteral("Another title")));
    }

    void shouldSortAForeignKeyColumnByTheNameItShows() {
        // Given the seeded books: Stephen King (the first author, the lower key) and Michael
        // Crichton
        auto model = makeModel(booksTable());
        const auto authors = [&model] {
            QStringList names;
            for (int row = 0; row < model->rowCount(); ++row)
                names << model->index(row, Book::AuthorIdColumn).data().toString();
            return names;
        };
        // When sorted by Author, ascending, then descending
        model->sort(Book::AuthorIdColumn, Qt::AscendingOrder);
        // Then the names shown are in order, not the keys behind them
        QCOMPARE(authors(),
                 (QStringList{QStringLiteral("Michael Crichton"),
                              QStringLiteral("Michael Crichton"), QStringLiteral("Stephen King")}));
        model->sort(Book::AuthorIdColumn, Qt::DescendingOrder);
        QCOMPARE(authors().first(), QStringLiteral("Stephen King"));
    }

    void shouldPageThroughAForeignKeyColumnSortedByName() {
        // Given 3,000 books of 30 authors read 50 rows a page ("Author 10" sorts before "Author 2")
        auto model = makeWindowedBooks();
        QVERIFY(model);
        // When sorted by Author (in SQL) and read to the end, the last pages backwards
        model->sort(Book::AuthorIdColumn, Qt::AscendingOrder);
        QStringList expected;
        for (const QVariantList &row :
             m_db->rows(QStringLiteral("SELECT b.title FROM books b JOIN authors a ON a.id = "
                                       "b.author_id ORDER BY a.name, b.author_id, b.id")))
            expected << row.at(0).toString();
        // Then every row is where the database puts it, middle and end included
        QCOMPARE(title(*model, 0), expected.first());
        QCOMPARE(title(*model, 2999), expected.last());
        QCOMPARE(title(*model, 1234), expected.at(1234));
        QStringList shown;
        for (int row = 0; row < model->rowCount(); ++row)
            shown << title(*model, row);
        QCOMPARE(shown, expected);
    }

    void shouldScrollThroughEverythingWithBoundedMemoryAndNoDeepOffsets() {
        auto model = makeWindowedBooks();
        QVERIFY(model);
        model->sort(Book::TitleColumn, Qt::DescendingOrder);
        const QStringList titles = titlesInOrder(QStringLiteral("title DESC, id DESC"));
        QList<qint64> offsets; // the OFFSET of every query of books
        m_session->setStatementLog([&offsets](const QString &sql, const QVariantList &binds) {
            if (sql.contains(QStringLiteral("FROM \"books\"")) && sql.contains("OFFSET"))
                offsets.append(binds.last().toLongLong());
        });
        // When every row is shown from the top down, then from the bottom up
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(title(*model, row), titles.at(row));
        model->reload(); // forget the pages, start again at the end
        for (int row = model->rowCount() - 1; row >= 0; --row)
            QCOMPARE(title(*model, row), titles.at(row));
        m_session->setStatementLog({});
        // Then every page was read once per pass, each continuing from its neighbour (no query
        // skipped rows it had read before)
        QCOMPARE(offsets.size(), 2 * 3000 / WindowPage);
        QCOMPARE(offsets, QList<qint64>(offsets.size(), 0));
        // And memory stayed bounded: the session holds the rows of the cached pages only
        QVERIFY2(booksInMemory() <= WindowPages * WindowPage,
                 qPrintable(QString::number(booksInMemory())));
        QCOMPARE(model->cachedPageCount(), WindowPages);
    }

    void shouldPinStagedRowsWhosePageWasEvicted() {
        auto model = makeWindowedBooks();
        QVERIFY(model);
        QVERIFY(model->setData(model->index(10, Book::TitleColumn), QStringLiteral("Staged")));
        const orm::Record *edited = model->record(10).get();
        QVERIFY(m_session->remove(model->record(20)));
        const QVariant deletedKey = model->record(20)->id();
        // When the view scrolls far away (every page shown, the first ones evicted)
        for (int row = 0; row < model->rowCount(); row += WindowPage / 2)
            (void)title(*model, row);
        QVERIFY(booksInMemory() <= WindowPages * WindowPage + 2);
        // Then the staged rows stayed in the session, and show as staged when read again
        QCOMPARE(m_session->findLoaded(booksTable(), edited->id()).get(), edited);
        QCOMPARE(title(*model, 10), QStringLiteral("Staged"));
        QVERIFY(model->index(10, Book::TitleColumn).data(RecordTableModel::ModifiedRole).toBool());
        QCOMPARE(model->rowState(20), RecordTableModel::RowState::MarkedForDelete);
        QVERIFY(model->index(20, Book::TitleColumn).data(Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(model->rowCount(), 3000); // marked rows stay until commit
        QVERIFY(m_session->hasChanges());
        // When committed, the model counts again
        QVERIFY(m_session->commit());
        QCOMPARE(model->rowCount(), 2999);
        QCOMPARE(title(*model, 10), QStringLiteral("Staged"));
        QVERIFY(!m_session->findLoaded(booksTable(), deletedKey));
        QCOMPARE(title(*model, 20), titlesInOrder(QStringLiteral("id")).at(20));
    }

    void shouldTellTheVerticalHeaderOfStagedRowsOnAPageReadAgain() {
        auto model = makeWindowedBooks();
        QVERIFY(model);
        // Given a row marked for delete, on a page that scrolling evicts
        QVERIFY(m_session->remove(model->record(20)));
        for (int row = 0; row < model->rowCount(); row += WindowPage / 2)
            (void)title(*model, row);
        QVERIFY(model->cachedPageCount() <= WindowPages);
        // When its page is read again
        QSignalSpy header(model.get(), &QAbstractItemModel::headerDataChanged);
        (void)title(*model, 20);
        // Then the vertical header hears of the page's rows (its row number shows the mark)
        const auto tellsRow = [&header](int row) {
            return std::any_of(header.cbegin(), header.cend(), [row](const QList<QVariant> &args) {
                return args.at(0).value<Qt::Orientation>() == Qt::Vertical &&
                       args.at(1).toInt() <= row && row <= args.at(2).toInt();
            });
        };
        QVERIFY(tellsRow(20));
        // And with nothing staged, a page read tells it nothing
        m_session->rollback();
        header.clear();
        for (int row = 0; row < model->rowCount(); row += WindowPage / 2)
            (void)title(*model, row);
        QCOMPARE(header.count(), 0);
    }

    void shouldKeepTheCurrentRowOnItsRecordWhenACommitMovesIt() {
        auto model = makeWindowedBooks();
        QVERIFY(model);
        // Given a current row deep in the table, sorted by title, and a staged new book
        model->sort(Book::TitleColumn, Qt::DescendingOrder);
        const QPersistentModelIndex current = model->index(2500, Book::TitleColumn);
        const QString title = current.data().toString();
        const QVariant id = model->record(2500)->id();
        auto author = m_session->get<Author>(1);
        QVERIFY(author);
        m_session->add(Book::create(QStringLiteral("Book 0"), author)); // sorts after it
        QCOMPARE(current.row(), 2501);                                  // new rows are listed first
        // And another book, before it in the order, deleted
        const int deleted = 10;
        QVERIFY(m_session->remove(model->record(deleted)));
        // When committed
        QVERIFY(m_session->commit());
        // Then the model counts again, and the persistent index follows its record to where
        // the database now puts it: no new rows above it any more, one row up for the delete
        QCOMPARE(model->rowCount(), 3000);
        QCOMPARE(current.row(), 2499);
        QCOMPARE(model->record(current.row())->id(), id);
        QCOMPARE(current.data().toString(), title);
    }

    void shouldSortAndFilterDeepTablesInSqlKeepingStagedEdits() {
        auto model = makeWindowedBooks();
        QVERIFY(model);
        // Given a staged title deep in the table and a new book
        const QModelIndex deep = model->index(2345, Book::TitleColumn);
        const QString original = deep.data().toString();
        QVERIFY(model->setData(deep, original + QStringLiteral(" (staged)")));
        const orm::Record *edited = model->record(2345).get();
        auto author = m_session->get<Author>(1);
        QVERIFY(author);
        auto fresh = Book::create(QStringLiteral("Book 24-7 new"), author);
        m_session->add(fresh);
        QCOMPARE(model->rowCount(), 3001);
        QCOMPARE(model->record(0), orm::RecordPtr(fresh));

        // When filtered by a title prefix (in SQL for stored rows, in memory for the new one)
        model->setFilter(QStringLiteral("Book 24-"));
        const int matching =
            m_db->scalar(QStringLiteral("SELECT count(*) FROM books WHERE title LIKE 'Book 24-%'"))
                .toInt();
        QCOMPARE(model->rowCount(), 1 + matching);
        QCOMPARE(model->record(0), orm::RecordPtr(fresh));
        // Then the staged row is found in its page (one COUNT locates it) and shows the edit
        const int row = model->ensureLoaded(edited);
        QVERIFY(row > 0);
        QCOMPARE(title(*model, row), original + QStringLiteral(" (staged)"));

        // When sorted by title (in SQL, the stored title decides the place)
        model->setFilter(QString());
        model->sort(Book::TitleColumn, Qt::AscendingOrder);
        const QStringList titles = titlesInOrder(QStringLiteral("title, id"));
        QCOMPARE(model->rowCount(), 3001);
        QCOMPARE(title(*model, 1), titles.first());
        QCOMPARE(title(*model, 3000), titles.last());
        const int sortedRow = model->ensureLoaded(edited);
        QCOMPARE(sortedRow, 1 + int(titles.indexOf(original)));
        QCOMPARE(title(*model, sortedRow), original + QStringLiteral(" (staged)"));
        QVERIFY(m_session->hasChanges());
    }

    void shouldFollowAParentsCollectionInTheRelatedRecordsModel() {
        auto crichton =
            byName<Author>(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        ui::RelatedRecordsModel model(m_session.get(), booksTable());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRelation(crichton, &authorBooks());
        QCOMPARE(model.rowCount(), 2);
        ui::EditHistory history(m_session.get());
        model.setEditHistory(&history);
        // A new book appended to the collection shows up (on the next event loop turn)
        auto sphere = Book::create(QStringLiteral("Sphere"));
        history.addNew(sphere, crichton, &authorBooks());
        QTRY_COMPARE(model.rowCount(), 3);
        // Undo takes it away again
        history.undoStack()->undo();
        QTRY_COMPARE(model.rowCount(), 2);
        QVERIFY(!m_session->hasChanges());
    }
};

QTEST_MAIN(tst_RecordTableModel)
#include "tst_recordtablemodel.moc"
