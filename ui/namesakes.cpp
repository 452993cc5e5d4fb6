#include "namesakes.h"

#include "orm/record.h"
#include "orm/session.h"
#include "orm/sessioninternals.h"
#include "orm/statementbuilder.h"
#include "orm/table.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>

namespace ui {

namespace {

/// The label a record shows now (staged values win), as one text to group by; empty when a
/// part of it is NULL (such a label matches no other).
QString labelOf(const orm::Record &record, const QList<int> &columns) {
    QStringList parts;
    for (int column : columns) {
        const QVariant value = record.value(column);
        if (value.isNull())
            return {};
        parts << value.toString();
    }
    return parts.join(QChar(0x1f));
}

/// Records of `table` whose label an edit staged in this session changes: the database's
/// labels are not theirs until commit.
orm::RecordList relabelled(orm::Session &session, const orm::Table &table) {
    orm::RecordList records;
    const QList<int> labels = table.labelColumns();
    for (const orm::RecordPtr &record : orm::SessionInternals::touched(session)) {
        if (&record->table() == &table && record->state() == orm::ObjectState::Persistent &&
            std::any_of(labels.cbegin(), labels.cend(),
                        [&record](int column) { return record->isModified(column); }))
            records.append(record);
    }
    return records;
}

} // namespace

bool Namesakes::canShareLabels(const orm::Table &table) {
    const QList<int> labels = table.labelColumns();
    // No label: the key names the row. No key: nothing could tell namesakes apart.
    if (labels.isEmpty() || table.primaryKeyColumns().isEmpty())
        return false;
    if (labels.size() == 1 && table.column(labels.first()).unique)
        return false;
    for (const orm::UniqueKey &unique : table.uniqueKeys()) {
        if (unique.columns.size() == 1 && labels.contains(unique.columns.first()))
            return false; // one label column alone names one row
    }
    return true;
}

QSet<const orm::Record *> Namesakes::find(orm::Session &session, const orm::RecordList &parents,
                                          QString *error) {
    QSet<const orm::Record *> found;
    // Only stored rows can have namesakes in the database; pending parents read "(new)".
    QHash<const orm::Table *, orm::RecordList> byTable;
    for (const orm::RecordPtr &parent : parents) {
        if (parent && parent->state() == orm::ObjectState::Persistent &&
            canShareLabels(parent->table()))
            byTable[&parent->table()].append(parent);
    }
    for (auto table = byTable.cbegin(); table != byTable.cend(); ++table) {
        const orm::RecordList edited = relabelled(session, *table.key());
        const bool ok =
            edited.isEmpty()
                ? fromDatabase(session, *table.key(), table.value(), &found)
                : withStagedLabels(session, *table.key(), table.value(), edited, &found);
        if (!ok) {
            if (error)
                *error = session.lastError().message;
            return {};
        }
    }
    return found;
}

bool Namesakes::fromDatabase(orm::Session &session, const orm::Table &table,
                             const orm::RecordList &records, QSet<const orm::Record *> *found) {
    const orm::StatementBuilder sql(session.dialect());
    const QList<int> keyColumns = table.primaryKeyColumns();
    const QString shared = sql.sharedByAnotherRow(table, table.labelColumns());
    const qsizetype chunk = orm::StatementBuilder::chunkRows(keyColumns.size());
    for (qsizetype first = 0; first < records.size(); first += chunk) {
        const orm::RecordList part = records.mid(first, chunk);
        orm::Query query;
        query.where = sql.in(table, keyColumns, part.size()) + QStringLiteral(" AND ") + shared;
        for (const orm::RecordPtr &record : part) {
            for (int column : keyColumns)
                query.binds << record->storedValue(column);
        }
        const orm::RecordList namesakes = session.query(table, query);
        if (session.lastError())
            return false;
        for (const orm::RecordPtr &record : namesakes)
            found->insert(record.get());
    }
    return true;
}

bool Namesakes::withStagedLabels(orm::Session &session, const orm::Table &table,
                                 const orm::RecordList &records, const orm::RecordList &edited,
                                 QSet<const orm::Record *> *found) {
    // A row shows its staged label, or the database's when none is staged. Every row that shows
    // one of the records' labels is a row whose database label is one of them (read here), or
    // one of the relabelled records (in memory): grouped by the label they show, a record is a
    // namesake when its group holds another row.
    const QList<int> labels = table.labelColumns();
    QList<QVariantList> wanted;
    QSet<QString> seen;
    for (const orm::RecordPtr &record : records) {
        const QString label = labelOf(*record, labels);
        if (label.isEmpty() || seen.contains(label))
            continue;
        seen.insert(label);
        QVariantList values;
        for (int column : labels)
            values << record->value(column);
        wanted << values;
    }
    QHash<QString, QSet<const orm::Record *>> byLabel;
    const auto group = [&](const orm::RecordPtr &record) {
        const QString label = labelOf(*record, labels);
        if (seen.contains(label))
            byLabel[label].insert(record.get());
    };
    const orm::StatementBuilder sql(session.dialect());
    const qsizetype chunk = orm::StatementBuilder::chunkRows(labels.size());
    for (qsizetype first = 0; first < wanted.size(); first += chunk) {
        const QList<QVariantList> part = wanted.mid(first, chunk);
        orm::Query query;
        query.where = sql.in(table, labels, part.size());
        for (const QVariantList &values : part)
            query.binds << values;
        const orm::RecordList rows = session.query(table, query);
        if (session.lastError())
            return false;
        for (const orm::RecordPtr &row : rows)
            group(row);
    }
    for (const orm::RecordPtr &record : edited)
        group(record);
    for (const orm::RecordPtr &record : records) {
        const auto members = byLabel.constFind(labelOf(*record, labels));
        if (members != byLabel.cend() && members->size() > 1)
            found->insert(record.get());
    }
    return true;
}

QString Namesakes::text(const orm::RecordPtr &parent) {
    // The picker's form ("copy (#4)"), so that the cell reads as the entry the user picked.
    QStringList key;
    for (int column : parent->table().primaryKeyColumns())
        key << parent->value(column).toString();
    return QCoreApplication::translate("ui::Namesakes", "%1 (#%2)")
        .arg(parent->displayText(), key.join(QStringLiteral(", ")));
}

} // namespace ui
