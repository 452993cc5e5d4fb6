// The cell editors in the real main window: a value typed into an open editor is staged by every
// action that commits, rolls back, undoes, reloads or leaves the session — or, refused, keeps the
// editor open with the reason and stops the action (issue 10, item 1); refused input keeps the
// text with the reason beside it (item 6); the foreign-key picker lists choices at once and takes
// one with one Enter (item 9).

#include "uitesthelpers.h"

#include "ui/edithistory.h"
#include "ui/foreignkeypicker.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using namespace library;
using ui::RecordTableModel;

namespace {

/// The actions that must first stage (or refuse) the open editor's value.
enum class Action {
    Commit,
    Rollback,
    Undo,
    Redo,
    SwitchTable,
    OpenDatabase,
    Seed,
    SeedLarge,
    Refresh,
    Quit,
};

} // namespace

Q_DECLARE_METATYPE(Action)

class tst_CellEditors : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    /// Opens the editor of `column` in `record`'s row of the Books table with F2 and types `text`
    /// over its content, without pressing Enter. Returns the editor.
    QLineEdit *typeWithoutEnter(const orm::RecordPtr &record, int column, const QString &text) {
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        books->setFocus();
        books->setCurrentIndex(m->indexOf(record.get(), column));
        QTest::keyClick(books, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        if (!editor || !books->isAncestorOf(editor))
            return nullptr;
        editor->selectAll();
        QTest::keyClicks(editor, text);
        return editor;
    }

    orm::RecordPtr book(const QString &title) {
        return record(booksTable(), Book::TitleColumn, title);
    }

    QString titleInDatabase(qint64 id) {
        return database()
            .scalar(QStringLiteral("SELECT title FROM books WHERE id = ?"), {id})
            .toString();
    }

    void trigger(Action which) {
        switch (which) {
        case Action::Commit: // Ctrl+S while typing, as the user did
            QVERIFY(action("actionCommit")->isEnabled());
            QTest::keySequence(&window(), QKeySequence::Save);
            break;
        case Action::Rollback:
            QVERIFY(action("actionRollback")->isEnabled());
            action("actionRollback")->trigger();
            break;
        case Action::Undo:
            action("actionUndo")->trigger();
            break;
        case Action::Redo:
            action("actionRedo")->trigger();
            break;
        case Action::SwitchTable:
            window().browser()->setCurrentTable(authorsTable());
            break;
        case Action::OpenDatabase:
            (void)window().openDatabase(ui::DatabaseTarget::sqlite(database().sqlitePath()));
            break;
        case Action::Seed:
            action("actionSeed")->trigger();
            break;
        case Action::SeedLarge:
            action("actionSeedLarge")->trigger();
            break;
        case Action::Refresh:
            QTest::keySequence(&window(), QKeySequence::Refresh);
            break;
        case Action::Quit:
            action("actionQuit")->trigger(); // no Ctrl+Q in every key scheme (offscreen)
            break;
        }
    }

    /// Insert on Books, `title` typed and Tab: the new book's author picker, open and empty.
    ui::ForeignKeyPicker *newBooksAuthorPicker(const QString &title) {
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        books->setFocus();
        QTest::keyClick(books, Qt::Key_Insert);
        if (!QTest::qWaitFor([] { return qobject_cast<QLineEdit *>(QApplication::focusWidget()); }))
            return nullptr;
        QTest::keyClicks(QApplication::focusWidget(), title);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        return qobject_cast<ui::ForeignKeyPicker *>(QApplication::focusWidget());
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldStageTheOpenEditorOrStopTheAction_data() {
        QTest::addColumn<Action>("which");
        QTest::addColumn<bool>("refused");
        const QList<std::pair<const char *, Action>> actions = {
            {"commit", Action::Commit},
            {"rollback", Action::Rollback},
            {"undo", Action::Undo},
            {"redo", Action::Redo},
            {"switch table", Action::SwitchTable},
            {"open database", Action::OpenDatabase},
            {"seed", Action::Seed},
            {"seed large", Action::SeedLarge},
            {"refresh", Action::Refresh},
            {"quit", Action::Quit},
        };
        for (const auto &[name, which] : actions) {
            QTest::addRow("%s, accepted value", name) << which << false;
            QTest::addRow("%s, refused value", name) << which << true;
        }
    }

    void shouldStageTheOpenEditorOrStopTheAction() {
        QFETCH(Action, which);
        QFETCH(bool, refused);
        // Given an earlier staged edit (undone for Redo, so that Redo has something to do)
        prompter().pendingAnswer = ui::Prompter::PendingChoice::Cancel;
        prompter().confirmAnswer = false;
        RecordTableModel *books = model(booksTable());
        const orm::RecordPtr jurassic = book(QStringLiteral("Jurassic Park"));
        const orm::RecordPtr it = book(QStringLiteral("It"));
        QVERIFY(jurassic && it);
        QVERIFY(books->setData(books->indexOf(jurassic.get(), Book::TitleColumn),
                               QStringLiteral("JP")));
        QUndoStack *stack = window().editHistory()->undoStack();
        if (which == Action::Redo)
            stack->undo();
        const int stackIndex = stack->index();
        const QString authorBefore = it->parent(authorBooks())->displayName();

        // And a value typed into an open editor, Enter not pressed: a new title (accepted), or an
        // author nobody has (refused)
        const QString typed = refused ? QStringLiteral("Nobody at all") : QStringLiteral("It 2");
        QLineEdit *editor =
            typeWithoutEnter(it, refused ? Book::AuthorIdColumn : Book::TitleColumn, typed);
        QVERIFY(editor);
        const QPointer<QLineEdit> guard(editor);

        // When the action runs
        trigger(which);

        if (refused) {
            // Then the action stopped before it asked or changed anything: the editor is still
            // open with the typed text, the reason shown beside it
            QVERIFY2(prompter().asked.isEmpty(), qPrintable(prompter().asked.join(',')));
            QVERIFY(guard && !guard->isHidden());
            QCOMPARE(guard->text(), typed);
            QVERIFY(window().browser()->hasOpenEditor());
            auto *reason = view(booksTable())->findChild<QLabel *>(QStringLiteral("editorRefusal"));
            QVERIFY(reason && reason->isVisible());
            QVERIFY2(reason->text().contains(typed), qPrintable(reason->text()));
            QCOMPARE(QApplication::focusWidget(), guard.data());
            QCOMPARE(window().browser()->currentModel(), books);
            QCOMPARE(stack->index(), stackIndex);
            QVERIFY(window().isVisible());
            QCOMPARE(it->parent(authorBooks())->displayName(), authorBefore);
            QCOMPARE(titleInDatabase(jurassic->id().toLongLong()), QStringLiteral("Jurassic Park"));
            return;
        }

        // Then the typed value was staged first, the editor closed, and the action went on
        QVERIFY(!window().browser()->hasOpenEditor());
        switch (which) {
        case Action::Commit:
            QCOMPARE(titleInDatabase(it->id().toLongLong()), typed);
            QCOMPARE(titleInDatabase(jurassic->id().toLongLong()), QStringLiteral("JP"));
            return;
        case Action::Undo:
            // Undo took back the typed title, the last edit; Redo brings it again
            QCOMPARE(it->value(Book::TitleColumn).toString(), QStringLiteral("It"));
            QCOMPARE(jurassic->value(Book::TitleColumn).toString(), QStringLiteral("JP"));
            action("actionRedo")->trigger();
            QCOMPARE(it->value(Book::TitleColumn).toString(), typed);
            return;
        case Action::Rollback:
            QCOMPARE(prompter().asked, QStringList{QStringLiteral("confirm: Roll back")});
            break;
        case Action::SwitchTable:
            QCOMPARE(window().browser()->currentModel(), model(authorsTable()));
            break;
        case Action::OpenDatabase:
            QCOMPARE(prompter().asked,
                     QStringList{QStringLiteral("pending: open another database")});
            break;
        case Action::Seed:
        case Action::SeedLarge:
            QCOMPARE(prompter().asked, QStringList{QStringLiteral("pending: seed the database")});
            break;
        case Action::Quit:
            QCOMPARE(prompter().asked, QStringList{QStringLiteral("pending: close Shelf")});
            QVERIFY(window().isVisible());
            break;
        case Action::Redo:
        case Action::Refresh:
            break;
        }
        QCOMPARE(it->value(Book::TitleColumn).toString(), typed);
        QCOMPARE(books->index(books->rowOf(it.get()), Book::TitleColumn).data().toString(), typed);
        QCOMPARE(titleInDatabase(it->id().toLongLong()), QStringLiteral("It"));
    }

    void shouldCommitANameTypedIntoTheOpenPicker() {
        // Given a new book whose author is being typed, Enter not pressed, the list open
        ui::ForeignKeyPicker *picker = newBooksAuthorPicker(QStringLiteral("The Shining"));
        QVERIFY(picker);
        QTest::keyClicks(picker, QStringLiteral("king"));
        QTRY_COMPARE(picker->results().size(), 1);
        // When Ctrl+S is pressed
        QTest::keySequence(&window(), QKeySequence::Save);
        // Then the book is written with the author typed
        QVERIFY2(prompter().errors.isEmpty(), qPrintable(prompter().errors.join(',')));
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT a.name FROM books b JOIN authors a ON a.id = "
                                            "b.author_id WHERE b.title = 'The Shining'"))
                     .toString(),
                 QStringLiteral("Stephen King"));
        QVERIFY(!window().browser()->hasOpenEditor());
    }

    void shouldSayInTheOpenListThatNothingMatches() {
        // Given a new book's author being typed, a name no author has
        ui::ForeignKeyPicker *picker = newBooksAuthorPicker(QString());
        QVERIFY(picker);
        QTest::keyClicks(picker, QStringLiteral("Tolkien"));
        picker->search(picker->text());
        // Then the list says so, in one entry that cannot be taken, and no record is a result
        QVERIFY(picker->results().isEmpty());
        QAbstractItemModel *list = picker->completer()->model();
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->index(0, 0).data().toString(),
                 QStringLiteral("No Author matches \u201cTolkien\u201d"));
        QCOMPARE(list->flags(list->index(0, 0)), Qt::NoItemFlags);
        QTRY_VERIFY(picker->completer()->popup()->isVisible());
        // And a name that matches lists its author alone
        picker->clear();
        QTest::keyClicks(picker, QStringLiteral("king"));
        picker->search(picker->text());
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->index(0, 0).data().toString(), QStringLiteral("Stephen King"));
    }

    void shouldKeepARefusedValueInTheEditorWithTheReason() {
        // Given a title emptied in its editor
        const orm::RecordPtr it = book(QStringLiteral("It"));
        QLineEdit *editor = typeWithoutEnter(it, Book::TitleColumn, QString());
        QVERIFY(editor);
        editor->clear();
        // When Enter is pressed
        QTest::keyClick(editor, Qt::Key_Return);
        // Then the editor stays open, the reason under it and in its tooltip
        QTRY_VERIFY(!editor->toolTip().isEmpty());
        auto *reason = view(booksTable())->findChild<QLabel *>(QStringLiteral("editorRefusal"));
        QVERIFY(reason && reason->isVisible());
        QCOMPARE(reason->text(), editor->toolTip());
        QVERIFY(reason->geometry().top() >= editor->geometry().bottom() ||
                reason->geometry().bottom() <= editor->geometry().top());
        QVERIFY(window().browser()->hasOpenEditor());
        uitest::saveScreenshot(&window(), QStringLiteral("editor-refusal"));
        // And a value that is accepted closes it
        QTest::keyClicks(editor, QStringLiteral("It (1986)"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!window().browser()->hasOpenEditor());
        QCOMPARE(it->value(Book::TitleColumn).toString(), QStringLiteral("It (1986)"));
    }

    void shouldSayTheRatingsRangeInItsEditor() {
        window().browser()->setCurrentTable(reviewsTable());
        QTableView *reviews = view(reviewsTable());
        RecordTableModel *m = model(reviewsTable());
        reviews->setFocus();
        reviews->setCurrentIndex(m->index(0, Review::RatingColumn));
        QTest::keyClick(reviews, Qt::Key_F2);
        auto *spin = qobject_cast<QSpinBox *>(QApplication::focusWidget());
        QVERIFY(spin);
        QCOMPARE(spin->toolTip(), QStringLiteral("Rating: a whole number from 1 to 5"));
        QCOMPARE(spin->accessibleDescription(), spin->toolTip());
    }

    void shouldListEveryRefusedValueWhenACommitFails() {
        // Given two names emptied behind the editors' backs (as an import would)
        const orm::RecordPtr andy = record(usersTable(), User::NameColumn, QStringLiteral("Andy"));
        const orm::RecordPtr buzz = record(usersTable(), User::NameColumn, QStringLiteral("Buzz"));
        QVERIFY(andy->setValue(User::NameColumn, QVariant()));
        QVERIFY(buzz->setValue(User::NameColumn, QVariant()));
        // When Commit runs
        action("actionCommit")->trigger();
        // Then both are marked and the message lists both
        QCOMPARE(prompter().errors.size(), 1);
        const QString text = prompter().errors.first();
        QVERIFY2(text.contains(QStringLiteral("2 values cannot be saved")), qPrintable(text));
        RecordTableModel *users = model(usersTable());
        for (const orm::RecordPtr &user : {andy, buzz}) {
            QVERIFY2(text.contains(user->displayName()), qPrintable(text));
            QVERIFY(users->index(users->rowOf(user.get()), User::NameColumn)
                        .data(RecordTableModel::ErrorRole)
                        .isValid());
        }
        QVERIFY(session().hasChanges());
    }
};

QTEST_MAIN(tst_CellEditors)
#include "tst_celleditors.moc"
