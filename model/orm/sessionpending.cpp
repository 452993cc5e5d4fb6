// Session: what is staged — the pending-changes listing, the SQL preview and the delete preview.

#include "session.h"

#include "deleteresolver.h"
#include "flushplanner.h"
#include "flushsql.h"
#include "keyeditpreview.h"
#include "sessioninternals.h"
#include "statementbuilder.h"

namespace orm {

QList<PendingChange> Session::pendingChanges() {
    QList<PendingChange> changes;
    FlushPlan plan;
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
    FlushPlanner planner(m_work, m_metadata, m_dialect.get(), resolver);
    planner.setLenient(true);
    if (!planner.plan(&plan)) {
        setError(planner.error());
        return changes;
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
            PendingChange &inserted = changes[newAt.value(write.record.get())];
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
        if (write.insert())
            newAt.insert(write.record.get(), changes.size());
        PendingChange change;
        change.kind = write.insert() ? PendingChange::Kind::New : PendingChange::Kind::Modified;
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
        PendingChange change;
        change.kind = PendingChange::Kind::Deleted;
        change.record = record;
        change.reason = reasons.value(record.get());
        changes.append(change);
    }
    return changes;
}

QStringList Session::previewSql() {
    QStringList statements;
    FlushPlan plan;
    DeleteResolver resolver(m_metadata, m_dialect.get(), m_loader, m_work, *m_selects);
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
    for (const StatementGroup &group : shapes.groups(plan, m_dialect->writeBatchRows() > 1))
        statements << renderStatement(shapes.statementFor(group, keyOf));
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
        if (!record || record->m_session != this) {
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
    // Triggers run on the rows the delete touches: Shelf cannot know what they do.
    QStringList touchedTables;
    for (const DeletePreview::Deleted &entry : std::as_const(preview.deleted))
        touchedTables << entry.record->table().name();
    for (const DeletePreview::Counted &entry : std::as_const(preview.counted))
        touchedTables << entry.table->name();
    for (const DeletePreview::DatabaseEffect &effect : std::as_const(preview.databaseEffects))
        touchedTables << effect.table;
    touchedTables.removeDuplicates();
    for (const QString &name : std::as_const(touchedTables)) {
        const Table *table = m_metadata.table(name);
        if (table && table->hasTriggers())
            preview.notes
                << tr("%1 has triggers: they may change more than this preview shows.").arg(name);
    }
    return preview;
}

} // namespace orm
