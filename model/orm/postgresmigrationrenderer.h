#pragma once

#include "migrationrenderer.h"

namespace orm {

/// PostgreSQL's migrations: every operation is an ALTER TABLE (or CREATE/DROP) of its own, and
/// DDL is transactional, so a failed migration leaves nothing behind. Constraints carry the names
/// createAll() gives them (ck_<table>_<column>, <table>_<column>_key, <table>_<columns>_fkey).
class PostgresMigrationRenderer final : public MigrationRenderer {
public:
    using MigrationRenderer::MigrationRenderer;

    QStringList render(const MigrationOp &op, const SchemaState &before, const SchemaState &after,
                       const QSqlDatabase &database, QString *error) const override;

private:
    QStringList alterColumn(const QString &table, const Column &from, const Column &to) const;
    QStringList renameColumn(const TableShape &table, const MigrationOp &op) const;
};

} // namespace orm
