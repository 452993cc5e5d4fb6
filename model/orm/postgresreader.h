#pragma once

#include "rowstore.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariantList>
#include <memory>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;
class QSqlDriver;

namespace orm {

/// Reads rows straight through libpq on the connection QPSQL opened (the same PGconn, so the same
/// transaction), the PostgreSQL counterpart of SqliteReader (issue 13). QPSQL turns every value of
/// the server's text into a QVariant, and the session then copies it into its RowStore; this
/// reader writes each value into the store's cell directly (integers and reals as their bytes,
/// short ASCII text inline, NULL as a tag).
///
/// Every value comes back exactly as QPSQL reads it — the same metatype and the same value
/// (QPSQLResult::data(), Qt 6.4, with the session's QSql::HighPrecision for NUMERIC): booleans,
/// int2/int4 as Int, int8 as ULongLong (LongLong when negative), NUMERIC as its text, float4/float8
/// as double (NaN, ±Infinity, -0), bytea as bytes, date as QDate, and every other type (text,
/// varchar, char(n) with its padding, uuid, json/jsonb, interval, enums, arrays, money …) as its
/// text. NULL is an invalid QVariant, as the session makes of QPSQL's typed NULL.
///
/// What it cannot match exactly it declines, and the session reads with QPSQL instead: a statement
/// with a result column of time, timetz, timestamp, timestamptz, abstime, reltime, oid, regproc,
/// xid or cid (Shelf selects its times as text, so they never come), and binds that QPSQL would
/// write into `EXECUTE` as something else than the text this reader sends (see encode()).
///
/// Statements are prepared once per text (PQprepare, like QPSQL's PREPARE) and kept until clear().
/// A result is read whole before the first row is handed over: the connection is free again while
/// the callback runs (it may read through QPSQL).
class PostgresReader {
public:
    /// nullptr when the connection is not an open QPSQL connection or libpq cannot be loaded.
    /// `numericText`: NUMERIC is read as its text (QSql::HighPrecision); otherwise the reader
    /// declines every NUMERIC column.
    static std::unique_ptr<PostgresReader> forDatabase(const QSqlDatabase &database,
                                                       bool numericText);
    ~PostgresReader();
    PostgresReader(const PostgresReader &) = delete;
    PostgresReader &operator=(const PostgresReader &) = delete;

    struct Statement;
    /// The statement for `sql` (`?` placeholders, as QPSQL takes them), prepared on first use, or
    /// nullptr. With nullptr, `*error` is set when the server refused the statement (QPSQL's
    /// wording: "Unable to prepare statement", the server's message and SQLSTATE); otherwise the
    /// reader declines it — the connection is busy or in a failed transaction, a result column or
    /// a bind is one it does not take — and QPSQL must read it.
    const Statement *prepare(const QString &sql, const QVariantList &binds, QSqlError *error);

    /// Runs the statement prepare() gave, with the binds it was given (nothing else may be
    /// prepared in between), and writes each row straight into a new slot of `store`; once every
    /// row is written and the result freed, calls `row` with each slot, which takes it over
    /// (keeps it or releases it). `row` returns false to stop early: the slots after it are
    /// released. False with `error` set when the statement fails (QPSQL's wording).
    template <class SlotFunction>
    bool selectInto(const Statement &statement, RowStore &store, SlotFunction &&row,
                    QSqlError *error);

    /// Runs the statement prepare() gave, as selectInto(), and calls `row` with each row's values
    /// (NULL as an invalid QVariant), as `store` would give them back. `row` returns false to stop
    /// early.
    template <class RowFunction>
    bool select(const Statement &statement, RowFunction &&row, QSqlError *error);

    class TextRow;
    /// Runs the statement prepare() gave, as select(), and calls `row` with each row as the
    /// server's text, for a caller that writes text again (the CSV export): no QVariant is made
    /// unless it asks for one. `row` returns false to stop early.
    template <class RowFunction>
    bool selectText(const Statement &statement, RowFunction &&row, QSqlError *error);

    /// Forgets every prepared statement (DEALLOCATE where the connection allows it): a schema
    /// change, a lost connection. Asked while rows are handed over (a slot that changes the
    /// schema), it happens once they all have been.
    void clear();
    /// Statements prepared so far, for reuse checks (Session::preparedStatementCount()): those
    /// prepare() handed out or the server refused, each once. One declined (prepared here only to
    /// learn its columns, or with a bind this reader does not send) is not counted until it is
    /// handed out: QPSQL, which reads it meanwhile, counts its own preparation.
    quint64 preparedCount() const { return m_prepared; }

private:
    /// A result read whole, freed with it.
    class Result {
    public:
        Result() = default;
        explicit Result(pg_result *result)
            : m_result(result) {}
        ~Result();
        Result(const Result &) = delete;
        Result &operator=(const Result &) = delete;
        pg_result *get() const { return m_result; }
        void reset(pg_result *result);

    private:
        pg_result *m_result = nullptr;
    };

    /// Marks rows being handed over: the statement they come from outlives the callbacks.
    class Handing {
    public:
        explicit Handing(PostgresReader &reader)
            : m_reader(reader) {
            ++m_reader.m_handing;
        }
        ~Handing() {
            if (--m_reader.m_handing == 0 && m_reader.m_clearAfterHanding)
                m_reader.clear();
        }
        Handing(const Handing &) = delete;
        Handing &operator=(const Handing &) = delete;

    private:
        PostgresReader &m_reader;
    };

    PostgresReader(pg_conn *connection, QSqlDriver *driver, bool numericText);
    /// A notification libpq took in with a result waits in its queue, where QPSQL's socket
    /// notifier does not see it: QPSQL has its driver look after every statement of its own.
    void deliverNotifications() const;
    bool ready() const;
    /// Writes each bind as the text QPSQL's literal of it means to the parameter's type; false
    /// (the reader declines) for a bind it cannot send so.
    bool encode(const Statement &statement, const QVariantList &binds);
    /// Runs the statement with the binds encode() wrote; false with `error` set on failure.
    bool run(const Statement &statement, Result *result, QSqlError *error);
    int rowCount(const Result &result) const;
    /// What select() and selectText() share: runs the statement, then calls `row(result, i,
    /// rows)` for each row `i` of the `rows` read (all of them read before the first call), until
    /// it returns false, the result alive meanwhile. (selectInto() frees the result before it
    /// hands any row over.) False with `error` set when the statement fails.
    template <class RowFunction>
    bool forEachRow(const Statement &statement, RowFunction &&row, QSqlError *error);
    static int columnCount(const Statement &statement);
    /// Writes row `row` of the result into the store's slot.
    void fill(const Statement &statement, const Result &result, int row, RowStore &store,
              int slot) const;
    QSqlError errorOf(const char *what, pg_result *result) const;

    pg_conn *m_connection;
    int m_backend; ///< the server process of m_connection: a reopened connection has another
    QPointer<QSqlDriver> m_driver;
    bool m_numericText;
    std::unordered_map<QString, std::unique_ptr<Statement>> m_statements;
    quint64 m_prepared = 0;
    int m_handing = 0;                ///< selectInto()/select() handing rows over
    bool m_clearAfterHanding = false; ///< clear() was asked meanwhile
    /// The binds' text, one per parameter, and libpq's pointers into it (reused between calls).
    std::vector<QByteArray> m_bindText;
    std::vector<const char *> m_bindValues;
};

/// One row of a result as selectText() hands it over, valid during the call only.
class PostgresReader::TextRow {
public:
    /// What a value's text is to the value select() would give for it.
    enum class Kind {
        Text,    ///< the value is this text (a QString of its UTF-8)
        Integer, ///< the value is the integer this text writes in decimal (int2, int4, int8)
        Boolean, ///< the value is true when the text is "t", false when it is "f"
        Real,    ///< the value is the double this text reads as (float4, float8)
        Other,   ///< converted otherwise (date, bytea …): ask value()
    };

    int columnCount() const;
    /// True for the result's last row (where a keyset page ends).
    bool isLast() const { return m_row == m_rows - 1; }
    bool isNull(int column) const;
    /// The server's text of the value (empty for NULL).
    QByteArrayView text(int column) const;
    Kind kind(int column) const;
    /// The value exactly as select() gives it (NULL as an invalid QVariant).
    QVariant value(int column) const;

private:
    friend class PostgresReader;
    explicit TextRow(const Statement &statement);

    const Statement &m_statement;
    pg_result *m_result = nullptr;
    int m_row = 0;
    int m_rows = 0;
    /// One slot where value() converts a cell as select() does, then clears it.
    mutable RowStore m_scratch;
    int m_slot;
};

template <class RowFunction>
bool PostgresReader::forEachRow(const Statement &statement, RowFunction &&row, QSqlError *error) {
    Result result;
    if (!run(statement, &result, error))
        return false;
    const int rows = rowCount(result);
    const Handing handing(*this);
    for (int i = 0; i < rows; ++i) {
        if (!row(result, i, rows))
            break;
    }
    return true;
}

template <class SlotFunction>
bool PostgresReader::selectInto(const Statement &statement, RowStore &store, SlotFunction &&row,
                                QSqlError *error) {
    // Every row goes into the store, and libpq's result is freed, before any slot is handed
    // over: the caller makes a record of each, and the whole result alive beside them was most
    // of what a load held over the raw program (w2: the books' result, 7.3 MB of its heap).
    std::vector<int> filled;
    {
        Result result;
        if (!run(statement, &result, error))
            return false;
        const int rows = rowCount(result);
        filled.reserve(std::size_t(rows));
        for (int i = 0; i < rows; ++i) {
            filled.push_back(store.addNulls());
            fill(statement, result, i, store, filled.back());
        }
    }
    const Handing handing(*this);
    for (std::size_t i = 0; i < filled.size(); ++i) {
        if (!row(filled[i])) {
            while (++i < filled.size()) // stopped early: the rows not handed over go
                store.release(filled[i]);
            break;
        }
    }
    return true;
}

template <class RowFunction>
bool PostgresReader::select(const Statement &statement, RowFunction &&row, QSqlError *error) {
    // One scratch row, refilled for each row of the result (an export keeps nothing)
    RowStore scratch(columnCount(statement));
    QVariantList values;
    return forEachRow(
        statement,
        [&](const Result &result, int i, int) {
            const int slot = scratch.addNulls();
            fill(statement, result, i, scratch, slot);
            values = scratch.row(slot);
            scratch.release(slot);
            return bool(row(values));
        },
        error);
}

template <class RowFunction>
bool PostgresReader::selectText(const Statement &statement, RowFunction &&row, QSqlError *error) {
    TextRow text(statement);
    return forEachRow(
        statement,
        [&](const Result &result, int i, int rows) {
            text.m_result = result.get();
            text.m_rows = rows;
            text.m_row = i;
            return bool(row(std::as_const(text)));
        },
        error);
}

} // namespace orm
