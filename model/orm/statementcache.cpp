#include "statementcache.h"

#include <QSqlDatabase>

namespace orm {

StatementCache::StatementCache(QString connectionName)
    : m_connectionName(std::move(connectionName)) {
}

StatementCache::~StatementCache() = default;

QSqlQuery *StatementCache::prepared(const QString &sql, QSqlError *error) {
    auto found = m_queries.find(sql);
    if (found != m_queries.end())
        return found->second.get();
    if (m_queries.size() >= MaximumSize)
        m_queries.clear();
    auto query = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
    query->setForwardOnly(true);
    ++m_prepared;
    if (!query->prepare(sql)) {
        if (error)
            *error = query->lastError();
        return nullptr;
    }
    return m_queries.emplace(sql, std::move(query)).first->second.get();
}

void StatementCache::clear() {
    m_queries.clear();
}

} // namespace orm
