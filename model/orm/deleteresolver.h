#pragma once

#include "cascadecounter.h"
#include "cascadewalker.h"
#include "deletepreview.h"
#include "error.h"
#include "key.h"
#include "setdefaultmoves.h"
#include "types.h"

#include <QHash>
#include <QSet>
#include <vector>

namespace orm {

class Dialect;
class Loader;
class Metadata;
class SelectRunner;
class UnitOfWork;
struct ForeignKey;

/// Works out what deleting some records does (docs/contract.md §2 rule 9), for remove(), for the
/// flush and for previewDelete() alike — one piece of code, so the preview is what commit then
/// does.
///
/// Phase 1 follows `delete` cascades (loading collections level by level, one query per
/// relationship and chunk, never one per parent). Phase 2, for the flush and the preview, looks
/// at every other relationship of the deleted records: children are set to NULL, block the
/// delete (NOT NULL key), or are left to the database (passive deletes). Phase 3 looks at foreign
/// keys no relationship describes. Children left to the database are counted, not loaded (one
/// query per child table and chunk of parents): `ON DELETE CASCADE`/`SET NULL` become database
/// effects, `RESTRICT`/`NO ACTION` blockers (the database would refuse the DELETE). Children the
/// ORM deletes or updates before the parent never block: the flush writes them first. Rows the
/// database's `SET DEFAULT` moves are checked last (SetDefaultMoves): the row their DEFAULT names
/// has to be there once the whole delete is done, else the database refuses and so do we.
///
/// It takes the parts it reads, not the session (issue 13, a session made of parts): the schema,
/// the dialect, the loader that loads the collections a cascade follows, the unit of work (what
/// is staged corrects what the database holds) and a runner for the counts. A failure comes back
/// as error(), facts to be worded by Error::message().
class DeleteResolver {
public:
    /// Never counts: remove() and the flush load every row they delete.
    static constexpr qint64 NeverCount = -1;

    /// `dialect` may be null only where nothing is resolved that needs SQL (no database open).
    /// With `countAbove` ≥ 0 (the delete preview), a `delete` cascade level of more rows than
    /// that is counted in SQL instead of loaded (CascadeCounter), where counting is exact.
    DeleteResolver(const Metadata &metadata, const Dialect *dialect, Loader &loader,
                   const UnitOfWork &work, SelectRunner &selects, qint64 countAbove = NeverCount);
    // Its cascade walker calls back into it: it stays where it was made.
    DeleteResolver(const DeleteResolver &) = delete;
    DeleteResolver &operator=(const DeleteResolver &) = delete;

    /// `seeds` are deleted; `alreadyDeleted` count as deleted without being listed again.
    /// With `foreignKeyEffects`, phase 2 runs too. False on a database error (see error()).
    /// `seedReasons` says why a seed goes, when it is not the user's own choice (a cascade
    /// staged earlier, or an orphan).
    [[nodiscard]] bool resolve(const RecordList &seeds, const QSet<Record *> &alreadyDeleted,
                               bool foreignKeyEffects,
                               const QHash<const Record *, QString> &seedReasons = {});

    /// Deleted::path names each record on the way ("Author 'Michael Crichton' → Book 'Jurassic
    /// Park'"), for a list the user reads: the delete preview. remove(), the flush and the
    /// pending-changes list read none, and leave them empty: a record's name costs more than the
    /// rest of its resolving (w4: 22,000 names, a fifth of its instructions). On by default.
    void setListingPaths(bool listing) { m_listingPaths = listing; }

    const QList<DeletePreview::Deleted> &deleted() const { return m_deleted; } ///< persistent
    const RecordList &discarded() const { return m_discarded; } ///< pending, never inserted
    /// Rows deleted too, counted rather than loaded (only with `countAbove`).
    const QList<DeletePreview::Counted> &counted() const { return m_counter.counted(); }
    const QList<DeletePreview::Nulled> &nulled() const { return m_nulled; }
    const QList<DeletePreview::Blocker> &blockers() const { return m_blockers; }
    const QList<DeletePreview::DatabaseEffect> &databaseEffects() const {
        return m_databaseEffects;
    }
    bool isDeleted(const Record *record) const { return m_members.contains(record); }
    const Error &error() const { return m_error; }

private:
    /// The dialect, for SQL: only asked while a database is open.
    const Dialect &dialect() const;
    bool loadAll(const RecordList &parents, const Relationship &relationship);
    /// Keys of `table`'s rows this delete removes itself (for the cascade walker).
    QVariantList keysGoingAnyway(const Table &table) const;
    void take(const RecordPtr &record, int depth, const QString &reason, const QString &path);
    /// `record`'s Deleted::path under `parent`'s (none: a seed), or empty when not listing them.
    QString pathTo(const Record *parent, const Record &record) const;
    /// Counts the rows of `child` that still refer to `parents` through `key` (one column or
    /// several, referring to the parent's key or another unique key) when the flush reaches the
    /// parents, and lists them as a database effect or as blockers. `relationship` is the one
    /// through that key, if any (for the reason).
    bool checkDatabaseAction(const RecordList &parents, const Table &child, const ForeignKey &key,
                             const Relationship *relationship);
    /// Rows per referenced value (the parents' target columns), as the database holds them, less
    /// the rows the flush deletes or points elsewhere before it deletes the parents.
    bool countReferences(const RecordList &parents, const Table &child, const ForeignKey &key,
                         const Relationship *relationship, QHash<Key, qint64> *counts);

    const Metadata &m_metadata;
    const Dialect *m_dialect;
    Loader &m_loader;
    const UnitOfWork &m_work;
    SelectRunner &m_selects;
    QSet<const Record *> m_members;
    QSet<const Record *> m_already;
    QHash<const Record *, QString> m_paths; ///< only while listing them
    bool m_listingPaths = true;
    QList<DeletePreview::Deleted> m_deleted;
    RecordList m_discarded;
    QList<DeletePreview::Nulled> m_nulled;
    QList<DeletePreview::Blocker> m_blockers;
    QList<DeletePreview::DatabaseEffect> m_databaseEffects;
    SetDefaultMoves m_moves; ///< where the database's SET DEFAULT sends rows, checked last
    CascadeWalker m_walker;  ///< the database's cascades past the first level
    CascadeCounter m_counter;
    bool m_counting;
    Error m_error;
};

} // namespace orm
