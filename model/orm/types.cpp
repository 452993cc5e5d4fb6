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
    case OnDelete::SetDefault:
        return QStringLiteral("SET DEFAULT");
    }
    return {};
}

QString columnTypeName(ColumnType type) {
    switch (type) {
    case ColumnType::Integer:
        return QStringLiteral("integer");
    case ColumnType::Text:
        return QStringLiteral("text");
    case ColumnType::Real:
        return QStringLiteral("real");
    case ColumnType::Boolean:
        return QStringLiteral("boolean");
    case ColumnType::Decimal:
        return QStringLiteral("decimal");
    case ColumnType::Date:
        return QStringLiteral("date");
    case ColumnType::Time:
        return QStringLiteral("time");
    case ColumnType::Timestamp:
        return QStringLiteral("timestamp");
    case ColumnType::TimestampTz:
        return QStringLiteral("timestamp with time zone");
    case ColumnType::Blob:
        return QStringLiteral("blob");
    case ColumnType::Uuid:
        return QStringLiteral("uuid");
    case ColumnType::Json:
        return QStringLiteral("json");
    case ColumnType::Enum:
        return QStringLiteral("enum");
    case ColumnType::Other:
        return QStringLiteral("other");
    }
    return {};
}

} // namespace orm
