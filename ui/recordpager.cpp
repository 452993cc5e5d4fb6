#include "recordpager.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPager, "shelf.ui.pager")

namespace ui {

RecordPager::RecordPager(orm::Session *session, const orm::Table &table)
    : m_session(session)
    , m_table(&table) {
    // The order a view's sort indicator starts with, so that turning sorting on reads nothing.
    m_query.orderColumn = table.primaryKey();
}

void RecordPager::setFilter(const QString &text) {
    m_filter = RecordFilter(*m_session, *m_table, text);
    m_filter.apply(&m_query);
}

bool RecordPager::setOrder(int column, Qt::SortOrder order) {
    if (m_query.orderColumn == column && m_query.order == order)
        return false;
    m_query.orderColumn = column;
    m_query.order = order;
    return true;
}

orm::RecordList RecordPager::restart(QString *error) {
    return read(0, error);
}

orm::RecordList RecordPager::next(QString *error) {
    return m_atEnd ? orm::RecordList() : read(m_offset, error);
}

orm::RecordList RecordPager::read(qint64 offset, QString *error) {
    orm::Query query = m_query;
    query.limit = m_pageSize;
    query.offset = offset;
    const orm::RecordList page = m_session->query(*m_table, query);
    if (page.isEmpty() && m_session->lastError().isError()) {
        qCWarning(lcPager) << "query failed:" << m_session->lastError().fullText();
        *error = m_session->lastError().message;
    }
    m_offset = offset + page.size();
    m_atEnd = page.size() < m_pageSize;
    prefetchParents(*m_session, *m_table, page);
    return page;
}

void RecordPager::prefetchParents(orm::Session &session, const orm::Table &table,
                                  const orm::RecordList &records) {
    if (records.isEmpty())
        return;
    for (const orm::Relationship *relationship : table.parentRelationships()) {
        const orm::Table &parentTable = *relationship->parent;
        QVariantList missing;
        for (const orm::RecordPtr &record : records) {
            const QVariant key = record->value(relationship->foreignKeyColumn);
            if (!key.isNull() && !missing.contains(key) && !session.findLoaded(parentTable, key))
                missing.append(key);
        }
        const QString keyColumn =
            session.dialect().quote(parentTable.column(parentTable.primaryKey()).name);
        for (qsizetype start = 0; start < missing.size(); start += 500) {
            orm::Query query;
            query.binds = missing.mid(start, 500);
            const QStringList marks(query.binds.size(), QStringLiteral("?"));
            query.where = QStringLiteral("%1 IN (%2)").arg(keyColumn, marks.join(QLatin1Char(',')));
            (void)session.query(parentTable, query);
        }
    }
}

} // namespace ui
