// A table's columns are fitted when it opens: to their header and a sample of the rows (those in
// view, a hundred more, and the last rows, where a large table's longer values mostly are), each
// no wider than two fifths of the view; a double click on the divider after a header fits that
// column whole. Never a read of every row.

#include "uitesthelpers.h"

#include "io/csvimport.h"
#include "orm/session.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include <QBuffer>
#include <QHeaderView>
#include <QTableView>
#include <QTest>

using uitest::ScriptedPrompter;

class tst_ColumnWidths : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    ScriptedPrompter *m_prompter = nullptr;

    static constexpr int Rows = 3000;
    /// The name of the last rows, much longer than the first rows' ("r1", "r2", …).
    static QString lateName(int id) {
        return QStringLiteral("a much longer name of row %1").arg(id);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        // Given a table whose names grow long only near its end, and one note in its first rows
        // far longer than any screen
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY2(m_database->open(), qPrintable(m_database->errorString()));
        QVERIFY(m_database->exec(QStringLiteral(
            "CREATE TABLE big (id INTEGER PRIMARY KEY, note TEXT, name TEXT NOT NULL, qty "
            "INTEGER)")));
        QVERIFY(m_database->exec(
            QStringLiteral(
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE "
                "i < %1) INSERT INTO big SELECT i, CASE WHEN i = 5 THEN "
                "replace(hex(zeroblob(1500)), '0', 'x') ELSE 'n' END, CASE WHEN i > %2 THEN "
                "'a much longer name of row ' || i ELSE 'r' || i END, i FROM c")
                .arg(Rows)
                .arg(Rows - 100)));
        // (and an empty table beside it)
        QVERIFY(m_database->exec(QStringLiteral(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)")));
        // When it opens in the window
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()),
                                     QStringLiteral("big"), m_window, m_prompter));
    }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldFitAColumnToLongValuesThatComeLate() {
        QTableView *view = m_window->browser()->currentView();
        QVERIFY(view);
        auto *model = qobject_cast<ui::RecordTableModel *>(view->model());
        QVERIFY(model);
        QCOMPARE(model->rowCount(), Rows);
        // Then the name column is wide enough for the longest name, found in the last rows
        const int name = 2;
        QCOMPARE(model->headerData(name, Qt::Horizontal).toString(), QStringLiteral("name"));
        QVERIFY2(view->columnWidth(name) >= view->fontMetrics().horizontalAdvance(lateName(Rows)),
                 qPrintable(QString::number(view->columnWidth(name))));
        // And no more than the first rows and the last ones were read for it, not the table
        QVERIFY2(model->rowsRead() <= 3 * model->pageSize(),
                 qPrintable(QString::number(model->rowsRead())));
    }

    void shouldCapAColumnAndFitItWholeOnADoubleClickOnItsDivider() {
        QTableView *view = m_window->browser()->currentView();
        QVERIFY(view);
        // Then the note column, whose fifth row holds 3,000 characters, leaves room for the rest
        const int note = 1;
        const int capped = view->columnWidth(note);
        QVERIFY2(capped <= view->viewport()->width() / 2 && capped >= 100,
                 qPrintable(QStringLiteral("%1 of %2").arg(capped).arg(view->viewport()->width())));
        // When the user double-clicks the divider after its header
        QHeaderView *header = view->horizontalHeader();
        const int sortedBy = header->sortIndicatorSection();
        const Qt::SortOrder order = header->sortIndicatorOrder();
        const QPoint divider(header->sectionViewportPosition(note) + header->sectionSize(note) - 1,
                             header->height() / 2);
        QTest::mouseDClick(header->viewport(), Qt::LeftButton, {}, divider);
        // Then the column fits the long note whole, and the rows were not sorted
        QTRY_VERIFY2(view->columnWidth(note) > view->viewport()->width(),
                     qPrintable(QString::number(view->columnWidth(note))));
        QCOMPARE(header->sortIndicatorSection(), sortedBy);
        QCOMPARE(header->sortIndicatorOrder(), order);
    }

    void shouldFitTheColumnsOfAnEmptyTableWhenAnImportFillsIt() {
        // Given the empty table shown, its columns as wide as their headers
        const orm::Table *items = m_window->session()->metadata().table(QStringLiteral("items"));
        QVERIFY(items);
        m_window->browser()->setCurrentTable(*items);
        QTableView *view = m_window->browser()->currentView();
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 0);
        // When a file of 1,000 rows is imported into it, as File → Import does
        QByteArray csv = "id,name,qty\n";
        for (int id = 1; id <= 1000; ++id)
            csv += QByteArray::number(id) + ",Item " + QByteArray::number(id * 7919) + ",1\n";
        QBuffer file(&csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        io::CsvImporter importer(*m_window->session(), *items, {});
        const io::ImportResult result = importer.run(&file);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.rowsStaged, 1000);
        // Then the name column fits the names of the rows it shows first and last
        const int name = 1;
        QTRY_VERIFY2(view->columnWidth(name) >=
                         view->fontMetrics().horizontalAdvance(QStringLiteral("Item 7919000")),
                     qPrintable(QString::number(view->columnWidth(name))));
    }
};

QTEST_MAIN(tst_ColumnWidths)
#include "tst_columnwidths.moc"
