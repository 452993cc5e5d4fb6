#include "defaultrow.h"

#include "loader.h"
#include "metadata.h"
#include "record.h"
#include "selectrunner.h"
#include "statementbuilder.h"
#include "table.h"
#include "unitofwork.h"

#include <QCoreApplication>
#include <QStringList>

namespace orm {

namespace {

QStringList shownValues(const QVariantList &values) {
    QStringList shown;
    for (const QVariant &value : values)
        shown << (value.isNull() ? QStringLiteral("NULL") : value.toString());
    return shown;
}

} // namespace

QString describeAssignment(const Table &table, const QList<int> &columns,
                           const QVariantList &values) {
    const QStringList shown = shownValues(values);
    if (columns.size() == 1)
        return table.column(columns.first()).name + QStringLiteral(" = ") + shown.first();
    return QStringLiteral("(%1) = (%2)")
        .arg(table.columnNames(columns), shown.join(QStringLiteral(", ")));
}

const DefaultRow *DefaultRows::of(const Table &child, const ForeignKey &key) {
    if (const auto known = m_rows.constFind(&key); known != m_rows.cend())
        return &*known;
    DefaultRow row;
    if (!evaluate(child, key, &row) || !lookFor(key, &row))
        return nullptr;
    return &*m_rows.insert(&key, row);
}

bool DefaultRows::evaluate(const Table &child, const ForeignKey &key, DefaultRow *row) {
    for (int column : key.columns) {
        QVariant value;
        if (!m_selects.columnDefault(child, column, &value)) {
            m_error = m_selects.error();
            return false;
        }
        if (value.isNull()) {
            row->refersToNothing = true;
            if (!child.column(column).nullable && row->nullInNotNullColumn.isEmpty())
                row->nullInNotNullColumn = child.column(column).name;
        }
        row->values << value;
    }
    return true;
}

bool DefaultRows::lookFor(const ForeignKey &key, DefaultRow *row) {
    if (row->refersToNothing) {
        row->name = QStringLiteral("NULL");
        return true;
    }
    const Table *parent = m_metadata.table(key.targetTable);
    row->parent = parent;
    if (!parent || key.targetColumns.size() != key.columns.size()) {
        // A key to a table Shelf does not know: the values are all it can say.
        row->parent = nullptr;
        row->name = QCoreApplication::translate("orm", "%1 with %2")
                        .arg(key.targetTable, shownValues(row->values).join(QStringLiteral(", ")));
        return true;
    }
    const QList<int> &columns = key.targetColumns;
    row->key = Key::ofValues(*parent, columns, row->values);
    row->name = QCoreApplication::translate("orm", "%1 with %2")
                    .arg(parent->name(), describeAssignment(*parent, columns, row->values));
    if (columns == parent->primaryKeyColumns()) {
        RecordPtr stored;
        if (!m_loader.find(*parent, Key::fromId(*parent, row->key.toVariant()), &stored)) {
            m_error = m_loader.error();
            return false;
        }
        if (stored) {
            row->name = stored->displayName();
            row->stored = true;
        }
    } else {
        Q_ASSERT(m_dialect); // counted only while a database is open
        const StatementBuilder sql(*m_dialect);
        qint64 rows = 0;
        if (!m_selects.countWhere(*parent, sql.equals(*parent, columns), row->values, &rows)) {
            m_error = m_selects.error();
            return false;
        }
        row->stored = rows > 0;
    }
    for (const RecordPtr &record : m_work.pending()) {
        if (&record->table() == parent &&
            Key::ofColumns(*parent, columns, record->values()) == row->key) {
            row->name = record->displayName();
            row->staged = true;
            break;
        }
    }
    return true;
}

} // namespace orm
