#pragma once

#include "orm/types.h"

#include <QLineEdit>
#include <QPointer>

class QCompleter;
class QStandardItemModel;
class QTimer;

namespace orm {
class Session;
}

namespace ui {

/// The editor of a foreign key cell: type part of a name, pick from the matches. Every keystroke
/// (debounced) runs one bounded query, a bound substring search of the display column
/// (RecordFilter::containsTerm) with a LIMIT, so the parent
/// table is never loaded as a whole; new (pending) parents are searched in memory.
class ForeignKeyPicker : public QLineEdit {
    Q_OBJECT
public:
    ForeignKeyPicker(orm::Session *session, const orm::Relationship &relationship,
                     QWidget *parent = nullptr);

    void setCurrentRecord(const orm::RecordPtr &record);
    /// The picked record; when the text was typed rather than picked, the match whose display
    /// text equals it (ignoring case); nullptr when the text is empty or matches nothing.
    orm::RecordPtr currentRecord();
    /// True when the text is empty (the user cleared the reference).
    bool isCleared() const { return text().trimmed().isEmpty(); }

    /// Runs the search for `text` at once and fills the completion list (tests call it directly).
    void search(const QString &text);
    /// The records the last search found, best first.
    orm::RecordList results() const { return m_results; }
    static constexpr int ResultLimit = 20;

Q_SIGNALS:
    void searched(int matches);

private:
    QPointer<orm::Session> m_session;
    const orm::Relationship &m_relationship;
    QCompleter *m_completer;
    QStandardItemModel *m_matches;
    QTimer *m_debounce;
    orm::RecordList m_results;
    orm::RecordPtr m_current;
};

} // namespace ui
