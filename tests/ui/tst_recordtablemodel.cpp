// RecordTableModel over a real session on a fresh SQLite file: staged state in the roles,
// foreign keys as names, sorting/filtering in SQL that keeps staged edits, paging, relation mode.
// Every model runs under QAbstractItemModelTester.

#include "testdatabase.h"
#include "ui/edithistory.h"
#include "ui/recordtablemodel.h"

#include "library/library.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>
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

    void shouldLoadLargeTablesPageByPage() {
        // Given 60 authors with one book each
        QVERIFY(m_session->dropAll());
        QVERIFY(m_session->createAll());
        QVERIFY(seedLarge(*m_session, 60, 1));
        // (QAbstractItemModelTester calls fetchMore() itself: it joins once paging is checked)
        auto model = std::make_unique<RecordTableModel>(m_session.get(), authorsTable());
        model->setPageSize(25);
        model->reload();
        // Then only the first page is read
        QCOMPARE(model->rowCount(), 25);
        QVERIFY(model->canFetchMore({}));
        model->fetchMore({});
        QCOMPARE(model->rowCount(), 50);
        model->fetchMore({});
        QCOMPARE(model->rowCount(), 60);
        QVERIFY(!model->canFetchMore({}));
        // Sorting in SQL starts again from the first page
        model->sort(Author::NameColumn, Qt::DescendingOrder);
        QCOMPARE(model->rowCount(), 25);
        QCOMPARE(model->index(0, Author::NameColumn).data().toString(), QStringLiteral("Author 9"));
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 60);
    }

    void shouldFollowAParentsCollectionInRelationMode() {
        auto crichton =
            byName<Author>(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        RecordTableModel model(m_session.get(), booksTable());
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
