#include "relationship.h"

#include "record.h"
#include "table.h"

#include <QCoreApplication>

namespace orm {

QString Relationship::qualifiedName() const {
    return parent->className() + QLatin1Char('.') + name;
}

QString Relationship::cascadeSentence() const {
    return QCoreApplication::translate("orm", "%1 is %2")
        .arg(qualifiedName(), cascadeName(cascade));
}

QString Relationship::displayLabel() const {
    if (!label.isEmpty() || name.isEmpty())
        return label;
    return name.at(0).toUpper() + name.mid(1);
}

bool Relationship::foreignKeyNullable() const {
    for (int column : foreignKeyColumns) {
        if (!child->column(column).nullable)
            return false;
    }
    return true;
}

bool Relationship::isSimple() const {
    // No list made to compare: grid cells and edits ask this of every column
    return foreignKeyColumns.size() == 1 && parent->primaryKey() >= 0 &&
           referencedColumns.size() == 1 && referencedColumns.first() == parent->primaryKey();
}

bool Relationship::refersToPrimaryKey() const {
    return !referencedColumns.isEmpty() && referencedColumns == parent->primaryKeyColumns();
}

Key Relationship::parentKeyOf(const QVariantList &foreignKeyValues) const {
    for (const QVariant &value : foreignKeyValues) {
        if (value.isNull())
            return Key();
    }
    return Key::ofValues(*parent, referencedColumns, foreignKeyValues);
}

Key Relationship::parentKeyOf(const Record &child, bool stored) const {
    return child.keyOf(foreignKeyColumns, *parent, referencedColumns, stored);
}

Key Relationship::referencedKeyOf(const Record &parent, bool stored) const {
    if (stored && refersToPrimaryKey())
        return parent.storedKey();
    return parent.keyOf(referencedColumns, *this->parent, referencedColumns, stored);
}

QVariantList Relationship::referencedValues(const Record &parent) const {
    QVariantList values;
    values.reserve(referencedColumns.size());
    for (int column : referencedColumns)
        values.append(parent.value(column));
    return values;
}

} // namespace orm
