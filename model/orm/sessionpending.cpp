// Session: what is staged — the pending-changes listing, the SQL preview and the delete preview.

#include "session.h"

#include "deleteresolver.h"
#include "flushplanner.h"
#include "flushsql.h"
#include "keyeditpreview.h"
#include "sessioninternals.h"
#include "statementbuilder.h"

namespace orm {

void PendingListing::count(PendingChange::Kind kind, const Table *table) {
    ++total;
    // Mostly the entry counted last: a table's rows come together in a flush's order
    for (qsizetype i = counts.size() - 1; i >= 0; --i) {
        if (counts[i].kind == kind && counts[i].table == table) {
            ++counts[i].count;
            return;
        }
    }
    counts.append({kind, table, 1});
}

QList<PendingChange> Session::pendingChanges() {
    return pendingListing(-1).changes;
}

qsizetype Session::pendingChangeCount() {
    return pendingListing(0).total;
}

PendingListing Session::pendingListing(qsizetype listed) {
    PendingListing listing;
    QList<PendingChange> &changes = listing.changes;
    qsizetype listedOf[3] = {}; // by kind
    // Counts the change; true when it is listed (the kind's list is not full yet)
    const auto list = [&](PendingChange::Kind kind, const Table &table) {
        listing.count(kind, &table);
        qsizetype &listedHere = listedOf[int(kind)];
        if (listed >= 0 && listedHere >= listed)
            return false;
        ++listedHere;
        return true;
    };
    FlushPlan plan;
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
    resolver.setListingPaths(false); // what it deletes, not how it is reached
    FlushPlanner planner(m_work, m_metadata, m_dialect.get(), resolver);
    planner.setLenient(true);
    if (!planner.plan(&plan)) {
        setError(planner.error());
        return listing;
    }
    QHash<const Record *, QString> reasons;
    for (const DeletePreview::Deleted &entry : std::as_const(plan.deleteReasons))
        reasons.insert(entry.record.get(), entry.reason);
    QHash<const Record *, qsizetype> newAt; // the change listing each new record
    ReferencedEditPreview referencedEdits(*this);
    for (const FlushPlan::Write &write : plan.writes) {
        if (write.freesDelete())
            continue; // part of the record's delete, listed as such (the SQL preview shows it)
        if (write.completesInsert()) {
            // Set by an UPDATE after the INSERT (a cycle): listed as the new record's value.
            const auto at = newAt.constFind(write.record.get());
            if (at == newAt.cend())
                continue; // counted, not listed
            PendingChange &inserted = changes[*at];
            for (PendingChange::ColumnChange &entry : inserted.columns) {
                if (!write.columns().contains(entry.column))
                    continue;
                entry.after = write.value(entry.column);
                for (const AwaitedKey &awaited : write.awaitingKeys()) {
                    if (awaited.column == entry.column)
                        entry.afterText = awaited.parent->displayName();
                }
            }
            continue;
        }
        const PendingChange::Kind kind =
            write.insert() ? PendingChange::Kind::New : PendingChange::Kind::Modified;
        if (!list(kind, write.record->table()))
            continue;
        if (write.insert())
            newAt.insert(write.record.get(), changes.size());
        PendingChange change;
        change.kind = kind;
        change.record = write.record;
        for (int column : write.columns()) {
            PendingChange::ColumnChange entry;
            entry.column = column;
            entry.before = write.insert() ? QVariant() : write.record->storedValue(column);
            entry.after = write.value(column);
            for (const AwaitedKey &awaited : write.awaitingKeys()) {
                if (awaited.column == column)
                    entry.afterText = awaited.parent->displayName();
            }
            if (write.nulledColumns().contains(column))
                change.reason =
                    tr("its %1 is being deleted")
                        .arg(write.record->table().relationshipForColumn(column)->backrefName);
            change.columns.append(entry);
        }
        if (!write.insert()) {
            Error error;
            if (!referencedEdits.preview(*write.record, write.columns(), &change, &error))
                setError(error); // the change is still listed, without its effects
        }
        changes.append(change);
    }
    for (const RecordPtr &record : std::as_const(plan.deletes)) {
        if (!list(PendingChange::Kind::Deleted, record->table()))
            continue;
        PendingChange change;
        change.kind = PendingChange::Kind::Deleted;
        change.record = record;
        change.reason = reasons.value(record.get());
        changes.append(change);
    }
    return listing;
}

QStringList Session::previewSql(qsizetype limit, qsizetype *notShown) {
    if (notShown)
        *notShown = 0;
    QStringList statements;
    FlushPlan plan;
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
    resolver.setListingPaths(false); // what it deletes, not how it is reached
    FlushPlanner planner(m_work, m_metadata, m_dialect.get(), resolver);
    planner.setLenient(true);
    if (!planner.plan(&plan)) {
        setError(planner.error());
        return statements;
    }
    if (plan.isEmpty())
        return statements;
    const KeyOf keyOf = [](const AwaitedKey &awaited) {
        // A referenced column outside the key (a unique code) is known before the INSERT.
        const RecordPtr &parent = awaited.parent;
        const QVariant value = parent->value(awaited.parentColumn);
        if (!value.isNull() && !parent->table().isKeyColumn(awaited.parentColumn))
            return value;
        return placeholderValue(QStringLiteral("<new key of %1>").arg(parent->displayName()));
    };
    StatementShapes shapes(*m_dialect);
    statements << StatementBuilder::begin();
    // The statements commit runs, batches included (FlushExecutor).
    std::size_t more = 0;
    const std::vector<StatementGroup> groups =
        shapes.groups(plan, m_dialect->writeBatchRows() > 1,
                      limit < 0 ? std::size_t(-1) : std::size_t(limit), &more);
    for (const StatementGroup &group : groups)
        statements << renderStatement(shapes.statementFor(group, keyOf));
    if (notShown)
        *notShown = qsizetype(more);
    statements << StatementBuilder::commit();
    return statements;
}

DeletePreview Session::previewDelete(const RecordPtr &record) {
    return previewDelete(RecordList{record});
}

DeletePreview Session::previewDelete(const RecordList &records) {
    clearError();
    DeletePreview preview;
    preview.root = records.value(0);
    for (const RecordPtr &record : records) {
        if (!record || record->session() != this) {
            preview.error = tr("The record is not in this session.");
            return preview;
        }
    }
    QSet<Record *> staged;
    for (const RecordPtr &touched : m_work.edited()) {
        if (touched->m_markedForDelete)
            staged.insert(touched.get());
    }
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects,
                            m_deletePreviewListLimit);
    if (!resolver.resolve(records, staged, true)) {
        setError(resolver.error());
        preview.error = resolver.error().fullText();
        return preview;
    }
    preview.deleted = resolver.deleted();
    preview.counted = resolver.counted();
    preview.nulled = resolver.nulled();
    preview.blockers = resolver.blockers();
    preview.databaseEffects = resolver.databaseEffects();
    // Triggers run on the rows the delete touches: Shelf cannot know what they do. The rows it
    // deletes fire DELETE triggers; the rows it sets to NULL (or the database moves to their
    // DEFAULT) fire UPDATE ones. Other triggers (on INSERT) do not run, and are not mentioned.
    QStringList fired;
    const auto fires = [this, &fired](const QString &name, TriggerEvent event) {
        const Table *table = m_metadata.table(name);
        if (table && table->triggerEvents().testFlag(event) && !fired.contains(name))
            fired << name;
    };
    for (const DeletePreview::Deleted &entry : std::as_const(preview.deleted))
        fires(entry.record->table().name(), TriggerEvent::Delete);
    for (const DeletePreview::Counted &entry : std::as_const(preview.counted))
        fires(entry.table->name(), TriggerEvent::Delete);
    for (const DeletePreview::Nulled &entry : std::as_const(preview.nulled))
        fires(entry.record->table().name(), TriggerEvent::Update);
    for (const DeletePreview::DatabaseEffect &effect : std::as_const(preview.databaseEffects)) {
        if (effect.action == OnDelete::Cascade)
            fires(effect.table, TriggerEvent::Delete);
        else if (effect.action == OnDelete::SetNull || effect.action == OnDelete::SetDefault)
            fires(effect.table, TriggerEvent::Update);
    }
    if (!fired.isEmpty()) {
        const QString tables =
            fired.size() == 1
                ? fired.first()
                : tr("%1 and %2")
                      .arg(fired.mid(0, fired.size() - 1).join(QStringLiteral(", ")), fired.last());
        preview.notes << tr("Triggers of %1 run on this delete: they may change more than this "
                            "preview shows.")
                             .arg(tables);
    }
    return preview;
}

} // namespace orm
