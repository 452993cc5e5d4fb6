#include "recorddelegate.h"

#include "blobpreview.h"
#include "cellpresenter.h"
#include "editorrefusal.h"
#include "foreignkeypicker.h"
#include "recordtablemodel.h"
#include "recordvalues.h"
#include "typededitors.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSpinBox>

#include <limits>

namespace ui {

namespace {

const RecordModel *recordModel(const QModelIndex &index) {
    return qobject_cast<const RecordModel *>(index.model());
}

// What an editor carries: the cell it edits (the view keeps that private), its text as it was
// opened (to tell whether the user changed anything) and whether it is being closed.
const char *const IndexProperty = "shelfEditorIndex";
const char *const InitialTextProperty = "shelfEditorInitialText";
const char *const ClosingProperty = "shelfEditorClosing";
/// Enter took what the editor showed, though the user changed nothing (a date opened on NULL).
const char *const TakenProperty = "shelfEditorTaken";
/// A line edit that shows what a blob is (its size) rather than its bytes: it edits nothing.
const char *const DescribedProperty = "shelfEditorDescribesBytes";
/// Bytes up to this size are edited as \x and hex digits in the line edit.
constexpr qsizetype EditedBytes = 4096;

QString editorText(const QWidget *editor) {
    if (typededitors::isTyped(editor))
        return typededitors::text(editor);
    if (const auto *edit = qobject_cast<const QLineEdit *>(editor))
        return edit->text();
    if (const auto *spin = qobject_cast<const QAbstractSpinBox *>(editor))
        return spin->text();
    return {};
}

bool isChanged(const QWidget *editor) {
    if (editor->property(TakenProperty).toBool())
        return true;
    const QVariant initial = editor->property(InitialTextProperty);
    return !initial.isValid() || editorText(editor) != initial.toString();
}

QModelIndex editorIndex(const QWidget *editor) {
    return editor->property(IndexProperty).value<QPersistentModelIndex>();
}

/// Until the view releases it (destroyEditor()); a view also hides an open editor for a while,
/// when its cell is scrolled away or its tab is not shown.
bool isOpen(const QWidget *editor) {
    return editor->property(IndexProperty).isValid() && !editor->property(ClosingProperty).toBool();
}

/// What the model is given for the editor's value.
QVariant inputOf(QWidget *editor) {
    if (typededitors::isTyped(editor))
        return typededitors::input(editor);
    if (auto *picker = qobject_cast<ForeignKeyPicker *>(editor)) {
        if (picker->isCleared())
            return QVariant::fromValue(orm::RecordPtr());
        if (const orm::RecordPtr record = picker->currentRecord())
            return QVariant::fromValue(record);
        return picker->text(); // the model says that nothing matches
    }
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        return spin->value();
    }
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit->text();
    return {};
}

} // namespace

RecordDelegate::RecordDelegate(QObject *parent)
    : QStyledItemDelegate(parent) {
}

QString RecordDelegate::paintedText(const QModelIndex &index) const {
    QStyleOptionViewItem option;
    initStyleOption(&option, index);
    return option.text;
}

void RecordDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    if (option->text.isEmpty() && index.data(Qt::EditRole).isNull()) {
        // NULL reads as such, dimmed, never as an empty text (which shows nothing); in a new
        // row, a column the database fills in reads as the default it will take.
        const QString fallback = index.data(RecordModel::DatabaseDefaultRole).toString();
        option->text = fallback.isEmpty() ? QStringLiteral("NULL") : fallback;
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text,
                                 option->palette.color(QPalette::Disabled, QPalette::Text));
        return;
    }
    if (m_painting && (option->features & QStyleOptionViewItem::HasDecoration) &&
        option->rect.height() > 8 && option->decorationSize.height() > option->rect.height() - 4) {
        // A blob's thumbnail fits the row as it is; taller rows show it whole.
        option->decorationSize.scale(option->rect.width(), option->rect.height() - 4,
                                     Qt::KeepAspectRatio);
    }
    if (option->text.size() > PaintedCharacters) {
        qsizetype cut = PaintedCharacters;
        if (option->text.at(cut - 1).isHighSurrogate())
            --cut; // never split an emoji into half a character
        option->text = option->text.left(cut) + QChar(0x2026);
    }
}

void RecordDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const {
    m_painting = true;
    QStyledItemDelegate::paint(painter, option, index);
    m_painting = false;
    const bool modified = index.data(RecordTableModel::ModifiedRole).toBool();
    const bool failed = index.data(RecordTableModel::ErrorRole).isValid();
    if (!modified && !failed)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (modified) {
        const QRect r = option.rect;
        const int size = qMin(8, r.height() / 2);
        QPainterPath corner;
        corner.moveTo(r.topRight() + QPoint(1, 0));
        corner.lineTo(r.topRight() + QPoint(1 - size, 0));
        corner.lineTo(r.topRight() + QPoint(1, size));
        corner.closeSubpath();
        painter->fillPath(corner, QColor(214, 120, 0));
    }
    if (failed) {
        painter->setPen(QPen(QColor(200, 0, 0), 2));
        painter->drawRect(QRectF(option.rect).adjusted(1, 1, -1, -1));
    }
    painter->restore();
}

QWidget *RecordDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                      const QModelIndex &index) const {
    const RecordModel *model = recordModel(index);
    if (!model)
        return QStyledItemDelegate::createEditor(parent, option, index);
    QWidget *editor = createEditorFor(parent, *model, index.column(), index.data(Qt::EditRole));
    editor->setProperty(IndexProperty, QVariant::fromValue(QPersistentModelIndex(index)));
    if (auto *picker = qobject_cast<ForeignKeyPicker *>(editor)) {
        // The picker says when its choice is made (Enter, also with its list open, or a click in
        // the list): one action takes the choice and closes the editor.
        QPointer<QWidget> guard(editor);
        connect(
            picker, &ForeignKeyPicker::submitted, this,
            [this, guard] {
                if (guard && isOpen(guard))
                    const_cast<RecordDelegate *>(this)->finishEditing(guard);
            },
            Qt::QueuedConnection);
    }
    return editor;
}

QWidget *RecordDelegate::createEditorFor(QWidget *parent, const RecordModel &model, int columnIndex,
                                         const QVariant &value) const {
    const orm::Table &table = model.table();
    const orm::Column &column = table.column(columnIndex);
    if (const orm::Relationship *relationship = table.relationshipForColumn(columnIndex))
        return new ForeignKeyPicker(model.session(), *relationship, parent);
    if (QWidget *typed = typededitors::create(column, value, parent))
        return typed;
    if (column.type == orm::ColumnType::Integer && column.minimum && column.maximum) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(int(*column.minimum), int(*column.maximum));
        spin->setFrame(false);
        // The range is said where the value is typed, not only in a refusal afterwards.
        const QString range = tr("%1: a whole number from %2 to %3")
                                  .arg(column.displayLabel())
                                  .arg(*column.minimum)
                                  .arg(*column.maximum);
        spin->setToolTip(range);
        spin->setAccessibleDescription(range);
        spin->setStatusTip(range);
        return spin;
    }
    auto *edit = new QLineEdit(parent);
    edit->setFrame(false);
    if (value.typeId() == QMetaType::QByteArray && value.toByteArray().size() > EditedBytes) {
        // Bytes past a screenful of hex are replaced whole (Load Value From File…), never typed.
        edit->setReadOnly(true);
        edit->setProperty(DescribedProperty, true);
        edit->setToolTip(
            tr("%1 holds %2: use Load Value From File\u2026 or Save Value As\u2026 "
               "in the cell's menu.")
                .arg(column.displayLabel(), blobpreview::sizeText(value.toByteArray().size())));
        return edit;
    }
    // QLineEdit silently cuts text at 32767 characters by default: a long value would be
    // truncated by merely opening and closing the editor.
    edit->setMaxLength(std::numeric_limits<int>::max());
    if (!column.nullable)
        edit->setPlaceholderText(tr("required"));
    return edit;
}

void RecordDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const {
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
    if (!qobject_cast<QPlainTextEdit *>(editor) || !editor->parentWidget())
        return;
    // Several lines need room: the editor lies over the cells below and beside, inside the view.
    const QRect area = editor->parentWidget()->rect();
    QRect rect = option.rect;
    rect.setWidth(qMin(qMax(rect.width(), 480), area.width()));
    rect.setHeight(
        qMin(qMax(rect.height(), editor->fontMetrics().lineSpacing() * 10 + 8), area.height()));
    rect.moveLeft(qBound(0, rect.left(), area.width() - rect.width()));
    rect.moveTop(qBound(0, rect.top(), area.height() - rect.height()));
    editor->setGeometry(rect);
}

void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const {
    // The view calls this again whenever the row changes (a cascade, a refresh): what the user
    // typed is theirs until they finish.
    if (editor->property(InitialTextProperty).isValid() && isChanged(editor))
        return;
    setEditorValue(editor, index);
    editor->setProperty(InitialTextProperty, editorText(editor));
}

void RecordDelegate::setEditorValue(QWidget *editor, const QModelIndex &index) const {
    const RecordModel *model = recordModel(index);
    if (typededitors::isTyped(editor)) {
        typededitors::setValue(editor, index.data(Qt::EditRole));
    } else if (auto *picker = qobject_cast<ForeignKeyPicker *>(editor)) {
        picker->setCurrentRecord(
            index.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>());
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        const QVariant value = index.data(Qt::EditRole);
        spin->setValue(value.isNull() ? spin->minimum() : value.toInt());
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor);
               edit && edit->property(DescribedProperty).toBool()) {
        edit->setText(CellPresenter::text(
            index.data(RecordTableModel::RecordRole).value<orm::RecordPtr>(), index.column()));
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor); edit && model) {
        edit->setText(
            values::toText(model->table().column(index.column()), index.data(Qt::EditRole)));
        edit->selectAll();
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void RecordDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                  const QModelIndex &index) const {
    // The view commits like this when the current cell moves away; a refusal is reported by the
    // model (the status bar), as the view closes the editor regardless.
    QString error;
    (void)stage(editor, model, index, &error);
}

bool RecordDelegate::stage(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index,
                           QString *error) const {
    if (!isChanged(editor))
        return true;
    if (model->setData(index, inputOf(editor))) {
        editor->setProperty(InitialTextProperty, editorText(editor));
        return true;
    }
    const auto *records = qobject_cast<const RecordModel *>(model);
    *error = records && !records->lastRefusal().isEmpty()
                 ? records->lastRefusal()
                 : tr("This value cannot be stored in this cell.");
    return false;
}

bool RecordDelegate::finishEditing(QWidget *editor, EndEditHint hint, bool refocus) {
    const QModelIndex index = editorIndex(editor);
    QString error;
    if (index.isValid() &&
        !stage(editor, const_cast<QAbstractItemModel *>(index.model()), index, &error)) {
        if (refocus) {
            // Hidden while its table was not shown (a tab switch that is being taken back).
            if (editor->isHidden() && editor->parentWidget()->isVisible())
                editor->show();
            editor->setFocus();
        }
        editorrefusal::show(editor, error);
        return false;
    }
    editorrefusal::clear(editor);
    editor->setProperty(ClosingProperty, true);
    Q_EMIT closeEditor(editor, hint);
    return true;
}

void RecordDelegate::destroyEditor(QWidget *editor, const QModelIndex &index) const {
    editor->setProperty(ClosingProperty, true);
    QStyledItemDelegate::destroyEditor(editor, index);
}

QList<QWidget *> RecordDelegate::openEditors(const QAbstractItemView *view) {
    QList<QWidget *> editors;
    for (QWidget *child : view->viewport()->findChildren<QWidget *>(Qt::FindDirectChildrenOnly)) {
        if (isOpen(child))
            editors << child;
    }
    return editors;
}

bool RecordDelegate::eventFilter(QObject *object, QEvent *event) {
    auto *editor = qobject_cast<QWidget *>(object);
    if (!editor || !isOpen(editor))
        return QStyledItemDelegate::eventFilter(object, event);
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (qobject_cast<QPlainTextEdit *>(editor) &&
            (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            // Several lines: Enter is a line break, Ctrl+Enter (as in a chat or a commit message
            // box) stages the text.
            if (!(key->modifiers() & Qt::ControlModifier))
                return false;
            finishEditing(editor);
            return true;
        }
        const bool plain =
            !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
        switch (plain ? key->key() : 0) {
        case Qt::Key_Escape:
            // As Qt's delegate does, but closing first: the view moves the focus before it
            // releases the editor, and what follows the focus (Commit, Rollback) must not count
            // this editor as open any more
            editorrefusal::clear(editor);
            editor->setProperty(ClosingProperty, true);
            Q_EMIT closeEditor(editor, RevertModelCache);
            return true;
        case Qt::Key_Tab:
            finishEditing(editor, EditNextItem);
            return true;
        case Qt::Key_Backtab:
            finishEditing(editor, EditPreviousItem);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (qobject_cast<ForeignKeyPicker *>(editor))
                return false; // it says when through submitted(), also from its open list
            // An empty date opened at now: Enter stages what it shows, as the user sees it
            // (Tab and leaving it still stage nothing unless it was changed).
            if (typededitors::showsAValueOfItsOwn(editor))
                editor->setProperty(TakenProperty, true);
            // The editor sees the key first (a spin box fixes up its text), as in Qt's delegate.
            QMetaObject::invokeMethod(
                this,
                [this, guard = QPointer<QWidget>(editor)] {
                    if (guard && isOpen(guard))
                        finishEditing(guard);
                },
                Qt::QueuedConnection);
            return false;
        default:
            break;
        }
    } else if (event->type() == QEvent::FocusOut) {
        // Focus moving inside the editor or to its list is not leaving it.
        if (static_cast<QFocusEvent *>(event)->reason() == Qt::PopupFocusReason)
            return false;
        for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget()) {
            if (w == editor)
                return false;
        }
        if (isChanged(editor)) {
            // Leaving an editor stages its value; a refused one stays open with the reason, and
            // whatever the user does next (a command, another table) asks it again.
            finishEditing(editor, NoHint, false);
            return false;
        }
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

} // namespace ui
