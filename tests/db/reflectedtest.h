#pragma once

// The fixture of the tests of databases Shelf did not create: a fresh test database that each
// test fills with a schema of its own, read back through orm::reflect() with a session over it,
// as the window opens such a database.

#include "realschemas.h"

#include <QObject>
#include <QTest>

namespace shelftest {

/// Base of such test classes (which add Q_OBJECT and their slots): their init() calls
/// createDatabase(), fills it and calls reflectSchema(); their cleanup() calls closeDatabase().
class ReflectedDatabaseTest : public QObject {
protected:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<orm::Metadata> m_metadata;
    std::unique_ptr<orm::Session> m_session;

    /// A new, empty database (an SQLite file, or a schema on the PostgreSQL test server); false
    /// with m_db->errorString() saying why.
    bool createDatabase() {
        m_db = std::make_unique<TestDatabase>();
        return m_db->open();
    }
    /// Runs `statements` through the independent connection; false at the first that fails,
    /// warned with the database's message.
    bool execAll(const QStringList &statements) {
        for (const QString &statement : statements) {
            if (!m_db->exec(statement)) {
                qWarning() << statement << m_db->errorString();
                return false;
            }
        }
        return true;
    }
    /// Reads the schema (again, after a test changed it) and opens a new session over it.
    bool reflectSchema(QString *error) {
        return openReflected(*m_db, &m_metadata, &m_session, error);
    }
    /// The session first (it uses the metadata), then the metadata, then the database.
    void closeDatabase() {
        m_session.reset();
        m_metadata.reset();
        m_db.reset();
    }

    const orm::Table &table(const QString &name) const {
        const orm::Table *found = m_metadata->table(name);
        Q_ASSERT_X(found, "ReflectedDatabaseTest::table", qPrintable(name));
        return *found;
    }
    /// A count (or any integer) read through the independent connection.
    qint64 count(const QString &sql) { return m_db->scalar(sql).toLongLong(); }
};

} // namespace shelftest
