#pragma once

#include <QString>

class QSqlDatabase;

namespace orm::writeaccess {

/// Why nothing can be written through `database`, or empty when it can: a SQLite file that SQLite
/// opened read-only (the file, or the folder its journal goes in, cannot be written by this user;
/// an immutable file; a read-only disk), a PostgreSQL server that is a standby in recovery, or
/// whose transactions are read-only by default (default_transaction_read_only). Asked once when
/// a database opens: everything is then shown read-only with this reason, where edits were staged
/// and the commit failed with "attempt to write a readonly database", marking a cell as if its
/// value were wrong. Reads only.
QString readOnlyReason(const QSqlDatabase &database);

} // namespace orm::writeaccess
