#pragma once

#include "types.h"

#include <QString>

namespace orm::typemapping {

/// The ColumnType for an SQLite declared type, by SQLite's affinity rules (datatype3.html §3.1)
/// refined by the usual names: "NVARCHAR(40)" → Text, "UNSIGNED BIG INT" → Integer,
/// "NUMERIC(10,2)" / "DECIMAL" / "MONEY" → Decimal, "DATETIME" → Timestamp, "BOOLEAN" → Boolean,
/// "" and "ANY" → Text (a column without a type, or a STRICT table's ANY, holds whatever it is
/// given; Shelf writes what is typed).
ColumnType fromSqlite(const QString &declaredType);

/// The ColumnType for a PostgreSQL type, given pg_type's typcategory and the formatted name
/// (format_type: "numeric(10,2)", "timestamp with time zone", "character varying(40)").
/// Arrays, geometric, network, range and composite types are Other (read-only).
ColumnType fromPostgres(const QString &formattedType, QChar category);

} // namespace orm::typemapping
