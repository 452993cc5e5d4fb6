// Issue 6 "Other users" in the window: a commit that meets another user's change or delete asks
// whose version wins (the record, the column, my value and the database's), and "Use Database
// Value", "Keep Mine", "Keep Mine and Commit" and Cancel each do what they say.

#include "uitesthelpers.h"

#include "ui/editcontroller.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace library;
using Choice = ui::Prompter::ConflictChoice;
using ui::RecordTableModel;

Q_DECLARE_METATYPE(ui::Prompter::ConflictChoice)

class tst_ConflictsUi : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    void commit() {
        auto *action = window().findChild<QAction *>(QStringLiteral("actionCommit"));
        QVERIFY(action);
        action->trigger();
    }
    QString authorName(const QVariant &id) {
        return database()
            .scalar(QStringLiteral("SELECT name FROM authors WHERE id = ?"), {id})
            .toString();
    }
    /// Stages "S. King" and lets another user rename Stephen King to "Steve King" first.
    orm::RecordPtr stageConflictingRename() {
        RecordTableModel *m = model(Author::staticTable());
        const int row = rowWithText(m, Author::NameColumn, QStringLiteral("Stephen King"));
        if (row < 0)
            return nullptr;
        const orm::RecordPtr king = m->record(row);
        if (!m->setData(m->index(row, Author::NameColumn), QStringLiteral("S. King")) ||
            !database().exec(QStringLiteral("UPDATE authors SET name = 'Steve King' WHERE id = ?"),
                             {king->id()}))
            return nullptr;
        return king;
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldAskWhoseValueWinsAfterAConflict_data() {
        QTest::addColumn<Choice>("choice");
        QTest::newRow("use database value") << Choice::TakeDatabase;
        QTest::newRow("keep mine") << Choice::KeepMine;
        QTest::newRow("keep mine and commit") << Choice::KeepMineAndCommit;
        QTest::newRow("cancel") << Choice::Cancel;
    }

    void shouldAskWhoseValueWinsAfterAConflict() {
        QFETCH(Choice, choice);
        // Given a staged rename of an author another user renamed meanwhile
        const orm::RecordPtr king = stageConflictingRename();
        QVERIFY(king);
        prompter().conflictAnswers = {choice};

        // When Commit runs
        commit();

        // Then the window asks once, naming the record, the column, my value and theirs
        QCOMPARE(prompter().conflicts.size(), 1);
        const ui::ConflictQuestion &question = prompter().conflicts.first();
        QVERIFY(question.record == king);
        QCOMPARE(question.column, Author::staticTable().column(Author::NameColumn).displayLabel());
        QCOMPARE(question.mine, QStringLiteral("S. King"));
        QCOMPARE(question.theirs, QStringLiteral("Steve King"));
        QVERIFY2(question.headline().contains(QStringLiteral("Author 'S. King'")),
                 qPrintable(question.headline()));

        // And the answer decides what the row and the database hold
        RecordTableModel *m = model(Author::staticTable());
        const QModelIndex cell = m->index(m->ensureLoaded(king.get()), Author::NameColumn);
        QVERIFY(cell.isValid());
        switch (choice) {
        case Choice::TakeDatabase:
            QCOMPARE(cell.data().toString(), QStringLiteral("Steve King"));
            QVERIFY(!cell.data(RecordTableModel::ModifiedRole).toBool());
            QVERIFY(!window().session()->hasChanges());
            QCOMPARE(authorName(king->id()), QStringLiteral("Steve King"));
            break;
        case Choice::KeepMine:
            // Mine stays staged, no longer in conflict: the next Commit writes it
            QCOMPARE(cell.data().toString(), QStringLiteral("S. King"));
            QVERIFY(cell.data(RecordTableModel::ModifiedRole).toBool());
            QCOMPARE(cell.data(RecordTableModel::CommittedValueRole).toString(),
                     QStringLiteral("Steve King"));
            QCOMPARE(authorName(king->id()), QStringLiteral("Steve King"));
            commit();
            QCOMPARE(prompter().conflicts.size(), 1);
            QCOMPARE(authorName(king->id()), QStringLiteral("S. King"));
            QVERIFY(!window().session()->hasChanges());
            break;
        case Choice::KeepMineAndCommit:
            QCOMPARE(authorName(king->id()), QStringLiteral("S. King"));
            QCOMPARE(cell.data().toString(), QStringLiteral("S. King"));
            QVERIFY(!window().session()->hasChanges());
            break;
        case Choice::Cancel:
            // Everything stays staged and marked; the database keeps the other user's name
            QCOMPARE(cell.data().toString(), QStringLiteral("S. King"));
            QVERIFY(cell.data(RecordTableModel::ErrorRole).isValid());
            QVERIFY(window().session()->hasChanges());
            QCOMPARE(authorName(king->id()), QStringLiteral("Steve King"));
            break;
        }
    }

    void shouldOfferToAcceptOrUndoAnotherUsersDelete_data() {
        QTest::addColumn<Choice>("choice");
        QTest::newRow("accept the delete") << Choice::TakeDatabase;
        QTest::newRow("add it again and commit") << Choice::KeepMineAndCommit;
    }

    void shouldOfferToAcceptOrUndoAnotherUsersDelete() {
        QFETCH(Choice, choice);
        // Given a staged rating of a review that another user deletes meanwhile
        window().browser()->setCurrentTable(Review::staticTable());
        RecordTableModel *m = model(Review::staticTable());
        QVERIFY(m->rowCount() > 0);
        const orm::RecordPtr review = m->record(0);
        const QVariant id = review->id();
        const int rating = review->value(Review::RatingColumn).toInt() == 1 ? 2 : 1;
        QVERIFY(m->setData(m->index(0, Review::RatingColumn), rating));
        QVERIFY(database().exec(QStringLiteral("DELETE FROM reviews WHERE id = ?"), {id}));
        prompter().conflictAnswers = {choice};

        // When Commit runs, then the question says the row was deleted
        commit();
        QCOMPARE(prompter().conflicts.size(), 1);
        QCOMPARE(int(prompter().conflicts.first().conflict),
                 int(ui::ConflictQuestion::Case::TheyDeleted));
        const qint64 rows =
            database()
                .scalar(QStringLiteral("SELECT count(*) FROM reviews WHERE id = ?"), {id})
                .toLongLong();
        if (choice == Choice::TakeDatabase) {
            // And accepting it takes the row out of the view
            QCOMPARE(rows, 0);
            QTRY_COMPARE_WITH_TIMEOUT(m->rowOf(review.get()), -1, 5000);
            QCOMPARE(m->ensureLoaded(review.get()), -1);
            QVERIFY(!window().session()->hasChanges());
        } else {
            // And keeping mine writes the review again, same id, my rating
            QCOMPARE(rows, 1);
            QCOMPARE(database()
                         .scalar(QStringLiteral("SELECT rating FROM reviews WHERE id = ?"), {id})
                         .toInt(),
                     rating);
            QVERIFY(m->ensureLoaded(review.get()) >= 0);
            QVERIFY(!window().session()->hasChanges());
        }
    }

    void shouldLetACommitThroughWhenBothDeletedTheRecord() {
        // Given a review deleted in the window (through the delete preview) and by another user
        window().browser()->setCurrentTable(Review::staticTable());
        RecordTableModel *m = model(Review::staticTable());
        QVERIFY(m->rowCount() > 0);
        const orm::RecordPtr review = m->record(0);
        const QVariant id = review->id();
        window().editController()->deleteRecord(review);
        QVERIFY(review->isMarkedForDelete());
        QVERIFY(database().exec(QStringLiteral("DELETE FROM reviews WHERE id = ?"), {id}));
        const qint64 before =
            database().scalar(QStringLiteral("SELECT count(*) FROM reviews")).toLongLong();
        prompter().conflictAnswers = {Choice::KeepMineAndCommit};

        // When Commit runs, then the question says both deleted it
        commit();
        QCOMPARE(prompter().conflicts.size(), 1);
        QCOMPARE(int(prompter().conflicts.first().conflict),
                 int(ui::ConflictQuestion::Case::BothDeleted));
        // And the commit went through: nothing left staged, nothing else deleted
        QVERIFY(!window().session()->hasChanges());
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM reviews")).toLongLong(),
                 before);
        QTRY_COMPARE_WITH_TIMEOUT(m->rowOf(review.get()), -1, 5000);

        // And the dialog for this case offers only to forget the record (or cancel)
        ui::ConflictDialog dialog(prompter().conflicts.first(), &window());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.keepMineButton()->isVisible());
        QCOMPARE(dialog.keepMineAndCommitButton()->text(), QStringLiteral("Forget It and Commit"));
        uitest::saveScreenshot(&dialog, QStringLiteral("conflict-dialog-both-deleted"));
    }

    void shouldExplainAnEditOfARecordAnotherUserDeleted() {
        window().browser()->setCurrentTable(Review::staticTable());
        RecordTableModel *m = model(Review::staticTable());
        const orm::RecordPtr review = m->record(0);
        QVERIFY(m->setData(m->index(0, Review::RatingColumn),
                           review->value(Review::RatingColumn).toInt() == 1 ? 2 : 1));
        QVERIFY(
            database().exec(QStringLiteral("DELETE FROM reviews WHERE id = ?"), {review->id()}));
        commit(); // answered Cancel: everything stays staged
        QCOMPARE(prompter().conflicts.size(), 1);
        QVERIFY(window().session()->hasChanges());
        // The question lists what I staged, against a row that is no more
        const ui::ConflictQuestion &question = prompter().conflicts.first();
        QCOMPARE(question.cells.size(), 1);
        QCOMPARE(question.cells.first().column,
                 Review::staticTable().column(Review::RatingColumn).displayLabel());
        QCOMPARE(question.cells.first().theirs, QStringLiteral("(deleted)"));
        ui::ConflictDialog dialog(prompter().conflicts.first(), &window());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.takeDatabaseButton()->text(), QStringLiteral("Accept the Delete"));
        QVERIFY(dialog.keepMineButton()->text().contains(QStringLiteral("Add It Again")));
        uitest::saveScreenshot(&dialog, QStringLiteral("conflict-dialog-they-deleted"));
        // Enter does not choose for the user: the default button is Cancel
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(ui::ConflictDialog::Cancelled));
    }

    void shouldShowTheRealDialogWithBothValues() {
        // Given the question of a real conflict
        QVERIFY(stageConflictingRename());
        commit();
        QCOMPARE(prompter().conflicts.size(), 1);
        const ui::ConflictQuestion question = prompter().conflicts.first();

        // When the dialog shows it
        ui::ConflictDialog dialog(question, &window());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        uitest::saveScreenshot(&dialog, QStringLiteral("conflict-dialog"));

        // Then it names the record and shows both values, and each button gives its answer
        QStringList texts;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            texts << label->text();
        const QString all = texts.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("Author 'S. King'")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("S. King")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Steve King")), qPrintable(all));
        QCOMPARE(dialog.takeDatabaseButton()->text(), QStringLiteral("Use Database Value"));
        dialog.keepMineAndCommitButton()->click();
        QCOMPARE(dialog.result(), int(ui::ConflictDialog::KeepMineAndCommit));
        ui::ConflictDialog second(question, &window());
        second.show();
        second.takeDatabaseButton()->click();
        QCOMPARE(second.result(), int(ui::ConflictDialog::TakeDatabase));
    }
};

QTEST_MAIN(tst_ConflictsUi)
#include "tst_conflictsui.moc"
