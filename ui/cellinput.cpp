#include "cellinput.h"

#include "edithistory.h"

#include "orm/namesakes.h"
#include "orm/session.h"
#include "orm/valueinput.h"
#include "orm/values.h"

#include <QCoreApplication>

namespace ui {

namespace {

constexpr qsizetype QuotedCharacters = 120;

QString tr(const char *text) {
    return QCoreApplication::translate("ui::CellInput", text);
}

/// The record that a label with its key names, as the grid shows a row whose label another row
/// shares and Copy takes it ("Music (#8)", orm::Namesakes): the row of that key, when its label is
/// that one (case ignored). nullptr otherwise.
orm::RecordPtr recordNamedWithKey(orm::Session &session, const orm::Table &table,
                                  const QString &text) {
    QString label;
    QString key;
    const int keyColumn = table.primaryKey();
    if (keyColumn < 0 || !orm::Namesakes::parse(text, &label, &key))
        return nullptr;
    const QVariant id = orm::values::coerce(table.column(keyColumn), key.trimmed());
    if (id.isNull() || !orm::values::validate(table.column(keyColumn), id).isEmpty())
        return nullptr; // never a query the database refuses ("Mix (#two)" for a number key)
    const orm::RecordPtr record = session.get(table, id);
    return record && !record->isMarkedForDelete() &&
                   record->displayText().toCaseFolded() == label.toCaseFolded()
               ? record
               : nullptr;
}

/// The one record named `name` (its display column, case ignored, as the picker matches): new
/// records and staged names count, records marked for delete do not. nullptr with `error` set
/// when several share the name, nullptr alone when none has it.
orm::RecordPtr recordNamed(orm::Session &session, const orm::Table &table, const QString &name,
                           QString *error) {
    const int column = table.displayColumn();
    if (column < 0 || column == table.primaryKey())
        return nullptr;
    const QString folded = name.toCaseFolded();
    const bool padded = table.column(column).blankPadded;
    orm::RecordList found;
    const auto consider = [&](const orm::RecordPtr &record) {
        QString value = record->value(column).toString();
        // 'English' names the language read as 'English' and 13 blanks (character(20)), as
        // PostgreSQL's own comparison and the cell's label have it
        while (padded && value.endsWith(QLatin1Char(' ')))
            value.chop(1);
        if (!record->isMarkedForDelete() && !found.contains(record) &&
            value.toCaseFolded() == folded) // staged names win
            found.append(record);
    };
    for (const orm::RecordPtr &record : session.newRecords(table))
        consider(record);
    orm::Query query;
    query.where = QStringLiteral("lower(%1) = lower(?)")
                      .arg(session.dialect().quote(table.column(column).name));
    query.binds = {name};
    query.limit = 100; // namesakes, not a table scan's worth of rows
    for (const orm::RecordPtr &record : session.query(table, query))
        consider(record);
    if (found.size() > 1) {
        // "Music" and "music" are two labels to the database and in the grid: the one typed
        // exactly so is the one meant.
        orm::RecordList exact;
        for (const orm::RecordPtr &record : std::as_const(found)) {
            if (record->displayText() == name)
                exact.append(record);
        }
        if (exact.size() == 1)
            return exact.first();
    }
    if (found.size() > 1) {
        // The forms the grid tells them apart by, which this cell takes too
        QStringList forms;
        for (const orm::RecordPtr &record : std::as_const(found)) {
            if (!record->id().isNull() && forms.size() < 3)
                forms << QStringLiteral("\u201c%1\u201d").arg(orm::Namesakes::text(record));
        }
        *error = forms.size() < 2
                     ? tr("More than one %1 is named \u201c%2\u201d: pick one from the list.")
                           .arg(table.className(), name)
                     : tr("More than one %1 is named \u201c%2\u201d: pick one from the list, or "
                          "write %3.")
                           .arg(table.className(), name, forms.join(tr(" or ")));
    }
    return found.size() == 1 ? found.first() : nullptr;
}

bool applyParent(orm::Session &session, EditHistory *history, const orm::RecordPtr &record,
                 const orm::Relationship &relationship, const QVariant &input, QString *error) {
    const QString className = relationship.parent->className();
    orm::RecordPtr parent;
    const bool isRecord = input.userType() == qMetaTypeId<orm::RecordPtr>();
    const QString text = isRecord ? QString() : input.toString().trimmed();
    if (isRecord) {
        parent = input.value<orm::RecordPtr>();
    } else if (!text.isEmpty()) {
        QString ambiguous;
        bool isId = false;
        const qlonglong id = text.toLongLong(&isId);
        if (!isId)
            parent = recordNamedWithKey(session, *relationship.parent, text);
        if (!parent) {
            parent = isId ? session.get(*relationship.parent, id)
                          : recordNamed(session, *relationship.parent, text, &ambiguous);
        }
        // A text key is typed as readily as a name: Northwind's customer 'ALFKI'
        const int key = relationship.parent->primaryKey();
        if (!parent && !isId && ambiguous.isEmpty() && key >= 0 &&
            relationship.parent->column(key).type == orm::ColumnType::Text)
            parent = session.get(*relationship.parent, text);
        if (!ambiguous.isEmpty()) {
            *error = ambiguous;
            return false;
        }
        if (!parent) {
            *error = isId ? tr("There is no %1 with id %2.").arg(className, text)
                          : tr("No %1 matches \u201c%2\u201d.").arg(className, text);
            return false;
        }
    }
    if (!parent && !relationship.foreignKeyNullable()) {
        *error = tr("%1 needs its %2: pick one from the list.")
                     .arg(record->displayName(), relationship.backrefName);
        return false;
    }
    if (history)
        return history->setParent(record, relationship, parent, error);
    return record->setParent(relationship, parent);
}

} // namespace

bool applyCellInput(orm::Session &session, EditHistory *history, const orm::RecordPtr &record,
                    int column, const QVariant &input, QString *error) {
    bool ok = false;
    if (const orm::Relationship *relationship = record->table().relationshipForColumn(column)) {
        ok = applyParent(session, history, record, *relationship, input, error);
    } else {
        QVariant converted;
        if (orm::values::fromInput(session.dialect(), record->table().column(column), input,
                                   &converted, error))
            ok = history ? history->setValue(record, column, converted, error)
                         : record->setValue(column, converted);
    }
    if (!ok && error->isEmpty())
        *error = tr("%1 cannot be edited now.").arg(record->displayName());
    // A message quotes what was typed: a megabyte pasted into a number stays readable.
    if (const QString typed = input.userType() == QMetaType::QString ? input.toString() : QString();
        !ok && typed.size() > QuotedCharacters && error->contains(typed)) {
        error->replace(typed, typed.left(QuotedCharacters / 2) + QStringLiteral(" \u2026 ") +
                                  typed.right(QuotedCharacters / 2));
    }
    return ok;
}

} // namespace ui
