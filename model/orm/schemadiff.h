#pragma once

#include "migrationop.h"
#include "schemastate.h"

#include <QList>

namespace orm {

/// Compares the schema a program declares with the schema a database has, and lists the
/// differences as the operations that would turn the database's into the declared one (what
/// Alembic's autogenerate does). Tables, columns (type, nullability, default, single-column
/// UNIQUE, CHECK), foreign keys (target and actions) and plain indexes are compared; CHECKs and
/// indexes only when both sides know them (SchemaState::knowsChecks(), knowsIndexes()).
///
/// A renamed column reads as a dropped and an added one: a diff cannot tell a rename from two
/// changes, so revisions say renames themselves.
class SchemaDiff {
public:
    static QList<MigrationOp> compare(const SchemaState &declared, const SchemaState &actual);

    /// CHECK expressions compared as the database would store them: PostgreSQL's catalog gives
    /// `CHECK (((rating >= 1) AND (rating <= 5)))` for `"rating" >= 1 AND "rating" <= 5`.
    static QString normalizedCheck(const QString &expression);
};

} // namespace orm
