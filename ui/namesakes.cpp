#include "namesakes.h"

#include "orm/record.h"
#include "orm/session.h"
#include "orm/statementbuilder.h"
#include "orm/table.h"

#include <QCoreApplication>
#include <QHash>

namespace ui {

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
    const orm::StatementBuilder sql(session.dialect());
    for (auto table = byTable.cbegin(); table != byTable.cend(); ++table) {
        const QList<int> keyColumns = table.key()->primaryKeyColumns();
        const QString shared = sql.sharedByAnotherRow(*table.key(), table.key()->labelColumns());
        const qsizetype chunk = orm::StatementBuilder::chunkRows(keyColumns.size());
        const orm::RecordList &records = table.value();
        for (qsizetype first = 0; first < records.size(); first += chunk) {
            const orm::RecordList part = records.mid(first, chunk);
            orm::Query query;
            query.where =
                sql.in(*table.key(), keyColumns, part.size()) + QStringLiteral(" AND ") + shared;
            for (const orm::RecordPtr &record : part) {
                for (int column : keyColumns)
                    query.binds << record->storedValue(column);
            }
            const orm::RecordList namesakes = session.query(*table.key(), query);
            if (session.lastError()) {
                if (error)
                    *error = session.lastError().message;
                return {};
            }
            for (const orm::RecordPtr &record : namesakes)
                found.insert(record.get());
        }
    }
    return found;
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
