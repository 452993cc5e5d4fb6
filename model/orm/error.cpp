#include "error.h"

#include "errorwording.h"

namespace orm {

QString Error::kindName(Kind kind) {
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::Validation:
        return QStringLiteral("validation");
    case Kind::Constraint:
        return QStringLiteral("constraint");
    case Kind::Blocked:
        return QStringLiteral("blocked");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::Connection:
        return QStringLiteral("connection");
    case Kind::Database:
        return QStringLiteral("database");
    case Kind::Usage:
        return QStringLiteral("usage");
    }
    return {};
}

QString Error::message() const {
    return describe(*this);
}

QString Error::fullText() const {
    const QString sentence = message();
    if (driverMessage.isEmpty())
        return sentence;
    return sentence + QStringLiteral("\n(") + driverMessage + QLatin1Char(')');
}

} // namespace orm
