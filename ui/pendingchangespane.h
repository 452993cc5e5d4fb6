#pragma once

#include "orm/pendingchanges.h"
#include "orm/types.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTimer;
class QTreeWidget;

namespace orm {
class Session;
}

namespace ui {

/// Every staged change of the session, grouped (new / modified column by column, old → new /
/// deleted with the cascade's reason), and below it the SQL that Commit will run
/// (Session::previewSql()). Follows the session's signals, debounced, and only while visible.
class PendingChangesPane : public QWidget {
    Q_OBJECT
public:
    explicit PendingChangesPane(QWidget *parent = nullptr);

    void setSession(orm::Session *session);
    /// Rebuilds both lists now.
    void refresh();
    QTreeWidget *changesTree() const { return m_tree; }
    QPlainTextEdit *sqlView() const { return m_sql; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    /// The user double-clicked a change: show its record.
    void recordActivated(const orm::RecordPtr &record);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();
    /// "old \u2192 new" of one column (just the value for a new record), foreign keys by name,
    /// and by name and key where `namesakes` says another row of the parent's table shares it.
    QString columnText(const orm::PendingChange &change,
                       const orm::PendingChange::ColumnChange &column,
                       const QSet<const orm::Record *> &namesakes) const;
    /// One value of a column; a foreign key as columnText() says.
    QString valueText(const orm::RecordPtr &record, int column, const QVariant &value,
                      const QSet<const orm::Record *> &namesakes) const;
    /// The parents that the foreign-key columns of `changes` name before and after, read back
    /// where the session let go of them; those a grid cell would tell apart by their key.
    QSet<const orm::Record *> namesakesOf(const QList<orm::PendingChange> &changes);

    QPointer<orm::Session> m_session;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_sql;
    QSplitter *m_splitter;
    QTimer *m_debounce;
    bool m_stale = true;
};

} // namespace ui
