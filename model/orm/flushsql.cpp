#include "flushsql.h"

#include "record.h"
#include "values.h"

#include <algorithm>

namespace orm {

namespace {

const QString PlaceholderPrefix = QStringLiteral("\u0001shelf-placeholder:");
enum Kind { Insert, Update, Delete, DeleteBatch };

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

/// A table whose rows refer to rows of the same table: its deletes go one by one, in the order the
/// planner chose (an ON DELETE action between two rows of one statement is not worth the doubt).
bool refersToItself(const Table &table) {
    for (const ForeignKey &key : table.foreignKeys()) {
        if (key.targetTable == table.name())
            return true;
    }
    return false;
}

} // namespace

const StatementShapes::Shape &StatementShapes::shape(int kind, const Table &table,
                                                     const QList<int> &columns, int rows) {
    if (m_lastShape && kind == m_lastKind && &table == m_lastTable && rows == m_lastRows &&
        columns == m_lastColumns)
        return *m_lastShape;
    m_lastKind = kind;
    m_lastTable = &table;
    m_lastColumns = columns;
    m_lastRows = rows;
    m_lastShape = &lookupShape(kind, table, columns, rows);
    return *m_lastShape;
}

const StatementShapes::Shape &StatementShapes::lookupShape(int kind, const Table &table,
                                                           const QList<int> &columns, int rows) {
    QByteArray key;
    key.reserve(24 + columns.size());
    const Table *tableAddress = &table;
    key.append(char(kind))
        .append(reinterpret_cast<const char *>(&tableAddress), sizeof(tableAddress))
        .append(reinterpret_cast<const char *>(&rows), sizeof(rows));
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
        QStringList names;
        for (int column : columns)
            names << name(column);
        // Only what the database fills is read back: a key the user gave is known already.
        QList<int> omitted;
        for (int column = 0; column < table.columnCount(); ++column) {
            if (!columns.contains(column))
                omitted << column;
        }
        shape.sql = names.isEmpty()
                        ? QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(m_sql.table(table))
                        : QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                              .arg(m_sql.table(table), names.join(QStringLiteral(", ")),
                                   StatementBuilder::valueRows(columns.size(), rows));
        if (keyFromLastInsertId(d, table, omitted)) {
            shape.lastInsertIdColumn = omitted.first();
        } else if (!omitted.isEmpty()) {
            shape.returnedColumns = omitted;
            shape.sql += returning(omitted);
        }
        // Which RETURNING row belongs to which record? PostgreSQL does not promise that RETURNING
        // gives the rows of a multi-row VALUES list in list order. What does hold is what
        // SQLAlchemy 2.0's insertmanyvalues relies on for a server-generated integer key (its
        // "sentinel"): the rows are inserted in the order of the VALUES list (a VALUES scan
        // feeding the INSERT has no other order), and the identity's nextval() gives increasing
        // values within one session, so the generated keys, sorted, are in list order whatever
        // order RETURNING sends them in. Shapes without such a key and with something to read
        // back (a database default beside a key the user gave) go a row at a time.
        const int key = table.primaryKey();
        if (key >= 0 && omitted.contains(key) && table.column(key).autoIncrement &&
            table.column(key).type == ColumnType::Integer)
            shape.orderColumn = int(omitted.indexOf(key));
        shape.batchable = d.writeBatchRows() > 1 && !names.isEmpty() &&
                          (omitted.isEmpty() || shape.orderColumn >= 0);
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
    } else if (kind == Delete) {
        shape.sql = QStringLiteral("DELETE FROM %1 WHERE %2").arg(m_sql.table(table), where);
    } else {
        shape.returnedColumns = table.primaryKeyColumns();
        shape.sql = QStringLiteral("DELETE FROM %1 WHERE %2")
                        .arg(m_sql.table(table), StatementBuilder::anyRow(where, rows)) +
                    returning(shape.returnedColumns);
    }
    return *m_shapes.insert(key, shape);
}

Statement StatementShapes::insertStatement(const FlushPlan::Write &write, const KeyOf &keyOf) {
    const Shape &s = shape(Insert, write.record->table(), write.columns);
    Statement statement{s.sql, {}, s.returnedColumns, s.lastInsertIdColumn, -1};
    statement.binds.reserve(write.columns.size());
    for (int column : write.columns)
        statement.binds << valueFor(write, column, keyOf);
    return statement;
}

Statement StatementShapes::updateStatement(const FlushPlan::Write &write, const KeyOf &keyOf) {
    const Table &table = write.record->table();
    const Shape &s = shape(Update, table, write.columns);
    Statement statement{s.sql, {}, s.returnedColumns, -1, -1};
    statement.binds.reserve(write.columns.size() + table.columnCount());
    for (int column : write.columns)
        statement.binds << valueFor(write, column, keyOf);
    bindUnchanged(write.record, &statement.binds);
    return statement;
}

Statement StatementShapes::deleteStatement(const RecordPtr &record) {
    const Shape &s = shape(Delete, record->table(), {});
    Statement statement{s.sql, {}, {}, -1, -1};
    statement.binds.reserve(record->table().columnCount());
    bindUnchanged(record, &statement.binds);
    return statement;
}

qsizetype StatementShapes::insertBatchRows(const FlushPlan::Write &write) {
    if (m_dialect.writeBatchRows() <= 1 || write.columns.isEmpty() ||
        !shape(Insert, write.record->table(), write.columns).batchable)
        return 1;
    return std::clamp<qsizetype>(m_dialect.maximumParameters() / write.columns.size(), 1,
                                 m_dialect.writeBatchRows());
}

Statement StatementShapes::insertBatch(const std::vector<const FlushPlan::Write *> &writes,
                                       const KeyOf &keyOf) {
    const FlushPlan::Write &first = *writes.front();
    const Shape &s = shape(Insert, first.record->table(), first.columns, int(writes.size()));
    Statement statement{s.sql, {}, s.returnedColumns, -1, s.orderColumn};
    statement.binds.reserve(qsizetype(writes.size()) * first.columns.size());
    for (const FlushPlan::Write *write : writes) {
        for (int column : write->columns)
            statement.binds << valueFor(*write, column, keyOf);
    }
    return statement;
}

qsizetype StatementShapes::deleteBatchRows(const Table &table) const {
    if (m_dialect.writeBatchRows() <= 1 || table.primaryKeyColumns().isEmpty() ||
        refersToItself(table))
        return 1;
    return std::clamp<qsizetype>(m_dialect.maximumParameters() / table.columnCount(), 1,
                                 m_dialect.writeBatchRows());
}

Statement StatementShapes::deleteBatch(const RecordList &records) {
    const Table &table = records.first()->table();
    const Shape &s = shape(DeleteBatch, table, {}, int(records.size()));
    Statement statement{s.sql, {}, s.returnedColumns, -1, -1};
    statement.binds.reserve(records.size() * table.columnCount());
    for (const RecordPtr &record : records)
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
