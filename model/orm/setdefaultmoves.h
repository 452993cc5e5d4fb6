#pragma once

#include "defaultrow.h"
#include "deletepreview.h"
#include "error.h"
#include "key.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace orm {

class Dialect;
class Loader;
class Metadata;
class SelectRunner;
class Table;
class UnitOfWork;
struct ForeignKey;

/// Where the database's `ON DELETE SET DEFAULT` sends the rows that referred to a deleted row:
/// to the row their DEFAULT names, which has to be there once the whole delete is done. SQLite
/// (at the end of the statement, or at COMMIT when deferred) and PostgreSQL (in the action itself,
/// deferred or not) both refuse the DELETE when it is not: when the default row is deleted in the
/// same commit (chosen, cascaded by the ORM or by the database), when no row has those values, or
/// when the DEFAULT is NULL on a column that cannot be NULL.
///
/// The delete resolver and the cascade walker hand each SET DEFAULT they meet here instead of
/// listing it; settle() runs once everything the delete removes is known and turns each move into
/// a database effect ("the database sets category_id to its default, category 'Uncategorised',
/// in 3 rows of products") or into a blocker naming the default row and the rule.
///
/// It takes the parts it reads, not the session: the schema, the dialect, the loader and what is
/// staged (for DefaultRows, and the edits that point rows elsewhere first) and a runner for its
/// counts.
///
/// Not followed: a DEFAULT that is not constant (DefaultRows); the default row's key edited in
/// the same commit.
class SetDefaultMoves {
public:
    SetDefaultMoves(const Metadata &metadata, const Dialect *dialect, Loader &loader,
                    const UnitOfWork &work, SelectRunner &selects)
        : m_metadata(metadata)
        , m_dialect(dialect)
        , m_work(work)
        , m_selects(selects)
        , m_defaultRows(metadata, dialect, loader, work, selects) {}

    struct Move {
        const Table *child = nullptr;
        const ForeignKey *key = nullptr; ///< the SET DEFAULT foreign key, in `child`
        qint64 rows = 0;                 ///< rows of `child` the database moves
        RecordPtr blocked;               ///< the record whose delete moves them
        /// SQL over `child` selecting the rows moved (with `binds`), for WithDependents.
        QString condition;
        QVariantList binds;
        QString cause; ///< "ON DELETE SET DEFAULT on products.category_id[, through …]"
        /// `rows` counted as the database holds them (deeper levels): rows whose foreign key an
        /// edit staged in this commit points elsewhere (written before the delete) are taken off
        /// in settle(). Rows staged to point into the delete are not added.
        bool asStored = false;
    };
    void add(Move move) { m_moves.append(std::move(move)); }
    /// Rows of `table` (where `condition` holds, with `binds`) that the database deletes by its
    /// own cascade: a default row among them is gone at commit.
    void addCascaded(const Table &table, const QString &condition, const QVariantList &binds);

    /// Decides every move, now that `deletedByOrm` (loaded records the delete removes, staged
    /// deletes included) and `counted` (cascades counted rather than loaded) are all known.
    /// False on a database error (error()).
    [[nodiscard]] bool settle(const QList<const Record *> &deletedByOrm,
                              const QList<DeletePreview::Counted> &counted);

    const QList<DeletePreview::DatabaseEffect> &effects() const { return m_effects; }
    const QList<DeletePreview::Blocker> &blockers() const { return m_blockers; }
    const Error &error() const { return m_error; }

private:
    struct Cascaded {
        const Table *table;
        QString condition;
        QVariantList binds;
    };
    /// Why `target`, the default row of `key`, is not there at commit; empty when it is. `name`
    /// is set to how the row reads.
    bool whyMissing(const ForeignKey &key, const DefaultRow &target,
                    const QList<const Record *> &deletedByOrm,
                    const QList<DeletePreview::Counted> &counted, QString *why, QString *name);
    /// Rows of `table` where `condition` holds; false on a database error.
    bool countWhere(const Table &table, const QString &condition, const QVariantList &binds,
                    qint64 *rows);
    /// Takes off `*rows` the rows of `move` that a staged edit points elsewhere.
    bool takeOffMovedAway(const Move &move, qint64 *rows);
    void addEffect(const Move &move, qint64 rows, const QString &target);

    /// What an effect is about: its foreign key and the default row, as it reads.
    struct EffectSource {
        const ForeignKey *key;
        QString target;
        bool operator==(const EffectSource &) const = default;
    };

    const Metadata &m_metadata;
    const Dialect *m_dialect;
    const UnitOfWork &m_work;
    SelectRunner &m_selects;
    DefaultRows m_defaultRows;
    QList<Move> m_moves;
    QList<Cascaded> m_cascaded;
    QList<DeletePreview::DatabaseEffect> m_effects;
    QList<EffectSource> m_effectSources; ///< by index in m_effects
    QList<DeletePreview::Blocker> m_blockers;
    Error m_error;
};

} // namespace orm
