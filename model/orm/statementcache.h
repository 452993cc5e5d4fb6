#pragma once

#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <memory>
#include <unordered_map>

namespace orm {

/// Prepared statements of one connection, reused by SQL text: a flush of 10,000 rows prepares
/// each INSERT/UPDATE/DELETE shape once.
class StatementCache {
public:
    explicit StatementCache(QString connectionName);
    ~StatementCache();

    /// The prepared statement for this SQL, or nullptr with `error` set.
    QSqlQuery *prepared(const QString &sql, QSqlError *error);
    /// Forgets every statement (after a lost connection, or a schema change).
    void clear();
    /// Statements prepared so far (cache misses), for reuse checks.
    quint64 preparedCount() const { return m_prepared; }

private:
    static constexpr std::size_t MaximumSize = 256;
    QString m_connectionName;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_queries;
    quint64 m_prepared = 0;
};

} // namespace orm
