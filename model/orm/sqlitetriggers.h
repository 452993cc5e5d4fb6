#pragma once

#include "table.h"

#include <QString>

namespace orm {

/// The write a trigger fires on, read from its CREATE TRIGGER statement as `sqlite_schema.sql`
/// keeps it: SQLite has no pragma that tells. The statement is read token by token (comments,
/// and names quoted with "", [], `` or '' skipped whole), never searched for a word: a trigger
/// named "on delete" or a column named delete is not a DELETE trigger. Empty when the text is no
/// CREATE TRIGGER statement SQLite would have accepted.
TriggerEvents sqliteTriggerEvent(const QString &createTrigger);

} // namespace orm
