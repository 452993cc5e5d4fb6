#include "windowstatus.h"

#include "orm/session.h"
#include "ui/changewatcher.h"
#include "ui/databasetarget.h"
#include "ui/recordtablemodel.h"
#include "ui/tablebrowser.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>
#include <QTimer>

namespace app {

WindowStatus::WindowStatus(QStatusBar *bar, ui::TableBrowser *browser, QObject *parent)
    : QObject(parent)
    , m_bar(bar)
    , m_browser(browser)
    , m_notice(new ui::ChangeNoticeBar(bar))
    , m_rowsLabel(new QLabel(bar))
    , m_databaseLabel(new QLabel(bar))
    , m_pendingLabel(new QLabel(bar))
    , m_pendingTimer(new QTimer(this)) {
    m_rowsLabel->setObjectName(QStringLiteral("rowsLabel"));
    m_databaseLabel->setObjectName(QStringLiteral("databaseLabel"));
    m_pendingLabel->setObjectName(QStringLiteral("pendingCountLabel"));
    m_notice->hide();
    for (QWidget *widget :
         {static_cast<QWidget *>(m_notice), static_cast<QWidget *>(m_rowsLabel),
          static_cast<QWidget *>(m_databaseLabel), static_cast<QWidget *>(m_pendingLabel)})
        bar->addPermanentWidget(widget);
    // Staging many records signals once per record: count them once the burst is over.
    m_pendingTimer->setSingleShot(true);
    m_pendingTimer->setInterval(80);
    connect(m_pendingTimer, &QTimer::timeout, this, &WindowStatus::showPendingCount);
    connect(browser, &ui::TableBrowser::currentTableChanged, this, &WindowStatus::showRowCount);
    connect(browser, &ui::TableBrowser::rowsChanged, this, &WindowStatus::showRowCount);
    showPendingCount();
}

void WindowStatus::setSession(orm::Session *session, const ui::DatabaseTarget *target) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_notice->hide();
    m_databaseLabel->setText(target ? target->toString() : QString());
    m_databaseLabel->setToolTip(m_databaseLabel->text());
    if (session) {
        for (auto signal :
             {&orm::Session::committed, &orm::Session::rolledBack, &orm::Session::schemaChanged})
            connect(session, signal, this, &WindowStatus::schedulePendingCount);
        connect(session, &orm::Session::hasChangesChanged, this,
                &WindowStatus::schedulePendingCount);
        connect(session, &orm::Session::recordChanged, this, &WindowStatus::schedulePendingCount);
        connect(session, &orm::Session::recordStateChanged, this,
                &WindowStatus::schedulePendingCount);
    }
    showPendingCount();
}

void WindowStatus::showMessage(const QString &message) {
    m_bar->showMessage(message, 8000);
}

void WindowStatus::schedulePendingCount() {
    m_pendingTimer->start();
}

void WindowStatus::showPendingCount() {
    const int count =
        m_session && m_session->hasChanges() ? int(m_session->pendingChangeCount()) : 0;
    m_pendingLabel->setText(count == 0 ? tr("No pending changes")
                                       : tr("Pending changes: %L1").arg(count));
    emit pendingCountShown();
}

void WindowStatus::showRowCount() {
    ui::RecordTableModel *model = m_browser->currentModel();
    if (!model) {
        m_rowsLabel->clear();
        return;
    }
    const qint64 total = model->databaseRowCount();
    const int shown = model->rowCount();
    m_rowsLabel->setText(total > shown ? tr("%1 of %2 rows loaded")
                                             .arg(QLocale().toString(shown))
                                             .arg(QLocale().toString(total))
                                       : tr("Rows: %1").arg(QLocale().toString(shown)));
}

} // namespace app
