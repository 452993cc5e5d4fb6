#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

class QIODevice;

namespace io {

/// What a file is written as.
enum class TextFormat {
    Csv,  ///< RFC 4180: comma-separated, CR LF line ends, quoted where needed
    Tsv,  ///< tab-separated, quoted where needed (what spreadsheets put on the clipboard)
    Json, ///< an array of objects, one per row, keyed by column name
};

/// One value to write: its text, and what it is, so JSON can write numbers as numbers and NULL as
/// null (CSV writes the NULL text for it).
struct Cell {
    enum class Kind { Null, Text, Number, Boolean };
    Kind kind = Kind::Null;
    QString text;

    static Cell null() { return {}; }
    static Cell ofText(const QString &text) { return {Kind::Text, text}; }
};

/// A cell given as UTF-8 text rather than as a QString: a value read as text and written as it
/// came (PostgreSQL's, issue 14). CSV and TSV only: JSON needs what kind of value it is.
struct Utf8Cell {
    bool null = false;
    QByteArrayView text; ///< valid UTF-8, the text the Cell's QString would hold
};

/// Writes rows to a device as CSV, TSV or JSON, buffered in 64 KiB steps (memory stays bounded
/// however many rows go through). In CSV and TSV a field is quoted when it holds the delimiter, a
/// quote, a line break, leading or trailing space, or when it is empty text while NULL is written
/// as nothing — so that reading it back tells the two apart.
class CsvWriter {
public:
    struct Options {
        TextFormat format = TextFormat::Csv;
        bool byteOrderMark = false; ///< UTF-8 BOM first, for spreadsheet programs (CSV and TSV)
        QString nullText;           ///< what NULL is written as in CSV and TSV
    };

    CsvWriter(QIODevice *device, Options options);
    ~CsvWriter();
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    /// The column names: a header line in CSV and TSV, the keys of each object in JSON. Call once,
    /// before the rows (JSON needs it).
    void writeHeader(const QStringList &names);
    void writeRow(const QList<Cell> &cells);
    /// The same row given as UTF-8 (CSV and TSV): the same bytes as writeRow() of its QStrings,
    /// without making them.
    void writeRow(const QList<Utf8Cell> &cells);
    /// Writes what is buffered and closes the JSON array. False with errorString() when the
    /// device refused a write (a full disk).
    [[nodiscard]] bool finish();
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    /// One field as CSV or TSV writes it (quoted if needed).
    static QString quoteField(const QString &text, char delimiter, bool quoteEmpty);

private:
    /// The byte-order mark, before the first line of CSV or TSV.
    void startDelimited();
    void appendDelimited(const QList<Cell> &cells, bool header);
    void appendJson(const QList<Cell> &cells);
    void flushIfFull();
    bool flushBuffer();

    QIODevice *m_device;
    Options m_options;
    QByteArray m_nullUtf8; ///< m_options.nullText as UTF-8
    QStringList m_names;   ///< JSON keys, already escaped and quoted
    QByteArray m_buffer;
    bool m_firstRow = true;
    bool m_started = false;
    QString m_error;
};

} // namespace io
