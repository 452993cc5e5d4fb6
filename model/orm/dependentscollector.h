#pragma once

#include "deletepreview.h"
#include "types.h"

#include <QHash>
#include <functional>

namespace orm {

class Session;

/// DeleteMode::WithDependents for several records at once (a selection of rows): the rows that
/// block deleting any of them are loaded and added to the delete, level by level, until nothing
/// blocks or nothing more can be added — what Session::remove(record, WithDependents) does for
/// one record (Session::collectDependents() is a selection of one), staged the same way record
/// by record. Reads through the session's public API
/// only (previewDelete() and query()); stages nothing.
///
/// Not supported: dependents in a read-only table (the preview's error names it) and chains of
/// blocking rows more than MaxRounds levels deep.
class DependentsCollector {
public:
    static constexpr int MaxRounds = 64;

    explicit DependentsCollector(Session &session)
        : m_session(session) {}

    /// Collects the dependents of `records`. True when deleting them all blocks nothing;
    /// otherwise preview() holds what still blocks, or the error that stopped it.
    [[nodiscard]] bool collect(const RecordList &records);
    /// The records to delete, deepest dependents first, the chosen ones last.
    const RecordList &all() const { return m_all; }
    /// What deleting all() would do: each dependent says which record it kept from being deleted
    /// and through which column, nested under it. `root` is the first chosen record.
    const DeletePreview &preview() const { return m_preview; }

private:
    /// Loads the rows that the database-kept `blockers` stand for, table by table in chunked
    /// queries, and hands each to `take` with the blocker it belongs to.
    bool readBlockingRows(
        const QList<const DeletePreview::Blocker *> &blockers,
        const std::function<void(const RecordPtr &, const DeletePreview::Blocker &)> &take);

    Session &m_session;
    RecordList m_all;
    DeletePreview m_preview;
};

} // namespace orm
