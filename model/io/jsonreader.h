#pragma once

#include "recordreader.h"

#include <QByteArray>
#include <QHash>

class QIODevice;

namespace io {

/// How the records are laid out in a JSON file.
enum class JsonLayout {
    Array, ///< one array of objects: [ {…}, {…} ] (what Export writes)
    Lines, ///< JSON Lines: one object after another, one per line (.jsonl, .ndjson)
};

/// Reads a JSON file's objects as records, one at a time, in bounded memory: one 64 KiB chunk of
/// the file and the bytes of one object (at most CsvLimits::maxFieldBytes) are held at a time,
/// never the whole document. The first object's keys name the fields (fieldNames()), in its order;
/// a later object may leave a key out (that field is NULL) or give them in any order, but a key
/// the first object does not have refuses the record, naming the record and key, since no column
/// was mapped to it. JSON null is NULL (a null QString); a string is its text; a number is its
/// text exactly as written (so decimals and 64-bit keys keep every digit); true and false are
/// "true" and "false"; a nested object or array is its JSON text (for a JSON column).
/// A record that is not an object, not valid JSON or not valid UTF-8 is refused with the file
/// going on; text that is not an array of records (a single object, a missing comma, a bracket
/// left open) stops the read with error() naming the record. The file must be UTF-8 (RFC 8259);
/// a byte-order mark is skipped.
class JsonReader : public RecordReader {
public:
    JsonReader(QIODevice *device, JsonLayout layout, CsvLimits limits = {});

    bool next(CsvRecord *record) override;
    const CsvError &error() const override { return m_error; }
    qint64 bytesRead() const override { return m_bytesRead; }
    QStringList fieldNames() const override { return m_names; }
    QString place(qint64 record, int field) const override;

    /// The layout a file's name asks for: .jsonl and .ndjson are JSON Lines, others an array.
    static JsonLayout layoutFor(const QString &fileName);

private:
    /// The next byte, skipping nothing; -1 at the end of the file (or a read error).
    int peek();
    int take();
    /// Skips white space; the next byte (-1 at the end).
    int skipSpace();
    /// The raw bytes of the next value; false (with error()) when the file ends inside it.
    bool readValue(QByteArray *value);
    bool readString(QByteArray *value);
    void parseRecord(const QByteArray &bytes, CsvRecord *record);
    void fail(const QString &message);

    QIODevice *m_device;
    JsonLayout m_layout;
    CsvLimits m_limits;
    QByteArray m_chunk;
    qsizetype m_position = 0;
    qint64 m_bytesRead = 0;
    qint64 m_line = 1; ///< the file's line at m_position, for messages
    qint64 m_records = 0;
    bool m_started = false;
    bool m_done = false;
    QStringList m_names;
    QHash<QString, int> m_fieldOf;
    CsvError m_error;
};

} // namespace io
