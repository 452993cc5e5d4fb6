#include "recordfilter.h"

#include "recordvalues.h"

namespace ui {

QString RecordFilter::containsTerm(const orm::Dialect &dialect, const QString &quotedColumn) {
    const QString function = dialect.textPositionFunction();
    return QStringLiteral("(%1(LOWER(%2), ?) > 0 OR %1(%2, ?) > 0)").arg(function, quotedColumn);
}

QVariantList RecordFilter::containsBinds(const QString &text) {
    return {text.toLower(), text};
}

RecordFilter::RecordFilter(const orm::Session &session, const orm::Table &table,
                           const QString &text)
    : m_table(&table)
    , m_text(text.trimmed()) {
    if (m_text.isEmpty())
        return;
    const orm::Dialect &dialect = session.dialect();
    if (!dialect.storesNulInText() && m_text.contains(QChar(0))) {
        // No stored text can contain it, and PostgreSQL refuses the parameter outright.
        m_where = QStringLiteral("1 = 0");
        return;
    }
    bool numeric = false;
    const qlonglong number = m_text.toLongLong(&numeric);
    QStringList terms;
    for (int c = 0; c < table.columnCount(); ++c) {
        const orm::Column &column = table.column(c);
        const QString quoted = dialect.quote(column.name);
        if (const orm::ForeignKey *key = table.foreignKey(c)) {
            const orm::Table *target = session.metadata().table(key->targetTable);
            // A name is searched through a one-column key only; the columns of a composite
            // key are searched as the values they are.
            if (!target || target->displayColumn() < 0 || key->targetColumns.size() != 1)
                continue;
            const QString targetKey = target->column(key->targetColumns.first()).name;
            const QString targetName = target->column(target->displayColumn()).name;
            terms << QStringLiteral("%1 IN (SELECT %2 FROM %3 WHERE %4)")
                         .arg(quoted, dialect.quote(targetKey), dialect.quoteTable(*target),
                              containsTerm(dialect, dialect.quote(targetName)));
            m_binds << containsBinds(m_text);
        } else if (column.type == orm::ColumnType::Text) {
            terms << containsTerm(dialect, quoted);
            m_binds << containsBinds(m_text);
        } else if (column.type == orm::ColumnType::Integer && numeric) {
            terms << QStringLiteral("%1 = ?").arg(quoted);
            m_binds << number;
        }
    }
    // Nothing to search in: match no row rather than every row.
    m_where = terms.isEmpty()
                  ? QStringLiteral("1 = 0")
                  : QLatin1Char('(') + terms.join(QLatin1String(" OR ")) + QLatin1Char(')');
}

void RecordFilter::apply(orm::Query *query) const {
    query->where = m_where;
    query->binds = m_binds;
}

bool RecordFilter::matches(const orm::RecordPtr &record) const {
    if (m_text.isEmpty())
        return true;
    bool numeric = false;
    const qlonglong number = m_text.toLongLong(&numeric);
    for (int c = 0; c < m_table->columnCount(); ++c) {
        const orm::Column &column = m_table->column(c);
        if (const orm::Relationship *relationship = m_table->relationshipForColumn(c)) {
            const orm::RecordPtr parent = record->parent(*relationship);
            if (parent && parent->displayText().contains(m_text, Qt::CaseInsensitive))
                return true;
        } else if (column.type == orm::ColumnType::Text) {
            if (record->value(c).toString().contains(m_text, Qt::CaseInsensitive))
                return true;
        } else if (column.type == orm::ColumnType::Integer && numeric) {
            if (!record->value(c).isNull() && record->value(c).toLongLong() == number)
                return true;
        }
    }
    return false;
}

} // namespace ui
