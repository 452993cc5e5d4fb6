#pragma once

#include "orm/types.h"

#include <QList>
#include <QObject>
#include <QVariant>

namespace orm {
class Session;
class Table;
} // namespace orm

namespace ui {

/// Where the user was, for Back and Forward (Alt+Left, Alt+Right, the mouse's side buttons): each
/// place is a record of a table and the column the user was in. Following a foreign key or opening
/// a related row visits a new place; Back returns to the one before, as a web browser does. A
/// place remembers its record's key as well, so a record that was let go (paged out) is read again.
class NavigationHistory : public QObject {
    Q_OBJECT
public:
    struct Place {
        const orm::Table *table = nullptr;
        std::weak_ptr<orm::Record> record;
        QVariant id; ///< the record's key (Record::id()) when it was visited
        int column = -1;
        bool isValid() const { return table != nullptr; }
    };

    /// Places kept behind the current one at most.
    static constexpr qsizetype MaximumPlaces = 100;

    explicit NavigationHistory(QObject *parent = nullptr);

    static Place placeOf(const orm::RecordPtr &record, int column);
    /// The record of a place: the one remembered, else read again by its key (nullptr when the
    /// row is gone, or was a new record that was never committed).
    static orm::RecordPtr recordAt(orm::Session &session, const Place &place);

    /// The user leaves `from` for another place: `from` goes behind, what was ahead is dropped.
    void leave(const Place &from);
    bool canGoBack() const { return !m_back.isEmpty(); }
    bool canGoForward() const { return !m_forward.isEmpty(); }
    /// The place before, with `current` put ahead (an invalid place when there is none).
    Place back(const Place &current);
    /// The place ahead, with `current` put behind.
    Place forward(const Place &current);
    void clear();

Q_SIGNALS:
    void changed();

private:
    QList<Place> m_back;    ///< oldest first
    QList<Place> m_forward; ///< nearest last
};

} // namespace ui
