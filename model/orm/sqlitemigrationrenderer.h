#pragma once

#include "migrationrenderer.h"

namespace orm {

/// SQLite's migrations. ALTER TABLE does what it can (add a plain column, rename a column); every
/// other change to a table runs SQLite's documented rebuild (lang_altertable.html, "Making Other
/// Kinds Of Table Schema Changes"): create the new table under another name, copy the rows, drop
/// the old table, rename the new one, recreate the old table's indexes and triggers from
/// sqlite_schema. Foreign keys are switched off before the transaction (the pragma is a no-op
/// inside one) so that dropping the old table deletes nothing through ON DELETE actions of the
/// tables that refer to it, and PRAGMA foreign_key_check must find nothing before COMMIT.
/// legacy_alter_table keeps the rename from rewriting what refers to the table.
class SqliteMigrationRenderer final : public MigrationRenderer {
public:
    using MigrationRenderer::MigrationRenderer;

    QStringList render(const MigrationOp &op, const SchemaState &before, const SchemaState &after,
                       const QSqlDatabase &database, QString *error) const override;
    QStringList beforeTransaction() const override;
    QStringList afterTransaction() const override;
    QStringList checksBeforeCommit() const override;

    bool rebuilds(const MigrationOp &op) const override;
    QStringList rebuild(const TableShape &from, const TableShape &to, const QSqlDatabase &database,
                        QString *error) const override;

    /// True when ALTER TABLE can add this column: no key, no UNIQUE, and NULL or a default for
    /// the rows already there.
    static bool canAddInPlace(const Column &column);
};

} // namespace orm
