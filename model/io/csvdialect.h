#pragma once

#include <QByteArray>
#include <QString>

namespace io {

/// How a text file's bytes are characters. Detected from a byte-order mark, else by whether the
/// bytes are valid UTF-8; Latin-1 is the fallback that can read any byte.
enum class Encoding { Utf8, Utf16LE, Utf16BE, Latin1 };

/// The shape of a delimited text file: what separates fields, what quotes them, whether the first
/// record names the columns, and how the bytes are characters. RFC 4180 is {',', '"', header,
/// UTF-8}; a spreadsheet's tab-separated text is {'\t', '"', …}.
struct CsvDialect {
    char delimiter = ',';
    char quote = '"';
    bool header = true;
    Encoding encoding = Encoding::Utf8;
    bool byteOrderMark = false; ///< the file starts with one (skipped when reading)
};

/// What detectDialect() found, with what the user should know about it.
struct DialectGuess {
    CsvDialect dialect;
    /// Why the file cannot be read as text at all (a binary file, an empty file); empty otherwise.
    QString error;
    /// Something the user should see but that does not stop the import ("not UTF-8: read as
    /// Latin-1"); empty when there is nothing to say.
    QString note;
};

/// Guesses the dialect from the first bytes of a file (a sample of 64 KiB is plenty: the guess
/// only looks at whole lines). `atEnd` tells that the sample is the whole file, so its last line is
/// complete. The guess is a starting point the import dialog lets the user change.
DialectGuess detectDialect(const QByteArray &sample, bool atEnd);

/// The number of bytes of the byte-order mark `dialect` expects at the start of the file.
int byteOrderMarkSize(const CsvDialect &dialect);

/// "UTF-8", "UTF-16 (little-endian)", "Latin-1 (ISO 8859-1)".
QString encodingName(Encoding encoding);

} // namespace io
