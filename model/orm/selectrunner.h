#pragma once

#include "error.h"

#include <QString>
#include <QVariant>
#include <QVariantList>

class QSqlQuery;

namespace orm {

class Table;

/// Runs the SELECTs a part has no loader method for, and says why one failed (issue 13, a session
/// made of parts): the delete resolver's per-parent counts, the counts of its cascade walker,
/// cascade counter and SET DEFAULT moves, and the DEFAULTs they evaluate. A session's runner
/// (SessionInternals::selects()) runs them as its own statements: logged, counted, prepared once,
/// a refusal classified into an Error of facts (its wording is errorwording.cpp's).
///
/// Reads only: nothing here writes, and nothing here makes records (the Loader does).
class SelectRunner {
public:
    virtual ~SelectRunner() = default;

    /// Runs the SELECT `sql` with `binds`; `table` is what the statement is about (for the error).
    /// On success `*result` is positioned before the first row: finish() it after reading. False
    /// with error() set.
    [[nodiscard]] virtual bool select(const QString &sql, const QVariantList &binds,
                                      const Table *table, QSqlQuery **result) = 0;
    /// Counts the rows of `table` where `condition` (SQL over its columns, with `binds`) holds.
    /// False with error() set.
    [[nodiscard]] virtual bool countWhere(const Table &table, const QString &condition,
                                          const QVariantList &binds, qint64 *rows) = 0;
    /// The value ON DELETE / ON UPDATE SET DEFAULT gives `column` of `table`: its declared value,
    /// NULL without a DEFAULT, else the DEFAULT as the database evaluates it. False with error()
    /// set when it cannot be read.
    [[nodiscard]] virtual bool columnDefault(const Table &table, int column, QVariant *value) = 0;
    /// Why the last call failed, as facts.
    virtual const Error &error() const = 0;
};

} // namespace orm
