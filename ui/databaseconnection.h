#pragma once

#include "databasetarget.h"

#include <QObject>
#include <memory>

namespace orm {
class Session;
}

namespace ui {

/// One open database and the session on it. Each connection gets a unique Qt connection name,
/// so several windows (and tests) never share one; close() removes it again.
class DatabaseConnection : public QObject {
    Q_OBJECT
public:
    explicit DatabaseConnection(QObject *parent = nullptr);
    ~DatabaseConnection() override;

    /// What opening an SQLite path may do when there is no file: only File → New database and
    /// the first launch on the default path create one; everything else opens what exists.
    enum class OpenMode {
        OpenExisting,   ///< a missing, damaged or foreign file is refused, and never created,
                        ///< modified or given a journal
        CreateIfMissing ///< a missing file (and its folder) is created as an empty database
    };

    /// Opens the database and checks that it can be read. On failure returns false with a
    /// plain-language sentence in `error` and leaves nothing open. `mode` only matters for
    /// SQLite; a PostgreSQL database is never created.
    [[nodiscard]] bool open(const DatabaseTarget &target, QString *error,
                            OpenMode mode = OpenMode::OpenExisting);
    /// Creates an empty SQLite database at `path` unless a file is already there (File → New
    /// database, the first launch). False with a sentence in `error` when it cannot.
    [[nodiscard]] static bool createSqliteFile(const QString &path, QString *error);
    void close();

    bool isOpen() const { return m_session != nullptr; }
    orm::Session *session() const { return m_session.get(); }
    const DatabaseTarget &target() const { return m_target; }
    /// True when the library tables exist (false for a new, empty database).
    bool hasLibraryTables() const;

private:
    DatabaseTarget m_target;
    QString m_connectionName;
    std::unique_ptr<orm::Session> m_session;
};

} // namespace ui
