#include "conflictdialog.h"

#include "orm/session.h"
#include "orm/values.h"

#include <QDialogButtonBox>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

namespace {

/// A value as the table views show it: a foreign key by its record's name, NULL as "(empty)".
QString shown(orm::Session &session, const orm::Table &table, int column, const QVariant &value) {
    if (value.isNull())
        return QObject::tr("(empty)");
    if (const orm::Relationship *relationship = table.relationshipForColumn(column)) {
        if (const orm::RecordPtr parent = session.findLoaded(*relationship->parent, value))
            return parent->displayName();
    }
    QString text = value.toString();
    constexpr qsizetype MaximumLength = 200;
    if (text.size() > MaximumLength)
        text = text.left(MaximumLength - 1) + QChar(0x2026);
    return text;
}

} // namespace

ConflictQuestion ConflictQuestion::fromError(orm::Session &session, const orm::Error &error) {
    ConflictQuestion question;
    question.record = error.record;
    question.message = error.message();
    if (!error.record)
        return question;
    question.who = error.record->displayName();
    const orm::Table &table = error.record->table();
    QVariantList row;
    const bool exists = session.currentRow(error.record, &row);
    const bool deleting = error.record->isMarkedForDelete();
    using Case = ConflictQuestion::Case;
    question.conflict = exists ? (deleting ? Case::TheyEdited : Case::BothEdited)
                               : (deleting ? Case::BothDeleted : Case::TheyDeleted);
    const int named = error.column.isEmpty() ? -1 : table.columnIndex(error.column);
    if (!exists) {
        // Deleted by them: what I staged is what would be lost (or added again)
        for (int column = 0; !deleting && column < table.columnCount(); ++column) {
            if (!error.record->isModified(column))
                continue;
            Cell cell;
            cell.column = table.column(column).displayLabel();
            cell.mine = shown(session, table, column, error.record->value(column));
            cell.theirs = QObject::tr("(deleted)");
            question.cells.append(cell);
        }
        return question;
    }
    for (int column = 0; column < table.columnCount(); ++column) {
        // Mine: what I staged (for a delete, what I loaded and mean to delete)
        const QVariant mine =
            deleting ? error.record->storedValue(column) : error.record->value(column);
        const QVariant theirs = row.value(column);
        if (column != named && orm::values::same(mine, theirs))
            continue;
        Cell cell;
        cell.column = table.column(column).displayLabel();
        cell.mine = shown(session, table, column, mine);
        cell.theirs = shown(session, table, column, theirs);
        cell.named = column == named;
        if (cell.named) {
            question.column = cell.column;
            question.mine = cell.mine;
            question.theirs = cell.theirs;
            question.cells.prepend(cell);
        } else {
            question.cells.append(cell);
        }
    }
    return question;
}

QString ConflictQuestion::headline() const {
    const QString who = !this->who.isEmpty() ? this->who : QObject::tr("A record");
    switch (conflict) {
    case Case::BothEdited:
        return QObject::tr("%1 was changed by another user while you edited it.").arg(who);
    case Case::TheyDeleted:
        return QObject::tr("%1 was deleted by another user while you edited it.").arg(who);
    case Case::TheyEdited:
        return QObject::tr("%1 was changed by another user; you are deleting it.").arg(who);
    case Case::BothDeleted:
        return QObject::tr("%1 was already deleted by another user.").arg(who);
    }
    return {};
}

ConflictDialog::ConflictDialog(const ConflictQuestion &question, QWidget *parent)
    : QDialog(parent)
    , m_takeDatabase(new QPushButton(this))
    , m_keepMine(new QPushButton(this))
    , m_keepMineAndCommit(new QPushButton(this)) {
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Conflict with another user"));
    auto *layout = new QVBoxLayout(this);

    auto *headline =
        new QLabel(QStringLiteral("<b>%1</b>").arg(question.headline().toHtmlEscaped()), this);
    headline->setObjectName(QStringLiteral("conflictHeadline"));
    headline->setWordWrap(true);
    layout->addWidget(headline);

    using Case = ConflictQuestion::Case;
    QString explanation;
    switch (question.conflict) {
    case Case::BothEdited:
        explanation = tr("Nothing was saved. Use the database's values (your edits of this record "
                         "are dropped), or keep yours: columns you did not edit take the "
                         "database's values, and your edits are saved over theirs when you "
                         "commit.");
        m_takeDatabase->setText(tr("Use Database Value"));
        m_keepMine->setText(tr("Keep Mine"));
        m_keepMineAndCommit->setText(tr("Keep Mine and Commit"));
        break;
    case Case::TheyDeleted:
        explanation = tr("Nothing was saved. Accept the delete (your edits of this record are "
                         "dropped and it leaves the view), or keep yours: the record is added "
                         "again, under the same number, with your values.");
        m_takeDatabase->setText(tr("Accept the Delete"));
        m_keepMine->setText(tr("Add It Again"));
        m_keepMineAndCommit->setText(tr("Add It Again and Commit"));
        break;
    case Case::TheyEdited:
        explanation = tr("Nothing was saved. Keep the record with the other user's values (your "
                         "delete is taken back), or delete it anyway.");
        m_takeDatabase->setText(tr("Keep the Record"));
        m_keepMine->setText(tr("Delete Anyway"));
        m_keepMineAndCommit->setText(tr("Delete Anyway and Commit"));
        break;
    case Case::BothDeleted:
        explanation = tr("Nothing was saved. The record is gone already: there is nothing left "
                         "to delete, and the rest of your changes can be committed.");
        m_takeDatabase->setText(tr("Forget It"));
        m_keepMine->setText(tr("Forget It"));
        m_keepMineAndCommit->setText(tr("Forget It and Commit"));
        break;
    }
    auto *text = new QLabel(explanation, this);
    text->setWordWrap(true);
    layout->addWidget(text);

    if (!question.cells.isEmpty()) {
        auto *frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("conflictValues"));
        frame->setFrameShape(QFrame::StyledPanel);
        auto *grid = new QGridLayout(frame);
        grid->setHorizontalSpacing(18);
        const QStringList headers{tr("Column"),
                                  question.conflict == Case::TheyEdited ? tr("You loaded")
                                                                        : tr("Your value"),
                                  tr("Database value")};
        for (int i = 0; i < headers.size(); ++i)
            grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(headers.at(i)), frame), 0,
                            i);
        int line = 1;
        for (const ConflictQuestion::Cell &cell : question.cells) {
            const QStringList texts{cell.column, cell.mine, cell.theirs};
            for (int i = 0; i < texts.size(); ++i) {
                auto *label = new QLabel(frame);
                label->setTextFormat(Qt::PlainText);
                label->setText(texts.at(i));
                label->setTextInteractionFlags(Qt::TextSelectableByMouse);
                if (cell.named) {
                    QFont font = label->font();
                    font.setBold(true);
                    label->setFont(font);
                }
                grid->addWidget(label, line, i);
            }
            ++line;
        }
        grid->setColumnStretch(1, 1);
        grid->setColumnStretch(2, 1);
        layout->addWidget(frame);
    }

    auto *buttons = new QDialogButtonBox(this);
    m_takeDatabase->setObjectName(QStringLiteral("takeDatabaseButton"));
    m_keepMine->setObjectName(QStringLiteral("keepMineButton"));
    m_keepMineAndCommit->setObjectName(QStringLiteral("keepMineAndCommitButton"));
    buttons->addButton(m_takeDatabase, QDialogButtonBox::ActionRole);
    buttons->addButton(m_keepMine, QDialogButtonBox::ActionRole);
    buttons->addButton(m_keepMineAndCommit, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    // Both deleted: nothing of mine is left to keep; "Forget It" says it (the box shows every
    // button it is given, so hide after adding)
    m_keepMine->setVisible(question.conflict != Case::BothDeleted);
    cancel->setToolTip(tr("Close this and keep every staged change as it is"));
    // Enter must not throw away anybody's work: the default keeps everything as it is.
    cancel->setDefault(true);
    for (QPushButton *button : {m_takeDatabase, m_keepMine, m_keepMineAndCommit})
        button->setAutoDefault(false);
    layout->addWidget(buttons);
    connect(m_takeDatabase, &QPushButton::clicked, this, [this] { done(TakeDatabase); });
    connect(m_keepMine, &QPushButton::clicked, this, [this] { done(KeepMine); });
    connect(m_keepMineAndCommit, &QPushButton::clicked, this, [this] { done(KeepMineAndCommit); });
    connect(cancel, &QPushButton::clicked, this, [this] { done(Cancelled); });
    setMinimumWidth(560);
}

} // namespace ui
