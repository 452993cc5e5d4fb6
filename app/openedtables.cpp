#include "openedtables.h"

#include <QCryptographicHash>
#include <QSettings>

namespace app::openedtables {

QString settingsGroup(const ui::DatabaseTarget &target) {
    // A path or URL holds slashes and colons that QSettings reads as groups: a digest of the
    // identity keeps one flat key per database.
    const QByteArray digest =
        QCryptographicHash::hash(target.toString().toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("databases/%1").arg(QString::fromLatin1(digest.left(20)));
}

Remembered load(const ui::DatabaseTarget &target) {
    QSettings settings;
    settings.beginGroup(settingsGroup(target));
    return {settings.value(QStringLiteral("openTables")).toStringList(),
            settings.value(QStringLiteral("currentTable")).toString()};
}

void save(const ui::DatabaseTarget &target, const Remembered &tabs) {
    QSettings settings;
    settings.beginGroup(settingsGroup(target));
    settings.setValue(QStringLiteral("target"), target.toString()); // for a person reading it
    settings.setValue(QStringLiteral("openTables"), tabs.tables);
    settings.setValue(QStringLiteral("currentTable"), tabs.current);
}

QHash<QString, QStringList> loadLabels(const ui::DatabaseTarget &target) {
    QSettings settings;
    settings.beginGroup(settingsGroup(target));
    QHash<QString, QStringList> labels;
    const QVariantMap stored = settings.value(QStringLiteral("labels")).toMap();
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        labels.insert(it.key(), it.value().toStringList());
    return labels;
}

void saveLabel(const ui::DatabaseTarget &target, const QString &table, const QStringList &columns) {
    QSettings settings;
    settings.beginGroup(settingsGroup(target));
    // One map value: table names may hold characters QSettings reads as groups.
    QVariantMap stored = settings.value(QStringLiteral("labels")).toMap();
    if (columns.isEmpty())
        stored.remove(table);
    else
        stored.insert(table, columns);
    settings.setValue(QStringLiteral("labels"), stored);
}

} // namespace app::openedtables
