#include "editorrefusal.h"

#include <QLabel>
#include <QPointer>
#include <QWidget>

namespace ui::editorrefusal {

namespace {

// The message is a sibling of the editor (a child of the view's viewport): as the editor's child
// it would be clipped to the cell.
const char *const MessageProperty = "shelfRefusalMessage";

QLabel *createMessage(QWidget *editor) {
    auto *label = new QLabel(editor->parentWidget());
    label->setObjectName(QStringLiteral("editorRefusal"));
    label->setWordWrap(true);
    // Opaque, like a tooltip: it lies over the rows below the cell.
    label->setAutoFillBackground(true);
    label->setStyleSheet(
        QStringLiteral("QLabel { border: 1px solid #c80000; padding: 3px; background: #fff4f4; "
                       "color: #000000; }"));
    QObject::connect(editor, &QObject::destroyed, label, &QObject::deleteLater);
    editor->setProperty(MessageProperty, QVariant::fromValue<QObject *>(label));
    return label;
}

void place(QLabel *label, const QWidget *editor) {
    const QWidget *area = editor->parentWidget();
    const int width = qBound(editor->width(), 360, qMax(editor->width(), area->width() - 8));
    label->setFixedWidth(width);
    label->adjustSize();
    int x = qMin(editor->x(), area->width() - width);
    int y = editor->geometry().bottom() + 1;
    if (y + label->height() > area->height())
        y = editor->y() - label->height() - 1;
    label->move(qMax(0, x), qMax(0, y));
}

} // namespace

QLabel *messageFor(const QWidget *editor) {
    return editor ? qobject_cast<QLabel *>(editor->property(MessageProperty).value<QObject *>())
                  : nullptr;
}

void show(QWidget *editor, const QString &reason) {
    if (!editor || !editor->parentWidget())
        return;
    QLabel *label = messageFor(editor);
    if (!label)
        label = createMessage(editor);
    label->setText(reason);
    place(label, editor);
    label->show();
    label->raise();
    editor->setToolTip(reason);
    editor->setAccessibleDescription(reason);
}

void clear(QWidget *editor) {
    if (QLabel *label = messageFor(editor))
        label->hide();
    if (editor) {
        editor->setToolTip(QString());
        editor->setAccessibleDescription(QString());
    }
}

} // namespace ui::editorrefusal
