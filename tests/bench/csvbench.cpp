// Issue 14's CSV benchmark: importing a file into a table through the session (parse, check every
// value, stage, commit) and exporting the table, each as a whole process that scripts/bench runs
// beside the sqlite3 shell (`.import`, `-csv`) or psql (`\copy`) doing the same work on the same
// file. Prints one line: what it did and how many rows.
//
//   shelf-csvbench generate FILE ROWS          writes the benchmark's CSV file
//   shelf-csvbench schema                      prints the table's CREATE TABLE
//   shelf-csvbench import FILE sqlite DBFILE   imports FILE into items (which exists, empty)
//   shelf-csvbench import FILE postgres CONNINFO
//   shelf-csvbench export FILE sqlite DBFILE   exports items to FILE
//   shelf-csvbench export FILE postgres CONNINFO
//   shelf-csvbench check FILE sqlite DBFILE    reads FILE and checks every value, staging nothing
//                                              (the import's cost before the session)

#include "libpqstring.h"

#include "io/csvimport.h"
#include "io/tableexport.h"
#include "orm/reflect.h"
#include "orm/valueinput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <cstdio>

namespace {

const char *const Schema = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty "
                           "INTEGER, price REAL, note TEXT)";

/// The process's resident memory now, in MiB (Linux), for the phases printed on stderr.
qint64 residentMiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024;
    }
    return -1;
}

int fail(const QString &message) {
    fprintf(stderr, "csvbench: %s\n", qPrintable(message));
    return 1;
}

/// Rows like a supplier's list: a name, a quantity, a price, and a note that is sometimes empty
/// (NULL), sometimes holds a comma or a quote (quoted).
int generate(const QString &path, qint64 rows) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    QByteArray chunk = "id,name,qty,price,note\n";
    for (qint64 i = 1; i <= rows; ++i) {
        chunk += QByteArray::number(i) + ",Item " + QByteArray::number(i * 7919 % 1000003) + ',' +
                 QByteArray::number(i % 1000) + ',' + QByteArray::number(double(i % 10000) / 4) +
                 ',';
        switch (i % 4) {
        case 0:
            break;
        case 1:
            chunk += "plain note";
            break;
        case 2:
            chunk += "\"with, comma\"";
            break;
        default:
            chunk += "\"says \"\"hi\"\"\"";
        }
        chunk += '\n';
        if (chunk.size() > (1 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
    printf("generate rows=%lld\n", static_cast<long long>(rows));
    return 0;
}

QSqlDatabase open(const QString &backend, const QString &target) {
    if (backend == QLatin1String("sqlite")) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("b"));
        db.setDatabaseName(target);
        db.open();
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("b"));
    bench::pointAt(db, target);
    db.open();
    return db;
}

int run(const QString &mode, const QString &path, const QString &backend, const QString &target) {
    const QSqlDatabase db = open(backend, target);
    if (!db.isOpen())
        return fail(db.lastError().text());
    orm::Reflection reflected = orm::reflect(db);
    if (!reflected)
        return fail(reflected.error);
    orm::Session session(db, *reflected.metadata);
    const orm::Table *items = reflected.metadata->table(QStringLiteral("items"));
    if (!items)
        return fail(QStringLiteral("no table items"));
    QFile file(path);
    if (mode == QLatin1String("check")) {
        if (!file.open(QIODevice::ReadOnly))
            return fail(file.errorString());
        io::CsvReader reader(&file, io::CsvDialect{});
        io::CsvRecord record;
        qint64 rows = 0;
        qint64 refused = 0;
        QList<int> mapping;
        while (reader.next(&record)) {
            if (mapping.isEmpty()) {
                mapping = io::CsvImporter::mapByName(record.fields, *items);
                continue;
            }
            ++rows;
            for (qsizetype i = 0; i < record.fields.size(); ++i) {
                QVariant value;
                QString error;
                if (!orm::values::fromInput(session.dialect(), items->column(mapping.at(i)),
                                            record.fields.at(i), &value, &error))
                    ++refused;
            }
        }
        printf("check rows=%lld refused=%lld\n", static_cast<long long>(rows),
               static_cast<long long>(refused));
        return 0;
    }
    if (mode == QLatin1String("import")) {
        if (!file.open(QIODevice::ReadOnly))
            return fail(file.errorString());
        QElapsedTimer timer;
        timer.start();
        io::CsvImporter importer(session, *items, {});
        const io::ImportResult result = importer.run(&file);
        if (!result.error.isEmpty())
            return fail(result.error);
        const qint64 staged = timer.restart();
        const qint64 stagedMiB = residentMiB();
        if (!session.commit())
            return fail(session.lastError().fullText());
        // The phases, for whoever reads stderr: scripts/bench keeps the one result line.
        fprintf(stderr,
                "csvbench: read, checked and staged in %lld ms (RSS %lld MiB), committed in %lld "
                "ms (RSS %lld MiB)\n",
                static_cast<long long>(staged), static_cast<long long>(stagedMiB),
                static_cast<long long>(timer.elapsed()), static_cast<long long>(residentMiB()));
        printf("import rows=%lld\n", static_cast<long long>(result.rowsStaged));
        return 0;
    }
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    io::ExportOptions options;
    options.header = false; // as sqlite3 -csv and \copy write it
    options.writer.byteOrderMark = false;
    io::TableExporter exporter(session, *items, options);
    const io::ExportResult result = exporter.exportQuery({}, &file);
    if (!result.error.isEmpty())
        return fail(result.error);
    printf("export rows=%lld\n", static_cast<long long>(result.rows));
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args.at(1) == QLatin1String("generate"))
        return generate(args.at(2), args.at(3).toLongLong());
    if (args.size() == 2 && args.at(1) == QLatin1String("schema")) {
        printf("%s;\n", Schema);
        return 0;
    }
    if (args.size() == 5 &&
        (args.at(1) == QLatin1String("import") || args.at(1) == QLatin1String("export") ||
         args.at(1) == QLatin1String("check")))
        return run(args.at(1), args.at(2), args.at(3), args.at(4));
    return fail(QStringLiteral("usage: see the top of tests/bench/csvbench.cpp"));
}
