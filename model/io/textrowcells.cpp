#include "textrowcells.h"

#include "tableexport.h"
#include "utf8.h"

#include "orm/table.h"

namespace io {

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
