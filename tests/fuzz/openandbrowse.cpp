#include "openandbrowse.h"

#include "schemascript.h"

#include "app/databaseconnection.h"
#include "library/librarydatabase.h"
#include "orm/session.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordsmodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <memory>

namespace shelffuzz {

namespace {

// Small pages and a small page cache, so that a file of a few KiB already takes the model through
// paging, the keyset and backwards reads, and page eviction.
constexpr int kPageSize = 8;
constexpr int kPageCache = 2;
// Rows read from the top of a table (over several pages) and from its end.
constexpr int kHeadRows = 4 * kPageSize;
constexpr int kTailRows = kPageSize;
// Rows whose related records and delete preview are read.
constexpr int kRowsWithRelations = 2;

// Every standard role up to Qt::UserRole's neighbourhood and the model's own roles.
QList<int> rolesToRead() {
    QList<int> roles;
    for (int role = Qt::DisplayRole; role <= Qt::StatusTipRole + 20; ++role)
        roles.append(role);
    for (int role = ui::RecordTableModel::RecordRole; role <= ui::RecordTableModel::ErrorRole;
         ++role)
        roles.append(role);
    return roles;
}

const QString &databasePath() {
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/shelf-fuzz-XXXXXX"));
    static const QString path = dir.filePath(QStringLiteral("input.sqlite"));
    return path;
}

void removeDatabaseFiles(const QString &path) {
    for (const char *suffix : {"", "-journal", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

void settle() {
    // The models defer some work to the event loop (relation syncs, reloads after signals).
    QCoreApplication::processEvents();
}

void noteSessionError(const orm::Session &session, BrowseOutcome &outcome) {
    if (!session.lastError().message().isEmpty())
        outcome.messages.append(session.lastError().message());
}

qint64 readRows(const ui::RecordModel &model, const QList<int> &roles, int first, int last) {
    qint64 cells = 0;
    for (int row = qMax(0, first); row <= last && row < model.rowCount(); ++row) {
        for (int role : roles)
            (void)model.headerData(row, Qt::Vertical, role);
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            (void)model.flags(index);
            for (int role : roles) {
                const QVariant value = model.data(index, role);
                (void)value.toString(); // what a view does with a display value
            }
            ++cells;
        }
    }
    return cells;
}

/// Headers, the first rows and the last ones: what a view shows when it opens and when the user
/// drags the scroll bar to the end.
qint64 readModel(const ui::RecordModel &model, const QList<int> &roles) {
    for (int column = 0; column < model.columnCount(); ++column) {
        for (int role : roles)
            (void)model.headerData(column, Qt::Horizontal, role);
    }
    const int rows = model.rowCount();
    qint64 cells = readRows(model, roles, 0, qMin(rows, kHeadRows) - 1);
    if (rows > kHeadRows)
        cells += readRows(model, roles, qMax(kHeadRows, rows - kTailRows), rows - 1);
    return cells;
}

void browseRelations(orm::Session &session, const orm::RecordPtr &record, const QList<int> &roles,
                     BrowseOutcome &outcome) {
    // As RelatedRecordsPane does: one related-records model per one-to-many relationship.
    for (const orm::Relationship *relationship : record->table().childRelationships()) {
        ui::RelatedRecordsModel related(&session, *relationship->child);
        QObject::connect(&related, &ui::RelatedRecordsModel::loadFailed,
                         [&outcome](const QString &message) { outcome.messages.append(message); });
        related.setRelation(nullptr, relationship);
        related.setRelation(record, relationship);
        settle();
        outcome.relatedRows += related.rowCount();
        outcome.cells += readModel(related, roles);
        related.setRelation(nullptr, relationship);
    }
}

void previewAndStageDelete(orm::Session &session, const orm::RecordPtr &record,
                           BrowseOutcome &outcome) {
    if (record->table().isReadOnly())
        return; // the window offers no Delete there (a view, a table without a usable key)
    const orm::DeletePreview preview = session.previewDelete(record);
    if (preview.error.isEmpty())
        ++outcome.deletePreviews;
    else
        outcome.messages.append(preview.error);
    for (const auto &deleted : preview.deleted)
        (void)deleted.path;
    if (session.remove(record)) {
        settle();
        outcome.pendingChanges += int(session.pendingChanges().size());
        (void)session.previewSql();
    } else {
        noteSessionError(session, outcome);
    }
    session.rollback();
    settle();
}

void browse(orm::Session &session, BrowseOutcome &outcome) {
    const QList<int> roles = rolesToRead();
    for (const orm::Table *table : session.metadata().tables()) {
        auto model = std::make_unique<ui::RecordTableModel>(&session, *table);
        QObject::connect(model.get(), &ui::RecordTableModel::loadFailed,
                         [&outcome](const QString &message) { outcome.messages.append(message); });
        model->setPageSize(kPageSize);
        model->setPageCacheSize(kPageCache);
        model->reload();
        settle();
        ++outcome.tablesBrowsed;
        outcome.rows += model->rowCount();
        outcome.cells += readModel(*model, roles);

        for (int row = 0; row < qMin(model->rowCount(), kRowsWithRelations); ++row) {
            const orm::RecordPtr record = model->record(row);
            if (!record)
                continue;
            browseRelations(session, record, roles, outcome);
            previewAndStageDelete(session, record, outcome);
        }
        // Staged state is back to nothing: read the cells once more, as a view repaints.
        outcome.cells += readModel(*model, roles);
        // Sorting by each column and filtering run in SQL, on whatever the columns hold.
        for (int column = 0; column < model->columnCount(); ++column) {
            model->sort(column, column % 2 ? Qt::DescendingOrder : Qt::AscendingOrder);
            settle();
            outcome.cells += readModel(*model, roles);
        }
        model->setFilter(QStringLiteral("e"));
        settle();
        outcome.cells += readModel(*model, roles);
        model->setFilter(QString());
        settle();
        model.reset();
        settle();
    }
}

/// What the window does with an older library once the user agrees: back up, upgrade, open. The
/// backup beside the file goes again afterwards.
bool upgrade(app::DatabaseConnection &connection, QString *error) {
    const QString backup = connection.upgrader()->backupPath();
    const bool upgraded = connection.upgrade(error);
    QFile::remove(backup);
    return upgraded;
}

} // namespace

BrowseOutcome openAndBrowse(const QByteArray &bytes) {
    BrowseOutcome outcome;
    const QString path = databasePath();
    removeDatabaseFiles(path);
    if (isSchemaScript(bytes)) {
        outcome.schemaStatements = buildFromSchemaScript(bytes, path);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            outcome.openError = QStringLiteral("The fuzzer could not write %1.").arg(path);
            return outcome;
        }
    }
    {
        app::DatabaseConnection connection;
        QString error;
        if (!connection.open(ui::DatabaseTarget::sqlite(path), &error)) {
            outcome.openError = error;
        } else if (connection.needsUpgrade() && !upgrade(connection, &error)) {
            // A library from an older Shelf that cannot be upgraded stays closed, as in the window
            outcome.openError = error;
        } else {
            outcome.opened = true;
            orm::Session &session = *connection.session();
            outcome.kind = connection.kind();
            // MainWindow::openDatabase makes an empty database a library; any other opens as
            // itself, through its reflected schema.
            if (outcome.kind != library::DatabaseKind::Empty || library::createTables(session))
                browse(session, outcome);
            else
                noteSessionError(session, outcome);
            connection.close();
        }
    }
    settle();
    removeDatabaseFiles(path);
    return outcome;
}

} // namespace shelffuzz
