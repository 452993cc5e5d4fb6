#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

namespace io {

struct CsvRecord;

/// One record of a file as UTF-8: its fields' bytes one after another in one buffer. What the
/// import reads: a number or a plain text goes from these bytes into the row store without a
/// QString per field (issue 14); text() decodes a field where a QString is needed. A reader that
/// is handed the same record again refills its buffers, so a file of a million records costs no
/// allocation per record.
struct Utf8Record {
    qint64 line = 0; ///< as CsvRecord::line
    QString problem; ///< as CsvRecord::problem
    int problemField = -1;

    int size() const { return int(m_fields.size()); }
    bool isEmpty() const { return m_fields.empty(); }
    /// True for an empty unquoted field (`a,,b`), which the import reads as NULL.
    bool isNull(int field) const { return m_fields[size_t(field)].size < 0; }
    /// The field's bytes (empty for NULL).
    QByteArrayView bytes(int field) const {
        const Field &f = m_fields[size_t(field)];
        return f.size <= 0 ? QByteArrayView() : QByteArrayView(m_bytes.data() + f.start, f.size);
    }
    /// The field as CsvRecord::fields holds it: a null QString for NULL, empty text for a quoted
    /// empty field, a byte-order mark inside the text kept as the character U+FEFF.
    QString text(int field) const;
    QStringList texts() const;

    /// Empties the record, keeping its buffers for the next one.
    void clear();
    void appendNull() { m_fields.push_back(Field{qsizetype(m_bytes.size()), -1}); }
    void append(QByteArrayView bytes);
    void reserve(int fields) { m_fields.reserve(size_t(fields)); }
    /// The record with `record`'s fields as UTF-8 (a reader that decodes its fields, JSON's).
    void assign(const CsvRecord &record);
    /// This record as CsvRecord gives it.
    CsvRecord toCsvRecord() const;

    /// A field's bytes as text, as text() decodes them.
    static QString decode(QByteArrayView bytes);

private:
    struct Field {
        qsizetype start;
        qsizetype size; ///< -1: NULL
    };
    std::string m_bytes;
    std::vector<Field> m_fields;
};

} // namespace io
