#pragma once

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace ui {

class RecordModel;

/// Edits the cells of a RecordTableModel: a searchable ForeignKeyPicker for foreign keys, a spin
/// box for numbers with a range (a rating), the typed editors of typededitors (yes/no, enums,
/// dates, a multi-line editor for JSON and long text), a line edit for the rest (bytes as \x hex
/// when small, else a read-only description). The model converts and checks what is typed.
///
/// An editor never loses what the user typed: Enter, Tab and leaving the editor stage its value,
/// and a refused value keeps the editor open with the text and the reason shown under it
/// (editorrefusal). An editor whose text the user did not change stages nothing when it closes,
/// and a model update while it is open does not overwrite what was typed.
class RecordDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RecordDelegate(QObject *parent = nullptr);
    /// The text a cell paints: its DisplayRole bounded, or "NULL" (dimmed) for an empty value,
    /// or in a new row the default the database will fill in ("default: 0", dimmed).
    QString paintedText(const QModelIndex &index) const;

    /// Paints the cell, then the markers that stay visible when it is selected: a corner
    /// triangle on a staged change, a red frame on the cell a failed commit names.
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
    void destroyEditor(QWidget *editor, const QModelIndex &index) const override;
    /// The multi-line editor (JSON, long text) opens taller and wider than its cell.
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    /// Stages the value of `editor` (one this delegate made) and closes it with `hint`. When the
    /// model refuses the value, the editor stays open with the reason shown (and gets the focus
    /// back when `refocus`); returns false then.
    bool finishEditing(QWidget *editor, EndEditHint hint = NoHint, bool refocus = true);

    /// The editors of `view` that are open now (at most one, in practice).
    static QList<QWidget *> openEditors(const QAbstractItemView *view);

    /// The most characters a cell paints or measures; longer values end in "…" on screen only
    /// (the editor, the edit role and the database keep them whole), so that a 1 MiB value
    /// neither stalls painting nor "resize to contents".
    static constexpr int PaintedCharacters = 1000;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    bool eventFilter(QObject *object, QEvent *event) override;

private:
    /// Set while paint() runs: a thumbnail is fitted to the row when painted, while the size
    /// hint (resizing rows to contents) asks for its full height.
    mutable bool m_painting = false;
    QWidget *createEditorFor(QWidget *parent, const RecordModel &model, int column,
                             const QVariant &value) const;
    void setEditorValue(QWidget *editor, const QModelIndex &index) const;
    /// Sets the model's value from the editor; false with `error` when refused. An editor whose
    /// text is as it was opened stages nothing and succeeds.
    bool stage(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index,
               QString *error) const;
};

} // namespace ui
