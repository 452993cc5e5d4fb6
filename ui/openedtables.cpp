#include "openedtables.h"

#include <QCryptographicHash>
#include <QSettings>

namespace ui::openedtables {

QString settingsGroup(const DatabaseTarget &target) {
    // A path or URL holds slashes and colons that QSettings reads as groups: a digest of the
    // identity keeps one flat key per database.
    const QByteArray digest =
        QCryptographicHash::hash(target.toString().toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("databases/%1").arg(QString::fromLatin1(digest.left(20)));
}

Remembered load(const DatabaseTarget &target) {
    QSettings settings;
    settings.beginGroup(settingsGroup(target));
    return {settings.value(QStringLiteral("openTables")).toStringList(),
            settings.value(QStringLiteral("currentTable")).toString()};
}

void save(const DatabaseTarget &target, const Remembered &tabs) {
    QSettings settings;
    settings.beginGroup(settingsGroup(target));
    settings.setValue(QStringLiteral("target"), target.toString()); // for a person reading it
    settings.setValue(QStringLiteral("openTables"), tabs.tables);
    settings.setValue(QStringLiteral("currentTable"), tabs.current);
}

} // namespace ui::openedtables
