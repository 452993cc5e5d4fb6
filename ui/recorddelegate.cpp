#include "recorddelegate.h"

#include "foreignkeypicker.h"
#include "recordtablemodel.h"
#include "recordvalues.h"

#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QSpinBox>

#include <limits>

namespace ui {

namespace {

const RecordTableModel *recordModel(const QModelIndex &index) {
    return qobject_cast<const RecordTableModel *>(index.model());
}

} // namespace

RecordDelegate::RecordDelegate(QObject *parent)
    : QStyledItemDelegate(parent) {
}

void RecordDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    if (option->text.size() > PaintedCharacters) {
        qsizetype cut = PaintedCharacters;
        if (option->text.at(cut - 1).isHighSurrogate())
            --cut; // never split an emoji into half a character
        option->text = option->text.left(cut) + QChar(0x2026);
    }
}

void RecordDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const {
    QStyledItemDelegate::paint(painter, option, index);
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
    const RecordTableModel *model = recordModel(index);
    if (!model)
        return QStyledItemDelegate::createEditor(parent, option, index);
    const orm::Table &table = model->table();
    const orm::Column &column = table.column(index.column());
    if (const orm::Relationship *relationship = table.relationshipForColumn(index.column()))
        return new ForeignKeyPicker(model->session(), *relationship, parent);
    if (column.type == orm::ColumnType::Integer && column.minimum && column.maximum) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(int(*column.minimum), int(*column.maximum));
        spin->setFrame(false);
        return spin;
    }
    auto *edit = new QLineEdit(parent);
    edit->setFrame(false);
    // QLineEdit silently cuts text at 32767 characters by default: a long value would be
    // truncated by merely opening and closing the editor.
    edit->setMaxLength(std::numeric_limits<int>::max());
    if (!column.nullable)
        edit->setPlaceholderText(tr("required"));
    return edit;
}

void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const {
    const RecordTableModel *model = recordModel(index);
    if (auto *picker = qobject_cast<ForeignKeyPicker *>(editor)) {
        picker->setCurrentRecord(
            index.data(RecordTableModel::ParentRecordRole).value<orm::RecordPtr>());
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        const QVariant value = index.data(Qt::EditRole);
        spin->setValue(value.isNull() ? spin->minimum() : value.toInt());
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
    if (auto *picker = qobject_cast<ForeignKeyPicker *>(editor)) {
        if (picker->isCleared()) {
            model->setData(index, QVariant::fromValue(orm::RecordPtr()));
        } else if (const orm::RecordPtr record = picker->currentRecord()) {
            model->setData(index, QVariant::fromValue(record));
        } else {
            model->setData(index, picker->text()); // the model says that nothing matches
        }
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value());
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        model->setData(index, edit->text());
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

} // namespace ui
