#pragma once

#include "ddlbuilder.h"
#include "migrationop.h"
#include "schemastate.h"

#include <QSqlDatabase>
#include <QStringList>

namespace orm {

class Dialect;

/// Turns migration operations into a dialect's SQL (Dialect::migrationRenderer() makes the right
/// one). Everything it renders runs inside one transaction, which the dialect must allow for DDL:
/// PostgreSQL's DDL is transactional; SQLite's is too, and what its ALTER TABLE cannot do is
/// rendered as SQLite's table rebuild.
class MigrationRenderer {
public:
    explicit MigrationRenderer(const Dialect &dialect)
        : m_dialect(dialect)
        , m_ddl(dialect) {}
    virtual ~MigrationRenderer() = default;

    /// The statements of `op`, given the schema before and after it. `database` is only read, for
    /// what the schema holds beyond the state (SQLite: a rebuilt table's indexes and triggers).
    /// Empty with `error` set when the operation cannot be rendered.
    virtual QStringList render(const MigrationOp &op, const SchemaState &before,
                               const SchemaState &after, const QSqlDatabase &database,
                               QString *error) const = 0;
    /// True when `op` rebuilds its table (SQLite): consecutive rebuilds of one table are then
    /// rendered as one, by rebuild(), so the rows are copied once.
    virtual bool rebuilds(const MigrationOp &op) const {
        Q_UNUSED(op);
        return false;
    }
    /// The statements that turn the table `from` into `to` in one rebuild.
    virtual QStringList rebuild(const TableShape &from, const TableShape &to,
                                const QSqlDatabase &database, QString *error) const {
        Q_UNUSED(from);
        Q_UNUSED(to);
        Q_UNUSED(database);
        Q_UNUSED(error);
        return {};
    }
    /// Statements before BEGIN and after COMMIT or ROLLBACK (connection settings that cannot
    /// change inside a transaction).
    virtual QStringList beforeTransaction() const { return {}; }
    virtual QStringList afterTransaction() const { return {}; }
    /// Queries that must return no row before COMMIT (SQLite: PRAGMA foreign_key_check).
    virtual QStringList checksBeforeCommit() const { return {}; }

protected:
    const Dialect &m_dialect;
    DdlBuilder m_ddl;
};

} // namespace orm
