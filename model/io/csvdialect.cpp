#include "csvdialect.h"

#include "utf8.h"

#include <QCoreApplication>
#include <QList>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QStringList>
#include <csv.h>

namespace io {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("io::CsvDialect", text);
}

constexpr int RecordsLooked = 50;

/// Fields per record of the first records of `text` (UTF-8) split by `delimiter`, and the first
/// two records' fields (for the header guess). libcsv splits them, as the reader will.
struct SampleShape {
    QList<int> fieldCounts;
    QList<QStringList> firstRecords;
};

struct ShapeState {
    SampleShape *shape;
    QStringList fields;
    int count = 0;
};

SampleShape shapeOf(const QByteArray &text, char delimiter, char quote) {
    SampleShape shape;
    csv_parser parser;
    if (csv_init(&parser, 0) != 0)
        return shape;
    csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
    csv_set_quote(&parser, static_cast<unsigned char>(quote));
    ShapeState state{&shape, {}, 0};
    const auto onField = [](void *data, size_t size, void *user) {
        auto *s = static_cast<ShapeState *>(user);
        ++s->count;
        if (s->shape->firstRecords.size() < 2)
            s->fields << QString::fromUtf8(static_cast<const char *>(data), qsizetype(size));
    };
    const auto onRecord = [](int, void *user) {
        auto *s = static_cast<ShapeState *>(user);
        if (s->shape->fieldCounts.size() < RecordsLooked)
            s->shape->fieldCounts << s->count;
        if (s->shape->firstRecords.size() < 2)
            s->shape->firstRecords << s->fields;
        s->fields.clear();
        s->count = 0;
    };
    csv_parse(&parser, text.constData(), size_t(text.size()), onField, onRecord, &state);
    csv_fini(&parser, onField, onRecord, &state);
    csv_free(&parser);
    return shape;
}

/// How well `delimiter` explains the sample: the share of records with the most common field
/// count, weighted towards more fields. 0 when it splits nothing.
double score(const SampleShape &shape) {
    if (shape.fieldCounts.isEmpty())
        return 0;
    QHash<int, int> frequency;
    for (int count : shape.fieldCounts)
        ++frequency[count];
    int modal = 0;
    int modalCount = 0;
    for (auto it = frequency.cbegin(); it != frequency.cend(); ++it) {
        if (it.value() > modalCount || (it.value() == modalCount && it.key() > modal))
            modal = it.key(), modalCount = it.value();
    }
    if (modal < 2)
        return 0;
    return double(modalCount) / double(shape.fieldCounts.size()) + modal * 1e-3;
}

bool looksLikeData(const QString &field) {
    static const QRegularExpression number(
        QStringLiteral("^\\s*[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][+-]?\\d+)?\\s*$"));
    static const QRegularExpression date(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}"));
    return field.trimmed().isEmpty() || number.match(field).hasMatch() ||
           date.match(field).hasMatch();
}

/// A first record is a header when its fields are distinct names, none of them a number or a
/// date, and (when there is a second record) some column holds a number or date below it — or
/// the whole file is text, where a header is the common case.
bool guessHeader(const SampleShape &shape) {
    if (shape.firstRecords.isEmpty())
        return false;
    const QStringList &first = shape.firstRecords.first();
    QSet<QString> seen;
    for (const QString &field : first) {
        if (looksLikeData(field) || seen.contains(field.trimmed()))
            return false;
        seen.insert(field.trimmed());
    }
    return true;
}

bool looksBinary(QByteArrayView bytes) {
    const qsizetype looked = qMin<qsizetype>(bytes.size(), 4096);
    qsizetype control = 0;
    for (qsizetype i = 0; i < looked; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            ++control;
    }
    // Text has next to no control characters; an image or a database file is full of them.
    return looked > 0 && control * 10 > looked;
}

/// UTF-16 without a byte-order mark: every other byte of ASCII-heavy text is zero.
std::optional<Encoding> utf16WithoutMark(QByteArrayView bytes) {
    const qsizetype looked = qMin<qsizetype>(bytes.size(), 4096) & ~qsizetype(1);
    if (looked < 4)
        return std::nullopt;
    qsizetype evenZero = 0;
    qsizetype oddZero = 0;
    for (qsizetype i = 0; i < looked; i += 2) {
        evenZero += bytes[i] == 0;
        oddZero += bytes[i + 1] == 0;
    }
    const qsizetype pairs = looked / 2;
    if (oddZero * 10 > pairs * 7 && evenZero * 10 < pairs)
        return Encoding::Utf16LE;
    if (evenZero * 10 > pairs * 7 && oddZero * 10 < pairs)
        return Encoding::Utf16BE;
    return std::nullopt;
}

} // namespace

int byteOrderMarkSize(const CsvDialect &dialect) {
    if (!dialect.byteOrderMark)
        return 0;
    return dialect.encoding == Encoding::Utf8 ? 3 : dialect.encoding == Encoding::Latin1 ? 0 : 2;
}

QString encodingName(Encoding encoding) {
    switch (encoding) {
    case Encoding::Utf8:
        return QStringLiteral("UTF-8");
    case Encoding::Utf16LE:
        return tr("UTF-16 (little-endian)");
    case Encoding::Utf16BE:
        return tr("UTF-16 (big-endian)");
    case Encoding::Latin1:
        return tr("Latin-1 (ISO 8859-1)");
    }
    return {};
}

DialectGuess detectDialect(const QByteArray &sample, bool atEnd) {
    DialectGuess guess;
    CsvDialect &dialect = guess.dialect;
    QByteArrayView bytes(sample);
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        dialect.encoding = Encoding::Utf8;
        dialect.byteOrderMark = true;
    } else if (bytes.startsWith("\xFF\xFE")) {
        dialect.encoding = Encoding::Utf16LE;
        dialect.byteOrderMark = true;
    } else if (bytes.startsWith("\xFE\xFF")) {
        dialect.encoding = Encoding::Utf16BE;
        dialect.byteOrderMark = true;
    } else if (const auto utf16 = utf16WithoutMark(bytes)) {
        dialect.encoding = *utf16;
    }
    bytes = bytes.sliced(byteOrderMarkSize(dialect));

    QByteArray text; // the sample as UTF-8, what the delimiter guess reads
    if (dialect.encoding == Encoding::Utf16LE || dialect.encoding == Encoding::Utf16BE) {
        QStringDecoder decoder(dialect.encoding == Encoding::Utf16LE ? QStringDecoder::Utf16LE
                                                                     : QStringDecoder::Utf16BE);
        text = QString(decoder(bytes)).toUtf8();
    } else {
        if (bytes.trimmed().isEmpty()) {
            if (atEnd)
                guess.error = tr("The file is empty.");
            return guess;
        }
        if (looksBinary(bytes)) {
            guess.error = tr("The file is not text (it holds control characters where text has "
                             "none): is it a spreadsheet or a database file rather than CSV?");
            return guess;
        }
        const qsizetype invalid = firstInvalidUtf8(bytes, !atEnd);
        if (invalid >= 0) {
            dialect.encoding = Encoding::Latin1;
            const qsizetype line = bytes.first(invalid).count('\n') + 1;
            guess.note = tr("The file is not UTF-8 (line %1 has a byte UTF-8 does not allow): it "
                            "is read as Latin-1 (ISO 8859-1). Choose another encoding if the text "
                            "looks wrong.")
                             .arg(line);
            text = QString::fromLatin1(bytes).toUtf8();
        } else {
            text = bytes.toByteArray();
        }
    }
    if (text.trimmed().isEmpty() && atEnd) {
        guess.error = tr("The file is empty.");
        return guess;
    }
    // Whole lines only: a record cut off by the end of the sample would count fewer fields.
    if (!atEnd) {
        const qsizetype lastLine = text.lastIndexOf('\n');
        if (lastLine > 0)
            text.truncate(lastLine + 1);
    }

    // The quote: '"' unless the file never uses it and quotes with ''' instead.
    if (!text.contains('"') && text.count('\'') >= 2 &&
        QRegularExpression(QStringLiteral("(^|[,;\\t|])'"))
            .match(QString::fromUtf8(text))
            .hasMatch())
        dialect.quote = '\'';

    SampleShape best;
    double bestScore = 0;
    for (const char candidate : {',', ';', '\t', '|'}) {
        SampleShape shape = shapeOf(text, candidate, dialect.quote);
        const double s = score(shape);
        if (s > bestScore) {
            bestScore = s;
            best = std::move(shape);
            dialect.delimiter = candidate;
        }
    }
    if (bestScore == 0)
        best = shapeOf(text, dialect.delimiter, dialect.quote); // one column
    dialect.header = guessHeader(best);
    return guess;
}

} // namespace io
