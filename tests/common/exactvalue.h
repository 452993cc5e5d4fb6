#pragma once

// What "round-trips exactly" means in the tests of the row store and the readers that fill it:
// QVariant's own == converts (7 == "7", 0.0 == -0.0), which would let a wrong metatype or a lost
// NULL pass.

#include <QString>
#include <QVariant>
#include <cstring>

namespace shelftest {

/// Same metatype and same value: a double bit for bit (-0.0 and NaN too), and a NULL text or
/// blob told from an empty one.
inline bool exactly(const QVariant &a, const QVariant &b) {
    if (a.typeId() != b.typeId() || a.isValid() != b.isValid())
        return false;
    if (a.typeId() == QMetaType::Double) {
        const double x = a.toDouble(), y = b.toDouble();
        return std::memcmp(&x, &y, sizeof x) == 0;
    }
    if (a.typeId() == QMetaType::QString)
        return a.toString() == b.toString() && a.toString().isNull() == b.toString().isNull();
    if (a.typeId() == QMetaType::QByteArray)
        return a.toByteArray() == b.toByteArray() &&
               a.toByteArray().isNull() == b.toByteArray().isNull();
    return a == b;
}

/// "QString(Ada)": the metatype and the start of the value, for a failure message.
inline QString describe(const QVariant &value) {
    return QStringLiteral("%1(%2)").arg(QString::fromLatin1(value.typeName()),
                                        value.toString().left(40));
}

} // namespace shelftest
