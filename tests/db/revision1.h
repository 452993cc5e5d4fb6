#pragma once

// Libraries at revision 1 for the upgrade tests: the committed fixture files (tests/data, made by
// Shelf's code at revision 1), and empty revision-1 schemas made by revision 1's operations.

#include "testdatabase.h"

#include "library/librarydatabase.h"
#include "library/revisions.h"
#include "orm/migrationrunner.h"

#include <QFile>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace shelftest {

/// Makes the tables of revision 1 on `database` and stamps them 1, as Shelf did.
inline bool makeRevision1(const QSqlDatabase &database, QString *error) {
    orm::MigrationRunner runner(database);
    if (runner.run({}, library::revisions().first().operations,
                   [](QSqlDatabase &db, QString *why) { return library::stamp(db, 1, why); }))
        return true;
    *error = runner.lastError();
    return false;
}

/// Loads the revision-1 fixture into the test database: the SQLite file is copied over the test's
/// (its main connection closed meanwhile, the independent one not opened yet), the PostgreSQL dump
/// is run in the test's schema.
inline bool loadRevision1Fixture(TestDatabase &db, const QString &dataFolder, QString *error) {
    if (backend() == Backend::Sqlite) {
        const QString path = db.sqlitePath();
        QSqlDatabase main = db.connection();
        main.close();
        QFile::remove(path);
        const auto reopen = qScopeGuard([&main] { main.open(); });
        if (!QFile::copy(dataFolder + QStringLiteral("/library-r1.sqlite"), path) ||
            !QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner)) {
            *error = QStringLiteral("cannot copy the fixture to %1").arg(path);
            return false;
        }
        return true;
    }
    QFile dump(dataFolder + QStringLiteral("/library-r1.postgres.sql"));
    if (!dump.open(QIODevice::ReadOnly)) {
        *error = dump.errorString();
        return false;
    }
    QStringList lines;
    for (const QString &line : QString::fromUtf8(dump.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("--")) ||
            line.startsWith(QLatin1String("CREATE SCHEMA")) ||
            line.contains(QLatin1String("set_config('search_path'")))
            continue;
        lines << line;
    }
    QString script = lines.join(QLatin1Char('\n'));
    script.replace(QStringLiteral("shelf_fixture."), db.schema() + QLatin1Char('.'));
    QSqlQuery query(db.independent());
    for (const QString &statement : script.split(QStringLiteral(";\n"))) {
        if (statement.trimmed().isEmpty())
            continue;
        if (!query.exec(statement)) {
            *error = query.lastError().text() + QStringLiteral("\n") + statement;
            return false;
        }
    }
    // The dump resets the search path for its own session only; the test's connections keep
    // theirs.
    return query.exec(QStringLiteral("SET search_path TO %1").arg(db.schema()));
}

} // namespace shelftest
