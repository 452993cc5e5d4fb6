#include "types.h"

#include <QStringList>

namespace orm {

QString stateName(ObjectState state) {
    switch (state) {
    case ObjectState::Transient:
        return QStringLiteral("transient");
    case ObjectState::Pending:
        return QStringLiteral("pending");
    case ObjectState::Persistent:
        return QStringLiteral("persistent");
    case ObjectState::Deleted:
        return QStringLiteral("deleted");
    case ObjectState::Detached:
        return QStringLiteral("detached");
    }
    return {};
}

QString cascadeName(Cascade cascade) {
    QStringList parts;
    if ((cascade & CascadeFlag::All) == Cascade(CascadeFlag::All)) {
        parts << QStringLiteral("all");
    } else {
        if (cascade & CascadeFlag::SaveUpdate)
            parts << QStringLiteral("save-update");
        if (cascade & CascadeFlag::Delete)
            parts << QStringLiteral("delete");
        if (cascade & CascadeFlag::Expunge)
            parts << QStringLiteral("expunge");
    }
    if (cascade & CascadeFlag::DeleteOrphan)
        parts << QStringLiteral("delete-orphan");
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

QString onDeleteName(OnDelete action) {
    switch (action) {
    case OnDelete::NoAction:
        return QStringLiteral("NO ACTION");
    case OnDelete::Cascade:
        return QStringLiteral("CASCADE");
    case OnDelete::SetNull:
        return QStringLiteral("SET NULL");
    case OnDelete::Restrict:
        return QStringLiteral("RESTRICT");
    }
    return {};
}

} // namespace orm
