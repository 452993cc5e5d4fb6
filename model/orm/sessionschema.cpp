// Session: createAll() and dropAll() from the metadata.

#include "session.h"

#include "sqlitereader.h"
#include "statementcache.h"
#include "values.h"

#include <QSqlQuery>

namespace orm {

namespace {

QString quotedNames(const Table &table, const QList<int> &columns, const Dialect &dialect) {
    QStringList names;
    for (int column : columns)
        names << dialect.quote(table.column(column).name);
    return names.join(QStringLiteral(", "));
}

QString namesJoined(const Table &table, const QList<int> &columns) {
    QStringList names;
    for (int column : columns)
        names << table.column(column).name;
    return names.join(QLatin1Char('_'));
}

QStringList createStatements(const Table &table, const Metadata &metadata, const Dialect &dialect) {
    // A one-column key the database generates is declared on its column (a rowid alias, an
    // identity); any other key is a table constraint with its columns in key order.
    const int generatedKey =
        table.primaryKey() >= 0 && table.column(table.primaryKey()).autoIncrement
            ? table.primaryKey()
            : -1;
    QStringList definitions;
    for (int index = 0; index < table.columnCount(); ++index) {
        const Column &column = table.column(index);
        Column plain = column;
        plain.primaryKey = index == generatedKey;
        QString definition =
            dialect.quote(column.name) + QLatin1Char(' ') + dialect.columnType(plain);
        if (index != generatedKey && (!column.nullable || column.primaryKey))
            definition += QStringLiteral(" NOT NULL");
        if (column.unique && !column.primaryKey)
            definition += QStringLiteral(" UNIQUE");
        if (column.defaultValue.isValid())
            definition += QStringLiteral(" DEFAULT ") + values::sqlLiteral(column.defaultValue);
        definitions << definition;
    }
    if (generatedKey < 0 && !table.primaryKeyColumns().isEmpty())
        definitions << QStringLiteral("PRIMARY KEY (%1)")
                           .arg(quotedNames(table, table.primaryKeyColumns(), dialect));
    for (const UniqueKey &key : table.uniqueKeys())
        definitions << QStringLiteral("UNIQUE (%1)").arg(quotedNames(table, key.columns, dialect));
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
                                   namesJoined(table, key.columns) + QStringLiteral("_fkey")),
                     quotedNames(table, key.columns, dialect), dialect.quoteTable(*target),
                     quotedNames(*target, key.targetColumns, dialect));
        if (key.onDelete != OnDelete::NoAction)
            definition += QStringLiteral(" ON DELETE ") + onDeleteName(key.onDelete);
        if (key.onUpdate != ReferentialAction::NoAction)
            definition += QStringLiteral(" ON UPDATE ") + onDeleteName(key.onUpdate);
        if (key.deferrable)
            definition += key.initiallyDeferred ? QStringLiteral(" DEFERRABLE INITIALLY DEFERRED")
                                                : QStringLiteral(" DEFERRABLE");
        definitions << definition;
    }
    QStringList statements;
    statements << QStringLiteral("CREATE TABLE %1 (\n    %2\n)%3")
                      .arg(dialect.quoteTable(table), definitions.join(QStringLiteral(",\n    ")),
                           dialect.tableOptions());
    for (const ForeignKey &key : table.foreignKeys()) {
        statements << QStringLiteral("CREATE INDEX %1 ON %2 (%3)")
                          .arg(dialect.quote(
                                   QStringLiteral("ix_%1_%2")
                                       .arg(table.name(), namesJoined(table, key.columns))),
                               dialect.quoteTable(table), quotedNames(table, key.columns, dialect));
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
    QStringList tables;
    for (const Table *table : m_metadata.tables())
        tables << m_dialect->quoteTable(*table);
    for (const QString &sql : m_dialect->changeNotificationSetup(tables)) {
        if (!execute(sql, {}, nullptr)) {
            database().rollback();
            m_lastError.message = tr("The change notification could not be set up.");
            return false;
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
