#include "deleteresolver.h"

#include "loader.h"
#include "metadata.h"
#include "record.h"
#include "relationship.h"
#include "selectrunner.h"
#include "sessioninternals.h"
#include "statementbuilder.h"
#include "table.h"
#include "unitofwork.h"
#include "values.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <algorithm>

namespace orm {

namespace {

QString withArticle(const QString &noun) {
    static const QString vowels = QStringLiteral("aeiou");
    const bool vowel = !noun.isEmpty() && vowels.contains(noun.at(0).toLower());
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + noun;
}

/// What a row of the child refers to through `key`, as the parent's target columns hold it
/// (normalised by the parent's column types, so an integer stays an integer).
Key referenceOf(const Table &parent, const ForeignKey &key, const QVariantList &childRow) {
    if (childRow.isEmpty() || key.targetColumns.size() != key.columns.size())
        return Key();
    if (key.columns.size() == 1)
        return Key::ofValue(parent, key.targetColumns.first(), childRow.at(key.columns.first()));
    QVariantList values;
    for (int column : key.columns)
        values.append(childRow.at(column));
    // A composite reference with a NULL in it refers to nothing (MATCH SIMPLE).
    for (const QVariant &value : std::as_const(values)) {
        if (value.isNull())
            return Key();
    }
    return Key::ofValues(parent, key.targetColumns, values);
}

/// The row a record has in the database, else (never stored) its staged values.
QVariantList storedRow(const Record &record) {
    QVariantList row;
    row.reserve(record.table().columnCount());
    for (int column = 0; column < record.table().columnCount(); ++column)
        row.append(record.storedValue(column));
    return row;
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

DeleteResolver::DeleteResolver(const Metadata &metadata, const Dialect *dialect, Loader &loader,
                               const UnitOfWork &work, SelectRunner &selects, qint64 countAbove)
    : m_metadata(metadata)
    , m_dialect(dialect)
    , m_loader(loader)
    , m_work(work)
    , m_selects(selects)
    , m_moves(metadata, dialect, loader, work, selects)
    , m_walker(
          metadata, dialect, selects, [this](const Table &table) { return keysGoingAnyway(table); },
          m_moves)
    , m_counter(metadata, dialect, work, selects, m_walker, countAbove)
    , m_counting(countAbove != NeverCount) {
}

const Dialect &DeleteResolver::dialect() const {
    Q_ASSERT(m_dialect); // SQL runs only while a database is open
    return *m_dialect;
}

QVariantList DeleteResolver::keysGoingAnyway(const Table &table) const {
    QVariantList keys; // key after key, each in key order (any number of columns)
    const auto add = [&](const Record *record) {
        if (&record->table() == &table && record->state() == ObjectState::Persistent)
            keys.append(record->storedKey().values());
    };
    for (const Record *record : m_members)
        add(record);
    for (const Record *record : m_already)
        add(record);
    return keys;
}

void DeleteResolver::take(const RecordPtr &record, int depth, const QString &reason,
                          const QString &path) {
    m_members.insert(record.get());
    if (m_listingPaths)
        m_paths.insert(record.get(), path);
    m_deleted.append(DeletePreview::Deleted{record, depth, reason, path});
    if (record->state() == ObjectState::Pending || record->state() == ObjectState::Transient)
        m_discarded.append(record);
}

QString DeleteResolver::pathTo(const Record *parent, const Record &record) const {
    if (!m_listingPaths)
        return {};
    return parent ? m_paths.value(parent) + QStringLiteral(" → ") + record.displayName()
                  : record.displayName();
}

bool DeleteResolver::loadAll(const RecordList &parents, const Relationship &relationship) {
    if (parents.isEmpty() || m_loader.loadChildren(parents, relationship))
        return true;
    m_error = m_loader.error();
    return false;
}

bool DeleteResolver::countReferences(const RecordList &parents, const Table &child,
                                     const ForeignKey &key, const Relationship *relationship,
                                     QHash<Key, qint64> *counts) {
    const Table *parentTable = m_metadata.table(key.targetTable);
    if (!parentTable || key.targetColumns.size() != key.columns.size())
        return true;
    // The values the parents' rows hold in the referenced columns.
    QList<Key> referenced;
    QSet<Key> deletedKeys;
    for (const RecordPtr &parent : parents) {
        if (parent->state() != ObjectState::Persistent && parent->state() != ObjectState::Deleted)
            continue;
        const Key value = Key::ofColumns(*parentTable, key.targetColumns, storedRow(*parent));
        if (!value.isNull() && !deletedKeys.contains(value)) {
            referenced.append(value);
            deletedKeys.insert(value);
        }
    }
    const StatementBuilder sql(dialect());
    const QString columns = sql.columns(child, key.columns);
    const qsizetype width = key.columns.size();
    for (const auto &[start, size] : Loader::chunks(referenced.size(), width)) {
        QVariantList binds;
        for (qsizetype i = 0; i < size; ++i)
            StatementBuilder::appendKey(&binds, referenced.at(start + i));
        const QString statement =
            QStringLiteral("SELECT %1, count(*) FROM %2 WHERE %3 GROUP BY %1")
                .arg(columns, sql.table(child), sql.in(child, key.columns, size));
        QSqlQuery *result = nullptr;
        if (!m_selects.select(statement, binds, &child, &result)) {
            m_error = m_selects.error();
            return false;
        }
        while (result->next()) {
            QVariantList values;
            for (qsizetype i = 0; i < width; ++i)
                values.append(result->value(int(i)));
            counts->insert(Key::ofValues(*parentTable, key.targetColumns, values),
                           result->value(int(width)).toLongLong());
        }
        result->finish();
    }
    // The flush deletes and re-points children before it deletes their parents (saves first,
    // child tables first): the rows of those no longer refer to a parent when it goes, and
    // children staged to refer to it (re-pointed or new) will.
    QSet<const Record *> seen;
    const auto correct = [&](const RecordPtr &record) {
        const ObjectState state = record->state();
        if (&record->table() != &child ||
            (state != ObjectState::Persistent && state != ObjectState::Pending) ||
            seen.contains(record.get()))
            return;
        seen.insert(record.get());
        const bool goes = m_members.contains(record.get()) || m_already.contains(record.get()) ||
                          record->isMarkedForDelete();
        const Key stored = state == ObjectState::Persistent
                               ? referenceOf(*parentTable, key, storedRow(*record))
                               : Key();
        const Key now = referenceOf(*parentTable, key, record->values());
        if (!stored.isNull()) {
            const auto found = counts->find(stored);
            const bool movedAway =
                now != stored ||
                (relationship && (SessionInternals::parentAwaitingKey(*record, *relationship) ||
                                  SessionInternals::isExplicitOrphan(*record, *relationship)));
            if (found != counts->end() && (goes || movedAway))
                --found.value();
        }
        if (!goes && !now.isNull() && now != stored && deletedKeys.contains(now))
            ++(*counts)[now];
    };
    for (const DeletePreview::Deleted &entry : std::as_const(m_deleted))
        correct(entry.record);
    for (const RecordPtr &record : m_work.pending())
        correct(record);
    for (const RecordPtr &record : m_work.edited())
        correct(record);
    return true;
}

bool DeleteResolver::checkDatabaseAction(const RecordList &parents, const Table &child,
                                         const ForeignKey &key, const Relationship *relationship) {
    if (parents.isEmpty())
        return true;
    QHash<Key, qint64> counts;
    if (!countReferences(parents, child, key, relationship, &counts))
        return false;
    const Table *parentTable = m_metadata.table(key.targetTable);
    const OnDelete action = key.onDelete;
    const QString columnName = child.columnNames(key.columns);
    const QString cause =
        relationship && relationship->followsDatabase
            ? QCoreApplication::translate("orm", "ON DELETE %1 on %2.%3")
                  .arg(onDeleteName(action), child.name(), columnName)
        : relationship ? QCoreApplication::translate("orm", "ON DELETE %1, %2 has passive deletes")
                             .arg(onDeleteName(action), relationship->qualifiedName())
                       : QCoreApplication::translate(
                             "orm", "ON DELETE %1 on %2.%3, which no relationship follows")
                             .arg(onDeleteName(action), child.name(), columnName);
    const auto rowsOf = [&child](qint64 rows) {
        return rows == 1 ? QCoreApplication::translate("orm", "1 row of %1").arg(child.name())
                         : QCoreApplication::translate("orm", "%1 rows of %2")
                               .arg(rows)
                               .arg(child.name());
    };
    const int column = key.column();

    // SET NULL on a column that cannot be NULL: the database refuses the delete as it would for
    // RESTRICT.
    const bool notNull = std::any_of(key.columns.begin(), key.columns.end(),
                                     [&child](int c) { return !child.column(c).nullable; });
    const bool refused = action == OnDelete::Restrict || action == OnDelete::NoAction ||
                         (action == OnDelete::SetNull && notNull);
    if (action == OnDelete::SetDefault && !refused) {
        // Where the rows go is known once the whole delete is (the row their DEFAULT names may
        // be deleted too): SetDefaultMoves decides, per parent, in settle().
        for (const RecordPtr &parent : parents) {
            const Key referenced =
                Key::ofColumns(*parentTable, key.targetColumns, storedRow(*parent));
            if (referenced.isNull())
                continue;
            const qint64 rows = counts.take(referenced);
            if (rows > 0)
                m_moves.add(
                    SetDefaultMoves::Move{&child, &key, rows, parent,
                                          StatementBuilder(dialect()).equals(child, key.columns),
                                          referenced.values(), cause});
        }
        return true;
    }
    if (refused) {
        // The database refuses to delete a parent that rows still refer to: each such parent is
        // blocked, named with how many rows keep it.
        for (const RecordPtr &parent : parents) {
            const Key referenced =
                Key::ofColumns(*parentTable, key.targetColumns, storedRow(*parent));
            if (referenced.isNull())
                continue;
            const qint64 rows = counts.take(referenced);
            if (rows <= 0)
                continue;
            DeletePreview::Blocker blocker;
            blocker.blocked = parent;
            blocker.column = column;
            blocker.table = &child;
            blocker.rows = rows;
            // The rows whose foreign key holds the parent's referenced values, every column of it.
            blocker.rowsCondition = StatementBuilder(dialect()).equals(child, key.columns);
            blocker.rowsBinds = referenced.values();
            blocker.action = action;
            blocker.reason =
                (rows == 1 ? QCoreApplication::translate("orm", "%1 still refers to it (%2)")
                           : QCoreApplication::translate("orm", "%1 still refer to it (%2)"))
                    .arg(rowsOf(rows), cause);
            m_blockers.append(blocker);
        }
        return true;
    }

    qint64 rows = 0;
    for (const qint64 count : std::as_const(counts))
        rows += std::max<qint64>(count, 0);
    if (rows == 0)
        return true;
    // The rows the database deletes are those whose foreign key holds a parent's referenced
    // values (any number of columns), in chunks of parents
    QList<QPair<QString, QVariantList>> chunks;
    if (action == OnDelete::Cascade) {
        QList<Key> referenced;
        for (const RecordPtr &parent : parents) {
            const Key value = Key::ofColumns(*parentTable, key.targetColumns, storedRow(*parent));
            if (!value.isNull())
                referenced.append(value);
        }
        const StatementBuilder sql(dialect());
        for (const auto &[start, size] : Loader::chunks(referenced.size(), key.columns.size())) {
            QString condition = sql.in(child, key.columns, size);
            QVariantList binds;
            for (qsizetype i = 0; i < size; ++i)
                StatementBuilder::appendKey(&binds, referenced.at(start + i));
            // Rows deleted along another key of this delete too are counted there
            qint64 overlap = 0;
            if (!m_walker.claimDeleted(child, key, &condition, &binds, &overlap)) {
                m_error = m_walker.error();
                return false;
            }
            rows -= overlap;
            chunks.append({condition, binds});
        }
        if (rows <= 0)
            return true;
    }
    DeletePreview::DatabaseEffect effect;
    effect.table = child.name();
    effect.action = action;
    effect.rows = rows;
    const QString reason =
        action == OnDelete::SetNull
            ? QCoreApplication::translate("orm", "the database sets %1 to NULL in %2 (%3)")
                  .arg(columnName, rowsOf(rows), cause)
            : QCoreApplication::translate("orm", "the database deletes %1 (%2)")
                  .arg(rowsOf(rows), cause);
    effect.reason = reason;
    m_databaseEffects.append(effect);
    // The rows the database deletes have children of their own: follow its actions down.
    for (const auto &[condition, binds] : std::as_const(chunks)) {
        m_moves.addCascaded(child, condition, binds);
        if (!m_walker.walk(child, condition, binds, parents.first(), child.name())) {
            m_error = m_walker.error();
            return false;
        }
    }
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
        take(seed, 0, seedReasons.value(seed.get()), pathTo(nullptr, *seed));
        frontier.append(seed);
    }

    // Phase 1: follow `delete` cascades level by level, loading each level's collections in bulk.
    // Children of many parents that came from one query are read through that query (a
    // subquery), so a level costs one statement however many records it holds.
    const auto &relationships = m_metadata.relationships();
    QHash<const Table *, KeySource> sources;            // selects the keys of `covered`
    QHash<const Table *, QSet<const Record *>> covered; // frontier records whose rows it selects
    // Counted once phase 1 is done, so that every child the ORM deletes itself is known.
    QList<QPair<const Relationship *, RecordList>> leftToDatabaseByLevel;
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
            if (m_counting && !(viaSource.isEmpty() && directly.isEmpty())) {
                const RecordList unloaded = viaSource + directly;
                const QString path = unloaded.size() == 1 ? m_paths.value(unloaded.first().get())
                                                          : relationship.parent->name();
                switch (m_counter.count(relationship, unloaded, depth, path)) {
                case CascadeCounter::Outcome::Failed:
                    m_error = m_counter.error();
                    return false;
                case CascadeCounter::Outcome::Counted:
                    viaSource.clear();
                    directly.clear();
                    break;
                case CascadeCounter::Outcome::Load:
                    break;
                }
            }
            KeySource childKeys;
            RecordList loadedNow = viaSource.isEmpty() ? directly : viaSource;
            if (!viaSource.isEmpty() &&
                !m_loader.loadChildren(viaSource, relationship, source, &childKeys)) {
                m_error = m_loader.error();
                return false;
            }
            if (!directly.isEmpty() &&
                !m_loader.loadChildren(directly, relationship, nullptr,
                                       viaSource.isEmpty() ? &childKeys : nullptr)) {
                m_error = m_loader.error();
                return false;
            }
            if (foreignKeyEffects && !leftToDatabase.isEmpty())
                leftToDatabaseByLevel.append({&relationship, leftToDatabase});
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
                const QString prefix = m_listingPaths
                                           ? m_paths.value(parent.get()) + QStringLiteral(" → ")
                                           : QString();
                for (const RecordPtr &child : *children) {
                    if (m_members.contains(child.get()) || m_already.contains(child.get()))
                        continue;
                    take(child, depth, reason,
                         m_listingPaths ? prefix + child->displayName() : QString());
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
    for (const auto &[relationship, parents] : std::as_const(leftToDatabaseByLevel)) {
        if (!checkDatabaseAction(parents, *relationship->child, *relationship->foreignKey,
                                 relationship))
            return false;
    }

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
        if (relationship.followsDatabase) {
            // A reflected schema: the database's ON DELETE decides for every child, loaded or not
            // (docs/contract.md §7 rule 2); counted in SQL, corrected for what is staged.
            if (!checkDatabaseAction(parents, *relationship.child, *relationship.foreignKey,
                                     &relationship))
                return false;
            continue;
        }
        for (const RecordPtr &parent : parents) {
            if (!SessionInternals::loadedChildren(*parent, relationship))
                (relationship.passiveDeletes ? leftToDatabase : toLoad).append(parent);
        }
        if (!loadAll(toLoad, relationship) ||
            !checkDatabaseAction(leftToDatabase, *relationship.child, *relationship.foreignKey,
                                 &relationship))
            return false;
        const int column = relationship.foreignKeyColumns.first(); // declared: one column
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
                        QCoreApplication::translate("orm", "'%1' will no longer have %2")
                            .arg(child->displayText(), withArticle(relationship.backrefName))});
                } else if (child->state() == ObjectState::Pending) {
                    take(child, 1,
                         QCoreApplication::translate("orm",
                                                     "not saved yet, and its %1 is being deleted")
                             .arg(relationship.backrefName),
                         pathTo(parent.get(), *child));
                } else {
                    DeletePreview::Blocker blocker;
                    blocker.record = child;
                    blocker.blocked = parent;
                    blocker.column = column;
                    blocker.table = relationship.child;
                    blocker.reason =
                        QCoreApplication::translate(
                            "orm", "still refers to %1 (its %2 cannot be empty, and %3 does "
                                   "not cascade deletes)")
                            .arg(parent->displayName(), relationship.backrefName,
                                 relationship.qualifiedName());
                    m_blockers.append(blocker);
                }
            }
        }
    }

    // Phase 3: foreign keys that no relationship follows are the database's alone.
    for (const Table *child : m_metadata.tables()) {
        for (const ForeignKey &key : child->foreignKeys()) {
            const bool followed = std::any_of(child->parentRelationships().begin(),
                                              child->parentRelationships().end(),
                                              [&key](const Relationship *relationship) {
                                                  return relationship->foreignKey == &key;
                                              });
            if (followed)
                continue;
            const RecordList parents =
                ofTable(parentsBeingDeleted, m_metadata.table(key.targetTable));
            if (!checkDatabaseAction(parents, *child, key, nullptr))
                return false;
        }
    }
    // What the database's cascades do further down, after the first level.
    m_databaseEffects.append(m_walker.effects());
    m_blockers.append(m_walker.blockers());
    // Last, where SET DEFAULT sends rows: everything this delete removes is known now.
    QList<const Record *> deletedByOrm;
    for (const DeletePreview::Deleted &entry : std::as_const(m_deleted))
        deletedByOrm.append(entry.record.get());
    for (const Record *record : std::as_const(m_already))
        deletedByOrm.append(record);
    if (!m_moves.settle(deletedByOrm, m_counter.counted())) {
        m_error = m_moves.error();
        return false;
    }
    m_databaseEffects.append(m_moves.effects());
    m_blockers.append(m_moves.blockers());
    return true;
}

} // namespace orm
