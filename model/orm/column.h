#pragma once

#include "types.h"

#include <QString>
#include <QStringList>
#include <QVariant>
#include <optional>

namespace orm {

/// A column of a table. Built fluently: `Column::text("name").notNull()`.
struct Column {
    QString name;
    ColumnType type = ColumnType::Text;
    bool nullable = true;
    bool unique = false;
    bool primaryKey = false;
    QVariant defaultValue;         ///< a literal the database fills in when the value is null
    std::optional<qint64> minimum; ///< inclusive; becomes a CHECK constraint and is validated
    std::optional<qint64> maximum; ///< inclusive; becomes a CHECK constraint and is validated
    QString label;                 ///< what a user reads ("Title"); defaults to the name

    // What reflection reads from a database (declared columns leave these empty).
    QString declaredType;       ///< the type as the database declares it ("NVARCHAR(40)")
    QString defaultExpression;  ///< the DEFAULT as SQL text; the database fills it on INSERT
    QString collation;          ///< a declared COLLATE other than the default
    QStringList enumLabels;     ///< the labels of an enum type, in their order
    QStringList checks;         ///< CHECK expressions that name only this column, as declared
    bool generated = false;     ///< computed by the database (GENERATED ALWAYS AS): never written
    bool autoIncrement = false; ///< the database assigns it (identity, serial, rowid alias)
    bool hidden = false;        ///< not a declared column: SQLite's rowid used as the key
    /// PostgreSQL's character(n): values come padded with blanks to n, which the database
    /// ignores when it compares them ('English' = 'English   '), and so do labels.
    bool blankPadded = false;
    QString readOnlyReason; ///< why Shelf never writes this column; empty: writable
    /// SQLite compares a foreign key column with its parent key by the parent key's collation:
    /// NOCASE or RTRIM when the parent declares one ('alfki' refers to 'ALFKI'), else empty. The
    /// rows that refer to a parent are found by it (StatementBuilder::equals(), in()).
    QString referenceCollation;

    static Column key(const QString &name = QStringLiteral("id"));
    static Column integer(const QString &name);
    static Column text(const QString &name);
    static Column real(const QString &name);
    static Column boolean(const QString &name);

    Column &notNull();
    Column &isUnique();
    Column &withDefault(const QVariant &value);
    Column &range(qint64 min, qint64 max);
    Column &labelled(const QString &text);

    QString displayLabel() const { return label.isEmpty() ? name : label; }
    /// False for generated, hidden and otherwise read-only columns: never in an INSERT or UPDATE.
    bool isWritable() const { return !generated && !hidden && readOnlyReason.isEmpty(); }
    /// True when the database fills the value when none is given (a default, an identity).
    bool hasDatabaseDefault() const {
        return defaultValue.isValid() || !defaultExpression.isEmpty() || autoIncrement || generated;
    }
    /// The name of the CHECK constraint for minimum/maximum: ck_<table>_<column>.
    QString checkName(const QString &table) const;
};

} // namespace orm
