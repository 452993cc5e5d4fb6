#pragma once

#include "orm/types.h"

#include <QSet>
#include <QString>

namespace orm {
class Session;
class Table;
} // namespace orm

namespace ui {

/// Parent records that a foreign-key cell cannot name alone because another row of their table
/// has the same label (two playlists called "Music", two albums "Greatest Hits"): the grid then
/// tells them apart by their key, as the foreign-key picker does ("Music (#8)").
///
/// Found for a page of rows at once, in the database (another row with that label need not be
/// loaded): one query per parent table and chunk of keys, never one per cell. A table whose label
/// is a UNIQUE column, or whose rows are named by their key, needs no query. Labels compare as
/// the database compares them (case and all); a label with a NULL part matches no other.
///
/// A label edit staged in the session counts as the row's label (a second "Music" typed into a
/// playlist makes both namesakes before commit): for a table with such edits the rows whose
/// database label is one of the page's labels are read (one query per chunk of labels) and
/// grouped with the relabelled records by the label they show.
class Namesakes {
public:
    /// Those of `parents` (records of any tables) whose label another row of their table shares.
    /// Empty, with `error` set, when a query failed (the cells then show the label alone).
    static QSet<const orm::Record *> find(orm::Session &session, const orm::RecordList &parents,
                                          QString *error = nullptr);
    /// The cell text of a parent that has namesakes: its label and key, the picker's form.
    static QString text(const orm::RecordPtr &parent);
    /// Whether rows of `table` can share a label at all (it has label columns, not a UNIQUE one).
    static bool canShareLabels(const orm::Table &table);

private:
    /// No staged label edit in `table`: the database's labels are the rows' labels.
    static bool fromDatabase(orm::Session &session, const orm::Table &table,
                             const orm::RecordList &records, QSet<const orm::Record *> *found);
    /// `edited` records of `table` show staged labels.
    static bool withStagedLabels(orm::Session &session, const orm::Table &table,
                                 const orm::RecordList &records, const orm::RecordList &edited,
                                 QSet<const orm::Record *> *found);
};

} // namespace ui
