#pragma once

#include "defaultrow.h"
#include "error.h"
#include "pendingchanges.h"

#include <QHash>
#include <QVariantList>

namespace orm {

class Session;
class Table;
struct ForeignKey;

/// What the database will do when a staged edit changes columns that other rows refer to (a
/// customer's text code, a unique company name): for each foreign key that points at them, the
/// rows the database holds that refer to the old values and its ON UPDATE action — CASCADE
/// changes them, SET NULL clears them, NO ACTION / RESTRICT refuse the edit, SET DEFAULT moves
/// them to the row their DEFAULT names ("category 'Uncategorised'") or, when that row is not
/// there (missing, the edited row itself, or a DEFAULT of NULL on a NOT NULL column), refuses the
/// edit naming that row and the rule, as the database will (SetDefaultMoves does the same for
/// ON DELETE). Fills `change->databaseEffects` (and `refusedByDatabase`); one count query per
/// such foreign key, none for an edit of columns nothing refers to; a SET DEFAULT's DEFAULT is
/// evaluated and its row looked for once per foreign key.
///
/// Not followed: a default row whose own key another edit of the same commit moves, or that the
/// commit deletes (the delete runs after the key edit; its own preview says what it does).
class ReferencedEditPreview {
public:
    explicit ReferencedEditPreview(Session &session);
    /// False with `error` when a count fails.
    bool preview(const Record &record, const QList<int> &changed, PendingChange *change,
                 Error *error);

private:
    /// Why `target`, the default row of `key`, is not there when the edit of `edited` (whose
    /// referenced columns held `old`) runs; empty when it is.
    QString whyMissing(const ForeignKey &key, const DefaultRow &target, const Record &edited,
                       const QVariantList &old) const;

    Session &m_session;
    DefaultRows m_defaultRows; ///< each foreign key's DEFAULT evaluated and its row found once
    /// The foreign keys that point at each table, by the referenced table's name.
    QHash<QString, QList<QPair<const Table *, const ForeignKey *>>> m_referrers;
};

} // namespace orm
