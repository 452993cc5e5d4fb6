#pragma once

#include <QByteArray>
#include <QString>

namespace shelffuzz {

/// What reading one input as CSV (and as JSON) did (issue 14's fuzz target).
struct CsvOutcome {
    QString dialectError; ///< detectDialect() refused the input (empty, binary)
    QString readError;    ///< the reader stopped (a stray or unclosed quote, a field too long)
    qint64 records = 0;
    qint64 recordProblems = 0;
    QString jsonError;      ///< the JSON reader stopped (not an array, a bracket left open)
    qint64 jsonRecords = 0; ///< records the JSON reader gave, in either layout
    qint64 jsonProblems = 0;
    /// A record written back by CsvWriter and read again came back different: a bug in one of
    /// the two. Empty when every record round-tripped.
    QString roundTripMismatch;
};

/// Detects the input's dialect, reads every record with it (and with plain RFC 4180), writes each
/// record without a problem back as CSV and reads it again, checking that the fields (and which of
/// them are NULL) are the same. Then reads the input as JSON (an array, and JSON Lines) and checks
/// each good record the same way through the JSON writer Export uses.
CsvOutcome readCsv(const QByteArray &bytes);

} // namespace shelffuzz
