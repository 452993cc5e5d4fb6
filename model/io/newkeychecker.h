#pragma once

#include "orm/key.h"
#include "orm/types.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>
#include <vector>

namespace orm {
class Session;
class Table;
} // namespace orm

namespace io {

/// Refuses new rows whose primary key is taken, before they are staged (an import's rows, whose
/// commit would otherwise fail on the first of them): by an earlier row of the same file, by a
/// record the session holds (loaded, or new and staged), or by a row of the database. Keys of every
/// shape: integer, text, several columns; a key is taken when the database would take it for the
/// same (a COLLATE NOCASE key's 'alfki' is its 'ALFKI'), and the row that has it is named. A row
/// whose key has a NULL part takes no key from the file (the database gives it) and is not checked.
///
/// Cost: the database is asked a chunk of keys at a time, one `SELECT … WHERE key IN (…)` per
/// StatementBuilder::chunkRows() keys. A one-column whole-number key is first compared with the
/// smallest and largest stored keys (read once, from the ends of the key's index): a key outside
/// them, as the keys of rows added after the others mostly are, is not asked for. The file's keys
/// are remembered while the import runs: a bit each for whole numbers that lie close together
/// (ids), a hash entry each otherwise; nothing outlives the checker.
///
/// Not checked: other UNIQUE constraints (the commit names them), and rows another user inserts
/// between the check and the commit.
class NewKeyChecker {
public:
    NewKeyChecker(orm::Session &session, const orm::Table &table);

    /// Checks the keys of `records` (new records with their values written; null entries are
    /// skipped), in order: an earlier record of this or an earlier call takes a key first.
    /// `problems` gets, per record, why its key is refused (empty when it is not). False when the
    /// database could not be asked (error() says why); `problems` is then incomplete.
    [[nodiscard]] bool check(const std::vector<const orm::Record *> &records,
                             QStringList *problems);
    QString error() const { return m_error; }

private:
    /// Remembers an integer key of the file; false when it was there already.
    bool insertInteger(qint64 key);
    /// For a one-column whole-number key: the smallest and largest stored keys (two reads by
    /// the key's index, once), so that keys outside them, as new rows' keys mostly are, need not
    /// be asked for. False on a database error.
    bool readStoredRange();
    /// A key of the file as a user reads it: `id = 5`, `(invoice_id, line_no) = (1, 2)`.
    QString describe(const orm::Key &key) const;
    /// `key` as the database matches keys (orm::collated): 'alfki' is a NOCASE key's 'ALFKI'.
    orm::Key matchKey(const orm::Key &key) const;
    /// The collations that fold the key, as SQL names them: "COLLATE NOCASE".
    QString collationsOf() const;

    orm::Session &m_session;
    const orm::Table &m_table;
    QList<int> m_columns;     ///< the primary key's columns
    QStringList m_collations; ///< how they compare (orm::collated::ofKeyColumns())
    QSet<orm::Key> m_staged;  ///< keys of the table's new records staged before the import
    // The file's keys so far: whole numbers in a bitmap from the first one on, while they stay
    // within reach of it; every other key in a hash.
    std::vector<quint64> m_bits;
    qint64 m_base = 0;
    bool m_haveBase = false;
    QSet<qint64> m_otherIntegers;
    QSet<orm::Key> m_otherKeys;
    // What readStoredRange() found
    bool m_rangeRead = false;
    bool m_haveRange = false;  ///< the keys below are the ends of the stored ones
    bool m_noneStored = false; ///< the table holds no row: nothing to ask
    qint64 m_lowest = 0;
    qint64 m_highest = 0;
    QString m_error;
};

} // namespace io
