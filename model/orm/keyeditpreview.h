#pragma once

#include "error.h"
#include "pendingchanges.h"

#include <QHash>

namespace orm {

class Session;
class Table;
struct ForeignKey;

/// What the database will do when a staged edit changes columns that other rows refer to (a
/// customer's text code, a unique company name): for each foreign key that points at them, the
/// rows the database holds that refer to the old values and its ON UPDATE action — CASCADE
/// changes them, SET NULL / SET DEFAULT clear them, NO ACTION / RESTRICT refuse the edit. Fills
/// `change->databaseEffects` (and `refusedByDatabase`); one count query per such foreign key,
/// none for an edit of columns nothing refers to.
class ReferencedEditPreview {
public:
    explicit ReferencedEditPreview(Session &session);
    /// False with `error` when a count fails.
    bool preview(const Record &record, const QList<int> &changed, PendingChange *change,
                 Error *error);

private:
    Session &m_session;
    /// The foreign keys that point at each table, by the referenced table's name.
    QHash<QString, QList<QPair<const Table *, const ForeignKey *>>> m_referrers;
};

} // namespace orm
