#include "typededitors.h"

#include "recordvalues.h"

#include "orm/column.h"

#include <QAction>
#include <QCalendarWidget>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QIcon>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStyle>

namespace ui::typededitors {

namespace {

const char *const TypedProperty = "shelfTypedEditor";
/// The multi-line editor's value ended its lines with "\r\n".
const char *const CrLfProperty = "shelfCrLfLines";
/// A date or time editor opened on NULL, showing now.
const char *const OwnValueProperty = "shelfShowsOwnValue";
/// A date, time or timestamp editor's text form (a QDateTime format).
const char *const FormatProperty = "shelfTemporalFormat";

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

/// `typed` in the form `format` writes ("yyyy-MM-dd", "HH:mm:ss", "yyyy-MM-dd HH:mm:ss" or with
/// 'T'), read as people type it: one-digit months, days and hours, seconds left out, either
/// separator of a timestamp. Empty when it reads as no moment (the model then says why).
QString inCellForm(const QString &typed, const QString &format) {
    const QString day = QStringLiteral("yyyy-M-d"); // M and d take one digit or two
    const QStringList clocks = {QStringLiteral("H:m:s"), QStringLiteral("H:m")};
    const bool hasDay = format.startsWith(QLatin1String("yyyy"));
    const bool hasClock = format.endsWith(QLatin1String("ss"));
    if (!hasClock) {
        const QDate date = QDate::fromString(typed, day);
        return date.isValid() ? date.toString(format) : QString();
    }
    for (const QString &clock : clocks) {
        if (!hasDay) {
            const QTime time = QTime::fromString(typed, clock);
            if (time.isValid())
                return time.toString(format);
            continue;
        }
        for (const QChar between : {QLatin1Char(' '), QLatin1Char('T')}) {
            const QDateTime moment = QDateTime::fromString(typed, day + between + clock);
            if (moment.isValid())
                return moment.toString(format);
        }
    }
    return {};
}

/// Opens a calendar under `edit` and writes the day picked into its text, keeping the time of a
/// timestamp (midnight when the text holds none the format reads).
void pickDay(QLineEdit *edit) {
    const QString format = edit->property(FormatProperty).toString();
    const QDateTime shown = QDateTime::fromString(edit->text().trimmed(), format);
    auto *calendar = new QCalendarWidget(edit);
    calendar->setWindowFlags(Qt::Popup);
    calendar->setAttribute(Qt::WA_DeleteOnClose);
    calendar->setAccessibleName(
        QCalendarWidget::tr("Pick a day for %1").arg(edit->accessibleName()));
    calendar->setSelectedDate(shown.isValid() ? shown.date() : QDate::currentDate());
    // A click picks a day, as in QDateTimeEdit's popup; Enter too, on the day the arrows reach.
    const auto pick = [edit, calendar, format, shown](const QDate &day) {
        const QTime time = shown.isValid() ? shown.time() : QTime(0, 0);
        edit->setText(QDateTime(day, time).toString(format));
        edit->setProperty(OwnValueProperty, false); // the user chose it
        calendar->close();
        edit->setFocus(Qt::PopupFocusReason);
    };
    QObject::connect(calendar, &QCalendarWidget::clicked, edit, pick);
    QObject::connect(calendar, &QCalendarWidget::activated, edit, pick);
    calendar->move(edit->mapToGlobal(QPoint(0, edit->height())));
    calendar->show();
    calendar->setFocus(Qt::PopupFocusReason);
}

/// Dates, times and timestamps are typed as the ISO text the cell shows, which the model checks
/// like any typed value: an impossible one ("2009-13-45") is refused with the reason, where a
/// sectioned QDateTimeEdit silently moved the digits it could not take into the next section
/// and staged another moment. Days can also be picked from a calendar.
QLineEdit *dateTimeEditor(const orm::Column &column, const QVariant &value, QWidget *parent) {
    const QString text = value.toString();
    const bool isText = value.typeId() == QMetaType::QString;
    QString format;
    QString placeholder;
    switch (column.type) {
    case orm::ColumnType::Date:
        if (isText && !QDate::fromString(text, QStringLiteral("yyyy-MM-dd")).isValid())
            return nullptr;
        format = QStringLiteral("yyyy-MM-dd");
        placeholder = QStringLiteral("YYYY-MM-DD");
        break;
    case orm::ColumnType::Time:
        if (isText && !QTime::fromString(text, QStringLiteral("HH:mm:ss")).isValid())
            return nullptr;
        format = QStringLiteral("HH:mm:ss");
        placeholder = QStringLiteral("HH:MM:SS");
        break;
    case orm::ColumnType::Timestamp: {
        QChar separator = QLatin1Char(' ');
        if (isText && !value.isNull() && !timestampForm(text, &separator))
            return nullptr;
        format = QStringLiteral("yyyy-MM-dd%1HH:mm:ss").arg(separator);
        placeholder = QStringLiteral("YYYY-MM-DD%1HH:MM:SS").arg(separator);
        break;
    }
    default:
        return nullptr;
    }
    auto *editor = new QLineEdit(parent);
    editor->setObjectName(QStringLiteral("temporalEditor"));
    editor->setProperty(FormatProperty, format);
    editor->setPlaceholderText(placeholder);
    editor->setFrame(false);
    editor->setAccessibleName(column.displayLabel());
    if (column.type != orm::ColumnType::Time) {
        QAction *pick =
            editor->addAction(QIcon::fromTheme(QStringLiteral("x-office-calendar"),
                                               editor->style()->standardIcon(QStyle::SP_ArrowDown)),
                              QLineEdit::TrailingPosition);
        pick->setObjectName(QStringLiteral("pickDay"));
        pick->setText(QLineEdit::tr("Pick a Day"));
        pick->setToolTip(QLineEdit::tr("Pick a day from a calendar"));
        QObject::connect(pick, &QAction::triggered, editor, [editor] { pickDay(editor); });
    }
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
    auto *edit = qobject_cast<QLineEdit *>(editor);
    if (!isTemporal(edit))
        return;
    // NULL opens at now, selected: nothing is staged unless the user changes it or takes it
    // with Enter. A value is shown as the cell writes it (a date-time value in the format).
    const QString format = edit->property(FormatProperty).toString();
    edit->setProperty(OwnValueProperty, value.isNull());
    if (value.isNull())
        edit->setText(QDateTime::currentDateTime().toString(format));
    else if (value.typeId() == QMetaType::QString)
        edit->setText(value.toString());
    else if (value.typeId() == QMetaType::QDate)
        edit->setText(value.toDate().toString(format));
    else if (value.typeId() == QMetaType::QTime)
        edit->setText(value.toTime().toString(format));
    else
        edit->setText(value.toDateTime().toString(format));
    edit->selectAll();
}

QString text(const QWidget *editor) {
    if (const auto *lines = qobject_cast<const QPlainTextEdit *>(editor))
        return lines->toPlainText();
    if (const auto *combo = qobject_cast<const QComboBox *>(editor))
        return combo->currentText();
    if (const auto *edit = qobject_cast<const QLineEdit *>(editor))
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
    auto *edit = qobject_cast<QLineEdit *>(editor);
    if (!isTemporal(edit))
        return {};
    // The text as typed travels as text, as a value typed into any cell: the model checks it
    // (refusing "2009-13-45" with the reason), SQLite keeps it as written, PostgreSQL parses it.
    // A moment typed without its leading zeros ("2024-1-5 9:30") is written in the cell's form.
    // Cleared, it is NULL.
    const QString typed = edit->text().trimmed();
    if (typed.isEmpty())
        return {};
    const QString format = edit->property(FormatProperty).toString();
    const QString canonical = inCellForm(typed, format);
    return canonical.isEmpty() ? QVariant(typed) : QVariant(canonical);
}

bool isTemporal(const QWidget *editor) {
    return editor && isTyped(editor) && editor->property(FormatProperty).isValid();
}

} // namespace ui::typededitors
