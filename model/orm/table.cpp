#include "table.h"

#include "record.h"
#include "relationship.h"

namespace orm {

Table::Table(QString name, QString className)
    : m_name(std::move(name))
    , m_className(std::move(className)) {
}

QString Table::displayLabel() const {
    if (!m_label.isEmpty() || m_name.isEmpty())
        return m_label;
    return m_name.at(0).toUpper() + m_name.mid(1);
}

int Table::addColumn(const Column &column) {
    Q_ASSERT(!m_columnIndex.contains(column.name));
    const int index = int(m_columns.size());
    m_columns.append(column);
    m_columnIndex.insert(column.name, index);
    m_nullRow.append(QVariant());
    if (column.primaryKey) {
        Q_ASSERT_X(m_primaryKey < 0, "Table::addColumn", "one primary key column per table");
        m_primaryKey = index;
    }
    if (m_displayColumn < 0 && !column.primaryKey && column.type == ColumnType::Text)
        m_displayColumn = index;
    return index;
}

void Table::addForeignKey(const QString &column, const QString &targetTable, OnDelete onDelete) {
    const int index = columnIndex(column);
    Q_ASSERT_X(index >= 0, "Table::addForeignKey", qPrintable(column));
    m_foreignKeys.append(ForeignKey{index, targetTable, onDelete});
}

void Table::setDisplayColumn(const QString &column) {
    m_displayColumn = columnIndex(column);
    Q_ASSERT(m_displayColumn >= 0);
}

int Table::columnIndex(const QString &name) const {
    return m_columnIndex.value(name, -1);
}

const ForeignKey *Table::foreignKey(int column) const {
    for (const ForeignKey &key : m_foreignKeys) {
        if (key.column == column)
            return &key;
    }
    return nullptr;
}

const Relationship *Table::relationshipForColumn(int column) const {
    for (const Relationship *relationship : m_parentRelationships) {
        if (relationship->foreignKeyColumn == column)
            return relationship;
    }
    return nullptr;
}

RecordPtr Table::createRecord() const {
    return m_factory ? m_factory(this) : std::make_shared<Record>(this);
}

} // namespace orm
