#pragma once

#include <QFlags>
#include <QList>
#include <QObject>
#include <memory>

namespace orm {
Q_NAMESPACE

class Record;
class Session;
class Table;
class Metadata;
struct Relationship;

using RecordPtr = std::shared_ptr<Record>;
using RecordList = QList<RecordPtr>;

/// The life cycle of a record, as in SQLAlchemy (docs/contract.md §2 rule 1).
enum class ObjectState {
    Transient,  ///< not in a session and never stored
    Pending,    ///< added to a session, not yet flushed (no primary key yet)
    Persistent, ///< in a session and in the database (also while marked for delete, until flush)
    Deleted,    ///< its DELETE was flushed; the transaction has not committed yet
    Detached,   ///< was persistent; no longer in a session (deleted and committed, or expunged)
};

/// What a column holds, as Shelf edits and checks it. Declared columns use the first four;
/// reflection maps every declared type onto one of these (SQLite by its affinity rules,
/// PostgreSQL by the catalog's type), and `Other` is shown as text and never written.
enum class ColumnType {
    Integer,
    Text,
    Real,
    Boolean,
    Decimal,     ///< exact numeric: kept as its text, never passed through double
    Date,        ///< a calendar date ("2026-12-03")
    Time,        ///< a time of day
    Timestamp,   ///< date and time without a time zone
    TimestampTz, ///< date and time with a time zone
    Blob,        ///< bytes
    Uuid,
    Json,
    Enum,  ///< one of Column::enumLabels
    Other, ///< a type Shelf cannot round-trip: read-only, shown as text
};

/// What an operation on a parent does to the records of a relationship (SQLAlchemy's cascade).
enum class CascadeFlag {
    None = 0,
    SaveUpdate = 0x1,                    ///< adding the parent adds the children
    Delete = 0x2,                        ///< deleting the parent deletes the children
    DeleteOrphan = 0x4,                  ///< a child removed from its parent is deleted at flush
    Expunge = 0x8,                       ///< expunging the parent expunges the children
    All = SaveUpdate | Delete | Expunge, ///< "all" (merge/refresh-expire have no meaning here)
};
Q_DECLARE_FLAGS(Cascade, CascadeFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(Cascade)

/// The database's own reaction when a referenced row is deleted or its key changes (a FOREIGN
/// KEY's ON DELETE / ON UPDATE).
enum class OnDelete { NoAction, Cascade, SetNull, Restrict, SetDefault };
using ReferentialAction = OnDelete;

/// How far a delete reaches (docs/contract.md §7 rule 2).
enum class DeleteMode {
    AsDeclared,     ///< what the cascades and the database's ON DELETE actions do, nothing more
    WithDependents, ///< also every row that would block it, transitively, staged and previewed
};

QString stateName(ObjectState state);    ///< "pending"
QString cascadeName(Cascade cascade);    ///< "all, delete-orphan"
QString onDeleteName(OnDelete action);   ///< "CASCADE"
QString columnTypeName(ColumnType type); ///< "decimal"

Q_ENUM_NS(ObjectState)

} // namespace orm
