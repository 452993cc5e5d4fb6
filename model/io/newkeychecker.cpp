#include "newkeychecker.h"

#include "orm/collatedkey.h"
#include "orm/defaultrow.h"
#include "orm/record.h"
#include "orm/session.h"
#include "orm/statementbuilder.h"
#include "orm/table.h"

#include <QCoreApplication>
#include <algorithm>
#include <limits>

namespace io {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("io::NewKeyChecker", text);
}

/// Whole numbers the bitmap holds past the first key: 64 M bits, 8 MB at most; keys further away
/// (or below the first) go to the hash.
constexpr qint64 BitmapReach = qint64(1) << 26;

} // namespace

NewKeyChecker::NewKeyChecker(orm::Session &session, const orm::Table &table)
    : m_session(session)
    , m_table(table)
    , m_columns(table.primaryKeyColumns())
    , m_collations(orm::collated::ofKeyColumns(table, m_columns)) {
    for (const orm::RecordPtr &record : session.newRecords(table)) {
        if (const orm::Key key = orm::Key::ofColumns(table, m_columns, record->values());
            !key.isNull())
            m_staged.insert(matchKey(key));
    }
}

orm::Key NewKeyChecker::matchKey(const orm::Key &key) const {
    return orm::collated::key(key, m_table, m_columns, m_collations);
}

bool NewKeyChecker::insertInteger(qint64 key) {
    if (!m_haveBase) {
        m_base = key;
        m_haveBase = true;
    }
    if (key < m_base || quint64(key) - quint64(m_base) >= quint64(BitmapReach)) {
        const qsizetype before = m_otherIntegers.size();
        m_otherIntegers.insert(key);
        return m_otherIntegers.size() != before;
    }
    const quint64 offset = quint64(key - m_base);
    const size_t word = size_t(offset / 64);
    if (word >= m_bits.size()) // doubled as the keys reach further, never past BitmapReach
        m_bits.resize(std::min(std::max(word + 1, m_bits.size() * 2), size_t(BitmapReach / 64)), 0);
    const quint64 bit = quint64(1) << (offset % 64);
    if (m_bits[word] & bit)
        return false;
    m_bits[word] |= bit;
    return true;
}

bool NewKeyChecker::readStoredRange() {
    m_rangeRead = true;
    if (m_columns.size() != 1 || m_table.column(m_columns.first()).type != orm::ColumnType::Integer)
        return true;
    const int column = m_columns.first();
    // The first row by the key, each way: a value that is no whole number (SQLite lets an
    // INTEGER column hold text, and a key other than the rowid NULL) leaves every key to ask
    const auto end = [&](Qt::SortOrder order, qint64 *value, bool *found) {
        orm::Query query;
        query.order = order;
        query.limit = 1;
        bool whole = true;
        *found = false;
        const bool read = m_session.readRows(m_table, query, [&](const QVariantList &row) {
            *found = true;
            const QVariant key = row.value(column);
            const int type = key.typeId();
            // (PostgreSQL's reader gives an integer key as an unsigned one)
            whole = type == QMetaType::LongLong || type == QMetaType::Int ||
                    type == QMetaType::UInt || type == QMetaType::Long ||
                    (type == QMetaType::ULongLong &&
                     key.toULongLong() <= quint64(std::numeric_limits<qint64>::max()));
            *value = key.toLongLong();
            return false;
        });
        if (!read)
            m_error = m_session.lastError().message();
        return read && whole;
    };
    bool foundLowest = false;
    bool foundHighest = false;
    if (!end(Qt::AscendingOrder, &m_lowest, &foundLowest))
        return m_error.isEmpty();
    if (!foundLowest) {
        m_noneStored = true;
        return true;
    }
    if (!end(Qt::DescendingOrder, &m_highest, &foundHighest))
        return m_error.isEmpty();
    m_haveRange = foundHighest;
    return true;
}

QString NewKeyChecker::describe(const orm::Key &key) const {
    return orm::describeAssignment(m_table, m_columns, key.values());
}

QString NewKeyChecker::collationsOf() const {
    QStringList named;
    for (const QString &collation : m_collations) {
        const QString phrase = QStringLiteral("COLLATE ") + collation;
        if (!collation.isEmpty() && !named.contains(phrase))
            named << phrase;
    }
    return named.join(QStringLiteral(", "));
}

bool NewKeyChecker::check(const std::vector<const orm::Record *> &records, QStringList *problems) {
    problems->clear();
    problems->reserve(qsizetype(records.size()));
    std::vector<orm::Key> keys(records.size());
    std::vector<qsizetype> toAsk; // records whose key only the database can still have
    for (size_t i = 0; i < records.size(); ++i) {
        problems->append(QString());
        const orm::Record *record = records[i];
        if (!record || m_columns.isEmpty())
            continue;
        orm::Key key;
        if (m_columns.size() == 1) { // no list made a row
            const QVariant value = record->value(m_columns.first());
            if (value.isNull())
                continue; // the database gives the key
            key = orm::Key::ofValue(m_table, m_columns.first(), value);
        } else {
            QVariantList values;
            values.reserve(m_columns.size());
            for (int column : std::as_const(m_columns))
                values.append(record->value(column));
            if (std::any_of(values.cbegin(), values.cend(),
                            [](const QVariant &value) { return value.isNull(); }))
                continue;
            key = orm::Key::ofValues(m_table, m_columns, values);
        }
        const bool first = key.isInteger() ? insertInteger(key.integer()) : [&] {
            const qsizetype before = m_otherKeys.size();
            m_otherKeys.insert(matchKey(key));
            return m_otherKeys.size() != before;
        }();
        if (!first) {
            (*problems)[qsizetype(i)] =
                tr("%1 is on an earlier line of the file too: a key names one row")
                    .arg(describe(key));
        } else if (m_staged.contains(matchKey(key))) {
            (*problems)[qsizetype(i)] = tr("%1 is the key of a new row of %2 staged already")
                                            .arg(describe(key), m_table.displayLabel());
        } else if (m_session.findLoaded(m_table, key)) {
            (*problems)[qsizetype(i)] = tr("%1 is the key of a row of %2 already")
                                            .arg(describe(key), m_table.displayLabel());
        } else {
            keys[i] = key;
            toAsk.push_back(qsizetype(i));
        }
    }
    if (!toAsk.empty() && !m_rangeRead && !readStoredRange())
        return false;
    if (m_noneStored)
        toAsk.clear();
    else if (m_haveRange)
        toAsk.erase(std::remove_if(toAsk.begin(), toAsk.end(),
                                   [&](qsizetype i) {
                                       const orm::Key &key = keys[size_t(i)];
                                       return key.isInteger() && (key.integer() < m_lowest ||
                                                                  key.integer() > m_highest);
                                   }),
                    toAsk.end());
    // The rows the database holds under those keys, a chunk of keys per statement
    const orm::StatementBuilder sql(m_session.dialect());
    const qsizetype chunk = orm::StatementBuilder::chunkRows(m_columns.size());
    // By the key as the database matches it (a NOCASE key's 'alfki' is its 'ALFKI'): the key
    // each row holds, which names it to the user.
    QHash<orm::Key, orm::Key> stored;
    for (size_t from = 0; from < toAsk.size(); from += size_t(chunk)) {
        const size_t to = std::min(toAsk.size(), from + size_t(chunk));
        orm::Query query;
        for (size_t i = from; i < to; ++i)
            query.binds.append(keys[size_t(toAsk[i])].values());
        query.where = sql.in(m_table, m_columns, qsizetype(to - from));
        const bool read = m_session.readRows(m_table, query, [&](const QVariantList &row) {
            const orm::Key key = orm::Key::ofRow(m_table, row);
            stored.insert(matchKey(key), key);
            return true;
        });
        if (!read) {
            m_error = m_session.lastError().message();
            return false;
        }
    }
    for (const qsizetype i : toAsk) {
        const orm::Key &key = keys[size_t(i)];
        const auto found = stored.constFind(matchKey(key));
        if (found == stored.cend())
            continue;
        if (*found == key)
            (*problems)[i] = tr("%1 is the key of a row of %2 already")
                                 .arg(describe(key), m_table.displayLabel());
        else // the same key to the database, written otherwise: name the row that has it
            (*problems)[i] =
                tr("%1 is the key of a row of %2 already, written %3 there (the "
                   "key compares as %4)")
                    .arg(describe(key), m_table.displayLabel(), describe(*found), collationsOf());
    }
    return true;
}

} // namespace io
