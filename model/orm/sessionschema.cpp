// Session: createAll() and dropAll() from the metadata.

#include "session.h"

#include "ddlbuilder.h"
#include "sqlitereader.h"
#include "statementcache.h"

#include <QSqlQuery>

namespace orm {

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
    const DdlBuilder ddl(*m_dialect);
    for (const Table *table : m_metadata.tables()) {
        for (const QString &sql :
             ddl.createTableWithIndexes(TableShape::from(*table, m_metadata))) {
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
    forgetStatements();
    Q_EMIT schemaChanged();
    return true;
}

bool Session::dropAll() {
    clearError();
    if (m_inTransaction) {
        database().rollback();
        m_inTransaction = false;
    }
    forgetStatements(); // prepared statements hold the tables open in SQLite
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
    forgetStatements();
    // Every record the session held is gone with its table.
    expungeAll();
    Q_EMIT schemaChanged();
    return true;
}

} // namespace orm
