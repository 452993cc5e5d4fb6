#pragma once

#include "types.h"

#include <memory>
#include <vector>

namespace orm {

/// A parent record's children through one relationship (issue 13: per-record state with its
/// transitions, in one place): the collection as staged, as last committed, and the children given
/// to it before it was loaded. Record links and unlinks children; the session commits, reverts and
/// moves a child between parents after a refresh; the loader fills it.
///
/// The committed list is the staged one until either changes: loading 100,000 books kept each
/// author's list twice (a sixteen-byte pointer a book, and the spare room of the list it was read
/// into), a commit copied every collection, and a rollback copied them back. Now a commit or a
/// load that stages nothing keeps one list, and reverting an unchanged collection does nothing.
class ChildCollection {
public:
    /// A collection of a record that was never stored is loaded (empty) from the start: there are
    /// no children in the database to read.
    explicit ChildCollection(bool loaded)
        : m_loaded(loaded) {}
    ChildCollection(const ChildCollection &) = delete;
    ChildCollection &operator=(const ChildCollection &) = delete;

    /// True once the children in the database are in the collection.
    bool isLoaded() const { return m_loaded; }
    /// The collection as staged.
    const std::vector<RecordPtr> &items() const { return m_items; }
    /// The collection as last committed (what a rollback puts back; a refresh keeps it following
    /// the database's rows).
    const std::vector<RecordPtr> &committed() const {
        return m_committedIsItems ? m_items : m_apart ? m_apart->committed : none();
    }
    /// Children given before the collection was loaded, merged in when it loads.
    const std::vector<RecordPtr> &addedWhileUnloaded() const;
    /// True when the staged collection is the committed one and no child waits for the load.
    bool isAsCommitted() const;

    // --- The staged collection --------------------------------------------------------------
    /// A child the caller has just taken out of its previous parent: appended (not searched for:
    /// appending 100,000 books to one author stays linear), or, before the load, kept for it
    /// (once).
    void link(const RecordPtr &child);
    /// Out of the staged collection and of the children kept for the load.
    void unlink(const Record *child);
    /// Appended to a loaded collection that does not hold it yet (a refresh found it here).
    void linkIfLoaded(const RecordPtr &child);

    // --- The committed collection, following the database -----------------------------------
    /// Appended to a loaded collection's committed list that does not hold it yet.
    void linkCommitted(const RecordPtr &child);
    void unlinkCommitted(const Record *child);

    // --- Transitions ------------------------------------------------------------------------
    /// The children read from the database (`stored`) and the collection as staged (`staged`:
    /// those of `stored` not moved away, and those moved here): loaded, with the children kept
    /// for the load dropped (the caller merged them into `staged`). Returns whether the staged
    /// collection differs from the committed one.
    bool load(std::vector<RecordPtr> &&stored, std::vector<RecordPtr> &&staged);
    /// The children read from the database, with nothing staged over them (no child moved away
    /// or here, none kept for the load): loaded, one list, `stored` itself.
    void load(std::vector<RecordPtr> &&stored);
    /// A commit: the staged collection becomes the committed one (a loaded collection's).
    void commit();
    /// A rollback: the committed collection again, nothing kept for a load.
    void revert();

private:
    /// What a collection holds beside its staged list, and only for a while: made on first use.
    struct Apart {
        /// The committed list while it differs from m_items (and is not empty).
        std::vector<RecordPtr> committed;
        /// Children given to a stored parent whose collection is not in memory.
        std::vector<RecordPtr> addedWhileUnloaded;
    };
    static const std::vector<RecordPtr> &none();
    Apart &apart();
    /// Drops what is held apart once none of it holds anything.
    void dropApartIfEmpty();
    /// Before the staged and committed lists part: the committed one gets its own copy.
    void detachCommitted();

    std::vector<RecordPtr> m_items;
    /// Null while both of its lists are empty: a new parent's collection parts from its empty
    /// committed list at its first child, and w1's 10,000 authors held two empty lists more
    /// (40 bytes a collection, 48 on the heap, where it took 64 and 80).
    std::unique_ptr<Apart> m_apart;
    bool m_loaded;
    bool m_committedIsItems = true;
};

} // namespace orm
