#pragma once

// shelf-uibench's raw baseline: the statements a session ran, replayed through the SQLite C API on
// a read-only connection of its own, so that every figure of the bench has the same SQL beside it.

#include <QElapsedTimer>
#include <QFile>
#include <QString>
#include <QVariantList>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

namespace uibench {

[[noreturn]] inline void fail(const QString &message) {
    std::fprintf(stderr, "shelf-uibench: %s\n", qPrintable(message));
    std::exit(1);
}

inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0.0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Statement {
    QString sql;
    QVariantList binds;
};

/// One column of a row read raw: what a hand-written program would keep of it.
struct RawValue {
    int type = SQLITE_NULL;
    qint64 integer = 0;
    double real = 0;
    std::string text;
};
using RawRow = std::vector<RawValue>;

/// The raw baseline: a read-only connection through the SQLite C API.
class Raw {
public:
    explicit Raw(const QString &path) {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READONLY,
                            nullptr) != SQLITE_OK)
            fail(QStringLiteral("sqlite3_open_v2 %1").arg(path));
    }
    ~Raw() {
        for (auto &[sql, stmt] : m_kept)
            sqlite3_finalize(stmt);
        sqlite3_close(m_db);
    }
    Raw(const Raw &) = delete;
    Raw &operator=(const Raw &) = delete;

    /// Runs the statements, stepping every row and reading every column; milliseconds.
    double run(const std::vector<Statement> &statements, qint64 *rows = nullptr) {
        QElapsedTimer timer;
        timer.start();
        qint64 stepped = 0;
        for (const Statement &statement : statements) {
            const QByteArray sql = statement.sql.toUtf8();
            sqlite3_stmt *stmt = nullptr;
            if (sqlite3_prepare_v2(m_db, sql.constData(), int(sql.size()), &stmt, nullptr) !=
                SQLITE_OK)
                fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
            for (int i = 0; i < statement.binds.size(); ++i)
                bind(stmt, i + 1, statement.binds.at(i));
            const int columns = sqlite3_column_count(stmt);
            std::size_t sink = 0;
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                ++stepped;
                for (int c = 0; c < columns; ++c) {
                    if (sqlite3_column_type(stmt, c) == SQLITE_TEXT)
                        sink += std::size_t(sqlite3_column_bytes(stmt, c));
                    else
                        sink += std::size_t(sqlite3_column_int64(stmt, c));
                }
            }
            m_sink += sink;
            sqlite3_finalize(stmt);
        }
        if (rows)
            *rows = stepped;
        return double(timer.nsecsElapsed()) / 1e6;
    }
    /// Median of three runs.
    double median3(const std::vector<Statement> &statements, qint64 *rows = nullptr) {
        std::vector<double> times;
        for (int i = 0; i < 3; ++i)
            times.push_back(run(statements, rows));
        return median(times);
    }

    /// Runs the statements as a program that keeps them prepared would (each text prepared once,
    /// then reset and bound again), copying every row into `rows`; milliseconds. The floor under
    /// a page build: the same SQL, its rows in plain structs, nothing else.
    double readInto(const std::vector<Statement> &statements, std::vector<RawRow> *rows) {
        QElapsedTimer timer;
        timer.start();
        rows->clear();
        for (const Statement &statement : statements) {
            sqlite3_stmt *stmt = kept(statement.sql);
            sqlite3_reset(stmt);
            for (int i = 0; i < statement.binds.size(); ++i)
                bind(stmt, i + 1, statement.binds.at(i));
            const int columns = sqlite3_column_count(stmt);
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                RawRow &row = rows->emplace_back(std::size_t(columns));
                for (int c = 0; c < columns; ++c) {
                    RawValue &value = row[std::size_t(c)];
                    value.type = sqlite3_column_type(stmt, c);
                    if (value.type == SQLITE_INTEGER)
                        value.integer = sqlite3_column_int64(stmt, c);
                    else if (value.type == SQLITE_FLOAT)
                        value.real = sqlite3_column_double(stmt, c);
                    else if (value.type != SQLITE_NULL)
                        value.text.assign(static_cast<const char *>(sqlite3_column_blob(stmt, c)),
                                          std::size_t(sqlite3_column_bytes(stmt, c)));
                }
            }
        }
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        m_sink += rows->size();
        return ms;
    }
    std::size_t sink() const { return m_sink; }

private:
    sqlite3_stmt *kept(const QString &sql) {
        auto found = m_kept.find(sql);
        if (found != m_kept.end())
            return found->second;
        const QByteArray text = sql.toUtf8();
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, text.constData(), int(text.size()), &stmt, nullptr) !=
            SQLITE_OK)
            fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
        m_kept.emplace(sql, stmt);
        return stmt;
    }

    static void bind(sqlite3_stmt *stmt, int index, const QVariant &value) {
        switch (value.typeId()) {
        case QMetaType::UnknownType:
        case QMetaType::Nullptr:
            sqlite3_bind_null(stmt, index);
            break;
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
        case QMetaType::Bool:
            sqlite3_bind_int64(stmt, index, value.toLongLong());
            break;
        case QMetaType::Double:
            sqlite3_bind_double(stmt, index, value.toDouble());
            break;
        default: {
            if (value.isNull()) {
                sqlite3_bind_null(stmt, index);
                break;
            }
            const QByteArray text = value.toString().toUtf8();
            sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        }
        }
    }

    sqlite3 *m_db = nullptr;
    std::unordered_map<QString, sqlite3_stmt *> m_kept; ///< readInto()'s statements, by text
    std::size_t m_sink = 0;
};

} // namespace uibench
