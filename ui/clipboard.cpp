#include "clipboard.h"

#include "cellpresenter.h"
#include "edithistory.h"
#include "recordtablemodel.h"

#include "io/csvreader.h"
#include "io/csvwriter.h"
#include "io/foreignkeyresolver.h"
#include "io/tableexport.h"
#include "orm/relationship.h"
#include "orm/session.h"
#include "orm/valueinput.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QMimeData>
#include <QSet>
#include <map>

namespace ui::clipboard {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::clipboard", text);
}

QByteArray delimited(const QList<QStringList> &rows, io::TextFormat format) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    io::CsvWriter::Options options;
    options.format = format;
    options.nullText = QStringLiteral(""); // an empty cell: what a spreadsheet pastes back as empty
    io::CsvWriter writer(&buffer, options);
    for (const QStringList &row : rows) {
        QList<io::Cell> cells;
        for (const QString &text : row)
            cells << (text.isEmpty() ? io::Cell::null() : io::Cell::ofText(text));
        writer.writeRow(cells);
    }
    (void)writer.finish();
    return buffer.data();
}

QString html(const QList<QStringList> &rows, bool headers) {
    QString out = QStringLiteral("<meta charset=\"utf-8\"><table>");
    for (qsizetype r = 0; r < rows.size(); ++r) {
        out += QLatin1String("<tr>");
        const QString cell = headers && r == 0 ? QStringLiteral("th") : QStringLiteral("td");
        for (const QString &text : rows.at(r))
            out += QStringLiteral("<%1>%2</%1>").arg(cell, text.toHtmlEscaped());
        out += QLatin1String("</tr>");
    }
    return out + QLatin1String("</table>");
}

/// The clipboard's block: tab-separated as spreadsheets copy it (quoted where a cell holds a line
/// break), else CSV; text with a stray quote is split on tabs and line ends as it stands.
QList<QStringList> blockOf(const QMimeData *data) {
    QByteArray bytes = data->text().toUtf8();
    io::CsvDialect dialect;
    dialect.header = false;
    dialect.delimiter = '\t';
    if (!bytes.contains('\t') && data->hasFormat(QStringLiteral("text/csv"))) {
        bytes = data->data(QStringLiteral("text/csv"));
        dialect.delimiter = ',';
    }
    QList<QStringList> rows;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    io::CsvReader reader(&buffer, dialect);
    io::CsvRecord record;
    bool ragged = false;
    while (reader.next(&record)) {
        ragged = ragged || !record.problem.isEmpty();
        rows << record.fields;
    }
    if (!reader.error().isError() && !ragged)
        return rows;
    rows.clear();
    QString text = QString::fromUtf8(bytes);
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    for (const QString &line : text.split(QLatin1Char('\n')))
        rows << line.split(QLatin1Char(dialect.delimiter));
    return rows;
}

QString readOnlyReason(const orm::Table &table, int column) {
    if (table.isReadOnly())
        return table.readOnlyReason();
    const orm::Column &c = table.column(column);
    if (!c.readOnlyReason.isEmpty())
        return c.readOnlyReason;
    if (c.generated)
        return tr("the database computes it");
    return tr("it cannot be edited");
}

} // namespace

QMimeData *mimeFor(const RecordModel &model, const QModelIndexList &cells, CopyMode mode,
                   bool headers) {
    std::map<int, int> rowIndex;
    std::map<int, int> columnIndex;
    QSet<QPair<int, int>> selected;
    for (const QModelIndex &index : cells) {
        rowIndex.emplace(index.row(), 0);
        columnIndex.emplace(index.column(), 0);
        selected.insert({index.row(), index.column()});
    }
    QList<QStringList> rows;
    if (headers) {
        QStringList names;
        for (const auto &[column, unused] : columnIndex)
            names << (mode == CopyMode::Raw ? model.table().column(column).name
                                            : model.headerData(column, Qt::Horizontal).toString());
        rows << names;
    }
    for (const auto &[row, unused] : rowIndex) {
        const orm::RecordPtr record = model.record(row);
        QStringList texts;
        for (const auto &[column, unusedColumn] : columnIndex) {
            if (!selected.contains({row, column}) || !record) {
                texts << QString();
            } else if (mode == CopyMode::Raw) {
                texts << io::TableExporter::cellFor(model.table().column(column),
                                                    record->value(column))
                             .text;
            } else {
                // The whole text (the cell shows only the start of a long one), and a parent
                // that shares its label with the key that tells it apart, as the cell shows it.
                texts << model.shownText(row, column);
            }
        }
        rows << texts;
    }
    auto *data = new QMimeData;
    data->setText(QString::fromUtf8(delimited(rows, io::TextFormat::Tsv)));
    data->setData(QStringLiteral("text/csv"), delimited(rows, io::TextFormat::Csv));
    data->setHtml(html(rows, headers));
    return data;
}

bool isOneCell(const QMimeData *data) {
    const QList<QStringList> block = blockOf(data);
    return block.size() == 1 && block.first().size() == 1;
}

bool planPaste(orm::Session &session, const RecordModel &model, const QModelIndex &anchor,
               const QMimeData *data, PastePlan *plan, QString *error) {
    const orm::Table &table = model.table();
    const QList<QStringList> block = blockOf(data);
    qsizetype cellCount = 0;
    int width = 0;
    for (const QStringList &row : block) {
        cellCount += row.size();
        width = qMax(width, int(row.size()));
    }
    if (block.isEmpty() || cellCount == 0) {
        *error = tr("The clipboard holds nothing to paste.");
        return false;
    }
    if (cellCount > MaxPastedCells) {
        *error =
            tr("The clipboard holds %L1 cells; a paste takes at most %L2. Import them as a CSV "
               "file instead (File \u2192 Import CSV or JSON\u2026).")
                .arg(cellCount)
                .arg(MaxPastedCells);
        return false;
    }
    const int firstRow = anchor.isValid() ? anchor.row() : model.rowCount();
    const int firstColumn = anchor.isValid() ? anchor.column() : 0;
    if (firstColumn + width > table.columnCount()) {
        *error = tr("The clipboard holds %1 columns; from %2 on, %3 has only %4.")
                     .arg(width)
                     .arg(table.column(firstColumn).displayLabel(), table.displayLabel())
                     .arg(table.columnCount() - firstColumn);
        return false;
    }
    *plan = PastePlan();
    plan->rows = int(block.size());
    plan->columns = width;
    const auto cellName = [&](int r, int column) {
        return tr("Row %1, column %2")
            .arg(firstRow + r + 1)
            .arg(table.column(column).displayLabel());
    };
    for (int r = 0; r < block.size(); ++r) {
        const int row = firstRow + r;
        orm::RecordPtr record = row < model.rowCount() ? model.record(row) : nullptr;
        if (record && record->isMarkedForDelete()) {
            *error = tr("Row %1 is marked for delete: it takes no values.").arg(row + 1);
            return false;
        }
        if (record)
            plan->existing << record;
        else
            ++plan->newRows;
    }
    if (plan->newRows > 0 && table.isReadOnly()) {
        *error = tr("%1 is read-only (%2): no rows can be added.")
                     .arg(table.displayLabel(), table.readOnlyReason());
        return false;
    }

    // Foreign keys first, a column at a time: a bounded number of queries for the whole block.
    QHash<int, std::shared_ptr<io::ForeignKeyResolver>> resolvers;
    for (int j = 0; j < width; ++j) {
        const int column = firstColumn + j;
        const orm::Relationship *relationship = table.relationshipForColumn(column);
        if (!relationship || !table.foreignKey(column) || table.foreignKey(column)->isComposite())
            continue;
        auto resolver = std::make_shared<io::ForeignKeyResolver>(session, *relationship,
                                                                 io::ForeignKeyInput::KeyOrLabel);
        resolver->setKeepRecords(true);
        QStringList texts;
        for (const QStringList &row : block) {
            if (j < row.size() && !row.at(j).trimmed().isEmpty())
                texts << row.at(j).trimmed();
        }
        if (!resolver->resolve(texts)) {
            *error = resolver->error();
            return false;
        }
        resolvers.insert(column, resolver);
    }

    for (int r = 0; r < block.size(); ++r) {
        const int row = firstRow + r;
        const bool isNew = row >= model.rowCount();
        for (int j = 0; j < block.at(r).size(); ++j) {
            const int column = firstColumn + j;
            const QString text = block.at(r).at(j);
            const orm::Column &c = table.column(column);
            const bool editable =
                isNew ? (c.isWritable() && !table.isReadOnly())
                      : bool(model.loadedFlags(model.index(row, column)) & Qt::ItemIsEditable);
            if (!editable) {
                if (isNew && text.trimmed().isEmpty())
                    continue; // nothing given for a column the database fills in
                *error = tr("%1 is read-only: %2.")
                             .arg(cellName(r, column), readOnlyReason(table, column));
                return false;
            }
            PastePlan::Cell cell;
            cell.rowInBlock = r;
            cell.column = column;
            if (const auto resolver = resolvers.value(column)) {
                cell.isReference = true;
                const QString trimmed = text.trimmed();
                if (!trimmed.isEmpty()) {
                    const io::ForeignKeyResolver::Match match = resolver->match(trimmed);
                    if (!match.isValid()) {
                        *error = tr("%1: %2").arg(cellName(r, column), match.error);
                        return false;
                    }
                    cell.parent = match.newParent ? match.newParent : match.record;
                } else if (!table.relationshipForColumn(column)->foreignKeyNullable()) {
                    *error = tr("%1 cannot be empty.").arg(cellName(r, column));
                    return false;
                }
            } else {
                QString refusal;
                if (!orm::values::fromInput(session.dialect(), c, text, &cell.value, &refusal)) {
                    *error = tr("%1: %2").arg(cellName(r, column), refusal);
                    return false;
                }
            }
            plan->cells << cell;
        }
    }
    return true;
}

orm::RecordList applyPaste(orm::Session &session, const RecordModel &model, EditHistory *history,
                           const PastePlan &plan, const QString &step) {
    const orm::Table &table = model.table();
    // New records are made once: a redo after an undo adds the same records again.
    orm::RecordList added;
    for (int i = 0; i < plan.newRows; ++i)
        added << table.createRecord();
    const orm::Relationship *relation = model.relationship();
    const orm::RecordPtr relationParent = model.relationParent();
    const PastePlan kept = plan;
    orm::Session *target = &session;
    const auto apply = [kept, added, relation, relationParent, target, &table] {
        const auto recordOf = [&](int rowInBlock) {
            return rowInBlock < kept.existing.size() ? kept.existing.at(rowInBlock)
                                                     : added.at(rowInBlock - kept.existing.size());
        };
        // New records get their values while still transient, then enter the session.
        for (const PastePlan::Cell &cell : kept.cells) {
            const orm::RecordPtr record = recordOf(cell.rowInBlock);
            if (cell.isReference)
                (void)record->setParent(*table.relationshipForColumn(cell.column), cell.parent);
            else
                (void)record->setValue(cell.column, cell.value);
        }
        for (const orm::RecordPtr &record : added) {
            if (relation && relationParent)
                (void)relationParent->appendChild(*relation, record);
            else
                target->add(record);
        }
    };
    apply();
    if (history) {
        const QString pasted =
            plan.rows * plan.columns == 1
                ? tr("Paste into %1")
                      .arg(table.column(plan.cells.isEmpty() ? 0 : plan.cells.first().column)
                               .displayLabel())
                : tr("Paste %L1 cells").arg(plan.cells.size());
        history->pushBatch(step.isEmpty() ? pasted : step, apply);
    }
    return added;
}

} // namespace ui::clipboard
