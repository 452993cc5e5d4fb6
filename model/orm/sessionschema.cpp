// Session: createAll() and dropAll() from the metadata.

#include "session.h"

#include "sqlitereader.h"
#include "statementcache.h"
#include "values.h"

#include <QSqlQuery>

namespace orm {

namespace {

QStringList createStatements(const Table &table, const Metadata &metadata, const Dialect &dialect) {
    QStringList definitions;
    for (const Column &column : table.columns()) {
        QString definition =
            dialect.quote(column.name) + QLatin1Char(' ') + dialect.columnType(column);
        if (!column.primaryKey && !column.nullable)
            definition += QStringLiteral(" NOT NULL");
        if (column.unique && !column.primaryKey)
            definition += QStringLiteral(" UNIQUE");
        if (column.defaultValue.isValid())
            definition += QStringLiteral(" DEFAULT ") + values::sqlLiteral(column.defaultValue);
        definitions << definition;
    }
    for (const Column &column : table.columns()) {
        QStringList bounds;
        if (column.minimum)
            bounds
                << QStringLiteral("%1 >= %2").arg(dialect.quote(column.name)).arg(*column.minimum);
        if (column.maximum)
            bounds
                << QStringLiteral("%1 <= %2").arg(dialect.quote(column.name)).arg(*column.maximum);
        if (!bounds.isEmpty())
            definitions << QStringLiteral("CONSTRAINT %1 CHECK (%2)")
                               .arg(dialect.quote(column.checkName(table.name())),
                                    bounds.join(QStringLiteral(" AND ")));
    }
    for (const ForeignKey &key : table.foreignKeys()) {
        const Table *target = metadata.table(key.targetTable);
        QString definition =
            QStringLiteral("CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (%4)")
                .arg(dialect.quote(table.name() + QLatin1Char('_') +
                                   table.column(key.column()).name + QStringLiteral("_fkey")),
                     dialect.quote(table.column(key.column()).name), dialect.quote(key.targetTable),
                     dialect.quote(target->column(target->primaryKey()).name));
        if (key.onDelete != OnDelete::NoAction)
            definition += QStringLiteral(" ON DELETE ") + onDeleteName(key.onDelete);
        definitions << definition;
    }
    QStringList statements;
    statements << QStringLiteral("CREATE TABLE %1 (\n    %2\n)%3")
                      .arg(dialect.quoteTable(table), definitions.join(QStringLiteral(",\n    ")),
                           dialect.tableOptions());
    for (const ForeignKey &key : table.foreignKeys()) {
        const QString column = table.column(key.column()).name;
        statements << QStringLiteral("CREATE INDEX %1 ON %2 (%3)")
                          .arg(dialect.quote(QStringLiteral("ix_%1_%2").arg(table.name(), column)),
                               dialect.quoteTable(table), dialect.quote(column));
    }
    return statements;
}

} // namespace

bool Session::createAll() {
    clearError();
    if (m_inTransaction) {
        Error error;
        error.kind = Error::Kind::Usage;
        error.message = tr("Commit or roll back before changing the schema.");
        setError(error);
        return false;
    }
    if (!beginTransaction())
        return false;
    for (const Table *table : m_metadata.tables()) {
        for (const QString &sql : createStatements(*table, m_metadata, *m_dialect)) {
            if (!execute(sql, {}, table)) {
                database().rollback();
                m_lastError.message = tr("The table %1 could not be created.").arg(table->name());
                return false;
            }
        }
    }
    // PostgreSQL: other processes' commits wake up Shelf's ChangeWatcher (LISTEN shelf_changes;
    // the payload is the table's oid, unique in the database)
    if (m_dialect->name() == QLatin1String("PostgreSQL")) {
        QStringList notify{QStringLiteral(
            "CREATE OR REPLACE FUNCTION shelf_notify_change() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_notify('shelf_changes', TG_RELID::text); RETURN NULL; END $$")};
        for (const Table *table : m_metadata.tables())
            notify << QStringLiteral("CREATE TRIGGER shelf_notify_change AFTER INSERT OR UPDATE OR "
                                     "DELETE OR TRUNCATE ON %1 FOR EACH STATEMENT EXECUTE "
                                     "FUNCTION shelf_notify_change()")
                          .arg(m_dialect->quoteTable(*table));
        for (const QString &sql : std::as_const(notify)) {
            if (!execute(sql, {}, nullptr)) {
                database().rollback();
                m_lastError.message = tr("The change notification could not be set up.");
                return false;
            }
        }
    }
    QSqlDatabase db = database();
    if (!db.commit()) {
        Error error = m_dialect->classify(db.lastError(), nullptr);
        error.message = tr("The new tables could not be committed.");
        setError(error);
        db.rollback();
        return false;
    }
    m_statements->clear();
    Q_EMIT schemaChanged();
    return true;
}

bool Session::dropAll() {
    clearError();
    if (m_inTransaction) {
        database().rollback();
        m_inTransaction = false;
    }
    m_statements->clear(); // prepared statements hold the tables open in SQLite
    clearReaderStatements();
    if (!beginTransaction())
        return false;
    const QList<const Table *> &tables = m_metadata.tables();
    for (auto it = tables.crbegin(); it != tables.crend(); ++it) {
        if (!execute(m_dialect->dropTable(m_dialect->quoteTable(**it)), {}, *it)) {
            database().rollback();
            m_lastError.message = tr("The table %1 could not be dropped.").arg((*it)->name());
            return false;
        }
    }
    QSqlDatabase db = database();
    if (!db.commit()) {
        Error error = m_dialect->classify(db.lastError(), nullptr);
        error.message = tr("Dropping the tables could not be committed.");
        setError(error);
        db.rollback();
        return false;
    }
    m_statements->clear();
    // Every record the session held is gone with its table.
    expungeAll();
    Q_EMIT schemaChanged();
    return true;
}

} // namespace orm
