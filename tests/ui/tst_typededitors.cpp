// The editors by type over a database Shelf did not create (issue 12): bytes shown as their size
// and, for images, a thumbnail decoded once, saved to and loaded from files through the cell menu
// (one undoable edit); JSON checked before it is staged, shown compact, edited over several
// lines; long text in a multi-line editor, shown as its first line; exact decimals staged as
// typed. A 50 MB blob, a 10 MB text and a 1 MB JSON give the grid bounded text to paint. Each
// editor is opened through the real view, and photographed.

#include "uitesthelpers.h"

#include "../db/realschemas.h"

#include "app/commandline.h"
#include "ui/blobpreview.h"
#include "ui/cellpresenter.h"
#include "ui/datatransfer.h"
#include "ui/edithistory.h"
#include "ui/editorrefusal.h"
#include "ui/recorddelegate.h"
#include "ui/recordmodel.h"
#include "ui/recordvalues.h"
#include "ui/setcellsdialog.h"
#include "ui/tablemenus.h"
#include "ui/tableviews.h"
#include "ui/typededitors.h"

#include "orm/session.h"

#include <QBuffer>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <functional>

using uitest::ScriptedPrompter;

namespace {

/// A picture a camera or a scanner could have made: a gradient with a frame, as PNG bytes.
QByteArray pngBytes(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, width, height);
    gradient.setColorAt(0, QColor(40, 90, 160));
    gradient.setColorAt(1, QColor(240, 200, 80));
    painter.fillRect(image.rect(), gradient);
    painter.setPen(QPen(Qt::white, 12));
    painter.drawEllipse(image.rect().adjusted(60, 60, -60, -60));
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

const char *const PrettyJson = "{\n  \"tags\": [\"red\", \"blue\"],\n  \"size\": {\"w\": 3, "
                               "\"h\": 4},\n  \"note\": \"a b\"\n}";

} // namespace

class tst_TypedEditors : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    ScriptedPrompter *m_prompter = nullptr;
    QTemporaryDir m_files;
    QByteArray m_png;

    /// The shop and a table of documents with every kind of value issue 12 names; row 1 holds a
    /// photo, a pretty-printed JSON and a two-line text.
    /// The shop schema with one customer, Alfreds ('ALFKI'), and invoices: `rows` the VALUES
    /// of (id, customer_code, issued, paid, last_update) tuples, as SQL.
    bool createInvoicesOfAlfreds(const QString &rows) {
        return createDocuments() &&
               m_database->exec(QStringLiteral(
                   "INSERT INTO customers (code, company_name) VALUES ('ALFKI', 'Alfreds')")) &&
               m_database->exec(QStringLiteral("INSERT INTO invoices (id, customer_code, issued, "
                                               "paid, last_update) VALUES ") +
                                rows);
    }
    bool createDocuments() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        if (!m_database->open() || !shelftest::createShopSchema(*m_database))
            return false;
        m_png = pngBytes(640, 480);
        return m_database->exec(QStringLiteral(
                   "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body "
                   "TEXT, data JSON, price NUMERIC(24,2), scan BLOB)")) &&
               m_database->exec(QStringLiteral("CREATE VIEW document_scans AS SELECT id, scan "
                                               "FROM documents")) &&
               m_database->exec(
                   QStringLiteral("INSERT INTO documents (id, title, body, data, price, scan) "
                                  "VALUES (1, 'Invoice scan', ?, ?, '19.99', ?)"),
                   {QStringLiteral("First line of the note\nsecond line"),
                    QLatin1String(PrettyJson), m_png});
    }
    bool openWindow(const QString &table = QStringLiteral("documents")) {
        return uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()), table,
                                    m_window, m_prompter, true);
    }
    QTableView *view() { return m_window->browser()->currentView(); }
    ui::RecordTableModel *model() { return m_window->browser()->currentModel(); }
    QModelIndex cell(int row, const char *column) {
        return model()->index(row, model()->table().columnIndex(QLatin1String(column)));
    }
    /// The row of the record whose key is `id`.
    int rowOf(qint64 id) {
        for (int row = 0; row < model()->rowCount(); ++row) {
            if (model()->record(row)->id().toLongLong() == id)
                return row;
        }
        return -1;
    }
    QWidget *openEditor(const QModelIndex &index) {
        view()->setFocus();
        view()->setCurrentIndex(index);
        view()->edit(index);
        QWidget *editor = view()->indexWidget(index);
        if (editor)
            editor->setFocus();
        return editor;
    }
    QAction *menuAction(QMenu *menu, const QString &startsWith) {
        for (QAction *action : menu->actions()) {
            if (action->text().remove(QLatin1Char('&')).startsWith(startsWith))
                return action;
        }
        return nullptr;
    }
    QMenu *cellMenu(const QModelIndex &index) {
        view()->setCurrentIndex(index);
        return ui::tablemenus::cellMenu(view(), index, m_window->browser(), nullptr);
    }
    int staged() { return int(m_window->session()->pendingChanges().size()); }
    /// Selects `column`'s cells in the first `rows` rows and runs Edit → Set Selected Cells…,
    /// `answer` filling in the dialog (false: it was not the dialog expected; it is cancelled).
    bool setSelectedCells(const char *column, int rows,
                          const std::function<bool(ui::SetCellsDialog *)> &answer) {
        view()->setFocus();
        view()->selectionModel()->clear();
        for (int row = 0; row < rows; ++row)
            view()->selectionModel()->select(cell(row, column), QItemSelectionModel::Select);
        view()->selectionModel()->setCurrentIndex(cell(0, column), QItemSelectionModel::NoUpdate);
        bool answered = false;
        QTimer::singleShot(0, this, [&answered, &answer] {
            auto *dialog = qobject_cast<ui::SetCellsDialog *>(QApplication::activeModalWidget());
            if (!dialog) {
                if (QWidget *modal = QApplication::activeModalWidget())
                    modal->close(); // another prompt: fail, not hang
                return;
            }
            answered = answer(dialog);
            if (answered)
                dialog->accept();
            else
                dialog->reject();
        });
        m_window->findChild<QAction *>(QStringLiteral("actionSetCells"))->trigger();
        return answered;
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QSettings().clear(); }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldShowBytesAsTheirSizeAndImagesAsAThumbnailDecodedOnce() {
        // Given a photo and 50 MB of bytes that are no image
        QVERIFY(createDocuments());
        const QByteArray large(50 * 1024 * 1024, '\x7f');
        QVERIFY(m_database->exec(
            QStringLiteral("INSERT INTO documents (id, title, scan) VALUES (2, 'Backup', ?)"),
            {large}));
        const int before = ui::blobpreview::decodeCount();
        QVERIFY(openWindow());
        const QModelIndex photo = cell(rowOf(1), "scan");
        const QModelIndex backup = cell(rowOf(2), "scan");

        // Then the cells say what the bytes are, never the bytes
        const QString expected = QStringLiteral("PNG image, 640\u00d7480, %1")
                                     .arg(ui::blobpreview::sizeText(m_png.size()));
        QCOMPARE(photo.data().toString(), expected);
        QVERIFY2(expected.endsWith(QLatin1String(" KB")), qPrintable(expected));
        QCOMPARE(backup.data().toString(), QStringLiteral("50.0 MB"));
        QVERIFY(backup.data(Qt::DecorationRole).isNull());

        // And the photo's thumbnail is small and decoded once, however often the grid paints
        const QImage thumbnail = photo.data(Qt::DecorationRole).value<QImage>();
        QVERIFY(!thumbnail.isNull());
        QCOMPARE(thumbnail.size(), QSize(48, 36));
        for (int paint = 0; paint < 5; ++paint) {
            (void)view()->viewport()->grab();
            (void)photo.data(Qt::DecorationRole);
            (void)backup.data(Qt::DecorationRole);
        }
        QCOMPARE(ui::blobpreview::decodeCount(), before + 1);
        QVERIFY(ui::blobpreview::cachedCount() <= ui::blobpreview::CacheEntries);

        // And the editor of 50 MB edits nothing: it names the size and stages nothing
        const int changes = staged();
        auto *editor = qobject_cast<QLineEdit *>(openEditor(backup));
        QVERIFY(editor);
        QVERIFY(editor->isReadOnly());
        QCOMPARE(editor->text(), QStringLiteral("50.0 MB"));
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        QCOMPARE(staged(), changes);
        QCOMPARE(backup.data(Qt::EditRole).toByteArray().size(), large.size());
    }

    void shouldSaveAndLoadBytesThroughTheCellMenuAsOneUndoableEdit() {
        QVERIFY(createDocuments());
        QVERIFY(openWindow());
        const QModelIndex photo = cell(rowOf(1), "scan");

        // Save Value As… writes the bytes exactly
        m_prompter->fileToSave = m_files.filePath(QStringLiteral("saved.png"));
        std::unique_ptr<QMenu> menu(cellMenu(photo));
        QAction *save = menuAction(menu.get(), QStringLiteral("Save Value As"));
        QVERIFY(save && save->isEnabled());
        save->trigger();
        QFile saved(m_prompter->fileToSave);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), m_png);
        QVERIFY(m_prompter->errors.isEmpty());

        // Load Value From File… stages the file's bytes as one edit, which Undo takes back
        const QByteArray other = pngBytes(120, 300);
        QFile file(m_files.filePath(QStringLiteral("other.png")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(other) == other.size());
        file.close();
        m_prompter->fileToOpen = file.fileName();
        QUndoStack *undo = m_window->editHistory()->undoStack();
        const int steps = undo->count();
        menu.reset(cellMenu(photo));
        menuAction(menu.get(), QStringLiteral("Load Value From File"))->trigger();
        QVERIFY2(m_prompter->errors.isEmpty(), qPrintable(m_prompter->errors.join('\n')));
        QCOMPARE(photo.data(Qt::EditRole).toByteArray(), other);
        QVERIFY(photo.data(ui::RecordTableModel::ModifiedRole).toBool());
        QVERIFY2(photo.data().toString().startsWith(QStringLiteral("PNG image, 120\u00d7300")),
                 qPrintable(photo.data().toString()));
        QCOMPARE(undo->count(), steps + 1);
        undo->undo();
        QCOMPARE(photo.data(Qt::EditRole).toByteArray(), m_png);

        // Committed, the database holds the file's bytes exactly
        undo->redo();
        QVERIFY(m_window->session()->commit());
        QCOMPARE(m_database->scalar(QStringLiteral("SELECT scan FROM documents WHERE id = 1"))
                     .toByteArray(),
                 other);

        // A column that is not a blob refuses, naming the column; nothing is staged
        const int changes = staged();
        menu.reset(cellMenu(cell(rowOf(1), "title")));
        menuAction(menu.get(), QStringLiteral("Load Value From File"))->trigger();
        QCOMPARE(m_prompter->errors.size(), 1);
        QVERIFY2(m_prompter->errors.first().contains(QLatin1String("title")),
                 qPrintable(m_prompter->errors.first()));
        QCOMPARE(staged(), changes);
        QCOMPARE(cell(rowOf(1), "title").data().toString(), QStringLiteral("Invoice scan"));

        // A cancelled file dialog does nothing and says nothing
        m_prompter->fileToOpen.clear();
        menu.reset(cellMenu(photo));
        menuAction(menu.get(), QStringLiteral("Load Value From File"))->trigger();
        QCOMPARE(m_prompter->errors.size(), 1);
        QCOMPARE(staged(), changes);
    }

    void shouldEditSmallBytesAsHex() {
        QVERIFY(createDocuments());
        QVERIFY(m_database->exec(QStringLiteral(
            "INSERT INTO documents (id, title, scan) VALUES (2, 'Key', x'cafe00')")));
        QVERIFY(openWindow());
        const QModelIndex key = cell(rowOf(2), "scan");
        QCOMPARE(key.data().toString(), QStringLiteral("3 bytes"));
        // A few bytes read and typed as \x and hex digits, the form export and copy write
        auto *editor = qobject_cast<QLineEdit *>(openEditor(key));
        QVERIFY(editor);
        QCOMPARE(editor->text(), QStringLiteral("\\xcafe00"));
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("\\x0102zz"));
        QTest::keyClick(editor, Qt::Key_Return);
        QLabel *refusal = nullptr;
        QTRY_VERIFY((refusal = ui::editorrefusal::messageFor(editor)) && refusal->isVisible());
        QVERIFY2(refusal->text().contains(QLatin1String("scan")), qPrintable(refusal->text()));
        QCOMPARE(staged(), 0);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("\\x0102ff"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        QCOMPARE(key.data(Qt::EditRole).toByteArray(), QByteArray("\x01\x02\xff", 3));
    }

    void shouldRefuseToLoadAFileIntoAReadOnlyBlob() {
        QVERIFY(createDocuments());
        QVERIFY(openWindow(QStringLiteral("document_scans")));
        QCOMPARE(model()->table().name(), QStringLiteral("document_scans"));
        const QModelIndex scan = cell(0, "scan");
        QCOMPARE(model()->table().column(scan.column()).type, orm::ColumnType::Blob);
        m_prompter->fileToOpen = m_files.filePath(QStringLiteral("never-read.bin"));
        std::unique_ptr<QMenu> menu(cellMenu(scan));
        menuAction(menu.get(), QStringLiteral("Load Value From File"))->trigger();
        QCOMPARE(m_prompter->errors.size(), 1);
        QVERIFY2(m_prompter->errors.first().contains(QLatin1String("read-only")) &&
                     m_prompter->errors.first().contains(QLatin1String("scan")),
                 qPrintable(m_prompter->errors.first()));
        QCOMPARE(scan.data(Qt::EditRole).toByteArray(), m_png);
        QCOMPARE(staged(), 0);
    }

    void shouldCheckJsonBeforeStagingItAndShowItCompact() {
        QVERIFY(createDocuments());
        QVERIFY(openWindow());
        const QModelIndex data = cell(rowOf(1), "data");
        // Shown on one line, strings as written
        QCOMPARE(data.data().toString(),
                 QStringLiteral("{\"tags\":[\"red\",\"blue\"],\"size\":{\"w\":3,\"h\":4},"
                                "\"note\":\"a b\"}"));

        // Edited over several lines, as stored
        auto *editor = qobject_cast<QPlainTextEdit *>(openEditor(data));
        QVERIFY(editor);
        QCOMPARE(editor->toPlainText(), QLatin1String(PrettyJson));
        QVERIFY(editor->height() > view()->rowHeight(data.row()) * 3);

        // A broken document is refused with the column and where it breaks; nothing is staged
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("{\"tags\": [1, 2,]}"));
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QLabel *refusal = ui::editorrefusal::messageFor(editor);
        QVERIFY(refusal && refusal->isVisible());
        QVERIFY2(refusal->text().contains(QLatin1String("data")) &&
                     refusal->text().contains(QLatin1String("near character 16")),
                 qPrintable(refusal->text()));
        QCOMPARE(staged(), 0);
        QCOMPARE(data.data(Qt::EditRole).toString(), QLatin1String(PrettyJson));
        QCOMPARE(ui::RecordDelegate::openEditors(view()).size(), 1);
        uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-json-refused"));

        // Fixed, it is staged exactly as typed, line breaks and all
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("{\"tags\": [1, 2]"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("}"));
        QVERIFY(ui::RecordDelegate::openEditors(view()).size() == 1); // Enter is a line break
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        QCOMPARE(data.data(Qt::EditRole).toString(), QStringLiteral("{\"tags\": [1, 2]\n}"));
        QCOMPARE(staged(), 1);

        // Pasted or set another way, the same check: a bare value is JSON too, two are not
        QVERIFY(model()->setData(data, QStringLiteral("42")));
        QVERIFY(!model()->setData(data, QStringLiteral("1, 2")));
        QVERIFY2(model()->lastRefusal().contains(QLatin1String("data")),
                 qPrintable(model()->lastRefusal()));
    }

    void shouldEditLongTextOverSeveralLines() {
        QVERIFY(createDocuments());
        QVERIFY(openWindow());
        const QModelIndex body = cell(rowOf(1), "body");
        // The cell shows the first line and says more follows
        QCOMPARE(body.data().toString(), QStringLiteral("First line of the note\u2026"));

        // Esc cancels: nothing staged
        auto *editor = qobject_cast<QPlainTextEdit *>(openEditor(body));
        QVERIFY(editor);
        QCOMPARE(editor->toPlainText(), QStringLiteral("First line of the note\nsecond line"));
        QTest::keyClicks(editor, QStringLiteral("typed then cancelled"));
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        QCOMPARE(staged(), 0);
        QCOMPARE(body.data(Qt::EditRole).toString(),
                 QStringLiteral("First line of the note\nsecond line"));

        // Enter breaks the line, Ctrl+Enter stages the whole text
        editor = qobject_cast<QPlainTextEdit *>(openEditor(body));
        QVERIFY(editor);
        editor->moveCursor(QTextCursor::End);
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("third line"));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-long-text"));
        QTest::keyClick(editor, Qt::Key_Enter, Qt::ControlModifier);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        QCOMPARE(body.data(Qt::EditRole).toString(),
                 QStringLiteral("First line of the note\nsecond line\nthird line"));
        QCOMPARE(m_window->editHistory()->undoStack()->count(), 1);

        // A short text on one line keeps the line edit
        QVERIFY(qobject_cast<QLineEdit *>(openEditor(cell(rowOf(1), "title"))));
    }

    void shouldBoundWhatTheGridPaintsOfLongValues() {
        // Given a 10 MB text and a 1 MB JSON document
        QVERIFY(createDocuments());
        QString text(10 * 1024 * 1024, QLatin1Char('w'));
        text[100] = QLatin1Char('\n');
        QString json = QStringLiteral("[");
        while (json.size() < 1024 * 1024)
            json += QStringLiteral("{\"n\": 12345, \"s\": \"some text\"},\n ");
        json += QStringLiteral("{}]");
        QVERIFY(m_database->exec(QStringLiteral("INSERT INTO documents (id, title, body, data) "
                                                "VALUES (3, 'Large', ?, ?)"),
                                 {text, json}));
        QVERIFY(openWindow());
        const int row = rowOf(3);
        const QModelIndex body = cell(row, "body");
        const QModelIndex data = cell(row, "data");

        // Then the grid gets at most a couple of hundred characters of each
        QCOMPARE(body.data().toString(), QString(100, QLatin1Char('w')) + QChar(0x2026));
        const QString shownJson = data.data().toString();
        QCOMPARE(shownJson.size(), ui::values::ShownCharacters + 1);
        QVERIFY(shownJson.startsWith(QLatin1String("[{\"n\":12345,\"s\":\"some text\"},{")));
        QVERIFY(shownJson.endsWith(QChar(0x2026)));

        // And a staged change's tooltip quotes the committed value cut the same way
        QVERIFY(model()->setData(body, QStringLiteral("short")));
        QVERIFY(model()->setData(data, QStringLiteral("{}")));
        for (const QModelIndex &index : {body, data}) {
            const QString tip = index.data(Qt::ToolTipRole).toString();
            QVERIFY2(tip.contains(QLatin1String("Committed value")), qPrintable(tip));
            QVERIFY2(tip.size() < 400, qPrintable(QString::number(tip.size())));
        }

        // While Copy and the editor keep the value whole
        m_window->session()->rollback();
        const orm::RecordPtr record = model()->record(row);
        QCOMPARE(ui::CellPresenter::text(record, body.column()).size(), text.size());
        auto *editor = qobject_cast<QPlainTextEdit *>(openEditor(data));
        QVERIFY(editor);
        QCOMPARE(editor->toPlainText().size(), json.size());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        QCOMPARE(staged(), 0);
    }

    void shouldStageExactDecimalsAsTyped() {
        QVERIFY(createDocuments());
        QVERIFY(openWindow());
        const QModelIndex price = cell(rowOf(1), "price");
        QCOMPARE(model()->table().column(price.column()).type, orm::ColumnType::Decimal);
        auto *editor = qobject_cast<QLineEdit *>(openEditor(price));
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("12345678901234567890.12"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        // The text itself, never a double (which would keep about 16 digits)
        const QVariant value = price.data(Qt::EditRole);
        QCOMPARE(value.typeId(), int(QMetaType::QString));
        QCOMPARE(value.toString(), QStringLiteral("12345678901234567890.12"));

        // Not a number: refused in the editor, naming the column
        editor = qobject_cast<QLineEdit *>(openEditor(price));
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("12.3.4"));
        QTest::keyClick(editor, Qt::Key_Return);
        QLabel *refusal = nullptr;
        QTRY_VERIFY((refusal = ui::editorrefusal::messageFor(editor)) && refusal->isVisible());
        QVERIFY2(refusal->text().contains(QLatin1String("price")), qPrintable(refusal->text()));
        QCOMPARE(price.data(Qt::EditRole).toString(), QStringLiteral("12345678901234567890.12"));
    }

    void shouldAlignEveryKindOfNumberRightAndTextLeft() {
        // Given a table with a whole number, a real, two exact decimals and texts
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        QVERIFY(m_database->exec(QStringLiteral(
            "CREATE TABLE measures (id INTEGER PRIMARY KEY, count INTEGER, weight REAL, price "
            "NUMERIC(10,2), amount DECIMAL(8,3), name TEXT, code VARCHAR(8))")));
        QVERIFY(m_database->exec(QStringLiteral(
            "INSERT INTO measures VALUES (1, 12, 2.5, '19.99', '0.125', 'Tea', 'T1')")));
        QVERIFY(openWindow(QStringLiteral("measures")));
        const auto alignment = [this](const char *column) {
            return cell(0, column).data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        };
        QCOMPARE(model()->table().column(cell(0, "amount").column()).type,
                 orm::ColumnType::Decimal);
        // Then every number is right-aligned, and text left
        for (const char *column : {"id", "count", "weight", "price", "amount"})
            QVERIFY2(alignment(column) & Qt::AlignRight, column);
        for (const char *column : {"name", "code"})
            QVERIFY2(alignment(column) & Qt::AlignLeft, column);
        // And the painted grid puts them there: the decimal's last digit at the cell's right
        uitest::saveScreenshot(view(), QStringLiteral("numbers-right-aligned"));
    }

    void shouldShowTheDefaultANewRowTakesAndLetTheDatabaseFillIt() {
        // Given a table whose NOT NULL columns have defaults, one of them an expression
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        QVERIFY(m_database->exec(QStringLiteral(
            "CREATE TABLE stock (id INTEGER PRIMARY KEY, name TEXT NOT NULL, quantity INTEGER "
            "NOT NULL DEFAULT 0, shelf TEXT NOT NULL DEFAULT 'A1', added TEXT NOT NULL DEFAULT "
            "(date('now')), note TEXT)")));
        QVERIFY(openWindow(QStringLiteral("stock")));
        // When a new record is made (Ctrl+N) and its name typed
        view()->setFocus();
        m_window->findChild<QAction *>(QStringLiteral("actionNewRecord"))->trigger();
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 1);
        QCOMPARE(model()->rowCount(), 1);
        auto *name = qobject_cast<QLineEdit *>(ui::RecordDelegate::openEditors(view()).first());
        QVERIFY(name);
        QTest::keyClicks(name, QStringLiteral("Tea"));
        QTest::keyClick(name, Qt::Key_Return);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        QCOMPARE(cell(0, "name").data().toString(), QStringLiteral("Tea"));
        // Then the columns the database fills show the default they take, not NULL: in the
        // cell's painted text, for screen readers, and in its tooltip
        const auto shown = [this](const char *column) {
            return cell(0, column).data(ui::RecordModel::DatabaseDefaultRole).toString();
        };
        QCOMPARE(shown("quantity"), QStringLiteral("default: 0"));
        QCOMPARE(shown("shelf"), QStringLiteral("default: 'A1'"));
        QCOMPARE(shown("added"), QStringLiteral("default: date('now')"));
        QCOMPARE(cell(0, "quantity").data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("default: 0"));
        QVERIFY2(cell(0, "quantity")
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(QLatin1String("the database fills it in at commit (default: 0)")),
                 qPrintable(cell(0, "quantity").data(Qt::ToolTipRole).toString()));
        // A column without a default still reads NULL; the key the database gives shows none
        QVERIFY(shown("note").isEmpty());
        QCOMPARE(cell(0, "note").data(Qt::AccessibleTextRole).toString(), QStringLiteral("NULL"));
        QVERIFY(shown("id").isEmpty());
        auto *delegate = qobject_cast<ui::RecordDelegate *>(view()->itemDelegate());
        QVERIFY(delegate);
        QCOMPARE(delegate->paintedText(cell(0, "quantity")), QStringLiteral("default: 0"));
        QCOMPARE(delegate->paintedText(cell(0, "note")), QStringLiteral("NULL"));
        uitest::saveScreenshot(view(), QStringLiteral("new-row-defaults"));

        // When a second new row is left without its name (which no default fills) and the
        // commit is asked for
        m_window->findChild<QAction *>(QStringLiteral("actionNewRecord"))->trigger();
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 1);
        QTest::keyClick(ui::RecordDelegate::openEditors(view()).first(), Qt::Key_Escape);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        QCOMPARE(model()->rowCount(), 2);
        m_prompter->errors.clear();
        m_window->findChild<QAction *>(QStringLiteral("actionCommit"))->trigger();
        // Then the commit is refused for that name alone, never for a column with a default
        QCOMPARE(m_prompter->errors.size(), 1);
        QVERIFY2(!m_prompter->errors.first().contains(QLatin1String("quantity")) &&
                     !m_prompter->errors.first().contains(QLatin1String("shelf")),
                 qPrintable(m_prompter->errors.first()));
        QVERIFY2(m_prompter->errors.first().contains(QLatin1String("name"), Qt::CaseInsensitive),
                 qPrintable(m_prompter->errors.first()));
        // And once the second row goes, the commit lets the database fill in every default
        const int second = cell(0, "name").data().toString() == QLatin1String("Tea") ? 1 : 0;
        QVERIFY(m_window->session()->remove(model()->record(second)));
        m_window->findChild<QAction *>(QStringLiteral("actionCommit"))->trigger();
        QTRY_VERIFY(!m_window->session()->hasChanges());
        QCOMPARE(m_database
                     ->scalar(QStringLiteral("SELECT quantity || ',' || shelf || ',' || "
                                             "(added = date('now')) FROM stock WHERE "
                                             "name = 'Tea'"))
                     .toString(),
                 QStringLiteral("0,A1,1"));
    }

    void shouldSetSelectedCellsWithTheColumnsOwnEditor() {
        // Given three invoices: issued (a date, required), paid (yes/no, required) and last
        // update (a timestamp that may be NULL)
        QVERIFY(createInvoicesOfAlfreds(
            QStringLiteral("(1, 'ALFKI', '2026-01-02', 0, NULL), (2, 'ALFKI', '2026-01-03', 0, "
                           "NULL), (3, 'ALFKI', '2026-01-04', 1, NULL)")));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        const auto column = [this](const char *name) {
            QStringList values;
            for (int row = 0; row < 3; ++row)
                values << cell(row, name).data(Qt::EditRole).toString();
            return values;
        };

        // When Set Selected Cells… on the dates picks another date in a date editor
        QVERIFY(setSelectedCells("issued", 3, [](ui::SetCellsDialog *dialog) {
            auto *date = dialog->findChild<QLineEdit *>(QStringLiteral("temporalEditor"));
            if (!date || dialog->findChild<QLineEdit *>(QStringLiteral("setCellsText")) ||
                date->text() != QStringLiteral("2026-01-02")) // it starts at the first cell's date
                return false;
            // required: no NULL offered
            if (dialog->findChild<QCheckBox *>(QStringLiteral("setCellsNull")))
                return false;
            date->setText(QStringLiteral("2026-03-04"));
            uitest::saveScreenshot(dialog, QStringLiteral("set-cells-date"));
            return true;
        }));
        // Then every selected date is that one, in the form the cells hold
        QCOMPARE(column("issued"), QStringList(3, QStringLiteral("2026-03-04")));
        QCOMPARE(staged(), 3);

        // When the truth values are set from the yes/no choice the grid's editor offers
        QVERIFY(setSelectedCells("paid", 3, [](ui::SetCellsDialog *dialog) {
            auto *choice = dialog->findChild<QComboBox *>();
            if (!choice || choice->count() != 2) // yes, no: a required column offers no NULL
                return false;
            choice->setCurrentIndex(choice->findText(QStringLiteral("yes")));
            return true;
        }));
        QCOMPARE(column("paid"), QStringList(3, QStringLiteral("true")));
        QCOMPARE(cell(0, "paid").data().toString(), QStringLiteral("yes"));

        // When the timestamps are set in a timestamp editor, then to NULL with its box
        QVERIFY(setSelectedCells("last_update", 3, [](ui::SetCellsDialog *dialog) {
            auto *stamp = dialog->findChild<QLineEdit *>(QStringLiteral("temporalEditor"));
            if (!stamp || !dialog->findChild<QCheckBox *>(QStringLiteral("setCellsNull")))
                return false;
            stamp->setText(QStringLiteral("2026-05-06 07:08:09"));
            uitest::saveScreenshot(dialog, QStringLiteral("set-cells-timestamp"));
            return true;
        }));
        QCOMPARE(column("last_update"), QStringList(3, QStringLiteral("2026-05-06 07:08:09")));
        QVERIFY(setSelectedCells("last_update", 3, [](ui::SetCellsDialog *dialog) {
            auto *null = dialog->findChild<QCheckBox *>(QStringLiteral("setCellsNull"));
            if (!null)
                return false;
            null->setChecked(true);
            return true;
        }));
        for (int row = 0; row < 3; ++row)
            QVERIFY(cell(row, "last_update").data(Qt::EditRole).isNull());

        // And a date the grid edits as text (a form the date editor cannot write back) is asked
        // for as text, and a value the column cannot take is refused, nothing staged
        QVERIFY(m_window->actions().commit->isEnabled());
        m_window->actions().commit->trigger();
        QCOMPARE(staged(), 0);
        QVERIFY(m_database->exec(QStringLiteral("UPDATE invoices SET issued = '02/01/2026'")));
        m_window->actions().refresh->trigger();
        QCOMPARE(column("issued"), QStringList(3, QStringLiteral("02/01/2026")));
        QVERIFY(setSelectedCells("issued", 3, [](ui::SetCellsDialog *dialog) {
            QLineEdit *text = dialog->textEdit();
            if (!text || dialog->findChild<QLineEdit *>(QStringLiteral("temporalEditor")))
                return false;
            text->setText(QStringLiteral("someday"));
            return true;
        }));
        QCOMPARE(staged(), 0);
        QCOMPARE(column("issued"), QStringList(3, QStringLiteral("02/01/2026")));
        const QString message = m_window->dataTransfer()->lastMessage();
        QVERIFY2(message.startsWith(QStringLiteral("Nothing set.")) &&
                     message.contains(QStringLiteral("someday")),
                 qPrintable(message));
    }

    void shouldRefuseAnImpossibleDateAsTypedAndStageAPossibleOneAsTyped() {
        // Given an invoice issued on 2026-01-02 with a timestamp
        QVERIFY(createInvoicesOfAlfreds(
            QStringLiteral("(1, 'ALFKI', '2026-01-02', 0, '2026-01-02 08:30:00')")));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        const QModelIndex issued = cell(rowOf(1), "issued");

        // When a month and a day no calendar has are typed over the date, and Enter pressed
        auto *editor = qobject_cast<QLineEdit *>(openEditor(issued));
        QVERIFY(ui::typededitors::isTemporal(editor));
        QCOMPARE(editor->text(), QStringLiteral("2026-01-02"));
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("2026-13-45"));
        QTest::keyClick(editor, Qt::Key_Return);
        QCoreApplication::processEvents(); // the delegate finishes after the editor saw the key

        // Then it is refused with the column and the text as typed, the editor open on it, and
        // nothing staged (a sectioned date editor made 2026-01-04 of it and staged that)
        QLabel *refusal = ui::editorrefusal::messageFor(editor);
        QVERIFY(refusal && refusal->isVisible());
        QVERIFY2(refusal->text().contains(QLatin1String("issued")) &&
                     refusal->text().contains(QLatin1String("2026-13-45")),
                 qPrintable(refusal->text()));
        QCOMPARE(editor->text(), QStringLiteral("2026-13-45"));
        QCOMPARE(staged(), 0);
        QCOMPARE(issued.data(Qt::EditRole).toString(), QStringLiteral("2026-01-02"));

        // When a real day is typed instead
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("2026-02-28"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(ui::RecordDelegate::openEditors(view()).size(), 0);
        // Then it is staged exactly as typed
        QCOMPARE(issued.data(Qt::EditRole).toString(), QStringLiteral("2026-02-28"));
        QCOMPARE(staged(), 1);

        // When the timestamp's day is picked from its calendar
        const QModelIndex stamp = cell(rowOf(1), "last_update");
        editor = qobject_cast<QLineEdit *>(openEditor(stamp));
        QVERIFY(ui::typededitors::isTemporal(editor));
        auto *pick = editor->findChild<QAction *>(QStringLiteral("pickDay"));
        QVERIFY(pick);
        pick->trigger();
        auto *calendar = editor->findChild<QCalendarWidget *>();
        QVERIFY(calendar && calendar->isVisible());
        QCOMPARE(calendar->selectedDate(), QDate(2026, 1, 2));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-timestamp-calendar"));
        Q_EMIT calendar->clicked(QDate(2026, 3, 9));
        QVERIFY(!calendar->isVisible()); // a click picks the day and closes it
        // Then the day changes and the time of day stays, in the form the cell was written
        QCOMPARE(editor->text(), QStringLiteral("2026-03-09 08:30:00"));
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        QCOMPARE(stamp.data(Qt::EditRole).toString(), QStringLiteral("2026-03-09 08:30:00"));
        QCOMPARE(staged(), 1); // the same invoice, edited twice
    }

    void shouldStageADateAndATimestampTypedInOneGoAsTheyWereTyped() {
        // Given an invoice issued on 2026-01-02 and stamped at 03:04:05 that day
        QVERIFY(createInvoicesOfAlfreds(
            QStringLiteral("(1, 'ALFKI', '2026-01-02', 0, '2026-01-02 03:04:05')")));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        const QModelIndex issued = cell(rowOf(1), "issued");
        const QModelIndex stamp = cell(rowOf(1), "last_update");

        // When a date is typed into its editor in one go, separators and all, as a person
        // writes it (the editor moves on by itself once the year is full)
        auto *date = qobject_cast<QLineEdit *>(openEditor(issued));
        QVERIFY(ui::typededitors::isTemporal(date));
        QTest::keyClicks(date, QStringLiteral("2025-04-09"));
        QTest::keyClick(date, Qt::Key_Return);
        QCoreApplication::processEvents();

        // Then that date is staged, not one whose month the editor skipped (2025-01-04)
        QCOMPARE(issued.data(Qt::EditRole).toString(), QStringLiteral("2025-04-09"));

        // And so is a timestamp typed the same way, its space and colons included
        auto *moment = qobject_cast<QLineEdit *>(openEditor(stamp));
        QVERIFY(ui::typededitors::isTemporal(moment));
        QTest::keyClicks(moment, QStringLiteral("2025-04-09 10:30:05"));
        QTest::keyClick(moment, Qt::Key_Return);
        QCoreApplication::processEvents();
        QCOMPARE(stamp.data(Qt::EditRole).toString(), QStringLiteral("2025-04-09 10:30:05"));
        QCOMPARE(staged(), 1);

        // And a month or day typed with one digit is staged in the form the cell writes
        date = qobject_cast<QLineEdit *>(openEditor(issued));
        QVERIFY(ui::typededitors::isTemporal(date));
        QTest::keyClicks(date, QStringLiteral("2024-1-5"));
        QTest::keyClick(date, Qt::Key_Return);
        QCoreApplication::processEvents();
        QCOMPARE(issued.data(Qt::EditRole).toString(), QStringLiteral("2024-01-05"));
    }

    void shouldDisableCommitAgainOnceEscCancelsTheOnlyOpenEditor() {
        // Given a table with nothing staged, and Commit and Rollback disabled
        QVERIFY(createDocuments());
        QVERIFY(openWindow());
        QAction *commit = m_window->findChild<QAction *>(QStringLiteral("actionCommit"));
        QAction *rollback = m_window->findChild<QAction *>(QStringLiteral("actionRollback"));
        QVERIFY(commit && rollback);
        QVERIFY(!commit->isEnabled() && !rollback->isEnabled());

        // When a cell's editor opens (what is typed there, Commit would stage first)
        QWidget *editor = openEditor(cell(0, "title"));
        QVERIFY(editor);
        QCoreApplication::processEvents();
        QVERIFY(commit->isEnabled() && rollback->isEnabled());

        // And Esc cancels it
        QTest::keyClick(editor, Qt::Key_Escape);
        QCoreApplication::processEvents();

        // Then nothing is staged, and Commit and Rollback are disabled again: there is nothing
        // for them to do
        QVERIFY(!view()->indexWidget(cell(0, "title")));
        QCOMPARE(staged(), 0);
        QVERIFY(!commit->isEnabled());
        QVERIFY(!rollback->isEnabled());
    }

    void shouldStageTheMomentAnEmptyCellsEditorShowsWhenEnterTakesIt() {
        // Given an invoice whose timestamp is NULL
        QVERIFY(createInvoicesOfAlfreds(QStringLiteral("(1, 'ALFKI', '2026-01-02', 0, NULL)")));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        const QModelIndex stamp = cell(rowOf(1), "last_update");
        QVERIFY(stamp.data(Qt::EditRole).isNull());

        // When its editor, which opens at now, is left without a change
        auto *editor = qobject_cast<QLineEdit *>(openEditor(stamp));
        QVERIFY(editor);
        QVERIFY(!editor->text().isEmpty());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        // Then nothing is staged
        QVERIFY(stamp.data(Qt::EditRole).isNull());
        QCOMPARE(staged(), 0);

        // When it is opened again and Enter takes the moment it shows
        editor = qobject_cast<QLineEdit *>(openEditor(stamp));
        QVERIFY(editor);
        const QString shown = editor->text();
        QTest::keyClick(editor, Qt::Key_Return);
        QCoreApplication::processEvents(); // the delegate finishes after the editor saw the key

        // Then that moment is staged, as the editor wrote it, and the editor is closed
        QVERIFY(!view()->indexWidget(stamp));
        QCOMPARE(stamp.data(Qt::EditRole).toString(), shown);
        QCOMPARE(staged(), 1);
    }

    void shouldSayWhyAComputedCellTakesNoEdit() {
        // Given an invoice line whose amount the database computes
        QVERIFY(createInvoicesOfAlfreds(QStringLiteral("(1, 'ALFKI', '2026-01-02', 0, NULL)")));
        QVERIFY(m_database->exec(
            QStringLiteral("INSERT INTO invoice_lines (line_no, invoice_id, product, price, "
                           "quantity) VALUES (1, 1, 'Glue', 2.50, 4)")));
        QVERIFY(openWindow(QStringLiteral("invoice_lines")));
        const QModelIndex amount = cell(0, "amount");
        QVERIFY(!(amount.flags() & Qt::ItemIsEditable));
        view()->setFocus();
        view()->setCurrentIndex(amount);
        m_window->statusBar()->clearMessage();

        // When the user presses F2 on it
        QTest::keyClick(view(), Qt::Key_F2);

        // Then no editor opens and the status bar says why
        QVERIFY(!view()->indexWidget(amount));
        QCOMPARE(m_window->statusBar()->currentMessage(),
                 QStringLiteral("amount is computed by the database: read-only."));

        // When they type a digit into it, the same; a cell that takes edits opens its editor
        m_window->statusBar()->clearMessage();
        QTest::keyClick(view(), Qt::Key_5);
        QVERIFY(!view()->indexWidget(amount));
        QCOMPARE(m_window->statusBar()->currentMessage(),
                 QStringLiteral("amount is computed by the database: read-only."));
        const QModelIndex quantity = cell(0, "quantity");
        view()->setCurrentIndex(quantity);
        m_window->statusBar()->clearMessage();
        QTest::keyClick(view(), Qt::Key_F2);
        QVERIFY(view()->indexWidget(quantity));
        QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
    }

    void shouldPhotographEachEditorOpen() {
        QVERIFY(createDocuments());
        QVERIFY(m_database->exec(QStringLiteral(
            "INSERT INTO documents (id, title, body, price, scan) VALUES (2, 'Backup', 'One "
            "line', '0.10', zeroblob(3500000))")));
        QVERIFY(openWindow());
        m_window->resize(1500, 760);
        for (const auto &[name, width] :
             {std::pair{"title", 100}, std::pair{"body", 170}, std::pair{"data", 250},
              std::pair{"price", 70}, std::pair{"scan", 250}})
            view()->setColumnWidth(cell(0, name).column(), width);
        // Rows keep one height (a million rows scroll evenly): the thumbnail fits the row, and
        // a taller row shows it whole.
        view()->setRowHeight(rowOf(1), ui::blobpreview::ThumbnailSize + 6);
        QVERIFY(!uitest::saveScreenshot(view(), QStringLiteral("editor-blob-cells")).isEmpty());
        QVERIFY(qobject_cast<QPlainTextEdit *>(openEditor(cell(rowOf(1), "data"))));
        QVERIFY(!uitest::saveScreenshot(view(), QStringLiteral("editor-json")).isEmpty());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        QVERIFY(qobject_cast<QLineEdit *>(openEditor(cell(rowOf(1), "price"))));
        QVERIFY(
            !uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-decimal")).isEmpty());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        std::unique_ptr<QMenu> menu(cellMenu(cell(rowOf(1), "scan")));
        menu->popup(
            view()->viewport()->mapToGlobal(view()->visualRect(cell(rowOf(1), "scan")).center()));
        QVERIFY(QTest::qWaitForWindowExposed(menu.get()));
        QVERIFY(!uitest::saveScreenshot(menu.get(), QStringLiteral("editor-blob-menu")).isEmpty());
        menu->close();
        menu.reset(); // a child of the view, which the next window replaces

        // The editors issue 12 had already: yes/no, enum-less date and timestamp, on invoices
        QVERIFY(m_database->exec(QStringLiteral(
            "INSERT INTO customers (code, company_name) VALUES ('ALFKI', 'Alfreds')")));
        QVERIFY(m_database->exec(QStringLiteral(
            "INSERT INTO invoices (id, customer_code, issued, paid, last_update) VALUES (1, "
            "'ALFKI', '2026-01-02', 0, '2026-01-02T08:30:00')")));
        QVERIFY(openWindow(QStringLiteral("invoices")));
        QVERIFY(qobject_cast<QComboBox *>(openEditor(cell(0, "paid"))));
        QVERIFY(
            !uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-boolean")).isEmpty());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        QVERIFY(ui::typededitors::isTemporal(openEditor(cell(0, "issued"))));
        QVERIFY(!uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-date")).isEmpty());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
        QVERIFY(ui::typededitors::isTemporal(openEditor(cell(0, "last_update"))));
        QVERIFY(
            !uitest::saveScreenshot(m_window.get(), QStringLiteral("editor-timestamp")).isEmpty());
        QVERIFY(ui::tableviews::commitOpenEditor(view()));
    }
};

QTEST_MAIN(tst_TypedEditors)
#include "tst_typededitors.moc"
