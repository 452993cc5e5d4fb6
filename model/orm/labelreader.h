#pragma once

#include "types.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace orm {

class Session;
class Table;

/// Which row of a table a text names by its label: the one reading of what the grid shows and
/// Copy takes of a foreign key, shared by typed values and Set Selected Cells (ui::applyCellInput)
/// and by paste and import (io::ForeignKeyResolver). A text reads as
/// - a row's label as it stands: its display column's value, or its whole label when several
///   columns name it ("Jane Peacock"; RowLabel::text());
/// - a label with its key, as the grid tells namesakes apart ("Music (#8)", Namesakes::parse()):
///   the row of that key, when that row bears the label;
/// - a new, uncommitted row as the grid shows it ("Music (new)", Namesakes::parseNew()): the one
///   staged new row of that label.
/// New records and staged labels count; records marked for delete do not.
///
/// A text that names several rows in these readings together is refused, with the forms that
/// tell them apart: "Mix (#2)" is the label of one playlist and also reads as playlist 2 "Mix"
/// by its key, and neither reading is the one meant more than the other.
///
/// Case: a label matches ignoring case (what a user types, as the picker matches), in every
/// reading alike; among several rows matched so, the one written in its exact case is the one
/// meant ("Music" and "music" are two labels to the database and in the grid). So "music (#8)"
/// names playlist 8 "Music", unless a row is named "music (#8)" exactly.
///
/// Many texts are read at once (an import's batch): a bounded number of queries per batch, never
/// one per text.
class LabelReader {
public:
    struct Reading {
        RecordPtr record; ///< the row the text names; null when none or several
        QString error;    ///< why no row was taken, in a sentence for the user
        /// Refused because it names several rows (the caller tries no other reading then).
        bool ambiguous = false;
    };

    LabelReader(Session &session, const Table &table);

    /// Reads every text of `texts` (each as given; blanks around it do not count) into
    /// `readings`, keyed by the text as given. Records looked up and not named are released
    /// from the session again. False with `error` when a query failed.
    [[nodiscard]] bool read(const QStringList &texts, QHash<QString, Reading> *readings,
                            QString *error);

private:
    /// A text split into the readings it can have.
    struct Parsed;
    /// The records each folded text names by its label as it stands.
    bool findNamed(const QSet<QString> &folded, QHash<QString, RecordList> *named, RecordList *held,
                   QString *error);
    /// The records of the keys that texts of the form "Music (#8)" give, by the key's text.
    bool findKeyed(const QList<Parsed> &texts, QHash<QString, RecordPtr> *byKey, RecordList *held,
                   QString *error);
    Reading decide(const Parsed &text, const QHash<QString, RecordList> &named,
                   const QHash<QString, RecordPtr> &byKey, const RecordList &pending) const;
    /// How to write `record` so that it names that row alone (for a refusal's message); empty
    /// when no label does (its id does).
    QString formFor(const RecordPtr &record, const QString &given,
                    const QHash<QString, RecordList> &named) const;

    Session &m_session;
    const Table &m_table;
};

} // namespace orm
