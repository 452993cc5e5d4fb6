#include "setcellsdialog.h"

#include "foreignkeypicker.h"

#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/rowlabel.h"
#include "orm/table.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace ui {

SetCellsDialog::SetCellsDialog(orm::Session *session, const orm::Table &table, int column,
                               qsizetype rows, QWidget *parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("setCellsDialog"));
    setWindowTitle(tr("Set Selected Cells"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(
        tr("%1 of the %2 selected rows:").arg(table.column(column).displayLabel()).arg(rows), this);
    layout->addWidget(label);
    QLineEdit *editor = nullptr;
    if (const orm::Relationship *reference = table.relationshipForColumn(column)) {
        m_picker = new ForeignKeyPicker(session, *reference, this);
        editor = m_picker;
        // Enter, or a click in the list, is the choice made
        connect(m_picker, &ForeignKeyPicker::submitted, this, &QDialog::accept);
    } else {
        m_text = new QLineEdit(this);
        m_text->setObjectName(QStringLiteral("setCellsText"));
        editor = m_text;
    }
    label->setBuddy(editor);
    layout->addWidget(editor);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    editor->setFocus();
    resize(420, sizeHint().height());
}

QString SetCellsDialog::valueText() {
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
