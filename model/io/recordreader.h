#pragma once

#include "utf8record.h"

#include <QString>
#include <QStringList>

namespace io {

/// Bounds that keep a hostile file from taking the machine's memory.
struct CsvLimits {
    qsizetype maxFieldBytes = 32 * 1024 * 1024; ///< a longer field stops the read
    int maxFields = 4096;                       ///< fields in one record
};

/// One record of the file. A field is a null QString when it was empty and unquoted (`a,,b`):
/// the import reads that as NULL, and a quoted empty field (`a,"",b`) as empty text.
struct CsvRecord {
    qint64 line = 0;    ///< the line the record starts on, from 1 (JSON: the record's number)
    QStringList fields; ///< as decoded, quotes removed
    /// Why this record cannot be used although the file goes on (a field count that differs from
    /// the first record's, invalid UTF-8, a NUL character); empty when the record is fine.
    QString problem;
    int problemField = -1; ///< the field the problem is in (0-based), -1 for the whole record
};

/// Why reading stopped before the end of the file. `line` and `field` (from 1) name the place
/// (for JSON: the record and 0).
struct CsvError {
    qint64 line = 0;
    int field = 0; ///< 0 when the error is not in one field
    QString message;
    bool isError() const { return !message.isEmpty(); }
};

/// What the import reads a file through, one record at a time, whatever its format: CsvReader
/// for delimited text, JsonReader for JSON. The import (CsvImporter) maps, checks and stages the
/// records the same way for both.
class RecordReader {
public:
    virtual ~RecordReader() = default;

    /// The next record; false at the end of the file or when reading stopped (see error()).
    virtual bool next(CsvRecord *record) = 0;
    /// The next record as UTF-8 bytes, what the import reads. This default makes them from next()'s
    /// texts; CsvReader gives the bytes it parsed, with no QString made.
    virtual bool nextUtf8(Utf8Record *record);
    virtual const CsvError &error() const = 0;
    /// Bytes consumed from the device so far, for a progress bar.
    virtual qint64 bytesRead() const = 0;
    /// The fields' names when the format names them in every record (JSON's keys), known once
    /// the first record is read; empty for CSV, whose header is a record of its own.
    virtual QStringList fieldNames() const { return {}; }
    /// Where a field is, for a message: "Line 3, column 2" or "Record 3, key "year"".
    /// `record` is CsvRecord::line, `field` from 1.
    virtual QString place(qint64 record, int field) const = 0;
};

} // namespace io
