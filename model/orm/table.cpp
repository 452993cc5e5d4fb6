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
    if (column.primaryKey)
        m_keyColumns.append(index);
    if (m_displayColumn < 0 && !column.primaryKey && !column.hidden &&
        column.type == ColumnType::Text)
        m_displayColumn = index;
    return index;
}

void Table::addForeignKey(const QString &column, const QString &targetTable, OnDelete onDelete) {
    const int index = columnIndex(column);
    Q_ASSERT_X(index >= 0, "Table::addForeignKey", qPrintable(column));
    ForeignKey key;
    key.columns = {index};
    key.targetTable = targetTable;
    key.onDelete = onDelete;
    m_foreignKeys.append(key);
}

void Table::addForeignKey(const ForeignKey &key) {
    Q_ASSERT(!key.columns.isEmpty());
    m_foreignKeys.append(key);
}

void Table::setPrimaryKey(const QList<int> &columns) {
    for (int index : std::as_const(m_keyColumns))
        m_columns[index].primaryKey = false;
    m_keyColumns = columns;
    for (int index : columns)
        m_columns[index].primaryKey = true;
}

void Table::setLabelColumns(const QList<int> &columns) {
    m_labelColumns = columns;
    m_displayColumn = columns.isEmpty() ? -1 : columns.last();
}

QList<int> Table::labelColumns() const {
    if (!m_labelColumns.isEmpty())
        return m_labelColumns;
    return m_displayColumn >= 0 ? QList<int>{m_displayColumn} : QList<int>{};
}

void Table::setDisplayColumn(const QString &column) {
    m_displayColumn = columnIndex(column);
    m_labelColumns.clear();
    Q_ASSERT(m_displayColumn >= 0);
}

int Table::columnIndex(const QString &name) const {
    return m_columnIndex.value(name, -1);
}

const ForeignKey *Table::foreignKey(int column) const {
    const ForeignKey *composite = nullptr;
    for (const ForeignKey &key : m_foreignKeys) {
        if (!key.isComposite() && key.column() == column)
            return &key;
        if (!composite && key.columns.contains(column))
            composite = &key;
    }
    return composite;
}

const Relationship *Table::relationshipForColumn(int column) const {
    for (const Relationship *relationship : m_parentRelationships) {
        if (relationship->isSimple() && relationship->foreignKeyColumns.first() == column)
            return relationship;
    }
    return nullptr;
}

RecordPtr Table::createRecord() const {
    if (m_factory)
        return m_factory(this);
    const RecordPool::Serving serving(m_pool.pool);
    return std::allocate_shared<Record>(RecordAllocator<Record>(), this);
}

QString Table::columnNames(const QList<int> &columns) const {
    QStringList names;
    for (int column : columns)
        names << this->column(column).name;
    return names.join(QStringLiteral(", "));
}

} // namespace orm
