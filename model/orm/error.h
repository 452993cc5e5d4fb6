#pragma once

#include "types.h"

#include <QSqlError>
#include <QString>

namespace orm {

/// A failure the user can act on, with what and where (docs/contract.md §2 "Errors").
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

    Kind kind = Kind::None;
    RecordPtr record;      ///< the record concerned, if any
    QString table;         ///< its table
    QString column;        ///< the column concerned, if known
    QString constraint;    ///< the constraint's name, if the database gave one
    QString driverMessage; ///< the driver's own text, for the details pane
    QString message;       ///< one plain-language sentence for the user

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }
    static QString kindName(Kind kind);
    /// message, followed by the driver's text when there is one.
    QString fullText() const;
};

} // namespace orm
