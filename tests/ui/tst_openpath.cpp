// File → Open (and a recent database) opens what exists and nothing else: a missing path, a folder,
// a foreign, cut-off or unreadable file gets a plain message, and the path is left exactly as it
// was — no file created, no journal, not a byte or a timestamp changed. Only File → New database
// (and the first launch, through the same DatabaseConnection::createSqliteFile) creates a file.

#include "uitesthelpers.h"

#include "app/databaseconnection.h"
#include "app/databasemenu.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include "library/library.h"
#include "orm/session.h"

#include <QAction>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace library;
using ui::RecordTableModel;

namespace {

/// Every entry under `folder` (hidden ones too) with its size, modification time and SHA-256:
/// equal fingerprints mean nothing was created, removed, written or touched.
QString fingerprint(const QString &folder) {
    QStringList lines;
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo entry(it.next());
        QString line = entry.filePath() + QLatin1Char(' ') + QString::number(entry.size()) +
                       QLatin1Char(' ') +
                       QString::number(entry.lastModified().toMSecsSinceEpoch()) +
                       QLatin1Char(' ') + QString::number(int(entry.permissions()), 16);
        QFile file(entry.filePath());
        if (entry.isFile() && file.open(QIODevice::ReadOnly)) {
            QCryptographicHash hash(QCryptographicHash::Sha256);
            hash.addData(&file);
            line += QLatin1Char(' ') + QString::fromLatin1(hash.result().toHex());
        }
        lines << line;
    }
    lines.sort();
    return lines.join(QLatin1Char('\n'));
}

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Root ignores file permissions; an immutable file (chattr +i) is read-only even for root.
bool setImmutable(const QString &path, bool immutable) {
    return QProcess::execute(QStringLiteral("chattr"),
                             {immutable ? QStringLiteral("+i") : QStringLiteral("-i"), path}) == 0;
}

enum class BadPath {
    MissingFile,
    MissingFolder,
    Folder,
    TextFile,
    TruncatedToHalf,
    TruncatedToOnePage,
    HeaderOnly,
    UnreadableFile,
};

} // namespace

Q_DECLARE_METATYPE(BadPath)

class tst_OpenPath : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    app::DatabaseMenu *menu() { return window().findChild<app::DatabaseMenu *>(); }

    /// A copy of the seeded library file (several pages), taken while nothing is staged.
    QByteArray libraryBytes() { return readFile(database().sqlitePath()); }

    /// The window still works on the database it had: the seeded authors are there.
    void verifyWindowKept(const ui::DatabaseTarget &before) {
        QCOMPARE(window().target().toString(), before.toString());
        QVERIFY(window().session() != nullptr);
        QCOMPARE(window().browser()->modelFor(authorsTable())->rowCount(), 2);
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() { QVERIFY(openSeeded()); }
    void cleanup() { closeSeeded(); }

    void shouldRefuseABadPathAndLeaveItAsItWas_data() {
        QTest::addColumn<BadPath>("bad");
        QTest::addColumn<QString>("expected"); // a phrase the message must contain
        QTest::newRow("a missing file") << BadPath::MissingFile << QStringLiteral("no file");
        QTest::newRow("a file in a missing folder")
            << BadPath::MissingFolder << QStringLiteral("does not exist");
        QTest::newRow("a folder") << BadPath::Folder << QStringLiteral("is a folder");
        QTest::newRow("a text file")
            << BadPath::TextFile << QStringLiteral("not an SQLite database");
        QTest::newRow("a library cut to half")
            << BadPath::TruncatedToHalf << QStringLiteral("cut off");
        QTest::newRow("a library cut to one page")
            << BadPath::TruncatedToOnePage << QStringLiteral("cut off");
        QTest::newRow("a library cut inside its header")
            << BadPath::HeaderOnly << QStringLiteral("not an SQLite database");
        QTest::newRow("an unreadable file")
            << BadPath::UnreadableFile << QStringLiteral("may not read");
    }

    void shouldRefuseABadPathAndLeaveItAsItWas() {
        QFETCH(BadPath, bad);
        QFETCH(QString, expected);
        if (bad == BadPath::UnreadableFile && ::geteuid() == 0)
            QSKIP("running as root, whom file permissions do not stop");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString path = dir.filePath(QStringLiteral("shelf library.sqlite"));
        const QByteArray library = libraryBytes();
        QVERIFY(library.size() >= 3 * 4096);
        // Given a path that is not an existing SQLite database
        switch (bad) {
        case BadPath::MissingFile:
            break;
        case BadPath::MissingFolder:
            path = dir.filePath(QStringLiteral("gone/shelf library.sqlite"));
            break;
        case BadPath::Folder:
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("shelf library.sqlite")));
            break;
        case BadPath::TextFile:
            QVERIFY(writeFile(path, QByteArray("Dear diary, today I wrote a library.\n")));
            break;
        case BadPath::TruncatedToHalf:
            QVERIFY(writeFile(path, library.left(library.size() / 2)));
            break;
        case BadPath::TruncatedToOnePage:
            QVERIFY(writeFile(path, library.left(4096)));
            break;
        case BadPath::HeaderOnly:
            QVERIFY(writeFile(path, library.left(60)));
            break;
        case BadPath::UnreadableFile:
            QVERIFY(writeFile(path, library));
            QVERIFY(QFile::setPermissions(path, QFile::WriteOwner));
            break;
        }
        const QString before = fingerprint(dir.path());
        const ui::DatabaseTarget opened = window().target();

        // When the user opens it
        QVERIFY(!window().openDatabase(ui::DatabaseTarget::sqlite(path)));

        // Then one plain message says what is wrong with which file
        QCOMPARE(prompter().errors.size(), 1);
        const QString message = prompter().errors.first();
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("shelf library.sqlite")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        // And nothing under the folder was created, written or touched
        QCOMPARE(fingerprint(dir.path()), before);
        if (bad == BadPath::MissingFolder)
            QVERIFY(!QFileInfo::exists(QFileInfo(path).absolutePath()));
        // And the window keeps the database it had
        verifyWindowKept(opened);
        if (bad == BadPath::UnreadableFile)
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    }

    void shouldOpenAnotherProgramsDatabaseAsItself() {
        // Given another program's SQLite database, with a table of its own
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), path);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(
                query.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, text)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO notes (text) VALUES ('keep me')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(path);
        const QString before = fingerprint(dir.path());

        // When the user opens it
        QVERIFY(window().openDatabase(ui::DatabaseTarget::sqlite(path)));

        // Then nothing was asked and nothing written: it opens as itself, its table shown
        QVERIFY2(prompter().asked.isEmpty(), qPrintable(prompter().asked.join(QLatin1Char('\n'))));
        QCOMPARE(fingerprint(dir.path()), before);
        const orm::Table *notes = window().session()->metadata().table(QStringLiteral("notes"));
        QVERIFY(notes);
        QVERIFY(!window().session()->metadata().table(QStringLiteral("authors")));
        QCOMPARE(window().browser()->modelFor(*notes)->rowCount(), 1);
        QVERIFY(!window().session()->database().tables().contains(QStringLiteral("authors")));
        // And seeding, which would replace tables, is offered for a library only, saying why
        QVERIFY(!window().actions().seed->isEnabled());
        QVERIFY2(window().actions().seed->toolTip().contains(QStringLiteral("not a Shelf library")),
                 qPrintable(window().actions().seed->toolTip()));
    }

    void shouldNotRecreateARecentDatabaseThatIsGone() {
        // Given a database the user opened once, then deleted outside Shelf
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        QVERIFY(menu()->createSqliteDatabase(path));
        QCOMPARE(window().target().path, QFileInfo(path).absoluteFilePath());
        QVERIFY(window().openDatabase(ui::DatabaseTarget::sqlite(database().sqlitePath())));
        QVERIFY(QFile::remove(path));
        const QString before = fingerprint(dir.path());
        QAction *recent = nullptr;
        for (QAction *action : window().actions().recentMenu->actions()) {
            if (action->text() == QFileInfo(path).absoluteFilePath())
                recent = action;
        }
        QVERIFY(recent);

        // When the user picks it from File → Recent
        recent->trigger();

        // Then a message says it is gone, and it is not brought back as an empty file
        QCOMPARE(prompter().errors.size(), 1);
        QVERIFY2(prompter().errors.first().contains(QStringLiteral("no file")),
                 qPrintable(prompter().errors.first()));
        QCOMPARE(fingerprint(dir.path()), before);
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(window().target().path, database().sqlitePath());
    }

    void shouldCreateOnlyThroughNewDatabase() {
        // Given a folder with a stale write-ahead log beside the file the user will replace
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new library.sqlite"));
        QVERIFY(writeFile(path, QByteArray("an old text file the user chose to replace\n")));
        QVERIFY(writeFile(path + QStringLiteral("-wal"), QByteArray(512, 'w')));

        // When File → New database creates it
        QVERIFY(menu()->createSqliteDatabase(path));

        // Then it is a new SQLite database with the library tables, open in the window
        QVERIFY2(prompter().errors.isEmpty(),
                 qPrintable(prompter().errors.join(QLatin1Char('\n'))));
        QCOMPARE(window().target().path, QFileInfo(path).absoluteFilePath());
        QVERIFY(readFile(path).startsWith(QByteArray("SQLite format 3\0", 16)));
        QCOMPARE(window().browser()->modelFor(authorsTable())->rowCount(), 0);
        QVERIFY(window().session()->database().tables().contains(QStringLiteral("authors")));
        // And the old log is gone rather than read as part of it
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));

        // And createSqliteFile (the first launch) refuses to overwrite what exists
        QString error;
        const QString existing = fingerprint(dir.path());
        QVERIFY(!app::DatabaseConnection::createSqliteFile(path, &error));
        QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
        QCOMPARE(fingerprint(dir.path()), existing);
        // but makes a missing file and its folder
        const QString fresh = dir.filePath(QStringLiteral("data/Shelf/library.sqlite"));
        QVERIFY2(app::DatabaseConnection::createSqliteFile(fresh, &error), qPrintable(error));
        QVERIFY(QFileInfo(fresh).isFile());
        app::DatabaseConnection connection;
        QVERIFY2(connection.open(ui::DatabaseTarget::sqlite(fresh), &error,
                                 app::DatabaseConnection::OpenMode::OpenExisting),
                 qPrintable(error));
        QCOMPARE(int(connection.kind()), int(library::DatabaseKind::Empty));
    }

    void shouldOpenAFileItCannotWriteReadOnlySayingWhyAndStageNothing() {
        // Given a library file the user may read but not write
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("read only.sqlite"));
        QVERIFY(writeFile(path, libraryBytes()));
        const bool root = ::geteuid() == 0;
        if (root) {
            if (!setImmutable(path, true))
                QSKIP("running as root and chattr +i is not available here");
        } else {
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup));
        }
        const auto restore = qScopeGuard([&] {
            if (root)
                setImmutable(path, false);
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        });
        const QString before = fingerprint(dir.path());

        // When the user opens it
        QVERIFY(window().openDatabase(ui::DatabaseTarget::sqlite(path)));

        // Then one message says, before anything is typed, that it cannot be written
        QCOMPARE(prompter().errors.size(), 1);
        QVERIFY2(prompter().errors.first().contains(QLatin1String("cannot be written")),
                 qPrintable(prompter().errors.first()));
        // And its authors are shown, read-only with that reason: an edit is refused, and New
        // Record stages nothing (before, both were staged and only the commit failed)
        QVERIFY(window().showTable(QStringLiteral("authors")));
        RecordTableModel *authors = window().browser()->currentModel();
        QVERIFY(authors->table().isReadOnly());
        QCOMPARE(authors->rowCount(), 2);
        const QModelIndex name =
            authors->index(0, authors->table().columnIndex(QStringLiteral("name")));
        QVERIFY(!(authors->flags(name) & Qt::ItemIsEditable));
        QVERIFY(!authors->setData(name, QStringLiteral("Renamed in a read-only file")));
        window().browser()->currentView()->setFocus();
        window().actions().newRecord->trigger();
        QVERIFY(!window().session()->hasChanges());
        // And the file is exactly as it was
        QCOMPARE(fingerprint(dir.path()), before);
    }

    void shouldSayAnotherProgramHoldsTheLockOfAFileItCannotOpenNow() {
        // Given a library another program is writing to, holding its lock
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("busy.sqlite"));
        QVERIFY(writeFile(path, libraryBytes()));
        const ui::DatabaseTarget opened = window().target();
        {
            QSqlDatabase other =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QVERIFY(QSqlQuery(other).exec(QStringLiteral("BEGIN EXCLUSIVE")));

            // When the user opens it (SQLite waits its busy timeout, 5 s, for the lock)
            QVERIFY(!window().openDatabase(ui::DatabaseTarget::sqlite(path)));

            // Then the message says so in words, not "database is locked Unable to execute
            // statement", and the window keeps what it had
            QCOMPARE(prompter().errors.size(), 1);
            QVERIFY2(prompter().errors.first().contains(QLatin1String("busy.sqlite")) &&
                         prompter().errors.first().contains(
                             QLatin1String("another program is writing to it")),
                     qPrintable(prompter().errors.first()));
            verifyWindowKept(opened);
            QVERIFY(QSqlQuery(other).exec(QStringLiteral("ROLLBACK")));
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        // And once it has finished, the file opens
        QVERIFY(window().openDatabase(ui::DatabaseTarget::sqlite(path)));
    }
};

QTEST_MAIN(tst_OpenPath)
#include "tst_openpath.moc"
