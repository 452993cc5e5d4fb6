#include "column.h"

namespace orm {

namespace {
Column make(const QString &name, ColumnType type) {
    Column column;
    column.name = name;
    column.type = type;
    return column;
}
} // namespace

Column Column::key(const QString &name) {
    Column column = make(name, ColumnType::Integer);
    column.primaryKey = true;
    column.nullable = false;
    column.autoIncrement = true; // INTEGER PRIMARY KEY (a rowid alias) / an identity column
    return column;
}

Column Column::integer(const QString &name) {
    return make(name, ColumnType::Integer);
}
Column Column::text(const QString &name) {
    return make(name, ColumnType::Text);
}
Column Column::real(const QString &name) {
    return make(name, ColumnType::Real);
}
Column Column::boolean(const QString &name) {
    return make(name, ColumnType::Boolean);
}

Column &Column::notNull() {
    nullable = false;
    return *this;
}

Column &Column::isUnique() {
    unique = true;
    return *this;
}

Column &Column::withDefault(const QVariant &value) {
    defaultValue = value;
    return *this;
}

Column &Column::range(qint64 min, qint64 max) {
    minimum = min;
    maximum = max;
    return *this;
}

Column &Column::labelled(const QString &text) {
    label = text;
    return *this;
}

QString Column::checkName(const QString &table) const {
    return QStringLiteral("ck_%1_%2").arg(table, name);
}

} // namespace orm
