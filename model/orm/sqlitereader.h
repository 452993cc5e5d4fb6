#pragma once

#include "rowstore.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariantList>
#include <memory>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace orm {

/// Reads rows straight through SQLite's C API on the connection QSQLITE opened (same handle, same
/// transaction). QSqlQuery copies every row into a cache of QVariants and makes SQLite convert
/// each text to UTF-16 first, and Qt 6.4 formats a placeholder name for every positional bind:
/// together more than SQLite's own work when a session loads or writes 100,000 records. This
/// reader binds and converts directly (text once, from UTF-8).
class SqliteReader {
public:
    /// nullptr when the connection is not an open QSQLITE connection.
    static std::unique_ptr<SqliteReader> forDatabase(const QSqlDatabase &database);
    ~SqliteReader();
    SqliteReader(const SqliteReader &) = delete;
    SqliteReader &operator=(const SqliteReader &) = delete;

    /// Runs a SELECT and calls `row` with each row's values (NULL as an invalid QVariant).
    /// `row` returns false to stop early. False with `error` set on failure.
    template <class RowFunction>
    bool select(const QString &sql, const QVariantList &binds, int columns, RowFunction &&row,
                QSqlError *error);

    /// Runs a SELECT and writes each row straight into a new slot of `store` (integers and reals
    /// as their bytes, short ASCII text inline, NULL as a tag: no QVariantList and no QString on
    /// the way), then calls `row` with the slot, which takes it over (keeps it or releases it).
    /// `row` returns false to stop early. False with `error` set on failure.
    template <class SlotFunction>
    bool selectInto(const QString &sql, const QVariantList &binds, RowStore &store,
                    SlotFunction &&row, QSqlError *error);

    /// Runs an INSERT/UPDATE/DELETE. `changes` gets the rows it changed, `lastRowId` the rowid of
    /// the last insert, `returned` the first row a RETURNING clause gave (`columns` values).
    bool write(const QString &sql, const QVariantList &binds, int columns, qint64 *changes,
               qint64 *lastRowId, QVariantList *returned, QSqlError *error);
    /// The same, binding a row of the store where the other binds a list: no QVariant and no
    /// QString for a number or a short text (a new record's INSERT, issue 14).
    bool write(const QString &sql, const RowCells &cells, int columns, qint64 *changes,
               qint64 *lastRowId, QVariantList *returned, QSqlError *error);

    /// Finalizes every prepared statement (schema change, reconnect, closing).
    void clear();
    /// Statements prepared so far (cache misses), for reuse checks.
    quint64 preparedCount() const { return m_prepared; }

private:
    explicit SqliteReader(sqlite3 *handle);
    sqlite3_stmt *prepare(const QString &sql, QSqlError *error);
    /// How long bound text must stay readable: a write steps to its end before anything else is
    /// bound, a read may not.
    enum class TextLifetime { CopiedBySqlite, UntilNextBind };
    bool bind(sqlite3_stmt *statement, const QVariantList &binds, QSqlError *error,
              TextLifetime lifetime = TextLifetime::CopiedBySqlite);
    /// Binds parameter `i` (from 0); an SQLite result code.
    int bindValue(sqlite3_stmt *statement, int i, const QVariant &value, TextLifetime lifetime);
    /// Binds the cells as bind() binds their values, reading numbers and short texts in place.
    bool bindCells(sqlite3_stmt *statement, const RowCells &cells, QSqlError *error);
    /// Steps a bound INSERT/UPDATE/DELETE to its end (write()'s results).
    bool runWrite(sqlite3_stmt *statement, int columns, qint64 *changes, qint64 *lastRowId,
                  QVariantList *returned, QSqlError *error);
    int step(sqlite3_stmt *statement);
    QVariant column(sqlite3_stmt *statement, int index) const;
    /// Writes the current row's columns into the store's slot.
    void fill(sqlite3_stmt *statement, RowStore &store, int slot) const;
    QSqlError lastError(int code) const;
    void reset(sqlite3_stmt *statement);

    sqlite3 *m_handle;
    std::unordered_map<QString, sqlite3_stmt *> m_statements;
    QString m_lastSql; ///< held, so its data cannot be reused by another string
    sqlite3_stmt *m_lastStatement = nullptr;
    quint64 m_prepared = 0;
    QByteArray m_utf8;              ///< scratch for text that SQLite copies
    std::vector<QByteArray> m_text; ///< one per parameter: a write's text, bound in place
};

template <class RowFunction>
bool SqliteReader::select(const QString &sql, const QVariantList &binds, int columns,
                          RowFunction &&row, QSqlError *error) {
    sqlite3_stmt *statement = prepare(sql, error);
    if (!statement || !bind(statement, binds, error))
        return false;
    QVariantList values;
    int code = 0;
    while ((code = step(statement)) == 100 /* SQLITE_ROW */) {
        values.clear();
        values.reserve(columns);
        for (int i = 0; i < columns; ++i)
            values.append(column(statement, i));
        // The callback gets its own handle on the list; once it has let go (a session stores the
        // row in its RowStore and keeps no list), the next row reuses the list's memory.
        if (!row(QVariantList(values)))
            break;
    }
    const bool ok = code == 100 || code == 101 /* SQLITE_DONE */;
    if (!ok && error)
        *error = lastError(code);
    reset(statement);
    return ok;
}

template <class SlotFunction>
bool SqliteReader::selectInto(const QString &sql, const QVariantList &binds, RowStore &store,
                              SlotFunction &&row, QSqlError *error) {
    sqlite3_stmt *statement = prepare(sql, error);
    if (!statement || !bind(statement, binds, error))
        return false;
    int code = 0;
    while ((code = step(statement)) == 100 /* SQLITE_ROW */) {
        const int slot = store.addNulls();
        fill(statement, store, slot);
        if (!row(slot))
            break;
    }
    const bool ok = code == 100 || code == 101 /* SQLITE_DONE */;
    if (!ok && error)
        *error = lastError(code);
    reset(statement);
    return ok;
}

} // namespace orm
