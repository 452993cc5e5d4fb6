#pragma once

#include "types.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace orm {

/// What a delete would do, computed without staging anything (docs/contract.md §2 "Delete
/// planner"). Committing the delete does exactly this: tests compare the preview with the rows
/// afterwards.
struct DeletePreview {
    struct Deleted {
        RecordPtr record;
        int depth = 0;  ///< 0 for the record itself, 1 for its children, …
        QString reason; ///< "Author.books is all, delete-orphan"; empty for the record itself
        QString path;   ///< "Author 'Michael Crichton' → Book 'Jurassic Park'"

        /// A record the user chose (not one deleted because of another, nor a dependent that
        /// DeleteMode::WithDependents added: those have a reason).
        bool isChosen() const { return depth == 0 && reason.isEmpty(); }
    };
    /// Rows a `delete` cascade takes that the preview counted in SQL instead of loading (more
    /// than Session::deletePreviewListLimit() at one level): exact in number, listed on demand.
    struct Counted {
        const Table *table = nullptr;
        const Relationship *relationship = nullptr; ///< the cascade that takes them
        qint64 rows = 0;
        int depth = 1;
        QString reason; ///< "Author.books is all, delete-orphan"
        QString path;   ///< "Author 'Michael Crichton' → books"
        /// SQL over `table` that selects exactly these rows (with `binds`), to list them.
        QString condition;
        QVariantList binds;
    };
    struct Nulled {
        RecordPtr record; ///< the child whose foreign key is set to NULL
        int column = -1;
        QString reason; ///< "'It' will no longer have a borrower"
    };
    /// A child that keeps a record from being deleted: a loaded record whose NOT NULL foreign
    /// key the ORM cannot clear, or (with `record` null) rows the database refuses to leave
    /// dangling: `ON DELETE RESTRICT`/`NO ACTION` on a foreign key whose children are left to
    /// the database (passive deletes, or no relationship at all).
    struct Blocker {
        RecordPtr record;  ///< the child that refers to a record being deleted; null for rows
        RecordPtr blocked; ///< the record it keeps from being deleted
        int column = -1;   ///< the foreign key column, in `table`
        QString reason;    ///< "3 rows of loans still refer to it (ON DELETE RESTRICT …)"
        const Table *table = nullptr; ///< the child table
        qint64 rows = 1;              ///< rows of `table` that refer to `blocked`
        /// For database rows: SQL over `table` that selects them (with `rowsBinds`), so that
        /// DeleteMode::WithDependents can load and delete them too.
        QString rowsCondition;
        QVariantList rowsBinds;
        /// For database rows: the ON DELETE that refuses (RESTRICT / NO ACTION, SET NULL on a NOT
        /// NULL column, or SET DEFAULT to a row that is not there at commit: `reason` says which).
        OnDelete action = OnDelete::NoAction;

        bool isDatabaseRows() const { return !record; }
        QString columnName() const; ///< "user_id"
    };
    struct DatabaseEffect {
        QString table;
        OnDelete action = OnDelete::NoAction;
        qint64 rows = 0;
        QString reason; ///< "the database deletes 3 rows of reviews (ON DELETE CASCADE)"
    };

    RecordPtr root;
    QList<Deleted> deleted; ///< root first, then breadth first
    QList<Counted> counted; ///< deleted too, counted rather than listed
    QList<Nulled> nulled;
    QList<Blocker> blockers;
    QList<DatabaseEffect> databaseEffects;
    QString error; ///< set when the preview itself could not be computed (database failure)
    /// What the preview cannot promise: "invoices has triggers: they may change more than this
    /// preview shows."
    QStringList notes;

    bool isBlocked() const { return !blockers.isEmpty(); }
    /// How many rows of a table will be deleted, listed or counted.
    int deletedCount(const QString &table) const;
    /// How many rows will be deleted in all, listed or counted.
    qint64 deletedRows() const;
};

} // namespace orm
