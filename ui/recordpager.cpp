#include "recordpager.h"

#include <QLoggingCategory>
#include <QSet>
#include <algorithm>

Q_LOGGING_CATEGORY(lcPager, "shelf.ui.pager")

namespace ui {

RecordPager::RecordPager(orm::Session *session, const orm::Table &table)
    : m_session(session)
    , m_table(&table) {
    // The order a view's sort indicator starts with, so that turning sorting on reads nothing.
    m_query.orderColumn = table.primaryKey();
    // A foreign key column shows the referenced record's name: it sorts by that name too.
    m_query.orderByReferencedName = true;
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

qint64 RecordPager::count(QString *error) {
    const qint64 rows = m_session->count(*m_table, m_query);
    if (rows < 0) {
        qCWarning(lcPager) << "count failed:" << m_session->lastError().fullText();
        *error = m_session->lastError().message;
    }
    return rows;
}

int RecordPager::sortColumn() const {
    return m_query.orderColumn >= 0 ? m_query.orderColumn : m_table->primaryKey();
}

bool RecordPager::keysetUsable(const orm::RecordPtr &boundary) const {
    if (!boundary || boundary->session() != m_session ||
        boundary->state() != orm::ObjectState::Persistent)
        return false;
    const int column = sortColumn();
    if (column != m_table->primaryKey() && m_table->column(column).nullable)
        return false;
    // Sorted by the referenced name, a row's place is not its own value's: read by offset.
    if (m_table->relationshipForColumn(column))
        return false;
    return !boundary->storedValue(column).isNull();
}

void RecordPager::restrictTo(orm::Query *query, const orm::RecordPtr &boundary, bool after) const {
    const orm::Dialect &dialect = m_session->dialect();
    const int column = sortColumn();
    const int key = m_table->primaryKey();
    const bool ascending = m_query.order == Qt::AscendingOrder;
    const QLatin1Char op(after == ascending ? '>' : '<');
    QString condition;
    QVariantList binds;
    if (column == key) {
        condition = QStringLiteral("%1 %2 ?").arg(dialect.quote(m_table->column(key).name)).arg(op);
        binds << boundary->storedValue(key);
    } else {
        condition = QStringLiteral("(%1, %2) %3 (?, ?)")
                        .arg(dialect.quote(m_table->column(column).name),
                             dialect.quote(m_table->column(key).name))
                        .arg(op);
        binds << boundary->storedValue(column) << boundary->storedValue(key);
    }
    query->where = query->where.isEmpty() ? condition : query->where + " AND " + condition;
    query->binds.append(binds);
}

orm::RecordList RecordPager::run(const orm::Query &query, bool backwards, QString *error) {
    orm::Query actual = query;
    if (backwards)
        actual.order = query.order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    orm::RecordList rows = m_session->query(*m_table, actual);
    if (rows.isEmpty() && m_session->lastError().isError()) {
        qCWarning(lcPager) << "query failed:" << m_session->lastError().fullText();
        *error = m_session->lastError().message;
    }
    if (backwards)
        std::reverse(rows.begin(), rows.end());
    m_rowsRead += rows.size();
    return rows;
}

RecordPager::Page RecordPager::read(qint64 first, qint64 rows, qint64 total,
                                    const orm::RecordPtr &before, const orm::RecordPtr &after,
                                    QString *error) {
    Page page;
    if (rows <= 0)
        return page;
    orm::Query query = m_query;
    query.limit = rows;
    if (first > 0 && keysetUsable(before)) {
        restrictTo(&query, before, true);
        page.records = run(query, false, error);
    } else if (first > 0 && keysetUsable(after)) {
        restrictTo(&query, after, false);
        page.records = run(query, true, error);
    } else if (first > 0 && total - (first + rows) < first) {
        // Closer to the end: read backwards from there.
        query.offset = qMax<qint64>(0, total - (first + rows));
        page.records = run(query, true, error);
    } else {
        query.offset = first;
        page.records = run(query, false, error);
    }
    qint64 loaded = 0;
    page.parents = prefetchParents(*m_session, *m_table, page.records, &loaded);
    m_parentRowsRead += loaded;
    return page;
}

qint64 RecordPager::positionOf(const orm::RecordPtr &record, QString *error) {
    if (!keysetUsable(record))
        return -1;
    orm::Query query = m_query;
    restrictTo(&query, record, false);
    const qint64 rows = m_session->count(*m_table, query);
    if (rows < 0)
        *error = m_session->lastError().message;
    return rows;
}

orm::RecordList RecordPager::prefetchParents(orm::Session &session, const orm::Table &table,
                                             const orm::RecordList &records, qint64 *loaded) {
    orm::RecordList parents;
    if (records.isEmpty())
        return parents;
    for (const orm::Relationship *relationship : table.parentRelationships()) {
        const orm::Table &parentTable = *relationship->parent;
        QVariantList missing;
        QSet<qint64> seen;
        for (const orm::RecordPtr &record : records) {
            const QVariant key = record->value(relationship->foreignKeyColumn);
            if (key.isNull() || seen.contains(key.toLongLong()))
                continue;
            seen.insert(key.toLongLong());
            if (orm::RecordPtr parent = session.findLoaded(parentTable, key))
                parents.append(parent);
            else
                missing.append(key);
        }
        const QString keyColumn =
            session.dialect().quote(parentTable.column(parentTable.primaryKey()).name);
        for (qsizetype start = 0; start < missing.size(); start += 500) {
            orm::Query query;
            query.binds = missing.mid(start, 500);
            const QStringList marks(query.binds.size(), QStringLiteral("?"));
            query.where = QStringLiteral("%1 IN (%2)").arg(keyColumn, marks.join(QLatin1Char(',')));
            const orm::RecordList found = session.query(parentTable, query);
            if (loaded)
                *loaded += found.size();
            parents.append(found);
        }
    }
    return parents;
}

} // namespace ui
