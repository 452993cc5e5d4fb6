#pragma once

#include "key.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace orm {

struct Relationship;
class Table;

/// Keys compared as the database compares them under a collation that makes different texts
/// equal: SQLite's NOCASE ('alfki' is 'ALFKI'; ASCII letters only, as SQLite folds them) and
/// RTRIM ('ALFKI  ' is 'ALFKI'). Every other collation, and BINARY, compares texts exactly and
/// leaves a key as it is.
///
/// For matching only: a child's foreign key with its parent's key when grouping children in
/// memory, a new key with the stored ones. The identity map keeps keys exact (one record per row
/// as the row holds its key); a collated key is never stored in a record.
namespace collated {

/// Whether `collation` (any case) makes different texts equal: NOCASE or RTRIM. The reflector
/// keeps only such a collation on a column; every other one compares texts exactly.
bool folds(const QString &collation);

/// `text` as `collation` compares it: NOCASE folds A–Z to a–z, RTRIM drops trailing blanks.
QString text(const QString &text, const QString &collation);

/// The collations by which `columns` of `table` compare their keys (Column::collation, as a
/// unique or primary key declares it); empty when none of them folds text.
QStringList ofKeyColumns(const Table &table, const QList<int> &columns);

/// The collations by which the database matches `relationship`'s foreign key with its parent's
/// referenced columns (Column::referenceCollation of each foreign key column); empty when none
/// of them folds text.
QStringList ofReference(const Relationship &relationship);

/// `key` with each text value folded by the collation of its position (`collations` as the two
/// functions above give them); `key` itself when `collations` is empty or the key holds no text.
Key key(const Key &key, const Table &table, const QList<int> &columns,
        const QStringList &collations);
/// key() of a parent key of `relationship` (its referenced columns), by ofReference()'s
/// `collations`: how a child's foreign key and its parent's key are matched.
Key parentKey(const Relationship &relationship, const Key &key, const QStringList &collations);

} // namespace collated

} // namespace orm
