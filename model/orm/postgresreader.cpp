#include "postgresreader.h"

#include "libpq.h"
#include "values.h"

#include <QDate>
#include <QLocale>
#include <QMetaObject>
#include <QSqlDriver>

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace orm {

namespace {

// Type OIDs (pg_type.dat): fixed since PostgreSQL 7
constexpr Oid BoolOid = 16;
constexpr Oid ByteaOid = 17;
constexpr Oid Int8Oid = 20;
constexpr Oid Int2Oid = 21;
constexpr Oid RegProcOid = 24;
constexpr Oid Int4Oid = 23;
constexpr Oid TextOid = 25;
constexpr Oid OidOid = 26;
constexpr Oid XidOid = 28;
constexpr Oid CidOid = 29;
constexpr Oid Float4Oid = 700;
constexpr Oid Float8Oid = 701;
constexpr Oid AbsTimeOid = 702;
constexpr Oid RelTimeOid = 703;
constexpr Oid VarcharOid = 1043;
constexpr Oid DateOid = 1082;
constexpr Oid TimeOid = 1083;
constexpr Oid TimestampOid = 1114;
constexpr Oid TimestampTzOid = 1184;
constexpr Oid TimeTzOid = 1266;
constexpr Oid NumericOid = 1700;

/// How a result column's text becomes a value: QPSQLResult::data()'s cases (qDecodePSQLType).
enum class Conversion : quint8 { Text, Bool, Int, Int8, Real, Date, Bytea, Unsupported };

Conversion conversionOf(Oid type, bool numericText) {
    switch (type) {
    case BoolOid:
        return Conversion::Bool;
    case Int8Oid:
        return Conversion::Int8;
    case Int2Oid:
    case Int4Oid:
        return Conversion::Int;
    case NumericOid: // HighPrecision: the text as it is; otherwise through double, left to QPSQL
        return numericText ? Conversion::Text : Conversion::Unsupported;
    case Float4Oid:
    case Float8Oid:
        return Conversion::Real;
    case DateOid:
        return Conversion::Date;
    case ByteaOid:
        return Conversion::Bytea;
    // Int in QPSQL, but read with atoi() from texts that are no decimal numbers (regproc) or
    // overflow it (oid, xid): rare enough to leave to QPSQL as they are
    case OidOid:
    case RegProcOid:
    case XidOid:
    case CidOid:
    // QTime and QDateTime, which QPSQL parses its own way (Shelf selects these as text)
    case AbsTimeOid:
    case RelTimeOid:
    case TimeOid:
    case TimeTzOid:
    case TimestampOid:
    case TimestampTzOid:
        return Conversion::Unsupported;
    default:
        return Conversion::Text; // QPSQL's QString::fromUtf8() of every other type's text
    }
}

/// `sql` with its `?` placeholders numbered `$1`, `$2` …, as QPSQL prepares it
/// (QSqlResultPrivate::positionalToNamedBinding(): nothing inside quotes).
QByteArray numberedPlaceholders(const QString &sql) {
    QString result;
    result.reserve(sql.size() + 16);
    QChar closingQuote;
    int count = 0;
    for (QChar c : sql) {
        if (!closingQuote.isNull()) {
            if (c == closingQuote)
                closingQuote = QChar();
            result += c;
        } else if (c == QLatin1Char('?')) {
            result += QLatin1Char('$') + QString::number(++count);
        } else {
            if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`'))
                closingQuote = c;
            result += c;
        }
    }
    return result.toUtf8();
}

/// A double as QPSQL reads float4/float8 text (qstrtod(), then its NaN and ±Infinity cases).
/// std::from_chars: correctly rounded like qstrtod(), and blind to the locale.
QVariant realOf(const char *text, int length) {
    double number = 0;
    const auto [end, problem] = std::from_chars(text, text + length, number);
    if (problem == std::errc() && end == text + length)
        return QVariant(number);
    if (qstricmp(text, "NaN") == 0)
        return QVariant(qQNaN());
    if (qstricmp(text, "Infinity") == 0)
        return QVariant(qInf());
    if (qstricmp(text, "-Infinity") == 0)
        return QVariant(-qInf());
    return QVariant(); // what QPSQL gives for text it cannot read (none that the server writes)
}

/// Writes one value's text into the store's cell, converted as QPSQLResult::data() converts it.
void fillCell(Conversion conversion, const char *text, int length, RowStore &store, int slot,
              int column) {
    const LibPq &pq = *libpq();
    switch (conversion) {
    case Conversion::Text:
        store.setUtf8(slot, column, text, length);
        break;
    case Conversion::Bool:
        store.set(slot, column, QVariant(text[0] == 't'));
        break;
    case Conversion::Int:
        store.setInt(slot, column, std::atoi(text));
        break;
    case Conversion::Int8: {
        // QPSQL reads a negative int8 as qlonglong and any other as qulonglong
        if (text[0] == '-') {
            qint64 number = 0;
            std::from_chars(text, text + length, number);
            store.setInteger(slot, column, number);
        } else {
            quint64 number = 0;
            std::from_chars(text, text + length, number);
            store.setUnsignedInteger(slot, column, number);
        }
        break;
    }
    case Conversion::Real:
        store.set(slot, column, realOf(text, length));
        break;
    case Conversion::Date:
        store.set(slot, column,
                  QVariant(QDate::fromString(QString::fromLatin1(text, length), Qt::ISODate)));
        break;
    case Conversion::Bytea: {
        size_t bytes = 0;
        unsigned char *data =
            pq.unescapeBytea(reinterpret_cast<const unsigned char *>(text), &bytes);
        store.set(slot, column,
                  QVariant(QByteArray(reinterpret_cast<const char *>(data), qsizetype(bytes))));
        pq.freemem(data);
        break;
    }
    case Conversion::Unsupported:
        Q_ASSERT(false); // such a statement is never run
        break;
    }
}

} // namespace

struct PostgresReader::Statement {
    QByteArray name;
    std::vector<Oid> parameters;
    std::vector<Conversion> columns;
    bool readable = true; ///< every column is one this reader converts
    bool counted = false; ///< in preparedCount(): handed out to be run, or refused
};

PostgresReader::Result::~Result() {
    reset(nullptr);
}

void PostgresReader::Result::reset(pg_result *result) {
    if (m_result)
        libpq()->clear(m_result);
    m_result = result;
}

std::unique_ptr<PostgresReader> PostgresReader::forDatabase(const QSqlDatabase &database,
                                                            bool numericText) {
    PGconn *connection = connectionOf(database);
    if (!connection)
        return nullptr;
    return std::unique_ptr<PostgresReader>(
        new PostgresReader(connection, database.driver(), numericText));
}

PostgresReader::PostgresReader(pg_conn *connection, QSqlDriver *driver, bool numericText)
    : m_connection(connection)
    , m_backend(libpq()->backendPID(connection))
    , m_driver(driver)
    , m_numericText(numericText) {
}

void PostgresReader::deliverNotifications() const {
    // As QPSQLDriverPrivate::checkPendingNotifications() does after each of its statements: the
    // driver's private slot, queued, reads libpq's queue and emits QSqlDriver::notification()
    // (Qt 6 names it without arguments, Qt 5 with the socket)
    if (!m_driver || m_driver->subscribedToNotifications().isEmpty())
        return;
    const QMetaObject *meta = m_driver->metaObject();
    if (meta->indexOfMethod("_q_handleNotification()") >= 0)
        QMetaObject::invokeMethod(m_driver.data(), "_q_handleNotification", Qt::QueuedConnection);
    else if (meta->indexOfMethod("_q_handleNotification(int)") >= 0)
        QMetaObject::invokeMethod(m_driver.data(), "_q_handleNotification", Qt::QueuedConnection,
                                  Q_ARG(int, 0));
}

PostgresReader::~PostgresReader() {
    clear();
}

bool PostgresReader::ready() const {
    // The PGconn is QPSQL's: closed (and freed) under this reader, it must not be touched, and
    // reopened it is another connection — often in the same memory — where none of the
    // statements was prepared. Asked of the driver each time; the server process tells the two.
    if (!m_driver || connectionOf(m_driver.data()) != m_connection)
        return false;
    const LibPq &pq = *libpq();
    if (pq.backendPID(m_connection) != m_backend)
        return false;
    if (pq.status(m_connection) != CONNECTION_OK)
        return false;
    // Not while QPSQL has a result in flight (PQTRANS_ACTIVE: a forward-only query read row by
    // row), and not in a failed transaction, where QPSQL gives the error as it always has
    const PGTransactionStatusType status = pq.transactionStatus(m_connection);
    return status == PQTRANS_IDLE || status == PQTRANS_INTRANS;
}

void PostgresReader::clear() {
    if (m_handing > 0) {
        m_clearAfterHanding = true;
        return;
    }
    m_clearAfterHanding = false;
    if (!m_statements.empty() && ready()) {
        // One round trip for all of them (a session's end, an export's three statements, waited
        // for at exit): the server runs the statements of one query string in turn. Not
        // DEALLOCATE ALL, which would take QPSQL's own prepared statements with them.
        QByteArray deallocate;
        for (const auto &[sql, statement] : m_statements)
            deallocate += "DEALLOCATE " + statement->name + ';';
        Result done(libpq()->exec(m_connection, deallocate.constData()));
    }
    m_statements.clear();
}

QSqlError PostgresReader::errorOf(const char *what, pg_result *result) const {
    // QPSQL's qMakeError(): the connection's message, the SQLSTATE after it in brackets
    const LibPq &pq = *libpq();
    QString message = QString::fromUtf8(pq.errorMessage(m_connection));
    QString state;
    if (result) {
        state = QString::fromLatin1(pq.resultErrorField(result, PG_DIAG_SQLSTATE));
        message += QStringLiteral("(%1)").arg(state);
    }
    return QSqlError(QStringLiteral("QPSQL: ") + QLatin1String(what), message,
                     QSqlError::StatementError, state);
}

const PostgresReader::Statement *
PostgresReader::prepare(const QString &sql, const QVariantList &binds, QSqlError *error) {
    if (!ready())
        return nullptr;
    const LibPq &pq = *libpq();
    auto found = m_statements.find(sql);
    if (found == m_statements.end()) {
        if (m_statements.size() >= 256)
            clear();
        auto statement = std::make_unique<Statement>();
        // Unique in the process: several sessions may share a connection, one after the other or
        // at once, and a statement a reader could not DEALLOCATE stays on the connection
        static std::atomic<quint64> names{0};
        statement->name = "shelf_read_" + QByteArray::number(++names);
        Result prepared(pq.prepare(m_connection, statement->name.constData(),
                                   numberedPlaceholders(sql).constData(), 0, nullptr));
        if (pq.resultStatus(prepared.get()) != PGRES_COMMAND_OK) {
            ++m_prepared; // refused: the session reports it, no one else prepares it
            if (error)
                *error = errorOf("Unable to prepare statement", prepared.get());
            return nullptr;
        }
        Result described(pq.describePrepared(m_connection, statement->name.constData()));
        if (pq.resultStatus(described.get()) != PGRES_COMMAND_OK) {
            ++m_prepared;
            if (error)
                *error = errorOf("Unable to prepare statement", described.get());
            return nullptr;
        }
        const int parameters = pq.nparams(described.get());
        for (int i = 0; i < parameters; ++i)
            statement->parameters.push_back(pq.paramtype(described.get(), i));
        const int columns = pq.nfields(described.get());
        for (int i = 0; i < columns; ++i) {
            const Conversion conversion = conversionOf(pq.ftype(described.get(), i), m_numericText);
            statement->readable = statement->readable && conversion != Conversion::Unsupported;
            statement->columns.push_back(conversion);
        }
        found = m_statements.emplace(sql, std::move(statement)).first;
    }
    Statement &statement = *found->second;
    if (!statement.readable || !encode(statement, binds))
        return nullptr;
    // Counted once it runs here: one this reader declines is prepared again by QPSQL, which
    // counts it then (Session::preparedStatementCount() counts each statement once)
    if (!statement.counted) {
        statement.counted = true;
        ++m_prepared;
    }
    return &statement;
}

bool PostgresReader::encode(const Statement &statement, const QVariantList &binds) {
    // QPSQL writes each value into `EXECUTE stmt (…)` as a literal (QPSQLDriver::formatValue());
    // the server coerces it to the parameter's type. A value goes as text here only where that
    // text means to the parameter's type exactly what the literal means.
    if (size_t(binds.size()) != statement.parameters.size())
        return false; // QPSQL's error, then
    if (m_bindText.size() < size_t(binds.size()))
        m_bindText.resize(size_t(binds.size()));
    m_bindValues.resize(size_t(binds.size()));
    for (qsizetype i = 0; i < binds.size(); ++i) {
        const QVariant &value = binds.at(i);
        const Oid type = statement.parameters[size_t(i)];
        QByteArray &text = m_bindText[size_t(i)];
        if (values::sentAsNull(value)) {
            m_bindValues[size_t(i)] = nullptr;
            continue;
        }
        const int typeId = value.typeId();
        if (typeId == QMetaType::QString) {
            // A quoted literal is of unknown type: read by the parameter type's input, as text
            text = static_cast<const QString *>(value.constData())->toUtf8();
            if (text.contains('\0'))
                return false;
        } else if (typeId == QMetaType::Bool) {
            if (type != BoolOid)
                return false;
            text = value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
        } else if (values::isInteger(typeId)) {
            // An integer literal, cast to the parameter's type: the same number
            if (type != Int2Oid && type != Int4Oid && type != Int8Oid && type != NumericOid &&
                type != Float4Oid && type != Float8Oid && type != TextOid && type != VarcharOid)
                return false;
            text = typeId == QMetaType::ULongLong || typeId == QMetaType::ULong
                       ? QByteArray::number(value.toULongLong())
                       : QByteArray::number(value.toLongLong());
        } else if (typeId == QMetaType::Double) {
            // The shortest text that reads back as the double, as QVariant::toString() writes it;
            // the literal is a NUMERIC, which has no -0
            if (type != Float8Oid)
                return false;
            const double number = value.toDouble();
            if (std::isnan(number))
                text = QByteArrayLiteral("NaN");
            else if (std::isinf(number))
                text = number < 0 ? QByteArrayLiteral("-Infinity") : QByteArrayLiteral("Infinity");
            else if (number == 0)
                text = QByteArrayLiteral("0");
            else
                text = QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
        } else if (typeId == QMetaType::QByteArray) {
            if (type != ByteaOid)
                return false;
            text = "\\x" + static_cast<const QByteArray *>(value.constData())->toHex();
        } else if (typeId == QMetaType::QDate) {
            const QDate date = value.toDate();
            if (date.year() < 1 || date.year() > 9999 ||
                (type != DateOid && type != TimestampOid && type != TimestampTzOid &&
                 type != TextOid && type != VarcharOid))
                return false;
            text = date.toString(Qt::ISODate).toLatin1();
        } else {
            return false; // QDateTime (sent with a time zone), QTime, QUuid …: QPSQL's own way
        }
        m_bindValues[size_t(i)] = text.constData();
    }
    return true;
}

bool PostgresReader::run(const Statement &statement, Result *result, QSqlError *error) {
    const LibPq &pq = *libpq();
    PGresult *rows =
        pq.execPrepared(m_connection, statement.name.constData(), int(m_bindValues.size()),
                        m_bindValues.data(), nullptr, nullptr, 0 /* text */);
    result->reset(rows);
    deliverNotifications();
    if (pq.resultStatus(rows) != PGRES_TUPLES_OK) {
        if (error)
            *error = errorOf("Unable to create query", rows);
        return false;
    }
    return true;
}

int PostgresReader::rowCount(const Result &result) const {
    return libpq()->ntuples(result.get());
}

int PostgresReader::columnCount(const Statement &statement) {
    return int(statement.columns.size());
}

void PostgresReader::fill(const Statement &statement, const Result &result, int row,
                          RowStore &store, int slot) const {
    const LibPq &pq = *libpq();
    PGresult *rows = result.get();
    const int columns = std::min(store.columnCount(), int(statement.columns.size()));
    for (int column = 0; column < columns; ++column) {
        if (pq.getisnull(rows, row, column))
            continue; // a new slot's cells are NULL
        fillCell(statement.columns[size_t(column)], pq.getvalue(rows, row, column),
                 pq.getlength(rows, row, column), store, slot, column);
    }
}

PostgresReader::TextRow::TextRow(const Statement &statement)
    : m_statement(statement)
    , m_scratch(int(statement.columns.size()))
    , m_slot(m_scratch.addNulls()) {
}

int PostgresReader::TextRow::columnCount() const {
    return int(m_statement.columns.size());
}

bool PostgresReader::TextRow::isNull(int column) const {
    return libpq()->getisnull(m_result, m_row, column);
}

QByteArrayView PostgresReader::TextRow::text(int column) const {
    const LibPq &pq = *libpq();
    return {pq.getvalue(m_result, m_row, column), pq.getlength(m_result, m_row, column)};
}

PostgresReader::TextRow::Kind PostgresReader::TextRow::kind(int column) const {
    switch (m_statement.columns[size_t(column)]) {
    case Conversion::Text:
        return Kind::Text;
    case Conversion::Int:
    case Conversion::Int8:
        return Kind::Integer;
    case Conversion::Bool:
        return Kind::Boolean;
    case Conversion::Real:
        return Kind::Real;
    default:
        return Kind::Other;
    }
}

QVariant PostgresReader::TextRow::value(int column) const {
    if (isNull(column))
        return QVariant();
    // Through the store as select() converts it, so that the value is the same to the metatype
    const QByteArrayView utf8 = text(column);
    fillCell(m_statement.columns[size_t(column)], utf8.data(), int(utf8.size()), m_scratch, m_slot,
             column);
    QVariant value = m_scratch.value(m_slot, column);
    m_scratch.set(m_slot, column, QVariant());
    return value;
}

} // namespace orm
