#pragma once

#include "deletepreview.h"
#include "error.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QVariantList>
#include <functional>

namespace orm {

class Dialect;
class Metadata;
class SelectRunner;
class SetDefaultMoves;
class Table;
struct ForeignKey;

/// Follows the database's own ON DELETE actions past the first level (docs/contract.md §7 rule 2):
/// the rows a CASCADE deletes have children of their own, which the database cascades to, sets to
/// NULL or refuses to leave dangling, through any number of levels and self-references. Rows are
/// counted in SQL, never loaded: the rows deleted at one level are a subquery of the next, one
/// statement per foreign key and level.
///
/// The first level (children of the records being deleted) is the delete resolver's, corrected
/// for what is staged; the walk starts from the rows it counted and reads the database as it is.
class CascadeWalker {
public:
    /// The keys of a table's rows that are deleted anyway (staged, or part of the same delete):
    /// the flush deletes them before the rows they refer to, so they neither block nor cascade.
    /// Key after key, each key's values in key order (several per key for a composite key).
    using GoingAnyway = std::function<QVariantList(const Table &table)>;

    /// SET DEFAULT actions go to `moves` (which decides whether the default row is there at
    /// commit), as do the rows the database cascades to (a default row may be among them). The
    /// foreign keys come from `metadata`, the counts' SQL from `dialect` (not null once walk() is
    /// called) and they run through `selects`.
    CascadeWalker(const Metadata &metadata, const Dialect *dialect, SelectRunner &selects,
                  GoingAnyway goingAnyway, SetDefaultMoves &moves);

    /// The rows of `table` that the database deletes are those where `condition` holds (SQL over
    /// `table`'s columns with `?` placeholders for `binds`). Adds what deleting them does.
    /// `root` is the record whose delete it all comes from; `path` names the way to `table`.
    /// Foreign keys to `table` in `followedByOrm` are left out (the ORM deletes those children
    /// itself: the delete preview counts them on its own); deeper down, every one is followed.
    [[nodiscard]] bool walk(const Table &table, const QString &condition, const QVariantList &binds,
                            const RecordPtr &root, const QString &path,
                            const QSet<const ForeignKey *> &followedByOrm = {});

    /// The rows of `table` that `*condition` selects (with `*binds`) are deleted by the database
    /// along `key`, ON DELETE CASCADE. Some may be deleted along another foreign key of this
    /// delete too (an invoice line, with its invoice and with its slot in the invoice's
    /// schedule): `*overlap` gets how many an earlier call for another key took already, and
    /// `*condition` / `*binds` become those of the rest, so that each row is counted, and its own
    /// children followed, once. False when the count failed (error() says why).
    [[nodiscard]] bool claimDeleted(const Table &table, const ForeignKey &key, QString *condition,
                                    QVariantList *binds, qint64 *overlap);

    /// Deeper database effects, one per table, action and foreign key, rows summed over levels
    /// (SET DEFAULT ones are SetDefaultMoves').
    const QList<DeletePreview::DatabaseEffect> &effects() const { return m_effects; }
    /// Rows that refer to cascaded rows with RESTRICT / NO ACTION (or SET NULL on NOT NULL).
    const QList<DeletePreview::Blocker> &blockers() const { return m_blockers; }
    const Error &error() const { return m_error; }

    /// How deep a chain of cascades is followed (an org chart, a thread of replies); a deeper one
    /// is reported, not silently cut.
    static constexpr int MaxDepth = 64;

private:
    bool walkLevel(const Table &table, const QString &condition, const QVariantList &binds,
                   const RecordPtr &root, const QString &path, int depth,
                   const QSet<const ForeignKey *> &skipped = {});
    void addEffect(const Table &child, const ForeignKey &key, qint64 rows, const QString &path);

    const Metadata &m_metadata;
    const Dialect *m_dialect;
    SelectRunner &m_selects;
    GoingAnyway m_goingAnyway;
    SetDefaultMoves &m_moves;
    /// Per table, the foreign keys that refer to it (and their tables).
    QHash<const Table *, QList<QPair<const Table *, const ForeignKey *>>> m_referrers;
    bool m_referrersKnown = false;
    QList<DeletePreview::DatabaseEffect> m_effects;
    QHash<QString, int> m_effectIndex; ///< "table|column|action" → index in m_effects
    QList<DeletePreview::Blocker> m_blockers;
    /// The rows claimDeleted() was told of, per table: the key, the condition and its binds.
    struct Deleted {
        const ForeignKey *key;
        QString condition;
        QVariantList binds;
    };
    QHash<const Table *, QList<Deleted>> m_deleted;
    Error m_error;
};

} // namespace orm
