#pragma once

#include "deletepreview.h"
#include "error.h"
#include "types.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QVariantList>

namespace orm {

class CascadeWalker;
class Dialect;
class Metadata;
class SelectRunner;
class Table;
class UnitOfWork;
struct Relationship;

/// Counts, rather than loads, the rows a large `delete` cascade takes — for the delete preview
/// only. Loading an author's 100,000 books to list them cost 78 times the `count(*)` of those
/// books; a preview needs their number, not the records. remove() and the flush still load them:
/// the ORM deletes what it has loaded.
///
/// A level is counted when it is exact to do so: the parents are persistent and fit one IN list,
/// and neither the child table nor any table the cascade reaches through it has a staged or new
/// record (else the rows in the database are not what commit would delete), and no relationship
/// below makes the ORM set children to NULL or block per loaded row. Its rows are counted in SQL
/// (`count(*)` of the children, then of theirs through a subquery, one statement per level); a
/// level at or under the list limit is left to the resolver to load and list as before, so small
/// deletes keep their row-by-row preview. What the database does to the counted rows' own
/// children (ON DELETE of foreign keys no `delete` cascade follows) goes to the cascade walker.
class CascadeCounter {
public:
    /// The relationships come from `metadata`, what is staged from `work`, the counts' SQL from
    /// `dialect` (not null once count() is called); they run through `selects`.
    CascadeCounter(const Metadata &metadata, const Dialect *dialect, const UnitOfWork &work,
                   SelectRunner &selects, CascadeWalker &walker, qint64 listLimit);

    enum class Outcome {
        Counted, ///< the children and everything below them are in counted()
        Load,    ///< small, or not exact to count: load and list them as before
        Failed,  ///< a database error (error())
    };
    /// The children of `parents` through `relationship` (a delete cascade without passive
    /// deletes whose collections are not loaded), found `depth` levels below the chosen records.
    /// `path` names the way to the parents ("Author 'Michael Crichton'").
    Outcome count(const Relationship &relationship, const RecordList &parents, int depth,
                  const QString &path);

    const QList<DeletePreview::Counted> &counted() const { return m_counted; }
    const Error &error() const { return m_error; }

private:
    /// True when every row of `table` the cascade reaches is as the database holds it and the
    /// ORM does nothing to them row by row beyond deleting them.
    bool countable(const Table &table, QSet<const Table *> *visiting);
    /// Adds the rows where `condition` holds as counted, then what deleting them takes along.
    bool take(const Relationship &relationship, const QString &condition, const QVariantList &binds,
              qint64 rows, int depth, const QString &path, const RecordPtr &root);

    const Metadata &m_metadata;
    const Dialect *m_dialect;
    const UnitOfWork &m_work;
    SelectRunner &m_selects;
    CascadeWalker &m_walker;
    qint64 m_listLimit;
    QSet<const Table *> m_staged; ///< tables with a new or changed record, found on first use
    bool m_stagedKnown = false;
    QList<DeletePreview::Counted> m_counted;
    Error m_error;
};

} // namespace orm
