#include "prompter.h"

#include "conflictdialog.h"
#include "deletepreviewdialog.h"
#include "largeseeddialog.h"
#include "upgradedialog.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

namespace ui {

Prompter::~Prompter() = default;

Prompter::PendingChoice Prompter::askPendingChanges(QWidget *parent, const QString &action,
                                                    int changes) {
    QMessageBox box(QMessageBox::Question, QObject::tr("Staged changes"),
                    QObject::tr("Staged changes not committed yet: %L1.").arg(changes),
                    QMessageBox::NoButton, parent);
    box.setInformativeText(
        QObject::tr("Commit them before you %1, discard them, or cancel?").arg(action));
    QPushButton *commit = box.addButton(QObject::tr("Commit"), QMessageBox::AcceptRole);
    QPushButton *discard = box.addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(commit);
    box.exec();
    if (box.clickedButton() == commit)
        return PendingChoice::Commit;
    if (box.clickedButton() == discard)
        return PendingChoice::Discard;
    return PendingChoice::Cancel;
}

bool Prompter::confirm(QWidget *parent, const QString &title, const QString &text,
                       const QString &acceptText) {
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    QPushButton *accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.exec();
    return box.clickedButton() == accept;
}

void Prompter::showError(QWidget *parent, const QString &title, const QString &text,
                         const QString &details) {
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    if (!details.isEmpty())
        box.setDetailedText(details);
    box.exec();
}

void Prompter::showNotice(QWidget *parent, const QString &title, const QString &text,
                          const QStringList &lines) {
    auto *box = new QMessageBox(QMessageBox::Information, title, text, QMessageBox::Close, parent);
    box->setObjectName(QStringLiteral("noticeBox"));
    box->setInformativeText(lines.mid(0, 12).join(QLatin1Char('\n')) +
                            (lines.size() > 12 ? QStringLiteral("\n\u2026") : QString()));
    box->setDetailedText(lines.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

Prompter::DeleteChoice Prompter::confirmDelete(QWidget *parent, const orm::DeletePreview &preview) {
    DeletePreviewDialog dialog(preview, parent);
    switch (dialog.exec()) {
    case DeletePreviewDialog::DeleteConfirmed:
        return DeleteChoice::Delete;
    case DeletePreviewDialog::ShowBlockers:
        return DeleteChoice::ShowBlockers;
    case DeletePreviewDialog::DeleteWithDependents:
        return DeleteChoice::WithDependents;
    default:
        return DeleteChoice::Cancel;
    }
}

Prompter::ConflictChoice Prompter::resolveConflict(QWidget *parent,
                                                   const ConflictQuestion &question) {
    ConflictDialog dialog(question, parent);
    switch (dialog.exec()) {
    case ConflictDialog::TakeDatabase:
        return ConflictChoice::TakeDatabase;
    case ConflictDialog::KeepMine:
        return ConflictChoice::KeepMine;
    case ConflictDialog::KeepMineAndCommit:
        return ConflictChoice::KeepMineAndCommit;
    default:
        return ConflictChoice::Cancel;
    }
}

bool Prompter::chooseLargeSeed(QWidget *parent, const QString &database, int *authors,
                               int *booksPerAuthor) {
    LargeSeedDialog dialog(database, *authors, *booksPerAuthor, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *authors = dialog.authors();
    *booksPerAuthor = dialog.booksPerAuthor();
    return true;
}

QString Prompter::chooseFileToSave(QWidget *parent, const QString &title,
                                   const QString &suggestedName) {
    return QFileDialog::getSaveFileName(parent, title, suggestedName);
}

QString Prompter::chooseFileToOpen(QWidget *parent, const QString &title) {
    return QFileDialog::getOpenFileName(parent, title);
}

bool Prompter::confirmUpgrade(QWidget *parent, const UpgradeQuestion &question) {
    UpgradeDialog dialog(question, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace ui
