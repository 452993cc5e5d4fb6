#pragma once

#include "types.h"

#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace orm {

/// A failure the user can act on, with what and where (docs/contract.md §2 "Errors").
///
/// An Error holds facts only: what kind of failure, the reason Shelf knows it by, and the
/// record, table, column, constraint and values concerned. The sentence the user reads is made
/// from them in one place, errorwording.cpp (message()), so that the parts that fail say what
/// happened and none of them words it.
struct Error {
    enum class Kind {
        None,
        Validation, ///< a value the schema refuses, caught before any SQL ran
        Constraint, ///< the database refused a statement (NOT NULL, UNIQUE, CHECK, FOREIGN KEY)
        Blocked,    ///< a delete that would leave children pointing at nothing
        Conflict,   ///< another user changed or deleted the row since it was loaded
        Connection, ///< the database is unreachable, locked or the connection dropped
        Database,   ///< any other database failure (read-only file, corrupt file, …)
        Usage,      ///< the call does not apply to the record's state (a programming error)
    };

    /// What happened, one value for each sentence the user can be told. The facts each reason
    /// reads are listed beside it; `record` is the record the sentence names first.
    enum class Reason {
        None, ///< no sentence of Shelf's own (a dialect's classification, not yet reported)
        // The connection
        UnsupportedDriver, ///< detail: the driver's name (empty: no dialect at a flush)
        NotOpened,         ///< the database could not be opened
        SetupFailed,       ///< the connection could not be configured (driverMessage says why)
        StillUnreachable,  ///< reconnect() failed; staged changes are kept
        ConnectionLost,    ///< a statement found the connection gone
        // Reading and statements
        StatementRefused, ///< the database refused a statement
        ReadFailed,       ///< table: reading its rows failed
        ReadAgainFailed,  ///< record: its row could not be read again to resolve a conflict
        // A flush or commit
        TransactionNotStarted, ///< BEGIN failed: nothing was saved
        CommitRefused,         ///< COMMIT was refused (and rolled back)
        LostWhileSaving,       ///< record (if one was being written): the connection dropped
        LostWhileCommitting,   ///< during COMMIT itself: whether it was saved is unknown
        /// The database is locked by another program or connection (SQLite's BUSY or LOCKED,
        /// after its busy timeout): set by the dialect's classification; nothing was saved
        Busy,
        ChangedByOther, ///< record; column, valueNow and valueLoaded when a column is known
        DeletedByOther, ///< record: its row is gone
        MustNotBeEmpty, ///< record, column: NOT NULL
        Duplicate,      ///< record, column (if known), columns (a key of several), other (the
                        ///< row holding those values, when found): UNIQUE
        MissingParent,  ///< record, column (if known): FOREIGN KEY to a missing row
        /// record, detail: the table whose rows still refer to its key (a key edit or a delete
        /// the database refuses, not moving or deleting them with it)
        StillReferenced,
        WrongType,   ///< record, column (if known): a value the column's type refuses
        OutOfRange,  ///< record, column: the CHECK of Column::minimum / maximum
        BreaksRule,  ///< record, column (if known), constraint, or detail: an unnamed CHECK's text
        SaveRefused, ///< record: a failure Shelf does not know by name (driverMessage)
        // Before any SQL ran
        InvalidValue,        ///< record, column, detail: the value checker's problem
        NulInText,           ///< record, column, detail: the database's name
        ReadOnlyTable,       ///< record, table, detail: why the table is read-only; deleting
        ReadOnlyRow,         ///< record, detail: why the row cannot be deleted
        ReferenceCycle,      ///< record, column, cycleRecords, cycleColumns; deleting
        DeleteBlocked,       ///< record; other: the child that blocks it (if any); detail: why
        DeletePreviewFailed, ///< record, detail: what the delete preview reported
        CascadeTooDeep,      ///< table, other: where the delete starts; limit: levels followed
        // Calls that do not apply
        NotInSession,         ///< record, state: it cannot be deleted from this session
        NotStored,            ///< record, state: only a stored record can be in conflict
        NothingToResolve,     ///< resolveConflict() was given no record
        ResolveInTransaction, ///< record: a conflict cannot be resolved inside a transaction
        SchemaInTransaction,  ///< the schema cannot change inside a transaction
        // The schema
        TableNotCreated,      ///< table
        NotificationNotSetUp, ///< the change notification triggers failed
        TablesNotCommitted,   ///< creating the tables could not be committed
        TableNotDropped,      ///< table
        DropNotCommitted,     ///< dropping the tables could not be committed
    };

    Kind kind = Kind::None;
    Reason reason = Reason::None;
    RecordPtr record; ///< the record concerned, if any
    QString table;    ///< its table
    QString column;   ///< the column concerned, if known
    /// Duplicate: the columns of the key another row already holds, in key order, when the
    /// database says (column is the first): "this invoice_id and line_no", not one of them alone.
    QStringList columns;
    QString constraint;    ///< the constraint's name, if the database gave one
    QString driverMessage; ///< the driver's own text, for the details pane
    // The few further facts some reasons need (see Reason)
    RecordPtr other;                            ///< a second record the failure names
    ObjectState state = ObjectState::Transient; ///< the record's state when it failed
    bool deleting = false;                      ///< the failure stopped a delete rather than a save
    int limit = 0;            ///< a bound Shelf keeps to (levels of cascade followed)
    QVariant valueNow;        ///< the column's value in the database now
    QVariant valueLoaded;     ///< the column's value as it was loaded
    QString detail;           ///< a phrase another part worded (the value checker's problem)
    QStringList cycleRecords; ///< records that refer to each other, by name
    QStringList cycleColumns; ///< the columns through which they do

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }
    static QString kindName(Kind kind);
    /// One plain-language sentence for the user, made from the facts (errorwording.cpp). A
    /// member rather than a free function so that every reader writes `error.message()`, as it
    /// read the field this replaces.
    QString message() const;
    /// message(), followed by the driver's text when there is one.
    QString fullText() const;
};

} // namespace orm
