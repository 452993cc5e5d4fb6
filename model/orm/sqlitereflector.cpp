// Reads an SQLite schema through its pragmas, joined with pragma_table_list so that each kind of
// fact costs one statement however many tables there are. Nothing here writes: pragmas that read
// leave the file byte-identical.
#include "collatedkey.h"
#include "schemabuilder.h"
#include "sqlitetriggers.h"
#include "typemapping.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

// FROM the user's tables and views of the main schema (as `t`), joined with table-valued pragmas
// over each. SQLite's own tables (sqlite_sequence, sqlite_stat1) and the shadow tables behind
// virtual tables are not the user's.
QString fromUserTables(const char *joinedPragmas = nullptr) {
    QString sql = QStringLiteral("FROM pragma_table_list AS t");
    if (joinedPragmas)
        sql += QStringLiteral(", ") + QLatin1String(joinedPragmas);
    return sql + QStringLiteral(" WHERE t.schema = 'main' AND t.type IN ('table', 'view', "
                                "'virtual') AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
}

OnDelete actionFrom(const QString &text) {
    const QString action = text.toUpper();
    if (action == QLatin1String("CASCADE"))
        return OnDelete::Cascade;
    if (action == QLatin1String("SET NULL"))
        return OnDelete::SetNull;
    if (action == QLatin1String("SET DEFAULT"))
        return OnDelete::SetDefault;
    if (action == QLatin1String("RESTRICT"))
        return OnDelete::Restrict;
    return OnDelete::NoAction;
}

struct TableInfo {
    QString name;
    QString type; ///< table, view, virtual
    bool withoutRowid = false;
    bool strict = false;
};

struct ColumnRow {
    QString name;
    QString type;
    bool notNull = false;
    QVariant defaultValue;
    int keyPosition = 0; ///< 1-based position in the primary key, 0: not in it
    int hidden = 0;      ///< 0 plain, 1 hidden (virtual tables), 2/3 generated
};

Column columnFrom(const ColumnRow &row) {
    Column column;
    column.name = row.name;
    column.declaredType = row.type;
    column.type = typemapping::fromSqlite(row.type);
    column.nullable = !row.notNull;
    if (!row.defaultValue.isNull())
        column.defaultExpression = row.defaultValue.toString();
    column.generated = row.hidden == 2 || row.hidden == 3;
    if (column.generated)
        column.readOnlyReason = tr("computed by the database");
    if (row.hidden == 1) {
        column.hidden = true;
        column.readOnlyReason = tr("a hidden column of a virtual table");
    }
    return column;
}

/// Columns of every table in one statement; when a view no longer compiles, SQLite fails the whole
/// statement, so each table is then read on its own and the broken ones are left out.
bool readColumns(const QSqlDatabase &database, SchemaBuilder &builder,
                 const QList<TableInfo> &tables, QHash<QString, QList<ColumnRow>> *columns) {
    const auto readRow = [](const QSqlQuery &query, int first) {
        ColumnRow row;
        row.name = query.value(first).toString();
        row.type = query.value(first + 1).toString();
        row.notNull = query.value(first + 2).toInt() != 0;
        row.defaultValue = query.value(first + 3);
        row.keyPosition = query.value(first + 4).toInt();
        row.hidden = query.value(first + 5).toInt();
        return row;
    };
    QSqlQuery all(database);
    if (builder.run(all,
                    QStringLiteral("SELECT t.name, c.name, c.type, c.\"notnull\", c.dflt_value, "
                                   "c.pk, c.hidden %1 ORDER BY t.name, c.cid")
                        .arg(fromUserTables("pragma_table_xinfo(t.name, 'main') AS c")),
                    nullptr)) {
        while (all.next())
            (*columns)[all.value(0).toString()].append(readRow(all, 1));
        return true;
    }
    for (const TableInfo &table : tables) {
        QSqlQuery one(database);
        one.prepare(QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                                   "FROM pragma_table_xinfo(?, 'main')"));
        one.addBindValue(table.name);
        builder.countQuery();
        if (!one.exec()) {
            builder.notice(tr("%1: cannot be read (%2); it is left out")
                               .arg(table.name, one.lastError().databaseText()));
            continue;
        }
        QList<ColumnRow> &rows = (*columns)[table.name];
        while (one.next())
            rows.append(readRow(one, 0));
    }
    return true;
}

/// SQLite tables without a declared key are edited through their rowid, under the first of its
/// three names that no column hides.
void addRowidKey(Table &table) {
    for (const char *name : {"rowid", "_rowid_", "oid"}) {
        if (table.columnIndex(QLatin1String(name)) >= 0)
            continue;
        Column column = Column::integer(QLatin1String(name));
        column.hidden = true;
        column.autoIncrement = true;
        column.nullable = false;
        column.readOnlyReason = tr("SQLite's row number (VACUUM may renumber it)");
        table.setPrimaryKey({table.addColumn(column)});
        return;
    }
    table.setReadOnly(tr("it has no primary key, and its columns hide SQLite's rowid"));
}

/// SQLite compares a reference with its parent key by the parent key's collation: a child's
/// 'alfki' refers to a NOCASE parent's 'ALFKI'. Such reference columns are compared so when
/// Shelf looks for the rows that refer to a parent (its delete preview, the related rows).
void followParentCollations(SchemaBuilder &builder,
                            const QList<SchemaBuilder::NamedForeignKey> &keys) {
    for (const SchemaBuilder::NamedForeignKey &key : keys) {
        Table *child = builder.table(key.table);
        const Table *parent = builder.table(key.targetTable);
        if (!child || !parent)
            continue;
        QStringList targets = key.targetColumns;
        if (targets.isEmpty()) {
            for (int column : parent->primaryKeyColumns())
                targets.append(parent->column(column).name);
        }
        if (targets.size() != key.columns.size())
            continue; // left out with a notice when the schema is finished
        for (qsizetype i = 0; i < targets.size(); ++i) {
            const int from = child->columnIndex(key.columns.at(i));
            const int to = parent->columnIndex(targets.at(i));
            if (from >= 0 && to >= 0 && !parent->column(to).collation.isEmpty())
                child->editColumn(from).referenceCollation = parent->column(to).collation;
        }
    }
}

} // namespace

bool reflectSqlite(const QSqlDatabase &database, SchemaBuilder &builder, QString *error) {
    builder.setUnresolvedKeysBlockWrites(true);
    QList<TableInfo> tables;
    QSqlQuery list(database);
    if (!builder.run(list,
                     QStringLiteral("SELECT t.name, t.type, t.wr, t.strict %1 ORDER BY t.name")
                         .arg(fromUserTables()),
                     error))
        return false;
    while (list.next())
        tables.append({list.value(0).toString(), list.value(1).toString(),
                       list.value(2).toInt() != 0, list.value(3).toInt() != 0});

    QHash<QString, QList<ColumnRow>> columns;
    readColumns(database, builder, tables, &columns);

    // Each table's triggers and the writes they fire on (their statements say, no pragma does)
    QHash<QString, TriggerEvents> withTriggers;
    QSqlQuery triggers(database);
    if (builder.run(triggers,
                    QStringLiteral("SELECT tbl_name, sql FROM sqlite_schema "
                                   "WHERE type = 'trigger'"),
                    nullptr)) {
        while (triggers.next())
            withTriggers[triggers.value(0).toString()] |=
                sqliteTriggerEvent(triggers.value(1).toString());
    }

    for (const TableInfo &info : std::as_const(tables)) {
        const auto found = columns.constFind(info.name);
        if (found == columns.constEnd())
            continue; // could not be read: a notice says so
        Table &table = builder.addTable(info.name);
        QList<QPair<int, int>> keyOrder; // (position in key, column index)
        for (const ColumnRow &row : found.value()) {
            const int index = table.addColumn(columnFrom(row));
            if (row.keyPosition > 0)
                keyOrder.append({row.keyPosition, index});
        }
        std::sort(keyOrder.begin(), keyOrder.end());
        QList<int> key;
        for (const auto &[position, index] : std::as_const(keyOrder))
            key.append(index);
        if (const auto found = withTriggers.constFind(info.name); found != withTriggers.cend())
            table.setTriggers(*found);
        if (info.type == QLatin1String("view")) {
            table.setView(true);
            table.setReadOnly(tr("a view"));
            continue;
        }
        if (info.type == QLatin1String("virtual")) {
            table.setReadOnly(tr("a virtual table"));
            continue;
        }
        if (key.isEmpty()) {
            addRowidKey(table);
            continue;
        }
        table.setPrimaryKey(key);
        // INTEGER PRIMARY KEY (exactly that type) of a rowid table is the rowid: SQLite assigns it
        // and it is never NULL; a WITHOUT ROWID table's key is NOT NULL too. (Other keys of rowid
        // tables may hold NULL, as SQLite has always allowed.)
        const bool rowidAlias =
            key.size() == 1 && !info.withoutRowid &&
            table.column(key.first())
                    .declaredType.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
        if (rowidAlias)
            table.editColumn(key.first()).autoIncrement = true;
        if (rowidAlias || info.withoutRowid) {
            for (int column : std::as_const(key))
                table.editColumn(column).nullable = false;
        }
    }

    QSqlQuery keys(database);
    if (!builder.run(keys,
                     QStringLiteral("SELECT t.name, f.id, f.\"table\", f.\"from\", f.\"to\", "
                                    "f.on_update, f.on_delete %1 AND t.type = 'table' "
                                    "ORDER BY t.name, f.id, f.seq")
                         .arg(fromUserTables("pragma_foreign_key_list(t.name, 'main') AS f")),
                     error))
        return false;
    SchemaBuilder::NamedForeignKey current;
    QList<SchemaBuilder::NamedForeignKey> named;
    int currentId = -1;
    const auto flush = [&] {
        if (!current.table.isEmpty()) {
            builder.addForeignKey(current);
            named.append(current);
        }
        current = {};
    };
    while (keys.next()) {
        const QString table = keys.value(0).toString();
        const int id = keys.value(1).toInt();
        if (table != current.table || id != currentId) {
            flush();
            current.table = table;
            currentId = id;
            current.targetTable = keys.value(2).toString();
            current.onUpdate = actionFrom(keys.value(5).toString());
            current.onDelete = actionFrom(keys.value(6).toString());
        }
        current.columns.append(keys.value(3).toString());
        // `REFERENCES parent` without columns refers to the parent's primary key: "to" is NULL.
        if (!keys.value(4).isNull())
            current.targetColumns.append(keys.value(4).toString());
    }
    flush();

    QSqlQuery unique(database);
    if (builder.run(unique,
                    QStringLiteral("SELECT t.name, il.name, ii.name, ii.coll %1 AND t.type = "
                                   "'table' AND il.\"unique\" AND NOT il.partial AND ii.key "
                                   "ORDER BY t.name, il.name, ii.seqno")
                        .arg(fromUserTables("pragma_index_list(t.name, 'main') AS il, "
                                            "pragma_index_xinfo(il.name, 'main') AS ii")),
                    nullptr)) {
        QHash<QPair<QString, QString>, UniqueKey> found;
        QList<QPair<QString, QString>> order;
        QSet<QPair<QString, QString>> onExpressions;
        while (unique.next()) {
            const QPair<QString, QString> id{unique.value(0).toString(),
                                             unique.value(1).toString()};
            Table *table = builder.table(id.first);
            if (!table)
                continue;
            if (!found.contains(id))
                order.append(id);
            UniqueKey &key = found[id];
            key.name = id.second;
            // An index on an expression has no column name: it makes no unique key of columns.
            const int column =
                unique.value(2).isNull() ? -1 : table->columnIndex(unique.value(2).toString());
            if (column < 0)
                onExpressions.insert(id);
            key.columns.append(column);
            // The collation a unique column compares by, which its references follow
            const QString collation = unique.value(3).toString().toUpper();
            if (column >= 0 && collated::folds(collation))
                table->editColumn(column).collation = collation;
        }
        for (const auto &id : std::as_const(order)) {
            if (onExpressions.contains(id))
                continue;
            Table *table = builder.table(id.first);
            const UniqueKey &key = found.value(id);
            if (key.columns == table->primaryKeyColumns())
                continue;
            table->addUniqueKey(key);
            if (key.columns.size() == 1)
                table->editColumn(key.columns.first()).unique = true;
        }
    }
    followParentCollations(builder, named);
    return true;
}

} // namespace orm
