#include "flushsql.h"

#include "copytext.h"
#include "record.h"
#include "sessioninternals.h"
#include "values.h"

#include <QSet>

#include <algorithm>

namespace orm {

namespace {

const QString PlaceholderPrefix = QStringLiteral("\u0001shelf-placeholder:");
enum Kind { Insert, Update, Delete, DeleteBatch, UpdateBatch, Complete, Lock, Copy };

QVariant valueFor(const FlushPlan::Write &write, int column, const KeyOf &keyOf) {
    if (!write.awaitedColumns().isEmpty()) { // (awaitingKeys() makes a list: asked only then)
        for (const AwaitedKey &awaited : write.awaitingKeys()) {
            if (awaited.column == column)
                return keyOf(awaited);
        }
    }
    return write.value(column);
}

/// SQLite gives a rowid key as the last insert id, cheaper than RETURNING (which buffers rows).
bool keyFromLastInsertId(const Dialect &dialect, const Table &table, const QList<int> &omitted) {
    return !dialect.returnsInsertedRows() && omitted.size() == 1 &&
           omitted.first() == table.primaryKey() && table.column(omitted.first()).autoIncrement;
}

} // namespace

// Such a table's deletes go one by one, in the order the planner chose (an ON DELETE action
// between two rows of one statement is not worth the doubt).
bool refersToItself(const Table &table) {
    for (const ForeignKey &key : table.foreignKeys()) {
        if (key.targetTable == table.name())
            return true;
    }
    return false;
}

template <class F>
void StatementShapes::forEachUnchanged(const Table &table, F f) {
    for (int column : table.primaryKeyColumns())
        f(column);
    for (int column = 0; column < table.columnCount(); ++column) {
        if (!table.isKeyColumn(column))
            f(column);
    }
}

void StatementShapes::bindUnchanged(const Record &record, QVariantList *binds) const {
    forEachUnchanged(record.table(),
                     [&](int column) { binds->append(storedValue(record, column)); });
}

QVariant StatementShapes::storedValue(const Record &record, int column) const {
    if (m_followed && !m_followed->isEmpty()) {
        const auto followed = m_followed->constFind(&record);
        if (followed != m_followed->cend())
            return followed->at(column);
    }
    return record.storedValue(column);
}

Key StatementShapes::storedKey(const Record &record) const {
    if (m_followed && !m_followed->isEmpty()) {
        const auto followed = m_followed->constFind(&record);
        if (followed != m_followed->cend())
            return Key::ofRow(record.table(), *followed);
    }
    return record.storedKey();
}

Statement StatementShapes::lockStatement(const RecordPtr &record) {
    const Shape &s = shape(Lock, record->table(), {});
    Statement statement{s.sql, {}, {}, -1, -1};
    statement.binds.reserve(record->table().columnCount());
    bindUnchanged(*record, &statement.binds);
    return statement;
}

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
    key.reserve(24 + columns.size() * qsizetype(sizeof(int)));
    const Table *tableAddress = &table;
    key.append(char(kind))
        .append(reinterpret_cast<const char *>(&tableAddress), sizeof(tableAddress))
        .append(reinterpret_cast<const char *>(&rows), sizeof(rows));
    // Each column whole: a byte each made column 256 of a wide table column 0's shape
    for (int column : columns)
        key.append(reinterpret_cast<const char *>(&column), sizeof(column));
    auto found = m_shapes.constFind(key);
    if (found != m_shapes.constEnd())
        return *found;

    const Dialect &d = m_dialect;
    auto name = [&](int column) { return d.quote(table.column(column).name); };
    // Rule 12: the row must still be what the session loaded, key and every other column.
    QStringList unchanged{m_sql.keyEquals(table)};
    for (int column = 0; column < table.columnCount(); ++column) {
        if (!table.isKeyColumn(column))
            unchanged << d.nullSafeEquals(table.column(column));
    }
    const QString where = unchanged.join(QStringLiteral(" AND "));
    const auto returning = [&](const QList<int> &returned) {
        QStringList names;
        for (int column : returned)
            names << d.selectColumn(table.column(column));
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
        // Which RETURNING row belongs to which record? PostgreSQL does not promise RETURNING
        // rows in VALUES order. SQLAlchemy 2.0's insertmanyvalues, for a server-generated integer
        // key, writes `INSERT … SELECT p0, … FROM (VALUES (…, 0), (…, 1)) AS imp_sen(p0, …,
        // sen_counter) ORDER BY sen_counter RETURNING id`, so that the identity values are drawn
        // in parameter order, and sorts the returned rows by that key. Shelf sorts by the key the
        // same way, but keeps the plain `INSERT … VALUES (…), (…)`: there each parameter takes its
        // target column's type, where the SELECT form needs a cast rendered per column (a text
        // cast cannot fill a reflected enum or domain column), and a VALUES list directly under
        // an INSERT is one Values Scan, read in list order, with nothing to reorder it. With
        // nextval() increasing within the session, the generated keys sorted ascending are the
        // rows in list order. Shapes without such a key and with something to read back (a
        // database default beside a key the user gave) go a row at a time.
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
        shape.boundColumns = columns;
        forEachUnchanged(table, [&](int column) { shape.boundColumns.append(column); });
    } else if (kind == Complete) {
        QStringList assignments;
        for (int column : columns)
            assignments << name(column) + QStringLiteral(" = ?");
        shape.sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                        .arg(m_sql.table(table), assignments.join(QStringLiteral(", ")),
                             m_sql.keyEquals(table));
    } else if (kind == UpdateBatch) {
        // Each row's new values picked by its key: `"c" = CASE WHEN "id" = ? THEN ? … ELSE "c"
        // END`. The ELSE gives the CASE the column's type, so every value parameter takes it, as
        // in a one-row UPDATE (no cast to render); the WHERE finds each row unchanged (rule 12).
        QStringList assignments;
        const QString when =
            QStringLiteral(" WHEN ") + m_sql.keyEquals(table) + QStringLiteral(" THEN ?");
        for (int column : columns) {
            QString choice = QStringLiteral("CASE");
            choice.reserve(16 + rows * when.size());
            for (int row = 0; row < rows; ++row)
                choice += when;
            assignments << name(column) + QStringLiteral(" = ") + choice +
                               QStringLiteral(" ELSE ") + name(column) + QStringLiteral(" END");
        }
        shape.returnedColumns = table.primaryKeyColumns();
        for (int column = 0; column < table.columnCount(); ++column) {
            if (table.column(column).generated)
                shape.returnedColumns << column;
        }
        shape.sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                        .arg(m_sql.table(table), assignments.join(QStringLiteral(", ")),
                             StatementBuilder::anyRow(where, rows)) +
                    returning(shape.returnedColumns);
    } else if (kind == Copy) {
        QStringList names;
        for (int column : columns)
            names << name(column);
        shape.sql = QStringLiteral("COPY %1 (%2) FROM STDIN")
                        .arg(m_sql.table(table), names.join(QStringLiteral(", ")));
    } else if (kind == Delete) {
        shape.sql = QStringLiteral("DELETE FROM %1 WHERE %2").arg(m_sql.table(table), where);
    } else if (kind == Lock) {
        shape.sql = QStringLiteral("SELECT 1 FROM %1 WHERE %2").arg(m_sql.table(table), where) +
                    d.lockRowsClause();
    } else {
        // Found by key alone, every column returned: the executor compares what comes back with
        // the stored values (rule 12), where OR-ed "row unchanged" conditions cost the server a
        // plan that grows faster than the batch (2 ms a statement of 200 rows on PostgreSQL 15,
        // more than the rest of a 10,000-row delete).
        shape.returnedColumns = table.primaryKeyColumns();
        for (int column = 0; column < table.columnCount(); ++column) {
            if (!table.isKeyColumn(column))
                shape.returnedColumns << column;
        }
        shape.sql = QStringLiteral("DELETE FROM %1 WHERE %2")
                        .arg(m_sql.table(table), m_sql.in(table, table.primaryKeyColumns(), rows)) +
                    returning(shape.returnedColumns);
    }
    return *m_shapes.insert(key, shape);
}

Statement StatementShapes::insertShape(const FlushPlan::Write &write) {
    return insertShape(write.record->table(), write.columns());
}

Statement StatementShapes::insertShape(const Table &table, const QList<int> &columns) {
    const Shape &s = shape(Insert, table, columns);
    return Statement{s.sql, {}, s.returnedColumns, s.lastInsertIdColumn, -1};
}

Statement StatementShapes::insertStatement(const FlushPlan::Write &write, const KeyOf &keyOf) {
    Statement statement = insertShape(write);
    statement.binds.reserve(write.columns().size());
    for (int column : write.columns())
        statement.binds << valueFor(write, column, keyOf);
    return statement;
}

Statement StatementShapes::updateStatement(const FlushPlan::Write &write, const KeyOf &keyOf) {
    const Table &table = write.record->table();
    const Shape &s = shape(Update, table, write.columns());
    Statement statement{s.sql, {}, s.returnedColumns, -1, -1};
    statement.binds.reserve(write.columns().size() + table.columnCount());
    for (int column : write.columns())
        statement.binds << valueFor(write, column, keyOf);
    bindUnchanged(*write.record, &statement.binds);
    return statement;
}

RowCells StatementShapes::updateCells(const FlushPlan::Write &write, const KeyOf &keyOf,
                                      Statement *statement) {
    if (m_followed && m_followed->contains(write.record.get()))
        return {};
    const Shape &s = shape(Update, write.record->table(), write.columns());
    RowCells cells = SessionInternals::valuesOf(*write.record).storedRowCells(s.boundColumns);
    if (cells.isEmpty())
        return {};
    // The values it sets are the record's staged ones: given, in front of the stored cells (a
    // text the record keeps as Latin-1 by its bytes)
    const QList<int> &columns = write.columns();
    const bool awaits = !write.awaitedColumns().isEmpty();
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const int column = columns.at(i);
        if (const std::optional<QLatin1StringView> text =
                awaits ? std::nullopt : write.stagedText(column))
            cells.givenText.emplace_back(i, *text);
        else
            cells.given.emplace_back(i, valueFor(write, column, keyOf));
    }
    *statement = Statement{s.sql, {}, s.returnedColumns, -1, -1};
    return cells;
}

Statement StatementShapes::completionStatement(const FlushPlan::Write &write,
                                               const QVariantList &insertedRow,
                                               const KeyOf &keyOf) {
    const Table &table = write.record->table();
    const Shape &s = shape(Complete, table, write.columns());
    Statement statement{s.sql, {}, {}, -1};
    for (int column : write.columns())
        statement.binds << valueFor(write, column, keyOf);
    for (int column : table.primaryKeyColumns())
        statement.binds << insertedRow.value(column);
    return statement;
}

Statement StatementShapes::deleteStatement(const RecordPtr &record) {
    const Shape &s = shape(Delete, record->table(), {});
    Statement statement{s.sql, {}, {}, -1, -1};
    statement.binds.reserve(record->table().columnCount());
    bindUnchanged(*record, &statement.binds);
    return statement;
}

namespace {

/// A row whose foreign key waits for the new key of a row in the batch must wait for the batch
/// (a child inserted with its parent into a self-referencing table).
bool awaitsAny(const FlushPlan::Write &write, const QSet<const Record *> &batch) {
    for (const auto &awaited : write.awaitingKeys()) {
        if (batch.contains(awaited.parent.get()))
            return true;
    }
    return false;
}

} // namespace

std::vector<StatementGroup> StatementShapes::groups(const FlushPlan &plan, bool batching,
                                                    std::size_t keep, std::size_t *more) {
    std::vector<StatementGroup> groups;
    if (more)
        *more = 0;
    // Past `keep`, a group is only counted: the SQL preview of a million-row import lists 500
    // statements, and held a group for each row (88 MB) to count the rest
    forEachGroup(plan, batching, [&](StatementGroup &&group) {
        if (groups.size() < keep)
            groups.push_back(std::move(group));
        else if (more)
            ++*more;
        return true;
    });
    return groups;
}

bool StatementShapes::forEachGroup(const FlushPlan &plan, bool batching,
                                   const std::function<bool(StatementGroup &&)> &visit) {
    const std::vector<FlushPlan::Write> &writes = plan.writes;
    for (std::size_t i = 0; i < writes.size();) {
        const FlushPlan::Write &write = writes[i];
        if (write.completesInsert()) { // found by the key its INSERT got: always alone
            if (!visit({StatementGroup::Complete, {&write}, {}}))
                return false;
            ++i;
        } else if (!batching || write.freesDelete()) { // a freeing UPDATE reads its row back
            if (!visit({write.insert() ? StatementGroup::Insert : StatementGroup::Update,
                        {&write},
                        {}}))
                return false;
            ++i;
        } else if (!write.insert()) {
            // The plan orders a table's updates by key, so their column sets interleave; rows of
            // one table are independent, so they go by column set: every batch of the first
            // write's set, then of the next set not taken, each batch made as it is run (a
            // list of all 100,000 of w5's updates took 0.8 MB)
            const Table &table = write.record->table();
            const std::size_t first = i;
            for (; i < writes.size() && !writes[i].insert() && !writes[i].completesInsert() &&
                   !writes[i].freesDelete() && &writes[i].record->table() == &table;
                 ++i) {
            }
            std::vector<bool> taken(i - first);
            for (std::size_t lead = first; lead < i; ++lead) {
                if (taken[lead - first])
                    continue;
                const QList<int> &columns = writes[lead].columns();
                const auto limit = std::size_t(updateBatchRows(writes[lead]));
                StatementGroup group{StatementGroup::Update, {}, {}};
                for (std::size_t k = lead; k < i; ++k) {
                    if (taken[k - first] || writes[k].columns() != columns)
                        continue;
                    taken[k - first] = true;
                    group.writes.push_back(&writes[k]);
                    if (group.writes.size() == limit &&
                        !visit(std::exchange(group, {StatementGroup::Update, {}, {}})))
                        return false;
                }
                if (!group.writes.empty() && !visit(std::move(group)))
                    return false;
            }
        } else {
            const qsizetype limit = insertBatchRows(write);
            StatementGroup group{StatementGroup::Insert, {&write}, {}};
            QSet<const Record *> inBatch{write.record.get()};
            for (++i; i < writes.size() && group.size() < limit; ++i) {
                const FlushPlan::Write &next = writes[i];
                if (!next.insert() || &next.record->table() != &write.record->table() ||
                    next.columns() != write.columns() || awaitsAny(next, inBatch))
                    break;
                group.writes.push_back(&next);
                inBatch.insert(next.record.get());
            }
            if (!visit(std::move(group)))
                return false;
        }
    }
    const RecordList &deletes = plan.deletes;
    for (qsizetype i = 0; i < deletes.size();) {
        const Table &table = deletes.at(i)->table();
        const qsizetype limit = batching ? deleteBatchRows(table) : 1;
        qsizetype end = i + 1;
        while (end < deletes.size() && end - i < limit && &deletes.at(end)->table() == &table)
            ++end;
        if (!visit({StatementGroup::Delete, {}, deletes.mid(i, end - i)}))
            return false;
        i = end;
    }
    return true;
}

Statement StatementShapes::statementFor(const StatementGroup &group, const KeyOf &keyOf) {
    switch (group.kind) {
    case StatementGroup::Insert:
        if (group.size() == 1)
            return insertStatement(*group.writes.front(), keyOf);
        return copiesBatch(*group.writes.front()) ? copyBatch(group.writes, keyOf)
                                                  : insertBatch(group.writes, keyOf);
    case StatementGroup::Update:
        return group.size() == 1 ? updateStatement(*group.writes.front(), keyOf)
                                 : updateBatch(group.writes, keyOf);
    case StatementGroup::Complete: {
        // For the SQL preview: the key the INSERT will give the row, as keyOf() renders it.
        const FlushPlan::Write &write = *group.writes.front();
        QVariantList inserted = write.row();
        for (int column : write.record->table().primaryKeyColumns()) {
            if (inserted.at(column).isNull())
                inserted[column] = keyOf(AwaitedKey{column, write.record, column});
        }
        return completionStatement(write, inserted, keyOf);
    }
    case StatementGroup::Delete:
        break;
    }
    return group.size() == 1 ? deleteStatement(group.deletes.first()) : deleteBatch(group.deletes);
}

qsizetype StatementShapes::insertBatchRows(const FlushPlan::Write &write) {
    // A table with triggers is written a row at a time: each row is read back after its write.
    if (m_dialect.writeBatchRows() <= 1 || write.columns().isEmpty() ||
        write.record->table().hasTriggers() ||
        !shape(Insert, write.record->table(), write.columns()).batchable)
        return 1;
    // COPY streams its rows; a multi-row INSERT is built whole first (the values, the text they
    // are written into, libpq's copy of it), so it takes ValuesBatchRows at most
    const qsizetype rows = copiesBatch(write) ? m_dialect.writeBatchRows() : ValuesBatchRows;
    return std::clamp<qsizetype>(m_dialect.maximumParameters() / write.columns().size(), 1,
                                 std::min(rows, m_dialect.writeBatchRows()));
}

QVariantList StatementShapes::batchValues(const std::vector<const FlushPlan::Write *> &writes,
                                          const KeyOf &keyOf) const {
    QVariantList values;
    values.reserve(qsizetype(writes.size()) * writes.front()->columns().size());
    for (const FlushPlan::Write *write : writes) {
        for (int column : write->columns())
            values << valueFor(*write, column, keyOf);
    }
    return values;
}

Statement StatementShapes::insertBatch(const std::vector<const FlushPlan::Write *> &writes,
                                       const KeyOf &keyOf) {
    const FlushPlan::Write &first = *writes.front();
    const Shape &s = shape(Insert, first.record->table(), first.columns(), int(writes.size()));
    return {s.sql, batchValues(writes, keyOf), s.returnedColumns, -1, s.orderColumn, {}};
}

bool StatementShapes::copiesBatch(const FlushPlan::Write &write) {
    if (!m_dialect.copiesRows() || write.columns().isEmpty() ||
        write.record->table().isInsertOnly())
        return false;
    const Shape &s = shape(Insert, write.record->table(), write.columns());
    return s.returnedColumns.isEmpty() && s.lastInsertIdColumn < 0;
}

Statement StatementShapes::copyBatch(const std::vector<const FlushPlan::Write *> &writes,
                                     const KeyOf &keyOf) {
    const FlushPlan::Write &first = *writes.front();
    Statement statement = copyShape(first.record->table(), first.columns());
    statement.binds = batchValues(writes, keyOf);
    return statement;
}

Statement StatementShapes::copyShape(const Table &table, const QList<int> &columns) {
    Statement statement{shape(Copy, table, columns).sql, {}, {}, -1, -1, {}};
    statement.copyTypes.reserve(columns.size());
    for (int column : columns)
        statement.copyTypes << table.column(column).type;
    return statement;
}

qsizetype StatementShapes::keyedBatchRows() const {
    return std::min(m_dialect.writeBatchRows(), KeyedBatchRows);
}

qsizetype StatementShapes::updateBatchRows(const FlushPlan::Write &write) const {
    const Table &table = write.record->table();
    if (keyedBatchRows() <= 1 || table.primaryKeyColumns().isEmpty() || write.columns().isEmpty() ||
        refersToItself(table) || table.hasTriggers())
        return 1;
    for (int column : write.columns()) {
        if (table.isKeyColumn(column))
            return 1; // a key change goes alone: rows are found by their keys
    }
    const qsizetype perRow =
        write.columns().size() * (table.primaryKeyColumns().size() + 1) + table.columnCount();
    return std::clamp<qsizetype>(m_dialect.maximumParameters() / perRow, 1, keyedBatchRows());
}

Statement StatementShapes::updateBatch(const std::vector<const FlushPlan::Write *> &writes,
                                       const KeyOf &keyOf) {
    const FlushPlan::Write &first = *writes.front();
    const Table &table = first.record->table();
    const Shape &s = shape(UpdateBatch, table, first.columns(), int(writes.size()));
    Statement statement{s.sql, {}, s.returnedColumns, -1, -1};
    const QList<int> &keyColumns = table.primaryKeyColumns();
    statement.binds.reserve(
        qsizetype(writes.size()) *
        (first.columns().size() * (keyColumns.size() + 1) + table.columnCount()));
    for (int column : first.columns()) {
        for (const FlushPlan::Write *write : writes) {
            for (int key : keyColumns)
                statement.binds << storedValue(*write->record, key);
            statement.binds << valueFor(*write, column, keyOf);
        }
    }
    for (const FlushPlan::Write *write : writes)
        bindUnchanged(*write->record, &statement.binds);
    return statement;
}

qsizetype StatementShapes::deleteBatchRows(const Table &table) const {
    if (keyedBatchRows() <= 1 || table.primaryKeyColumns().isEmpty() || refersToItself(table))
        return 1;
    return std::clamp<qsizetype>(m_dialect.maximumParameters() / table.columnCount(), 1,
                                 keyedBatchRows());
}

Statement StatementShapes::deleteBatch(const RecordList &records) {
    const Table &table = records.first()->table();
    const Shape &s = shape(DeleteBatch, table, {}, int(records.size()));
    Statement statement{s.sql, {}, s.returnedColumns, -1, -1};
    statement.binds.reserve(records.size() * table.primaryKeyColumns().size());
    for (const RecordPtr &record : records) {
        for (int column : table.primaryKeyColumns())
            statement.binds.append(storedValue(*record, column));
    }
    return statement;
}

QVariant placeholderValue(const QString &text) {
    return PlaceholderPrefix + text;
}

namespace {

QString placeholderText(const QVariant &value) {
    if (value.typeId() != QMetaType::QString)
        return {};
    const QString text = value.toString();
    return text.startsWith(PlaceholderPrefix) ? text.mid(PlaceholderPrefix.size()) : QString();
}

/// A COPY as psql shows one: the statement, its rows, `\.` (a new key as its placeholder's text).
QString renderCopy(const Statement &statement) {
    QString out = statement.sql + QStringLiteral(";\n");
    const qsizetype columns = statement.copyTypes.size();
    for (qsizetype first = 0; first + columns <= statement.binds.size(); first += columns) {
        QByteArray line;
        for (qsizetype i = 0; i < columns; ++i) {
            if (i > 0)
                line.append('\t');
            const QVariant &value = statement.binds.at(first + i);
            const QString placeholder = placeholderText(value);
            if (!placeholder.isEmpty())
                line.append(placeholder.toUtf8());
            else if (!copytext::appendField(&line, statement.copyTypes.at(i), value))
                line.append(values::sqlLiteral(value).toUtf8()); // commit writes it with INSERT
        }
        out += QString::fromUtf8(line) + QLatin1Char('\n');
    }
    return out + QStringLiteral("\\.");
}

/// Bytes as a person reads them in the preview: SQLite's X'…' hex, the first 16 bytes and the
/// size of a longer value (a photo's bytes as text were noise, and a 50 MB one a freeze).
QString previewLiteral(const QVariant &value) {
    if (value.isNull() || value.typeId() != QMetaType::QByteArray)
        return values::sqlLiteral(value);
    constexpr qsizetype Shown = 16;
    const QByteArray bytes = value.toByteArray();
    const QString hex = QString::fromLatin1(bytes.left(Shown).toHex().toUpper());
    if (bytes.size() <= Shown)
        return QStringLiteral("X'%1'").arg(hex);
    return QStringLiteral("X'%1\u2026' /* %2 bytes */").arg(hex).arg(bytes.size());
}

} // namespace

QString renderStatement(const Statement &statement) {
    if (!statement.copyTypes.isEmpty())
        return renderCopy(statement);
    QString out;
    qsizetype next = 0;
    // A '?' inside a string literal or a quoted name ("why?") is text, and so is a quote of the
    // other kind there ("it's"): only the quote that opened one closes it (a doubled quote
    // closes and reopens it).
    QChar quote;
    for (QChar c : statement.sql) {
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            if (quote.isNull())
                quote = c;
            else if (quote == c)
                quote = QChar();
        }
        if (c == QLatin1Char('?') && quote.isNull() && next < statement.binds.size()) {
            const QVariant value = statement.binds.at(next++);
            const QString placeholder = placeholderText(value);
            out += placeholder.isEmpty() ? previewLiteral(value) : placeholder;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace orm
