#pragma once

#include "migrationop.h"
#include "tableshape.h"

#include <QList>

namespace orm {

class Metadata;

/// A schema as a list of table shapes that migration operations change one by one: the schema a
/// revision leaves is an empty state with every operation up to it applied. It also describes a
/// declared or reflected Metadata for SchemaDiff.
class SchemaState {
public:
    SchemaState() = default;
    /// The tables of `metadata` in dependency order, leaving out `except` (a marker table) and
    /// tables outside the default schema. `fromDatabase`: the shapes were reflected, which reads no
    /// plain indexes and CHECKs only where setKnowsChecks() says so — SchemaDiff compares
    /// only what both sides know.
    static SchemaState from(const Metadata &metadata, bool fromDatabase,
                            const QStringList &except = {});

    const QList<TableShape> &tables() const { return m_tables; }
    const TableShape *table(const QString &name) const;
    TableShape *table(const QString &name);

    /// Applies one operation. False with `error` when it does not fit the schema (a missing table
    /// or column, a name already taken); the state is then unchanged.
    [[nodiscard]] bool apply(const MigrationOp &op, QString *error);

    bool knowsIndexes() const { return m_knowsIndexes; }
    bool knowsChecks() const { return m_knowsChecks; }
    void setKnowsChecks(bool knows) { m_knowsChecks = knows; }

private:
    QList<TableShape> m_tables;
    bool m_knowsIndexes = true;
    bool m_knowsChecks = true;
};

} // namespace orm
