#include "statementbuilder.h"

#include "dialect.h"
#include "table.h"

namespace orm {

QString StatementBuilder::table(const Table &table) const {
    return m_dialect.quoteTable(table);
}

QString StatementBuilder::countRows(const Table &table) const {
    return QStringLiteral("SELECT count(*) FROM %1").arg(m_dialect.quoteTable(table));
}

QString StatementBuilder::columns(const Table &table, const QList<int> &columns) const {
    QStringList names;
    names.reserve(columns.size());
    for (int column : columns)
        names << m_dialect.quote(table.column(column).name);
    return names.join(QStringLiteral(", "));
}

QString StatementBuilder::selectList(const Table &table) const {
    QStringList names;
    names.reserve(table.columnCount());
    for (const Column &column : table.columns())
        names << m_dialect.selectColumn(column);
    return QStringLiteral("SELECT %1 FROM %2")
        .arg(names.join(QStringLiteral(", ")), this->table(table));
}

QString StatementBuilder::valueOf(const QString &expression) {
    return QStringLiteral("SELECT ") + expression;
}

QString StatementBuilder::selectByKey(const Table &table) const {
    return selectList(table) + QStringLiteral(" WHERE ") + keyEquals(table);
}

QString StatementBuilder::equals(const Table &table, const QList<int> &columns) const {
    QStringList conditions;
    conditions.reserve(columns.size());
    for (int column : columns)
        conditions << m_dialect.quote(table.column(column).name) + QStringLiteral(" = ?");
    return conditions.join(QStringLiteral(" AND "));
}

QString StatementBuilder::keyEquals(const Table &table) const {
    return equals(table, table.primaryKeyColumns());
}

QString StatementBuilder::in(const Table &table, const QList<int> &columns, qsizetype rows) const {
    Q_ASSERT(!columns.isEmpty() && rows > 0);
    if (columns.size() == 1) {
        return m_dialect.quote(table.column(columns.first()).name) + QStringLiteral(" IN (") +
               QStringList(rows, QStringLiteral("?")).join(QLatin1Char(',')) + QLatin1Char(')');
    }
    const QString row = QLatin1Char('(') +
                        QStringList(columns.size(), QStringLiteral("?")).join(QLatin1Char(',')) +
                        QLatin1Char(')');
    return QLatin1Char('(') + this->columns(table, columns) + QStringLiteral(") IN (") +
           QStringList(rows, row).join(QLatin1Char(',')) + QLatin1Char(')');
}

QString StatementBuilder::valueRows(qsizetype columns, qsizetype rows) {
    Q_ASSERT(columns > 0 && rows > 0);
    const QString row = QLatin1Char('(') +
                        QStringList(columns, QStringLiteral("?")).join(QStringLiteral(", ")) +
                        QLatin1Char(')');
    return QStringList(rows, row).join(QStringLiteral(", "));
}

QString StatementBuilder::anyRow(const QString &condition, qsizetype rows) {
    Q_ASSERT(rows > 0);
    if (rows == 1)
        return condition;
    return QLatin1Char('(') + QStringList(rows, condition).join(QStringLiteral(") OR (")) +
           QLatin1Char(')');
}

QList<int> StatementBuilder::orderColumns(const Table &table, int orderColumn) {
    QList<int> columns;
    if (orderColumn >= 0)
        columns << orderColumn;
    for (int column : table.primaryKeyColumns()) {
        if (column != orderColumn)
            columns << column;
    }
    return columns;
}

QString StatementBuilder::orderBy(const Table &table, const QList<int> &columns,
                                  Qt::SortOrder order) const {
    if (columns.isEmpty())
        return {};
    const QString direction =
        order == Qt::DescendingOrder ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QStringList terms;
    for (int column : columns)
        terms << m_dialect.quote(table.column(column).name) + direction;
    return QStringLiteral(" ORDER BY ") + terms.join(QStringLiteral(", "));
}

QString StatementBuilder::keyset(const Table &table, const QList<int> &columns, bool after,
                                 Qt::SortOrder order) const {
    Q_ASSERT(!columns.isEmpty());
    const QString op =
        after == (order == Qt::AscendingOrder) ? QStringLiteral(" > ") : QStringLiteral(" < ");
    if (columns.size() == 1)
        return m_dialect.quote(table.column(columns.first()).name) + op + QStringLiteral("?");
    // A row value compares column by column, as ORDER BY does when every term has one direction.
    return QLatin1Char('(') + this->columns(table, columns) + QLatin1Char(')') + op +
           QLatin1Char('(') +
           QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", ")) +
           QLatin1Char(')');
}

} // namespace orm
