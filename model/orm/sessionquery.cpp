// Session: reading rows — the SELECTs whose rows the Loader makes records of (selectRows()), get,
// query, rows as the database holds them (readRows()), count. Records are made in loader.cpp;
// other statements run in sessionstatements.cpp.

#include "session.h"

#include "sessioninternals.h"

#include "postgresreader.h"
#include "sqlitereader.h"
#include "statementbuilder.h"
#include "statementcache.h"
#include "values.h"
#include <QSet>

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>
#include <limits>
#include <optional>

namespace orm {

void Session::clearReaderStatements() {
    if (m_reader && m_readDepth == 0)
        m_reader->clear(); // a read in progress clears when it ends
}

bool Session::selectRows(const Table &table, const QString &sql, const QVariantList &binds,
                         RowSink &sink) {
    const int columns = table.columnCount();
    const auto take = [&sink](int slot) { return sink.takeSlot(slot); };
    // A read started while another one steps (a slot on recordAdded that queries) goes through
    // Qt Sql: the outer statement must be neither reset nor finalized under it.
    if (m_postgresReader && m_readDepth == 0) {
        QSqlError sqlError;
        const PostgresReader::Statement *statement =
            m_postgresReader->prepare(sql, binds, &sqlError);
        if (statement || sqlError.isValid()) { // else declined: QPSQL reads it, below
            // Counted as reading before the log: a statement log that reads through the session
            // goes through QPSQL and leaves this statement and its binds alone
            ++m_readDepth;
            logStatement(sql, binds);
            if (!statement) {
                --m_readDepth;
                return refused(sqlError, &table); // as execute() reports QPSQL's refusal
            }
            const bool ok = m_postgresReader->selectInto(*statement, sink.store(), take, &sqlError);
            --m_readDepth;
            return ok || refused(sqlError, &table);
        }
    }
    if (m_reader && m_readDepth == 0) {
        ++m_readDepth;
        logStatement(sql, binds);
        QSqlError sqlError;
        const bool ok = m_reader->selectInto(sql, binds, sink.store(), take, &sqlError);
        if (!ok) {
            Error error = m_dialect->classify(sqlError, &table);
            error.reason = Error::Reason::ReadFailed;
            setError(error);
        }
        --m_readDepth;
        // No statement outlives the call: QSQLITE cannot close a connection that still has
        // statements it does not know about (sqlite3_close would fail and leak it).
        clearReaderStatements();
        return ok;
    }
    QSqlQuery *query = nullptr;
    if (!execute(sql, binds, &table, &query))
        return false;
    // Every row is read before any record is made: making one announces it (recordAdded), and a
    // slot that reads would otherwise re-run this cached query or discard its pending rows.
    std::vector<QVariantList> rows;
    while (query->next()) {
        QVariantList row;
        row.reserve(columns);
        for (int column = 0; column < columns; ++column)
            row.append(values::normalizeNull(query->value(column)));
        if (sink.keeps(row))
            rows.push_back(std::move(row));
    }
    const bool ok = !query->lastError().isValid();
    if (!ok) {
        Error error = m_dialect->classify(query->lastError(), &table);
        error.reason = Error::Reason::ReadFailed;
        setError(error);
    }
    query->finish();
    for (QVariantList &row : rows)
        sink.takeRow(std::move(row));
    return ok;
}

RecordPtr Session::get(const Table &table, const QVariant &id) {
    clearError();
    const Key key = Key::fromId(table, id);
    if (key.isNull() || !m_sql)
        return nullptr;
    return m_loader.get(table, key);
}

RecordList Session::getMany(const Table &table, const QVariantList &ids) {
    clearError();
    return m_loader.getMany(table, ids);
}

bool Session::loadChildren(const RecordList &parents, const Relationship &relationship) {
    return m_loader.loadChildren(parents, relationship);
}

// Record's hooks: a reference or a collection read on first use.

RecordPtr Session::loadParent(const Record *child, const Relationship &relationship) {
    clearError(); // get() cleared it for a parent by its primary key, the rest did here
    return m_loader.loadParent(*child, relationship);
}

bool Session::loadCollection(Record *parent, const Relationship &relationship) {
    return m_loader.loadChildren({parent->shared_from_this()}, relationship);
}

namespace {
/// " WHERE …": the query's own condition and its keyset bound; `binds` gets their values.
QString whereClause(const StatementBuilder &sql, const Table &table, const Query &query,
                    QVariantList *binds) {
    *binds = query.binds;
    QStringList conditions;
    if (!query.where.isEmpty())
        conditions << QLatin1Char('(') + query.where + QLatin1Char(')');
    if (!query.keysetFrom.isEmpty()) {
        conditions << sql.keyset(table, StatementBuilder::orderColumns(table, query.orderColumn),
                                 query.keysetAfter, query.order);
        binds->append(query.keysetFrom);
    }
    return conditions.isEmpty()
               ? QString()
               : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

/// For a foreign key column, the referenced record's display column (what a view shows in the
/// cell), read by a correlated subquery on the referenced key (its index makes that a lookup per
/// row; the alias keeps a self-reference apart from the outer table). Empty when the column is no
/// reference to a one-column key with a display column of its own.
QString referencedNameTerm(const StatementBuilder &sql, const Dialect &dialect, const Table &table,
                           int column) {
    const Relationship *relationship = table.relationshipForColumn(column);
    const Table *parent = relationship ? relationship->parent : nullptr;
    if (!parent || parent->primaryKeyColumns().size() != 1 || parent->displayColumn() < 0 ||
        parent->primaryKeyColumns().contains(parent->displayColumn()))
        return {};
    return QStringLiteral("(SELECT shelf_ref.%1 FROM %2 shelf_ref WHERE shelf_ref.%3 = %4.%5)")
        .arg(dialect.quote(parent->column(parent->displayColumn()).name), sql.table(*parent),
             dialect.quote(parent->column(parent->primaryKeyColumns().first()).name),
             sql.table(table), dialect.quote(table.column(column).name));
}

/// The SELECT of every column that query() and readRows() run for `query`, with its binds.
QString querySql(const StatementBuilder &statements, const Dialect &dialect, const Table &table,
                 const Query &query, QVariantList *binds) {
    QString sql = statements.selectList(table) + whereClause(statements, table, query, binds);
    // Ordered by the key after the order column: a stable order for paging through equal values
    const QString orderBy = statements.orderBy(
        table, StatementBuilder::orderColumns(table, query.orderColumn), query.order);
    const QString byName = query.orderByReferencedName && query.orderColumn >= 0
                               ? referencedNameTerm(statements, dialect, table, query.orderColumn)
                               : QString();
    if (byName.isEmpty()) {
        sql += orderBy;
    } else {
        // The name first; equal names by the reference itself, then by the key.
        const QString prefix = QStringLiteral(" ORDER BY ");
        Q_ASSERT(orderBy.startsWith(prefix));
        sql += prefix + byName +
               (query.order == Qt::DescendingOrder ? QStringLiteral(" DESC, ")
                                                   : QStringLiteral(" ASC, ")) +
               orderBy.mid(prefix.size());
    }
    if (query.limit >= 0) {
        sql += QStringLiteral(" LIMIT ? OFFSET ?");
        *binds << query.limit << query.offset;
    }
    return sql;
}

} // namespace

RecordList Session::query(const Table &table, const Query &query) {
    clearError();
    if (!m_sql)
        return {};
    QVariantList binds;
    const QString sql = querySql(*m_sql, *m_dialect, table, query, &binds);
    RecordList result;
    m_loader.select(table, sql, binds, &result);
    // The list grew by doubling as the rows came: a whole table's records leave it up to half
    // empty (w5: 100,000 records in room for 131,072, half a megabyte held as long as the list).
    if (result.capacity() - result.size() > 1024)
        result.squeeze();
    return result;
}

bool Session::readRows(const Table &table, const Query &query,
                       const std::function<bool(const QVariantList &row)> &row) {
    clearError();
    if (!m_sql)
        return false;
    QVariantList binds;
    const QString sql = querySql(*m_sql, *m_dialect, table, query, &binds);
    const int columns = table.columnCount();
    auto failed = [&](const QSqlError &sqlError) {
        Error error = m_dialect->classify(sqlError, &table);
        error.reason = Error::Reason::ReadFailed;
        setError(error);
        return false;
    };
    // As selectRows(): through libpq; declined, QPSQL reads it, below
    const TextRead read = SessionInternals::readThroughLibpq(
        *this, sql, binds, table,
        [&](PostgresReader &reader, const PostgresReader::Statement &statement, QSqlError *error) {
            return reader.select(
                statement, [&](const QVariantList &values) { return row(values); }, error);
        });
    if (read != TextRead::Declined)
        return read == TextRead::Read;
    if (m_reader && m_readDepth == 0) { // as selectRows(): SQLite's rows through its C API
        ++m_readDepth;
        logStatement(sql, binds);
        QSqlError sqlError;
        const bool ok = m_reader->select(
            sql, binds, columns, [&](QVariantList values) { return row(values); }, &sqlError);
        --m_readDepth;
        clearReaderStatements();
        return ok || failed(sqlError);
    }
    // The statement prepared once for every page (the binds change, the text does not): one
    // round trip a page. Records are what costs here, not the query (3.4 µs a row through QPSQL).
    // The statement is query()'s too: `row` must not read through this session.
    QSqlQuery *select = nullptr;
    if (!execute(sql, binds, &table, &select))
        return false;
    QVariantList values;
    values.reserve(columns);
    bool ok = true;
    while (ok && select->next()) {
        values.clear();
        for (int column = 0; column < columns; ++column)
            values.append(values::normalizeNull(select->value(column)));
        ok = row(values);
    }
    const QSqlError sqlError = select->lastError();
    select->finish();
    return !sqlError.isValid() || failed(sqlError);
}

template <class Read>
TextRead SessionInternals::readThroughLibpq(Session &session, const QString &sql,
                                            const QVariantList &binds, const Table &table,
                                            const Read &read) {
    if (!session.m_postgresReader || session.m_readDepth > 0)
        return TextRead::Declined;
    QSqlError sqlError;
    const PostgresReader::Statement *statement =
        session.m_postgresReader->prepare(sql, binds, &sqlError);
    if (!statement && !sqlError.isValid())
        return TextRead::Declined;
    ++session.m_readDepth; // before the log, as in selectRows()
    session.logStatement(sql, binds);
    const bool ok = statement && read(*session.m_postgresReader, *statement, &sqlError);
    --session.m_readDepth;
    if (ok)
        return TextRead::Read;
    session.refused(sqlError, &table);
    return TextRead::Failed;
}

TextRead SessionInternals::writeThroughLibpq(Session &session, const QString &sql,
                                             const QVariantList &binds, const Table &table,
                                             int returnedColumns, QList<QVariantList> *rows) {
    return readThroughLibpq(
        session, sql, binds, table,
        [&](PostgresReader &reader, const PostgresReader::Statement &statement, QSqlError *error) {
            return reader.select(
                statement,
                [&](const QVariantList &values) {
                    rows->append(values.first(std::min(qsizetype(returnedColumns), values.size())));
                    return true;
                },
                error);
        });
}

TextRead
SessionInternals::readRowsAsText(Session &session, const Table &table, const Query &query,
                                 const std::function<bool(const PostgresReader::TextRow &)> &row) {
    session.clearError();
    if (!session.m_sql)
        return TextRead::Declined;
    QVariantList binds;
    const QString sql = querySql(*session.m_sql, *session.m_dialect, table, query, &binds);
    return readThroughLibpq(
        session, sql, binds, table,
        [&](PostgresReader &reader, const PostgresReader::Statement &statement, QSqlError *error) {
            return reader.selectText(statement, row, error);
        });
}

TextRead readRowsAsText(Session &session, const Table &table, const Query &query,
                        const std::function<bool(const PostgresReader::TextRow &row)> &row) {
    return SessionInternals::readRowsAsText(session, table, query, row);
}

qint64 Session::count(const Table &table, const Query &query) {
    clearError();
    if (!m_sql)
        return -1;
    QVariantList binds;
    const QString sql = m_sql->countRows(table) + whereClause(*m_sql, table, query, &binds);
    // Through libpq as readRows() reads: QPSQL reads a forward-only result a row at a time and
    // finish() leaves the rest in flight (the connection PQTRANS_ACTIVE until QPSQL's next
    // statement), where the reader declines — an export's every page after its count went
    // through QPSQL (issue 14). Declined, QPSQL counts, below.
    qint64 rows = -1;
    const TextRead read = SessionInternals::readThroughLibpq(
        *this, sql, binds, table,
        [&rows](PostgresReader &reader, const PostgresReader::Statement &statement,
                QSqlError *error) {
            return reader.select(
                statement,
                [&rows](const QVariantList &values) {
                    rows = values.value(0).toLongLong();
                    return false;
                },
                error);
        });
    if (read != TextRead::Declined)
        return read == TextRead::Read ? rows : -1;
    QSqlQuery *result = nullptr;
    if (!execute(sql, binds, &table, &result))
        return -1;
    rows = result->next() ? result->value(0).toLongLong() : -1;
    result->finish();
    return rows;
}

} // namespace orm
