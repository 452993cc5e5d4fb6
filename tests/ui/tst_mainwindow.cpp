// The real main window, offscreen, on a fresh seeded SQLite file: editing through the editor with
// the keyboard, Commit / Rollback / Undo through the actions, the delete preview and its
// outcomes, a failing commit that keeps every staged edit, and the screenshots of issue 4.

#include "uitesthelpers.h"

#include "app/databaseconnection.h"
#include "ui/deletepreviewdialog.h"
#include "ui/editcontroller.h"
#include "ui/edithistory.h"
#include "ui/foreignkeypicker.h"
#include "ui/largeseeddialog.h"
#include "ui/pendingchangespane.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <functional>

using namespace library;
using ui::RecordTableModel;

class tst_MainWindow : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    /// Makes `record` the active record, as a click in its table would.
    void select(const orm::RecordPtr &record, int column) {
        QVERIFY(window().browser()->revealRecord(record, column));
        view(record->table())->setFocus();
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        QVERIFY(openSeeded());
        for (RecordTableModel *m : window().browser()->models())
            new QAbstractItemModelTester(m, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                         m);
    }
    void cleanup() { closeSeeded(); }

    void shouldEditACellWithTheKeyboardAndCommit() {
        // Given the Books tab with 'It' selected
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int row = rowWithText(m, Book::TitleColumn, QStringLiteral("It"));
        books->setFocus();
        books->setCurrentIndex(m->index(row, Book::TitleColumn));
        QVERIFY(!action("actionCommit")->isEnabled());

        // When the user presses F2, types a new title and Enter
        QTest::keyClick(books, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        QVERIFY(books->isAncestorOf(editor));
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("It: The Novel"));
        QTest::keyClick(editor, Qt::Key_Return);

        // Then the edit is staged (the delegate commits on the next event loop turn): tinted,
        // Commit, Rollback and Undo enabled, database untouched
        const QModelIndex title = m->index(row, Book::TitleColumn);
        QTRY_COMPARE(title.data().toString(), QStringLiteral("It: The Novel"));
        QVERIFY(title.data(RecordTableModel::ModifiedRole).toBool());
        QVERIFY(action("actionCommit")->isEnabled());
        QVERIFY(action("actionRollback")->isEnabled());
        QVERIFY(action("actionUndo")->isEnabled());
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM books WHERE title = 'It'"))
                     .toInt(),
                 1);

        // When committed with Ctrl+S
        QTest::keySequence(&window(), QKeySequence::Save);

        // Then an independent connection sees it, and there is nothing left to commit or undo
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM books WHERE title = ?"),
                             {QStringLiteral("It: The Novel")})
                     .toInt(),
                 1);
        QVERIFY(!action("actionCommit")->isEnabled());
        QVERIFY(!action("actionUndo")->isEnabled());
        QVERIFY(!title.data(RecordTableModel::ModifiedRole).toBool());
    }

    void shouldPickAForeignKeyBySearching() {
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int row = rowWithText(m, Book::TitleColumn, QStringLiteral("It"));
        books->setFocus();
        books->setCurrentIndex(m->index(row, Book::AuthorIdColumn));
        QTest::keyClick(books, Qt::Key_F2);
        auto *picker = qobject_cast<ui::ForeignKeyPicker *>(QApplication::focusWidget());
        QVERIFY(picker);
        QCOMPARE(picker->text(), QStringLiteral("Stephen King"));
        // Typing searches the authors table with a bounded LIKE query
        picker->selectAll();
        QTest::keyClicks(picker, QStringLiteral("cri"));
        QTRY_COMPARE(picker->results().size(), 1);
        QCOMPARE(picker->results().first()->displayText(), QStringLiteral("Michael Crichton"));
        QTest::keyClick(picker, Qt::Key_Return);
        QTRY_COMPARE(m->index(row, Book::AuthorIdColumn).data().toString(),
                     QStringLiteral("Michael Crichton"));
        QVERIFY(m->index(row, Book::AuthorIdColumn).data(RecordTableModel::ModifiedRole).toBool());
    }

    void shouldRollBackAfterAskingAndRestoreEveryView() {
        RecordTableModel *authors = model(authorsTable());
        const QModelIndex name = authors->index(0, Author::NameColumn);
        const QString before = name.data().toString();
        QVERIFY(authors->setData(name, QStringLiteral("Someone Else")));
        auto newUser = User::create(QStringLiteral("Rex"));
        QVERIFY(window().editHistory());
        window().editHistory()->addNew(newUser);
        QCOMPARE(model(usersTable())->rowCount(), 8);

        // When the user cancels the question, nothing changes
        prompter().confirmAnswer = false;
        action("actionRollback")->trigger();
        QCOMPARE(name.data().toString(), QStringLiteral("Someone Else"));

        // When the user confirms, every view shows the committed data again
        prompter().confirmAnswer = true;
        action("actionRollback")->trigger();
        QCOMPARE(prompter().asked.count(QStringLiteral("confirm: Roll back")), 2);
        QCOMPARE(name.data().toString(), before);
        QCOMPARE(model(usersTable())->rowCount(), 7);
        QVERIFY(!action("actionCommit")->isEnabled());
        QVERIFY(!action("actionUndo")->isEnabled());
    }

    void shouldPreviewTheCascadeOfDeletingMichaelCrichton() {
        const orm::RecordPtr crichton =
            record(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        QVERIFY(crichton);
        const orm::DeletePreview preview = session().previewDelete(crichton);
        ui::DeletePreviewDialog dialog(preview, &window());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        using Group = ui::DeletePreviewDialog::Group;
        // The author, both books and the two reviews of those books will be deleted
        QCOMPARE(dialog.groupCount(Group::Deleted), 5);
        QCOMPARE(preview.deletedCount(QStringLiteral("books")), 2);
        QCOMPARE(preview.deletedCount(QStringLiteral("reviews")), 2);
        QTreeWidgetItem *deleted = dialog.groupItem(Group::Deleted);
        QStringList texts;
        const std::function<void(QTreeWidgetItem *)> collect = [&](QTreeWidgetItem *item) {
            for (int i = 0; i < item->childCount(); ++i) {
                texts << item->child(i)->text(0) + QLatin1Char('|') + item->child(i)->text(1);
                collect(item->child(i));
            }
        };
        collect(deleted);
        QCOMPARE(texts.size(), 5);
        // Reviews hang under their books, books under the author
        QCOMPARE(deleted->childCount(), 1);
        QCOMPARE(deleted->child(0)->childCount(), 2);
        const QString all = texts.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("Jurassic Park")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("The Andromeda Strain")), qPrintable(all));
        // "Why" is said as a person would; the cascade rule is the tooltip
        QVERIFY2(!all.contains(QStringLiteral("delete-orphan")), qPrintable(all));
        QTreeWidgetItem *jurassic = deleted->child(0)->child(0);
        QCOMPARE(jurassic->text(1), QStringLiteral("deleted with its author"));
        QVERIFY2(
            jurassic->toolTip(1).contains(QStringLiteral("Author.books is all, delete-orphan")),
            qPrintable(jurassic->toolTip(1)));
        QVERIFY2(all.contains(QStringLiteral("|deleted with its book")), qPrintable(all));
        QCOMPARE(dialog.groupCount(Group::Blockers), 0);
        QVERIFY(dialog.deleteButton());
        QVERIFY(!dialog.showBlockersButton());
        QVERIFY(dialog.summary().contains(QStringLiteral("2 \u00d7 Book")));
        uitest::saveScreenshot(&dialog, QStringLiteral("delete-preview-cascade"));
        // Nothing was staged by the preview
        QVERIFY(!session().hasChanges());
    }

    void shouldSelectTheRowCtrlHomeAndCtrlEndLandOn() {
        // Given the Books tab with the cursor on its last row, selected
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int last = m->rowCount() - 1;
        QVERIFY(last > 0);
        books->setFocus();
        books->setCurrentIndex(m->index(last, Book::TitleColumn));
        QCOMPARE(window().browser()->selectedRecords(), orm::RecordList{m->record(last)});
        // When Ctrl+Home takes the cursor to the first row
        QTest::keyClick(books, Qt::Key_Home, Qt::ControlModifier);
        // Then that row is the one selected, which Delete, Duplicate and Copy act on (the last
        // row stayed selected, and Delete deleted the row the cursor had left)
        QCOMPARE(books->currentIndex().row(), 0);
        QCOMPARE(window().browser()->selectedRecords(), orm::RecordList{m->record(0)});
        // And so does Ctrl+End, and Ctrl+Down
        QTest::keyClick(books, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(window().browser()->selectedRecords(), orm::RecordList{m->record(last)});
        QTest::keyClick(books, Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(books, Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(window().browser()->selectedRecords(),
                 orm::RecordList{m->record(books->currentIndex().row())});
        // And with Shift, the selection extends to where it lands
        QTest::keyClick(books, Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(books, Qt::Key_End, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(window().browser()->selectedRecords().size(), m->rowCount());
    }

    void shouldStageTheDeleteAndUndoItCompletely() {
        const orm::RecordPtr crichton =
            record(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        select(crichton, Author::NameColumn);
        QVERIFY(action("actionDelete")->isEnabled());
        // When Delete is confirmed in the preview
        prompter().deleteAnswer = ui::Prompter::DeleteChoice::Delete;
        action("actionDelete")->trigger();
        QCOMPARE(prompter().lastPreview.deleted.size(), 5);
        // Then the cascade is staged, not committed
        QVERIFY(crichton->isMarkedForDelete());
        QCOMPARE(model(booksTable())->rowCount(), 3);
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM books")).toInt(), 3);
        QTest::qWait(200); // the pending-changes pane and the counter follow after a short pause
        uitest::saveScreenshot(&window(), QStringLiteral("mainwindow-delete-staged"));

        QVERIFY(window().statusBar()->currentMessage().startsWith(QStringLiteral("Marked")));

        // When undone, every record is back as it was, and the status bar says so
        action("actionUndo")->trigger();
        QVERIFY(!crichton->isMarkedForDelete());
        QVERIFY2(
            window().statusBar()->currentMessage().startsWith(QStringLiteral("Undone: Delete")),
            qPrintable(window().statusBar()->currentMessage()));
        QVERIFY(!session().hasChanges());
        for (int row = 0; row < model(booksTable())->rowCount(); ++row)
            QVERIFY(!model(booksTable())->record(row)->isMarkedForDelete());
        // And redo stages it again
        action("actionRedo")->trigger();
        QVERIFY(crichton->isMarkedForDelete());
        QVERIFY2(
            window().statusBar()->currentMessage().startsWith(QStringLiteral("Redone: Delete")),
            qPrintable(window().statusBar()->currentMessage()));
        QVERIFY(session().hasChanges());
        // Commit does what the preview said
        action("actionCommit")->trigger();
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM books")).toInt(), 1);
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM reviews")).toInt(), 1);
        QCOMPARE(model(authorsTable())->rowCount(), 1);
    }

    void shouldBlockDeletingAUserWithReviews() {
        const orm::RecordPtr buzz = record(usersTable(), User::NameColumn, QStringLiteral("Buzz"));
        QVERIFY(buzz);
        const orm::DeletePreview preview = session().previewDelete(buzz);
        QVERIFY(preview.isBlocked());
        ui::DeletePreviewDialog dialog(preview, &window());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        using Group = ui::DeletePreviewDialog::Group;
        QCOMPARE(dialog.groupCount(Group::Blockers), 2);
        QVERIFY(!dialog.deleteButton());
        QVERIFY(dialog.showBlockersButton());
        QVERIFY(dialog.headline().contains(QStringLiteral("cannot be deleted")));
        // Each blocker says what to do in plain words; the rule is its tooltip
        QTreeWidgetItem *why = dialog.groupItem(Group::Blockers)->child(0)->child(0);
        QCOMPARE(why->text(0),
                 QStringLiteral("Still refers to User 'Buzz': delete this review first, or give "
                                "it another user."));
        QVERIFY2(why->toolTip(0).contains(QStringLiteral("User.reviews does not cascade deletes")),
                 qPrintable(why->toolTip(0)));
        uitest::saveScreenshot(&dialog, QStringLiteral("delete-preview-blocked"));

        // "Show blocking records" selects the reviews in the related pane
        select(buzz, User::NameColumn);
        prompter().deleteAnswer = ui::Prompter::DeleteChoice::ShowBlockers;
        action("actionDelete")->trigger();
        QVERIFY(!buzz->isMarkedForDelete());
        QVERIFY(!session().hasChanges());
        ui::RelatedRecordsPane *related = window().browser()->relatedPane();
        QCOMPARE(related->record(), buzz);
        QTableView *reviews = related->viewFor(userReviews());
        QVERIFY(reviews);
        QCOMPARE(related->currentView(), reviews);
        QCOMPARE(reviews->selectionModel()->selectedRows().size(), 2);
    }

    void shouldShowTheBorrowerBeingCleared() {
        // The first 'copy' borrowed The Andromeda Strain
        RecordTableModel *books = model(booksTable());
        const int row =
            rowWithText(books, Book::TitleColumn, QStringLiteral("The Andromeda Strain"));
        const auto copy = books->index(row, Book::BorrowerIdColumn)
                              .data(RecordTableModel::ParentRecordRole)
                              .value<orm::RecordPtr>();
        QVERIFY(copy);
        const orm::DeletePreview preview = session().previewDelete(copy);
        QVERIFY(!preview.isBlocked());
        ui::DeletePreviewDialog dialog(preview);
        QCOMPARE(dialog.groupCount(ui::DeletePreviewDialog::Group::Nulled), 1);
        QCOMPARE(dialog.groupCount(ui::DeletePreviewDialog::Group::Deleted), 1);
        QVERIFY(dialog.groupItem(ui::DeletePreviewDialog::Group::Nulled)
                    ->child(0)
                    ->text(0)
                    .contains(QStringLiteral("The Andromeda Strain")));
        uitest::saveScreenshot(&dialog, QStringLiteral("delete-preview-nulled"));
    }

    void shouldGiveTheKeyboardBackToTheWindowWhenADialogOverItCloses() {
        // Given the window with the keyboard
        QVERIFY(uitest::activate(&window()));
        // When a modal dialog over it takes the keyboard and the user answers it (Escape)
        QMessageBox box(QMessageBox::Question, QStringLiteral("Delete"), QStringLiteral("Sure?"),
                        QMessageBox::Ok | QMessageBox::Cancel, &window());
        bool dialogHadKeyboard = false;
        QTimer::singleShot(0, &box, [&] {
            dialogHadKeyboard = QTest::qWaitForWindowActive(&box);
            QTest::keyClick(&box, Qt::Key_Escape);
        });
        box.exec();
        QVERIFY(dialogHadKeyboard);
        // Then the window has the keyboard again without a click: the next Ctrl+S reaches it
        // (a window manager's job, which Xvfb and kiosk sessions do not have)
        QTRY_COMPARE(QApplication::activeWindow(), &window());
    }

    void shouldKeepEveryStagedEditWhenCommitFails() {
        // Given two staged edits, one of them a rating the database refuses
        RecordTableModel *authors = model(authorsTable());
        const int crichton =
            rowWithText(authors, Author::NameColumn, QStringLiteral("Michael Crichton"));
        QVERIFY(authors->setData(authors->index(crichton, Author::NameColumn),
                                 QStringLiteral("M. Crichton")));
        RecordTableModel *reviews = model(reviewsTable());
        const auto review = std::static_pointer_cast<Review>(reviews->record(0));
        QVERIFY(review->setRating(9)); // behind the model's back, as a script could
        // When Commit runs
        action("actionCommit")->trigger();
        // Then the user is told what and where, in plain words
        QCOMPARE(prompter().errors.size(), 1);
        const QString error = prompter().errors.first();
        // (the column by its label, and the range it must lie in)
        QVERIFY2(error.contains(QStringLiteral("Rating")), qPrintable(error));
        QVERIFY2(error.contains(QRegularExpression(QStringLiteral("\\b1\\b.*\\b5\\b"))),
                 qPrintable(error));
        QVERIFY2(window().statusBar()->currentMessage().contains(QStringLiteral("Rating")),
                 qPrintable(window().statusBar()->currentMessage()));
        // And the offending cell is selected and marked
        QCOMPARE(window().browser()->currentModel(), reviews);
        const QModelIndex rating = reviews->indexOf(review.get(), Review::RatingColumn);
        QCOMPARE(view(reviewsTable())->currentIndex(), rating);
        QVERIFY(rating.data(Qt::ToolTipRole).toString().length() > 0);
        QVERIFY(rating.data(Qt::BackgroundRole).isValid());
        // And every staged edit is still there, nothing in the database
        QCOMPARE(authors->index(crichton, Author::NameColumn).data().toString(),
                 QStringLiteral("M. Crichton"));
        QCOMPARE(review->rating(), 9);
        QVERIFY(session().hasChanges());
        QVERIFY(action("actionCommit")->isEnabled());
        QCOMPARE(
            database()
                .scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = 'M. Crichton'"))
                .toInt(),
            0);
        QTest::qWait(200);
        uitest::saveScreenshot(&window(), QStringLiteral("mainwindow-commit-failed"));

        // When the user fixes the value and commits again, it all goes through
        QVERIFY(reviews->setData(rating, 4));
        action("actionCommit")->trigger();
        QCOMPARE(prompter().errors.size(), 1);
        QCOMPARE(
            database()
                .scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = 'M. Crichton'"))
                .toInt(),
            1);
        QVERIFY(!rating.data(Qt::BackgroundRole).isValid());
    }

    void shouldSayInPlainWordsWhatAnUnknownDatabaseRuleRefused() {
        // Given a rule Shelf knows nothing about: another program's trigger
        QVERIFY(database().exec(
            QStringLiteral("CREATE TRIGGER no_it_returns BEFORE UPDATE OF title ON books "
                           "WHEN NEW.title = 'It Returns' BEGIN "
                           "SELECT RAISE(ABORT, 'titles may not be changed to It Returns'); END")));
        // And a staged edit it refuses
        RecordTableModel *books = model(booksTable());
        const orm::RecordPtr it = record(booksTable(), Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(it);
        QVERIFY(books->setData(books->indexOf(it.get(), Book::TitleColumn),
                               QStringLiteral("It Returns")));
        // When Commit runs
        action("actionCommit")->trigger();
        // Then the message itself, not only its details, gives the database's reason
        QCOMPARE(prompter().errors.size(), 1);
        const QString error = prompter().errors.first();
        QVERIFY2(error.contains(QStringLiteral("titles may not be changed to It Returns")),
                 qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("It Returns")), qPrintable(error));
        // And so does the status bar
        const QString status = window().statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("titles may not be changed to It Returns")),
                 qPrintable(status));
        // And the edit is still staged, nothing written
        QCOMPARE(books->indexOf(it.get(), Book::TitleColumn).data().toString(),
                 QStringLiteral("It Returns"));
        QVERIFY(session().hasChanges());
        QVERIFY(action("actionCommit")->isEnabled());
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM books WHERE title = 'It'"))
                     .toInt(),
                 1);
    }

    void shouldKeepTheSelectedRecordWhenSortingAndForgetItWhenFilteredOut() {
        // Given 'It' selected in the Books table (the first row by id)
        const orm::RecordPtr it = record(booksTable(), Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(it);
        select(it, Book::TitleColumn);
        QTableView *books = view(booksTable());
        QCOMPARE(window().browser()->activeRecord(), it);
        QVERIFY(action("actionDelete")->isEnabled());
        const int rowBefore = books->currentIndex().row();
        // When the user sorts by Title, descending (as a click on the header does)
        books->sortByColumn(Book::TitleColumn, Qt::DescendingOrder);
        // Then 'It' has moved, and is still the current, selected record
        const QModelIndex current = books->currentIndex();
        QVERIFY(current.isValid());
        QVERIFY(current.row() != rowBefore);
        QCOMPARE(model(booksTable())->record(current.row()), it);
        QCOMPARE(current.column(), int(Book::TitleColumn));
        QVERIFY(books->selectionModel()->isSelected(current));
        QCOMPARE(window().browser()->activeRecord(), it);
        QCOMPARE(window().browser()->relatedPane()->record(), it);
        QVERIFY(action("actionDelete")->isEnabled());

        // When a filter still shows it, it stays current
        QLineEdit *filter = window().actions().filter;
        filter->setText(QStringLiteral("It"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(window().browser()->activeRecord(), it);
        QVERIFY(action("actionDelete")->isEnabled());

        // When a filter hides it, the first row shown is current (so the first Down goes to the
        // second row), in its first editable cell, and the table has the focus
        filter->setText(QStringLiteral("Jurassic"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(model(booksTable())->rowCount(), 1);
        QCOMPARE(books->currentIndex(), model(booksTable())->index(0, Book::TitleColumn));
        const orm::RecordPtr jurassic = model(booksTable())->record(0);
        QCOMPARE(window().browser()->activeRecord(), jurassic);
        QCOMPARE(window().browser()->relatedPane()->record(), jurassic);
        QCOMPARE(QApplication::focusWidget(), books);
    }

    void shouldAskBeforeOpeningAnotherDatabaseWithStagedChanges() {
        // Given a second library file and a staged edit in the first
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString otherPath = folder.filePath(QStringLiteral("other.sqlite"));
        QString error;
        QVERIFY2(app::DatabaseConnection::createSqliteFile(otherPath, &error), qPrintable(error));
        const ui::DatabaseTarget first = window().target();
        const ui::DatabaseTarget other = ui::DatabaseTarget::sqlite(otherPath);
        RecordTableModel *authors = model(authorsTable());
        QVERIFY(authors->setData(authors->index(0, Author::NameColumn), QStringLiteral("Anon")));

        // When the user opens the other one and answers Cancel
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Cancel;
        QVERIFY(!window().openDatabase(other));
        // Then the question was asked, the first database stays open and the edit staged
        QCOMPARE(prompter().asked.last(), QStringLiteral("pending: open another database"));
        QCOMPARE(window().target().path, first.path);
        QVERIFY(session().hasChanges());
        QCOMPARE(model(authorsTable())->index(0, Author::NameColumn).data().toString(),
                 QStringLiteral("Anon"));

        // When the user answers Commit, the edit is written and then the other one opens
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Commit;
        QVERIFY(window().openDatabase(other));
        QCOMPARE(window().target().path, otherPath);
        QVERIFY(!session().hasChanges());
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = 'Anon'"))
                     .toInt(),
                 1);

        // When the user stages an edit there and answers Discard on the way back
        window().editHistory()->addNew(Author::create(QStringLiteral("Nobody")));
        QVERIFY(session().hasChanges());
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Discard;
        QVERIFY(window().openDatabase(first));
        // Then the first database is open again and the edit is gone, not written
        QCOMPARE(window().target().path, first.path);
        QVERIFY(!session().hasChanges());
        QVERIFY(rowWithText(model(authorsTable()), Author::NameColumn, QStringLiteral("Anon")) >=
                0);
        QSqlDatabase check =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("checkOther"));
        check.setDatabaseName(otherPath);
        QVERIFY(check.open());
        QSqlQuery count(QStringLiteral("SELECT count(*) FROM authors"), check);
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toInt(), 0);
        count = QSqlQuery();
        check.close();
        check = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("checkOther"));
    }

    void shouldTabFromTheFilterBoxIntoTheTable() {
        // Given the Books table and the cursor in the filter box (Ctrl+F)
        window().browser()->setCurrentTable(booksTable());
        action("actionFilter")->trigger();
        QLineEdit *filter = window().actions().filter;
        QTRY_COMPARE(QApplication::focusWidget(), filter);
        // When the user presses Tab
        QTest::keyClick(filter, Qt::Key_Tab);
        // Then the keyboard is in the Books table, on a record Delete can act on
        QTRY_COMPARE(QApplication::focusWidget(), view(booksTable()));
        QCOMPARE(window().browser()->activeView(), view(booksTable()));
        // And the same holds after switching tables
        window().browser()->setCurrentTable(authorsTable());
        action("actionFilter")->trigger();
        QTRY_COMPARE(QApplication::focusWidget(), filter);
        QTest::keyClick(filter, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), view(authorsTable()));
    }

    void shouldGiveRollbackAShortcutAndEveryMenuDistinctAccessKeys() {
        // Rollback has a shortcut of its own
        const QKeySequence rollback = action("actionRollback")->shortcut();
        QVERIFY(!rollback.isEmpty());
        for (QAction *other : window().findChildren<QAction *>()) {
            if (other != action("actionRollback"))
                QVERIFY2(!other->shortcuts().contains(rollback), qPrintable(other->objectName()));
        }
        // No two entries of a menu share an access key
        for (QAction *menuAction : window().menuBar()->actions()) {
            QStringList keys;
            for (QAction *entry : menuAction->menu()->actions()) {
                const QString text = entry->text();
                const qsizetype amp = text.indexOf(QLatin1Char('&'));
                if (amp < 0 || amp + 1 >= text.size())
                    continue;
                const QString key = text.mid(amp + 1, 1).toLower();
                QVERIFY2(!keys.contains(key), qPrintable(menuAction->text() + ": " + text));
                keys << key;
            }
        }
        QMenu *edit = window().menuBar()->actions().at(1)->menu();
        edit->popup(window().mapToGlobal(QPoint(40, 20)));
        uitest::saveScreenshot(edit, QStringLiteral("edit-menu"));
        edit->hide();
    }

    void shouldSayHowManyChangesARollbackDiscards() {
        RecordTableModel *users = model(usersTable());
        QVERIFY(users->setData(users->index(0, User::NameColumn), QStringLiteral("A")));
        QVERIFY(users->setData(users->index(1, User::NameColumn), QStringLiteral("B")));
        prompter().confirmAnswer = false;
        action("actionRollback")->trigger();
        QCOMPARE(prompter().confirmTexts.size(), 1);
        QVERIFY2(prompter().confirmTexts.first().contains(QStringLiteral("all 2 staged changes")),
                 qPrintable(prompter().confirmTexts.first()));
        QVERIFY(session().hasChanges());
    }

    void shouldFormatTheLargeSeedsNumbersForTheLocale() {
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        ui::LargeSeedDialog dialog(QStringLiteral("library.sqlite"), 10000, 10, &window());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.authorsBox()->text(), QStringLiteral("10,000"));
        QCOMPARE(dialog.total(), QStringLiteral("100,000 books in all."));
        uitest::saveScreenshot(&dialog, QStringLiteral("seed-large-dialog"));
        QLocale::setDefault(previous);
    }

    void shouldSeedTheLargeLibraryInTheSizesChosen() {
        // Given the sizes a user chose in the dialog: 3 authors with 2 books each
        prompter().largeSeedAuthors = 3;
        prompter().largeSeedBooksPerAuthor = 2;
        action("actionSeedLarge")->trigger();
        QCOMPARE(prompter().asked, QStringList{QStringLiteral("seed large")});
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM authors")).toInt(), 3);
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM books")).toInt(), 6);
        QCOMPARE(model(booksTable())->rowCount(), 6);
    }

    void shouldLetTheEmptyPendingPaneShrink() {
        auto *dock = window().findChild<QDockWidget *>(QStringLiteral("pendingChangesDock"));
        QVERIFY(dock);
        // It starts at a quarter of the window at most, and can be made narrow
        QTRY_VERIFY(dock->width() <= window().width() / 4 + 10);
        window().resizeDocks({dock}, {170}, Qt::Horizontal);
        QTRY_VERIFY2(dock->width() < 200, qPrintable(QString::number(dock->width())));
    }

    void shouldListStagedChangesAndTheirSql() {
        // Given an edit, a new record and a staged cascade delete
        RecordTableModel *books = model(booksTable());
        const int row = rowWithText(books, Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(books->setData(books->index(row, Book::TitleColumn), QStringLiteral("It (1986)")));
        window().editHistory()->addNew(User::create(QStringLiteral("Rex")));
        const orm::RecordPtr crichton =
            record(authorsTable(), Author::NameColumn, QStringLiteral("Michael Crichton"));
        QVERIFY(window().editHistory()->remove(crichton));

        ui::PendingChangesPane *pane = window().pendingChangesPane();
        pane->refresh();
        QTreeWidget *tree = pane->changesTree();
        QStringList groups;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            groups << tree->topLevelItem(i)->text(0);
        QVERIFY2(groups.contains(QStringLiteral("New (1)")), qPrintable(groups.join(',')));
        QVERIFY2(groups.contains(QStringLiteral("Modified (1)")), qPrintable(groups.join(',')));
        QVERIFY2(groups.contains(QStringLiteral("Deleted (5)")), qPrintable(groups.join(',')));
        const QString sql = pane->sqlView()->toPlainText();
        QVERIFY2(sql.contains(QStringLiteral("UPDATE")), qPrintable(sql));
        QVERIFY2(sql.contains(QStringLiteral("INSERT")), qPrintable(sql));
        QVERIFY2(sql.contains(QStringLiteral("DELETE")), qPrintable(sql));
        auto *counter = window().findChild<QLabel *>(QStringLiteral("pendingCountLabel"));
        QTRY_VERIFY(counter->text().contains(QStringLiteral("7")));

        window().browser()->setCurrentTable(booksTable());
        view(booksTable())->setCurrentIndex(books->index(row, Book::IdColumn));
        QTest::qWait(200);
        uitest::saveScreenshot(&window(), QStringLiteral("mainwindow-staged-edits"));
        auto *dock = window().findChild<QDockWidget *>(QStringLiteral("pendingChangesDock"));
        QVERIFY(dock);
        window().resizeDocks({dock}, {460}, Qt::Horizontal);
        QTest::qWait(50);
        uitest::saveScreenshot(pane, QStringLiteral("pending-changes-pane"));
    }

    void shouldAskBeforeClosingWithStagedChanges() {
        RecordTableModel *authors = model(authorsTable());
        QVERIFY(authors->setData(authors->index(0, Author::NameColumn), QStringLiteral("Anon")));
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Cancel;
        QVERIFY(!window().close());
        QVERIFY(window().isVisible());
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Commit;
        QVERIFY(window().close());
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = 'Anon'"))
                     .toInt(),
                 1);
    }

    void shouldSeedAgainAfterAsking() {
        RecordTableModel *authors = model(authorsTable());
        QVERIFY(authors->setData(authors->index(0, Author::NameColumn), QStringLiteral("Anon")));
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Discard;
        prompter().confirmAnswer = true;
        action("actionSeed")->trigger();
        QCOMPARE(prompter().asked.first(), QStringLiteral("pending: seed the database"));
        QCOMPARE(model(authorsTable())->rowCount(), 2);
        QVERIFY(!session().hasChanges());
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM users")).toInt(), 7);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
