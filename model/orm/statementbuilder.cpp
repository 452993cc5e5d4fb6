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

QString StatementBuilder::selectWhere(const Table &table, const QList<int> &columns) const {
    return selectList(table) + QStringLiteral(" WHERE ") + equals(table, columns);
}

QString StatementBuilder::keyRange(const Table &table) const {
    const QString key = columns(table, table.primaryKeyColumns());
    return QStringLiteral("SELECT min(%1), max(%1) FROM %2").arg(key, this->table(table));
}

QString StatementBuilder::between(const Table &table, int column, bool tableScan) const {
    return QStringLiteral("%1%2 BETWEEN ? AND ?")
        .arg(tableScan ? QStringLiteral("+") : QString(), columns(table, {column}));
}

QString StatementBuilder::selectWhereIn(const Table &table, const QList<int> &columns,
                                        qsizetype rows) const {
    return selectList(table) + QStringLiteral(" WHERE ") + in(table, columns, rows);
}

QString StatementBuilder::compared(const Table &table, int column) const {
    const Column &definition = table.column(column);
    const QString name = m_dialect.quote(definition.name);
    if (definition.referenceCollation.isEmpty() || table.isKeyColumn(column))
        return name;
    return name + QStringLiteral(" COLLATE ") + definition.referenceCollation;
}

QString StatementBuilder::equals(const Table &table, const QList<int> &columns) const {
    QStringList conditions;
    conditions.reserve(columns.size());
    for (int column : columns)
        conditions << compared(table, column) + QStringLiteral(" = ?");
    return conditions.join(QStringLiteral(" AND "));
}

QString StatementBuilder::keyEquals(const Table &table) const {
    return equals(table, table.primaryKeyColumns());
}

QString StatementBuilder::in(const Table &table, const QList<int> &columns, qsizetype rows) const {
    Q_ASSERT(!columns.isEmpty() && rows > 0);
    if (columns.size() == 1) {
        return compared(table, columns.first()) + QStringLiteral(" IN (") +
               QStringList(rows, QStringLiteral("?")).join(QLatin1Char(',')) + QLatin1Char(')');
    }
    const QString row = QLatin1Char('(') +
                        QStringList(columns.size(), QStringLiteral("?")).join(QLatin1Char(',')) +
                        QLatin1Char(')');
    QStringList names;
    names.reserve(columns.size());
    for (int column : columns)
        names << compared(table, column);
    return QLatin1Char('(') + names.join(QStringLiteral(", ")) + QStringLiteral(") IN (") +
           QStringList(rows, row).join(QLatin1Char(',')) + QLatin1Char(')');
}

QString StatementBuilder::foldedIn(const Table &table, int column, qsizetype rows) const {
    Q_ASSERT(rows > 0);
    return QStringLiteral("lower(%1) IN (%2)")
        .arg(m_dialect.quote(table.column(column).name),
             QStringList(rows, QStringLiteral("lower(?)")).join(QLatin1Char(',')));
}

QString StatementBuilder::sharedByAnotherRow(const Table &table, const QList<int> &columns) const {
    Q_ASSERT(!columns.isEmpty());
    const QString self = this->table(table);
    const QString other = m_dialect.quote(QStringLiteral("namesake"));
    const auto pair = [&](int column, const QString &comparison) {
        const QString name = m_dialect.quote(table.column(column).name);
        return other + QLatin1Char('.') + name + comparison + self + QLatin1Char('.') + name;
    };
    QStringList same;
    for (int column : columns)
        same << pair(column, QStringLiteral(" = "));
    QStringList sameKey;
    for (int column : table.primaryKeyColumns())
        sameKey << pair(column, QStringLiteral(" = "));
    return QStringLiteral("EXISTS (SELECT 1 FROM %1 AS %2 WHERE %3 AND NOT (%4))")
        .arg(self, other, same.join(QStringLiteral(" AND ")),
             sameKey.join(QStringLiteral(" AND ")));
}

QString StatementBuilder::valueRows(qsizetype columns, qsizetype rows) {
    Q_ASSERT(columns > 0 && rows > 0);
    const QString row = QLatin1Char('(') +
                        QStringList(columns, QStringLiteral("?")).join(QStringLiteral(", ")) +
                        QLatin1Char(')');
    return QStringList(rows, row).join(QStringLiteral(", "));
}

QString StatementBuilder::inlineValues(const QString &sql, const QVariantList &binds,
                                       const std::function<QString(const QVariant &)> &literal) {
    QString out;
    out.reserve(sql.size() + binds.size() * 8);
    qsizetype next = 0;
    QChar quote; // inside '…' (text) or "…" (a name, which may hold a ?) while not null
    for (QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar(); // a doubled quote closes and reopens: same outcome
            out += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            out += c;
        } else if (c == QLatin1Char('?') && next < binds.size()) {
            out += literal(binds.at(next++));
        } else {
            out += c;
        }
    }
    Q_ASSERT(next == binds.size());
    return out;
}

QString StatementBuilder::anyOf(const QStringList &conditions) {
    Q_ASSERT(!conditions.isEmpty());
    if (conditions.size() == 1)
        return conditions.first();
    return QLatin1Char('(') + conditions.join(QStringLiteral(") OR (")) + QLatin1Char(')');
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
