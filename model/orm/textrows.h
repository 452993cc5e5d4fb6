#pragma once

#include "postgresreader.h"

#include <functional>

namespace orm {

class Session;
class Table;
struct Query;

/// How readRowsAsText() (or another read through libpq) went.
enum class TextRead {
    Read,     ///< every row was handed over (or `row` stopped)
    Failed,   ///< the statement failed: the session's lastError() says why
    Declined, ///< not read: QPSQL must read it (for readRowsAsText(), Session::readRows())
};

/// Session::readRows() of `query`'s rows as PostgreSQL's text — the same statement, so the same
/// rows in the same order — for a caller that writes the values as text again (the CSV export,
/// issue 14), which would otherwise have a QVariant made of each value only to turn it back
/// into text. Declined where the session does not read the statement through libpq: SQLite,
/// and what the PostgreSQL reader leaves to QPSQL (a time column, a bind it does not send, a
/// read already in progress). `row` must not read through the session; it returns false to stop.
TextRead readRowsAsText(Session &session, const Table &table, const Query &query,
                        const std::function<bool(const PostgresReader::TextRow &row)> &row);

} // namespace orm
