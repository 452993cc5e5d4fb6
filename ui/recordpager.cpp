#include "recordpager.h"

#include "orm/namesakes.h"
#include "orm/statementbuilder.h"

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
        *error = m_session->lastError().message();
    }
    return rows;
}

QList<int> RecordPager::orderColumns() const {
    return orm::StatementBuilder::orderColumns(*m_table, m_query.orderColumn);
}

bool RecordPager::keysetUsable(const orm::RecordPtr &boundary) const {
    if (!boundary || boundary->session() != m_session ||
        boundary->state() != orm::ObjectState::Persistent || m_table->primaryKeyColumns().isEmpty())
        return false;
    const int column = m_query.orderColumn;
    if (column >= 0 && !m_table->isKeyColumn(column) && m_table->column(column).nullable)
        return false;
    // Sorted by the referenced name, a row's place is not its own value's: read by offset.
    if (column >= 0 && m_table->relationshipForColumn(column))
        return false;
    for (int orderColumn : orderColumns()) {
        if (boundary->storedValue(orderColumn).isNull())
            return false;
    }
    return true;
}

void RecordPager::restrictTo(orm::Query *query, const orm::RecordPtr &boundary, bool after) const {
    // The session writes the keyset condition over the order columns, for a key of any shape.
    query->keysetFrom.clear();
    for (int column : orderColumns())
        query->keysetFrom << boundary->storedValue(column);
    query->keysetAfter = after;
}

orm::RecordList RecordPager::run(const orm::Query &query, bool backwards, QString *error) {
    orm::Query actual = query;
    if (backwards) {
        // The same rows read from the other end: the order turns, and with it the side of the
        // keyset bound the rows are on.
        actual.order = query.order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
        actual.keysetAfter = !query.keysetAfter;
    }
    orm::RecordList rows = m_session->query(*m_table, actual);
    if (rows.isEmpty() && m_session->lastError().isError()) {
        qCWarning(lcPager) << "query failed:" << m_session->lastError().fullText();
        *error = m_session->lastError().message();
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
    QString namesakeError;
    page.namesakes = orm::Namesakes::find(*m_session, page.parents, &namesakeError);
    if (!namesakeError.isEmpty()) // the cells show the labels alone: worth a log line, no more
        qCWarning(lcPager) << "namesakes not found:" << namesakeError;
    return page;
}

qint64 RecordPager::positionOf(const orm::RecordPtr &record, QString *error) {
    if (!keysetUsable(record))
        return -1;
    orm::Query query = m_query;
    restrictTo(&query, record, false);
    const qint64 rows = m_session->count(*m_table, query);
    if (rows < 0)
        *error = m_session->lastError().message();
    return rows;
}

orm::RecordList RecordPager::prefetchParents(orm::Session &session, const orm::Table &table,
                                             const orm::RecordList &records, qint64 *loaded) {
    orm::RecordList parents;
    if (records.isEmpty())
        return parents;
    for (const orm::Relationship *relationship : table.parentRelationships()) {
        // A reference to another unique key is read when it is asked for: no key to get() by.
        if (!relationship->refersToPrimaryKey())
            continue;
        const orm::Table &parentTable = *relationship->parent;
        QVariantList keys;
        QSet<orm::Key> seen;
        qsizetype inMemory = 0;
        for (const orm::RecordPtr &record : records) {
            const orm::Key key = relationship->parentKeyOf(*record);
            if (key.isNull() || seen.contains(key))
                continue;
            seen.insert(key);
            keys.append(key.toVariant());
            if (session.findLoaded(parentTable, key))
                ++inMemory;
        }
        const orm::RecordList found = session.getMany(parentTable, keys);
        if (loaded)
            *loaded += std::max<qsizetype>(0, found.size() - inMemory);
        parents.append(found);
    }
    return parents;
}

} // namespace ui
