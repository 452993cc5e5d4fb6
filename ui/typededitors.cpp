#include "typededitors.h"

#include "recordvalues.h"

#include "orm/column.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPlainTextEdit>

namespace ui::typededitors {

namespace {

const char *const TypedProperty = "shelfTypedEditor";
/// A timestamp's separator between date and time as the cell wrote it: 'T' or ' '.
const char *const SeparatorProperty = "shelfTimestampSeparator";
/// The multi-line editor's value ended its lines with "\r\n".
const char *const CrLfProperty = "shelfCrLfLines";
/// A date or time editor opened on NULL, showing now.
const char *const OwnValueProperty = "shelfShowsOwnValue";

QComboBox *choices(const orm::Column &column, QWidget *parent) {
    auto *combo = new QComboBox(parent);
    combo->setFrame(false);
    if (column.type == orm::ColumnType::Boolean) {
        combo->addItem(QComboBox::tr("yes"), true);
        combo->addItem(QComboBox::tr("no"), false);
    } else {
        for (const QString &label : column.enumLabels)
            combo->addItem(label, label);
    }
    if (column.nullable)
        combo->addItem(QStringLiteral("NULL"), QVariant());
    combo->setAccessibleName(column.displayLabel());
    return combo;
}

/// Qt's date and time editors move on to the next section once one is full ("2022" → the month)
/// and again on a separator key, so "2022-04-01" typed in one go skipped the month and staged
/// 2022-<the month shown>-04. A separator typed just after a section filled itself is the one
/// already passed, and is taken as read.
template <class Edit>
class SectionTypingEdit : public Edit {
public:
    using Edit::Edit;

protected:
    void keyPressEvent(QKeyEvent *event) override {
        const QString text = event->text();
        const bool printable = text.size() == 1 && text.at(0).isPrint();
        if (printable && m_movedOn && !text.at(0).isDigit()) {
            m_movedOn = false;
            event->accept();
            return;
        }
        const int section = this->currentSectionIndex();
        Edit::keyPressEvent(event);
        m_movedOn = printable && text.at(0).isDigit() && this->currentSectionIndex() != section;
    }
    void mousePressEvent(QMouseEvent *event) override {
        m_movedOn = false;
        Edit::mousePressEvent(event);
    }

private:
    bool m_movedOn = false; ///< the last key filled a section and the editor moved on
};

/// The timestamp text forms the editor writes back exactly, and the separator each uses.
bool timestampForm(const QString &text, QChar *separator) {
    for (const QChar candidate : {QLatin1Char(' '), QLatin1Char('T')}) {
        const QString format = QStringLiteral("yyyy-MM-dd%1HH:mm:ss").arg(candidate);
        if (QDateTime::fromString(text, format).isValid()) {
            *separator = candidate;
            return true;
        }
    }
    return false;
}

QDateTimeEdit *dateTimeEditor(const orm::Column &column, const QVariant &value, QWidget *parent) {
    const QString text = value.toString();
    const bool isText = value.typeId() == QMetaType::QString;
    QDateTimeEdit *editor = nullptr;
    switch (column.type) {
    case orm::ColumnType::Date:
        if (isText && !QDate::fromString(text, QStringLiteral("yyyy-MM-dd")).isValid())
            return nullptr;
        editor = new SectionTypingEdit<QDateEdit>(parent);
        editor->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        break;
    case orm::ColumnType::Time:
        if (isText && !QTime::fromString(text, QStringLiteral("HH:mm:ss")).isValid())
            return nullptr;
        editor = new SectionTypingEdit<QTimeEdit>(parent);
        editor->setDisplayFormat(QStringLiteral("HH:mm:ss"));
        break;
    case orm::ColumnType::Timestamp: {
        QChar separator = QLatin1Char(' ');
        if (isText && !value.isNull() && !timestampForm(text, &separator))
            return nullptr;
        editor = new SectionTypingEdit<QDateTimeEdit>(parent);
        editor->setDisplayFormat(QStringLiteral("yyyy-MM-dd%1HH:mm:ss").arg(separator));
        editor->setProperty(SeparatorProperty, QString(separator));
        break;
    }
    default:
        return nullptr;
    }
    editor->setCalendarPopup(column.type != orm::ColumnType::Time);
    editor->setFrame(false);
    editor->setAccessibleName(column.displayLabel());
    return editor;
}

/// JSON and long text: edited over several lines, in the editor's own font and without wrapping
/// JSON (its indentation reads better whole).
QPlainTextEdit *multiLineEditor(const orm::Column &column, QWidget *parent) {
    auto *editor = new QPlainTextEdit(parent);
    editor->setObjectName(QStringLiteral("multiLineEditor"));
    editor->setFrameShape(QFrame::Box);
    editor->setTabChangesFocus(true); // Tab finishes, as in every other cell editor
    const bool json = column.type == orm::ColumnType::Json;
    editor->setLineWrapMode(json ? QPlainTextEdit::NoWrap : QPlainTextEdit::WidgetWidth);
    if (!json)
        editor->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    if (column.type == orm::ColumnType::Json)
        editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setAccessibleName(column.displayLabel());
    const QString hint =
        QPlainTextEdit::tr("%1: Ctrl+Enter to stage, Esc to cancel").arg(column.displayLabel());
    editor->setPlaceholderText(hint);
    editor->setStatusTip(hint);
    return editor;
}

} // namespace

bool isMultiLine(const orm::Column &column, const QVariant &value) {
    if (column.type == orm::ColumnType::Json)
        return true;
    if (column.type != orm::ColumnType::Text || value.typeId() != QMetaType::QString)
        return false;
    const QString text = value.toString();
    if (!values::isLongText(text))
        return false;
    // Qt wraps one very long line in time that grows with its square (a 1 MiB line: minutes):
    // such a text keeps the line edit, which lays it out once.
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        if (end - start > MaxWrappedLine)
            return false;
        start = end + 1;
    }
    return true;
}

QWidget *create(const orm::Column &column, const QVariant &value, QWidget *parent) {
    QWidget *editor = nullptr;
    if (column.type == orm::ColumnType::Boolean ||
        (column.type == orm::ColumnType::Enum && !column.enumLabels.isEmpty()))
        editor = choices(column, parent);
    else if (isMultiLine(column, value))
        editor = multiLineEditor(column, parent);
    else
        editor = dateTimeEditor(column, value, parent);
    if (editor)
        editor->setProperty(TypedProperty, true);
    return editor;
}

bool isTyped(const QWidget *editor) {
    return editor && editor->property(TypedProperty).toBool();
}

void setValue(QWidget *editor, const QVariant &value) {
    if (auto *lines = qobject_cast<QPlainTextEdit *>(editor)) {
        const QString text = value.isNull() ? QString() : value.toString();
        // The editor's lines end in "\n" whatever the value used; a text written with "\r\n"
        // throughout gets them back, so that editing one word rewrites no line end.
        const qsizetype breaks = text.count(QLatin1Char('\n'));
        lines->setProperty(CrLfProperty, breaks > 0 && text.count(QLatin1String("\r\n")) == breaks);
        lines->setPlainText(text);
        return;
    }
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        int index = -1;
        for (int i = 0; i < combo->count() && index < 0; ++i) {
            const QVariant item = combo->itemData(i);
            if (value.isNull() ? item.isNull()
                               : !item.isNull() && (item.typeId() == QMetaType::Bool
                                                        ? item.toBool() == value.toBool()
                                                        : item.toString() == value.toString()))
                index = i;
        }
        combo->setCurrentIndex(qMax(0, index));
        return;
    }
    auto *edit = qobject_cast<QDateTimeEdit *>(editor);
    if (!edit)
        return;
    // NULL opens at now: nothing is staged unless the user changes it or takes it with Enter.
    edit->setProperty(OwnValueProperty, value.isNull());
    if (qobject_cast<QDateEdit *>(edit)) {
        const QDate date = value.typeId() == QMetaType::QString
                               ? QDate::fromString(value.toString(), Qt::ISODate)
                               : value.toDate();
        edit->setDate(date.isValid() ? date : QDate::currentDate());
    } else if (qobject_cast<QTimeEdit *>(edit)) {
        const QTime time = value.typeId() == QMetaType::QString
                               ? QTime::fromString(value.toString(), Qt::ISODate)
                               : value.toTime();
        edit->setTime(time.isValid() ? time : QTime::currentTime());
    } else {
        QDateTime stamp = value.toDateTime();
        if (value.typeId() == QMetaType::QString)
            stamp = QDateTime::fromString(value.toString(), edit->displayFormat());
        edit->setDateTime(stamp.isValid() ? stamp : QDateTime::currentDateTime());
    }
}

QString text(const QWidget *editor) {
    if (const auto *lines = qobject_cast<const QPlainTextEdit *>(editor))
        return lines->toPlainText();
    if (const auto *combo = qobject_cast<const QComboBox *>(editor))
        return combo->currentText();
    if (const auto *edit = qobject_cast<const QDateTimeEdit *>(editor))
        return edit->text();
    return {};
}

bool showsAValueOfItsOwn(const QWidget *editor) {
    return editor && editor->property(OwnValueProperty).toBool();
}

QVariant input(QWidget *editor) {
    if (auto *lines = qobject_cast<QPlainTextEdit *>(editor)) {
        QString text = lines->toPlainText();
        if (lines->property(CrLfProperty).toBool())
            text.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
        return text;
    }
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentData();
    auto *edit = qobject_cast<QDateTimeEdit *>(editor);
    if (!edit)
        return {};
    edit->interpretText();
    // The text form the cell used (ISO; a timestamp with its own separator) travels as text,
    // as a typed value would: SQLite keeps it as written, PostgreSQL parses it.
    return edit->dateTime().toString(edit->displayFormat());
}

} // namespace ui::typededitors
