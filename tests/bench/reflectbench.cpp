// Reflection at scale (docs/contract.md §5: a fixed number of catalog queries, whatever the number
// of tables): a generated schema of TABLES tables × 12 columns with FOREIGN_KEYS foreign keys, and
// a schema of 5 tables as the baseline, each reflected RUNS times. Prints one line per schema:
// tables, statements run, median and fastest milliseconds. Then opens a reflected table of
// LINES rows keyed by two columns as the grid does (reflect, count, first page of 256 rows in
// key order) and prints the milliseconds and the rows read before the first data.
//
//   reflect-bench sqlite FILE            (FILE is created)
//   reflect-bench postgres CONNINFO      (a libpq string; works in a schema of its own)

#include "libpqstring.h"

#include "orm/reflect.h"
#include "orm/session.h"
#include "orm/table.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <algorithm>
#include <cstdio>

namespace {

constexpr int Tables = 500;
constexpr int ForeignKeys = 600;
constexpr int Runs = 5;
constexpr int Lines = 1000000;
constexpr int PageRows = 256;

/// Table i has 12 columns; foreign key k goes from table (k % Tables) to an earlier table, the
/// first 500 in column fk1 of each table (but the first), the rest in column fk2.
QStringList schema(int tables, int foreignKeys, const QString &prefix) {
    QStringList statements;
    for (int i = 0; i < tables; ++i) {
        QStringList columns{QStringLiteral("id INTEGER PRIMARY KEY"),
                            QStringLiteral("name VARCHAR(40) NOT NULL"),
                            QStringLiteral("code TEXT UNIQUE"),
                            QStringLiteral("amount NUMERIC(10,2)"),
                            QStringLiteral("created DATE"),
                            QStringLiteral("flag BOOLEAN"),
                            QStringLiteral("note TEXT"),
                            QStringLiteral("score REAL"),
                            QStringLiteral("counter INTEGER DEFAULT 0"),
                            QStringLiteral("extra TEXT")};
        for (int slot = 1; slot <= 2; ++slot) {
            const int key = (slot - 1) * tables + i;
            if (i > 0 && key < foreignKeys + 1)
                columns << QStringLiteral("fk%1 INTEGER REFERENCES %2t%3 (id) ON DELETE %4")
                               .arg(slot)
                               .arg(prefix)
                               .arg((i * 7 + slot) % i)
                               .arg(slot == 1 ? QStringLiteral("CASCADE")
                                              : QStringLiteral("SET NULL"));
            else
                columns << QStringLiteral("fk%1 INTEGER").arg(slot);
        }
        statements << QStringLiteral("CREATE TABLE %1t%2 (%3)")
                          .arg(prefix)
                          .arg(i)
                          .arg(columns.join(QStringLiteral(", ")));
    }
    return statements;
}

bool run(QSqlDatabase &db, const QStringList &statements) {
    QSqlQuery query(db);
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            std::fprintf(stderr, "reflect-bench: %s: %s\n", qPrintable(sql),
                         qPrintable(query.lastError().text()));
            return false;
        }
    }
    return true;
}

void measure(QSqlDatabase &db, const char *label) {
    QList<double> times;
    int statements = 0;
    int tables = 0;
    for (int i = 0; i < Runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const orm::Reflection reflected = orm::reflect(db);
        times << double(timer.nsecsElapsed()) / 1e6;
        if (!reflected) {
            std::fprintf(stderr, "reflect-bench: %s\n", qPrintable(reflected.error));
            return;
        }
        statements = reflected.catalogQueries;
        tables = int(reflected.metadata->tables().size());
    }
    std::sort(times.begin(), times.end());
    std::printf("%s tables=%d statements=%d median_ms=%.1f min_ms=%.1f\n", label, tables,
                statements, times.at(times.size() / 2), times.first());
}

/// invoice_lines (invoice_id, line_no) with Lines rows, 10 lines per invoice.
QStringList compositeKeyTable(bool sqlite) {
    const QString create = QStringLiteral(
        "CREATE TABLE invoice_lines (invoice_id INTEGER NOT NULL, line_no INTEGER NOT NULL, "
        "product TEXT NOT NULL, price NUMERIC(10,2) NOT NULL, quantity INTEGER NOT NULL, "
        "PRIMARY KEY (invoice_id, line_no))");
    if (sqlite)
        return {create,
                QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
                               "WHERE i < %1) INSERT INTO invoice_lines SELECT i / 10, i % 10, "
                               "'product ' || i, (i % 1000) / 100.0, 1 + i % 7 FROM n")
                    .arg(Lines - 1)};
    return {create,
            QStringLiteral("INSERT INTO invoice_lines SELECT i / 10, i % 10, 'product ' "
                           "|| i, (i % 1000) / 100.0, 1 + i % 7 FROM generate_series(0, "
                           "%1) AS i")
                .arg(Lines - 1),
            QStringLiteral("ANALYZE invoice_lines")};
}

/// Reflect, count and read the first page in key order, as the window opens a table.
void measureOpening(QSqlDatabase &db) {
    QList<double> times;
    qint64 rowsRead = 0;
    qint64 total = 0;
    for (int i = 0; i < Runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const orm::Reflection reflected = orm::reflect(db);
        if (!reflected) {
            std::fprintf(stderr, "reflect-bench: %s\n", qPrintable(reflected.error));
            return;
        }
        const orm::Table *lines = reflected.metadata->table(QStringLiteral("invoice_lines"));
        orm::Session session(db, *reflected.metadata);
        total = session.count(*lines);
        orm::Query page;
        page.limit = PageRows;
        rowsRead = session.query(*lines, page).size();
        times << double(timer.nsecsElapsed()) / 1e6;
    }
    std::sort(times.begin(), times.end());
    std::printf("open-composite-key rows=%lld key_columns=2 rows_read_before_first_data=%lld "
                "median_ms=%.1f min_ms=%.1f\n",
                total, rowsRead, times.at(times.size() / 2), times.first());
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: reflect-bench sqlite FILE | postgres CONNINFO\n");
        return 2;
    }
    const bool sqlite = qstrcmp(argv[1], "sqlite") == 0;
    QSqlDatabase db =
        QSqlDatabase::addDatabase(sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"));
    if (sqlite) {
        db.setDatabaseName(QString::fromLocal8Bit(argv[2]));
    } else {
        // "host=… port=… user=… dbname=…" as the test suite's SHELF_TEST_PG.
        bench::pointAt(db, QString::fromLocal8Bit(argv[2]));
    }
    if (!db.open()) {
        std::fprintf(stderr, "reflect-bench: %s\n", qPrintable(db.lastError().text()));
        return 1;
    }
    // Each schema in a database (SQLite) or a PostgreSQL schema of its own.
    const auto prepare = [&](const QString &name, int tables, int foreignKeys) {
        if (sqlite)
            return run(db, schema(tables, foreignKeys, QStringLiteral("%1_").arg(name)));
        return run(db, {QStringLiteral("SET client_min_messages = warning"),
                        QStringLiteral("DROP SCHEMA IF EXISTS bench_%1 CASCADE").arg(name),
                        QStringLiteral("CREATE SCHEMA bench_%1").arg(name),
                        QStringLiteral("SET search_path TO bench_%1").arg(name)}) &&
               run(db, schema(tables, foreignKeys, QString()));
    };
    if (!prepare(QStringLiteral("small"), 5, 4))
        return 1;
    measure(db, "reflect-5");
    // The small schema is not part of the large one: a new file, or the schema dropped.
    if (sqlite) {
        db.close();
        QFile::remove(QString::fromLocal8Bit(argv[2]));
        if (!db.open())
            return 1;
    } else if (!run(db, {QStringLiteral("DROP SCHEMA bench_small CASCADE")})) {
        return 1;
    }
    if (!prepare(QStringLiteral("large"), Tables, ForeignKeys))
        return 1;
    measure(db, "reflect-500");
    if (sqlite) {
        db.close();
        QFile::remove(QString::fromLocal8Bit(argv[2]));
        if (!db.open())
            return 1;
    } else if (!run(db, {QStringLiteral("DROP SCHEMA bench_large CASCADE"),
                         QStringLiteral("CREATE SCHEMA bench_lines"),
                         QStringLiteral("SET search_path TO bench_lines")})) {
        return 1;
    }
    if (!run(db, compositeKeyTable(sqlite)))
        return 1;
    measureOpening(db);
    if (!sqlite)
        (void)run(db, {QStringLiteral("DROP SCHEMA bench_lines CASCADE")});
    return 0;
}
