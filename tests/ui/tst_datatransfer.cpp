// Issue 14 in the real main window: Copy (as shown, raw, with headers) puts TSV, CSV and HTML on
// the clipboard; Paste checks every cell, stages the block as one undo step, makes new records of
// the rows past the end, and refuses a bad cell by row and column with nothing staged; Duplicate
// Record and Set Selected Cells; the Import CSV and Export dialogs, with screenshots.

#include "uitesthelpers.h"

#include "ui/datatransfer.h"
#include "ui/edithistory.h"
#include "ui/exportdialog.h"
#include "ui/foreignkeypicker.h"
#include "ui/importcsvdialog.h"
#include "ui/recordtablemodel.h"
#include "ui/setcellsdialog.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QRadioButton>
#include <QScopeGuard>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>

using namespace library;
using ui::RecordTableModel;

class tst_DataTransfer : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    ui::DataTransfer &transfer() { return *window().dataTransfer(); }
    QUndoStack &undoStack() { return *window().editHistory()->undoStack(); }

    /// Selects these cells of the view (and makes the first current), as clicks would.
    void select(QTableView *view, const QList<QPair<int, int>> &cells) {
        for (const orm::Table *table : library::metadata().tables()) {
            if (this->view(*table) == view)
                window().browser()->setCurrentTable(*table);
        }
        view->setFocus();
        QTRY_COMPARE(window().browser()->activeView(), view);
        view->selectionModel()->clear();
        for (const auto &[row, column] : cells)
            view->selectionModel()->select(view->model()->index(row, column),
                                           QItemSelectionModel::Select);
        view->selectionModel()->setCurrentIndex(
            view->model()->index(cells.first().first, cells.first().second),
            QItemSelectionModel::NoUpdate);
    }

    void setClipboardText(const QString &text) {
        QApplication::clipboard()->setText(text);
        QCOMPARE(QApplication::clipboard()->text(), text);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldOfferImportAndExportInTheFileMenu() {
        QMenu *file = window().menuBar()->findChildren<QMenu *>().first();
        QStringList texts;
        for (QAction *entry : file->actions())
            texts << entry->text();
        QVERIFY2(texts.contains(QStringLiteral("&Import CSV or JSON\u2026")),
                 qPrintable(texts.join('|')));
        QVERIFY(texts.contains(QStringLiteral("&Export\u2026")));
        QCOMPARE(action("actionDuplicate")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    }

    void shouldCopyCellsAsTsvCsvAndHtmlWithLabels() {
        // Given two books' titles and authors selected
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int it = rowWithText(m, Book::TitleColumn, QStringLiteral("It"));
        const int park = rowWithText(m, Book::TitleColumn, QStringLiteral("Jurassic Park"));
        QVERIFY(it >= 0 && park >= 0);
        select(books, {{it, Book::TitleColumn},
                       {it, Book::AuthorIdColumn},
                       {park, Book::TitleColumn},
                       {park, Book::AuthorIdColumn}});
        m_seeded->window->browser()->setFocus();
        books->setFocus();
        // When Ctrl+C is pressed
        QTest::keySequence(books, QKeySequence::Copy);
        // Then the clipboard holds the cells as shown (authors by name) in three forms
        const QMimeData *data = QApplication::clipboard()->mimeData();
        const QString expected =
            it < park ? QStringLiteral("It\tStephen King\r\nJurassic Park\tMichael Crichton\r\n")
                      : QStringLiteral("Jurassic Park\tMichael Crichton\r\nIt\tStephen King\r\n");
        QCOMPARE(data->text(), expected);
        QVERIFY(data->data(QStringLiteral("text/csv")).contains("It,Stephen King\r\n"));
        QVERIFY(data->html().contains(QStringLiteral("<td>Stephen King</td>")));
        // And Ctrl+Shift+C copies the raw key instead
        QTest::keySequence(books, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        const QString kingId = m->record(it)->value(Book::AuthorIdColumn).toString();
        QVERIFY2(
            QApplication::clipboard()->text().contains(QStringLiteral("It\t") + kingId + "\r\n"),
            qPrintable(QApplication::clipboard()->text()));
    }

    void shouldSelectAColumnOnAHeaderClickAndCopyItsCells() {
        // Given the books sorted by key, the current cell in the first row
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        select(books, {{0, Book::IdColumn}});
        QHeaderView *header = books->horizontalHeader();
        const int sortedBy = header->sortIndicatorSection();
        const Qt::SortOrder order = header->sortIndicatorOrder();
        QStringList titles;
        for (int row = 0; row < m->rowCount(); ++row)
            titles << m->index(row, Book::TitleColumn).data().toString();
        QVERIFY(titles.size() >= 3);
        const QPoint title(header->sectionViewportPosition(Book::TitleColumn) +
                               header->sectionSize(Book::TitleColumn) / 2,
                           header->height() / 2);
        // When the Title header is clicked
        QTest::mouseClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, title);
        // Then the whole column is selected, and the order (and the rows) stayed as they were
        QVERIFY(books->selectionModel()->isColumnSelected(Book::TitleColumn, QModelIndex()));
        QCOMPARE(books->selectionModel()->selectedIndexes().size(), titles.size());
        QCOMPARE(header->sortIndicatorSection(), sortedBy);
        QCOMPARE(header->sortIndicatorOrder(), order);
        QCOMPARE(m->index(0, Book::TitleColumn).data().toString(), titles.first());
        // When Ctrl+C is pressed: the column's cells are copied, one per line, in the grid's order
        books->setFocus();
        QTest::keySequence(books, QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), titles.join(QStringLiteral("\r\n")) + "\r\n");
        // When Ctrl+click on the Year header: the two columns are selected
        const QPoint year(header->sectionViewportPosition(Book::PublicationYearColumn) +
                              header->sectionSize(Book::PublicationYearColumn) / 2,
                          header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, Qt::ControlModifier, year);
        QVERIFY(books->selectionModel()->isColumnSelected(Book::TitleColumn, QModelIndex()));
        QVERIFY(
            books->selectionModel()->isColumnSelected(Book::PublicationYearColumn, QModelIndex()));
        // When the Title header is double-clicked: the rows are sorted by title, then the other way
        QTest::mouseDClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, title);
        QCOMPARE(header->sortIndicatorSection(), int(Book::TitleColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        const auto shown = [m] {
            QStringList texts;
            for (int row = 0; row < m->rowCount(); ++row)
                texts << m->index(row, Book::TitleColumn).data().toString();
            return texts;
        };
        const QStringList ascending = shown();
        QTest::mouseDClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, title);
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QStringList descending = shown();
        std::reverse(descending.begin(), descending.end());
        QCOMPARE(descending, ascending);
        QStringList before = titles, after = ascending;
        before.sort();
        after.sort();
        QCOMPARE(after, before);
    }

    void shouldPasteABlockAsOneUndoStepWithNewRowsPastTheEnd() {
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int last = m->rowCount() - 1;
        const orm::RecordPtr lastRecord = m->record(last);
        const QString before = lastRecord->value(Book::TitleColumn).toString();
        const int rowsBefore = m->rowCount();
        const int steps = undoStack().count();
        // Given a block of two rows, the second past the last row
        setClipboardText(QStringLiteral("Carrie\tStephen King\nSphere\tmichael crichton\n"));
        select(books, {{last, Book::TitleColumn}});
        // When Ctrl+V is pressed
        QTest::keySequence(books, QKeySequence::Paste);
        // Then the last row took the first line and a new record the second, in one undo step
        QCOMPARE(lastRecord->value(Book::TitleColumn).toString(), QStringLiteral("Carrie"));
        QCOMPARE(m->rowCount(), rowsBefore + 1);
        const orm::RecordList added = session().newRecords(booksTable());
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first()->value(Book::TitleColumn).toString(), QStringLiteral("Sphere"));
        QCOMPARE(added.first()
                     ->parent(*booksTable().relationshipForColumn(Book::AuthorIdColumn))
                     ->displayText(),
                 QStringLiteral("Michael Crichton"));
        QCOMPARE(undoStack().count(), steps + 1);
        // And one Undo takes all of it back
        action("actionUndo")->trigger();
        QCOMPARE(lastRecord->value(Book::TitleColumn).toString(), before);
        QCOMPARE(session().newRecords(booksTable()).size(), 0);
        QCOMPARE(m->rowCount(), rowsBefore);
        QVERIFY(!session().hasChanges());
        // And Redo puts it back; Commit writes it
        action("actionRedo")->trigger();
        QCOMPARE(session().newRecords(booksTable()).size(), 1);
        action("actionCommit")->trigger();
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT count(*) FROM books WHERE title IN "
                                            "('Carrie', 'Sphere')"))
                     .toInt(),
                 2);
    }

    void shouldRefuseAPasteNamingTheCellAndStageNothing() {
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int steps = undoStack().count();
        // Given a block whose second row names an author who does not exist
        setClipboardText(QStringLiteral("Carrie\tStephen King\nNobody's Book\tNobody\n"));
        select(books, {{0, Book::TitleColumn}});
        const QString before = m->index(0, Book::TitleColumn).data().toString();
        QVERIFY(!transfer().paste());
        // Then the message names the row and the column, and nothing is staged
        QVERIFY2(transfer().lastMessage().contains(QStringLiteral("Row 2, column Author")),
                 qPrintable(transfer().lastMessage()));
        QVERIFY(transfer().lastMessage().contains(QStringLiteral("Nobody")));
        QCOMPARE(m->index(0, Book::TitleColumn).data().toString(), before);
        QVERIFY(!session().hasChanges());
        QCOMPARE(undoStack().count(), steps);
        // And a read-only column refuses with its reason
        setClipboardText(QStringLiteral("99"));
        select(books, {{0, Book::IdColumn}});
        QVERIFY(!transfer().paste());
        QVERIFY2(transfer().lastMessage().contains(QStringLiteral("read-only")),
                 qPrintable(transfer().lastMessage()));
        // And a million cells are refused before anything is read into the grid
        setClipboardText(QString(QStringLiteral("x\t")).repeated(999) + QStringLiteral("x\n"));
        QApplication::clipboard()->setText(QApplication::clipboard()->text().repeated(1000));
        select(books, {{0, Book::TitleColumn}});
        QVERIFY(!transfer().paste());
        QVERIFY2(transfer().lastMessage().contains(QStringLiteral("1,000,000 cells")),
                 qPrintable(transfer().lastMessage()));
        QVERIFY(!session().hasChanges());
    }

    void shouldPasteOneValueIntoEachSelectedCellAndABlockAtTheSelectionsTop() {
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const auto titles = [m] {
            QStringList texts;
            for (int row = 0; row < m->rowCount(); ++row)
                texts << m->index(row, Book::TitleColumn).data().toString();
            return texts;
        };
        const QStringList before = titles();
        QCOMPARE(before.size(), 3);
        const int steps = undoStack().count();
        // Given one copied value and the three titles selected by a drag (or Shift+click) that
        // ended on the last, the current cell
        setClipboardText(QStringLiteral("Same Title"));
        select(books, {{0, Book::TitleColumn}, {1, Book::TitleColumn}, {2, Book::TitleColumn}});
        books->selectionModel()->setCurrentIndex(m->index(2, Book::TitleColumn),
                                                 QItemSelectionModel::NoUpdate);
        // When it is pasted
        QVERIFY2(transfer().paste(), qPrintable(transfer().lastMessage()));
        // Then every selected cell takes it, as one step to undo
        QCOMPARE(titles(), QStringList(3, QStringLiteral("Same Title")));
        QCOMPARE(undoStack().count(), steps + 1);
        action("actionUndo")->trigger();
        QCOMPARE(titles(), before);

        // Given a block of two titles and the last two rows selected from the bottom up
        setClipboardText(QStringLiteral("First\nSecond\n"));
        select(books, {{2, Book::TitleColumn}, {1, Book::TitleColumn}});
        // When it is pasted
        QVERIFY2(transfer().paste(), qPrintable(transfer().lastMessage()));
        // Then it goes at the selection's top, as a spreadsheet puts it: no row is added
        QCOMPARE(titles(),
                 (QStringList{before.at(0), QStringLiteral("First"), QStringLiteral("Second")}));
        QCOMPARE(session().newRecords(booksTable()).size(), 0);
    }

    void shouldPasteTenThousandCells() {
        // Given 5,000 rows of title and author (10,000 cells) pasted past the end
        QString block;
        for (int i = 0; i < 5000; ++i)
            block += QStringLiteral("Book %1\tStephen King\n").arg(i);
        setClipboardText(block);
        QTableView *books = view(booksTable());
        select(books, {{0, Book::TitleColumn}});
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(transfer().paste(), qPrintable(transfer().lastMessage()));
        // The budget (200 ms) is a benchmark's to judge; the figure is printed for the README.
        qInfo("pasting 10,000 cells staged in %lld ms", static_cast<long long>(timer.elapsed()));
        QCOMPARE(session().newRecords(booksTable()).size(), 5000 - 3); // 3 books were there
        action("actionCommit")->trigger();
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM books")).toInt(), 5000);
    }

    void shouldDuplicateTheSelectedRecords() {
        QTableView *authors = view(authorsTable());
        RecordTableModel *m = model(authorsTable());
        const int king = rowWithText(m, Author::NameColumn, QStringLiteral("Stephen King"));
        const int crichton = rowWithText(m, Author::NameColumn, QStringLiteral("Michael Crichton"));
        select(authors, {{king, Author::NameColumn}, {crichton, Author::NameColumn}});
        const int steps = undoStack().count();
        QTest::keySequence(authors, QKeySequence(Qt::CTRL | Qt::Key_D));
        const orm::RecordList copies = session().newRecords(authorsTable());
        QCOMPARE(copies.size(), 2);
        QStringList names;
        for (const orm::RecordPtr &copy : copies) {
            names << copy->value(Author::NameColumn).toString();
            QVERIFY(copy->id().isNull()); // the database gives the key
        }
        names.sort();
        QCOMPARE(names, QStringList({"Michael Crichton", "Stephen King"}));
        QCOMPARE(undoStack().count(), steps + 1);
        action("actionUndo")->trigger();
        QCOMPARE(session().newRecords(authorsTable()).size(), 0);
    }

    void shouldSetOneValueIntoEverySelectedCell() {
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        select(books, {{0, Book::BorrowerIdColumn},
                       {1, Book::BorrowerIdColumn},
                       {2, Book::BorrowerIdColumn}});
        QVERIFY2(transfer().setSelectedCells(QStringLiteral("Buzz")),
                 qPrintable(transfer().lastMessage()));
        for (int row = 0; row < 3; ++row)
            QCOMPARE(m->index(row, Book::BorrowerIdColumn).data().toString(),
                     QStringLiteral("Buzz"));
        // A value the column cannot take sets nothing
        select(books, {{0, Book::TitleColumn}, {1, Book::TitleColumn}});
        const QString before = m->index(0, Book::TitleColumn).data().toString();
        QVERIFY(!transfer().setSelectedCells(QString()));
        QVERIFY2(transfer().lastMessage().contains(QStringLiteral("Row 1, column Title")),
                 qPrintable(transfer().lastMessage()));
        QCOMPARE(m->index(0, Book::TitleColumn).data().toString(), before);
        // Cells of two columns are refused: one value goes into one column
        select(books, {{0, Book::TitleColumn}, {0, Book::BorrowerIdColumn}});
        QVERIFY(!transfer().setSelectedCells(QStringLiteral("x")));
    }

    void shouldNameEachUndoStepAfterWhatTheUserDid() {
        // Given three books' titles set through Set Selected Cells…
        QTableView *books = view(booksTable());
        select(books, {{0, Book::TitleColumn}, {1, Book::TitleColumn}, {2, Book::TitleColumn}});
        QVERIFY2(transfer().setSelectedCells(QStringLiteral("Untitled")),
                 qPrintable(transfer().lastMessage()));
        // Then Undo names the set, not the paste it is staged as
        QCOMPARE(undoStack().undoText(), QStringLiteral("Set 3 cells"));
        action("actionUndo")->trigger();
        QCOMPARE(window().statusBar()->currentMessage(), QStringLiteral("Undone: Set 3 cells"));
        // And a set of one cell names its column
        select(books, {{0, Book::TitleColumn}});
        QVERIFY2(transfer().setSelectedCells(QStringLiteral("Untitled")),
                 qPrintable(transfer().lastMessage()));
        QCOMPARE(undoStack().undoText(), QStringLiteral("Set Title"));
        // And a paste of one value into several cells stays a paste
        setClipboardText(QStringLiteral("Copied"));
        select(books, {{0, Book::TitleColumn}, {1, Book::TitleColumn}});
        QVERIFY(transfer().paste());
        QCOMPARE(undoStack().undoText(), QStringLiteral("Paste 2 cells"));

        // Duplicate and Delete name theirs
        QTableView *authors = view(authorsTable());
        RecordTableModel *m = model(authorsTable());
        const int king = rowWithText(m, Author::NameColumn, QStringLiteral("Stephen King"));
        const int crichton = rowWithText(m, Author::NameColumn, QStringLiteral("Michael Crichton"));
        select(authors, {{king, Author::NameColumn}, {crichton, Author::NameColumn}});
        QVERIFY(transfer().duplicate());
        QCOMPARE(undoStack().undoText(), QStringLiteral("Duplicate 2 records"));
        QVERIFY(
            window().editHistory()->remove(orm::RecordList{m->record(king), m->record(crichton)}));
        QCOMPARE(undoStack().undoText(), QStringLiteral("Delete 2 records"));
        action("actionUndo")->trigger();
        QCOMPARE(window().statusBar()->currentMessage(),
                 QStringLiteral("Undone: Delete 2 records"));
        action("actionUndo")->trigger();
        QCOMPARE(window().statusBar()->currentMessage(),
                 QStringLiteral("Undone: Duplicate 2 records"));

        // And Import names the rows it staged
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("books.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Title,Author\nCarrie,Stephen King\nSphere,Michael Crichton\n");
        file.close();
        window().browser()->setCurrentTable(booksTable());
        ui::ImportCsvDialog *dialog = transfer().importCsv(path);
        QVERIFY(dialog);
        QCOMPARE(dialog->importNow().rowsStaged, 2);
        QCOMPARE(undoStack().undoText(), QStringLiteral("Import 2 rows into Books"));
    }

    void shouldGroupTheDigitsOfEveryCountOfRowsAndChanges() {
        // Given English (United States), whatever the machine's locale
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const auto restore = qScopeGuard([previous] { QLocale::setDefault(previous); });
        // When 1,200 books are imported from a file
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("many.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Title,Author\n");
        for (int i = 0; i < 1200; ++i)
            file.write(QStringLiteral("Book %1,Stephen King\n").arg(i).toUtf8());
        file.close();
        window().browser()->setCurrentTable(booksTable());
        ui::ImportCsvDialog *dialog = transfer().importCsv(path);
        QVERIFY(dialog);
        QCOMPARE(dialog->importNow().rowsStaged, 1200);
        // Then the undo step, the pending count and the status after Undo group their digits
        QCOMPARE(undoStack().undoText(), QStringLiteral("Import 1,200 rows into Books"));
        auto *pending = window().findChild<QLabel *>(QStringLiteral("pendingCountLabel"));
        QVERIFY(pending);
        QTRY_COMPARE(pending->text(), QStringLiteral("Pending changes: 1,200"));
        action("actionUndo")->trigger();
        QCOMPARE(window().statusBar()->currentMessage(),
                 QStringLiteral("Undone: Import 1,200 rows into Books"));
        QTRY_COMPARE(pending->text(), QStringLiteral("No pending changes"));
        // And a rollback's question counts as the user reads numbers
        action("actionRedo")->trigger();
        prompter().confirmAnswer = false;
        action("actionRollback")->trigger();
        QVERIFY(!prompter().confirmTexts.isEmpty());
        QVERIFY2(prompter().confirmTexts.last().contains(QStringLiteral("all 1,200 staged")),
                 qPrintable(prompter().confirmTexts.last()));
    }

    void shouldPickTheReferenceForEverySelectedCellFromItsMatches() {
        // Given three books' borrowers selected
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        select(books, {{0, Book::BorrowerIdColumn},
                       {1, Book::BorrowerIdColumn},
                       {2, Book::BorrowerIdColumn}});
        // When Set Selected Cells… is chosen, part of a name typed and the match taken with Enter
        bool picked = false;
        QTimer::singleShot(0, this, [&picked] {
            QWidget *modal = QApplication::activeModalWidget();
            auto *dialog = qobject_cast<ui::SetCellsDialog *>(modal);
            if (!dialog || !dialog->picker()) {
                if (modal)
                    modal->close(); // another prompt: fail below, not hang
                return;
            }
            dialog->picker()->setText(QStringLiteral("uzz"));
            dialog->picker()->search(QStringLiteral("uzz"));
            picked = dialog->picker()->resultTexts() == QStringList{QStringLiteral("Buzz")};
            QTest::keyClick(dialog->picker(), Qt::Key_Return);
            if (dialog->isVisible())
                dialog->reject(); // the choice did not end the dialog: fail below, not hang
        });
        action("actionSetCells")->trigger();
        // Then the dialog offered the reference's matches, and every cell takes the one picked
        QVERIFY(picked);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(m->index(row, Book::BorrowerIdColumn).data().toString(),
                     QStringLiteral("Buzz"));
        QVERIFY2(transfer().lastMessage().startsWith(QStringLiteral("Set 3 cells")),
                 qPrintable(transfer().lastMessage()));
    }

    void shouldImportThroughTheDialog() {
        // Given a semicolon-separated file with a header, an unknown author on line 3
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("books.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Title;Author\nCarrie;Stephen King\nThe Dispossessed;Ursula K. Le Guin\n"
                   "Sphere;Michael Crichton\n");
        file.close();
        window().browser()->setCurrentTable(booksTable());
        ui::ImportCsvDialog *dialog = transfer().importCsv(path);
        QVERIFY(dialog);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        // Then what was detected is shown, the columns are mapped by name, the bad cell is marked
        QCOMPARE(
            dialog->findChild<QComboBox *>(QStringLiteral("delimiterCombo"))->currentData().toInt(),
            int(';'));
        QCOMPARE(dialog->options().mapping, QList<int>({Book::TitleColumn, Book::AuthorIdColumn}));
        auto *preview = dialog->findChild<QTableWidget *>(QStringLiteral("previewTable"));
        QCOMPARE(preview->rowCount(), 3);
        QVERIFY(preview->item(1, 1)->toolTip().contains(QStringLiteral("No Author matches")));
        QVERIFY(preview->item(0, 1)->toolTip().isEmpty());
        uitest::saveScreenshot(dialog, QStringLiteral("import-csv-dialog"));
        // When imported all or nothing: nothing is staged and line 3 is listed
        io::ImportResult result = dialog->importNow();
        QCOMPARE(result.rowsStaged, 0);
        QVERIFY(!session().hasChanges());
        auto *refusals = dialog->findChild<QListWidget *>(QStringLiteral("refusalsList"));
        QCOMPARE(refusals->count(), 1);
        QVERIFY(refusals->item(0)->text().startsWith(QStringLiteral("Line 3, column 2")));
        // shown whole in a narrow dialog too: wrapped to the list's width, not cut off
        dialog->resize(dialog->minimumSizeHint().width(), dialog->height());
        QApplication::processEvents();
        refusals->doItemsLayout();
        const QRect shown = refusals->visualItemRect(refusals->item(0));
        QVERIFY2(shown.right() < refusals->viewport()->width() &&
                     refusals->fontMetrics().horizontalAdvance(refusals->item(0)->text()) >
                         refusals->viewport()->width(),
                 qPrintable(u"%1 of %2"_qs.arg(shown.right()).arg(refusals->viewport()->width())));
        QVERIFY(shown.height() > refusals->fontMetrics().height() * 3 / 2); // on two lines or more
        // When the valid rows only are asked for: two books are staged, in one undo step
        dialog->findChild<QRadioButton *>(QStringLiteral("validOnlyRadio"))->setChecked(true);
        result = dialog->importNow();
        QCOMPARE(result.rowsStaged, 2);
        QCOMPARE(session().newRecords(booksTable()).size(), 2);
        uitest::saveScreenshot(dialog, QStringLiteral("import-csv-dialog-refused"));
        dialog->close();
        action("actionUndo")->trigger();
        QCOMPARE(session().newRecords(booksTable()).size(), 0);
    }

    void shouldCountOneImportedRowAsOneRow() {
        // Given a file of two books, the second by an author nobody knows
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("two.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Title,Author\nCarrie,Stephen King\nThe Dispossessed,Ursula K. Le Guin\n");
        file.close();
        window().browser()->setCurrentTable(booksTable());
        ui::ImportCsvDialog *dialog = transfer().importCsv(path);
        QVERIFY(dialog);

        // When the valid rows only are imported
        dialog->findChild<QRadioButton *>(QStringLiteral("validOnlyRadio"))->setChecked(true);
        QCOMPARE(dialog->importNow().rowsStaged, 1);

        // Then the dialog and the undo step count one row, not "1 rows"
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("problemLabel"))->text(),
                 QStringLiteral("1 row staged; 1 refused (listed below)."));
        QCOMPARE(undoStack().undoText(), QStringLiteral("Import 1 row into Books"));
        dialog->close();
        action("actionUndo")->trigger();
    }

    void shouldImportJsonThroughTheSameDialog() {
        // Given a JSON array of books keyed by column name, an unknown author in record 2 and a
        // year that is not a number in record 3
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("books.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "[\n  {\"title\": \"Carrie\", \"author\": \"Stephen King\", \"publication_year\": "
            "1974},\n  {\"title\": \"The Dispossessed\", \"author\": \"Ursula K. Le Guin\", "
            "\"publication_year\": 1974},\n  {\"title\": \"Sphere\", \"author\": \"Michael "
            "Crichton\", \"publication_year\": \"soon\"},\n  {\"title\": \"Congo\", \"author\": "
            "\"Michael Crichton\", \"publication_year\": null}\n]\n");
        file.close();
        window().browser()->setCurrentTable(booksTable());
        ui::ImportCsvDialog *dialog = transfer().importCsv(path);
        QVERIFY(dialog);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        // Then it is read as JSON: the CSV settings are hidden, the keys mapped by name
        QVERIFY(dialog->windowTitle().startsWith(QStringLiteral("Import JSON")));
        QVERIFY(!dialog->findChild<QComboBox *>(QStringLiteral("delimiterCombo"))->isVisible());
        QCOMPARE(dialog->options().format, io::ImportFormat::Json);
        QCOMPARE(dialog->options().mapping, QList<int>({Book::TitleColumn, Book::AuthorIdColumn,
                                                        Book::PublicationYearColumn}));
        QVERIFY(dialog->findChild<QComboBox *>(QStringLiteral("foreignKeysCombo"))->isEnabled());
        auto *preview = dialog->findChild<QTableWidget *>(QStringLiteral("previewTable"));
        QCOMPARE(preview->rowCount(), 4);
        QVERIFY(preview->item(1, 1)->toolTip().contains(QStringLiteral("No Author matches")));
        QVERIFY(!preview->item(2, 2)->toolTip().isEmpty());
        QVERIFY(preview->item(0, 1)->toolTip().isEmpty());
        // And Congo's null year reads as the grid shows NULL, not as an empty text
        QCOMPARE(preview->item(3, 2)->text(), QStringLiteral("NULL"));
        QVERIFY(preview->item(3, 2)->font().italic());
        QCOMPARE(preview->item(0, 2)->text(), QStringLiteral("1974"));
        uitest::saveScreenshot(dialog, QStringLiteral("import-json-dialog"));
        // When imported all or nothing: nothing is staged; records 2 and 3 are listed by key
        io::ImportResult result = dialog->importNow();
        QCOMPARE(result.rowsStaged, 0);
        QVERIFY(!session().hasChanges());
        auto *refusals = dialog->findChild<QListWidget *>(QStringLiteral("refusalsList"));
        QCOMPARE(refusals->count(), 2);
        QVERIFY2(refusals->item(0)->text().startsWith(QStringLiteral("Record 2, key \"author\"")),
                 qPrintable(refusals->item(0)->text()));
        QVERIFY2(refusals->item(1)->text().startsWith(
                     QStringLiteral("Record 3, key \"publication_year\"")),
                 qPrintable(refusals->item(1)->text()));
        // When the valid rows only are asked for: Carrie and Congo (a NULL year) are staged
        dialog->findChild<QRadioButton *>(QStringLiteral("validOnlyRadio"))->setChecked(true);
        result = dialog->importNow();
        QCOMPARE(result.rowsStaged, 2);
        QVERIFY(result.staged().last()->value(Book::PublicationYearColumn).isNull());
        uitest::saveScreenshot(dialog, QStringLiteral("import-json-dialog-refused"));
        dialog->close();
        action("actionUndo")->trigger();
        QCOMPARE(session().newRecords(booksTable()).size(), 0);
    }

    void shouldOpenTheImportDialogForAFileDroppedOnATable() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("users.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("name\nZed\n");
        file.close();
        // Given the Users table, not current
        window().browser()->setCurrentTable(authorsTable());
        QWidget *target = view(usersTable())->viewport();
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(path)});
        // When the file is dragged over it and dropped
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &drop);
        // Then the import dialog opens for Users
        auto *dialog = window().findChild<ui::ImportCsvDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->windowTitle().contains(usersTable().displayLabel()));
        QCOMPARE(dialog->options().mapping, QList<int>({1}));
        // Users refer to no other table: there is no way of reading references to choose
        QVERIFY(!dialog->findChild<QComboBox *>(QStringLiteral("foreignKeysCombo"))->isEnabled());
        dialog->close();
    }

    void shouldExportThroughTheDialog() {
        QTemporaryDir folder;
        window().browser()->setCurrentTable(booksTable());
        ui::ExportDialog *dialog = transfer().exportData();
        QVERIFY(dialog);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->findChild<QComboBox *>(QStringLiteral("formatCombo"))->setCurrentIndex(1); // TSV
        dialog->findChild<QComboBox *>(QStringLiteral("foreignKeysCombo"))->setCurrentIndex(1);
        const QString path = folder.filePath(QStringLiteral("books.tsv"));
        dialog->setPath(path);
        uitest::saveScreenshot(dialog, QStringLiteral("export-dialog"));
        const io::ExportResult result = dialog->exportNow();
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rows, 3);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray tsv = file.readAll();
        QVERIFY(tsv.startsWith("id\ttitle\tauthor_id\tborrower_id\tpublication_year\tisbn\r\n"));
        QVERIFY(tsv.contains("\tIt\tStephen King\t"));
    }

    void shouldExportWhatTheFilterShowsWhenATableIsFiltered() {
        // Given Books filtered to one title
        QTemporaryDir folder;
        window().browser()->setCurrentTable(booksTable());
        window().browser()->setFilter(QStringLiteral("Jurassic"));
        QTRY_COMPARE(model(booksTable())->rowCount(), 1);
        // When the export dialog opens and exports, its choices untouched
        std::unique_ptr<ui::ExportDialog> dialog(transfer().exportData());
        QVERIFY(dialog);
        dialog->setAttribute(Qt::WA_DeleteOnClose, false);
        dialog->setPath(folder.filePath(QStringLiteral("books.csv")));
        QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("filteredRadio"))->isChecked());
        const io::ExportResult result = dialog->exportNow();
        // Then the file holds the row the grid shows, not the whole table
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rows, 1);
        dialog.reset();
        // And without a filter, the whole table is the choice again
        window().browser()->setFilter(QString());
        QTRY_COMPARE(model(booksTable())->rowCount(), 3);
        std::unique_ptr<ui::ExportDialog> whole(transfer().exportData());
        QVERIFY(whole);
        whole->setAttribute(Qt::WA_DeleteOnClose, false);
        QVERIFY(whole->findChild<QRadioButton *>(QStringLiteral("wholeTableRadio"))->isChecked());
    }

    void shouldShowTheReferenceChoicesWithTheSelectedRowsOwnExample() {
        // Given Jurassic Park's row selected in Books
        QTableView *books = view(booksTable());
        RecordTableModel *m = model(booksTable());
        const int park = rowWithText(m, Book::TitleColumn, QStringLiteral("Jurassic Park"));
        QVERIFY(park >= 0);
        select(books, {{park, Book::TitleColumn}});
        const QString crichtonId = m->record(park)->value(Book::AuthorIdColumn).toString();
        // When the export dialog opens
        std::unique_ptr<ui::ExportDialog> dialog(transfer().exportData());
        QVERIFY(dialog);
        dialog->setAttribute(Qt::WA_DeleteOnClose, false);
        // Then the choices show that row's author as a key and as its name
        auto *references = dialog->findChild<QComboBox *>(QStringLiteral("foreignKeysCombo"));
        QVERIFY(references->isEnabled());
        QCOMPARE(references->itemText(0), QStringLiteral("Keys (%1)").arg(crichtonId));
        QCOMPARE(references->itemText(1),
                 QStringLiteral("Names, as the grid shows them (Michael Crichton)"));
        // And the file goes to an absolute path, not the folder Shelf was started from
        const QString path = dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->text();
        QVERIFY2(QDir::isAbsolutePath(path) && path.endsWith(QStringLiteral("/books.csv")),
                 qPrintable(path));
        dialog.reset();

        // And a table that refers to no other offers no choice, saying why
        window().browser()->setCurrentTable(authorsTable());
        std::unique_ptr<ui::ExportDialog> authors(transfer().exportData());
        QVERIFY(authors);
        authors->setAttribute(Qt::WA_DeleteOnClose, false);
        auto *none = authors->findChild<QComboBox *>(QStringLiteral("foreignKeysCombo"));
        QVERIFY(!none->isEnabled());
        QCOMPARE(none->itemText(0), QStringLiteral("Keys"));
        QVERIFY2(none->toolTip().contains(QStringLiteral("refers to no other table")),
                 qPrintable(none->toolTip()));
    }
};

QTEST_MAIN(tst_DataTransfer)
#include "tst_datatransfer.moc"
