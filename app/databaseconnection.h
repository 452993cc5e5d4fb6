#pragma once

#include "library/librarydatabase.h"
#include "library/upgrader.h"
#include "ui/databasetarget.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <memory>

namespace orm {
class Metadata;
class Session;
} // namespace orm

namespace app {

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
    [[nodiscard]] bool open(const ui::DatabaseTarget &target, QString *error,
                            OpenMode mode = OpenMode::OpenExisting);
    /// Creates an empty SQLite database at `path` unless a file is already there (File → New
    /// database, the first launch). False with a sentence in `error` when it cannot.
    [[nodiscard]] static bool createSqliteFile(const QString &path, QString *error);
    void close();

    bool isOpen() const { return m_session != nullptr; }
    orm::Session *session() const { return m_session.get(); }
    const ui::DatabaseTarget &target() const { return m_target; }
    /// What the database is: Shelf's library (its declared metadata and cascades), empty (about
    /// to become a library), or any other database, opened through its reflected schema.
    library::DatabaseKind kind() const { return m_kind; }
    bool isLibrary() const { return m_kind != library::DatabaseKind::Other; }
    /// What reflection opened read-only or left out, and why (empty for a library).
    const QStringList &notices() const { return m_notices; }
    /// The table Shelf lists and edits in place of the partition `name` (PostgreSQL); empty when
    /// `name` is no partition.
    QString partitionedTableOf(const QString &name) const { return m_partitionOf.value(name); }
    /// Every partition by name, with the table listed in its place.
    const QHash<QString, QString> &partitions() const { return m_partitionOf; }
    /// The library's schema revision (docs/contract.md §8); 0 for any other database.
    int revision() const { return m_revision; }
    /// Why every table is read-only (a library from a newer Shelf), empty otherwise.
    const QString &readOnlyReason() const { return m_readOnlyReason; }
    /// True for a library from an older Shelf: open() made no session, and the database stays
    /// untouched until upgrade() (or close(), when the user declines).
    bool needsUpgrade() const { return m_upgrader != nullptr; }
    /// The plan of the upgrade (steps in words, SQL, backup path) while needsUpgrade().
    const library::Upgrader *upgrader() const { return m_upgrader.get(); }
    /// Backs up, upgrades in one transaction and opens the session. False with a sentence in
    /// `error` when the backup or the upgrade failed; the database is then unchanged (and stays
    /// unopened).
    [[nodiscard]] bool upgrade(QString *error);
    /// Puts the library's declared schema in place of the reflected one, for seeding a database
    /// the user chose to turn into a library (its own tables stay as they are). Call before
    /// anything is staged: the session is replaced.
    void useLibrarySchema();
    /// Names a reflected table's rows by `columns` (empty: the columns Shelf picks), the user's
    /// choice remembered per database and applied on every open. False for the library (its
    /// labels are declared) or when a name is unknown.
    bool setLabelColumns(const QString &table, const QStringList &columns);

private:
    bool applyLabel(const QString &table, const QStringList &columns);
    bool openSession(QString *error);

    ui::DatabaseTarget m_target;
    QString m_connectionName;
    std::unique_ptr<orm::Metadata> m_reflected; ///< the schema of a database that is no library
    std::unique_ptr<orm::Session> m_session;
    std::unique_ptr<library::Upgrader> m_upgrader; ///< an older library, until upgraded
    library::DatabaseKind m_kind = library::DatabaseKind::Empty;
    QStringList m_notices;
    QHash<QString, QString> m_partitionOf; ///< Reflection::partitionOf
    QString m_readOnlyReason;
    int m_revision = 0;
};

} // namespace app
