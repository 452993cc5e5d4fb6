#include "sessionselects.h"

#include "statementbuilder.h"

#include <QSqlQuery>

namespace orm {

bool Session::Selects::select(const QString &sql, const QVariantList &binds, const Table *table,
                              QSqlQuery **result) {
    return m_session.execute(sql, binds, table, result);
}

bool Session::Selects::countWhere(const Table &table, const QString &condition,
                                  const QVariantList &binds, qint64 *rows) {
    Q_ASSERT(m_session.m_sql); // only asked while a database is open
    QSqlQuery *result = nullptr;
    if (!m_session.execute(m_session.m_sql->countRows(table) + QStringLiteral(" WHERE ") +
                               condition,
                           binds, &table, &result))
        return false;
    *rows = result->next() ? result->value(0).toLongLong() : 0;
    result->finish();
    return true;
}

bool Session::Selects::columnDefault(const Table &table, int column, QVariant *value) {
    return m_session.columnDefault(table, column, value);
}

} // namespace orm
