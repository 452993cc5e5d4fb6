// Keyboard-driven editing in the real main window: New record (in a table and as a child in the
// related pane), the Delete key, many levels of Undo / Redo, and the filter box.

#include "uitesthelpers.h"

#include "ui/editcontroller.h"
#include "ui/edithistory.h"
#include "ui/foreignkeypicker.h"
#include "ui/pendingchangespane.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QCursor>
#include <QFile>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace library;
using ui::RecordTableModel;

class tst_EditFlows : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    /// Types into the editor that has focus and presses Return.
    bool typeIntoEditor(QWidget *container, const QString &text) {
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        if (!editor || !container->isAncestorOf(editor))
            return false;
        editor->selectAll();
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
        return true;
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldCreateARecordWithTheKeyboard() {
        // Given the Authors table has focus
        QTableView *authors = view(authorsTable());
        authors->setFocus();
        // When the user presses Insert, types a name and Return
        QTest::keyClick(authors, Qt::Key_Insert);
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        QVERIFY(typeIntoEditor(authors, QStringLiteral("Ursula K. Le Guin")));
        // Then a new, marked row holds it
        RecordTableModel *m = model(authorsTable());
        QTRY_COMPARE(m->index(0, Author::NameColumn).data().toString(),
                     QStringLiteral("Ursula K. Le Guin"));
        QCOMPARE(m->rowState(0), RecordTableModel::RowState::New);
        QCOMPARE(m->headerData(0, Qt::Vertical).toString(), QStringLiteral("new"));
        // And Ctrl+S writes it
        QTest::keySequence(&window(), QKeySequence::Save);
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name = ?"),
                             {QStringLiteral("Ursula K. Le Guin")})
                     .toInt(),
                 1);
        QCOMPARE(m->rowState(0), RecordTableModel::RowState::Unchanged);
        QVERIFY(m->index(0, Author::IdColumn).data().toLongLong() > 0);
    }

    void shouldCreateAChildInTheRelatedPane() {
        // Given Michael Crichton is selected: the related pane lists his books
        RecordTableModel *authors = model(authorsTable());
        const int row =
            rowWithText(authors, Author::NameColumn, QStringLiteral("Michael Crichton"));
        view(authorsTable())->setCurrentIndex(authors->index(row, Author::NameColumn));
        ui::RelatedRecordsPane *related = window().browser()->relatedPane();
        QTableView *books = related->viewFor(authorBooks());
        QVERIFY(books);
        QCOMPARE(books->model()->rowCount(), 2);
        // When the user creates a record there and types its title
        books->setFocus();
        action("actionNewRecord")->trigger();
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        QVERIFY(typeIntoEditor(books, QStringLiteral("Sphere")));
        QTRY_COMPARE(books->model()->rowCount(), 3);
        const auto titles = [books] {
            QStringList result;
            for (int r = 0; r < books->model()->rowCount(); ++r)
                result << books->model()->index(r, Book::TitleColumn).data().toString();
            return result;
        };
        QTRY_VERIFY2(titles().contains(QStringLiteral("Sphere")), qPrintable(titles().join(',')));
        // Then commit inserts it as his book
        action("actionCommit")->trigger();
        QVERIFY2(prompter().errors.isEmpty(), qPrintable(prompter().errors.join(',')));
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT a.name FROM books b JOIN authors a ON a.id = "
                                            "b.author_id WHERE b.title = 'Sphere'"))
                     .toString(),
                 QStringLiteral("Michael Crichton"));
    }

    void shouldDeleteWithTheDeleteKey() {
        QTableView *users = view(usersTable());
        RecordTableModel *m = model(usersTable());
        window().browser()->setCurrentTable(usersTable());
        // The first 'copy' has no reviews
        const int row = rowWithText(m, User::NameColumn, QStringLiteral("copy"));
        users->setFocus();
        users->setCurrentIndex(m->index(row, User::NameColumn));
        QTest::keyClick(users, Qt::Key_Delete);
        QVERIFY(m->record(row)->isMarkedForDelete());
        QVERIFY(action("actionCommit")->isEnabled());
    }

    void shouldDeleteEverySelectedRowAfterOnePreview() {
        // Given three users without reviews selected (cells of three rows, as a Shift+click does)
        window().browser()->setCurrentTable(usersTable());
        QTableView *users = view(usersTable());
        RecordTableModel *m = model(usersTable());
        QList<int> rows;
        for (int row = 0; row < m->rowCount() && rows.size() < 3; ++row) {
            if (m->index(row, User::NameColumn).data().toString() == QStringLiteral("copy"))
                rows << row;
        }
        QCOMPARE(rows.size(), 3);
        users->setFocus();
        users->setCurrentIndex(m->index(rows.first(), User::NameColumn));
        for (int row : std::as_const(rows))
            users->selectionModel()->select(m->index(row, User::NameColumn),
                                            QItemSelectionModel::Select);
        // When Delete is pressed
        QTest::keyClick(users, Qt::Key_Delete);
        // Then one preview shows all three, and all three are marked
        QCOMPARE(prompter().asked, QStringList{QStringLiteral("delete")});
        int chosen = 0;
        for (const orm::DeletePreview::Deleted &entry : prompter().lastPreview.deleted)
            chosen += entry.depth == 0 ? 1 : 0;
        QCOMPARE(chosen, 3);
        for (int row : std::as_const(rows))
            QVERIFY(m->record(row)->isMarkedForDelete());
        // And one Undo brings all three back
        QCOMPARE(window().editHistory()->undoStack()->count(), 1);
        action("actionUndo")->trigger();
        for (int row : std::as_const(rows))
            QVERIFY(!m->record(row)->isMarkedForDelete());
        QVERIFY(!session().hasChanges());
        // And once the delete is done again and committed, no highlight stays on rows that went
        action("actionRedo")->trigger();
        action("actionCommit")->trigger();
        QCOMPARE(m->rowCount(), 4);
        QTRY_VERIFY(users->currentIndex().isValid());
        const QModelIndexList selected = users->selectionModel()->selectedIndexes();
        for (const QModelIndex &index : selected)
            QVERIFY(!m->record(index.row())->isMarkedForDelete());
        QVERIFY(selected.size() <= 1);
    }

    void shouldGiveTheTableTheFocusAndACurrentCell() {
        // At launch: the Authors table has the focus and its first row's first editable cell
        QTableView *authors = view(authorsTable());
        QTRY_COMPARE(QApplication::focusWidget(), authors);
        QCOMPARE(authors->currentIndex(), model(authorsTable())->index(0, Author::NameColumn));
        // So F2 edits at once
        QTest::keyClick(authors, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor && authors->isAncestorOf(editor));
        QTest::keyClick(editor, Qt::Key_Escape);
        // After switching tables
        window().browser()->setCurrentTable(reviewsTable());
        QTableView *reviews = view(reviewsTable());
        QCOMPARE(QApplication::focusWidget(), reviews);
        QVERIFY(reviews->currentIndex().isValid());
        QVERIFY(reviews->currentIndex().flags() & Qt::ItemIsEditable);
        // After opening a database
        QVERIFY(window().openDatabase(ui::DatabaseTarget::sqlite(database().sqlitePath())));
        QTableView *current = window().browser()->currentView();
        QTRY_COMPARE(QApplication::focusWidget(), current);
        QVERIFY(current->currentIndex().isValid());
    }

    void shouldCountRowsAgainAfterACommitThatRemovesRows() {
        // Given the Books tab: three rows
        window().browser()->setCurrentTable(booksTable());
        RecordTableModel *m = model(booksTable());
        auto *rowsLabel = window().findChild<QLabel *>(QStringLiteral("rowsLabel"));
        QCOMPARE(rowsLabel->text(), QStringLiteral("Rows: 3"));
        // When Stephen King is deleted (and It with him) and the delete committed
        QVERIFY(window().editHistory()->remove(
            record(authorsTable(), Author::NameColumn, QStringLiteral("Stephen King"))));
        action("actionCommit")->trigger();
        QVERIFY(!session().hasChanges());
        // Then the row count says two, at once, and a row is current
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(rowsLabel->text(), QStringLiteral("Rows: 2"));
        QVERIFY(view(booksTable())->currentIndex().isValid());
        QVERIFY(window().browser()->relatedPane()->record());
    }

    void shouldMakeTheFirstRowCurrentAfterASeed() {
        window().browser()->setCurrentTable(booksTable());
        prompter().confirmAnswer = true;
        QVERIFY(window().seedDatabase());
        QTableView *books = view(booksTable());
        QCOMPARE(books->currentIndex(), model(booksTable())->index(0, Book::TitleColumn));
        QVERIFY(window().browser()->relatedPane()->record());
    }

    void shouldSayALargeCommitIsRunningUnderABusyCursor() {
        // Given 300 new authors staged (an import's worth: a commit that takes a while)
        const orm::Table &authors = authorsTable();
        for (int i = 0; i < 300; ++i) {
            const orm::RecordPtr author = authors.createRecord();
            QVERIFY(author->setValue(QStringLiteral("name"), QStringLiteral("Author %1").arg(i)));
            session().add(author);
        }
        QStringList said;
        connect(window().editController(), &ui::EditController::statusMessage, this,
                [&said](const QString &message) { said << message; });
        Qt::CursorShape whileCommitting = Qt::ArrowCursor;
        connect(&session(), &orm::Session::committed, this, [&whileCommitting] {
            if (const QCursor *cursor = QGuiApplication::overrideCursor())
                whileCommitting = cursor->shape();
        });
        // When they are committed
        QVERIFY(window().editController()->commit());
        // Then the status bar said so before the commit ran, under a busy cursor, then that it
        // was done, and the cursor is back
        QCOMPARE(said, (QStringList{QStringLiteral("Committing 300 changes\u2026"),
                                    QStringLiteral("Committed.")}));
        QCOMPARE(whileCommitting, Qt::WaitCursor);
        QVERIFY(!QGuiApplication::overrideCursor());
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM authors WHERE name LIKE "
                                            "'Author %'"))
                     .toInt(),
                 300);
    }

    void shouldKeepColumnWidthsWhenTheFilterChanges() {
        // Given the Books table with the Title column made wide by the user
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        books->setColumnWidth(Book::TitleColumn, 333);
        const int author = books->columnWidth(Book::AuthorIdColumn);
        // When a filter shows fewer rows, and then all again
        window().browser()->setFilter(QStringLiteral("crichton"));
        QCOMPARE(model(booksTable())->rowCount(), 2);
        window().browser()->setFilter(QString());
        // Then no column moved
        QCOMPARE(books->columnWidth(Book::TitleColumn), 333);
        QCOMPARE(books->columnWidth(Book::AuthorIdColumn), author);
    }

    void shouldCreateABookEntirelyFromTheKeyboard() {
        // Given the Books table, as a keyboard user reaches it (Ctrl+Tab from the Authors table)
        QTableView *authors = view(authorsTable());
        QTRY_COMPARE(QApplication::focusWidget(), authors);
        QTest::keyClick(authors, Qt::Key_Tab, Qt::ControlModifier); // Users
        QCOMPARE(window().browser()->currentView(), view(usersTable()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier);
        QTableView *books = view(booksTable());
        QCOMPARE(window().browser()->currentView(), books);
        QCOMPARE(QApplication::focusWidget(), books);
        // When Insert makes a new book, its title is typed and Tab goes on to its author
        QTest::keyClick(books, Qt::Key_Insert);
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Sphere"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QPointer<ui::ForeignKeyPicker> picker =
            qobject_cast<ui::ForeignKeyPicker *>(QApplication::focusWidget());
        QVERIFY(picker);
        // Then the picker lists the authors at once, none taken unasked
        QAbstractItemView *list = picker->completer()->popup();
        QTRY_VERIFY(list->isVisible());
        QCOMPARE(list->model()->rowCount(), 2);
        QVERIFY(!list->currentIndex().isValid());
        // When part of a name is typed, the match chosen with Down and one Enter
        QTest::keyClicks(picker, QStringLiteral("cri"));
        QTRY_COMPARE(picker->results().size(), 1);
        QTRY_VERIFY(list->isVisible());
        QTest::keyClick(list, Qt::Key_Down);
        QTest::keyClick(list, Qt::Key_Return);
        QTRY_VERIFY(picker.isNull());
        // Then Ctrl+S writes the book with its author
        QTest::keySequence(&window(), QKeySequence::Save);
        QVERIFY2(prompter().errors.isEmpty(), qPrintable(prompter().errors.join(',')));
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT a.name FROM books b JOIN authors a ON a.id = "
                                            "b.author_id WHERE b.title = 'Sphere'"))
                     .toString(),
                 QStringLiteral("Michael Crichton"));
    }

    void shouldMoveBetweenPanesWithF6() {
        // From the table to its related records, to the pending changes, and back
        QTableView *authors = view(authorsTable());
        QTRY_COMPARE(QApplication::focusWidget(), authors);
        QTest::keyClick(authors, Qt::Key_F6);
        QCOMPARE(QApplication::focusWidget(), window().browser()->relatedPane()->currentView());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QCOMPARE(QApplication::focusWidget(), window().pendingChangesPane()->changesTree());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QCOMPARE(QApplication::focusWidget(), authors);
    }

    void shouldUndoAndRedoManyEdits() {
        RecordTableModel *m = model(usersTable());
        ui::EditHistory *history = window().editHistory();
        const QString first = m->index(0, User::NameColumn).data().toString();
        const QString second = m->index(1, User::NameColumn).data().toString();
        QVERIFY(m->setData(m->index(0, User::NameColumn), QStringLiteral("A")));
        QVERIFY(m->setData(m->index(0, User::NameColumn), QStringLiteral("B")));
        QVERIFY(m->setData(m->index(1, User::NameColumn), QStringLiteral("C")));
        QCOMPARE(history->undoStack()->count(), 3);
        QVERIFY(action("actionUndo")->text().contains(QStringLiteral("Name")));
        action("actionUndo")->trigger();
        QCOMPARE(m->index(1, User::NameColumn).data().toString(), second);
        action("actionUndo")->trigger();
        QCOMPARE(m->index(0, User::NameColumn).data().toString(), QStringLiteral("A"));
        action("actionUndo")->trigger();
        QCOMPARE(m->index(0, User::NameColumn).data().toString(), first);
        QVERIFY(!action("actionUndo")->isEnabled());
        QVERIFY(!window().session()->hasChanges());
        QVERIFY(!action("actionCommit")->isEnabled());
        action("actionRedo")->trigger();
        action("actionRedo")->trigger();
        QCOMPARE(m->index(0, User::NameColumn).data().toString(), QStringLiteral("B"));
        QVERIFY(action("actionCommit")->isEnabled());
    }

    void shouldFilterInSqlAndKeepStagedEdits() {
        window().browser()->setCurrentTable(booksTable());
        RecordTableModel *m = model(booksTable());
        const int row = rowWithText(m, Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(m->setData(m->index(row, Book::TitleColumn), QStringLiteral("It (staged)")));
        auto *filter = window().findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QVERIFY(filter);
        filter->setFocus();
        QTest::keyClicks(filter, QStringLiteral("crichton"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(m->rowCount(), 2);
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("king"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(m->rowCount(), 1);
        QCOMPARE(m->index(0, Book::TitleColumn).data().toString(), QStringLiteral("It (staged)"));
        // Each table keeps its own filter
        window().browser()->setCurrentTable(authorsTable());
        QCOMPARE(filter->text(), QString());
        QCOMPARE(model(authorsTable())->rowCount(), 2);
    }

    void shouldMarkTheRecordAnotherUserChanged() {
        // Given a staged edit of a row that another user then changes
        RecordTableModel *m = model(authorsTable());
        const int row = rowWithText(m, Author::NameColumn, QStringLiteral("Stephen King"));
        const orm::RecordPtr king = m->record(row);
        QVERIFY(m->setData(m->index(row, Author::NameColumn), QStringLiteral("S. King")));
        QVERIFY(database().exec(
            QStringLiteral("UPDATE authors SET name = 'Steve King' WHERE name = 'Stephen King'")));
        // When Commit runs, it fails as a conflict that names the record
        action("actionCommit")->trigger();
        QCOMPARE(prompter().errors.size(), 1);
        QVERIFY2(prompter().errors.first().contains(QStringLiteral("Author")),
                 qPrintable(prompter().errors.first()));
        // And the row is selected and marked, the staged value kept
        const int now = m->rowOf(king.get());
        QCOMPARE(view(authorsTable())->currentIndex().row(), now);
        QVERIFY(m->index(now, Author::NameColumn).data(RecordTableModel::ErrorRole).isValid());
        QCOMPARE(m->index(now, Author::NameColumn).data().toString(), QStringLiteral("S. King"));
        QVERIFY(window().session()->hasChanges());
    }

    void shouldExplainAFileThatIsNoDatabase() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        const ui::DatabaseTarget before = window().target();
        QVERIFY(!window().openDatabase(ui::DatabaseTarget::sqlite(path)));
        QCOMPARE(prompter().errors.size(), 1);
        QVERIFY2(prompter().errors.first().contains(QStringLiteral("notes.sqlite")),
                 qPrintable(prompter().errors.first()));
        // The window still shows the database it had
        QCOMPARE(window().target().toString(), before.toString());
        QCOMPARE(model(authorsTable())->rowCount(), 2);
    }
};

QTEST_MAIN(tst_EditFlows)
#include "tst_editflows.moc"
