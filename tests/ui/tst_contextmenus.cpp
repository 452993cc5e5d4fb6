// The tables' context menus (on cells, row headers and column headers) and Tab moving between
// cells inside a table (issue 10, item 10).

#include "uitesthelpers.h"

#include "ui/tablemenus.h"

#include "library/library.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace library;
using ui::RecordTableModel;

class tst_ContextMenus : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    static QAction *entry(QMenu *menu, const QString &text) {
        for (QAction *action : menu->actions()) {
            if (QString(action->text()).remove(QLatin1Char('&')) == text)
                return action;
        }
        return nullptr;
    }
    static QStringList texts(QMenu *menu) {
        QStringList result;
        for (QAction *action : menu->actions()) {
            if (!action->isSeparator())
                result << QString(action->text()).remove(QLatin1Char('&'));
        }
        return result;
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldOfferTheCellsActionsAndOpenTheReferencedRecord() {
        // Given the Author cell of It
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const QModelIndex author =
            m->index(rowWithText(m, Book::TitleColumn, QStringLiteral("It")), Book::AuthorIdColumn);
        // When its context menu is opened
        std::unique_ptr<QMenu> menu(
            ui::tablemenus::cellMenu(books, author, window().browser(), action("actionDelete")));
        // Then it offers what applies there: a required reference cannot be emptied
        QCOMPARE(texts(menu.get()),
                 (QStringList{QStringLiteral("Edit"), QStringLiteral("Set to NULL"),
                              QStringLiteral("Copy"), QStringLiteral("Save Value As\u2026"),
                              QStringLiteral("Load Value From File\u2026"),
                              QStringLiteral("Open Author 'Stephen King'"),
                              QStringLiteral("Delete Record\u2026")}));
        QVERIFY(entry(menu.get(), QStringLiteral("Edit"))->isEnabled());
        QVERIFY(!entry(menu.get(), QStringLiteral("Set to NULL"))->isEnabled());
        menu->popup(books->viewport()->mapToGlobal(books->visualRect(author).center()));
        uitest::saveScreenshot(menu.get(), QStringLiteral("context-menu-cell"));
        menu->hide();
        // Copy puts the shown text on the clipboard
        entry(menu.get(), QStringLiteral("Copy"))->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Stephen King"));
        // Open shows the author in the Authors table
        entry(menu.get(), QStringLiteral("Open Author 'Stephen King'"))->trigger();
        QCOMPARE(window().browser()->currentModel(), model(authorsTable()));
        QCOMPARE(window().browser()->activeRecord(),
                 record(authorsTable(), Author::NameColumn, QStringLiteral("Stephen King")));
    }

    void shouldOpenTheCurrentCellsMenuWithTheMenuKey() {
        // Given the Author cell of the first book current
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        books->setFocus();
        books->setCurrentIndex(m->index(0, Book::AuthorIdColumn));
        const QString author = m->index(0, Book::AuthorIdColumn).data().toString();
        // When the Menu key asks for a context menu (its event names no position of a cell)
        QContextMenuEvent request(QContextMenuEvent::Keyboard, QPoint(1, 1),
                                  books->viewport()->mapToGlobal(QPoint(1, 1)));
        QApplication::sendEvent(books->viewport(), &request);
        // Then the menu is the current cell's
        auto *menu = books->findChild<QMenu *>(QStringLiteral("cellMenu"));
        QVERIFY(menu);
        QVERIFY2(texts(menu).contains(QStringLiteral("Open Author '%1'").arg(author)),
                 qPrintable(texts(menu).join(',')));
        menu->close();
        delete menu;
        // And a right click on another cell makes that cell current and opens its menu
        const QModelIndex title = m->index(1, Book::TitleColumn);
        const QPoint at = books->visualRect(title).center();
        QContextMenuEvent click(QContextMenuEvent::Mouse, at, books->viewport()->mapToGlobal(at));
        QApplication::sendEvent(books->viewport(), &click);
        QCOMPARE(books->currentIndex(), title);
        menu = books->findChild<QMenu *>(QStringLiteral("cellMenu"));
        QVERIFY(menu);
        QVERIFY(!texts(menu).join(',').contains(QStringLiteral("Open ")));
        menu->close();
    }

    void shouldEmptyANullableReference() {
        window().browser()->setCurrentTable(booksTable());
        RecordTableModel *m = model(booksTable());
        const QModelIndex borrower = m->index(
            rowWithText(m, Book::TitleColumn, QStringLiteral("It")), Book::BorrowerIdColumn);
        QVERIFY(!borrower.data().toString().isEmpty());
        std::unique_ptr<QMenu> menu(
            ui::tablemenus::cellMenu(view(booksTable()), borrower, window().browser(), nullptr));
        QAction *clear = entry(menu.get(), QStringLiteral("Set to NULL"));
        QVERIFY(clear && clear->isEnabled());
        clear->trigger();
        QVERIFY(borrower.data(Qt::EditRole).isNull());
        QVERIFY(borrower.data(RecordTableModel::ModifiedRole).toBool());
        QVERIFY(action("actionUndo")->isEnabled()); // staged like any edit
    }

    void shouldDeleteTheRowTheMenuWasOpenedOn() {
        // Given the Users table, Andy current, and the row header menu of the first 'copy'
        window().browser()->setCurrentTable(usersTable());
        QTableView *users = view(usersTable());
        RecordTableModel *m = model(usersTable());
        const int copy = rowWithText(m, User::NameColumn, QStringLiteral("copy"));
        users->setCurrentIndex(
            m->index(rowWithText(m, User::NameColumn, QStringLiteral("Andy")), User::NameColumn));
        QHeaderView *header = users->verticalHeader();
        const QPoint at(header->width() / 2, header->sectionViewportPosition(copy) + 2);
        // When the row header's menu is asked for (the row is selected first) and Delete chosen
        Q_EMIT header->customContextMenuRequested(at);
        auto *menu = users->findChild<QMenu *>(QStringLiteral("rowMenu"));
        QVERIFY(menu);
        QVERIFY(texts(menu).contains(QStringLiteral("Copy Row")));
        entry(menu, QStringLiteral("Delete Record\u2026"))->trigger();
        menu->close();
        // Then that row's record is marked, not Andy
        QVERIFY(m->record(copy)->isMarkedForDelete());
        QVERIFY(
            !record(usersTable(), User::NameColumn, QStringLiteral("Andy"))->isMarkedForDelete());
    }

    void shouldSortAndHideFromTheColumnHeader() {
        window().browser()->setCurrentTable(authorsTable());
        QTableView *authors = view(authorsTable());
        RecordTableModel *m = model(authorsTable());
        std::unique_ptr<QMenu> menu(ui::tablemenus::columnMenu(authors, Author::NameColumn));
        QCOMPARE(texts(menu.get()),
                 (QStringList{QStringLiteral("Sort Ascending"), QStringLiteral("Sort Descending"),
                              QStringLiteral("Hide Column"), QStringLiteral("Show All Columns")}));
        QVERIFY(!entry(menu.get(), QStringLiteral("Show All Columns"))->isEnabled());
        entry(menu.get(), QStringLiteral("Sort Descending"))->trigger();
        QCOMPARE(m->index(0, Author::NameColumn).data().toString(), QStringLiteral("Stephen King"));
        entry(menu.get(), QStringLiteral("Sort Ascending"))->trigger();
        QCOMPARE(m->index(0, Author::NameColumn).data().toString(),
                 QStringLiteral("Michael Crichton"));
        entry(menu.get(), QStringLiteral("Hide Column"))->trigger();
        QVERIFY(authors->isColumnHidden(Author::NameColumn));
        std::unique_ptr<QMenu> again(ui::tablemenus::columnMenu(authors, Author::IdColumn));
        // The last visible column cannot be hidden; Show All brings the hidden one back
        QVERIFY(!entry(again.get(), QStringLiteral("Hide Column"))->isEnabled());
        entry(again.get(), QStringLiteral("Show All Columns"))->trigger();
        QVERIFY(!authors->isColumnHidden(Author::NameColumn));
    }

    void shouldMoveBetweenCellsWithTab() {
        // Given the Books table with the Title of the first row current
        window().browser()->setCurrentTable(booksTable());
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        books->setFocus();
        books->setCurrentIndex(m->index(0, Book::TitleColumn));
        // Tab moves right inside the table, Shift+Tab back, and the table keeps the focus
        QTest::keyClick(books, Qt::Key_Tab);
        QCOMPARE(books->currentIndex(), m->index(0, Book::AuthorIdColumn));
        QCOMPARE(QApplication::focusWidget(), books);
        QTest::keyClick(books, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(books->currentIndex(), m->index(0, Book::TitleColumn));
        QCOMPARE(QApplication::focusWidget(), books);
    }
};

QTEST_MAIN(tst_ContextMenus)
#include "tst_contextmenus.moc"
