#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace ui {

/// The quiet "database changed — refresh" notice: a small bar in the status bar, shown when
/// orm::ChangeWatcher reports another connection's commit. Non-modal; Refresh re-reads rows
/// (staged edits kept), the × hides it until the next change.
class ChangeNoticeBar : public QFrame {
    Q_OBJECT
public:
    explicit ChangeNoticeBar(QWidget *parent = nullptr);

    QToolButton *refreshButton() const { return m_refresh; }
    QToolButton *dismissButton() const { return m_dismiss; }
    QString text() const;

Q_SIGNALS:
    void refreshRequested();
    void dismissed();

private:
    QLabel *m_label;
    QToolButton *m_refresh;
    QToolButton *m_dismiss;
};

} // namespace ui
