#pragma once

#include "metadata.h"
#include "reflect.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

namespace orm {

/// Collects what a dialect's reflector reads from the catalog — tables, columns, keys, foreign
/// keys by name — and turns it into finalized Metadata: foreign keys are checked against their
/// targets (a missing table, columns that are not a unique key, a count that does not match) and
/// left out with a notice when the database itself could not use them; the rest become
/// relationships that follow the database's declared actions (docs/contract.md §7 rule 2).
class SchemaBuilder {
public:
    SchemaBuilder();

    /// Adds a table; `qualifiedName` is what Shelf calls it ("Order Details", "sales.orders").
    Table &addTable(const QString &qualifiedName);
    Table *table(const QString &qualifiedName) { return m_tables.value(qualifiedName); }

    /// A foreign key by column names, checked when the schema is finished.
    struct NamedForeignKey {
        QString table;
        QStringList columns;
        QString targetTable;
        QStringList targetColumns; ///< empty: the target's primary key
        OnDelete onDelete = OnDelete::NoAction;
        ReferentialAction onUpdate = ReferentialAction::NoAction;
        bool deferrable = false;
        bool initiallyDeferred = false;
        QString name;
    };
    void addForeignKey(const NamedForeignKey &key) { m_foreignKeys.append(key); }

    /// Something the user should know about the schema ("orders_v: a view").
    void notice(const QString &text) { m_result.notices.append(text); }
    void countQuery() { ++m_result.catalogQueries; }
    /// `partition` is listed and edited as `table` (a partition of it, at any level).
    void partition(const QString &partition, const QString &table) {
        m_result.partitionOf.insert(partition, table);
    }
    /// Runs one catalog query, counted; false with the reason in `error` when it fails.
    bool run(QSqlQuery &query, const QString &sql, QString *error);

    /// SQLite refuses every write to a table with a foreign key it cannot resolve ("foreign key
    /// mismatch"): such tables are then read-only. PostgreSQL never holds such keys.
    void setUnresolvedKeysBlockWrites(bool block) { m_unresolvedKeysBlockWrites = block; }

    /// Checks foreign keys, adds relationships and finalizes.
    Reflection finish();

private:
    bool resolve(const NamedForeignKey &named, ForeignKey *key, QString *problem) const;
    void addRelationships();

    std::unique_ptr<Metadata> m_metadata;
    QHash<QString, Table *> m_tables;
    QList<NamedForeignKey> m_foreignKeys;
    Reflection m_result;
    bool m_unresolvedKeysBlockWrites = false;
};

/// The dialects' readers (sqlitereflector.cpp, postgresreflector.cpp). False with `error` when
/// the schema cannot be read at all.
bool reflectSqlite(const QSqlDatabase &database, SchemaBuilder &builder, QString *error);
bool reflectPostgres(const QSqlDatabase &database, SchemaBuilder &builder, QString *error);

} // namespace orm
