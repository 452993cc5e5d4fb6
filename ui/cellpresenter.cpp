#include "cellpresenter.h"

#include "blobpreview.h"
#include "cellstyle.h"
#include "recordvalues.h"

#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/relationship.h"
#include "orm/session.h"

#include <QCoreApplication>
#include <QImage>

namespace ui {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::CellPresenter", text);
}

QString parentText(const orm::RecordPtr &parent) {
    if (!parent)
        return {};
    if (parent->state() == orm::ObjectState::Pending)
        return orm::Namesakes::newText(parent->displayText()); // read back by orm::LabelReader
    return parent->displayText();
}

} // namespace

orm::RecordPtr CellPresenter::nulledBy(const orm::RecordPtr &record, int column) {
    const orm::Relationship *relationship = record->table().relationshipForColumn(column);
    if (!relationship || record->isMarkedForDelete() ||
        relationship->cascade.testFlag(orm::CascadeFlag::Delete))
        return nullptr;
    const orm::RecordPtr parent = record->parent(*relationship);
    return parent && parent->isMarkedForDelete() ? parent : nullptr;
}

bool CellPresenter::isModified(const orm::RecordPtr &record, int column) {
    if (record->state() == orm::ObjectState::Pending)
        return false; // the whole row is new
    return record->isModified(column) || nulledBy(record, column) != nullptr;
}

QString CellPresenter::text(const orm::RecordPtr &record, int column) {
    if (const orm::Relationship *relationship = record->table().relationshipForColumn(column)) {
        if (nulledBy(record, column))
            return tr("(none)");
        return parentText(record->parent(*relationship));
    }
    const QVariant value = record->value(column);
    if (value.typeId() == QMetaType::QByteArray)
        return blobpreview::describe(value.toByteArray());
    return values::toText(record->table().column(column), value);
}

QString CellPresenter::shownText(const orm::RecordPtr &record, int column) {
    if (record->table().relationshipForColumn(column))
        return text(record, column);
    return values::shown(record->table().column(column), record->value(column));
}

QString CellPresenter::databaseDefaultText(const orm::RecordPtr &record, int column) {
    if (record->state() != orm::ObjectState::Pending || !record->value(column).isNull())
        return {};
    const orm::Column &definition = record->table().column(column);
    if (!definition.isWritable() || definition.autoIncrement)
        return {};
    if (!definition.defaultExpression.isEmpty())
        return tr("default: %1").arg(definition.defaultExpression);
    if (definition.defaultValue.isValid())
        return tr("default: %1").arg(values::toText(definition, definition.defaultValue));
    return {};
}

QString CellPresenter::committedText(const orm::RecordPtr &record, int column) {
    return describe(record, column, record->committedValue(column));
}

QString CellPresenter::describeParent(const orm::RecordPtr &parent) {
    if (!parent)
        return tr("(none)");
    if (parent->state() == orm::ObjectState::Pending)
        return tr("\u201c%1\u201d (new)").arg(parent->displayText());
    return QStringLiteral("\u201c%1\u201d").arg(parent->displayText());
}

QString CellPresenter::describe(const orm::RecordPtr &record, int column, const QVariant &value) {
    const orm::Column &definition = record->table().column(column);
    const orm::Relationship *relationship = record->table().relationshipForColumn(column);
    if (!relationship)
        return values::describe(definition, value);
    if (value.isNull())
        return describeParent(nullptr);
    if (record->session()) {
        if (const orm::RecordPtr parent =
                record->session()->findLoaded(*relationship->parent, value))
            return describeParent(parent);
    }
    return values::describe(definition, value);
}

QVariant CellPresenter::data(const orm::RecordPtr &record, int column, int role,
                             const ErrorMark &error) {
    const bool deleted = record->isMarkedForDelete();
    const bool isNew = record->state() == orm::ObjectState::Pending;
    const bool hasError =
        error.record == record.get() && (error.column < 0 || error.column == column);
    switch (role) {
    case Qt::DisplayRole:
        return shownText(record, column);
    case Qt::EditRole:
        return record->value(column);
    case Qt::DecorationRole: {
        // Images in a blob show as a thumbnail, decoded once (blobpreview caches it).
        const QVariant value = record->value(column);
        if (value.typeId() != QMetaType::QByteArray)
            return {};
        const QImage thumbnail = blobpreview::thumbnail(value.toByteArray());
        return thumbnail.isNull() ? QVariant() : QVariant(thumbnail);
    }
    case Qt::AccessibleTextRole:
        // What the grid paints for NULL, or for the default a new row will take
        // (RecordDelegate), for screen readers too.
        if (record->value(column).isNull() && !record->table().relationshipForColumn(column)) {
            const QString fallback = databaseDefaultText(record, column);
            return fallback.isEmpty() ? QStringLiteral("NULL") : fallback;
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        if (hasError)
            lines << error.message;
        if (deleted)
            lines << tr("Marked for delete: removed from the database at commit.");
        else if (isNew)
            lines << tr("New record: inserted at commit.");
        if (const QString fallback = databaseDefaultText(record, column); !fallback.isEmpty())
            lines << tr("Left empty, the database fills it in at commit (%1).").arg(fallback);
        if (const orm::RecordPtr parent = nulledBy(record, column))
            lines << tr("Will be cleared at commit, because %1 is marked for delete.")
                         .arg(parent->displayName());
        if (isModified(record, column))
            lines << tr("Staged change. Committed value: %1").arg(committedText(record, column));
        if (lines.isEmpty())
            return {};
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::BackgroundRole:
        if (hasError)
            return cellstyle::errorBackground();
        if (deleted)
            return cellstyle::deletedBackground();
        if (isNew)
            return cellstyle::newBackground();
        if (isModified(record, column))
            return cellstyle::modifiedBackground();
        return {};
    case Qt::ForegroundRole:
        if (deleted)
            return cellstyle::deletedForeground();
        return {};
    case Qt::FontRole:
        if (deleted)
            return cellstyle::struckOut();
        return {};
    case Qt::TextAlignmentRole: {
        // Numbers line up on their last digit, exact decimals as much as integers and reals; a
        // reference shows its parent's name, which is text.
        const orm::ColumnType type = record->table().column(column).type;
        const bool number = !record->table().foreignKey(column) &&
                            (type == orm::ColumnType::Integer || type == orm::ColumnType::Real ||
                             type == orm::ColumnType::Decimal);
        return QVariant::fromValue(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    }
    default:
        return {};
    }
}

QVariant CellPresenter::rowHeader(const orm::RecordPtr &record, int row, int role) {
    const bool deleted = record->isMarkedForDelete();
    const bool isNew = record->state() == orm::ObjectState::Pending;
    switch (role) {
    case Qt::DisplayRole:
        if (isNew)
            return tr("new");
        if (deleted)
            return tr("del");
        return QString::number(row + 1);
    case Qt::ToolTipRole:
        if (isNew)
            return tr("New record, not yet in the database");
        if (deleted)
            return tr("Marked for delete");
        if (record->hasChanges())
            return tr("Has staged changes");
        return {};
    case Qt::ForegroundRole:
        if (deleted)
            return cellstyle::deletedForeground();
        return {};
    case Qt::FontRole:
        if (deleted)
            return cellstyle::struckOut();
        return {};
    default:
        return {};
    }
}

QString CellPresenter::columnDescription(const orm::Table &table, int column) {
    // What a person needs before typing into the column: its name as the database spells it,
    // its type, and every rule the database will hold the value to.
    const orm::Column &definition = table.column(column);
    QStringList lines;
    const QString type = definition.declaredType.isEmpty() ? orm::columnTypeName(definition.type)
                                                           : definition.declaredType;
    lines << (type.isEmpty() ? definition.name : tr("%1 \u2014 %2").arg(definition.name, type));
    if (table.isKeyColumn(column))
        lines << (table.primaryKeyColumns().size() > 1 ? tr("Part of the primary key")
                                                       : tr("Primary key"));
    if (!definition.nullable && !table.isKeyColumn(column))
        lines << tr("NOT NULL (required)");
    bool unique = definition.unique;
    for (const orm::UniqueKey &key : table.uniqueKeys())
        unique = unique || (key.columns.size() == 1 && key.columns.first() == column);
    if (unique)
        lines << tr("UNIQUE");
    if (definition.minimum && definition.maximum)
        lines << tr("From %1 to %2").arg(*definition.minimum).arg(*definition.maximum);
    for (const QString &check : definition.checks) {
        // PostgreSQL gives a constraint whole ("CHECK ((VALUE >= 1901))"), SQLite its expression
        const bool whole = check.startsWith(QLatin1String("CHECK"), Qt::CaseInsensitive);
        lines << (whole ? check : tr("CHECK (%1)").arg(check));
    }
    if (!definition.enumLabels.isEmpty())
        lines << tr("One of: %1").arg(definition.enumLabels.join(QStringLiteral(", ")));
    if (const orm::ForeignKey *key = table.foreignKey(column)) {
        const QString target =
            key->targetColumnNames.isEmpty()
                ? key->targetTable
                : QStringLiteral("%1 (%2)").arg(key->targetTable,
                                                key->targetColumnNames.join(QStringLiteral(", ")));
        lines << tr("Refers to %1, ON DELETE %2").arg(target, orm::onDeleteName(key->onDelete));
    }
    if (!definition.defaultExpression.isEmpty())
        lines << tr("Default: %1").arg(definition.defaultExpression);
    else if (definition.defaultValue.isValid())
        lines << tr("Default: %1").arg(definition.defaultValue.toString());
    if (definition.autoIncrement)
        lines << tr("Assigned by the database");
    if (definition.generated)
        lines << tr("Computed by the database: read-only");
    else if (!definition.readOnlyReason.isEmpty())
        lines << tr("Read-only: %1").arg(definition.readOnlyReason);
    else if (table.isReadOnly())
        lines << tr("Read-only: %1").arg(table.readOnlyReason());
    return lines.join(QLatin1Char('\n'));
}

QVariant CellPresenter::columnHeader(const orm::Table &table, int column, int role) {
    const orm::Column &definition = table.column(column);
    switch (role) {
    case Qt::DisplayRole:
        if (const orm::Relationship *relationship = table.relationshipForColumn(column)) {
            // The library names its references ("Author"); a database's own columns keep the
            // names the database gives them ("customer_code").
            if (definition.label.isEmpty() && !relationship->backrefName.isEmpty() &&
                !relationship->followsDatabase) {
                QString name = relationship->backrefName;
                name[0] = name[0].toUpper();
                return name;
            }
        }
        return definition.displayLabel();
    case Qt::ToolTipRole:
        return columnDescription(table, column);
    default:
        return {};
    }
}

} // namespace ui
