// Upgrading a large library (issue 15): a revision-1 library of 100,000 books (1,000 authors,
// 1,000 users, every third book borrowed, a review on every fourth) is upgraded to the current
// revision, RUNS times from the same starting point. Prints one line: the phases' median
// milliseconds — plan (reflect, recognise, render), backup (SQLite's VACUUM INTO) and the upgrade
// (every revision in one transaction, verified and stamped).
//
//   upgrade-bench sqlite FILE            (FILE is created; FILE.r1 keeps the starting point)
//   upgrade-bench postgres CONNINFO      (a libpq string; works in a schema of its own)

#include "libpqstring.h"

#include "library/revisions.h"
#include "library/upgrader.h"
#include "orm/migrationrunner.h"

#include "library/librarydatabase.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>

namespace {

constexpr int Books = 100000;
constexpr int Runs = 3;

bool run(const QSqlDatabase &db, const QStringList &statements) {
    QSqlQuery query(db);
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            std::fprintf(stderr, "upgrade-bench: %s\n  %s\n", qPrintable(query.lastError().text()),
                         qPrintable(sql));
            return false;
        }
    }
    return true;
}

/// Revision 1's tables, stamped 1, filled with generated rows in one transaction.
bool makeLibrary(QSqlDatabase &db) {
    orm::MigrationRunner runner(db);
    if (!runner.run({}, library::revisions().first().operations,
                    [](QSqlDatabase &database, QString *error) {
                        return library::stamp(database, 1, error);
                    })) {
        std::fprintf(stderr, "upgrade-bench: %s\n", qPrintable(runner.lastError()));
        return false;
    }
    const QString series = QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                          "FROM n WHERE i < %1) ");
    return db.transaction() &&
           run(db, {series.arg(1000) +
                        QStringLiteral("INSERT INTO authors (id, name) SELECT i, 'Author ' || i "
                                       "FROM n"),
                    series.arg(1000) + QStringLiteral("INSERT INTO users (id, name) SELECT i, "
                                                      "'User ' || i FROM n"),
                    series.arg(Books) +
                        QStringLiteral("INSERT INTO books (id, title, author_id, borrower_id) "
                                       "SELECT i, 'Book ' || i, i % 1000 + 1, CASE WHEN i % 3 = "
                                       "0 THEN i % 1000 + 1 END FROM n"),
                    QStringLiteral("INSERT INTO reviews (book_id, user_id, rating, text) SELECT "
                                   "id, id % 1000 + 1, id % 5 + 1, 'Review of ' || title FROM "
                                   "books WHERE id % 4 = 0")}) &&
           db.commit();
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: upgrade-bench sqlite FILE | postgres CONNINFO\n");
        return 2;
    }
    const bool sqlite = qstrcmp(argv[1], "sqlite") == 0;
    const QString file = QString::fromLocal8Bit(argv[2]);
    const QString start = file + QStringLiteral(".r1");
    QSqlDatabase db =
        QSqlDatabase::addDatabase(sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"));
    const auto open = [&] {
        if (!db.open()) {
            std::fprintf(stderr, "upgrade-bench: %s\n", qPrintable(db.lastError().text()));
            return false;
        }
        return sqlite ? run(db, {QStringLiteral("PRAGMA foreign_keys = ON")})
                      : run(db, {QStringLiteral("SET client_min_messages = warning")});
    };
    if (sqlite) {
        QFile::remove(file);
        QFile::remove(start);
        db.setDatabaseName(start);
    } else {
        bench::pointAt(db, file);
    }
    if (!open())
        return 1;
    if (sqlite && !makeLibrary(db))
        return 1;
    db.close();

    QList<qint64> plans, backups, upgrades;
    for (int i = 0; i < Runs; ++i) {
        if (sqlite) {
            QFile::remove(file);
            for (const QString &backup : {file + QStringLiteral(".r1-backup")})
                QFile::remove(backup);
            if (!QFile::copy(start, file))
                return 1;
            db.setDatabaseName(file);
        }
        if (!open())
            return 1;
        if (!sqlite && !(run(db, {QStringLiteral("DROP SCHEMA IF EXISTS bench_upgrade CASCADE"),
                                  QStringLiteral("CREATE SCHEMA bench_upgrade"),
                                  QStringLiteral("SET search_path TO bench_upgrade")}) &&
                         makeLibrary(db)))
            return 1;
        QElapsedTimer timer;
        timer.start();
        library::Upgrader upgrader(db);
        if (!upgrader.inspect()) {
            std::fprintf(stderr, "upgrade-bench: %s\n", qPrintable(upgrader.errorString()));
            return 1;
        }
        plans << timer.restart();
        if (sqlite)
            QFile::remove(upgrader.backupPath());
        if (!upgrader.backup())
            return 1;
        backups << timer.restart();
        if (!upgrader.upgrade()) {
            std::fprintf(stderr, "upgrade-bench: %s\n", qPrintable(upgrader.errorString()));
            return 1;
        }
        upgrades << timer.elapsed();
        QSqlQuery count(db);
        if (!count.exec(QStringLiteral("SELECT count(*), count(DISTINCT author_id) FROM books "
                                       "WHERE publication_year IS NULL")) ||
            !count.next() || count.value(0).toInt() != Books) {
            std::fprintf(stderr, "upgrade-bench: the upgraded library does not hold %d books\n",
                         Books);
            return 1;
        }
        if (sqlite)
            QFile::remove(upgrader.backupPath());
        db.close();
    }
    const auto median = [](QList<qint64> values) {
        std::sort(values.begin(), values.end());
        return values.at(values.size() / 2);
    };
    std::printf("upgrade r1->r%d of %d books: plan %lld ms, backup %lld ms, upgrade %lld ms "
                "(median of %d)\n",
                library::currentRevision(), Books, median(plans), median(backups), median(upgrades),
                Runs);
    if (sqlite) {
        QFile::remove(file);
        QFile::remove(start);
    }
    return 0;
}
