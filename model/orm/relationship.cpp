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

bool Relationship::foreignKeyNullable() const {
    return child->column(foreignKeyColumn).nullable;
}

} // namespace orm
