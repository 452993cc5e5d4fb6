#include "recentdatabases.h"

#include <QSettings>

namespace app::recentdatabases {

namespace {

const char *const Key = "recentDatabases";

void save(const QStringList &entries) {
    QSettings settings;
    settings.setValue(QLatin1String(Key), entries);
}

QStringList entries() {
    QSettings settings;
    return settings.value(QLatin1String(Key)).toStringList();
}

} // namespace

QList<ui::DatabaseTarget> load() {
    QList<ui::DatabaseTarget> result;
    for (const QString &entry : entries()) {
        const ui::DatabaseTarget target = ui::DatabaseTarget::fromString(entry);
        if (target.isValid())
            result << target;
    }
    return result;
}

void add(const ui::DatabaseTarget &target) {
    QStringList list = entries();
    const QString entry = target.toString(); // never the password
    list.removeAll(entry);
    list.prepend(entry);
    save(list.mid(0, MaximumCount));
}

void remove(const ui::DatabaseTarget &target) {
    QStringList list = entries();
    list.removeAll(target.toString());
    save(list);
}

} // namespace app::recentdatabases
