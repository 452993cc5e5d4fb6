#include "stagedproblems.h"

#include "orm/pendingchanges.h"
#include "orm/session.h"
#include "orm/values.h"

namespace ui::stagedproblems {

QList<Problem> find(orm::Session &session) {
    QList<Problem> problems;
    for (const orm::PendingChange &change : session.pendingChanges()) {
        const orm::RecordPtr &record = change.record;
        if (change.kind == orm::PendingChange::Kind::Deleted || !record ||
            record->isMarkedForDelete())
            continue;
        const orm::Table &table = record->table();
        QList<int> columns;
        if (change.kind == orm::PendingChange::Kind::New) {
            for (int column = 0; column < table.columnCount(); ++column)
                columns << column;
        } else {
            for (const orm::PendingChange::ColumnChange &changed : change.columns)
                columns << changed.column;
        }
        for (int column : std::as_const(columns)) {
            if (table.primaryKeyColumns().contains(column))
                continue; // given by the database
            const orm::Relationship *relationship = table.relationshipForColumn(column);
            if (relationship && record->parent(*relationship))
                continue; // filled in from the parent at commit
            if (change.kind == orm::PendingChange::Kind::New &&
                table.column(column).hasDatabaseDefault() && record->value(column).isNull())
                continue; // left to the database's DEFAULT, as the commit leaves it
            const QString message =
                orm::values::validate(table.column(column), record->value(column));
            if (!message.isEmpty())
                problems.append(Problem{record, column, message});
        }
    }
    return problems;
}

} // namespace ui::stagedproblems
