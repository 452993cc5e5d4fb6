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

    /// Opens the database and checks that it can be read. On failure returns false with a
    /// plain-language sentence in `error` and leaves nothing open.
    [[nodiscard]] bool open(const DatabaseTarget &target, QString *error);
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
