#pragma once

#include <QVariant>
#include <QVariantList>

namespace orm {

class Table;

/// A primary key value of any shape, as the identity map and the loaders compare and hash it:
/// one integer column is held inline (no allocation, hashed as the integer); every other shape
/// (a text code, several columns) holds its values in key order, each normalised by its column's
/// type so that 7 and "7" name the same row of an integer key and never that of a text key.
class Key {
public:
    Key() = default; ///< the null key: a record not stored yet

    /// The key of a row (values by column index).
    static Key ofRow(const Table &table, const QVariantList &row);
    /// A key as callers pass it (Session::get()): the value for a one-column key, a QVariantList
    /// in key order for a composite one. Null when the shape does not fit the table.
    static Key fromId(const Table &table, const QVariant &id);
    /// The values of `columns` of a row (a foreign key's columns, a unique key's).
    static Key ofColumns(const Table &table, const QList<int> &columns, const QVariantList &row);
    /// One value of a one-column key (a foreign key's value compared with its parent's key):
    /// no allocation for an integer.
    static Key ofValue(const Table &table, int column, const QVariant &value);
    /// The key of an integer column holding `value`: what ofValue() gives for a qint64 there.
    static Key ofInteger(qint64 value) {
        Key key;
        key.m_kind = Kind::Integer;
        key.m_integer = value;
        return key;
    }
    /// Values given directly, in the order of `columns` of `table`.
    static Key ofValues(const Table &table, const QList<int> &columns, const QVariantList &values);

    bool isNull() const { return m_kind == Kind::Null; }
    bool isInteger() const { return m_kind == Kind::Integer; }
    qint64 integer() const { return m_integer; }
    /// The values in key order (one for a one-column key).
    QVariantList values() const;
    /// As Record::id() gives it: the value, or a QVariantList for several columns.
    QVariant toVariant() const;

    /// (The integer case inline: loading children compares each row's parent key with the row
    /// before's.)
    bool operator==(const Key &other) const {
        if (m_kind != other.m_kind)
            return false;
        return m_kind == Kind::Integer ? m_integer == other.m_integer
                                       : m_kind == Kind::Null || sameValues(other);
    }
    bool operator!=(const Key &other) const { return !(*this == other); }
    /// Integer keys by value, then anything else by its text (for a stable flush order).
    bool operator<(const Key &other) const;

    friend size_t qHash(const Key &key, size_t seed) noexcept;

private:
    enum class Kind : quint8 { Null, Integer, Values };
    /// operator== for two keys of several values: the same values, of the same types.
    bool sameValues(const Key &other) const;
    static Key build(const Table &table, const QList<int> &columns, const QVariantList &values,
                     bool fromRow);

    Kind m_kind = Kind::Null;
    qint64 m_integer = 0;
    QVariantList m_values; ///< Kind::Values only
};

size_t qHash(const Key &key, size_t seed = 0) noexcept;

} // namespace orm
