#pragma once

#include "csvreader.h"
#include "foreignkeyresolver.h"
#include "jsonreader.h"

#include "orm/types.h"

#include <QList>
#include <functional>
#include <memory>

class QIODevice;

namespace orm {
class NewRows;
class NewRowWriter;
struct Relationship;
class Session;
class Table;
} // namespace orm

namespace io {

/// What happens to the valid rows when some rows are refused.
enum class ImportMode {
    AllOrNothing,  ///< one refused row and nothing is staged
    ValidRowsOnly, ///< the valid rows are staged; the refused ones are listed
};

/// The kind of file imported: each is read by its own RecordReader, then mapped, checked and
/// staged the same way.
enum class ImportFormat {
    Csv,       ///< delimited text, as `dialect` says
    Json,      ///< an array of objects (JsonLayout::Array)
    JsonLines, ///< one object per line (JsonLayout::Lines)
};

struct ImportOptions {
    ImportFormat format = ImportFormat::Csv;
    CsvDialect dialect; ///< CSV only
    /// For each field of a record, the table column it goes to (-1: left out). Empty: by the
    /// header's names (mapByName), else by position. JSON's fields are the first object's keys.
    QList<int> mapping;
    ImportMode mode = ImportMode::AllOrNothing;
    ForeignKeyInput foreignKeys = ForeignKeyInput::KeyOrLabel;
    /// A field with exactly this text is NULL, as an empty unquoted field always is. Empty: only
    /// the empty unquoted field.
    QString nullText;
    int listedRefusals = 1000; ///< refusals kept for the user; past it they are only counted
    CsvLimits limits;
};

/// One value or row the import refused, where it is in the file.
struct Refusal {
    qint64 line = 0; ///< the line (CSV) or the record's number (JSON)
    int field = 0;   ///< from 1; 0 for the whole row
    QString column;  ///< the table column's label, when the refusal is about one
    QString message;
};

struct ImportResult {
    qint64 rowsRead = 0;
    qint64 rowsStaged = 0;
    qint64 rowsRefused = 0;
    QList<Refusal> refusals; ///< the first ImportOptions::listedRefusals
    /// The staged rows, in file order, kept as cells while nothing asks for them as records (an
    /// undo step adds them again: Session::addNewRows()).
    std::shared_ptr<orm::NewRows> rows;
    bool cancelled = false;
    /// Why nothing was staged: the file is malformed, a column is missing, rows were refused in
    /// all-or-nothing mode, or the user cancelled. Empty when rows were staged as asked.
    QString error;

    /// The staged rows as records (made now where they are cells; the session's own then).
    orm::RecordList staged() const;
};

/// The first rows of a file, each value checked, for the import dialog's preview.
struct PreviewRow {
    qint64 line = 0;
    QStringList fields;
    QStringList problems; ///< per field: why the column cannot take it; empty when it can
    QList<bool> nulls;    ///< per field: what the import would stage as NULL
    QString rowProblem;   ///< a problem with the whole row (its field count, its encoding)
};

/// Imports a delimited text file (or a JSON file: ImportOptions::format) into a table as new
/// records, staged in the session like typed edits and committed by the usual commit. Every value
/// is converted and checked as if typed (orm::values::fromInput); a foreign key is taken by key or
/// by label (ForeignKeyResolver). Reads in bounded batches with a progress callback that can
/// cancel; nothing is added to the session before the whole file has been read and checked, so a
/// cancel or an all-or-nothing refusal stages nothing and leaves earlier staged edits untouched.
class CsvImporter {
public:
    /// Called between batches with the bytes read so far and the file's size (0: unknown).
    /// Returning false cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    CsvImporter(orm::Session &session, const orm::Table &table, ImportOptions options);

    /// Maps header names to columns: by name or label, case and spaces ignored; -1 where none.
    static QList<int> mapByName(const QStringList &header, const orm::Table &table);
    /// Why `mapping` cannot import into the table (a read-only column or table, a required column
    /// left out, no column mapped at all); empty when it can.
    static QString checkMapping(const QList<int> &mapping, const orm::Table &table);

    ImportResult run(QIODevice *device, const Progress &progress = {});
    /// The format's reader over `device` (a JSON file's layout as ImportOptions::format says).
    static std::unique_ptr<RecordReader> openReader(QIODevice *device,
                                                    const ImportOptions &options);
    /// Reads the header and up to `rows` records and checks each value, staging nothing.
    QList<PreviewRow> preview(QIODevice *device, int rows, QStringList *header, QString *error);

private:
    struct Row;
    struct Batch;
    /// Checks a record's values and, with `build`, writes them into a new record (Row::record).
    bool convert(const Utf8Record &record, Row *row, QList<Refusal> *refusals, bool build);
    /// Takes a field's bytes as they are when they are a value the column plainly accepts
    /// (orm::values::plainValue(): a plain number, text that is not blank): written through
    /// `writer` if any, true. False for anything else, which values::fromInput() judges and words.
    bool takePlain(int column, QByteArrayView bytes, orm::NewRowWriter *writer) const;
    bool resolveForeignKeys(Batch &batch, QString *error);
    /// True for an empty unquoted field, or one that is ImportOptions::nullText.
    bool isNull(const Utf8Record &record, int field) const;
    QList<int> effectiveMapping(const QStringList &header, int fields) const;
    void setMapping(QList<int> mapping);
    /// The first record, and the header before it: a record of its own (CSV with a header), or
    /// the names the reader gives (JSON's keys).
    bool readFirst(RecordReader &reader, QStringList *header, Utf8Record *record) const;
    QString refusalText(qint64 line, int field, const QString &column, const QString &error) const;

    orm::Session &m_session;
    const orm::Table &m_table;
    ImportOptions m_options;
    QList<int> m_mapping;
    /// By column: the relationship whose parent a mapped foreign key names, looked up by key or
    /// label (nullptr for any other column).
    QList<const orm::Relationship *> m_references;
    int m_keyField = -1; ///< the file's field of the primary key's first column; -1: not mapped
    QString m_keyLabel;  ///< the primary key's columns as a refusal names them ("id")
    QByteArray m_nullTextUtf8;              ///< ImportOptions::nullText as the bytes a field holds
    const RecordReader *m_reader = nullptr; ///< the file being read, for the places it names
    QHash<int, ForeignKeyResolver *> m_resolvers; ///< by column; owned by m_resolverStore
    std::vector<std::unique_ptr<ForeignKeyResolver>> m_resolverStore;
};

} // namespace io
