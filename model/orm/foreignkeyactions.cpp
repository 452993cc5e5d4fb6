#include "foreignkeyactions.h"

#include "metadata.h"
#include "table.h"

#include <QHash>

#include <algorithm>

namespace orm {

bool actsOnReferringRows(ReferentialAction action) {
    return action == OnDelete::Cascade || action == OnDelete::SetNull ||
           action == OnDelete::SetDefault;
}

QSet<int> referencedColumns(const Metadata &metadata, const Table &table) {
    QSet<int> columns;
    for (const Table *referring : metadata.tables()) {
        for (const ForeignKey &key : referring->foreignKeys()) {
            if (metadata.table(key.targetTable) == &table)
                columns.unite(QSet<int>(key.targetColumns.cbegin(), key.targetColumns.cend()));
        }
    }
    return columns;
}

QSet<const Table *> tablesReachedByActions(const Metadata &metadata, const ActionStarts &starts) {
    QSet<const Table *> deleting = starts.deleting;
    QSet<const Table *> rekeying = starts.rekeying;
    QSet<const Table *> reached;
    // The referenced columns of each table an action reaches, found once (each is a pass over
    // every foreign key of the schema)
    QHash<const Table *, QSet<int>> referencedOf;
    const auto referenced = [&](const Table &table) -> const QSet<int> & {
        auto found = referencedOf.find(&table);
        if (found == referencedOf.end())
            found = referencedOf.insert(&table, referencedColumns(metadata, table));
        return *found;
    };
    // A fixpoint over the schema: each round follows every foreign key from the tables known so
    // far; a table is added to a set at most once, so it ends.
    for (bool grew = true; grew;) {
        grew = false;
        for (const Table *child : metadata.tables()) {
            for (const ForeignKey &key : child->foreignKeys()) {
                const Table *parent = metadata.table(key.targetTable);
                if (!parent)
                    continue;
                const bool deletes = deleting.contains(parent) && actsOnReferringRows(key.onDelete);
                const bool updates = rekeying.contains(parent) && actsOnReferringRows(key.onUpdate);
                if (!deletes && !updates)
                    continue;
                if (!reached.contains(child)) {
                    reached.insert(child);
                    grew = true;
                }
                if (deletes && key.onDelete == OnDelete::Cascade && !deleting.contains(child)) {
                    deleting.insert(child);
                    grew = true;
                }
                // The referring columns change (set NULL, to their default, to the new key):
                // a key edit of the child where another foreign key refers to them
                const bool setsReferenced =
                    (updates || key.onDelete != OnDelete::Cascade) && !rekeying.contains(child) &&
                    std::any_of(key.columns.cbegin(), key.columns.cend(),
                                [&](int column) { return referenced(*child).contains(column); });
                if (setsReferenced) {
                    rekeying.insert(child);
                    grew = true;
                }
            }
        }
    }
    return reached;
}

} // namespace orm
