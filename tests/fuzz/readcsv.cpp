#include "readcsv.h"

#include "io/csvdialect.h"
#include "io/csvreader.h"
#include "io/csvwriter.h"
#include "io/jsonreader.h"

#include <QBuffer>

namespace shelffuzz {

namespace {

// Small limits, so that the fuzzer reaches them with short inputs.
io::CsvLimits fuzzLimits() {
    io::CsvLimits limits;
    limits.maxFieldBytes = 4096;
    limits.maxFields = 64;
    return limits;
}

QString roundTrip(const QStringList &fields) {
    // One NULL field alone is a blank line, which readers skip: nothing to compare.
    if (fields.size() == 1 && fields.first().isNull())
        return {};
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    io::CsvWriter writer(&out, {});
    QList<io::Cell> cells;
    for (const QString &field : fields)
        cells << (field.isNull() ? io::Cell::null() : io::Cell::ofText(field));
    writer.writeRow(cells);
    if (!writer.finish())
        return QStringLiteral("the writer failed");
    QBuffer in;
    in.setData(out.data());
    in.open(QIODevice::ReadOnly);
    io::CsvReader reader(&in, {}, io::CsvLimits{1 << 30, 1 << 20});
    io::CsvRecord record;
    if (!reader.next(&record))
        return QStringLiteral("nothing read back: ") + reader.error().message;
    if (record.fields.size() != fields.size())
        return QStringLiteral("%1 fields read back, %2 written")
            .arg(record.fields.size())
            .arg(fields.size());
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (record.fields.at(i) != fields.at(i) ||
            record.fields.at(i).isNull() != fields.at(i).isNull())
            return QStringLiteral("field %1 read back differently").arg(i + 1);
    }
    if (reader.next(&record))
        return QStringLiteral("an extra record read back");
    return {};
}

void readWith(const QByteArray &bytes, const io::CsvDialect &dialect, CsvOutcome *outcome,
              bool checkRoundTrip) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    io::CsvReader reader(&buffer, dialect, fuzzLimits());
    io::CsvRecord record;
    while (reader.next(&record)) {
        ++outcome->records;
        if (!record.problem.isEmpty()) {
            ++outcome->recordProblems;
            continue;
        }
        if (checkRoundTrip && outcome->roundTripMismatch.isEmpty())
            outcome->roundTripMismatch = roundTrip(record.fields);
    }
    if (reader.error().isError() && outcome->readError.isEmpty())
        outcome->readError = reader.error().message;
}

/// A JSON record written back by the JSON writer and read again: the same texts and NULLs.
QString jsonRoundTrip(const QStringList &names, const QStringList &fields) {
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    io::CsvWriter::Options options;
    options.format = io::TextFormat::Json;
    io::CsvWriter writer(&out, options);
    writer.writeHeader(names);
    QList<io::Cell> cells;
    for (const QString &field : fields)
        cells << (field.isNull() ? io::Cell::null() : io::Cell::ofText(field));
    writer.writeRow(cells);
    if (!writer.finish())
        return QStringLiteral("the JSON writer failed");
    QBuffer in;
    in.setData(out.data());
    in.open(QIODevice::ReadOnly);
    io::JsonReader reader(&in, io::JsonLayout::Array, io::CsvLimits{1 << 30, 1 << 20});
    io::CsvRecord record;
    if (!reader.next(&record))
        return QStringLiteral("JSON: nothing read back: ") + reader.error().message;
    if (!record.problem.isEmpty())
        return QStringLiteral("JSON: read back refused: ") + record.problem;
    if (reader.fieldNames() != names)
        return QStringLiteral("JSON: other keys read back");
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (record.fields.value(i) != fields.at(i) ||
            record.fields.value(i).isNull() != fields.at(i).isNull())
            return QStringLiteral("JSON: key %1 read back differently").arg(names.value(i));
    }
    return {};
}

void readJson(const QByteArray &bytes, io::JsonLayout layout, CsvOutcome *outcome) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    io::JsonReader reader(&buffer, layout, fuzzLimits());
    io::CsvRecord record;
    while (reader.next(&record)) {
        ++outcome->jsonRecords;
        if (!record.problem.isEmpty()) {
            ++outcome->jsonProblems;
            continue;
        }
        if (outcome->roundTripMismatch.isEmpty())
            outcome->roundTripMismatch = jsonRoundTrip(reader.fieldNames(), record.fields);
    }
    if (reader.error().isError() && outcome->jsonError.isEmpty())
        outcome->jsonError = reader.error().message;
}

} // namespace

CsvOutcome readCsv(const QByteArray &bytes) {
    CsvOutcome outcome;
    const io::DialectGuess guess = io::detectDialect(bytes, true);
    outcome.dialectError = guess.error;
    if (guess.error.isEmpty())
        readWith(bytes, guess.dialect, &outcome, true);
    readWith(bytes, io::CsvDialect{}, &outcome, true);
    readJson(bytes, io::JsonLayout::Array, &outcome);
    readJson(bytes, io::JsonLayout::Lines, &outcome);
    return outcome;
}

} // namespace shelffuzz
