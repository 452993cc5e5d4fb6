// Session: running statements — prepared once and cached, or with their values written in where
// QPSQL cannot prepare them — and the statement log every statement goes through.

#include "session.h"

#include "sessioninternals.h"
#include "sqlitereader.h"
#include "statementbuilder.h"
#include "statementcache.h"
#include "values.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>
#include <optional>

Q_LOGGING_CATEGORY(lcSql, "shelf.orm.sql", QtWarningMsg)

namespace orm {

namespace {

/// A value as QPSQL writes it into `EXECUTE stmt (…)` (qCreateParamString, with its one field
/// for all values): a null of any kind (QSqlResultPrivate::isVariantNull: a null string or byte
/// array, an invalid date or time) as NULL, anything else through the driver's formatValue().
QString driverLiteral(const QSqlDriver &driver, QSqlField &field, const QVariant &value) {
    const bool null = values::sentAsNull(value);
    field.setMetaType(value.metaType());
    if (null)
        field.clear();
    else
        field.setValue(value);
    return driver.formatValue(field);
}

} // namespace

bool Session::execute(const QString &sql, const QVariantList &binds, const Table *table,
                      QSqlQuery **result, QSqlQuery *inlined) {
    logStatement(sql, binds);
    auto fail = [&](const QSqlError &sqlError) { return refused(sqlError, table); };
    if (inlined) {
        const QSqlDriver &driver = *database().driver();
        QSqlField field;
        const QString text = StatementBuilder::inlineValues(
            sql, binds, [&](const QVariant &value) { return driverLiteral(driver, field, value); });
        if (!inlined->exec(text))
            return fail(inlined->lastError());
        if (result)
            *result = inlined;
        return true;
    }
    if (binds.isEmpty() && !result) {
        // DDL and transaction control: PostgreSQL cannot PREPARE them, and they run once.
        QSqlQuery once(database());
        return once.exec(sql) || fail(once.lastError());
    }
    QSqlError prepareError;
    QSqlQuery *query = m_statements->prepared(sql, &prepareError);
    if (!query)
        return fail(prepareError);
    for (qsizetype i = 0; i < binds.size(); ++i)
        query->bindValue(int(i), binds.at(i));
    if (!query->exec()) {
        const QSqlError sqlError = query->lastError();
        query->finish();
        return fail(sqlError);
    }
    if (result)
        *result = query;
    else if (query->isSelect())
        query->finish(); // a finished write needs no reset: the next exec() resets it
    return true;
}

bool Session::refused(const QSqlError &sqlError, const Table *table) {
    Error error = m_dialect->classify(sqlError, table);
    if (error.reason == Error::Reason::Busy) {
        // The connection is fine; another holds the database's lock
    } else if (error.kind == Error::Kind::Connection) {
        error.reason = Error::Reason::ConnectionLost;
        forgetStatements();
    } else {
        error.reason = Error::Reason::StatementRefused;
    }
    setError(error);
    return false;
}

void Session::logStatement(const QString &sql, const QVariantList &binds) {
    ++m_statementCount;
    if (m_log)
        m_log(sql, binds);
    qCDebug(lcSql).noquote() << sql << binds;
}

bool Session::executeWrite(const QString &sql, const QVariantList &binds, const Table *table,
                           int returnedColumns, WriteResult *result, bool allRows,
                           bool inlineValues) {
    if (!m_reader) {
        // A batch's rows (11,000 deleted rows come back whole in w4) read through libpq, as
        // SELECTs are: QPSQL took 1,400 instructions a value to hand them over.
        if (allRows && returnedColumns > 0 && !inlineValues && table) {
            result->rows.clear();
            const TextRead read = SessionInternals::writeThroughLibpq(
                *this, sql, binds, *table, returnedColumns, &result->rows);
            if (read == TextRead::Failed)
                return false;
            if (read == TextRead::Read) {
                result->changes = result->rows.size();
                if (!result->rows.isEmpty())
                    result->returned = result->rows.constFirst();
                return true;
            }
        }
        QSqlQuery *query = nullptr;
        std::optional<QSqlQuery> inlined;
        if (inlineValues) {
            inlined.emplace(database());
            inlined->setForwardOnly(true);
        }
        if (!execute(sql, binds, table, &query, inlined ? &*inlined : nullptr))
            return false;
        result->changes = query->numRowsAffected();
        if (query->isSelect()) {
            // With RETURNING the rows returned are the rows changed (QPSQL reads them one at a
            // time and has no command count for them).
            result->changes = 0;
            while (query->next()) {
                if (result->changes++ == 0 || allRows) {
                    QVariantList row;
                    row.reserve(returnedColumns);
                    for (int i = 0; i < returnedColumns; ++i)
                        row.append(values::normalizeNull(query->value(i)));
                    if (result->changes == 1)
                        result->returned = row;
                    if (allRows)
                        result->rows.append(std::move(row));
                }
            }
            query->finish();
        }
        // No lastInsertId() here: on PostgreSQL it runs SELECT lastval(), which fails (and aborts
        // the transaction) when no sequence was used; keys come back through RETURNING instead.
        return true;
    }
    Q_ASSERT(!allRows); // batches are for servers (Dialect::writeBatchRows()), not SQLite's reader
    logStatement(sql, binds);
    qint64 rowId = 0;
    const bool written = m_reader->write(sql, binds, returnedColumns, &result->changes, &rowId,
                                         &result->returned, &m_writeError);
    return wrote(written, m_writeError, table, rowId, result);
}

bool Session::executeWrite(const QString &sql, const RowCells &cells, const Table *table,
                           int returnedColumns, WriteResult *result) {
    if (!m_reader)
        return executeWrite(sql, cells.values(), table, returnedColumns, result);
    // The list is made only for those who read it
    if (m_log || lcSql().isDebugEnabled())
        logStatement(sql, cells.values());
    else
        ++m_statementCount;
    qint64 rowId = 0;
    const bool written = m_reader->write(sql, cells, returnedColumns, &result->changes, &rowId,
                                         &result->returned, &m_writeError);
    return wrote(written, m_writeError, table, rowId, result);
}

bool Session::wrote(bool written, const QSqlError &sqlError, const Table *table, qint64 rowId,
                    WriteResult *result) {
    if (!written) {
        Error error = m_dialect->classify(sqlError, table);
        if (error.reason != Error::Reason::Busy) // another's lock is said as it is
            error.reason = Error::Reason::StatementRefused;
        setError(error);
        return false;
    }
    result->lastInsertId = rowId;
    return true;
}

} // namespace orm
