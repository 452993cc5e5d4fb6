#pragma once

#include "types.h"

#include <QString>
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
    /// The name of the CHECK constraint for minimum/maximum: ck_<table>_<column>.
    QString checkName(const QString &table) const;
};

} // namespace orm
