// The side panes and dialogs of the main window, offscreen on a fresh seeded SQLite file: the
// pending-changes pane names foreign keys as the grid does and scrolls long SQL, the related pane's
// heading follows its record, the foreign-key picker tells namesakes apart, and the delete
// preview shows what the database does by itself.

#include "uitesthelpers.h"

#include "../db/libraryfixture.h"

#include "ui/deletepreviewdialog.h"
#include "ui/edithistory.h"
#include "ui/foreignkeypicker.h"
#include "ui/mainactions.h"
#include "ui/pendingchangespane.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"

#include "library/library.h"
#include "orm/session.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTreeWidget>
#include <QUuid>

using namespace library;
using ui::RecordTableModel;

class tst_Panes : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    ui::PendingChangesPane *pane() { return window().pendingChangesPane(); }
    int rowWithText(const RecordTableModel *model, int column, const QString &text) {
        return SeededWindowTest::rowWithText(model, column, text, Qt::EditRole);
    }
    /// Creates the passive-delete schema and commits a parent "Shelf A" with three children.
    /// nullptr (see the session's lastError()) when that fails.
    static orm::RecordPtr commitShelfWithThreeBoxes(orm::Session &session,
                                                    const orm::Metadata &metadata) {
        const orm::Relationship &children =
            *metadata.relationship(QStringLiteral("parents"), QStringLiteral("children"));
        if (!session.createAll())
            return nullptr;
        orm::RecordPtr parent = metadata.table(QStringLiteral("parents"))->createRecord();
        if (!parent->setValue(QStringLiteral("name"), QStringLiteral("Shelf A")))
            return nullptr;
        for (int i = 0; i < 3; ++i) {
            orm::RecordPtr child = metadata.table(QStringLiteral("children"))->createRecord();
            if (!child->setValue(QStringLiteral("name"), QStringLiteral("box %1").arg(i + 1)) ||
                !parent->appendChild(children, child))
                return nullptr;
        }
        session.add(parent);
        return session.commit() ? parent : nullptr;
    }

    orm::RecordPtr record(const orm::Table &table, int column, const QString &text) {
        return SeededWindowTest::record(table, column, text, Qt::EditRole);
    }
    /// Every line of the pending-changes tree under the record named `name`.
    QStringList changeLines(const QString &name) {
        QStringList lines;
        QTreeWidget *tree = pane()->changesTree();
        for (int group = 0; group < tree->topLevelItemCount(); ++group) {
            QTreeWidgetItem *groupItem = tree->topLevelItem(group);
            for (int i = 0; i < groupItem->childCount(); ++i) {
                QTreeWidgetItem *item = groupItem->child(i);
                if (item->text(0) != name)
                    continue;
                for (int line = 0; line < item->childCount(); ++line)
                    lines << item->child(line)->text(0);
            }
        }
        return lines;
    }
    /// The book's borrower_id read through a connection of its own on the same file.
    QVariant borrowerInDatabase(const QString &title) {
        const QString name = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVariant value;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(database().sqlitePath());
            if (db.open()) {
                QSqlQuery query(db);
                query.prepare(QStringLiteral("SELECT borrower_id FROM books WHERE title = ?"));
                query.addBindValue(title);
                if (query.exec() && query.next())
                    value = query.value(0);
            }
        }
        QSqlDatabase::removeDatabase(name);
        return value;
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldNameForeignKeysInPendingChanges() {
        // Given Jurassic Park repointed to Stephen King, It retitled, and the first 'copy' (who
        // borrowed The Andromeda Strain) deleted
        RecordTableModel *books = model(booksTable());
        const orm::RecordPtr king =
            record(authorsTable(), Author::NameColumn, QStringLiteral("Stephen King"));
        QVERIFY(king);
        const int jurassic = rowWithText(books, Book::TitleColumn, QStringLiteral("Jurassic Park"));
        QVERIFY(books->setData(books->index(jurassic, Book::AuthorIdColumn),
                               QVariant::fromValue(king)));
        const int it = rowWithText(books, Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(books->setData(books->index(it, Book::TitleColumn), QStringLiteral("It Returns")));
        // and It given to a new author, who has no key before the commit
        const auto herbert = Author::create(QStringLiteral("Frank Herbert"));
        window().editHistory()->addNew(herbert);
        QVERIFY(books->setData(books->index(it, Book::AuthorIdColumn),
                               QVariant::fromValue(orm::RecordPtr(herbert))));
        const int andromeda =
            rowWithText(books, Book::TitleColumn, QStringLiteral("The Andromeda Strain"));
        const auto copy = books->index(andromeda, Book::BorrowerIdColumn)
                              .data(RecordTableModel::ParentRecordRole)
                              .value<orm::RecordPtr>();
        QVERIFY(copy);
        QCOMPARE(copy->displayText(), QStringLiteral("copy"));
        // five users are called 'copy': the grid tells this one apart by its key
        const QString copyCell = books->index(andromeda, Book::BorrowerIdColumn).data().toString();
        QCOMPARE(copyCell, QStringLiteral("copy (#%1)").arg(copy->id().toLongLong()));
        QVERIFY(window().editHistory()->remove(copy));
        // the grid's wording, which the pane has to match
        QCOMPARE(books->index(andromeda, Book::BorrowerIdColumn).data().toString(),
                 QStringLiteral("(none)"));

        // When the pane lists them
        pane()->refresh();

        // Then foreign keys read as the names the grid shows (with the key where two rows share
        // the name), NULL as "(none)", and a plain
        // edit as its old and new text
        const QStringList jurassicLines = changeLines(QStringLiteral("Book 'Jurassic Park'"));
        QVERIFY2(jurassicLines.contains(
                     QStringLiteral("Author: \u201cMichael Crichton\u201d \u2192 \u201cStephen "
                                    "King\u201d")),
                 qPrintable(jurassicLines.join(QLatin1Char('\n'))));
        const QStringList andromedaLines =
            changeLines(QStringLiteral("Book 'The Andromeda Strain'"));
        QVERIFY2(andromedaLines.contains(
                     QStringLiteral("Borrower: \u201c%1\u201d \u2192 (none)").arg(copyCell)),
                 qPrintable(andromedaLines.join(QLatin1Char('\n'))));
        const QStringList itLines = changeLines(QStringLiteral("Book 'It Returns'"));
        QVERIFY2(
            itLines.contains(QStringLiteral("Title: \u201cIt\u201d \u2192 \u201cIt Returns\u201d")),
            qPrintable(itLines.join(QLatin1Char('\n'))));
        QVERIFY2(itLines.contains(QStringLiteral("Author: \u201cStephen King\u201d \u2192 "
                                                 "\u201cFrank Herbert\u201d (new)")),
                 qPrintable(itLines.join(QLatin1Char('\n'))));
        // And no foreign key is shown by its id alone (the namesake's key is beside its name)
        const QString all = (jurassicLines + andromedaLines)
                                .join(QLatin1Char('\n'))
                                .remove(QStringLiteral(" (#%1)").arg(copy->id().toLongLong()));
        QVERIFY2(!all.contains(QRegularExpression(QStringLiteral("\\d"))), qPrintable(all));

        // The screenshot for the README: the pane at a readable size, beside the window
        auto *dock = window().findChild<QDockWidget *>(QStringLiteral("pendingChangesDock"));
        QVERIFY(dock);
        window().resizeDocks({dock}, {560}, Qt::Horizontal);
        QTRY_VERIFY(pane()->width() >= 500);
        pane()->splitter()->setSizes({260, 400}); // the tree needs little, the SQL more
        const QStringList sqlLines = pane()->sqlView()->toPlainText().split(QLatin1Char('\n'));
        QVERIFY2(sqlLines.contains(QStringLiteral("  SET \"title\" = 'It Returns',")) &&
                     sqlLines.filter(QRegularExpression(QStringLiteral("^      \"author_id\" = ")))
                             .size() == 1,
                 qPrintable(sqlLines.join(QLatin1Char('\n'))));
        uitest::saveScreenshot(pane(), QStringLiteral("pending-changes-pane-names"));
    }

    void shouldListTheFirstChangesOfALargeImportAndCountTheRest() {
        // Given 1,200 new users staged at once (an import), and a book retitled
        orm::RecordList users;
        for (int i = 0; i < 1200; ++i)
            users << User::create(QStringLiteral("Reader %1").arg(i));
        session().addAll(users);
        RecordTableModel *books = model(booksTable());
        const int it = rowWithText(books, Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(books->setData(books->index(it, Book::TitleColumn), QStringLiteral("It Returns")));

        // When the pane lists them
        pane()->refresh();

        // Then the first 500 new rows are listed in full, the rest counted in their group, and
        // the edit listed beside them
        QTreeWidget *tree = pane()->changesTree();
        QStringList groups;
        int listed = 0;
        QStringList more;
        for (int group = 0; group < tree->topLevelItemCount(); ++group) {
            QTreeWidgetItem *groupItem = tree->topLevelItem(group);
            groups << groupItem->text(0);
            for (int i = 0; i < groupItem->childCount(); ++i) {
                const QString text = groupItem->child(i)->text(0);
                if (text.startsWith(u'\u2026'))
                    more << text;
                else
                    ++listed;
            }
        }
        QCOMPARE(listed, 501);
        QVERIFY(!changeLines(QStringLiteral("Book 'It Returns'")).isEmpty());
        QVERIFY2(groups.contains(QStringLiteral("New (1,200)")), qPrintable(groups.join(u'|')));
        QVERIFY2(groups.contains(QStringLiteral("Modified (1)")), qPrintable(groups.join(u'|')));
        QCOMPARE(more, QStringList{QStringLiteral("\u2026 and 700 more in Users")});
        QVERIFY2(pane()->findChild<QLabel *>()->text().contains(QStringLiteral("1,201")),
                 qPrintable(pane()->findChild<QLabel *>()->text()));
        // And the SQL shows its first 200 statements and says how many more Commit runs
        const QString sql = pane()->sqlView()->toPlainText();
        QCOMPARE(sql.count(QStringLiteral("INSERT INTO")) + sql.count(QStringLiteral("UPDATE ")),
                 200);
        QVERIFY2(sql.contains(QStringLiteral("-- \u2026 and 1,001 more statements: Commit runs "
                                             "them all.\nCOMMIT;")),
                 qPrintable(sql.right(300)));
        // And the session's own count is every change
        QCOMPARE(session().pendingChangeCount(), 1201);
        QCOMPARE(session().pendingChanges().size(), 1201);
    }

    void shouldLayOutSqlByClauseAndScrollLongValues() {
        // Given a title far wider than the pane, with SQL keywords in it
        RecordTableModel *books = model(booksTable());
        const int it = rowWithText(books, Book::TitleColumn, QStringLiteral("It"));
        const QString title =
            QStringLiteral("It WHERE a clown AND a town SET in Maine, ") + QString(200, u'x');
        QVERIFY(books->setData(books->index(it, Book::TitleColumn), title));

        // When the pane shows the SQL
        pane()->refresh();
        QPlainTextEdit *sql = pane()->sqlView();
        const QStringList lines = sql->toPlainText().split(QLatin1Char('\n'));

        // Then each clause has a line of its own, keywords inside the value left alone
        const QString text = lines.join(QLatin1Char('\n'));
        QVERIFY2(lines.contains(QStringLiteral("UPDATE \"books\"")), qPrintable(text));
        QVERIFY2(lines.contains(QStringLiteral("  SET \"title\" = '%1'").arg(title)),
                 qPrintable(text));
        QVERIFY2(lines.contains(QStringLiteral("  WHERE \"id\" = 1")), qPrintable(text));
        QVERIFY2(lines.contains(QStringLiteral("    AND \"title\" IS 'It'")), qPrintable(text));

        // And lines are not wrapped: the long one scrolls sideways to its end
        QCOMPARE(sql->lineWrapMode(), QPlainTextEdit::NoWrap);
        QScrollBar *bar = sql->horizontalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_VERIFY(bar->isVisible());
        const int longest = sql->fontMetrics().horizontalAdvance(lines.filter(title).constFirst());
        QVERIFY2(bar->maximum() + sql->viewport()->width() >= longest,
                 qPrintable(QStringLiteral("%1 + %2 < %3")
                                .arg(bar->maximum())
                                .arg(sql->viewport()->width())
                                .arg(longest)));
        uitest::saveScreenshot(pane(), QStringLiteral("pending-changes-sql"));
    }

    void shouldLayOutSqlAroundANewKeyWhoseNameHasAnApostrophe() {
        // Given It retitled 'A AND B' and moved to a new author whose name has an apostrophe
        auto it = std::static_pointer_cast<Book>(
            record(booksTable(), Book::TitleColumn, QStringLiteral("It")));
        QVERIFY(it);
        auto flann = Author::create(QStringLiteral("Flann O'Brien"));
        session().add(flann);
        QVERIFY(it->setTitle(QStringLiteral("A AND B")));
        QVERIFY(it->setAuthor(flann));

        // When the pane shows the SQL
        pane()->refresh();
        const QStringList lines = pane()->sqlView()->toPlainText().split(QLatin1Char('\n'));
        const QString text = lines.join(QLatin1Char('\n'));

        // Then the key not assigned yet is shown whole, and the clauses after it still break
        QVERIFY2(lines.contains(QStringLiteral("  SET \"title\" = 'A AND B',")), qPrintable(text));
        QVERIFY2(lines.contains(
                     QStringLiteral("      \"author_id\" = <new key of Author 'Flann O'Brien'>")),
                 qPrintable(text));
        QVERIFY2(lines.contains(QStringLiteral("  WHERE \"id\" = 1")), qPrintable(text));
        QVERIFY2(lines.contains(QStringLiteral("    AND \"title\" IS 'It'")), qPrintable(text));
    }

    void shouldFollowTheShownRecordInTheRelatedHeading() {
        // Given It shown in the related pane
        const orm::RecordPtr it = record(booksTable(), Book::TitleColumn, QStringLiteral("It"));
        QVERIFY(it);
        window().browser()->setCurrentTable(booksTable());
        QVERIFY(window().browser()->revealRecord(it, Book::TitleColumn));
        ui::RelatedRecordsPane *related = window().browser()->relatedPane();
        QTRY_COMPARE(related->record(), it);
        QCOMPARE(related->heading(), QStringLiteral("Related to Book 'It'"));

        // When it is renamed through the model, the heading follows
        RecordTableModel *books = model(booksTable());
        QVERIFY(
            books->setData(books->index(rowWithText(books, Book::TitleColumn, QStringLiteral("It")),
                                        Book::TitleColumn),
                           QStringLiteral("It Returns")));
        QCOMPARE(related->heading(), QStringLiteral("Related to Book 'It Returns'"));

        // When it is marked for delete, the heading says so; Undo takes it back
        QVERIFY(window().editHistory()->remove(it));
        QVERIFY2(related->heading().contains(QStringLiteral("(marked for delete)")),
                 qPrintable(related->heading()));
        uitest::saveScreenshot(related, QStringLiteral("related-pane-marked-for-delete"));
        window().actions().undo->trigger();
        QCOMPARE(related->heading(), QStringLiteral("Related to Book 'It Returns'"));

        // When everything is rolled back, the old name is back
        session().rollback();
        QCOMPARE(related->heading(), QStringLiteral("Related to Book 'It'"));

        // Given a new user shown in the pane, when it is rolled back it leaves the pane
        const auto rex = User::create(QStringLiteral("Rex"));
        window().editHistory()->addNew(rex);
        related->setRecord(rex);
        QVERIFY2(related->heading().contains(QStringLiteral("Rex")),
                 qPrintable(related->heading()));
        session().rollback();
        QVERIFY(related->record() != rex);
        QVERIFY2(!related->heading().contains(QStringLiteral("Rex")),
                 qPrintable(related->heading()));
    }

    void shouldTellNamesakesApartInThePicker() {
        // Given the Borrower cell of It, and five users named "copy"
        window().browser()->setCurrentTable(booksTable());
        RecordTableModel *books = model(booksTable());
        QTableView *table = view(booksTable());
        const int it = rowWithText(books, Book::TitleColumn, QStringLiteral("It"));
        const QModelIndex cell = books->index(it, Book::BorrowerIdColumn);
        table->setFocus();
        table->setCurrentIndex(cell);
        QTest::keyClick(table, Qt::Key_F2);
        QPointer<ui::ForeignKeyPicker> picker =
            qobject_cast<ui::ForeignKeyPicker *>(QApplication::focusWidget());
        QVERIFY(picker);

        // When the user types "copy"
        picker->selectAll();
        QTest::keyClicks(picker, QStringLiteral("copy"));
        QTRY_COMPARE(picker->results().size(), 5);

        // Then every entry of the list reads differently, and names its record's key
        const QStringList texts = picker->resultTexts();
        QCOMPARE(texts.size(), 5);
        QCOMPARE(QSet<QString>(texts.cbegin(), texts.cend()).size(), 5);
        QAbstractItemView *popup = picker->completer()->popup();
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(popup->model()->rowCount(), 5);
        for (int row = 0; row < 5; ++row) {
            const orm::RecordPtr user = picker->results().at(row);
            QCOMPARE(popup->model()->index(row, 0).data().toString(),
                     QStringLiteral("copy (#%1)").arg(user->id().toLongLong()));
        }
        popup->resize(popup->width(), popup->sizeHintForRow(0) * 6); // offscreen: no geometry
        uitest::saveScreenshot(popup, QStringLiteral("picker-namesakes"));

        // When the third is chosen in the list with the keyboard and the edit committed
        const orm::RecordPtr third = picker->results().at(2);
        const QVariant thirdId = third->id();
        QVERIFY(thirdId != picker->results().first()->id());
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(popup, Qt::Key_Down);
        QCOMPARE(popup->currentIndex().row(), 2);
        QTest::keyClick(popup, Qt::Key_Return);
        QVERIFY(!popup->isVisible());
        QCOMPARE(picker->text(), texts.at(2));
        QTRY_VERIFY(picker.isNull()); // that one Return took the choice and closed the editor
        QCOMPARE(cell.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>(), third);
        window().actions().commit->trigger();
        QVERIFY(!session().hasChanges());

        // Then the database holds exactly that user's key
        QCOMPARE(borrowerInDatabase(QStringLiteral("It")).toLongLong(), thirdId.toLongLong());
    }

    void shouldRefuseATypedNameThatSeveralRecordsShare() {
        // Given a picker on the borrower of a book
        const orm::Relationship *borrower =
            booksTable().relationshipForColumn(Book::BorrowerIdColumn);
        QVERIFY(borrower);
        ui::ForeignKeyPicker picker(&session(), *borrower);
        picker.search(QStringLiteral("copy"));
        const orm::RecordPtr fourth = picker.results().at(3);

        // When "copy" is typed, not picked, it names nobody in particular
        picker.setText(QStringLiteral("copy"));
        QVERIFY(!picker.currentRecord());
        // When an entry's text is typed, it names that entry's record
        picker.setText(QStringLiteral("copy (#%1)").arg(fourth->id().toLongLong()));
        QCOMPARE(picker.currentRecord(), fourth);
        // And a unique name still needs no key
        picker.setText(QStringLiteral("buzz"));
        QVERIFY(picker.currentRecord());
        QCOMPARE(picker.currentRecord()->displayText(), QStringLiteral("Buzz"));
    }

    void shouldSayWhenATypedNameIsSharedAndTakeAUniqueOne() {
        // Given the Borrower cell of It (borrowed by Andy)
        RecordTableModel *books = model(booksTable());
        const int it = rowWithText(books, Book::TitleColumn, QStringLiteral("It"));
        const QModelIndex cell = books->index(it, Book::BorrowerIdColumn);
        const orm::RecordPtr before =
            cell.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>();
        QSignalSpy refused(books, &RecordTableModel::editRefused);

        // When "copy", the name of five users, is typed into it
        const bool taken = books->setData(cell, QStringLiteral("copy"), Qt::EditRole);

        // Then the edit is refused with a sentence saying why, and nothing is staged
        QVERIFY(!taken);
        QCOMPARE(refused.size(), 1);
        const QString message = refused.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("More than one User")) &&
                     message.contains(QStringLiteral("copy")),
                 qPrintable(message));
        QCOMPARE(cell.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>(), before);
        QVERIFY(!session().hasChanges());

        // When a name only one user has is typed, that user is taken
        QVERIFY(books->setData(cell, QStringLiteral("Buzz"), Qt::EditRole));
        const orm::RecordPtr buzz =
            cell.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>();
        QVERIFY(buzz);
        QCOMPARE(buzz->displayText(), QStringLiteral("Buzz"));
        QVERIFY(session().hasChanges());

        // When the name is typed in other letter cases, it names the same user (as in the picker)
        QVERIFY(books->setData(cell, QStringLiteral("bUZZ"), Qt::EditRole));
        QCOMPARE(cell.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>(), buzz);

        // When four of the five 'copy' users are marked for delete, "COPY" names the fifth
        orm::Query copies;
        copies.where = QStringLiteral("name = ?");
        copies.binds = {QStringLiteral("copy")};
        const orm::RecordList users = session().query(User::staticTable(), copies);
        QCOMPARE(users.size(), 5);
        for (int i = 0; i < 4; ++i)
            QVERIFY(session().remove(users.at(i)));
        QVERIFY(books->setData(cell, QStringLiteral("COPY"), Qt::EditRole));
        QCOMPARE(cell.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>(),
                 users.at(4));
    }

    void shouldOfferNoWayToDeleteWhatTheDatabaseRefuses() {
        // Given a parent with three children the database keeps (ON DELETE RESTRICT, passive
        // deletes), committed, and not loaded
        const auto metadata = shelftest::passiveDeleteMetadata(orm::OnDelete::Restrict);
        shelftest::TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        const orm::Table &parents = *metadata->table(QStringLiteral("parents"));
        orm::Session session(db.connection(), *metadata);
        const orm::RecordPtr parent = commitShelfWithThreeBoxes(session, *metadata);
        QVERIFY2(parent, qPrintable(session.lastError().fullText()));
        session.expungeAll();

        // When the delete of the parent is previewed
        orm::RecordPtr reloaded = session.get(parents, parent->id());
        QVERIFY(reloaded);
        ui::DeletePreviewDialog dialog(session.previewDelete(reloaded));

        // Then it is blocked by three rows, counted as rows; there is neither a Delete button nor
        // a "Show blocking records" that would show nothing
        QVERIFY2(dialog.headline().contains(QStringLiteral("cannot be deleted")),
                 qPrintable(dialog.headline()));
        QVERIFY2(dialog.summary().contains(QStringLiteral("RESTRICT or NO ACTION): 3.")) &&
                     !dialog.summary().contains(QStringLiteral("required reference")),
                 qPrintable(dialog.summary()));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("deleteButton")));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("showBlockersButton")));
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("cancelButton")));
    }

    void shouldShowWhatTheDatabaseDoesItself() {
        // Given a parent with three children whose rows the database deletes itself (ON DELETE
        // CASCADE, passive deletes), committed to a SQLite file
        const auto metadata = shelftest::passiveDeleteMetadata();
        shelftest::TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        const orm::Table &parents = *metadata->table(QStringLiteral("parents"));
        orm::Session session(db.connection(), *metadata);
        const orm::RecordPtr parent = commitShelfWithThreeBoxes(session, *metadata);
        QVERIFY2(parent, qPrintable(session.lastError().fullText()));
        session.expungeAll(); // the children are not loaded: only the database knows them

        // When the delete of the parent is previewed
        orm::RecordPtr reloaded = session.get(parents, parent->id());
        QVERIFY(reloaded);
        ui::DeletePreviewDialog dialog(session.previewDelete(reloaded));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // Then the group is shown, counts the three rows, and is tagged as the database's work
        using Group = ui::DeletePreviewDialog::Group;
        QTreeWidgetItem *group = dialog.groupItem(Group::DatabaseEffects);
        QVERIFY(group);
        QVERIFY(!group->isHidden());
        QCOMPARE(dialog.groupCount(Group::DatabaseEffects), 3);
        QVERIFY2(group->text(0).contains(QStringLiteral("database")), qPrintable(group->text(0)));
        QVERIFY2(group->text(0).contains(QStringLiteral("3")), qPrintable(group->text(0)));
        QCOMPARE(group->childCount(), 1);
        QTreeWidgetItem *effect = group->child(0);
        QVERIFY2(effect->text(0).startsWith(QStringLiteral("[database]")),
                 qPrintable(effect->text(0)));
        QVERIFY2(effect->text(0).contains(QStringLiteral("children")), qPrintable(effect->text(0)));
        QCOMPARE(effect->childCount(), 1); // the reason, on a line of its own
        QVERIFY2(effect->child(0)->text(0).contains(QStringLiteral("ON DELETE CASCADE")),
                 qPrintable(effect->child(0)->text(0)));
        // And only the parent is listed as a record the session deletes
        QCOMPARE(dialog.groupCount(Group::Deleted), 1);
        QVERIFY(dialog.summary().contains(QStringLiteral("database")));
        QVERIFY(dialog.deleteButton());
        uitest::saveScreenshot(&dialog, QStringLiteral("delete-preview-database-effects"));
    }

    void shouldCountALargeCascadeAndListItsRowsAPageAtATime() {
        // Given an author with 120 books, a review each, and a session that lists at most 100
        // rows of a cascade level before it counts them
        constexpr int Books = 120;
        constexpr int Page = ui::DeletePreviewDialog::CountedPageRows;
        shelftest::TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        orm::Session session(db.connection(), library::metadata());
        QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
        QVERIFY2(shelftest::seedOneLargeAuthor(db, Books), qPrintable(db.errorString()));
        session.setDeletePreviewListLimit(100);

        // When the delete of the author is previewed
        const orm::RecordPtr author = session.get(library::authorsTable(), 1);
        QVERIFY(author);
        ui::DeletePreviewDialog dialog(session.previewDelete(author));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // Then the group counts the author, the books and their reviews, by table
        using Group = ui::DeletePreviewDialog::Group;
        QCOMPARE(dialog.groupCount(Group::Deleted), 1 + 2 * Books);
        QVERIFY2(dialog.summary().contains(QStringLiteral("%1 \u00d7 Book").arg(Books)),
                 qPrintable(dialog.summary()));
        // And under the author, "120 rows of books" lists the first page of them by name, and an
        // entry that lists more; the reviews are counted under the books
        QTreeWidgetItem *authorItem = dialog.groupItem(Group::Deleted)->child(0);
        QCOMPARE(authorItem->text(0), author->displayName());
        QCOMPARE(authorItem->childCount(), 1);
        QTreeWidgetItem *books = authorItem->child(0);
        QCOMPARE(books->text(0), QStringLiteral("%1 rows of books").arg(Books));
        QCOMPARE(books->text(1), QStringLiteral("deleted with their author"));
        QCOMPARE(books->child(1)->text(0), QStringLiteral("Book 'Book 1'"));
        const auto childStartingWith = [books](const QString &start) -> QTreeWidgetItem * {
            for (int i = 0; i < books->childCount(); ++i) {
                if (books->child(i)->text(0).startsWith(start))
                    return books->child(i);
            }
            return nullptr;
        };
        QTreeWidgetItem *reviews = books->child(0); // first, folded
        QCOMPARE(reviews->text(0), QStringLiteral("%1 rows of reviews").arg(Books));
        QVERIFY(!reviews->isExpanded());
        QTreeWidgetItem *more = childStartingWith(QStringLiteral("Show "));
        QVERIFY(more);
        QCOMPARE(books->indexOfChild(more), 1 + Page);
        QCOMPARE(
            more->text(0),
            QStringLiteral("Show %1 more (%2 not listed yet)\u2026").arg(Page).arg(Books - Page));

        dialog.tree()->scrollToTop();
        uitest::saveScreenshot(&dialog, QStringLiteral("delete-preview-counted"));

        // When the user presses Enter on it, twice (the dialog's default button is Delete)
        for (int round = 0; round < 2; ++round) {
            QTreeWidgetItem *next = childStartingWith(QStringLiteral("Show "));
            QVERIFY(next);
            dialog.tree()->setFocus();
            dialog.tree()->setCurrentItem(next);
            QTest::keyClick(dialog.tree(), Qt::Key_Return);
            QVERIFY2(dialog.isVisible() && dialog.result() == 0, "Enter deleted instead");
        }
        QVERIFY(!childStartingWith(QStringLiteral("Show ")));

        // Then every book is listed, once, and nothing more is offered
        QStringList names;
        for (int i = 0; i < books->childCount(); ++i) {
            if (books->child(i) != reviews)
                names << books->child(i)->text(0);
        }
        QCOMPARE(names.size(), Books);
        QCOMPARE(names.last(), QStringLiteral("Book 'Book %1'").arg(Books));
        names.removeDuplicates();
        QCOMPARE(names.size(), Books);
    }
};

QTEST_MAIN(tst_Panes)
#include "tst_panes.moc"
