#pragma once

// The benches take PostgreSQL as the test suite's SHELF_TEST_PG does: a libpq string
// ("host=… port=… user=… password=… dbname=…").

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace bench {

inline void pointAt(QSqlDatabase &db, const QString &libpq) {
    for (const QString &part : libpq.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString key = part.section(QLatin1Char('='), 0, 0);
        const QString value = part.section(QLatin1Char('='), 1);
        if (key == QLatin1String("host"))
            db.setHostName(value);
        else if (key == QLatin1String("port"))
            db.setPort(value.toInt());
        else if (key == QLatin1String("user"))
            db.setUserName(value);
        else if (key == QLatin1String("password"))
            db.setPassword(value);
        else if (key == QLatin1String("dbname"))
            db.setDatabaseName(value);
    }
}

} // namespace bench
