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
/// once per import. Labels read as orm::LabelReader reads them (the form the grid shows, "Music
/// (#8)" and "Music (new)" too; case ignored unless it decides between rows), as typed values do.
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

    orm::Session &m_session;
    const orm::Relationship &m_relationship;
    ForeignKeyInput m_input;
    QHash<QString, Match> m_matches; ///< by the text as given
    QString m_error;
    bool m_keepRecords = false;
};

} // namespace io
