#pragma once

#include "types.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace orm {

class Session;
class Table;

/// Parent records that a foreign-key cell cannot name alone because another row of their table
/// has the same label (two playlists called "Music", two albums "Greatest Hits"): the grid then
/// tells them apart by their key, as the foreign-key picker does ("Music (#8)"), and so do Copy,
/// an export of foreign keys as labels, and what typed values, paste and import read back
/// (parse(), read by LabelReader).
///
/// Found for a page of rows at once, in the database (another row with that label need not be
/// loaded): one query per parent table and chunk of keys, never one per cell. A table whose label
/// is a UNIQUE column, or whose rows are named by their key, needs no query. Labels compare as
/// the database compares them (case and all); a label with a NULL part matches no other.
///
/// A label edit staged in the session counts as the row's label (a second "Music" typed into a
/// playlist makes both namesakes before commit): for a table with such edits the rows whose
/// database label is one of the page's labels are read (one query per chunk of labels) and
/// grouped with the relabelled records by the label they show. Pending records are never
/// namesakes here (a cell shows them as new: newText()).
class Namesakes {
public:
    /// Which labels count: those the grid shows, or those the database holds (an export of
    /// committed values).
    enum class Labels { Staged, Stored };

    /// Those of `parents` (records of any tables) whose label another row of their table shares.
    /// Empty, with `error` set, when a query failed (the cells then show the label alone).
    static QSet<const Record *> find(Session &session, const RecordList &parents,
                                     QString *error = nullptr, Labels labels = Labels::Staged);
    /// The cell text of a parent that has namesakes: its label and key, the picker's form
    /// ("Music (#8)"; the values of a composite key joined by ", ").
    static QString text(const RecordPtr &parent);
    /// The same form for a label and a key's text given apart ("Music", "8").
    static QString text(const QString &label, const QString &key);
    /// Splits a text of text()'s form into its label and its key's text ("Music (#8)": "Music"
    /// and "8"; the last " (#" starts the key, so a label may hold one). False when the text is
    /// not of that form; it may still be a label as it stands ("Mix (#2)" as a playlist's name).
    [[nodiscard]] static bool parse(const QString &text, QString *label, QString *key);
    /// The cell text of a new, not yet committed parent ("Music (new)"): it has no key yet.
    static QString newText(const QString &label);
    /// Splits a text of newText()'s form into its label ("Music (new)": "Music"). False when the
    /// text is not of that form.
    [[nodiscard]] static bool parseNew(const QString &text, QString *label);
    /// Whether rows of `table` can share a label at all (it has label columns, not a UNIQUE one).
    static bool canShareLabels(const Table &table);

private:
    /// No staged label edit in `table` (or Labels::Stored): the database's labels are the rows'.
    static bool fromDatabase(Session &session, const Table &table, const RecordList &records,
                             QSet<const Record *> *found);
    /// `edited` records of `table` show staged labels.
    static bool withStagedLabels(Session &session, const Table &table, const RecordList &records,
                                 const RecordList &edited, QSet<const Record *> *found);
};

} // namespace orm
