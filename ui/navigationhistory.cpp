#include "navigationhistory.h"

#include "orm/record.h"
#include "orm/session.h"

namespace ui {

NavigationHistory::NavigationHistory(QObject *parent)
    : QObject(parent) {
}

NavigationHistory::Place NavigationHistory::placeOf(const orm::RecordPtr &record, int column) {
    if (!record)
        return {};
    return {&record->table(), record, record->id(), column};
}

orm::RecordPtr NavigationHistory::recordAt(orm::Session &session, const Place &place) {
    if (orm::RecordPtr record = place.record.lock())
        return record;
    if (!place.table || !place.id.isValid() || place.id.isNull())
        return nullptr;
    return session.get(*place.table, place.id);
}

void NavigationHistory::leave(const Place &from) {
    if (!from.isValid())
        return;
    m_back << from;
    if (m_back.size() > MaximumPlaces)
        m_back.removeFirst();
    m_forward.clear();
    Q_EMIT changed();
}

NavigationHistory::Place NavigationHistory::back(const Place &current) {
    if (m_back.isEmpty())
        return {};
    if (current.isValid())
        m_forward << current;
    const Place place = m_back.takeLast();
    Q_EMIT changed();
    return place;
}

NavigationHistory::Place NavigationHistory::forward(const Place &current) {
    if (m_forward.isEmpty())
        return {};
    if (current.isValid())
        m_back << current;
    const Place place = m_forward.takeLast();
    Q_EMIT changed();
    return place;
}

void NavigationHistory::clear() {
    m_back.clear();
    m_forward.clear();
    Q_EMIT changed();
}

} // namespace ui
