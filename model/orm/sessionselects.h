#pragma once

// Private to model/orm: the session's SelectRunner, handed to the parts by
// SessionInternals::selects().

#include "selectrunner.h"
#include "session.h"

namespace orm {

/// Runs a part's SELECTs as the session's own statements (Session::execute(): its statement log,
/// its prepared statements, its lastError()).
class Session::Selects final : public SelectRunner {
public:
    explicit Selects(Session &session)
        : m_session(session) {}

    bool select(const QString &sql, const QVariantList &binds, const Table *table,
                QSqlQuery **result) override;
    bool countWhere(const Table &table, const QString &condition, const QVariantList &binds,
                    qint64 *rows) override;
    bool columnDefault(const Table &table, int column, QVariant *value) override;
    const Error &error() const override { return m_session.lastError(); }

private:
    Session &m_session;
};

} // namespace orm
