#include "setcellsdialog.h"

#include "foreignkeypicker.h"
#include "typededitors.h"

#include "orm/column.h"
#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/rowlabel.h"
#include "orm/table.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace ui {

SetCellsDialog::SetCellsDialog(orm::Session *session, const orm::Table &table, int column,
                               qsizetype rows, const QVariant &current, QWidget *parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("setCellsDialog"));
    setWindowTitle(tr("Set Selected Cells"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(
        tr("%1 of the %L2 selected rows:").arg(table.column(column).displayLabel()).arg(rows),
        this);
    layout->addWidget(label);
    QWidget *editor = nullptr;
    if (const orm::Relationship *reference = table.relationshipForColumn(column)) {
        m_picker = new ForeignKeyPicker(session, *reference, this);
        editor = m_picker;
        // Enter, or a click in the list, is the choice made
        connect(m_picker, &ForeignKeyPicker::submitted, this, &QDialog::accept);
    } else if (table.column(column).type != orm::ColumnType::Text &&
               (m_typed = typededitors::create(table.column(column), current, this))) {
        // The cell's own editor (text keeps the line edit, empty to start with, as ever), at the
        // first cell's value: NULL opens a date editor at today.
        typededitors::setValue(m_typed, current);
        editor = m_typed;
        // Made frameless to sit in a cell; in a dialog it is a field like any other.
        if (auto *line = qobject_cast<QLineEdit *>(m_typed))
            line->setFrame(true);
        else if (auto *combo = qobject_cast<QComboBox *>(m_typed))
            combo->setFrame(true);
        // A date editor opens on a date: NULL is a box beside it (a choice offers its own).
        if (table.column(column).nullable && typededitors::isTemporal(m_typed)) {
            m_null = new QCheckBox(tr("NULL"), this);
            m_null->setObjectName(QStringLiteral("setCellsNull"));
            connect(m_null, &QCheckBox::toggled, m_typed, &QWidget::setDisabled);
        }
    } else {
        m_text = new QLineEdit(this);
        m_text->setObjectName(QStringLiteral("setCellsText"));
        editor = m_text;
    }
    label->setBuddy(editor);
    layout->addWidget(editor);
    if (m_null)
        layout->addWidget(m_null);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    editor->setFocus();
    resize(420, sizeHint().height());
}

QString SetCellsDialog::valueText() {
    if (m_typed) {
        // As a paste reads it: an empty cell is NULL, "true" and "false" a truth value.
        const QVariant input =
            m_null && m_null->isChecked() ? QVariant() : typededitors::input(m_typed);
        if (input.isNull())
            return {};
        if (input.typeId() == QMetaType::Bool)
            return input.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return input.toString();
    }
    if (!m_picker)
        return m_text->text();
    const orm::RecordPtr parent = m_picker->currentRecord();
    if (!parent)
        return m_picker->text(); // read as a paste reads it, which says what it cannot name
    const QString label = orm::RowLabel::text(*parent);
    if (parent->state() != orm::ObjectState::Persistent)
        return orm::Namesakes::newText(label);
    // The label with the key: one parent, whoever else shares its name
    return label.isEmpty() ? parent->keyText() : orm::Namesakes::text(parent);
}

} // namespace ui
