// Reads a PostgreSQL schema from pg_catalog (not information_schema, which hides the constraints
// of tables the role cannot write): six statements whatever the number of tables. Only SELECTs.
#include "schemabuilder.h"
#include "typemapping.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

// Relations of every schema the role may use but the system's own; a partition is listed once,
// through its partitioned table.
const char *const kUserRelations =
    "c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
    "AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')";

OnDelete actionFrom(const QString &code) {
    switch (code.isEmpty() ? 'a' : code.at(0).toLatin1()) {
    case 'c':
        return OnDelete::Cascade;
    case 'n':
        return OnDelete::SetNull;
    case 'd':
        return OnDelete::SetDefault;
    case 'r':
        return OnDelete::Restrict;
    default:
        return OnDelete::NoAction;
    }
}

/// "{1,3}" (int2[]) or "1 3" (int2vector) as attribute numbers.
QList<int> attributeNumbers(const QString &text) {
    QList<int> numbers;
    QString list = text;
    list.remove(QLatin1Char('{')).remove(QLatin1Char('}'));
    for (const QString &part :
         list.split(QRegularExpression(QStringLiteral("[, ]")), Qt::SkipEmptyParts))
        numbers.append(part.toInt());
    return numbers;
}

struct Relation {
    QString name; ///< as Shelf shows it: plain in the current schema, else schema.name
    Table *table = nullptr;
    QHash<int, int> columnOf; ///< attribute number → column index
};

/// The writes triggers fire on, from the bits of pg_trigger.tgtype (or-ed over a table's
/// triggers): TRIGGER_TYPE_INSERT, _DELETE and _UPDATE of PostgreSQL's catalog/pg_trigger.h.
TriggerEvents triggerEvents(int tgtype) {
    TriggerEvents events;
    if (tgtype & (1 << 2))
        events |= TriggerEvent::Insert;
    if (tgtype & (1 << 3))
        events |= TriggerEvent::Delete;
    if (tgtype & (1 << 4))
        events |= TriggerEvent::Update;
    return events;
}

} // namespace

bool reflectPostgres(const QSqlDatabase &database, SchemaBuilder &builder, QString *error) {
    QHash<qint64, Relation> relations;
    QSqlQuery list(database);
    if (!builder.run(
            list,
            QStringLiteral(
                "SELECT c.oid, n.nspname, c.relname, c.relkind, n.nspname = "
                "current_schema(), has_table_privilege(c.oid, 'INSERT'), "
                "has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, "
                "'DELETE'), (SELECT bit_or(g.tgtype::int) FROM pg_trigger g WHERE g.tgrelid = "
                "c.oid AND NOT g.tgisinternal), c.relispopulated, c.relhasrules OR "
                "c.relrowsecurity, "
                // Its partitions at every level, named as Shelf would name them
                "CASE WHEN c.relkind = 'p' THEN (SELECT string_agg(CASE WHEN pn.nspname = "
                "current_schema() THEN p.relname ELSE pn.nspname || '.' || p.relname END, "
                "E'\\n') FROM pg_partition_tree(c.oid) t JOIN pg_class p ON p.oid = t.relid "
                "JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE t.level > 0) END "
                "FROM pg_class c JOIN "
                "pg_namespace n ON n.oid = "
                "c.relnamespace WHERE %1 ORDER BY n.nspname <> current_schema(), "
                "n.nspname, c.relname")
                .arg(QLatin1String(kUserRelations)),
            error))
        return false;
    QList<qint64> order;
    QHash<qint64, QString> kinds;
    QHash<qint64, bool> writable;
    QSet<qint64> unpopulated; ///< materialized views created WITH NO DATA, never refreshed
    while (list.next()) {
        const qint64 oid = list.value(0).toLongLong();
        const QString schema = list.value(1).toString();
        const QString name = list.value(2).toString();
        const bool inCurrentSchema = list.value(4).toBool();
        Relation relation;
        relation.name = inCurrentSchema ? name : schema + QLatin1Char('.') + name;
        relation.table = &builder.addTable(relation.name);
        relation.table->setSqlName(schema, name);
        if (!list.isNull(8))
            relation.table->setTriggers(triggerEvents(list.value(8).toInt()));
        relation.table->setInsertOnly(list.value(10).toBool());
        if (!list.isNull(11)) {
            for (const QString &partition : list.value(11).toString().split(QLatin1Char('\n')))
                builder.partition(partition, relation.name);
        }
        relations.insert(oid, relation);
        order.append(oid);
        kinds.insert(oid, list.value(3).toString());
        if (!list.value(9).toBool())
            unpopulated.insert(oid);
        writable.insert(oid,
                        list.value(5).toBool() || list.value(6).toBool() || list.value(7).toBool());
    }
    if (relations.isEmpty())
        return true;

    QHash<qint64, QStringList> enumLabels;
    QSqlQuery enums(database);
    if (!builder.run(enums,
                     QStringLiteral("SELECT enumtypid, enumlabel FROM pg_enum "
                                    "ORDER BY enumtypid, enumsortorder"),
                     error))
        return false;
    while (enums.next())
        enumLabels[enums.value(0).toLongLong()].append(enums.value(1).toString());

    QHash<qint64, QStringList> domainChecks;
    QSqlQuery domains(database);
    if (!builder.run(domains,
                     QStringLiteral("SELECT contypid, pg_get_constraintdef(oid) FROM pg_constraint "
                                    "WHERE contypid <> 0 AND contype = 'c' ORDER BY contypid, "
                                    "conname"),
                     error))
        return false;
    while (domains.next())
        domainChecks[domains.value(0).toLongLong()].append(domains.value(1).toString());

    // Columns: a domain is edited as its base type, with the domain's CHECKs.
    QSqlQuery columns(database);
    if (!builder.run(
            columns,
            QStringLiteral(
                "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
                "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
                "coalesce(b.typcategory, t.typcategory), coalesce(b.oid, t.oid), t.oid, "
                "CASE WHEN a.attcollation <> coalesce(b.typcollation, t.typcollation) "
                "THEN co.collname END, has_column_privilege(a.attrelid, a.attnum, 'UPDATE'), "
                "CASE WHEN b.oid IS NOT NULL THEN format_type(b.oid, t.typtypmod) END "
                "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_type t ON t.oid = a.atttypid "
                "LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype "
                "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                "WHERE a.attnum > 0 AND NOT a.attisdropped AND %1 ORDER BY a.attrelid, a.attnum")
                .arg(QLatin1String(kUserRelations)),
            error))
        return false;
    while (columns.next()) {
        auto found = relations.find(columns.value(0).toLongLong());
        if (found == relations.end())
            continue;
        Column column;
        column.name = columns.value(2).toString();
        column.declaredType = columns.value(3).toString();
        const QString baseType =
            columns.value(13).isNull() ? column.declaredType : columns.value(13).toString();
        const QString category = columns.value(8).toString();
        column.type =
            typemapping::fromPostgres(baseType, category.isEmpty() ? QChar() : category.at(0));
        column.nullable = !columns.value(4).toBool();
        column.defaultExpression = columns.value(5).toString();
        const QString identity = columns.value(6).toString();
        column.autoIncrement =
            !identity.isEmpty() || column.defaultExpression.startsWith(QLatin1String("nextval("));
        column.generated = !columns.value(7).toString().isEmpty();
        column.blankPadded = baseType.startsWith(QLatin1String("character(")) ||
                             baseType == QLatin1String("character") ||
                             baseType == QLatin1String("bpchar");
        if (column.type == ColumnType::Enum)
            column.enumLabels = enumLabels.value(columns.value(9).toLongLong());
        column.checks = domainChecks.value(columns.value(10).toLongLong());
        column.collation = columns.value(11).toString();
        if (column.generated)
            column.readOnlyReason = tr("computed by the database");
        else if (identity == QLatin1String("a"))
            column.readOnlyReason = tr("assigned by the database (GENERATED ALWAYS)");
        else if (column.type == ColumnType::Other)
            column.readOnlyReason =
                tr("Shelf cannot edit values of type %1").arg(column.declaredType);
        else if (!columns.value(12).toBool())
            column.readOnlyReason = tr("your database role may not change it");
        found->columnOf.insert(columns.value(1).toInt(), found->table->addColumn(column));
    }

    // Keys, unique and CHECK constraints, foreign keys. Constraints a partition cloned from its
    // parent's (conparentid) are the parent's, listed once.
    QSqlQuery constraints(database);
    if (!builder.run(
            constraints,
            QStringLiteral(
                "SELECT con.conrelid, con.conname, con.contype, con.conkey, con.confrelid, "
                "con.confkey, con.confupdtype, con.confdeltype, con.condeferrable, "
                "con.condeferred, pg_get_constraintdef(con.oid) FROM pg_constraint con "
                "JOIN pg_class c ON c.oid = con.conrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 AND %1 "
                "ORDER BY con.conrelid, con.contype, con.conname")
                .arg(QLatin1String(kUserRelations)),
            error))
        return false;
    while (constraints.next()) {
        auto found = relations.find(constraints.value(0).toLongLong());
        if (found == relations.end())
            continue;
        Relation &relation = found.value();
        QList<int> columnsOfKey;
        QStringList names;
        for (int number : attributeNumbers(constraints.value(3).toString())) {
            columnsOfKey.append(relation.columnOf.value(number, -1));
            names.append(columnsOfKey.last() >= 0 ? relation.table->column(columnsOfKey.last()).name
                                                  : QString());
        }
        const QString type = constraints.value(2).toString();
        // A key or check on a column the columns' read did not see (the table was altered by
        // someone else between the two catalog reads): left out, rather than pinned to column
        // -1. Without its key the table is read-only, which is safe; reflecting again sees it.
        if (type != QLatin1String("f") &&
            std::any_of(columnsOfKey.cbegin(), columnsOfKey.cend(), [](int c) { return c < 0; }))
            continue;
        if (type == QLatin1String("p")) {
            relation.table->setPrimaryKey(columnsOfKey);
        } else if (type == QLatin1String("u")) {
            relation.table->addUniqueKey({columnsOfKey, constraints.value(1).toString()});
            if (columnsOfKey.size() == 1)
                relation.table->editColumn(columnsOfKey.first()).unique = true;
        } else if (type == QLatin1String("c")) {
            const QString check = constraints.value(10).toString();
            if (columnsOfKey.size() == 1)
                relation.table->editColumn(columnsOfKey.first()).checks.append(check);
            else
                relation.table->addCheck(check);
        } else {
            const Relation target = relations.value(constraints.value(4).toLongLong());
            SchemaBuilder::NamedForeignKey key;
            key.table = relation.name;
            key.columns = names;
            key.targetTable = target.name;
            for (int number : attributeNumbers(constraints.value(5).toString())) {
                const int index = target.columnOf.value(number, -1);
                key.targetColumns.append(index >= 0 ? target.table->column(index).name : QString());
            }
            if (!target.table)
                key.targetTable = tr("a table you may not read");
            key.onUpdate = actionFrom(constraints.value(6).toString());
            key.onDelete = actionFrom(constraints.value(7).toString());
            key.deferrable = constraints.value(8).toBool();
            key.initiallyDeferred = constraints.value(9).toBool();
            key.name = constraints.value(1).toString();
            builder.addForeignKey(key);
        }
    }

    // A table without a primary key may still have a unique key of NOT NULL columns (a unique
    // index counts): it identifies one row. Otherwise no UPDATE could be sure to match one row.
    QSqlQuery indexes(database);
    if (!builder.run(indexes,
                     QStringLiteral("SELECT i.indrelid, i.indkey FROM pg_index i "
                                    "JOIN pg_class c ON c.oid = i.indrelid "
                                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    "WHERE i.indisunique AND NOT i.indisprimary AND i.indpred IS "
                                    "NULL AND i.indexprs IS NULL AND %1 ORDER BY i.indexrelid")
                         .arg(QLatin1String(kUserRelations)),
                     error))
        return false;
    while (indexes.next()) {
        auto found = relations.find(indexes.value(0).toLongLong());
        if (found == relations.end())
            continue;
        QList<int> key;
        for (int number : attributeNumbers(indexes.value(1).toString()))
            key.append(found->columnOf.value(number, -1));
        if (key.contains(-1))
            continue;
        bool listed = false;
        for (const UniqueKey &unique : found->table->uniqueKeys())
            listed = listed || unique.columns == key;
        if (!listed)
            found->table->addUniqueKey({key, QString()});
    }

    for (qint64 oid : std::as_const(order)) {
        Table &table = *relations[oid].table;
        const QString kind = kinds.value(oid);
        if (kind == QLatin1String("v") || kind == QLatin1String("m")) {
            table.setView(true);
            // Reading an unfilled materialized view is an error: say so where its empty grid is
            if (kind == QLatin1String("v"))
                table.setReadOnly(tr("a view"));
            else if (unpopulated.contains(oid)) {
                table.setUnfilled(true);
                table.setReadOnly(tr("a materialized view that has not been filled yet: "
                                     "REFRESH MATERIALIZED VIEW fills it"));
            } else
                table.setReadOnly(tr("a materialized view"));
            continue;
        }
        if (kind == QLatin1String("f")) {
            table.setReadOnly(tr("a foreign table"));
            continue;
        }
        if (table.primaryKeyColumns().isEmpty()) {
            for (const UniqueKey &unique : table.uniqueKeys()) {
                const bool notNull =
                    std::all_of(unique.columns.begin(), unique.columns.end(),
                                [&table](int column) { return !table.column(column).nullable; });
                if (notNull) {
                    table.setPrimaryKey(unique.columns);
                    break;
                }
            }
        }
        if (table.primaryKeyColumns().isEmpty())
            table.setReadOnly(
                tr("it has no primary key or unique key of NOT NULL columns, so no change could "
                   "be sure to reach exactly one row"));
        else if (!writable.value(oid))
            table.setReadOnly(tr("your database role may not change it"));
    }
    return true;
}

} // namespace orm
