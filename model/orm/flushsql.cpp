#include "flushsql.h"

#include "record.h"
#include "values.h"

namespace orm {

namespace {

const QString PlaceholderPrefix = QStringLiteral("\u0001shelf-placeholder:");

QVariant valueFor(const FlushPlan::Write &write, int column, const KeyOf &keyOf) {
    for (const auto &[awaitingColumn, parent] : write.awaitingKeys) {
        if (awaitingColumn == column)
            return keyOf(parent);
    }
    return write.values.at(column);
}

/// WHERE key = ? AND every column still holds what the session loaded (rule 12).
QString whereUnchanged(const Dialect &dialect, const RecordPtr &record, QVariantList *binds) {
    const Table &table = record->table();
    QStringList conditions;
    conditions << dialect.quote(table.column(table.primaryKey()).name) + QStringLiteral(" = ?");
    binds->append(record->storedValue(table.primaryKey()));
    for (int column = 0; column < table.columnCount(); ++column) {
        if (column == table.primaryKey())
            continue;
        conditions << dialect.nullSafeEquals(dialect.quote(table.column(column).name));
        binds->append(record->storedValue(column));
    }
    return conditions.join(QStringLiteral(" AND "));
}

} // namespace

Statement insertStatement(const Dialect &dialect, const FlushPlan::Write &write,
                          const KeyOf &keyOf) {
    const Table &table = write.record->table();
    Statement statement;
    QStringList names, marks;
    for (int column : write.columns) {
        names << dialect.quote(table.column(column).name);
        marks << QStringLiteral("?");
        statement.binds << valueFor(write, column, keyOf);
    }
    QStringList returning{dialect.quote(table.column(table.primaryKey()).name)};
    statement.returnedColumns << table.primaryKey();
    for (int column = 0; column < table.columnCount(); ++column) {
        if (column != table.primaryKey() && !write.columns.contains(column)) {
            returning << dialect.quote(table.column(column).name);
            statement.returnedColumns << column;
        }
    }
    statement.sql =
        names.isEmpty()
            ? QStringLiteral("INSERT INTO %1 DEFAULT VALUES RETURNING %2")
                  .arg(dialect.quote(table.name()), returning.join(QStringLiteral(", ")))
            : QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) RETURNING %4")
                  .arg(dialect.quote(table.name()), names.join(QStringLiteral(", ")),
                       marks.join(QStringLiteral(", ")), returning.join(QStringLiteral(", ")));
    return statement;
}

Statement updateStatement(const Dialect &dialect, const FlushPlan::Write &write,
                          const KeyOf &keyOf) {
    const Table &table = write.record->table();
    Statement statement;
    QStringList assignments;
    for (int column : write.columns) {
        assignments << dialect.quote(table.column(column).name) + QStringLiteral(" = ?");
        statement.binds << valueFor(write, column, keyOf);
    }
    const QString where = whereUnchanged(dialect, write.record, &statement.binds);
    statement.sql =
        QStringLiteral("UPDATE %1 SET %2 WHERE %3")
            .arg(dialect.quote(table.name()), assignments.join(QStringLiteral(", ")), where);
    return statement;
}

Statement deleteStatement(const Dialect &dialect, const RecordPtr &record) {
    Statement statement;
    const QString where = whereUnchanged(dialect, record, &statement.binds);
    statement.sql =
        QStringLiteral("DELETE FROM %1 WHERE %2").arg(dialect.quote(record->table().name()), where);
    return statement;
}

QVariant placeholderValue(const QString &text) {
    return PlaceholderPrefix + text;
}

QString renderStatement(const Statement &statement) {
    QString out;
    qsizetype next = 0;
    bool inString = false;
    for (QChar c : statement.sql) {
        if (c == QLatin1Char('\''))
            inString = !inString;
        if (c == QLatin1Char('?') && !inString && next < statement.binds.size()) {
            const QVariant value = statement.binds.at(next++);
            const QString text = value.toString();
            out += value.typeId() == QMetaType::QString && text.startsWith(PlaceholderPrefix)
                       ? text.mid(PlaceholderPrefix.size())
                       : values::sqlLiteral(value);
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace orm
