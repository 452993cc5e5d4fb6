#pragma once

#include <QString>

namespace ui {

/// Where a database lives: an SQLite file, or a PostgreSQL server. The password is kept in
/// memory only: toString() (what recent-database lists and settings store) never contains it.
struct DatabaseTarget {
    enum class Kind { None, Sqlite, Postgres };

    Kind kind = Kind::None;
    QString path; ///< SQLite
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString database;
    QString user;
    QString password;

    static DatabaseTarget sqlite(const QString &path);
    /// A file path, or a URL `postgresql://user@host:port/db` (password, if any, is kept).
    static DatabaseTarget fromString(const QString &text);

    bool isValid() const { return kind != Kind::None; }
    /// The file path or the URL without password.
    QString toString() const;
    /// What a user reads in the title bar and the status bar.
    QString displayName() const;
    bool operator==(const DatabaseTarget &other) const { return toString() == other.toString(); }
};

} // namespace ui
