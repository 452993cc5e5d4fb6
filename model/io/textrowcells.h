#pragma once

#include "csvwriter.h"

#include "orm/postgresreader.h"

#include <vector>

namespace orm {
class Table;
}

namespace io {

/// The cells TableExporter::cellFor() makes of a row's values, made from the row as PostgreSQL's
/// text (orm::readRowsAsText()) and given to CsvWriter as UTF-8: text and integers are written
/// as the server sent them, with no QVariant and no QString per value (issue 14), and so are reals
/// whose text is Qt's shortest form of their double ("12.5", not "1e-07" or "0.30000000000000004").
/// Where the server's text is not the cell's — other reals, dates, bytea, a truth value, an
/// integer in a boolean column, text that is not valid UTF-8 — the value is made as readRows()
/// makes it and goes through cellFor(), so every cell is the same bytes either way.
class TextRowCells {
public:
    /// `columns`: the table's columns written, in order.
    TextRowCells(const orm::Table &table, QList<int> columns);

    /// The cells of `row`, valid until the next call.
    const QList<Utf8Cell> &cellsOf(const orm::PostgresReader::TextRow &row);

private:
    Utf8Cell cellOf(const orm::PostgresReader::TextRow &row, int column, QByteArray &converted);
    /// The cell through the value, as readRows() and cellFor() make it.
    Utf8Cell convertedCell(const orm::PostgresReader::TextRow &row, int column,
                           QByteArray &converted) const;

    const orm::Table &m_table;
    QList<int> m_columns;
    QList<Utf8Cell> m_cells;
    std::vector<QByteArray> m_converted; ///< per cell, the UTF-8 of a converted value
};

} // namespace io
