#include "sqlitereader.h"

#include <QSqlDriver>
#include <QStringEncoder>
#include <algorithm>
#include <sqlite3.h>

namespace orm {

std::unique_ptr<SqliteReader> SqliteReader::forDatabase(const QSqlDatabase &database) {
    if (database.driverName() != QLatin1String("QSQLITE") || !database.isOpen() ||
        !database.driver())
        return nullptr;
    const QVariant handle = database.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection)
        return nullptr;
    return std::unique_ptr<SqliteReader>(new SqliteReader(connection));
}

SqliteReader::SqliteReader(sqlite3 *handle)
    : m_handle(handle) {
}

SqliteReader::~SqliteReader() {
    clear();
}

void SqliteReader::clear() {
    for (auto &[sql, statement] : m_statements)
        sqlite3_finalize(statement);
    m_statements.clear();
    m_lastSql.clear();
    m_lastStatement = nullptr;
    // A pasted megabyte is not kept three times over until the session closes
    constexpr qsizetype KeptBufferBytes = 64 * 1024;
    if (m_utf8.capacity() > KeptBufferBytes)
        m_utf8 = QByteArray();
    for (QByteArray &buffer : m_text) {
        if (buffer.capacity() > KeptBufferBytes)
            buffer = QByteArray();
    }
}

QSqlError SqliteReader::lastError(int code) const {
    const QString message = QString::fromUtf8(sqlite3_errmsg(m_handle));
    return QSqlError(message, message, QSqlError::StatementError,
                     QString::number(sqlite3_extended_errcode(m_handle)
                                         ? sqlite3_extended_errcode(m_handle)
                                         : code));
}

sqlite3_stmt *SqliteReader::prepare(const QString &sql, QSqlError *error) {
    // A flush runs one statement shape many times in a row, as one shared string: no hashing
    if (!m_lastSql.isEmpty() && sql.constData() == m_lastSql.constData() &&
        sql.size() == m_lastSql.size())
        return m_lastStatement;
    auto found = m_statements.find(sql);
    if (found != m_statements.end()) {
        m_lastSql = sql;
        m_lastStatement = found->second;
        return found->second;
    }
    if (m_statements.size() >= 128)
        clear();
    sqlite3_stmt *statement = nullptr;
    const QByteArray text = sql.toUtf8();
    ++m_prepared;
    const int code =
        sqlite3_prepare_v2(m_handle, text.constData(), int(text.size()), &statement, nullptr);
    if (code != SQLITE_OK) {
        if (error)
            *error = lastError(code);
        sqlite3_finalize(statement);
        return nullptr;
    }
    m_statements.emplace(sql, statement);
    m_lastSql = sql;
    m_lastStatement = statement;
    return statement;
}

bool SqliteReader::bind(sqlite3_stmt *statement, const QVariantList &binds, QSqlError *error,
                        TextLifetime lifetime) {
    if (lifetime == TextLifetime::UntilNextBind && m_text.size() < size_t(binds.size()))
        m_text.resize(size_t(binds.size()));
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    for (qsizetype i = 0; i < binds.size(); ++i) {
        const int code = bindValue(statement, int(i), binds.at(i), lifetime);
        if (code != SQLITE_OK) {
            if (error)
                *error = lastError(code);
            return false;
        }
    }
    return true;
}

int SqliteReader::bindValue(sqlite3_stmt *statement, int i, const QVariant &value,
                            TextLifetime lifetime) {
    const int index = i + 1;
    if (value.isNull())
        return sqlite3_bind_null(statement, index);
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return sqlite3_bind_double(statement, index, value.toDouble());
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        return sqlite3_bind_blob64(statement, index, bytes.constData(),
                                   sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT);
    }
    default: {
        // UTF-8, the database's own encoding: SQLite takes it as it is, where UTF-16 would be
        // translated (and allocated) once more inside SQLite. A write binds from buffers that
        // live until the next bind (no copy); a read, which may nest other reads while it steps,
        // lets SQLite copy.
        const bool kept = lifetime == TextLifetime::UntilNextBind;
        QByteArray &buffer = kept ? m_text[size_t(i)] : m_utf8;
        const QString text = value.toString();
        if (buffer.size() < text.size() * 3)
            buffer.resize(text.size() * 3);
        QStringEncoder encoder(QStringEncoder::Utf8);
        const char *end = encoder.appendToBuffer(buffer.data(), text);
        return sqlite3_bind_text64(statement, index, buffer.constData(),
                                   sqlite3_uint64(end - buffer.constData()),
                                   kept ? SQLITE_STATIC : SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    }
}

namespace {

/// A parent's new key bound in place of the child's cell (still NULL there). An integer, what a
/// key mostly is, is bound as bindValue() binds it, without a copy of its QVariant and the
/// dispatch on its type (w1: 100,000 books' author keys).
RowStore::BindCell givenCell(const QVariant &value) {
    RowStore::BindCell cell;
    if (value.typeId() == QMetaType::LongLong && !value.isNull()) {
        cell.as = RowStore::BindCell::As::Integer;
        cell.integer = *static_cast<const qint64 *>(value.constData());
        return cell;
    }
    cell.as = RowStore::BindCell::As::Value;
    cell.value = value;
    return cell;
}

/// A staged text given as Latin-1 bytes, bound in place of the cell (RowCells::givenText).
RowStore::BindCell textCell(QLatin1StringView text) {
    RowStore::BindCell cell;
    cell.as = RowStore::BindCell::As::Latin1;
    cell.latin1 = text;
    return cell;
}

/// Parameter `i` of `cells`: the value or the text given for it, or else its cell in the store.
RowStore::BindCell cellToBind(const RowCells &cells, qsizetype i) {
    for (const auto &[at, value] : cells.given) {
        if (at == i)
            return givenCell(value);
    }
    for (const auto &[at, text] : cells.givenText) {
        if (at == i)
            return textCell(text);
    }
    return cells.store->bindCell(cells.slot, cells.columns.at(i));
}

} // namespace

bool SqliteReader::bindCells(sqlite3_stmt *statement, const RowCells &cells, QSqlError *error) {
    const qsizetype count = cells.columns.size();
    if (m_text.size() < size_t(count))
        m_text.resize(size_t(count));
    sqlite3_reset(statement);
    // Every parameter is bound below: the old values need clearing only where some are not
    if (sqlite3_bind_parameter_count(statement) != count)
        sqlite3_clear_bindings(statement);
    for (qsizetype i = 0; i < count; ++i) {
        // Made in place, not assigned: a cell is bound by the million
        const RowStore::BindCell cell = cellToBind(cells, i);
        const int index = int(i) + 1;
        int code = SQLITE_OK;
        switch (cell.as) {
        case RowStore::BindCell::As::Null:
            code = sqlite3_bind_null(statement, index);
            break;
        case RowStore::BindCell::As::Integer:
            code = sqlite3_bind_int64(statement, index, cell.integer);
            break;
        case RowStore::BindCell::As::Real:
            code = sqlite3_bind_double(statement, index, cell.real);
            break;
        case RowStore::BindCell::As::Latin1: {
            // ASCII is its own UTF-8; a character from U+0080 to U+00FF takes two bytes: written
            // into the parameter's buffer, which lives until the next bind, as bindValue()'s text.
            QByteArray &buffer = m_text[size_t(i)];
            const qsizetype length = cell.latin1.size();
            if (buffer.size() < length * 2)
                buffer.resize(length * 2);
            char *out = buffer.data();
            for (const char c : cell.latin1) {
                const auto byte = static_cast<unsigned char>(c);
                if (byte < 0x80) {
                    *out++ = c;
                } else {
                    *out++ = char(0xc0 | (byte >> 6));
                    *out++ = char(0x80 | (byte & 0x3f));
                }
            }
            code = sqlite3_bind_text64(statement, index, buffer.constData(),
                                       sqlite3_uint64(out - buffer.constData()), SQLITE_STATIC,
                                       SQLITE_UTF8);
            break;
        }
        case RowStore::BindCell::As::Value:
            code = bindValue(statement, int(i), cell.value, TextLifetime::UntilNextBind);
            break;
        }
        if (code != SQLITE_OK) {
            if (error)
                *error = lastError(code);
            return false;
        }
    }
    return true;
}

bool SqliteReader::write(const QString &sql, const QVariantList &binds, int columns,
                         qint64 *changes, qint64 *lastRowId, QVariantList *returned,
                         QSqlError *error) {
    sqlite3_stmt *statement = prepare(sql, error);
    return statement && bind(statement, binds, error, TextLifetime::UntilNextBind) &&
           runWrite(statement, columns, changes, lastRowId, returned, error);
}

bool SqliteReader::write(const QString &sql, const RowCells &cells, int columns, qint64 *changes,
                         qint64 *lastRowId, QVariantList *returned, QSqlError *error) {
    sqlite3_stmt *statement = prepare(sql, error);
    return statement && bindCells(statement, cells, error) &&
           runWrite(statement, columns, changes, lastRowId, returned, error);
}

bool SqliteReader::runWrite(sqlite3_stmt *statement, int columns, qint64 *changes,
                            qint64 *lastRowId, QVariantList *returned, QSqlError *error) {
    int code = 0;
    bool first = true;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        if (first && returned) {
            returned->clear();
            for (int i = 0; i < columns; ++i)
                returned->append(column(statement, i));
        }
        first = false;
    }
    if (code != SQLITE_DONE) {
        if (error)
            *error = lastError(code);
        sqlite3_reset(statement);
        return false;
    }
    if (changes)
        *changes = sqlite3_changes64(m_handle);
    if (lastRowId)
        *lastRowId = sqlite3_last_insert_rowid(m_handle);
    sqlite3_reset(statement);
    return true;
}

int SqliteReader::step(sqlite3_stmt *statement) {
    return sqlite3_step(statement);
}

QVariant SqliteReader::column(sqlite3_stmt *statement, int index) const {
    switch (sqlite3_column_type(statement, index)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(statement, index)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(statement, index));
    case SQLITE_NULL:
        return QVariant();
    case SQLITE_BLOB: {
        const void *data = sqlite3_column_blob(statement, index);
        return QVariant(
            QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(statement, index)));
    }
    default: {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, index));
        return QVariant(QString::fromUtf8(text, sqlite3_column_bytes(statement, index)));
    }
    }
}

void SqliteReader::fill(sqlite3_stmt *statement, RowStore &store, int slot) const {
    const int columns = store.columnCount();
    for (int index = 0; index < columns; ++index) {
        // One call into the statement per cell: each sqlite3_column_*() locks the connection's
        // mutex, and asking for the type, then the value (and a text's length) made this loop
        // a fifth slower (by a page build's profile). The value is read on this thread only, as
        // the connection is used (Qt Sql's rule): what sqlite3_value_*() on it asks for.
        sqlite3_value *value = sqlite3_column_value(statement, index);
        switch (sqlite3_value_type(value)) {
        case SQLITE_INTEGER:
            store.setInteger(slot, index, qint64(sqlite3_value_int64(value)));
            break;
        case SQLITE_FLOAT:
            store.setReal(slot, index, sqlite3_value_double(value));
            break;
        case SQLITE_NULL:
            break; // a new slot's cells are NULL
        case SQLITE_TEXT: {
            // sqlite3_value_text() first, then the length (SQLite's documented order)
            const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(value));
            store.setUtf8(slot, index, text, sqlite3_value_bytes(value));
            break;
        }
        default:
            store.set(slot, index, column(statement, index)); // a blob, as column() reads it
            break;
        }
    }
}

void SqliteReader::reset(sqlite3_stmt *statement) {
    sqlite3_reset(statement);
}

} // namespace orm
