#pragma once

#include "orm/types.h"

#include <QHash>
#include <QStringList>
#include <QVariant>

namespace orm {
class Session;
struct Relationship;
} // namespace orm

namespace io {

/// How a foreign key's text names the referenced row.
enum class ForeignKeyInput {
    KeyOrLabel, ///< a whole number is a key, other text a label (what the grid's picker takes)
    Key,        ///< always the key ("3")
    Label,      ///< always the referenced record's name ("Stephen King"), even when it is a number
};

/// Turns the texts of a foreign key column (from a file or the clipboard) into the rows they name,
/// many at a time: a batch of texts costs a bounded number of queries, and each text is looked up
/// once per import. A label names a row when exactly one record has it as its display value, or as
/// its whole label when several columns name it ("Jane Peacock") (case ignored; new records and
/// staged names count, records marked for delete do not), as the grid's picker matches; when
/// several have it in some case, the one written exactly so. A label with its key, as the grid
/// shows two rows of one label ("Music (#8)", orm::Namesakes), names the row of that key when that
/// row's label is the one given (case ignored): a copied cell pastes back as it was. A text that is
/// a row's whole label ("Mix (#2)") still names that row.
class ForeignKeyResolver {
public:
    struct Match {
        QVariant key;             ///< the referenced row's key (null for a new record)
        orm::RecordPtr newParent; ///< a pending record the label named (it has no key yet)
        orm::RecordPtr record;    ///< the referenced record, with setKeepRecords() only
        QString error;            ///< why the text names no row, or more than one
        bool isValid() const { return error.isEmpty(); }
    };

    ForeignKeyResolver(orm::Session &session, const orm::Relationship &relationship,
                       ForeignKeyInput input);

    /// Keeps the records found (Match::record), for a caller that re-points references with
    /// Record::setParent() (a paste). Off by default: an import of a million rows keeps keys only.
    void setKeepRecords(bool keep) { m_keepRecords = keep; }

    /// Looks up every text not seen before (a batch of rows' worth). False with error() when a
    /// query failed; texts are then unresolved.
    [[nodiscard]] bool resolve(const QStringList &texts);
    /// The match for a text passed to resolve() before.
    Match match(const QString &text) const;
    QString error() const { return m_error; }

private:
    bool isKey(const QString &text) const;
    bool resolveKeys(const QStringList &texts);
    bool resolveLabels(const QStringList &texts);
    /// The records each text names by its label (by the folded text): the display column's value,
    /// or for a row named by several columns its whole label ("Jane Peacock") too.
    bool findNamed(const QStringList &texts, QHash<QString, orm::RecordList> *named);
    /// The display column's value as a cell shows it (blank padding off).
    QString displayValue(const orm::Record &record) const;
    /// The rows that texts of the form "Music (#8)" name by their key (orm::Namesakes::parse()),
    /// by the key's text; whether the label matches is for resolveLabels() to say.
    bool resolveKeyedLabels(const QStringList &texts, QHash<QString, orm::RecordPtr> *byKey);

    orm::Session &m_session;
    const orm::Relationship &m_relationship;
    ForeignKeyInput m_input;
    QHash<QString, Match> m_matches; ///< by the text as given
    QString m_error;
    bool m_keepRecords = false;
};

} // namespace io
