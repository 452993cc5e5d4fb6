#pragma once

#include "dialect.h"

namespace orm {

/// PostgreSQL through QPSQL: identity columns, keys read back with RETURNING, errors classified by
/// SQLSTATE.
class PostgresDialect final : public Dialect {
public:
    QString name() const override { return QStringLiteral("PostgreSQL"); }
    bool configureConnection(QSqlDatabase &database, QString *error) const override;
    QString columnType(const Column &column) const override;
    QString selectColumn(const Column &column) const override;
    QString nullSafeEquals(const Column &column) const override;
    QString textPositionFunction() const override { return QStringLiteral("strpos"); }
    bool notifiesChanges() const override { return true; }
    QStringList changeNotificationSetup(const QStringList &quotedTables) const override;
    QString dropTable(const QString &quotedTable) const override;
    bool storesNulInText() const override { return false; }
    /// A decimal past its numeric(p,s): more digits after the point than s (the database would
    /// round them away without a word) or more before it than p − s (it would refuse the row at
    /// commit, naming no column).
    QString refusesText(const Column &column, const QString &text) const override;
    QString lockRowsClause() const override { return QStringLiteral(" FOR UPDATE"); }
    /// Every statement is a round trip to the server: many rows go in one (issue 13), as many as
    /// maximumParameters() allows (13,107 rows of 5 values) in a COPY, and
    /// StatementShapes::ValuesBatchRows in an INSERT … VALUES.
    qsizetype writeBatchRows() const override { return 65535; }
    qsizetype maximumParameters() const override { return 65535; }
    bool inlinesBatchValues() const override { return true; }
    bool copiesRows() const override { return true; }
    Error classify(const QSqlError &error, const Table *table) const override;
    std::unique_ptr<MigrationRenderer> migrationRenderer() const override;
    QStringList schemaStamp(qint32 applicationId, int revision,
                            const QString &markerTable) const override;
    bool readSchemaStamp(const QSqlDatabase &database, qint32 applicationId,
                         const QString &markerTable, int *revision) const override;
    bool reflectsChecks() const override { return true; }
};

} // namespace orm
