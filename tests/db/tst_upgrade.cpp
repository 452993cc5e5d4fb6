// Upgrading a library (docs/contract.md §8, issue 15) on the committed revision-1 fixtures (an
// SQLite file and a PostgreSQL dump made by Shelf at revision 1): the revision is recognised, the
// plan says what changes, the backup holds every row, the upgrade keeps every row and leaves
// exactly the declared schema, stamped. A failed upgrade leaves the SQLite file byte-identical; a
// library from a newer Shelf is never downgraded.

#include "revision1.h"

#include "library/librarymetadata.h"
#include "library/upgrader.h"
#include "orm/reflect.h"
#include "orm/schemadiff.h"

#include <QDir>
#include <QSqlRecord>

using namespace shelftest;

namespace {

bool isSqlite() {
    return backend() == Backend::Sqlite;
}

QString dataFolder() {
    return QStringLiteral(SHELF_TEST_DATA);
}

QByteArray bytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Every row of the four tables, in the columns revision 1 had, ordered by id (through
/// `database`, or a connection of its own to the file at `path`).
QStringList rowsOf(const QSqlDatabase &database) {
    QStringList lines;
    const QList<QPair<const char *, const char *>> tables{
        {"authors", "id, name"},
        {"users", "id, name"},
        {"books", "id, title, author_id, borrower_id"},
        {"reviews", "id, book_id, user_id, rating, text"}};
    for (const auto &[table, columns] : tables) {
        QSqlQuery query(database);
        if (!query.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY id")
                            .arg(QLatin1String(columns), QLatin1String(table))))
            lines << query.lastError().text();
        while (query.next()) {
            QStringList cells{QLatin1String(table)};
            for (int i = 0; i < query.record().count(); ++i)
                cells << (query.value(i).isNull() ? QStringLiteral("NULL")
                                                  : query.value(i).toString());
            lines << cells.join(QLatin1Char('|'));
        }
    }
    return lines;
}

QStringList rowsOfFile(const QString &path) {
    QStringList rows;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("upgrade_file"));
        db.setDatabaseName(path);
        if (db.open())
            rows = rowsOf(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("upgrade_file"));
    return rows;
}

} // namespace

class TestUpgrade : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;

    int revisionSeenByAnotherConnection() {
        QSqlDatabase other = m_db->newConnection();
        const orm::Reflection reflection = orm::reflect(other);
        return reflection ? library::schemaRevision(other, *reflection.metadata) : -1;
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        QVERIFY2(m_db->open(), qPrintable(m_db->errorString()));
        QString error;
        QVERIFY2(loadRevision1Fixture(*m_db, dataFolder(), &error), qPrintable(error));
    }
    void cleanup() { m_db.reset(); }

    void fixtureIsRecognisedAsRevision1() {
        QCOMPARE(revisionSeenByAnotherConnection(), 1);
        // Unstamped, as a library from before stamps: recognised by its schema alone
        if (isSqlite())
            QVERIFY(m_db->exec(QStringLiteral("PRAGMA application_id = 0")));
        else
            QVERIFY(m_db->exec(QStringLiteral("DROP TABLE shelf_library")));
        QCOMPARE(revisionSeenByAnotherConnection(), 1);
    }

    void planSaysWhatChangesAndWhereTheBackupGoes() {
        library::Upgrader upgrader(m_db->connection());
        QVERIFY2(upgrader.inspect(), qPrintable(upgrader.errorString()));
        QCOMPARE(upgrader.fromRevision(), 1);
        QCOMPARE(upgrader.toRevision(), library::currentRevision());
        QVERIFY(upgrader.needsUpgrade());
        const QString steps = upgrader.steps().join(QLatin1Char('\n'));
        QVERIFY2(steps.contains(QLatin1String("books.publication_year")), qPrintable(steps));
        QVERIFY2(steps.contains(QLatin1String("books.isbn")), qPrintable(steps));
        QVERIFY2(upgrader.sql().contains(QLatin1String("publication_year")),
                 qPrintable(upgrader.sql()));
        if (isSqlite()) {
            QVERIFY2(upgrader.sql().contains(QLatin1String("shelf_new_books")),
                     qPrintable(upgrader.sql()));
            QCOMPARE(upgrader.backupPath(),
                     QDir(QFileInfo(m_db->sqlitePath()).absolutePath())
                         .filePath(QStringLiteral("shelf-test.r1-backup.sqlite")));
        } else {
            QVERIFY(upgrader.backupPath().isEmpty());
        }
        // and planning wrote nothing
        QCOMPARE(revisionSeenByAnotherConnection(), 1);
    }

    void upgradeKeepsEveryRowAndLeavesTheDeclaredSchema() {
        const QStringList before = rowsOf(m_db->newConnection());
        QVERIFY(before.size() > 90);
        library::Upgrader upgrader(m_db->connection());
        QVERIFY2(upgrader.inspect(), qPrintable(upgrader.errorString()));
        QVERIFY2(upgrader.backup(), qPrintable(upgrader.errorString()));
        if (isSqlite())
            QCOMPARE(rowsOfFile(upgrader.backupPath()), before);
        QVERIFY2(upgrader.upgrade(), qPrintable(upgrader.errorString()));

        // Then another connection sees revision 2, every old row, and the declared schema
        QSqlDatabase other = m_db->newConnection();
        QCOMPARE(rowsOf(other), before);
        const orm::Reflection reflection = orm::reflect(other);
        QVERIFY(reflection);
        QCOMPARE(library::schemaRevision(other, *reflection.metadata), 2);
        const QList<orm::MigrationOp> left =
            orm::SchemaDiff::compare(orm::SchemaState::from(library::metadata(), false),
                                     library::reflectedSchema(other, *reflection.metadata));
        QVERIFY2(left.isEmpty(), qPrintable(left.isEmpty() ? QString() : left.first().describe()));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM books WHERE publication_year "
                                             "IS NULL AND isbn IS NULL"))
                     .toInt(),
                 63);
        // and the new rules hold: a checked year and ISBN, a unique ISBN, borrowers SET NULL
        QVERIFY(m_db->exec(QStringLiteral(
            "UPDATE books SET publication_year = 1986, isbn = '0670813028' WHERE id = 1")));
        QVERIFY(
            !m_db->exec(QStringLiteral("UPDATE books SET publication_year = 1200 WHERE id = 2")));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE books SET isbn = '0670813028' WHERE id = 2")));
        QVERIFY(!m_db->exec(QStringLiteral("UPDATE books SET isbn = '067-813028' WHERE id = 2")));
        QVERIFY(m_db->exec(QStringLiteral("UPDATE books SET isbn = '9780670813025' WHERE id = 2")));
        const qint64 borrower =
            m_db->scalar(QStringLiteral("SELECT borrower_id FROM books WHERE id = 1")).toLongLong();
        QVERIFY(borrower > 0);
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM reviews WHERE user_id = ?"), {borrower}));
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM users WHERE id = ?"), {borrower}));
        QVERIFY(
            m_db->scalar(QStringLiteral("SELECT borrower_id FROM books WHERE id = 1")).isNull());

        // A second look finds nothing to do
        library::Upgrader again(m_db->connection());
        QVERIFY(again.inspect());
        QVERIFY(!again.needsUpgrade());
    }

    void failedUpgradeChangesNothing() {
        // Given a library the upgrade must refuse: a book whose borrower does not exist (SQLite
        // lets such a row in with foreign keys off), or a foreign key already gone (PostgreSQL)
        if (isSqlite()) {
            QSqlDatabase raw = m_db->newConnection();
            QSqlQuery query(raw);
            QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
            QVERIFY(query.exec(QStringLiteral("UPDATE books SET borrower_id = 999 WHERE id = 2")));
        } else {
            QVERIFY(m_db->exec(
                QStringLiteral("ALTER TABLE books DROP CONSTRAINT books_borrower_id_fkey")));
        }
        const QStringList before = rowsOf(m_db->newConnection());
        library::Upgrader upgrader(m_db->connection());
        QVERIFY2(upgrader.inspect(), qPrintable(upgrader.errorString()));
        QVERIFY2(upgrader.backup(), qPrintable(upgrader.errorString()));
        const QByteArray file = isSqlite() ? bytes(m_db->sqlitePath()) : QByteArray();

        // When it runs, it fails and says what failed
        QVERIFY(!upgrader.upgrade());
        QVERIFY2(upgrader.errorString().contains(QLatin1String("nothing was changed")),
                 qPrintable(upgrader.errorString()));
        QVERIFY2(upgrader.errorString().contains(isSqlite() ? QLatin1String("foreign_key_check")
                                                            : QLatin1String("fkey")),
                 qPrintable(upgrader.errorString()));

        // Then the library is exactly as it was: the same file, byte for byte
        QCOMPARE(revisionSeenByAnotherConnection(), 1);
        QCOMPARE(rowsOf(m_db->newConnection()), before);
        if (isSqlite())
            QVERIFY(bytes(m_db->sqlitePath()) == file);
    }

    void backupThatCannotBeWrittenStopsBeforeAnyChange() {
        if (!isSqlite())
            QSKIP("PostgreSQL is not backed up: its upgrade is one transaction");
        const QByteArray file = bytes(m_db->sqlitePath());
        library::Upgrader upgrader(m_db->connection());
        QVERIFY(upgrader.inspect());
        upgrader.setBackupPath(QStringLiteral("/nonexistent-folder/full-disk.sqlite"));
        QVERIFY(!upgrader.backup());
        QVERIFY2(upgrader.errorString().contains(QLatin1String("nothing was changed")),
                 qPrintable(upgrader.errorString()));
        QVERIFY(bytes(m_db->sqlitePath()) == file);
    }

    void newerLibraryIsNeverDowngraded() {
        QString error;
        QSqlDatabase main = m_db->connection();
        QVERIFY(main.transaction());
        QVERIFY2(library::stamp(main, 99, &error), qPrintable(error));
        QVERIFY(main.commit());
        QCOMPARE(revisionSeenByAnotherConnection(), 99);
        const QByteArray file = isSqlite() ? bytes(m_db->sqlitePath()) : QByteArray();

        library::Upgrader upgrader(m_db->connection());
        QVERIFY(upgrader.inspect());
        QVERIFY(upgrader.isNewer());
        QVERIFY(!upgrader.needsUpgrade());
        QVERIFY(!upgrader.upgrade());
        const QString message = upgrader.errorString();
        QVERIFY2(message.contains(QLatin1String("revision 99")) &&
                     message.contains(QStringLiteral("up to %1").arg(library::currentRevision())),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("read-only")), qPrintable(message));
        QCOMPARE(revisionSeenByAnotherConnection(), 99);
        if (isSqlite())
            QVERIFY(bytes(m_db->sqlitePath()) == file);
    }
};

QTEST_GUILESS_MAIN(TestUpgrade)
#include "tst_upgrade.moc"
