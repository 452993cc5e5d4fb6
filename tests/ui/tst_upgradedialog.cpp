// Opening a library made by an older Shelf (issue 15): the window asks first (UpgradeDialog: what
// will change, the SQL under Details, where the backup goes); Upgrade backs up, upgrades and
// opens; Cancel opens nothing and leaves the file byte-identical. A library from a newer Shelf
// opens read-only with both revisions named. `shelf --upgrade FILE [--yes]` does the same without
// a window. Files are the committed revision-1 fixture, copied.

#include "uitesthelpers.h"

#include "app/commandline.h"
#include "app/upgradecommand.h"

#include "library/librarymetadata.h"
#include "library/revisions.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTextStream>

using namespace uitest;

namespace {

QByteArray bytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// PRAGMA user_version of a file, read through a connection of its own.
int userVersion(const QString &path) {
    int version = -1;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("version_check"));
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (db.open() && query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
            version = query.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("version_check"));
    return version;
}

} // namespace

class TestUpgradeDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase() { isolateSettings(); }
    void init() {
        m_path = m_dir.filePath(QStringLiteral("old-library.sqlite"));
        QFile::remove(m_path);
        for (const QString &backup : QDir(m_dir.path()).entryList({QStringLiteral("*backup*")}))
            QFile::remove(m_dir.filePath(backup));
        QVERIFY(QFile::copy(QStringLiteral(SHELF_TEST_DATA "/library-r1.sqlite"), m_path));
        QVERIFY(QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner));
    }

    void dialogShowsThePlanTheSqlAndTheBackup() {
        const ui::UpgradeQuestion question{
            QStringLiteral("old-library.sqlite"),
            1,
            2,
            {QStringLiteral("Add the column books.isbn (text, may be empty, unique)."),
             QStringLiteral("Make books.borrower_id refer to users.")},
            QStringLiteral("ALTER TABLE \"books\" ADD COLUMN \"publication_year\" INTEGER;"),
            QStringLiteral("/home/me/old-library.r1-backup.sqlite")};
        ui::UpgradeDialog dialog(question);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QStringList texts;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            texts << label->text();
        const QString all = texts.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("revision 1")) &&
                     all.contains(QLatin1String("revision 2")),
                 qPrintable(all));
        QVERIFY(all.contains(QLatin1String("books.isbn")));
        QVERIFY(all.contains(QLatin1String("old-library.r1-backup.sqlite")));
        QVERIFY(!dialog.sqlView()->isVisible());
        saveScreenshot(&dialog, QStringLiteral("upgrade-dialog"));
        dialog.detailsButton()->click();
        QVERIFY(dialog.sqlView()->isVisible());
        QVERIFY(dialog.sqlView()->toPlainText().contains(QLatin1String("publication_year")));
        saveScreenshot(&dialog, QStringLiteral("upgrade-dialog-details"));
        dialog.upgradeButton()->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void openingAnOlderLibraryAsksThenUpgradesAndOpens() {
        app::MainWindow window;
        auto scripted = std::make_unique<ScriptedPrompter>();
        ScriptedPrompter &prompter = *scripted;
        window.setPrompter(std::move(scripted));
        QVERIFY(window.openDatabase(ui::DatabaseTarget::sqlite(m_path)));
        QCOMPARE(prompter.upgrades.size(), 1);
        const ui::UpgradeQuestion &asked = prompter.upgrades.first();
        QCOMPARE(asked.fromRevision, 1);
        QCOMPARE(asked.toRevision, library::currentRevision());
        QVERIFY(asked.steps.join(QLatin1Char(' ')).contains(QLatin1String("publication_year")));
        QVERIFY2(asked.steps.contains(QStringLiteral("When the row of users that "
                                                     "books.borrower_id refers to is deleted: "
                                                     "SET NULL.")),
                 qPrintable(asked.steps.join(QLatin1Char('\n'))));
        QVERIFY2(QFileInfo::exists(asked.backupPath), qPrintable(asked.backupPath));
        {
            ui::UpgradeDialog shown(asked); // as the user saw it
            shown.show();
            QVERIFY(QTest::qWaitForWindowExposed(&shown));
            saveScreenshot(&shown, QStringLiteral("upgrade-dialog-library"));
        }
        QCOMPARE(userVersion(m_path), library::currentRevision());
        QCOMPARE(userVersion(asked.backupPath), 0); // the copy is the old library
        QVERIFY(window.session());
        QCOMPARE(window.browser()->modelFor(library::booksTable())->rowCount(), 63);
        QCOMPARE(window.browser()->modelFor(library::booksTable())->columnCount(), 6);
    }

    void cancelOpensNothingAndChangesNothing() {
        const QByteArray before = bytes(m_path);
        app::MainWindow window;
        auto scripted = std::make_unique<ScriptedPrompter>();
        scripted->upgradeAnswer = false;
        ScriptedPrompter &prompter = *scripted;
        window.setPrompter(std::move(scripted));
        QVERIFY(!window.openDatabase(ui::DatabaseTarget::sqlite(m_path)));
        QCOMPARE(prompter.upgrades.size(), 1);
        QVERIFY(!window.session());
        QVERIFY(bytes(m_path) == before);
        QVERIFY(!QFileInfo::exists(prompter.upgrades.first().backupPath));
    }

    void newerLibraryOpensReadOnlyNamingBothRevisions() {
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 7")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        const QByteArray before = bytes(m_path);
        app::MainWindow window;
        auto scripted = std::make_unique<ScriptedPrompter>();
        ScriptedPrompter &prompter = *scripted;
        window.setPrompter(std::move(scripted));
        QVERIFY(window.openDatabase(ui::DatabaseTarget::sqlite(m_path)));
        QVERIFY(prompter.upgrades.isEmpty());
        QCOMPARE(prompter.errors.size(), 1);
        QVERIFY2(prompter.errors.first().contains(QLatin1String("revision 7")) &&
                     prompter.errors.first().contains(
                         QStringLiteral("up to %1").arg(library::currentRevision())),
                 qPrintable(prompter.errors.first()));
        for (const orm::Table *table : window.session()->metadata().tables())
            QVERIFY2(table->isReadOnly(), qPrintable(table->name()));
        QVERIFY(bytes(m_path) == before);
    }

    void commandLineAsksThenUpgrades() {
        app::CommandLine line;
        QCOMPARE(line.parse({QStringLiteral("shelf"), QStringLiteral("--upgrade"), m_path,
                             QStringLiteral("--yes")}),
                 app::CommandLine::Outcome::Upgrade);
        QCOMPARE(line.upgradeTarget(), m_path);
        QVERIFY(line.assumeYes());

        // "n" changes nothing
        const QByteArray before = bytes(m_path);
        QString answer = QStringLiteral("n\n"), printed, errors;
        QTextStream in(&answer), out(&printed), err(&errors);
        QCOMPARE(app::UpgradeCommand::run(m_path, false, in, out, err), 1);
        QVERIFY2(printed.contains(QLatin1String("revision 1")), qPrintable(printed));
        QVERIFY2(printed.contains(QLatin1String("books.isbn")), qPrintable(printed));
        QVERIFY2(printed.contains(QLatin1String("Nothing was changed")), qPrintable(printed));
        QVERIFY(bytes(m_path) == before);

        // --yes upgrades, and a second run has nothing to do
        printed.clear();
        QCOMPARE(app::UpgradeCommand::run(m_path, true, in, out, err), 0);
        QVERIFY2(printed.contains(QLatin1String("Upgraded")), qPrintable(printed + errors));
        QCOMPARE(userVersion(m_path), library::currentRevision());
        printed.clear();
        QCOMPARE(app::UpgradeCommand::run(m_path, true, in, out, err), 0);
        QVERIFY2(printed.contains(QLatin1String("nothing to do")), qPrintable(printed));
    }
};

QTEST_MAIN(TestUpgradeDialog)
#include "tst_upgradedialog.moc"
