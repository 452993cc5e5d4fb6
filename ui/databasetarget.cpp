#include "databasetarget.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace ui {

DatabaseTarget DatabaseTarget::sqlite(const QString &path) {
    DatabaseTarget target;
    target.kind = Kind::Sqlite;
    target.path = path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
    return target;
}

DatabaseTarget DatabaseTarget::fromString(const QString &text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (trimmed.startsWith(QLatin1String("postgresql://")) ||
        trimmed.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(trimmed);
        if (!url.isValid())
            return {};
        DatabaseTarget target;
        target.kind = Kind::Postgres;
        target.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
        target.port = url.port(5432);
        target.user = url.userName();
        target.password = url.password();
        target.database = url.path().mid(1);
        if (target.database.isEmpty())
            target.database = target.user;
        return target;
    }
    if (trimmed.startsWith(QLatin1String("file://")))
        return sqlite(QUrl(trimmed).toLocalFile());
    return sqlite(trimmed);
}

QString DatabaseTarget::toString() const {
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Sqlite:
        return path;
    case Kind::Postgres: {
        QUrl url;
        url.setScheme(QStringLiteral("postgresql"));
        url.setHost(host);
        url.setPort(port);
        url.setUserName(user);
        url.setPath(QLatin1Char('/') + database);
        return url.toString();
    }
    }
    return {};
}

QString DatabaseTarget::displayName() const {
    if (kind == Kind::Sqlite)
        return QFileInfo(path).fileName();
    return toString();
}

} // namespace ui
