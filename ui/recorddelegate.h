#pragma once

#include <QStyledItemDelegate>

namespace ui {

/// Edits the cells of a RecordTableModel: a searchable ForeignKeyPicker for foreign keys, a spin
/// box for numbers with a range (a rating), a line edit for the rest. The model converts and
/// checks what is typed; refused input keeps the old value and the model says why.
class RecordDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RecordDelegate(QObject *parent = nullptr);

    /// Paints the cell, then the markers that stay visible when it is selected: a corner
    /// triangle on a staged change, a red frame on the cell a failed commit names.
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;

    /// The most characters a cell paints or measures; longer values end in "…" on screen only
    /// (the editor, the edit role and the database keep them whole), so that a 1 MiB value
    /// neither stalls painting nor "resize to contents".
    static constexpr int PaintedCharacters = 1000;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace ui
