#include "librarydatabase.h"

#include "librarymetadata.h"
#include "revisions.h"

#include "orm/dialect.h"
#include "orm/schemadiff.h"
#include "orm/session.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace library {

namespace {

/// A library lives in one schema, the first of the search path (PostgreSQL): tables of other
/// schemas, which reflection names schema.table, are not part of it.
bool inDefaultSchema(const orm::Table &table) {
    return table.name() == table.sqlName();
}

/// The stamped revision (0: stamped before revisions), or -1 when there is no stamp.
int stampedRevision(const QSqlDatabase &database) {
    const std::unique_ptr<orm::Dialect> dialect = orm::Dialect::forDatabase(database);
    int revision = 0;
    if (!dialect || !dialect->readSchemaStamp(database, kApplicationId, markerTable(), &revision))
        return -1;
    return revision;
}

} // namespace

QString markerTable() {
    return QStringLiteral("shelf_library");
}

QString newerRevisionMessage(int revision) {
    return QCoreApplication::translate(
               "library", "This library was made by a newer version of Shelf (schema revision %1); "
                          "this version knows revisions up to %2. It opens read-only, so that "
                          "nothing this version does not know about is changed.")
        .arg(revision)
        .arg(currentRevision());
}

orm::SchemaState reflectedSchema(const QSqlDatabase &database, const orm::Metadata &reflected) {
    orm::SchemaState state = orm::SchemaState::from(reflected, true, {markerTable()});
    const std::unique_ptr<orm::Dialect> dialect = orm::Dialect::forDatabase(database);
    state.setKnowsChecks(dialect && dialect->reflectsChecks());
    return state;
}

bool matchesDeclared(const orm::Metadata &reflected, QString *difference) {
    const QList<orm::MigrationOp> ops =
        orm::SchemaDiff::compare(orm::SchemaState::from(metadata(), false),
                                 orm::SchemaState::from(reflected, true, {markerTable()}));
    if (!ops.isEmpty() && difference)
        *difference = ops.first().describe();
    return ops.isEmpty();
}

int schemaRevision(const QSqlDatabase &database, const orm::Metadata &reflected) {
    if (const int stamped = stampedRevision(database); stamped >= 0)
        return std::max(stamped, 1);
    // Unstamped: a library made before stamps has revision 1's schema exactly. (Any revision is
    // accepted, newest first, for a database that only createAll() made.)
    const orm::SchemaState actual = reflectedSchema(database, reflected);
    if (actual.tables().isEmpty())
        return 0;
    for (int revision = currentRevision(); revision >= 1; --revision) {
        if (orm::SchemaDiff::compare(schemaAt(revision), actual).isEmpty())
            return revision;
    }
    return 0;
}

DatabaseKind recognise(const QSqlDatabase &database, const orm::Metadata &reflected) {
    if (std::none_of(reflected.tables().begin(), reflected.tables().end(),
                     [](const orm::Table *table) { return inDefaultSchema(*table); }))
        return DatabaseKind::Empty;
    return schemaRevision(database, reflected) > 0 ? DatabaseKind::Library : DatabaseKind::Other;
}

bool stamp(const QSqlDatabase &database, int revision, QString *error) {
    const std::unique_ptr<orm::Dialect> dialect = orm::Dialect::forDatabase(database);
    if (!dialect) {
        *error = QStringLiteral("no dialect for %1").arg(database.driverName());
        return false;
    }
    QSqlQuery query(database);
    for (const QString &sql : dialect->schemaStamp(kApplicationId, revision, markerTable())) {
        if (!query.exec(sql)) {
            *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

bool createTables(orm::Session &session) {
    if (!session.createAll())
        return false;
    // The stamp only speeds recognition up: an unstamped library is still recognised by its
    // schema, so a stamp that cannot be written (a role without CREATE) is no failure.
    QString error;
    if (!stamp(session.database(), currentRevision(), &error))
        qWarning("library: the database could not be stamped: %s", qPrintable(error));
    return true;
}

} // namespace library
