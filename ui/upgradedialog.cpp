#include "upgradedialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

UpgradeDialog::UpgradeDialog(const UpgradeQuestion &question, QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("Upgrade library"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(
        tr("<b>%1</b> was made by an older version of Shelf (schema revision %2). This version "
           "uses revision %3, so the library must be upgraded before it opens.")
            .arg(question.database.toHtmlEscaped())
            .arg(question.fromRevision)
            .arg(question.toRevision),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    QString changes = tr("What will change:") + QStringLiteral("<ul>");
    for (const QString &step : question.steps)
        changes += QStringLiteral("<li>%1</li>").arg(step.toHtmlEscaped());
    changes += QStringLiteral("</ul>");
    auto *steps = new QLabel(changes, this);
    steps->setWordWrap(true);
    layout->addWidget(steps);

    auto *safety = new QLabel(
        question.backupPath.isEmpty()
            ? tr("The upgrade runs in one transaction: if anything fails, nothing is changed.")
            : tr("A copy of the library is saved first, as %1. The upgrade then runs in one "
                 "transaction: if anything fails, the file is left exactly as it was.")
                  .arg(QDir::toNativeSeparators(question.backupPath).toHtmlEscaped()),
        this);
    safety->setWordWrap(true);
    safety->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(safety);

    m_sql = new QPlainTextEdit(question.sql, this);
    m_sql->setReadOnly(true);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sql->setVisible(false);
    layout->addWidget(m_sql, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_upgrade = buttons->addButton(tr("&Upgrade"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_details = buttons->addButton(tr("Show &Details"), QDialogButtonBox::ActionRole);
    m_details->setCheckable(true);
    connect(m_details, &QPushButton::toggled, this, [this](bool shown) {
        m_sql->setVisible(shown);
        m_details->setText(shown ? tr("Hide &Details") : tr("Show &Details"));
        adjustSize();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_upgrade->setDefault(true);
    setMinimumWidth(520);
}

} // namespace ui
