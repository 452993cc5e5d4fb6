#pragma once

#include "migrationop.h"
#include "schemastate.h"

#include <QSqlDatabase>
#include <QStringList>
#include <functional>

namespace orm {

/// Runs migration operations on one connection, all in one transaction: either every operation
/// and the caller's checks succeed and COMMIT makes them visible at once, or the transaction is
/// rolled back and the database is as it was (an SQLite file byte for byte).
///
/// The connection must be the runner's alone and not inside a transaction: SQLite needs to change
/// connection settings around the transaction (SqliteMigrationRenderer). No session may hold
/// prepared statements on the tables being changed.
class MigrationRunner {
public:
    explicit MigrationRunner(const QSqlDatabase &database);

    /// Called with each statement just before it runs (tests: the cue to kill the process).
    using StatementLog = std::function<void(const QString &sql)>;
    void setStatementLog(StatementLog log) { m_log = std::move(log); }
    /// Runs inside the transaction after every operation and the dialect's checks, before COMMIT
    /// (verifying, stamping); false with `error` rolls everything back.
    using BeforeCommit = std::function<bool(QSqlDatabase &database, QString *error)>;

    /// The SQL `ops` would run from the schema `from`, without running it (data steps written in
    /// C++ appear as a comment). Empty with `error` set when an operation does not fit.
    QStringList plan(const SchemaState &from, const QList<MigrationOp> &ops, QString *error) const;
    /// Runs `ops` from the schema `from`. False with lastError() when anything failed; the
    /// transaction is then rolled back.
    [[nodiscard]] bool run(const SchemaState &from, const QList<MigrationOp> &ops,
                           const BeforeCommit &beforeCommit = {});
    QString lastError() const { return m_error; }
    /// The schema after the last successful run().
    const SchemaState &result() const { return m_result; }

private:
    bool execute(const QString &sql);
    bool fail(const QString &error);

    QSqlDatabase m_database;
    StatementLog m_log;
    SchemaState m_result;
    QString m_error;
};

} // namespace orm
