#include "deleteresolver.h"

#include "record.h"
#include "relationship.h"
#include "session.h"
#include "sessioninternals.h"

namespace orm {

namespace {

QString withArticle(const QString &noun) {
    static const QString vowels = QStringLiteral("aeiou");
    const bool vowel = !noun.isEmpty() && vowels.contains(noun.at(0).toLower());
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + noun;
}

RecordList ofTable(const RecordList &records, const Table *table) {
    RecordList result;
    for (const RecordPtr &record : records) {
        if (&record->table() == table)
            result.append(record);
    }
    return result;
}

} // namespace

DeleteResolver::DeleteResolver(Session &session)
    : m_session(session) {
}

void DeleteResolver::take(const RecordPtr &record, int depth, const QString &reason,
                          const QString &path) {
    m_members.insert(record.get());
    m_paths.insert(record.get(), path);
    m_deleted.append(DeletePreview::Deleted{record, depth, reason, path});
    if (record->state() == ObjectState::Pending || record->state() == ObjectState::Transient)
        m_discarded.append(record);
}

bool DeleteResolver::loadAll(const RecordList &parents, const Relationship &relationship) {
    if (parents.isEmpty() || m_session.loadChildren(parents, relationship))
        return true;
    m_error = m_session.lastError();
    return false;
}

bool DeleteResolver::countDatabaseEffect(const RecordList &parents,
                                         const Relationship &relationship) {
    const ForeignKey *key = relationship.child->foreignKey(relationship.foreignKeyColumn);
    const OnDelete action = key ? key->onDelete : OnDelete::NoAction;
    QVariantList ids;
    for (const RecordPtr &parent : parents) {
        if (!parent->id().isNull())
            ids.append(parent->id());
    }
    if (ids.isEmpty())
        return true;
    Query query;
    query.where =
        m_session.dialect().quote(relationship.child->column(relationship.foreignKeyColumn).name) +
        QStringLiteral(" IN (") +
        QStringList(ids.size(), QStringLiteral("?")).join(QLatin1Char(',')) + QLatin1Char(')');
    query.binds = ids;
    const qint64 rows = m_session.count(*relationship.child, query);
    if (rows < 0) {
        m_error = m_session.lastError();
        return false;
    }
    if (rows == 0)
        return true;
    DeletePreview::DatabaseEffect effect;
    effect.table = relationship.child->name();
    effect.action = action;
    effect.rows = rows;
    const QString column = relationship.child->column(relationship.foreignKeyColumn).name;
    const QString verb = action == OnDelete::SetNull
                             ? QStringLiteral("sets %1 to NULL in").arg(column)
                             : QStringLiteral("deletes");
    effect.reason = QStringLiteral("the database %1 %2 %3 (ON DELETE %4, %5 has passive deletes)")
                        .arg(verb)
                        .arg(rows)
                        .arg(rows == 1 ? QStringLiteral("row of ") + relationship.child->name()
                                       : QStringLiteral("rows of ") + relationship.child->name(),
                             onDeleteName(action), relationship.qualifiedName());
    m_databaseEffects.append(effect);
    return true;
}

bool DeleteResolver::resolve(const RecordList &seeds, const QSet<Record *> &alreadyDeleted,
                             bool foreignKeyEffects,
                             const QHash<const Record *, QString> &seedReasons) {
    for (Record *record : alreadyDeleted)
        m_already.insert(record);
    RecordList frontier;
    for (const RecordPtr &seed : seeds) {
        if (m_members.contains(seed.get()) || m_already.contains(seed.get()))
            continue;
        take(seed, 0, seedReasons.value(seed.get()), seed->displayName());
        frontier.append(seed);
    }

    // Phase 1: follow `delete` cascades level by level, loading each level's collections in bulk.
    // Children of many parents that came from one query are read through that query (a
    // subquery), so a level costs one statement however many records it holds.
    const auto &relationships = m_session.metadata().relationships();
    QHash<const Table *, KeySource> sources;            // selects the keys of `covered`
    QHash<const Table *, QSet<const Record *>> covered; // frontier records whose rows it selects
    for (int depth = 1; !frontier.isEmpty(); ++depth) {
        RecordList next;
        QHash<const Table *, KeySource> nextSources;
        QHash<const Table *, QSet<const Record *>> nextCovered;
        QSet<const Table *> mixed; // child tables reached by more than one load this level
        for (const Relationship &relationship : relationships) {
            if (!(relationship.cascade & CascadeFlag::Delete))
                continue;
            const RecordList parents = ofTable(frontier, relationship.parent);
            if (parents.isEmpty())
                continue;
            RecordList viaSource, directly, leftToDatabase;
            const KeySource *source = nullptr;
            if (auto found = sources.constFind(relationship.parent); found != sources.constEnd())
                source = &found.value();
            const QSet<const Record *> &inSource = covered[relationship.parent];
            for (const RecordPtr &parent : parents) {
                if (SessionInternals::loadedChildren(*parent, relationship))
                    continue;
                if (relationship.passiveDeletes)
                    leftToDatabase.append(parent);
                else if (source && inSource.contains(parent.get()))
                    viaSource.append(parent);
                else
                    directly.append(parent);
            }
            KeySource childKeys;
            RecordList loadedNow = viaSource.isEmpty() ? directly : viaSource;
            if (!viaSource.isEmpty() &&
                !SessionInternals::loadChildrenFrom(m_session, viaSource, relationship, source,
                                                    &childKeys)) {
                m_error = m_session.lastError();
                return false;
            }
            if (!directly.isEmpty() &&
                !SessionInternals::loadChildrenFrom(m_session, directly, relationship, nullptr,
                                                    viaSource.isEmpty() ? &childKeys : nullptr)) {
                m_error = m_session.lastError();
                return false;
            }
            if (foreignKeyEffects && !countDatabaseEffect(leftToDatabase, relationship))
                return false;
            const Table *childTable = relationship.child;
            if (childKeys.isValid() && !mixed.contains(childTable) &&
                !nextSources.contains(childTable)) {
                nextSources.insert(childTable, childKeys);
                QSet<const Record *> &rows = nextCovered[childTable];
                for (const RecordPtr &parent : std::as_const(loadedNow)) {
                    for (const RecordPtr &child :
                         *SessionInternals::loadedChildren(*parent, relationship)) {
                        if (SessionInternals::isUntouched(*child))
                            rows.insert(child.get());
                    }
                }
            } else {
                mixed.insert(childTable);
                nextSources.remove(childTable);
                nextCovered.remove(childTable);
            }
            // Built once per relationship and once per parent, not once per child: an author
            // with 100,000 books made them the largest cost of a preview after loading the rows.
            const QString reason = relationship.cascadeSentence();
            for (const RecordPtr &parent : parents) {
                const auto *children = SessionInternals::loadedChildren(*parent, relationship);
                if (!children || children->empty())
                    continue;
                const QString prefix = m_paths.value(parent.get()) + QStringLiteral(" → ");
                for (const RecordPtr &child : *children) {
                    if (m_members.contains(child.get()) || m_already.contains(child.get()))
                        continue;
                    take(child, depth, reason, prefix + child->displayName());
                    next.append(child);
                }
            }
        }
        frontier = next;
        sources = std::move(nextSources);
        covered = std::move(nextCovered);
    }
    if (!foreignKeyEffects)
        return true;

    // Phase 2: children that stay behind are set to NULL, block the delete, or are discarded.
    RecordList parentsBeingDeleted;
    for (const DeletePreview::Deleted &entry : std::as_const(m_deleted))
        parentsBeingDeleted.append(entry.record);
    for (const Relationship &relationship : relationships) {
        if (relationship.cascade & CascadeFlag::Delete)
            continue;
        const RecordList parents = ofTable(parentsBeingDeleted, relationship.parent);
        if (parents.isEmpty())
            continue;
        RecordList toLoad, leftToDatabase;
        for (const RecordPtr &parent : parents) {
            if (!SessionInternals::loadedChildren(*parent, relationship))
                (relationship.passiveDeletes ? leftToDatabase : toLoad).append(parent);
        }
        if (!loadAll(toLoad, relationship) || !countDatabaseEffect(leftToDatabase, relationship))
            return false;
        const int column = relationship.foreignKeyColumn;
        for (const RecordPtr &parent : parents) {
            const auto *children = SessionInternals::loadedChildren(*parent, relationship);
            if (!children)
                continue;
            for (const RecordPtr &child : *children) {
                if (m_members.contains(child.get()) || m_already.contains(child.get()))
                    continue;
                if (relationship.foreignKeyNullable()) {
                    m_nulled.append(DeletePreview::Nulled{
                        child, column,
                        QStringLiteral("'%1' will no longer have %2")
                            .arg(child->displayText(), withArticle(relationship.backrefName))});
                } else if (child->state() == ObjectState::Pending) {
                    take(child, 1,
                         QStringLiteral("not saved yet, and its %1 is being deleted")
                             .arg(relationship.backrefName),
                         m_paths.value(parent.get()) + QStringLiteral(" → ") +
                             child->displayName());
                } else {
                    m_blockers.append(DeletePreview::Blocker{
                        child, parent, column,
                        QStringLiteral("still refers to %1 (its %2 cannot be empty, and %3 does "
                                       "not cascade deletes)")
                            .arg(parent->displayName(), relationship.backrefName,
                                 relationship.qualifiedName())});
                }
            }
        }
    }
    return true;
}

} // namespace orm
