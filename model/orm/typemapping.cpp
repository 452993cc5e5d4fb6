#include "typemapping.h"

namespace orm::typemapping {

ColumnType fromSqlite(const QString &declaredType) {
    const QString type = declaredType.toUpper();
    const auto has = [&type](const char *part) { return type.contains(QLatin1String(part)); };
    // SQLite's own order: INT first, then text, then blob, then real, else numeric.
    if (has("INT"))
        return ColumnType::Integer;
    if (has("CHAR") || has("CLOB") || has("TEXT"))
        return ColumnType::Text;
    if (has("BLOB"))
        return ColumnType::Blob;
    // No type, or a STRICT table's ANY: the column takes whatever it is given (a non-STRICT
    // table's ANY has NUMERIC affinity, which keeps a text that is no number as text too).
    if (type.trimmed().isEmpty() || type.trimmed() == QLatin1String("ANY"))
        return ColumnType::Text;
    if (has("REAL") || has("FLOA") || has("DOUB"))
        return ColumnType::Real;
    // NUMERIC affinity: what the name says decides how Shelf edits it.
    if (has("BOOL"))
        return ColumnType::Boolean;
    if (has("DATETIME") || has("TIMESTAMP"))
        return ColumnType::Timestamp;
    if (has("DATE"))
        return ColumnType::Date;
    if (has("TIME"))
        return ColumnType::Time;
    if (has("JSON"))
        return ColumnType::Json;
    if (has("UUID") || has("GUID"))
        return ColumnType::Uuid;
    return ColumnType::Decimal;
}

ColumnType fromPostgres(const QString &formattedType, QChar category) {
    const QString type = formattedType.toLower();
    if (type.endsWith(QLatin1String("[]")))
        return ColumnType::Other;
    if (type == QLatin1String("smallint") || type == QLatin1String("integer") ||
        type == QLatin1String("bigint") || type == QLatin1String("oid"))
        return ColumnType::Integer;
    if (type == QLatin1String("real") || type == QLatin1String("double precision"))
        return ColumnType::Real;
    if (type.startsWith(QLatin1String("numeric")) || type == QLatin1String("money"))
        return ColumnType::Decimal;
    if (type == QLatin1String("boolean"))
        return ColumnType::Boolean;
    if (type == QLatin1String("date"))
        return ColumnType::Date;
    if (type.startsWith(QLatin1String("time")) && type.contains(QLatin1String("with time zone")))
        return type.startsWith(QLatin1String("timestamp")) ? ColumnType::TimestampTz
                                                           : ColumnType::Other;
    if (type.startsWith(QLatin1String("timestamp")))
        return ColumnType::Timestamp;
    if (type.startsWith(QLatin1String("time")))
        return ColumnType::Time;
    if (type == QLatin1String("bytea"))
        return ColumnType::Blob;
    if (type == QLatin1String("uuid"))
        return ColumnType::Uuid;
    if (type == QLatin1String("json") || type == QLatin1String("jsonb"))
        return ColumnType::Json;
    if (category == QLatin1Char('E'))
        return ColumnType::Enum;
    if (category == QLatin1Char('S')) // text, varchar, char, name, citext
        return ColumnType::Text;
    return ColumnType::Other;
}

} // namespace orm::typemapping
