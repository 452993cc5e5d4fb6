// Hostile input at every place the user types: SQL injection, quotes, a NUL byte, a 1 MiB string,
// right-to-left text and emoji go through the cell editor, the filter box, the foreign-key
// picker and the connection dialog of the real main window, and come back verbatim — stored byte
// for byte (read back on an independent connection), shown, never executed, never cut. Values a
// column cannot take are refused at the editor with a message, and again at commit when they get
// past it programmatically; either way the staged edit stays.

#include "uitesthelpers.h"

#include "ui/connectdialog.h"
#include "ui/foreignkeypicker.h"
#include "ui/recorddelegate.h"
#include "ui/recordtablemodel.h"
#include "ui/recordvalues.h"
#include "ui/tablebrowser.h"
#include "ui/typededitors.h"

#include "library/library.h"
#include "orm/session.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QUrl>

using namespace library;
using ui::RecordTableModel;

namespace {

QString mebibyte() {
    // 1,048,576 characters of ASCII (so also 1 MiB of UTF-8), with an end marker: a cut anywhere
    // shows.
    QString text = QStringLiteral("0123456789abcdef").repeated(65536);
    text.replace(text.size() - 5, 5, QStringLiteral("[END]"));
    return text;
}

/// The hostile values, by class. Every one is also a valid author name.
QList<std::pair<const char *, QString>> hostileValues() {
    return {
        {"SQL injection", QStringLiteral("'); DROP TABLE books; --")},
        {"quotes", QStringLiteral("O'Brien said \"hi\" `x` '' \\' \\\" ; --")},
        {"NUL byte", QStringLiteral("before") + QChar(0) + QStringLiteral("after")},
        {"1 MiB", mebibyte()},
        {"right-to-left", QStringLiteral("\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 "
                                         "\u202Egnp.exe\u202C \u200F!")},
        {"emoji and astral plane",
         QStringLiteral("\U0001F4DA \U0001F469\u200D\U0001F469\u200D\U0001F467 "
                        "\U0001D518\U0001D52B\U0001D526 \U0001F3F3\uFE0F\u200D\U0001F308")},
        {"LIKE wildcards", QStringLiteral("100% of_all \\ books")},
        {"line breaks and tabs", QStringLiteral("first line\nsecond\tline\r\nthird")},
    };
}

QString shortName(const QString &value) {
    return value.size() > 60
               ? value.left(60) + QStringLiteral("\u2026 (%1 characters)").arg(value.size())
               : value;
}

/// The delegate's text for painting, which its subclasses may read.
struct PaintedText : ui::RecordDelegate {
    using ui::RecordDelegate::initStyleOption;
};

QString quoteIdentifier(QString name) {
    return QLatin1Char('"') + name.replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

QString quoteLiteral(QString text) {
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QLatin1String("''")) +
           QLatin1Char('\'');
}

} // namespace

class tst_HostileInput : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    QString status() { return window().statusBar()->currentMessage(); }

    int rowOf(const RecordTableModel *m, int column, const QString &text) {
        return rowWithText(m, column, text, Qt::EditRole);
    }

    /// Opens the delegate's editor on `index` and returns it.
    QWidget *openEditor(QTableView *table, const QModelIndex &index) {
        table->setFocus();
        table->setCurrentIndex(index);
        table->edit(index);
        return table->indexWidget(index);
    }

    /// Presses Return in an editor; the delegate commits and closes it on the next event loop pass.
    void confirm(QWidget *editor) {
        QPointer<QWidget> open(editor);
        // Several lines: Return is a line break there, Ctrl+Return stages
        QTest::keyClick(editor, Qt::Key_Return,
                        qobject_cast<QPlainTextEdit *>(editor) ? Qt::ControlModifier
                                                               : Qt::NoModifier);
        QTRY_VERIFY(open.isNull());
    }

    /// Adds authors with the given names and commits them (the fixture for filter and picker).
    QList<qint64> addAuthors(const QStringList &names) {
        orm::Session *session = window().session();
        QList<std::shared_ptr<Author>> authors;
        for (const QString &name : names) {
            authors << Author::create(name);
            session->add(authors.last());
        }
        if (!session->commit()) {
            qWarning("%s", qPrintable(session->lastError().fullText()));
            return {};
        }
        QList<qint64> ids;
        for (const auto &author : std::as_const(authors))
            ids << author->value(Author::IdColumn).toLongLong();
        return ids;
    }

    void verifyTablesIntact() {
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM books")).toInt(), 3);
        QCOMPARE(database().scalar(QStringLiteral("SELECT count(*) FROM users")).toInt(), 7);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    // --- (a) the cell editor ---------------------------------------------------------------

    void shouldStoreAndShowHostileTextTypedIntoACell_data() {
        QTest::addColumn<QString>("value");
        for (const auto &[name, value] : hostileValues())
            QTest::newRow(name) << value;
    }

    void shouldStoreAndShowHostileTextTypedIntoACell() {
        QFETCH(QString, value);
        RecordTableModel *authors = model(authorsTable());
        QTableView *table = view(authorsTable());
        const QModelIndex cell = authors->index(0, Author::NameColumn);
        const qint64 id = authors->index(0, Author::IdColumn).data(Qt::EditRole).toLongLong();

        // Given the name cell's editor, opened by the delegate
        auto *editor = qobject_cast<QLineEdit *>(openEditor(table, cell));
        QVERIFY(editor);
        // When the value is entered and confirmed with Return, then committed
        editor->setText(value);
        QCOMPARE(editor->text().size(), value.size()); // the editor itself cuts nothing
        confirm(editor);
        QCOMPARE(cell.data(Qt::EditRole).toString(), value);
        window().actions().commit->trigger();

        // Then the commit worked and the database holds exactly the input
        QVERIFY2(prompter().errors.isEmpty(),
                 qPrintable(prompter().errors.join(QLatin1Char('\n'))));
        QVERIFY(!window().session()->hasChanges());
        const QList<QVariantList> rows =
            database().rows(QStringLiteral("SELECT name, length(CAST(name AS BLOB)) FROM authors "
                                           "WHERE id = ?"),
                            {id});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().at(1).toLongLong(), qint64(value.toUtf8().size()));
        QVERIFY2(rows.first().at(0).toString() == value, qPrintable(shortName(value)));
        // And nothing was executed
        verifyTablesIntact();
        // And the cell shows it, whole when short; a long value or one of several lines shows
        // its first line, cut, with "…" (issue 12: a 10 MB text is never laid out whole)
        const QString shown = cell.data(Qt::DisplayRole).toString();
        if (ui::values::isLongText(value)) {
            QVERIFY(shown.size() <= ui::values::ShownCharacters + 1);
            QVERIFY(shown.endsWith(QChar(0x2026)));
            QVERIFY(value.section(QLatin1Char('\n'), 0, 0).startsWith(shown.chopped(1)));
        } else {
            QCOMPARE(shown, value);
        }
        QCOMPARE(cell.data(Qt::EditRole).toString(), value);

        // And painting and sizing the cell does not stall on it
        QElapsedTimer timer;
        timer.start();
        table->resizeColumnToContents(Author::NameColumn);
        const QPixmap shot = table->grab();
        qInfo("painted and sized a %lld-character cell in %lld ms", qint64(value.size()),
              timer.elapsed());
        QVERIFY(!shot.isNull());
        // (what the delegate paints and measures is at most PaintedCharacters long, elided)
        QStyleOptionViewItem option;
        option.initFrom(table);
        PaintedText probe;
        probe.initStyleOption(&option, cell);
        QVERIFY(option.text.size() <= ui::RecordDelegate::PaintedCharacters + 1);
        QCOMPARE(option.text, shown);

        // And opening the editor again gives the whole value back, and closing it changes nothing
        // (a long one opens in the multi-line editor, whose lines end in "\n" on screen)
        QWidget *again = openEditor(table, cell);
        QVERIFY(again);
        auto *lines = qobject_cast<QPlainTextEdit *>(again);
        QCOMPARE(lines != nullptr,
                 ui::typededitors::isMultiLine(authors->table().column(Author::NameColumn), value));
        const QString reopened =
            lines ? lines->toPlainText() : qobject_cast<QLineEdit *>(again)->text();
        const QString expected =
            lines ? QString(value).replace(QLatin1String("\r\n"), QLatin1String("\n")) : value;
        QVERIFY2(reopened == expected,
                 qPrintable(QStringLiteral("the editor shows %1 of %2 characters")
                                .arg(reopened.size())
                                .arg(value.size())));
        confirm(again);
        QVERIFY(!window().session()->hasChanges());
    }

    // --- (b) the filter box ----------------------------------------------------------------

    void shouldFindHostileTextWithTheFilterBox_data() {
        QTest::addColumn<QString>("filter");
        for (const auto &[name, value] : hostileValues())
            QTest::newRow(name) << value;
        QTest::newRow("a lone %") << QStringLiteral("%");
        QTest::newRow("a lone _") << QStringLiteral("_");
        QTest::newRow("a backslash") << QStringLiteral("\\");
        QTest::newRow("a quote") << QStringLiteral("'");
        QTest::newRow("part of the injection") << QStringLiteral("DROP TABLE");
        QTest::newRow("part of the emoji") << QStringLiteral("\U0001F469\u200D\U0001F469");
        QTest::newRow("the NUL alone") << QString(QChar(0));
        QTest::newRow("an uppercase non-ASCII name as stored")
            << QStringLiteral("\u00C4RGER \u00DC");
    }

    void shouldFindHostileTextWithTheFilterBox() {
        QFETCH(QString, filter);
        // Given authors named with every hostile value, and decoys a wildcard would match
        QStringList names;
        for (const auto &entry : hostileValues())
            names << entry.second;
        names << QStringLiteral("1000 percent") << QStringLiteral("ofXall")
              << QStringLiteral("\u00C4RGER \u00DC");
        QVERIFY(!addAuthors(names).isEmpty());
        window().browser()->setCurrentTable(authorsTable());
        RecordTableModel *authors = model(authorsTable());

        // When the text goes into the filter box and Return is pressed
        QLineEdit *box = window().actions().filter;
        box->setText(filter);
        QCOMPARE(box->text(), filter); // the box cuts nothing
        QTest::keyClick(box, Qt::Key_Return);

        // Then the table shows exactly the authors whose name contains it, wildcards literal
        QStringList expected;
        const QList<QVariantList> all = database().rows(QStringLiteral("SELECT name FROM authors"));
        for (const QVariantList &row : all) {
            if (row.first().toString().contains(filter.trimmed(), Qt::CaseInsensitive))
                expected << row.first().toString();
        }
        QVERIFY(!expected.isEmpty());
        QStringList shown;
        for (int row = 0; row < authors->rowCount(); ++row)
            shown << authors->index(row, Author::NameColumn).data(Qt::EditRole).toString();
        expected.sort();
        shown.sort();
        QCOMPARE(shown.size(), expected.size());
        QVERIFY2(shown == expected, qPrintable(shortName(shown.join(QLatin1String(" | ")))));
        QVERIFY2(!status().contains(QStringLiteral("rror")), qPrintable(status()));
        // And nothing was executed
        verifyTablesIntact();
    }

    // --- (c) the foreign-key picker --------------------------------------------------------

    void shouldFindHostileNamesWithTheForeignKeyPicker_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("typed"); // typed key by key (ASCII), else set and searched
        for (const auto &[label, value] : hostileValues()) {
            const bool ascii =
                value.size() < 100 && std::all_of(value.cbegin(), value.cend(), [](QChar c) {
                    return c.unicode() >= 32 && c.unicode() < 127;
                });
            QTest::newRow(label) << value << ascii;
        }
    }

    void shouldFindHostileNamesWithTheForeignKeyPicker() {
        QFETCH(QString, name);
        QFETCH(bool, typed);
        // Given an author with that name, and a book by someone else
        const QList<qint64> ids = addAuthors({name, name.left(3) + QStringLiteral(" decoy")});
        QVERIFY(!ids.isEmpty());
        window().browser()->setCurrentTable(booksTable());
        RecordTableModel *books = model(booksTable());
        QTableView *table = view(booksTable());
        const QModelIndex cell = books->index(0, Book::AuthorIdColumn);
        const qint64 bookId = books->index(0, Book::IdColumn).data(Qt::EditRole).toLongLong();

        // When the user searches the name in the book's author picker
        auto *picker = qobject_cast<ui::ForeignKeyPicker *>(openEditor(table, cell));
        QVERIFY(picker);
        if (typed) {
            QSignalSpy searched(picker, &ui::ForeignKeyPicker::searched);
            picker->selectAll();
            QTest::keyClicks(picker, name);
            QTRY_VERIFY(!searched.isEmpty());
            QTRY_COMPARE(picker->text(), name);
            // the debounced search runs on the whole text once typing stops
            QTRY_VERIFY(std::any_of(picker->results().cbegin(), picker->results().cend(),
                                    [&](const orm::RecordPtr &r) {
                                        return r->value(Author::NameColumn).toString() == name;
                                    }));
        } else {
            picker->setText(name);
            QCOMPARE(picker->text().size(), name.size());
            picker->search(picker->text());
        }
        // Then it finds that author (bound, not executed), and only matches of the whole text
        const orm::RecordList results = picker->results();
        QVERIFY(!results.isEmpty());
        for (const orm::RecordPtr &record : results)
            QVERIFY2(record->value(Author::NameColumn)
                         .toString()
                         .contains(name.trimmed(), Qt::CaseInsensitive),
                     qPrintable(shortName(record->value(Author::NameColumn).toString())));
        // And Return re-points the book to it, which commits
        confirm(picker);
        QVERIFY2(status().isEmpty() || !status().contains(QStringLiteral("No Author")),
                 qPrintable(status()));
        window().actions().commit->trigger();
        QVERIFY2(prompter().errors.isEmpty(),
                 qPrintable(prompter().errors.join(QLatin1Char('\n'))));
        QCOMPARE(database()
                     .scalar(QStringLiteral("SELECT author_id FROM books WHERE id = ?"), {bookId})
                     .toLongLong(),
                 ids.first());
        verifyTablesIntact();
        // And the cell shows the name
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), name);
    }

    // --- (d) the connection dialog ---------------------------------------------------------

    void shouldPassHostileConnectionFieldsToTheServerIntact() {
        if (qEnvironmentVariableIsEmpty("SHELF_TEST_PG"))
            QSKIP("needs the PostgreSQL test server (SHELF_TEST_PG); scripts/test starts one");
        const shelftest::PgServer server = shelftest::pgServer();
        // Given a role and a database whose names hold quotes, spaces, ';', '=' and non-ASCII,
        // and a password that would re-point the connection if it were spliced into it unquoted
        const QString role = QStringLiteral(" sh'elf \"r\u00F6le\"; x=1 \\ ");
        const QString dbName = QStringLiteral("lib 'r\u00E4ry' \"db\"; host=evil =");
        const QString password = QStringLiteral("pw' dbname='postgres' user='shelf' \\ \u00FC=;");
        const QString admin = QStringLiteral("hostile_admin");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), admin);
            db.setHostName(server.host);
            db.setPort(server.port);
            db.setUserName(server.user);
            db.setDatabaseName(server.database);
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery query(db);
            query.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoteIdentifier(dbName)));
            query.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(quoteIdentifier(role)));
            QVERIFY2(query.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD %2")
                                    .arg(quoteIdentifier(role), quoteLiteral(password))),
                     qPrintable(query.lastError().text()));
            QVERIFY2(query.exec(QStringLiteral("CREATE DATABASE %1 OWNER %2")
                                    .arg(quoteIdentifier(dbName), quoteIdentifier(role))),
                     qPrintable(query.lastError().text()));
        }
        const auto dropThem = qScopeGuard([&] {
            {
                QSqlDatabase db = QSqlDatabase::database(admin);
                QSqlQuery query(db);
                query.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)")
                               .arg(quoteIdentifier(dbName)));
                query.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(quoteIdentifier(role)));
                db.close();
            }
            QSqlDatabase::removeDatabase(admin);
        });

        // When the user fills File → Connect to PostgreSQL with them and clicks Connect
        QStringList dialogErrors;
        int shown = 0;
        QTimer driver;
        driver.setInterval(20);
        connect(&driver, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<ui::ConnectDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            if (++shown > 1) { // the dialog came back: the connection failed
                if (auto *error = dialog->findChild<QLabel *>(); error)
                    dialogErrors << error->text();
                dialogErrors << QStringLiteral("the dialog stayed open");
                dialog->reject();
                return;
            }
            dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(server.host);
            dialog->findChild<QSpinBox *>(QStringLiteral("portEdit"))->setValue(server.port);
            dialog->findChild<QLineEdit *>(QStringLiteral("databaseEdit"))->setText(dbName);
            dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(role);
            dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(password);
            dialog->accept();
        });
        driver.start();
        window().connectToPostgres();
        driver.stop();

        // Then the window is connected to that database as that role
        QVERIFY2(dialogErrors.isEmpty(), qPrintable(dialogErrors.join(QLatin1Char('\n'))));
        QVERIFY2(prompter().errors.isEmpty(),
                 qPrintable(prompter().errors.join(QLatin1Char('\n'))));
        QCOMPARE(window().target().kind, ui::DatabaseTarget::Kind::Postgres);
        {
            QSqlQuery query(window().session()->database());
            QVERIFY2(query.exec(QStringLiteral("SELECT current_user, current_database()")),
                     qPrintable(query.lastError().text()));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), role);
            QCOMPARE(query.value(1).toString(), dbName);
        }
        // And the window created the library there and works in it
        QVERIFY(window().browser()->modelFor(authorsTable()) != nullptr);
        // And the settings remember the server and names but never the password
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.isEmpty());
        for (const QByteArray &form : {password.toUtf8(), QUrl::toPercentEncoding(password),
                                       QByteArray("pw'"), QByteArray("pw%27")})
            QVERIFY2(!stored.contains(form), stored.constData());
        bool remembered = false;
        for (const QString &key : settings.allKeys()) {
            const QString value = settings.value(key).toString();
            QVERIFY2(!value.contains(QStringLiteral("pw'")), qPrintable(key));
            const ui::DatabaseTarget target = ui::DatabaseTarget::fromString(value);
            if (target.kind == ui::DatabaseTarget::Kind::Postgres && target.user == role &&
                target.database == dbName)
                remembered = true;
        }
        QVERIFY2(remembered, stored.constData());

        // Close the connection before the database is dropped
        QVERIFY(window().openDatabase(ui::DatabaseTarget::sqlite(database().sqlitePath())));
    }

    // --- Refusal at the editor -------------------------------------------------------------

    void shouldRefuseWrongValuesAtTheEditor_data() {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // a phrase of the message
        const QString reviews = QStringLiteral("reviews");
        const QString authors = QStringLiteral("authors");
        const QString books = QStringLiteral("books");
        QTest::newRow("letters in a rating")
            << reviews << Review::RatingColumn << QStringLiteral("five") << QStringLiteral("whole");
        QTest::newRow("a rating above the CHECK")
            << reviews << Review::RatingColumn << QStringLiteral("6") << QStringLiteral("between");
        QTest::newRow("a negative rating")
            << reviews << Review::RatingColumn << QStringLiteral("-1") << QStringLiteral("between");
        QTest::newRow("a rating past 64 bits")
            << reviews << Review::RatingColumn << QStringLiteral("99999999999999999999")
            << QStringLiteral("too large");
        QTest::newRow("a rating with an injection")
            << reviews << Review::RatingColumn << QStringLiteral("1; DROP TABLE books")
            << QStringLiteral("whole");
        QTest::newRow("a mebibyte of letters in a rating")
            << reviews << Review::RatingColumn << QString(1 << 20, QLatin1Char('x'))
            << QStringLiteral("whole");
        QTest::newRow("an empty author name")
            << authors << Author::NameColumn << QString() << QStringLiteral("cannot be empty");
        QTest::newRow("a blank author name")
            << authors << Author::NameColumn << QStringLiteral("   \t ")
            << QStringLiteral("cannot be empty");
        QTest::newRow("an author id past 64 bits")
            << books << Book::AuthorIdColumn << QStringLiteral("99999999999999999999")
            << QStringLiteral("No Author");
        QTest::newRow("an author id that does not exist")
            << books << Book::AuthorIdColumn << QStringLiteral("424242")
            << QStringLiteral("no Author with id");
        QTest::newRow("an empty author of a book")
            << books << Book::AuthorIdColumn << QString() << QStringLiteral("needs its author");
    }

    void shouldRefuseWrongValuesAtTheEditor() {
        QFETCH(QString, table);
        QFETCH(int, column);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const orm::Table &definition = *window().session()->metadata().table(table);
        window().browser()->setCurrentTable(definition);
        RecordTableModel *m = model(definition);
        QTableView *tableView = view(definition);
        const QModelIndex cell = m->index(0, column);
        const QVariant before = cell.data(Qt::EditRole);
        const QString shownBefore = cell.data(Qt::DisplayRole).toString();
        window().statusBar()->clearMessage();

        // When the input is entered in the cell's editor (the line edit or picker the delegate
        // opens; a rating's spin box would not even take letters, so its text goes in as typed)
        QWidget *editor = openEditor(tableView, cell);
        QVERIFY(editor);
        if (auto *line = qobject_cast<QLineEdit *>(editor)) {
            line->setText(input);
            // Return keeps a refused value in the open editor, the reason shown under it
            QTest::keyClick(line, Qt::Key_Return);
            QTRY_VERIFY(line->toolTip().contains(expected, Qt::CaseInsensitive));
            QVERIFY(!line->isHidden());
            QCOMPARE(line->text(), input);
            QVERIFY(window().browser()->hasOpenEditor());
            QPointer<QWidget> open(line);
            QTest::keyClick(line, Qt::Key_Escape);
            QTRY_VERIFY(open.isNull());
        } else {
            QVERIFY(qobject_cast<QSpinBox *>(editor));
            QTest::keyClick(editor, Qt::Key_Escape);
            QVERIFY(!m->setData(cell, input)); // what a text editor would hand the model
        }

        // Then the window says why, in a sentence naming the column (and short enough to read)
        QVERIFY2(status().contains(expected, Qt::CaseInsensitive), qPrintable(status().left(300)));
        QVERIFY2(status().size() < 400, qPrintable(status().left(300)));
        qInfo("%s", qPrintable(status()));
        // And nothing was staged
        QCOMPARE(cell.data(Qt::EditRole), before);
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), shownBefore);
        QVERIFY(!window().session()->hasChanges());
    }

    void shouldRefuseABadRatingTypedIntoTheSpinBox() {
        // Given a review's rating in its spin box (range 1–5)
        window().browser()->setCurrentTable(reviewsTable());
        RecordTableModel *reviews = model(reviewsTable());
        const QModelIndex cell = reviews->index(0, Review::RatingColumn);
        const QVariant before = cell.data(Qt::EditRole);
        auto *spin = qobject_cast<QSpinBox *>(openEditor(view(reviewsTable()), cell));
        QVERIFY(spin);
        // When the user types letters, a 9 and a minus sign
        spin->selectAll();
        QTest::keyClicks(spin, QStringLiteral("x9-"));
        confirm(spin);
        // Then the rating is still the committed one (the spin box took none of it)
        QCOMPARE(cell.data(Qt::EditRole), before);
        QVERIFY(!window().session()->hasChanges());
    }

    void shouldRefuseAtCommitWhatGetsPastTheEditorAndKeepTheEdit_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("rating 9 (CHECK)") << Review::RatingColumn << QVariant(qlonglong(9));
        QTest::newRow("rating -3 (CHECK)") << Review::RatingColumn << QVariant(qlonglong(-3));
        QTest::newRow("rating as text (STRICT)")
            << Review::RatingColumn << QVariant(QStringLiteral("five"));
        QTest::newRow("text NULL (NOT NULL)") << -1 << QVariant();
    }

    void shouldRefuseAtCommitWhatGetsPastTheEditorAndKeepTheEdit() {
        QFETCH(int, column);
        QFETCH(QVariant, value);
        // Given a value set programmatically, past the editor's checks
        const bool author = column < 0;
        const orm::Table &table = author ? authorsTable() : reviewsTable();
        const int target = author ? Author::NameColumn : column;
        RecordTableModel *m = model(table);
        const orm::RecordPtr record = m->record(0);
        QVERIFY(record);
        const qint64 id = record->value(0).toLongLong();
        const QVariant committed = record->value(target);
        QVERIFY(record->setValue(target, value));
        const QString rowsBefore =
            database()
                    .rows(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table.name()), {id})
                    .isEmpty()
                ? QString()
                : QStringLiteral("present");

        // When the user commits
        window().actions().commit->trigger();

        // Then the commit fails with a plain message, and the edit is kept for fixing
        QCOMPARE(prompter().errors.size(), 1);
        const QString message = prompter().errors.first();
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(table.className()) ||
                     message.contains(QStringLiteral("Review")) ||
                     message.contains(QStringLiteral("Author")),
                 qPrintable(message));
        QVERIFY(window().session()->hasChanges());
        QCOMPARE(record->value(target), value);
        QCOMPARE(record->committedValue(target), committed);
        // And the database still has the committed value
        QCOMPARE(database().scalar(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?")
                                       .arg(table.column(target).name, table.name()),
                                   {id}),
                 committed);
        QCOMPARE(rowsBefore, QStringLiteral("present"));
    }

    // --- NUL on PostgreSQL -----------------------------------------------------------------

    void shouldFindHostileTextOnPostgresWithTheFilterAndThePicker() {
        if (qEnvironmentVariableIsEmpty("SHELF_TEST_PG"))
            QSKIP("needs the PostgreSQL test server (SHELF_TEST_PG); scripts/test starts one");
        // Given authors named with every hostile value PostgreSQL can store (all but the NUL),
        // in a model and a picker on a PostgreSQL session
        const QByteArray backend = qgetenv("SHELF_TEST_BACKEND");
        qputenv("SHELF_TEST_BACKEND", "postgres");
        const auto restoreBackend = qScopeGuard([&] { qputenv("SHELF_TEST_BACKEND", backend); });
        shelftest::TestDatabase pg;
        QVERIFY2(pg.open(), qPrintable(pg.errorString()));
        (void)pg.independent(); // also what drops the schema again
        orm::Session session(pg.connection(), library::metadata());
        QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
        QStringList names;
        for (const auto &entry : hostileValues()) {
            if (!entry.second.contains(QChar(0)))
                names << entry.second;
        }
        names << QStringLiteral("1000 percent") << QStringLiteral("ofXall")
              << QStringLiteral("\u00C4RGER \u00DC");
        for (const QString &name : std::as_const(names))
            session.add(Author::create(name));
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        RecordTableModel authors(&session, authorsTable());
        authors.reload();
        const orm::Relationship *author = booksTable().relationshipForColumn(Book::AuthorIdColumn);
        QVERIFY(author);
        ui::ForeignKeyPicker picker(&session, *author);

        QStringList filters = names;
        filters << QStringLiteral("%") << QStringLiteral("_") << QStringLiteral("\\")
                << QStringLiteral("'") << QStringLiteral("\u00E4rger");
        for (const QString &filter : std::as_const(filters)) {
            // When it is the filter, and the picker's search
            authors.setFilter(filter);
            picker.search(filter);
            // Then both find exactly the names containing it (case folded), wildcards literal
            QStringList expected;
            for (const QString &name : std::as_const(names)) {
                if (name.contains(filter, Qt::CaseInsensitive))
                    expected << name;
            }
            QStringList shown;
            QTRY_COMPARE(authors.rowCount(), expected.size());
            for (int row = 0; row < authors.rowCount(); ++row)
                shown << authors.index(row, Author::NameColumn).data(Qt::EditRole).toString();
            QStringList picked;
            for (const orm::RecordPtr &record : picker.results())
                picked << record->value(Author::NameColumn).toString();
            expected.sort();
            shown.sort();
            picked.sort();
            QVERIFY2(shown == expected, qPrintable(shortName(filter)));
            QVERIFY2(picked == expected, qPrintable(shortName(filter)));
            QVERIFY2(!session.lastError(), qPrintable(session.lastError().fullText()));
        }
        QCOMPARE(pg.scalar(QStringLiteral("SELECT count(*) FROM authors")).toInt(), names.size());
    }

    void shouldRefuseANulAtTheEditorWherePostgresCannotStoreIt() {
        if (qEnvironmentVariableIsEmpty("SHELF_TEST_PG"))
            QSKIP("needs the PostgreSQL test server (SHELF_TEST_PG); scripts/test starts one");
        // Given the real table view, model and delegate on a PostgreSQL session
        const QByteArray backend = qgetenv("SHELF_TEST_BACKEND");
        qputenv("SHELF_TEST_BACKEND", "postgres");
        const auto restoreBackend = qScopeGuard([&] { qputenv("SHELF_TEST_BACKEND", backend); });
        shelftest::TestDatabase pg;
        QVERIFY2(pg.open(), qPrintable(pg.errorString()));
        (void)pg.independent(); // also what drops the schema again
        orm::Session session(pg.connection(), library::metadata());
        QVERIFY2(session.createAll(), qPrintable(session.lastError().fullText()));
        session.add(Author::create(QStringLiteral("Ann")));
        QVERIFY2(session.commit(), qPrintable(session.lastError().fullText()));
        RecordTableModel authors(&session, authorsTable());
        authors.reload();
        QTableView table;
        table.setItemDelegate(new ui::RecordDelegate(&table));
        table.setModel(&authors);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QTRY_COMPARE(authors.rowCount(), 1);
        const QModelIndex cell = authors.index(0, Author::NameColumn);
        QSignalSpy refused(&authors, &RecordTableModel::editRefused);

        // When a name with a NUL is typed into the cell
        auto *editor = qobject_cast<QLineEdit *>(openEditor(&table, cell));
        QVERIFY(editor);
        const QString withNul = QStringLiteral("An") + QChar(0) + QStringLiteral("n");
        editor->setText(withNul);
        QTest::keyClick(editor, Qt::Key_Return);

        // Then it is refused with a message, not cut at the NUL, and nothing is staged; the
        // editor stays open with the text as typed until the user fixes it or leaves (Escape)
        QTRY_COMPARE(refused.size(), 1);
        QCOMPARE(editor->text(), withNul);
        QPointer<QWidget> open(editor);
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY(open.isNull());
        const QString message = refused.first().first().toString();
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("NUL")), qPrintable(message));
        QCOMPARE(cell.data(Qt::EditRole).toString(), QStringLiteral("Ann"));
        QVERIFY(!session.hasChanges());

        // And the filter box's NUL finds nothing rather than failing on the server
        authors.setFilter(withNul);
        QTRY_COMPARE(authors.rowCount(), 0);
        authors.setFilter(QString());
        QTRY_COMPARE(authors.rowCount(), 1);

        // And a NUL set programmatically fails the commit with a message, keeping the edit
        const orm::RecordPtr ann = authors.record(0);
        QVERIFY(ann->setValue(Author::NameColumn, withNul));
        QVERIFY(!session.commit());
        QVERIFY(!session.lastError().message().isEmpty());
        qInfo("%s", qPrintable(session.lastError().message()));
        QCOMPARE(ann->value(Author::NameColumn).toString(), withNul);
        QCOMPARE(pg.scalar(QStringLiteral("SELECT name FROM authors")).toString(),
                 QStringLiteral("Ann"));
        table.setModel(nullptr);
    }
};

QTEST_MAIN(tst_HostileInput)
#include "tst_hostileinput.moc"
