// Writes the fuzzer's seed corpus: small SQLite files (512-byte pages) made by Shelf itself, plus
// edge files. Usage: shelf_fuzz_makecorpus <folder>. Run it again after a schema change and commit
// the files (tests/fuzz/corpus/).
#include "library/librarymetadata.h"
#include "library/seeder.h"
#include "orm/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <cstdio>
#include <functional>

namespace {

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Creates `path` with small pages, runs `fill` on a session over it and compacts it.
bool makeDatabase(const QString &path,
                  const std::function<bool(orm::Session &, QSqlDatabase &)> &fill) {
    QFile::remove(path);
    bool ok = false;
    const QString name = QStringLiteral("makecorpus");
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        database.setDatabaseName(path);
        if (database.open()) {
            QSqlQuery(database).exec(QStringLiteral("PRAGMA page_size = 512"));
            {
                orm::Session session(database, library::metadata());
                ok = fill(session, database);
                if (!ok)
                    fprintf(stderr, "%s: %s %s\n", qPrintable(path),
                            qPrintable(session.lastError().message()),
                            qPrintable(database.lastError().text()));
            }
            ok = ok && QSqlQuery(database).exec(QStringLiteral("VACUUM"));
            database.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool exec(QSqlDatabase &database, const QStringList &statements) {
    for (const QString &sql : statements) {
        QSqlQuery query(database);
        if (!query.exec(sql)) {
            fprintf(stderr, "%s: %s\n", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus folder>\n", argv[0]);
        return 2;
    }
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    if (!QDir().mkpath(dir.path()))
        return 1;
    const QString library = dir.filePath(QStringLiteral("library.sqlite"));

    bool ok = makeDatabase(library, [](orm::Session &session, QSqlDatabase &) {
        return session.createAll() && library::seed(session);
    });

    // The library's tables and columns without types or constraints (as another tool could write
    // them), holding what Shelf never writes itself: dangling foreign keys, values of the wrong
    // type, out-of-range ratings, huge and negative keys, empty and binary text.
    ok =
        ok &&
        makeDatabase(dir.filePath(QStringLiteral("odd-values.sqlite")), [](orm::Session &,
                                                                           QSqlDatabase &database) {
            return exec(database,
                        {QStringLiteral("CREATE TABLE authors (id INTEGER PRIMARY KEY, name)"),
                         QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name)"),
                         QStringLiteral("CREATE TABLE books (id INTEGER PRIMARY KEY, title, "
                                        "author_id, borrower_id)"),
                         QStringLiteral("CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_id, "
                                        "user_id, rating, text)"),
                         QStringLiteral("INSERT INTO authors VALUES (1, ''), (2, x'00ff'), "
                                        "(9223372036854775807, 'max'), (-1, 12.5), (3, NULL)"),
                         QStringLiteral("INSERT INTO users VALUES (1, 'u'), (2, 3)"),
                         QStringLiteral("INSERT INTO books VALUES (1, 't', 1, NULL), (2, 7, 42, "
                                        "1), (3, 'x', 'one', 2.5), (4, NULL, NULL, 99), "
                                        "(5, 'y', 9223372036854775807, x'01')"),
                         QStringLiteral("INSERT INTO reviews VALUES (1, 1, 1, 9, NULL), (2, 77, "
                                        "1, 'five', x'01'), (3, 2, 5, -3, 'ok'), (4, 'a', NULL, "
                                        "1e300, '')")});
        });

    // Tables with the library's names but another shape: missing and extra columns, text keys.
    ok =
        ok &&
        makeDatabase(dir.filePath(QStringLiteral("odd-schema.sqlite")), [](orm::Session &,
                                                                           QSqlDatabase &database) {
            return exec(database, {QStringLiteral("CREATE TABLE authors (id TEXT PRIMARY KEY, "
                                                  "surname TEXT)"),
                                   QStringLiteral("CREATE TABLE users (name TEXT)"),
                                   QStringLiteral("CREATE TABLE books (id INTEGER PRIMARY KEY, "
                                                  "title TEXT, author_id INTEGER, extra BLOB)"),
                                   QStringLiteral("CREATE TABLE reviews (id INTEGER, book_id, "
                                                  "user_id, rating, text, more)"),
                                   QStringLiteral("INSERT INTO authors VALUES ('a', 'King')"),
                                   QStringLiteral("INSERT INTO users VALUES ('Andy')"),
                                   QStringLiteral("INSERT INTO books VALUES (1, 'It', 1, x'00')"),
                                   QStringLiteral("INSERT INTO reviews VALUES (1, 1, 1, 5, 'a', "
                                                  "'b'), (1, 1, 1, 4, 'dup', NULL)")});
        });

    // More rows than a few pages of the fuzz target's models (8 rows each).
    ok = ok &&
         makeDatabase(dir.filePath(QStringLiteral("many-rows.sqlite")), [](orm::Session &session,
                                                                           QSqlDatabase &database) {
             return session.createAll() &&
                    exec(database, {QStringLiteral("INSERT INTO authors VALUES (1, 'A'), "
                                                   "(2, 'B')"),
                                    QStringLiteral("INSERT INTO users VALUES (1, 'U')"),
                                    QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                                                   "SELECT i + 1 FROM n WHERE i < 90) INSERT INTO "
                                                   "books SELECT i, 'b' || i, 1 + i % 2, CASE WHEN "
                                                   "i % 3 = 0 THEN 1 END FROM n"),
                                    QStringLiteral("INSERT INTO reviews SELECT id, id, 1, "
                                                   "1 + id % 5, NULL FROM books WHERE id "
                                                   "% 4 = 0")});
         });

    // Library names that are views, a WITHOUT ROWID table, an upper-case name, a missing table
    // (createAll() adds it), a trigger and WAL mode in the header.
    ok = ok &&
         makeDatabase(
             dir.filePath(QStringLiteral("odd-objects.sqlite")),
             [](orm::Session &, QSqlDatabase &database) {
                 return exec(
                     database,
                     {QStringLiteral("CREATE TABLE \"AUTHORS\" (id INTEGER PRIMARY KEY, "
                                     "name TEXT NOT NULL)"),
                      QStringLiteral("CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, "
                                     "name TEXT) WITHOUT ROWID"),
                      QStringLiteral("CREATE VIEW books AS SELECT id, name AS title, id AS "
                                     "author_id, NULL AS borrower_id FROM authors"),
                      QStringLiteral("CREATE TRIGGER t AFTER DELETE ON users BEGIN SELECT "
                                     "RAISE(ABORT, 'no'); END"),
                      QStringLiteral("INSERT INTO authors VALUES (1, 'King'), (2, 'Crichton')"),
                      QStringLiteral("INSERT INTO users VALUES (5, 'Andy')"),
                      QStringLiteral("PRAGMA journal_mode = WAL")});
             });

    // Edge files: nothing, the 100-byte header alone, one page, half a database, not a database.
    const QByteArray bytes = readFile(library);
    ok = ok && bytes.size() > 1024;
    ok = ok && writeFile(dir.filePath(QStringLiteral("empty")), {});
    ok = ok && writeFile(dir.filePath(QStringLiteral("header-only")), bytes.left(100));
    ok = ok && writeFile(dir.filePath(QStringLiteral("first-page")), bytes.left(512));
    ok = ok && writeFile(dir.filePath(QStringLiteral("truncated")), bytes.left(bytes.size() / 2));
    ok = ok && writeFile(dir.filePath(QStringLiteral("not-a-database")),
                         QByteArray("author,title\nKing,It\n"));
    if (!ok) {
        fprintf(stderr, "makecorpus: failed\n");
        return 1;
    }
    return 0;
}
