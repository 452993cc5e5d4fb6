#pragma once

#include "orm/migrationrunner.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace library {

/// Brings a library made by an older Shelf up to the current revision, as docs/contract.md §8 says:
/// the user first sees what will change (steps() in words, sql() under Details); an SQLite file
/// is backed up next to itself (VACUUM INTO, a consistent copy that leaves the file untouched);
/// every revision after the library's runs in one transaction, which is verified before COMMIT
/// (integrity_check and foreign_key_check on SQLite, the reflected schema equal to the declared
/// one on both) and stamped with the new revision. A failure rolls everything back: the file is
/// byte-identical and errorString() says what failed. There is no downgrade: a library from a
/// newer Shelf is refused with both revisions named.
///
/// The connection must be the upgrader's alone while it runs (no session on it yet).
class Upgrader {
public:
    explicit Upgrader(const QSqlDatabase &database);

    /// Reads the library's revision and plans the upgrade. False with errorString() when the
    /// database is no library or its schema cannot be read.
    [[nodiscard]] bool inspect();
    int fromRevision() const { return m_from; }
    int toRevision() const;
    bool needsUpgrade() const { return m_from > 0 && m_from < toRevision(); }
    /// True for a library from a newer Shelf: it opens read-only, it is never downgraded.
    bool isNewer() const { return m_from > toRevision(); }
    /// A sentence naming both revisions, for a library this Shelf cannot upgrade.
    QString newerMessage() const;

    /// What will change, one line per operation, in words a user reads.
    const QStringList &steps() const { return m_steps; }
    /// The SQL the upgrade runs, one statement per line.
    QString sql() const { return m_sql.join(QStringLiteral(";\n")) + QLatin1Char(';'); }
    /// Where backup() writes the copy (SQLite); empty on PostgreSQL, where the one transaction is
    /// the safety net.
    const QString &backupPath() const { return m_backupPath; }
    /// Puts the backup elsewhere (shelf --upgrade --backup, tests).
    void setBackupPath(const QString &path) { m_backupPath = path; }

    /// Copies the SQLite file to backupPath(). False (nothing changed) when it cannot: a full disk
    /// stops the upgrade before it begins. Does nothing on PostgreSQL.
    [[nodiscard]] bool backup();
    /// Runs the upgrade in one transaction. False with errorString() when anything failed; the
    /// database is then exactly as it was.
    [[nodiscard]] bool upgrade();
    QString errorString() const { return m_error; }

    /// Called with each statement just before it runs.
    void setStatementLog(orm::MigrationRunner::StatementLog log) { m_log = std::move(log); }

private:
    bool verify(QSqlDatabase &database, QString *error) const;
    QList<orm::MigrationOp> operations() const;

    QSqlDatabase m_database;
    orm::MigrationRunner::StatementLog m_log;
    int m_from = 0;
    QStringList m_steps;
    QStringList m_sql;
    QString m_backupPath;
    QString m_error;
};

} // namespace library
