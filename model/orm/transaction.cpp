#include "transaction.h"

#include "statementbuilder.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace orm {

namespace {

/// One name is enough: a transaction holds one savepoint at most (a flush's).
const QString SavepointName = QStringLiteral("shelf_flush");

} // namespace

Transaction::Transaction(const QString &connectionName, Log log)
    : m_connectionName(connectionName)
    , m_log(std::move(log)) {
}

Transaction::~Transaction() {
    if (m_open && QSqlDatabase::database(m_connectionName, false).isOpen())
        rollback();
}

bool Transaction::begin() {
    Q_ASSERT(!m_open);
    m_log(StatementBuilder::begin());
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction()) {
        m_lastError = db.lastError();
        return false;
    }
    m_open = true;
    m_inSavepoint = false;
    return true;
}

bool Transaction::commit() {
    Q_ASSERT(m_open);
    m_log(StatementBuilder::commit());
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (db.commit()) {
        m_open = false;
        m_inSavepoint = false;
        return true;
    }
    m_lastError = db.lastError(); // before the ROLLBACK's own outcome replaces it
    db.rollback();
    m_open = false;
    m_inSavepoint = false;
    return false;
}

bool Transaction::rollback() {
    if (!m_open)
        return true;
    m_open = false;
    m_inSavepoint = false;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (db.rollback())
        return true;
    m_lastError = db.lastError();
    return false;
}

void Transaction::forget() {
    m_open = false;
    m_inSavepoint = false;
}

bool Transaction::savepoint() {
    Q_ASSERT(m_open && !m_inSavepoint);
    if (!run(StatementBuilder::savepoint(SavepointName), true))
        return false;
    m_inSavepoint = true;
    return true;
}

bool Transaction::releaseSavepoint() {
    Q_ASSERT(m_inSavepoint);
    if (!run(StatementBuilder::releaseSavepoint(SavepointName), true))
        return false;
    m_inSavepoint = false;
    return true;
}

bool Transaction::restart() {
    Q_ASSERT(m_open);
    if (m_inSavepoint)
        return run(StatementBuilder::rollbackToSavepoint(SavepointName), true);
    m_log(StatementBuilder::rollback());
    rollback();
    return begin();
}

bool Transaction::abandonSavepoint() {
    Q_ASSERT(m_inSavepoint);
    if (run(StatementBuilder::rollbackToSavepoint(SavepointName), false) &&
        run(StatementBuilder::releaseSavepoint(SavepointName), false)) {
        m_inSavepoint = false;
        return true;
    }
    const QSqlError refused = m_lastError;
    rollback();
    m_lastError = refused;
    return false;
}

bool Transaction::run(const QString &sql, bool logged) {
    if (logged)
        m_log(sql);
    // Transaction control runs once and PostgreSQL cannot PREPARE it: a plain exec().
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (query.exec(sql))
        return true;
    m_lastError = query.lastError();
    return false;
}

} // namespace orm
