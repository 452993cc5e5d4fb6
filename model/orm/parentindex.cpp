#include "parentindex.h"

#include "collatedkey.h"
#include "identitymap.h"
#include "record.h"
#include "relationship.h"
#include "table.h"

namespace orm {

ParentIndex::ParentIndex(qsizetype tables)
    : m_valueVersions(size_t(tables)) {
}

void ParentIndex::valuesChanged(const Table &table) {
    ++m_valueVersions[size_t(table.dependencyRank())];
}

RecordPtr ParentIndex::find(const IdentityMap &identity, const Relationship &relationship,
                            const Key &key) {
    const Table &parents = *relationship.parent;
    const quint64 loaded = identity.version(parents);
    const quint64 values = m_valueVersions[size_t(parents.dependencyRank())];
    Index &index = m_indexes[&relationship];
    // Keys as the database matches them: 'alfki' finds a NOCASE parent's 'ALFKI'
    const QStringList collations = collated::ofReference(relationship);
    if (!index.built || index.loaded != loaded || index.values != values) {
        index.byKey.clear();
        for (const RecordPtr &parent : identity.records(parents)) {
            const Key referenced = collated::parentKey(
                relationship, relationship.referencedKeyOf(*parent), collations);
            if (!referenced.isNull() && !index.byKey.contains(referenced))
                index.byKey.insert(referenced, parent.get()); // the first, as a scan finds
        }
        index.built = true;
        index.loaded = loaded;
        index.values = values;
    }
    Record *parent = index.byKey.value(collated::parentKey(relationship, key, collations));
    return parent ? parent->shared_from_this() : nullptr;
}

} // namespace orm
