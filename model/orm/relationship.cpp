#include "relationship.h"

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
    return child->column(foreignKeyColumn).nullable;
}

} // namespace orm
