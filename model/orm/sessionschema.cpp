// Session: createAll() and dropAll() from the metadata.

#include "session.h"

#include "ddlbuilder.h"
#include "sqlitereader.h"
#include "statementcache.h"

#include <QSqlQuery>

namespace orm {

bool Session::createAll() {
    clearError();
    if (m_transaction.isOpen()) {
        Error error;
        error.kind = Error::Kind::Usage;
        error.reason = Error::Reason::SchemaInTransaction;
        setError(error);
        return false;
    }
    if (!beginTransaction())
        return false;
    const DdlBuilder ddl(*m_dialect);
    for (const Table *table : m_metadata.tables()) {
        for (const QString &sql :
             ddl.createTableWithIndexes(TableShape::from(*table, m_metadata))) {
            if (!execute(sql, {}, table)) {
                m_transaction.rollback();
                m_lastError.reason = Error::Reason::TableNotCreated;
                m_lastError.table = table->name();
                return false;
            }
        }
    }
    QStringList tables;
    for (const Table *table : m_metadata.tables())
        tables << m_dialect->quoteTable(*table);
    for (const QString &sql : m_dialect->changeNotificationSetup(tables)) {
        if (!execute(sql, {}, nullptr)) {
            m_transaction.rollback();
            m_lastError.reason = Error::Reason::NotificationNotSetUp;
            return false;
        }
    }
    if (!m_transaction.commit()) { // rolled back
        Error error = m_dialect->classify(m_transaction.lastError(), nullptr);
        error.reason = Error::Reason::TablesNotCommitted;
        setError(error);
        return false;
    }
    forgetStatements();
    Q_EMIT schemaChanged();
    return true;
}

bool Session::dropAll() {
    clearError();
    m_transaction.rollback();
    forgetStatements(); // prepared statements hold the tables open in SQLite
    clearReaderStatements();
    if (!beginTransaction())
        return false;
    const QList<const Table *> &tables = m_metadata.tables();
    for (auto it = tables.crbegin(); it != tables.crend(); ++it) {
        if (!execute(m_dialect->dropTable(m_dialect->quoteTable(**it)), {}, *it)) {
            m_transaction.rollback();
            m_lastError.reason = Error::Reason::TableNotDropped;
            m_lastError.table = (*it)->name();
            return false;
        }
    }
    if (!m_transaction.commit()) { // rolled back
        Error error = m_dialect->classify(m_transaction.lastError(), nullptr);
        error.reason = Error::Reason::DropNotCommitted;
        setError(error);
        return false;
    }
    forgetStatements();
    // Every record the session held is gone with its table.
    expungeAll();
    Q_EMIT schemaChanged();
    return true;
}

} // namespace orm
