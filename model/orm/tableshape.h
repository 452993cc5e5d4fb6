#pragma once

#include "column.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace orm {

class Metadata;
class Table;

/// A FOREIGN KEY by column names, as a migration adds or drops it.
struct ForeignKeyShape {
    QStringList columns;
    QString targetTable;
    QStringList targetColumns; ///< in the order of `columns`
    OnDelete onDelete = OnDelete::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;

    bool operator==(const ForeignKeyShape &other) const = default;
};

/// A named index on columns.
struct IndexShape {
    QString name;
    QStringList columns;
    bool unique = false;

    bool operator==(const IndexShape &other) const = default;
};

/// A table by names: what CREATE TABLE writes and what migrations change. Unlike Table (fixed once
/// Metadata is finalized, foreign keys by column index) a shape is a plain value that a migration
/// edits step by step.
struct TableShape {
    QString name;
    QList<Column> columns;      ///< Column::primaryKey marks the key's columns
    QStringList primaryKey;     ///< the key's columns in key order
    QList<QStringList> uniques; ///< UNIQUE constraints of several columns (one: Column::unique)
    QList<ForeignKeyShape> foreignKeys;
    QList<IndexShape> indexes; ///< indexes that are no constraint (createAll: one per foreign key)

    int columnIndex(const QString &column) const; ///< -1 when there is none
    const Column *column(const QString &column) const;
    Column *column(const QString &column);
    const ForeignKeyShape *foreignKey(const QStringList &columns) const;

    /// The shape of a finalized table of `metadata`, with the index on each foreign key that
    /// createAll() makes when `withForeignKeyIndexes` (reflection reads no plain indexes).
    static TableShape from(const Table &table, const Metadata &metadata,
                           bool withForeignKeyIndexes = true);
    /// The name createAll() gives the index on a foreign key's columns: ix_<table>_<columns>.
    static QString foreignKeyIndexName(const QString &table, const QStringList &columns);
    /// The name createAll() gives a foreign key constraint: <table>_<columns>_fkey.
    static QString foreignKeyName(const QString &table, const QStringList &columns);
};

} // namespace orm
