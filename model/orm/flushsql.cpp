#include "flushsql.h"

#include "record.h"
#include "values.h"

namespace orm {

namespace {

const QString PlaceholderPrefix = QStringLiteral("\u0001shelf-placeholder:");
enum Kind { Insert, Update, Delete, Complete };

QVariant valueFor(const FlushPlan::Write &write, int column, const KeyOf &keyOf) {
    for (const auto &[awaitingColumn, parent] : write.awaitingKeys) {
        if (awaitingColumn == column)
            return keyOf(parent);
    }
    return write.values.at(column);
}

/// The values for `WHERE key = ? AND every column still holds what the session loaded`: the
/// stored key (an edited key column is found by what the database holds), then the other columns.
void bindUnchanged(const RecordPtr &record, QVariantList *binds) {
    const Table &table = record->table();
    for (int column : table.primaryKeyColumns())
        binds->append(record->storedValue(column));
    for (int column = 0; column < table.columnCount(); ++column) {
        if (!table.isKeyColumn(column))
            binds->append(record->storedValue(column));
    }
}

/// SQLite gives a rowid key as the last insert id, cheaper than RETURNING (which buffers rows).
bool keyFromLastInsertId(const Dialect &dialect, const Table &table, const QList<int> &omitted) {
    return !dialect.returnsInsertedRows() && omitted.size() == 1 &&
           omitted.first() == table.primaryKey() && table.column(omitted.first()).autoIncrement;
}

} // namespace

const StatementShapes::Shape &StatementShapes::shape(int kind, const Table &table,
                                                     const QList<int> &columns) {
    if (m_lastShape && kind == m_lastKind && &table == m_lastTable && columns == m_lastColumns)
        return *m_lastShape;
    m_lastKind = kind;
    m_lastTable = &table;
    m_lastColumns = columns;
    m_lastShape = &lookupShape(kind, table, columns);
    return *m_lastShape;
}

const StatementShapes::Shape &StatementShapes::lookupShape(int kind, const Table &table,
                                                           const QList<int> &columns) {
    QByteArray key;
    key.reserve(16 + columns.size());
    const Table *tableAddress = &table;
    key.append(char(kind))
        .append(reinterpret_cast<const char *>(&tableAddress), sizeof(tableAddress));
    for (int column : columns)
        key.append(char(column));
    auto found = m_shapes.constFind(key);
    if (found != m_shapes.constEnd())
        return *found;

    const Dialect &d = m_dialect;
    auto name = [&](int column) { return d.quote(table.column(column).name); };
    // Rule 12: the row must still be what the session loaded, key and every other column.
    QStringList unchanged{m_sql.keyEquals(table)};
    for (int column = 0; column < table.columnCount(); ++column) {
        if (!table.isKeyColumn(column))
            unchanged << d.nullSafeEquals(name(column));
    }
    const QString where = unchanged.join(QStringLiteral(" AND "));
    const auto returning = [&](const QList<int> &returned) {
        QStringList names;
        for (int column : returned)
            names << name(column);
        return QStringLiteral(" RETURNING ") + names.join(QStringLiteral(", "));
    };
    Shape shape;
    if (kind == Insert) {
        QStringList names, marks;
        for (int column : columns) {
            names << name(column);
            marks << QStringLiteral("?");
        }
        // Only what the database fills is read back: a key the user gave is known already.
        QList<int> omitted;
        for (int column = 0; column < table.columnCount(); ++column) {
            if (!columns.contains(column))
                omitted << column;
        }
        shape.sql = names.isEmpty()
                        ? QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(m_sql.table(table))
                        : QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                              .arg(m_sql.table(table), names.join(QStringLiteral(", ")),
                                   marks.join(QStringLiteral(", ")));
        if (keyFromLastInsertId(d, table, omitted)) {
            shape.lastInsertIdColumn = omitted.first();
        } else if (!omitted.isEmpty()) {
            shape.returnedColumns = omitted;
            shape.sql += returning(omitted);
        }
    } else if (kind == Update) {
        QStringList assignments;
        for (int column : columns)
            assignments << name(column) + QStringLiteral(" = ?");
        shape.sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                        .arg(m_sql.table(table), assignments.join(QStringLiteral(", ")), where);
        // Generated columns follow the columns they are computed from (rule 6).
        for (int column = 0; column < table.columnCount(); ++column) {
            if (table.column(column).generated)
                shape.returnedColumns << column;
        }
        if (!shape.returnedColumns.isEmpty())
            shape.sql += returning(shape.returnedColumns);
    } else if (kind == Complete) {
        QStringList assignments;
        for (int column : columns)
            assignments << name(column) + QStringLiteral(" = ?");
        shape.sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                        .arg(m_sql.table(table), assignments.join(QStringLiteral(", ")),
                             m_sql.keyEquals(table));
    } else {
        shape.sql = QStringLiteral("DELETE FROM %1 WHERE %2").arg(m_sql.table(table), where);
    }
    return *m_shapes.insert(key, shape);
}

Statement StatementShapes::insertStatement(const FlushPlan::Write &write, const KeyOf &keyOf) {
    const Shape &s = shape(Insert, write.record->table(), write.columns);
    Statement statement{s.sql, {}, s.returnedColumns, s.lastInsertIdColumn};
    statement.binds.reserve(write.columns.size());
    for (int column : write.columns)
        statement.binds << valueFor(write, column, keyOf);
    return statement;
}

Statement StatementShapes::updateStatement(const FlushPlan::Write &write, const KeyOf &keyOf) {
    const Table &table = write.record->table();
    const Shape &s = shape(Update, table, write.columns);
    Statement statement{s.sql, {}, s.returnedColumns, -1};
    statement.binds.reserve(write.columns.size() + table.columnCount());
    for (int column : write.columns)
        statement.binds << valueFor(write, column, keyOf);
    bindUnchanged(write.record, &statement.binds);
    return statement;
}

Statement StatementShapes::completionStatement(const FlushPlan::Write &write,
                                               const QVariantList &insertedRow,
                                               const KeyOf &keyOf) {
    const Table &table = write.record->table();
    const Shape &s = shape(Complete, table, write.columns);
    Statement statement{s.sql, {}, {}, -1};
    for (int column : write.columns)
        statement.binds << valueFor(write, column, keyOf);
    for (int column : table.primaryKeyColumns())
        statement.binds << insertedRow.value(column);
    return statement;
}

Statement StatementShapes::deleteStatement(const RecordPtr &record) {
    const Shape &s = shape(Delete, record->table(), {});
    Statement statement{s.sql, {}, {}, -1};
    statement.binds.reserve(record->table().columnCount());
    bindUnchanged(record, &statement.binds);
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
