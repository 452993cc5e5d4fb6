#include "sqlitedialect.h"

#include "column.h"
#include "sqlitemigrationrenderer.h"
#include "table.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace orm {

namespace {

/// The one column of `table` that a CHECK's expression names ("Discount >= 0 AND Discount <= 1"
/// names Discount), or empty when it names none or several. Names are matched as SQLite matches
/// identifiers, case blind, bare or quoted ("…", […], `…`); text in '…' is a literal, no name.
QString onlyColumnNamed(const Table &table, const QString &expression) {
    static const QRegularExpression token(
        QStringLiteral("'(?:[^']|'')*'|\"((?:[^\"]|\"\")+)\"|\\[([^\\]]+)\\]|`([^`]+)`|([A-Za-z_]["
                       "A-Za-z0-9_$]*)"));
    QString found;
    for (auto it = token.globalMatch(expression); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        QString name;
        for (int group = 1; group <= 4 && name.isEmpty(); ++group)
            name = match.captured(group);
        if (name.isEmpty())
            continue; // a text literal
        if (match.capturedLength(1) > 0)
            name.replace(QStringLiteral("\"\""), QStringLiteral("\""));
        for (const Column &column : table.columns()) {
            if (column.name.compare(name, Qt::CaseInsensitive) != 0)
                continue;
            if (!found.isEmpty() && found != column.name)
                return {};
            found = column.name;
        }
    }
    return found;
}

} // namespace

bool SqliteDialect::configureConnection(QSqlDatabase &database, QString *error) const {
    QSqlQuery pragma(database);
    if (!pragma.exec(QStringLiteral("PRAGMA foreign_keys=ON"))) {
        if (error)
            *error = pragma.lastError().text();
        return false;
    }
    return true;
}

QString SqliteDialect::columnType(const Column &column) const {
    if (column.primaryKey)
        return QStringLiteral("INTEGER PRIMARY KEY");
    switch (column.type) {
    case ColumnType::Integer:
    case ColumnType::Boolean:
        return QStringLiteral("INTEGER");
    case ColumnType::Real:
        return QStringLiteral("REAL");
    case ColumnType::Text:
        return QStringLiteral("TEXT");
    default:
        // Only declared metadata is created; a reflected type keeps its declared name.
        return column.declaredType.isEmpty() ? QStringLiteral("ANY") : column.declaredType;
    }
}

QString SqliteDialect::nullSafeEquals(const Column &column) const {
    return quote(column.name) + QStringLiteral(" IS ?");
}

Error SqliteDialect::classify(const QSqlError &sqlError, const Table *table) const {
    Error error;
    error.kind = Error::Kind::Database;
    error.driverMessage =
        sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText();
    if (table)
        error.table = table->name();
    const QString text = error.driverMessage;

    // "UNIQUE constraint failed: Order Details.Order ID, Order Details.Product": every column of
    // the key, the table's name (which may hold blanks) before each.
    static const QRegularExpression columnFailed(
        QStringLiteral("(NOT NULL|UNIQUE) constraint failed: (.+\\..+)$"));
    // SQLite names a named CHECK by its name and, since 3.38, an unnamed one by its expression
    static const QRegularExpression checkFailed(QStringLiteral("CHECK constraint failed: (.+)$"));
    static const QRegularExpression identifier(QStringLiteral("^\\w+$"));
    static const QRegularExpression strictType(
        QStringLiteral("cannot store \\w+ value in \\w+ column (\\w+)\\.(\\w+)"));
    if (auto match = columnFailed.match(text); match.hasMatch()) {
        error.kind = Error::Kind::Constraint;
        error.constraint = match.captured(1) == QLatin1String("UNIQUE")
                               ? QStringLiteral("unique")
                               : QStringLiteral("not null");
        const QString tablePrefix = (table ? table->name() : QString()) + QLatin1Char('.');
        QStringList columns;
        for (const QString &qualified : match.captured(2).split(QStringLiteral(", "))) {
            const qsizetype dot = table && qualified.startsWith(tablePrefix)
                                      ? tablePrefix.size() - 1
                                      : qualified.indexOf(QLatin1Char('.'));
            error.table = qualified.left(dot);
            columns << qualified.mid(dot + 1);
        }
        error.column = columns.first();
        if (error.constraint == QLatin1String("unique"))
            error.columns = columns;
    } else if (auto match = checkFailed.match(text); match.hasMatch()) {
        error.kind = Error::Kind::Constraint;
        const QString failed = match.captured(1).trimmed();
        if (!identifier.match(failed).hasMatch()) {
            // A CHECK without a name, written on a column or on the table: its expression
            // is all there is to quote, and the column it names is the cell to mark.
            error.detail = failed;
            if (table)
                error.column = onlyColumnNamed(*table, failed);
            return error;
        }
        error.constraint = failed;
        if (table) {
            for (const Column &column : table->columns()) {
                if (column.checkName(table->name()) == error.constraint)
                    error.column = column.name;
            }
            // An unnamed CHECK whose expression starts with a quoted name (Northwind's
            // `CHECK ([Discount]>=(0) AND [Discount]<=(1))`) is reported by that name alone,
            // "CHECK constraint failed: Discount": the column to mark, as is a CHECK named
            // after its column.
            if (error.column.isEmpty())
                error.column = onlyColumnNamed(*table, failed);
        }
    } else if (auto match = strictType.match(text); match.hasMatch()) {
        error.kind = Error::Kind::Constraint;
        error.constraint = QStringLiteral("type");
        error.table = match.captured(1);
        error.column = match.captured(2);
    } else if (text.contains(QLatin1String("FOREIGN KEY constraint failed"))) {
        error.kind = Error::Kind::Constraint;
        error.constraint = QStringLiteral("foreign key");
    } else {
        // QSQLITE labels every failed step a connection error; the SQLite result code says what
        // really happened. Only a busy or locked database is worth retrying as it is.
        bool numeric = false;
        const int code = sqlError.nativeErrorCode().toInt(&numeric) & 0xff; // primary result code
        const bool busy = numeric ? (code == 5 /*BUSY*/ || code == 6 /*LOCKED*/)
                                  : (text.contains(QLatin1String("database is locked")) ||
                                     text.contains(QLatin1String("database table is locked")));
        if (busy) {
            error.kind = Error::Kind::Connection; // worth trying again as it is
            error.reason = Error::Reason::Busy;   // but nothing was lost: another holds a lock
        } else if (!numeric && sqlError.type() == QSqlError::ConnectionError)
            error.kind = Error::Kind::Connection;
    }
    return error;
}

std::unique_ptr<MigrationRenderer> SqliteDialect::migrationRenderer() const {
    return std::make_unique<SqliteMigrationRenderer>(*this);
}

QString SqliteDialect::databaseFile(const QSqlDatabase &database) const {
    // The connection's name may be a URI ("file:…?mode=rw"): SQLite knows the file.
    QSqlQuery query(database);
    if (query.exec(QStringLiteral("SELECT file FROM pragma_database_list WHERE name = 'main'")) &&
        query.next())
        return query.value(0).toString();
    return {};
}

QStringList SqliteDialect::schemaStamp(qint32 applicationId, int revision,
                                       const QString &markerTable) const {
    Q_UNUSED(markerTable); // the file's header holds the stamp
    return {QStringLiteral("PRAGMA application_id = %1").arg(applicationId),
            QStringLiteral("PRAGMA user_version = %1").arg(revision)};
}

bool SqliteDialect::readSchemaStamp(const QSqlDatabase &database, qint32 applicationId,
                                    const QString &markerTable, int *revision) const {
    Q_UNUSED(markerTable);
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("SELECT application_id, user_version "
                                   "FROM pragma_application_id, pragma_user_version")) ||
        !query.next() || query.value(0).toInt() != applicationId)
        return false;
    *revision = query.value(1).toInt();
    return true;
}

} // namespace orm
