#pragma once

#include "key.h"
#include "types.h"

#include <QHash>
#include <unordered_map>
#include <vector>

namespace orm {

class IdentityMap;
struct Relationship;
class Table;

/// The loaded parents of a relationship that refers to a unique key other than the primary key,
/// by their values of that key (Session::findLoadedParent()). The identity map finds a parent by
/// its primary key only; looking through every loaded parent at each call made a paste or an
/// import of many such references, and a flush deleting many such children, quadratic.
///
/// Built from the identity map on first use, and again once the parent table's loaded records
/// (IdentityMap::version()) or any of their values (valuesChanged(), which the session reports
/// for every change of a record's values) have changed since: so it answers exactly what a look
/// through the loaded parents would, the first of them in the identity map's order where several
/// share a key (a unique value edited into a duplicate, until commit refuses it).
class ParentIndex {
public:
    explicit ParentIndex(qsizetype tables);

    /// The loaded parent whose staged values of the relationship's referenced columns are `key`,
    /// or nullptr.
    RecordPtr find(const IdentityMap &identity, const Relationship &relationship, const Key &key);
    /// A value of a record of `table` changed: staged, stored (a flush) or committed (a load, a
    /// rollback).
    void valuesChanged(const Table &table);

private:
    struct Index {
        bool built = false;
        quint64 loaded = 0; ///< IdentityMap::version() of the parent table when built
        quint64 values = 0; ///< m_valueVersions of the parent table when built
        /// Not owned: while the versions hold, the identity map holds each (and a parent it lets
        /// go is not kept alive here)
        QHash<Key, Record *> byKey;
    };
    std::vector<quint64> m_valueVersions; ///< by dependency rank
    std::unordered_map<const Relationship *, Index> m_indexes;
};

} // namespace orm
