#pragma once

#include "flushplanner.h"

#include <QHash>
#include <QSet>
#include <vector>

namespace orm {

class Session;
class StatementShapes;
class Table;
struct ForeignKey;

/// Rows of one flush that the database changes because of the flush's own earlier statements: a
/// key edit's ON UPDATE CASCADE / SET NULL / SET DEFAULT (and what the triggers those fire write)
/// reaching a row whose own UPDATE or DELETE comes later in the same flush. That row is not what
/// the session loaded any more, yet nobody else changed it, so its statement must be checked
/// against what the database holds after ours, not against the values loaded (rule 12).
///
/// Before the key edit runs, each row it reaches is checked against the values the session loaded
/// and locked until COMMIT (PostgreSQL's FOR UPDATE; SQLite's transaction keeps its reads): a row
/// another user changed is still a conflict naming that record. After the edit, the row is read
/// again by its new key (SET DEFAULT: the DEFAULT as the database evaluates it), and its own
/// statement checks against that. Nothing in memory changes
/// (rule 8): the rows go into FlushResult::followedRows, which applyFlush() uses once the whole
/// flush succeeded. Rows reached only by a trigger's own statements are not followed.
class FollowedRows {
public:
    FollowedRows(Session &session, const FlushPlan &plan, StatementShapes &shapes,
                 QHash<const Record *, QVariantList> &rows);

    /// True when the UPDATE changes columns that rows of this flush may follow (a referenced
    /// column with an ON UPDATE action): it must run alone, between before() and after().
    bool reaches(const FlushPlan::Write &write);
    /// Checks and locks the rows the UPDATE reaches. False with `failed` (and `conflict` when the
    /// row was changed or deleted by someone else) when one is not as loaded, or reading failed.
    bool before(const FlushPlan::Write &write, RecordPtr *failed, bool *conflict);
    /// Reads again the rows before() found. False with `failed` when reading failed.
    bool after(RecordPtr *failed);
    /// The record's own statement ran: later key edits no longer concern it.
    void ran(const Record *record) { m_ran.push_back(record); }

private:
    struct Referrer {
        const Table *child;
        const ForeignKey *key;
    };
    struct Reached {
        RecordPtr record;
        QVariantList predicted; ///< the row as the action leaves it (its key, for the re-read)
    };
    const QList<Referrer> &referrers(const Table &table);
    /// Adds the waiting rows that the edit of `table`'s `columns` from `old` to `now` reaches,
    /// and what their own referrers then follow (a cascade into a key).
    void collect(const Table &table, const QList<int> &columns, const QVariantList &old,
                 const QVariantList &now, int depth);
    /// True when the record's own statement ran (ran()).
    bool hasRun(const Record *record);

    Session &m_session;
    const FlushPlan &m_plan;
    StatementShapes &m_shapes;
    QHash<const Record *, QVariantList> &m_rows;
    QHash<const Table *, QList<Referrer>> m_referrers;
    QHash<const Table *, RecordList> m_waiting; ///< UPDATE/DELETE of the plan, by table (lazy)
    bool m_indexed = false;
    /// Every record whose statement ran, in order: a push each (a million-row import's rows), and
    /// a set of them made only when a key edit reaches rows (m_ranSet, up to m_ranInSet).
    std::vector<const Record *> m_ran;
    QSet<const Record *> m_ranSet;
    std::size_t m_ranInSet = 0;
    QList<Reached> m_reached;
};

} // namespace orm
