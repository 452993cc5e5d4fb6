#include "textrowcells.h"

#include "tableexport.h"
#include "utf8.h"

#include "orm/table.h"

#include <cstdlib>

namespace io {

namespace {

/// True when `text`, a float4 or float8 as PostgreSQL writes it, is byte for byte what cellFor()
/// writes of the double it reads as: QString::number(value, 'g', QLocale::FloatingPointShortest).
/// That holds for a plain decimal ("-12.5", "0.001", "120000") of at most 15 significant digits,
/// written as Qt writes that many digits: without a leading zero but the one before a point, no
/// trailing zero after the point, and fixed rather than with an exponent, which Qt chooses when
/// it is no longer ("0.0001" is "1e-04" to Qt, "100000" is "1e+05"). Its digits then are Qt's:
/// two decimals of 15 significant digits or fewer never read as the same double (DBL_DIG), so no
/// other text as short reads back as it, and Qt's is the shortest that does. Everything else —
/// an exponent, 16 or 17 digits, zero (whose "-0" Qt writes "0"), NaN, ±Infinity — goes through
/// the value.
bool isQtShortestText(QByteArrayView text) {
    qsizetype i = 0;
    const qsizetype size = text.size();
    if (i < size && text[i] == '-')
        ++i;
    const qsizetype integerStart = i;
    while (i < size && text[i] >= '0' && text[i] <= '9')
        ++i;
    const qsizetype integerDigits = i - integerStart;
    if (integerDigits == 0 || (integerDigits > 1 && text[integerStart] == '0'))
        return false;
    const bool integerIsZero = text[integerStart] == '0';
    qsizetype fractionDigits = 0;
    if (i < size && text[i] == '.') {
        const qsizetype fractionStart = ++i;
        while (i < size && text[i] >= '0' && text[i] <= '9')
            ++i;
        fractionDigits = i - fractionStart;
        if (fractionDigits == 0 || text[i - 1] == '0')
            return false;
    }
    if (i != size || (integerIsZero && fractionDigits == 0))
        return false; // an exponent, "NaN", "Infinity"; or zero
    // Qt's digits and decimal point position: 0.d1d2…dn × 10^point
    int digits = 0;
    int point = 0;
    if (integerIsZero) {
        qsizetype zeros = 0;
        while (text[integerStart + 2 + zeros] == '0')
            ++zeros;
        digits = int(fractionDigits - zeros);
        point = int(-zeros);
    } else {
        qsizetype trailingZeros = 0;
        if (fractionDigits == 0) {
            while (text[integerStart + integerDigits - 1 - trailingZeros] == '0')
                ++trailingZeros;
        }
        digits = int(integerDigits - trailingZeros + fractionDigits);
        point = int(integerDigits);
    }
    if (digits > 15)
        return false;
    // Qt's exponent form: [-]d[.ddd]e±XX, at least two digits of exponent
    const qsizetype sign = integerStart;
    const int exponent = std::abs(point - 1);
    const int exponentDigits = exponent >= 100 ? 3 : 2;
    const qsizetype scientific = sign + digits + (digits > 1 ? 1 : 0) + 2 + exponentDigits;
    return size <= scientific;
}

} // namespace

TextRowCells::TextRowCells(const orm::Table &table, QList<int> columns)
    : m_table(table)
    , m_columns(std::move(columns))
    , m_cells(m_columns.size())
    , m_converted(size_t(m_columns.size())) {
}

const QList<Utf8Cell> &TextRowCells::cellsOf(const orm::PostgresReader::TextRow &row) {
    for (qsizetype i = 0; i < m_columns.size(); ++i)
        m_cells[i] = cellOf(row, m_columns.at(i), m_converted[size_t(i)]);
    return m_cells;
}

Utf8Cell TextRowCells::cellOf(const orm::PostgresReader::TextRow &row, int column,
                              QByteArray &converted) {
    using Kind = orm::PostgresReader::TextRow::Kind;
    if (row.isNull(column))
        return {true, {}};
    const QByteArrayView text = row.text(column);
    switch (row.kind(column)) {
    case Kind::Text:
        // cellFor() writes a QString as it is (a Decimal's kind matters to JSON only), and valid
        // UTF-8 is the same bytes through QString — but for what QString::fromUtf8() changes:
        // invalid bytes (U+FFFD) and a leading byte-order mark (dropped)
        if (!text.startsWith("\xEF\xBB\xBF") && firstInvalidUtf8(text) < 0)
            return {false, text};
        break;
    case Kind::Integer:
        // The server's decimal text is QVariant::toString()'s of the number; a boolean column's
        // integer is written as true or false by cellFor()
        if (m_table.column(column).type != orm::ColumnType::Boolean)
            return {false, text};
        break;
    case Kind::Boolean:
        return {false, text == "t" ? QByteArrayView("true") : QByteArrayView("false")};
    case Kind::Real:
        // Most reals' text is the cell's already: no double, no QString (8% of an export's time)
        if (m_table.column(column).type != orm::ColumnType::Boolean && isQtShortestText(text))
            return {false, text};
        break;
    case Kind::Other:
        break;
    }
    return convertedCell(row, column, converted);
}

Utf8Cell TextRowCells::convertedCell(const orm::PostgresReader::TextRow &row, int column,
                                     QByteArray &converted) const {
    const Cell cell = TableExporter::cellFor(m_table.column(column), row.value(column));
    if (cell.kind == Cell::Kind::Null)
        return {true, {}};
    converted = cell.text.toUtf8();
    return {false, converted};
}

} // namespace io
