#pragma once

#include "dialect.h"

namespace orm {

/// SQLite through QSQLITE: STRICT tables, foreign keys switched on per connection, keys read back
/// with RETURNING (SQLite ≥ 3.35).
class SqliteDialect final : public Dialect {
public:
    QString name() const override { return QStringLiteral("SQLite"); }
    bool configureConnection(QSqlDatabase &database, QString *error) const override;
    QString columnType(const Column &column) const override;
    QString tableOptions() const override { return QStringLiteral(" STRICT"); }
    bool returnsInsertedRows() const override { return false; }
    QString nullSafeEquals(const Column &column) const override;
    QString textPositionFunction() const override { return QStringLiteral("instr"); }
    Error classify(const QSqlError &error, const Table *table) const override;
    std::unique_ptr<MigrationRenderer> migrationRenderer() const override;
    QString databaseFile(const QSqlDatabase &database) const override;
    QString backupStatement() const override { return QStringLiteral("VACUUM INTO ?"); }
    QStringList schemaStamp(qint32 applicationId, int revision,
                            const QString &markerTable) const override;
    bool readSchemaStamp(const QSqlDatabase &database, qint32 applicationId,
                         const QString &markerTable, int *revision) const override;
};

} // namespace orm
