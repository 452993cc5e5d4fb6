#include "changewatcher.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace ui {

ChangeNoticeBar::ChangeNoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(tr("The database was changed by someone else."), this))
    , m_refresh(new QToolButton(this))
    , m_dismiss(new QToolButton(this)) {
    setObjectName(QStringLiteral("changeNotice"));
    setFrameShape(QFrame::NoFrame);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(16, 16));
    m_label->setObjectName(QStringLiteral("changeNoticeText"));
    m_refresh->setObjectName(QStringLiteral("changeNoticeRefresh"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the rows again; your staged changes are kept"));
    m_refresh->setAutoRaise(false);
    m_dismiss->setObjectName(QStringLiteral("changeNoticeDismiss"));
    m_dismiss->setText(QStringLiteral("\u00d7"));
    m_dismiss->setToolTip(tr("Hide this notice"));
    m_dismiss->setAutoRaise(true);
    layout->addWidget(icon);
    layout->addWidget(m_label);
    layout->addWidget(m_refresh);
    layout->addWidget(m_dismiss);
    connect(m_refresh, &QToolButton::clicked, this, &ChangeNoticeBar::refreshRequested);
    connect(m_dismiss, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT dismissed();
    });
}

QString ChangeNoticeBar::text() const {
    return m_label->text();
}

} // namespace ui
