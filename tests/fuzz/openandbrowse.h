#pragma once

#include "library/librarydatabase.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace shelffuzz {

/// What one run of openAndBrowse() got through, so that the replay test can tell a database that
/// was browsed from one that was refused, and that every refusal came with a message.
struct BrowseOutcome {
    bool opened = false; ///< DatabaseConnection::open() succeeded
    /// What the file was to Shelf: a library, empty (the library's tables were created), or any
    /// other database (browsed through its reflected schema).
    library::DatabaseKind kind = library::DatabaseKind::Empty;
    int schemaStatements = 0; ///< statements of a schema script that built the file
    int tablesBrowsed = 0;    ///< tables whose model was built and read
    qint64 rows = 0;          ///< rows loaded over all table models
    qint64 cells = 0;         ///< cells whose data() was read, every role
    qint64 relatedRows = 0;   ///< children shown for the first rows (related-records pane)
    int deletePreviews = 0;   ///< previewDelete() calls that came back without an error
    int pendingChanges = 0;   ///< pendingChanges() entries after staging a delete
    QString openError;        ///< open()'s sentence when it failed
    QStringList messages;     ///< every loadFailed / editRefused / session error sentence
};

/// Shelf's open-and-browse path on `bytes` taken as an SQLite database file, or as a schema script
/// that builds one (schemascript.h): the file is written to
/// a private temporary folder, opened with app::DatabaseConnection (creating the library tables in
/// an empty database, as MainWindow does; any other schema is reflected), every table is read
/// through a ui::RecordTableModel with small pages (every role of every cell of the first pages and
/// the last one, headers and flags; then sorted by each column and filtered), the first rows'
/// children are shown as the related-records pane shows them, their delete is previewed, staged,
/// listed by pendingChanges() and rolled back, and the connection is closed again. The file and its
/// journals are removed before returning.
///
/// Needs a QGuiApplication (the offscreen platform is enough). Must not crash, hang or leak on any
/// input: that is what the fuzzer and the replay test check.
BrowseOutcome openAndBrowse(const QByteArray &bytes);

} // namespace shelffuzz
