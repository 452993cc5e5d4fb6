#pragma once

#include "orm/types.h"

#include <QLineEdit>
#include <QPointer>
#include <QStringList>

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
/// table is never loaded as a whole; new (pending) parents are searched in memory. When it gets the
/// focus it lists the first choices at once; one Enter (or click) takes the highlighted choice.
class ForeignKeyPicker : public QLineEdit {
    Q_OBJECT
public:
    ForeignKeyPicker(orm::Session *session, const orm::Relationship &relationship,
                     QWidget *parent = nullptr);

    void setCurrentRecord(const orm::RecordPtr &record);
    /// The picked record — the very one chosen from the list, also when others share its name.
    /// When the text was typed rather than picked: the entry it names ("copy (#4)"), else the
    /// one record whose display text equals it (ignoring case), else the only match. nullptr
    /// when the text is empty, matches nothing, or names several records alike (not guessed).
    orm::RecordPtr currentRecord();
    /// True when the text is empty (the user cleared the reference).
    bool isCleared() const { return text().trimmed().isEmpty(); }

    /// Runs the search for `text` at once and fills the completion list (tests call it directly).
    void search(const QString &text);
    /// The records the last search found, best first.
    orm::RecordList results() const { return m_results; }
    /// The list's entry for each result, in the same order: the display text, with the key
    /// added where several results share a name ("copy (#4)"), so every entry is distinct.
    QStringList resultTexts() const { return m_labels; }
    static constexpr int ResultLimit = 20;

Q_SIGNALS:
    void searched(int matches);
    /// The user finished choosing: Enter (also with the list open) or a click in the list.
    void submitted();

protected:
    /// Opening the editor lists the first choices, before anything is typed.
    void focusInEvent(QFocusEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QString labelFor(const orm::RecordPtr &record) const;
    /// The result whose disambiguated entry reads `text`, if any.
    orm::RecordPtr resultLabelled(const QString &text) const;

    QPointer<orm::Session> m_session;
    const orm::Relationship &m_relationship;
    QCompleter *m_completer;
    QStandardItemModel *m_matches;
    QTimer *m_debounce;
    orm::RecordList m_results;
    QStringList m_labels; ///< the list's entry of each result
    orm::RecordPtr m_current;
    bool m_listed = false; ///< the first choices were offered when the editor opened
};

} // namespace ui
