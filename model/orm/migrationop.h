#pragma once

#include "tableshape.h"

#include <QSqlDatabase>
#include <QString>
#include <functional>

namespace orm {

/// One step of a schema migration, as data (Alembic's operations): what it does, on which table,
/// with what. Operations are rendered to SQL per dialect (MigrationRenderer) and applied to a
/// SchemaState to know the schema after them; they never hold SQL text except a data step's.
///
/// alterColumn() covers every change to one column — type, nullability, default, CHECK (bounds
/// and declared checks) and single-column UNIQUE — by giving the column as it must be afterwards.
struct MigrationOp {
    enum class Kind {
        CreateTable,
        DropTable,
        AddColumn,
        DropColumn,
        RenameColumn,
        AlterColumn,
        AddForeignKey,
        DropForeignKey,
        CreateIndex,
        DropIndex,
        Data, ///< SQL, or a function over the migration's connection, run between schema steps
    };
    /// A data step as code: runs inside the migration's transaction; false with `error` fails it.
    using DataFunction = std::function<bool(QSqlDatabase &database, QString *error)>;

    Kind kind = Kind::Data;
    QString table;
    TableShape shape;           ///< CreateTable: the whole table
    Column column;              ///< AddColumn, AlterColumn: the column as it is afterwards
    QString columnName;         ///< DropColumn, RenameColumn: which column
    QString newName;            ///< RenameColumn
    ForeignKeyShape foreignKey; ///< AddForeignKey, DropForeignKey (matched by its columns)
    IndexShape index;           ///< CreateIndex, DropIndex (DropIndex: by name)
    QString sql;                ///< Data as SQL
    DataFunction function;      ///< Data as code
    QString summary;            ///< Data: what it does, in words a user reads

    static MigrationOp createTable(const TableShape &shape);
    static MigrationOp dropTable(const QString &table);
    static MigrationOp addColumn(const QString &table, const Column &column);
    static MigrationOp dropColumn(const QString &table, const QString &column);
    static MigrationOp renameColumn(const QString &table, const QString &column,
                                    const QString &newName);
    static MigrationOp alterColumn(const QString &table, const Column &column);
    static MigrationOp addForeignKey(const QString &table, const ForeignKeyShape &key);
    static MigrationOp dropForeignKey(const QString &table, const QStringList &columns);
    static MigrationOp createIndex(const QString &table, const IndexShape &index);
    static MigrationOp dropIndex(const QString &table, const QString &index);
    static MigrationOp dataSql(const QString &summary, const QString &sql);
    static MigrationOp dataFunction(const QString &summary, DataFunction function);

    /// What the operation does, in a sentence a user reads ("Add the column books.isbn (text,
    /// unique, may be empty, checked).").
    QString describe() const;
    /// Every operation in a sentence, in order; a foreign key dropped and added again on the same
    /// columns (how its action changes) reads as one change.
    static QStringList describe(const QList<MigrationOp> &ops);
};

} // namespace orm
