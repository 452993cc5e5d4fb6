#include "namesakes.h"

#include "loader.h"
#include "record.h"
#include "rowlabel.h"
#include "session.h"
#include "statementbuilder.h"
#include "table.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>

namespace orm {

namespace {

/// Records of `table` whose label an edit staged in this session changes: the database's
/// labels are not theirs until commit.
RecordList relabelled(Session &session, const Table &table) {
    RecordList records;
    const QList<int> labels = table.labelColumns();
    for (const RecordPtr &record : session.editedRecords(table)) {
        if (std::any_of(labels.cbegin(), labels.cend(),
                        [&record](int column) { return record->isModified(column); }))
            records.append(record);
    }
    return records;
}

} // namespace

bool Namesakes::canShareLabels(const Table &table) {
    const QList<int> labels = table.labelColumns();
    // No label: the key names the row. No key: nothing could tell namesakes apart.
    if (labels.isEmpty() || table.primaryKeyColumns().isEmpty())
        return false;
    if (labels.size() == 1 && table.column(labels.first()).unique)
        return false;
    for (const UniqueKey &unique : table.uniqueKeys()) {
        if (unique.columns.size() == 1 && labels.contains(unique.columns.first()))
            return false; // one label column alone names one row
    }
    return true;
}

QSet<const Record *> Namesakes::find(Session &session, const RecordList &parents, QString *error,
                                     Labels labels) {
    QSet<const Record *> found;
    // Only stored rows can have namesakes in the database; pending parents read "(new)".
    QHash<const Table *, RecordList> byTable;
    for (const RecordPtr &parent : parents) {
        if (parent && parent->state() == ObjectState::Persistent && canShareLabels(parent->table()))
            byTable[&parent->table()].append(parent);
    }
    for (auto table = byTable.cbegin(); table != byTable.cend(); ++table) {
        const RecordList edited =
            labels == Labels::Staged ? relabelled(session, *table.key()) : RecordList();
        const bool ok =
            edited.isEmpty()
                ? fromDatabase(session, *table.key(), table.value(), &found)
                : withStagedLabels(session, *table.key(), table.value(), edited, &found);
        if (!ok) {
            if (error)
                *error = session.lastError().message();
            return {};
        }
    }
    return found;
}

bool Namesakes::fromDatabase(Session &session, const Table &table, const RecordList &records,
                             QSet<const Record *> *found) {
    const StatementBuilder sql(session.dialect());
    const QList<int> keyColumns = table.primaryKeyColumns();
    const QString shared = sql.sharedByAnotherRow(table, table.labelColumns());
    for (const Loader::Chunk &chunk : Loader::chunks(records.size(), keyColumns.size())) {
        const RecordList part = records.mid(chunk.start, chunk.size);
        Query query;
        query.where = sql.in(table, keyColumns, part.size()) + QStringLiteral(" AND ") + shared;
        for (const RecordPtr &record : part) {
            for (int column : keyColumns)
                query.binds << record->storedValue(column);
        }
        const RecordList namesakes = session.query(table, query);
        if (session.lastError())
            return false;
        for (const RecordPtr &record : namesakes)
            found->insert(record.get());
    }
    return true;
}

bool Namesakes::withStagedLabels(Session &session, const Table &table, const RecordList &records,
                                 const RecordList &edited, QSet<const Record *> *found) {
    // A row shows its staged label, or the database's when none is staged. Every row that shows
    // one of the records' labels is a row whose database label is one of them (read here), or
    // one of the relabelled records (in memory): grouped by the label they show, a record is a
    // namesake when its group holds another row.
    const QList<int> labels = table.labelColumns();
    QList<QVariantList> wanted;
    QSet<QString> seen;
    for (const RecordPtr &record : records) {
        const QString label = RowLabel::groupKey(*record, labels);
        if (label.isEmpty() || seen.contains(label))
            continue;
        seen.insert(label);
        QVariantList values;
        for (int column : labels)
            values << record->value(column);
        wanted << values;
    }
    QHash<QString, QSet<const Record *>> byLabel;
    const auto group = [&](const RecordPtr &record) {
        const QString label = RowLabel::groupKey(*record, labels);
        if (seen.contains(label))
            byLabel[label].insert(record.get());
    };
    const StatementBuilder sql(session.dialect());
    const qsizetype chunk = StatementBuilder::chunkRows(labels.size());
    for (qsizetype first = 0; first < wanted.size(); first += chunk) {
        const QList<QVariantList> part = wanted.mid(first, chunk);
        Query query;
        query.where = sql.in(table, labels, part.size());
        for (const QVariantList &values : part)
            query.binds << values;
        const RecordList rows = session.query(table, query);
        if (session.lastError())
            return false;
        for (const RecordPtr &row : rows)
            group(row);
    }
    for (const RecordPtr &record : edited)
        group(record);
    for (const RecordPtr &record : records) {
        const auto members = byLabel.constFind(RowLabel::groupKey(*record, labels));
        if (members != byLabel.cend() && members->size() > 1)
            found->insert(record.get());
    }
    return true;
}

QString Namesakes::text(const RecordPtr &parent) {
    // The picker's form ("copy (#4)"), so that the cell reads as the entry the user picked.
    return text(parent->displayText(), parent->keyText());
}

QString Namesakes::text(const QString &label, const QString &key) {
    return QCoreApplication::translate("orm::Namesakes", "%1 (#%2)").arg(label, key);
}

QString Namesakes::newText(const QString &label) {
    return QCoreApplication::translate("orm::Namesakes", "%1 (new)").arg(label);
}

bool Namesakes::parseNew(const QString &text, QString *label) {
    // As parse(): this language's form, then the source's.
    const QString source = QStringLiteral("%1 (new)");
    const QString translated = QCoreApplication::translate("orm::Namesakes", "%1 (new)");
    for (const QString &form : {translated, source}) {
        const qsizetype labelAt = form.indexOf(QLatin1String("%1"));
        if (labelAt < 0)
            continue;
        const QStringView prefix = QStringView(form).left(labelAt);
        const QStringView suffix = QStringView(form).mid(labelAt + 2);
        if (text.size() <= prefix.size() + suffix.size() || !text.startsWith(prefix) ||
            !text.endsWith(suffix))
            continue; // not the form, or no label
        *label = text.mid(prefix.size(), text.size() - prefix.size() - suffix.size());
        return true;
    }
    return false;
}

bool Namesakes::parse(const QString &text, QString *label, QString *key) {
    // The form as text() writes it in this language, then as written in the source: a file may
    // come from a Shelf that spoke another. Plain string work, no regular expression: an import
    // asks this of every distinct text of a million-row file.
    const QString source = QStringLiteral("%1 (#%2)");
    const QString translated = QCoreApplication::translate("orm::Namesakes", "%1 (#%2)");
    for (const QString &form : {translated, source}) {
        const qsizetype labelAt = form.indexOf(QLatin1String("%1"));
        const qsizetype keyAt = form.indexOf(QLatin1String("%2"));
        if (labelAt < 0 || keyAt < labelAt + 2)
            continue; // a translation that puts the key first is not read back
        const QStringView prefix = QStringView(form).left(labelAt);
        const QStringView middle = QStringView(form).mid(labelAt + 2, keyAt - labelAt - 2);
        const QStringView suffix = QStringView(form).mid(keyAt + 2);
        if (middle.isEmpty() || !text.startsWith(prefix) || !text.endsWith(suffix))
            continue;
        // The last opening of the key starts it, so that a label may hold one ("Mix (#2) (#5)").
        const qsizetype keyEnd = text.size() - suffix.size();
        const qsizetype middleAt = QStringView(text).left(keyEnd).lastIndexOf(middle);
        const qsizetype keyStart = middleAt + middle.size();
        if (middleAt <= prefix.size() || keyStart >= keyEnd)
            continue; // no label, or no key
        *label = text.mid(prefix.size(), middleAt - prefix.size());
        *key = text.mid(keyStart, keyEnd - keyStart);
        return true;
    }
    return false;
}

} // namespace orm
