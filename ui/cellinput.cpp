#include "cellinput.h"

#include "edithistory.h"

#include "orm/labelreader.h"
#include "orm/session.h"
#include "orm/valueinput.h"

#include <QCoreApplication>

namespace ui {

namespace {

constexpr qsizetype QuotedCharacters = 120;

QString tr(const char *text) {
    return QCoreApplication::translate("ui::CellInput", text);
}

/// The record a text names by its label, as paste and import read it (orm::LabelReader): its
/// label, its label with its key ("Music (#8)"), or a new row as the grid shows it ("Music
/// (new)"). nullptr with `error` set when it names none or several; `ambiguous` says which.
orm::RecordPtr recordNamed(orm::Session &session, const orm::Table &table, const QString &text,
                           QString *error, bool *ambiguous) {
    QHash<QString, orm::LabelReader::Reading> readings;
    orm::LabelReader reader(session, table);
    if (!reader.read({text}, &readings, error))
        return nullptr;
    const orm::LabelReader::Reading reading = readings.value(text);
    *error = reading.error;
    *ambiguous = reading.ambiguous;
    return reading.record;
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
        bool isId = false;
        const qlonglong id = text.toLongLong(&isId);
        QString notNamed;
        bool ambiguous = false;
        parent = isId ? session.get(*relationship.parent, id)
                      : recordNamed(session, *relationship.parent, text, &notNamed, &ambiguous);
        // A text key is typed as readily as a name: Northwind's customer 'ALFKI'
        const int key = relationship.parent->primaryKey();
        if (!parent && !isId && !ambiguous && key >= 0 &&
            relationship.parent->column(key).type == orm::ColumnType::Text)
            parent = session.get(*relationship.parent, text);
        if (!parent) {
            *error = isId || notNamed.isEmpty()
                         ? tr("There is no %1 with id %2.").arg(className, text)
                         : notNamed;
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
