// The commit of rows kept as cells, with nothing else staged: each row written from its cells
// (an INSERT a row, or COPY), no plan and no record; the session applies the outcome to memory.

#include "newrowscommit.h"

#include "copytext.h"
#include "flushplanner.h"
#include "newrows.h"

#include <QVarLengthArray>

namespace orm {

namespace {

/// Rows a COPY sends at most: its text is a few MB, not a million rows' worth.
constexpr qsizetype CopyRows = 20000;

} // namespace

NewRowsCommit::NewRowsCommit(Session &session)
    : m_session(session)
    , m_copies(session.m_dialect->writeBatchRows() > 1)
    , m_shapes(*session.m_dialect) {
}

bool NewRowsCommit::run() {
    if (m_copies && (!m_session.m_dialect->copiesRows() ||
                     !(m_copy = PostgresCopy::forDatabase(m_session.database()))))
        return false;
    if (!takesEveryTable() || !m_session.beginTransaction())
        return false;
    bool ok = true;
    for (const UnitOfWork::PendingRows &entry : m_session.m_work.newRows()) {
        ok = write(*entry.rows);
        if (!ok)
            break;
    }
    if (!ok || !m_session.m_transaction.commit()) {
        m_session.m_transaction.rollback(); // (a refused COMMIT has rolled back already)
        return false;
    }
    return true;
}

bool NewRowsCommit::takesEveryTable() const {
    // Rows that a plan would write as they are, in their order: still cells (records made of
    // them meanwhile are the plan's), of a table that takes writes, referring to no row of their
    // own table (a plan puts such parents first)
    for (const UnitOfWork::PendingRows &entry : m_session.m_work.newRows()) {
        const Table &table = entry.rows->table();
        if (entry.rows->holdsRecords() || table.isReadOnly() ||
            (m_copies && table.isInsertOnly()) || refersToItself(table))
            return false;
    }
    return true;
}

bool NewRowsCommit::write(const NewRows &rows) {
    const Table &table = rows.table();
    const bool storesNul = m_session.m_dialect->storesNulInText();
    // A row writes the columns a planned INSERT writes (insertWrites()): one statement shape
    // per pattern of NULLs in the columns a DEFAULT fills
    QList<int> defaulted;
    for (int column = 0; column < table.columnCount(); ++column) {
        if (table.column(column).isWritable() && table.column(column).hasDatabaseDefault())
            defaulted.append(column);
    }
    QVarLengthArray<bool, 8> nulls(defaulted.size()), lastNulls;
    QList<int> columns;
    bool ok = true;
    for (qsizetype row = 0; ok && row < rows.size(); ++row) {
        for (qsizetype i = 0; i < defaulted.size(); ++i)
            nulls[i] = rows.isNull(row, defaulted.at(i));
        if (row == 0 || nulls != lastNulls) {
            // The rows before go with their own columns; refused, the rows after are not sent
            if (!sendCopy()) {
                ok = false;
                break;
            }
            lastNulls = nulls;
            columns.clear();
            for (int column = 0; column < table.columnCount(); ++column) {
                const qsizetype at = defaulted.indexOf(column);
                if (insertWrites(table.column(column), at >= 0 && nulls[at]))
                    columns.append(column);
            }
            ok = !m_copies || !columns.isEmpty(); // (a row of DEFAULTs is no COPY row)
            m_statement = m_copies ? m_shapes.copyShape(table, columns)
                                   : m_shapes.insertShape(table, columns);
        }
        for (qsizetype i = 0; ok && i < columns.size(); ++i) {
            const int column = columns.at(i);
            Error::Reason reason;
            QString problem;
            ok = newCellWritable(table.column(column), rows.store(), rows.slot(row), column,
                                 storesNul, &reason, &problem);
            // COPY's text of a value that is certainly what an INSERT of it would store
            if (ok && m_copies) {
                ok = copytext::appendField(&m_copyText, m_statement.copyTypes.at(i),
                                           rows.value(row, column));
                m_copyText.append(i + 1 < columns.size() ? '\t' : '\n');
            }
        }
        if (!ok)
            break;
        if (m_copies) {
            if (++m_copyRows == CopyRows)
                ok = sendCopy();
        } else {
            Session::WriteResult outcome;
            ok = m_session.executeWrite(m_statement.sql, rows.cells(row, columns), &table,
                                        int(m_statement.returnedColumns.size()), &outcome);
        }
    }
    return ok && sendCopy();
}

bool NewRowsCommit::sendCopy() {
    if (m_copyRows == 0)
        return true;
    m_session.logStatement(m_statement.sql, {});
    QSqlError error;
    const bool sent = m_copy->ready() && m_copy->copy(m_statement.sql, m_copyText, &error);
    m_copyText.resize(0); // keeps its capacity for the next rows
    m_copyRows = 0;
    return sent;
}

} // namespace orm
