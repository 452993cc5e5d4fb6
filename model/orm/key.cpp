#include "key.h"

#include "table.h"
#include "values.h"

#include <QHashFunctions>
#include <limits>

namespace orm {

namespace {

bool isIntegral(int typeId) {
    switch (typeId) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::ULong:
        return true;
    default:
        return false;
    }
}

/// One key value as the column holds it, integers widened so that equal keys hash alike.
QVariant normalized(const Column &column, const QVariant &value) {
    QVariant plain = values::coerce(column, value);
    if (isIntegral(plain.typeId()))
        return QVariant(plain.toLongLong());
    return plain;
}

size_t hashValue(const QVariant &value, size_t seed) {
    using ::qHash; // orm::qHash(Key) would hide Qt's
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return seed;
    case QMetaType::LongLong:
        return qHash(value.toLongLong(), seed);
    case QMetaType::Double:
        return qHash(value.toDouble(), seed);
    case QMetaType::QString:
        return qHash(value.toString(), seed);
    case QMetaType::QByteArray:
        return qHash(value.toByteArray(), seed);
    default:
        return qHash(value.toString(), seed);
    }
}

} // namespace

Key Key::ofValue(const Table &table, int column, const QVariant &value) {
    Key key;
    if (value.isNull())
        return key;
    const Column &definition = table.column(column);
    if (definition.type == ColumnType::Integer) {
        // The fast path: a loaded row holds its integer key as a qint64 already (on PostgreSQL
        // as an int or, int8, an unsigned 64-bit integer: what normalized() makes a qint64 of).
        const int typeId = value.typeId();
        if (typeId == QMetaType::LongLong || typeId == QMetaType::Int ||
            (typeId == QMetaType::ULongLong &&
             value.toULongLong() <= quint64(std::numeric_limits<qint64>::max()))) {
            key.m_kind = Kind::Integer;
            key.m_integer = value.toLongLong();
            return key;
        }
        const QVariant number = normalized(definition, value);
        if (number.typeId() == QMetaType::LongLong) {
            key.m_kind = Kind::Integer;
            key.m_integer = number.toLongLong();
            return key;
        }
    }
    key.m_kind = Kind::Values;
    key.m_values = {normalized(definition, value)};
    return key;
}

Key Key::build(const Table &table, const QList<int> &columns, const QVariantList &values,
               bool fromRow) {
    Key key;
    if (columns.isEmpty())
        return key;
    if (columns.size() == 1)
        return ofValue(table, columns.first(), fromRow ? values.at(columns.first()) : values.at(0));
    bool allNull = true;
    key.m_values.reserve(columns.size());
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const int column = columns.at(i);
        const QVariant &value = fromRow ? values.at(column) : values.value(i);
        allNull = allNull && value.isNull();
        key.m_values.append(normalized(table.column(column), value));
    }
    if (allNull)
        return Key();
    key.m_kind = Kind::Values;
    return key;
}

Key Key::ofRow(const Table &table, const QVariantList &row) {
    if (row.isEmpty())
        return Key();
    return build(table, table.primaryKeyColumns(), row, true);
}

Key Key::ofColumns(const Table &table, const QList<int> &columns, const QVariantList &row) {
    if (row.isEmpty())
        return Key();
    return build(table, columns, row, true);
}

Key Key::ofValues(const Table &table, const QList<int> &columns, const QVariantList &values) {
    if (values.size() != columns.size())
        return Key();
    return build(table, columns, values, false);
}

Key Key::fromId(const Table &table, const QVariant &id) {
    const QList<int> &columns = table.primaryKeyColumns();
    if (columns.size() == 1)
        return ofValue(table, columns.first(), id);
    if (id.typeId() != QMetaType::QVariantList)
        return Key();
    return ofValues(table, columns, id.toList());
}

QVariantList Key::values() const {
    switch (m_kind) {
    case Kind::Null:
        return {};
    case Kind::Integer:
        return {QVariant(m_integer)};
    case Kind::Values:
        break;
    }
    return m_values;
}

QVariant Key::toVariant() const {
    switch (m_kind) {
    case Kind::Null:
        return {};
    case Kind::Integer:
        return QVariant(m_integer);
    case Kind::Values:
        break;
    }
    return m_values.size() == 1 ? m_values.first() : QVariant(m_values);
}

bool Key::sameValues(const Key &other) const {
    if (m_values.size() != other.m_values.size())
        return false;
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        if (!values::same(m_values.at(i), other.m_values.at(i)) ||
            m_values.at(i).typeId() != other.m_values.at(i).typeId())
            return false;
    }
    return true;
}

bool Key::operator<(const Key &other) const {
    if (m_kind != other.m_kind)
        return m_kind < other.m_kind;
    if (m_kind == Kind::Integer)
        return m_integer < other.m_integer;
    for (qsizetype i = 0; i < std::min(m_values.size(), other.m_values.size()); ++i) {
        const QVariant &a = m_values.at(i);
        const QVariant &b = other.m_values.at(i);
        if (values::same(a, b))
            continue;
        if (a.typeId() == QMetaType::LongLong && b.typeId() == QMetaType::LongLong)
            return a.toLongLong() < b.toLongLong();
        if (a.isNull() != b.isNull())
            return a.isNull();
        return a.toString() < b.toString();
    }
    return m_values.size() < other.m_values.size();
}

size_t qHash(const Key &key, size_t seed) noexcept {
    using ::qHash;
    switch (key.m_kind) {
    case Key::Kind::Null:
        return seed;
    case Key::Kind::Integer:
        return qHash(key.m_integer, seed);
    case Key::Kind::Values:
        break;
    }
    for (const QVariant &value : key.m_values)
        seed = hashValue(value, seed * 31 + 1);
    return seed;
}

} // namespace orm
