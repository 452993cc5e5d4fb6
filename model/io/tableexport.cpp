#include "tableexport.h"

#include "textrowcells.h"

#include "orm/namesakes.h"
#include "orm/relationship.h"
#include "orm/rowlabel.h"
#include "orm/statementbuilder.h"
#include "orm/textrows.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>

namespace io {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("io::TableExporter", text);
}

bool isJsonNumber(const QString &text) {
    static const QRegularExpression number(
        QStringLiteral("^-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?$"));
    return number.match(text).hasMatch();
}

/// Keyset paging needs an order with no NULL and no ties: the key, or a NOT NULL column (the key
/// follows it); a foreign key sorted by its label pages by offset, as the grid does.
bool pagesByKeyset(const orm::Table &table, const orm::Query &query) {
    const int orderColumn = query.orderColumn;
    return !table.primaryKeyColumns().isEmpty() &&
           (orderColumn < 0 || table.isKeyColumn(orderColumn) ||
            (!table.column(orderColumn).nullable &&
             !(query.orderByReferencedName && table.relationshipForColumn(orderColumn))));
}

} // namespace

TableExporter::TableExporter(orm::Session &session, const orm::Table &table, ExportOptions options)
    : m_session(session)
    , m_table(table)
    , m_options(std::move(options)) {
    for (int column = 0; column < table.columnCount(); ++column) {
        if (!table.column(column).hidden)
            m_columns << column;
    }
}

Cell TableExporter::cellFor(const orm::Column &column, const QVariant &value) {
    if (value.isNull())
        return Cell::null();
    if (column.type == orm::ColumnType::Boolean && value.typeId() != QMetaType::QString) {
        // SQLite stores a truth value as 0 or 1: it goes out as one all the same.
        return {Cell::Kind::Boolean,
                value.toBool() ? QStringLiteral("true") : QStringLiteral("false")};
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        return {Cell::Kind::Boolean,
                value.toBool() ? QStringLiteral("true") : QStringLiteral("false")};
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return {Cell::Kind::Number, value.toString()};
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        // The shortest text that reads back as the same double: 0.1, not 0.10000000000000001.
        const QString text = QString::number(number, 'g', QLocale::FloatingPointShortest);
        return {std::isfinite(number) ? Cell::Kind::Number : Cell::Kind::Text, text};
    }
    case QMetaType::QByteArray:
        // PostgreSQL's bytea text form, which fromInput reads back for a blob column.
        return Cell::ofText(QStringLiteral("\\x") +
                            QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::QDate:
        return Cell::ofText(value.toDate().toString(Qt::ISODate));
    case QMetaType::QTime:
        return Cell::ofText(value.toTime().toString(
            value.toTime().msec() ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss")));
    case QMetaType::QDateTime: {
        const QDateTime stamp = value.toDateTime();
        if (column.type == orm::ColumnType::TimestampTz)
            return Cell::ofText(stamp.toString(Qt::ISODateWithMs));
        return Cell::ofText(stamp.toString(stamp.time().msec()
                                               ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                               : QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
    default:
        break;
    }
    const QString text = value.toString();
    if (column.type == orm::ColumnType::Decimal && isJsonNumber(text))
        return {Cell::Kind::Number, text};
    return Cell::ofText(text);
}

QString TableExporter::labelOf(const orm::Record &record) const {
    // Every label column, as a cell shows them ("Jane Peacock", blank padding off), which import
    // reads back (ForeignKeyResolver). Not Record::displayText(): a row without a label would be
    // written as its key, and read back as a label no row has.
    return orm::RowLabel::text(record, m_options.includeStaged ? orm::RowLabel::Values::Staged
                                                               : orm::RowLabel::Values::Stored);
}

QVariant TableExporter::valueOf(const orm::Record &record, int column) const {
    if (m_options.includeStaged || record.state() != orm::ObjectState::Persistent)
        return record.value(column);
    return record.storedValue(column);
}

void TableExporter::writeHeader(CsvWriter &writer) const {
    QStringList names;
    for (int column : m_columns)
        names << m_table.column(column).name;
    if (m_options.header || m_options.writer.format == TextFormat::Json)
        writer.writeHeader(names);
}

qint64 TableExporter::writeRecords(CsvWriter &writer, const orm::RecordList &records,
                                   QString *error) {
    return write(
        writer, records.size(),
        [&](qsizetype row, int column) { return valueOf(*records.at(row), column); },
        [&](qsizetype row) {
            return records.at(row)->isMarkedForDelete() && m_options.includeStaged;
        },
        [&](qsizetype row, int column) {
            return m_options.includeStaged
                       ? records.at(row)->parent(*m_table.relationshipForColumn(column))
                       : nullptr;
        },
        error);
}

qint64 TableExporter::writeRows(CsvWriter &writer, const QList<QVariantList> &rows,
                                QString *error) {
    return write(
        writer, rows.size(), [&](qsizetype row, int column) { return rows.at(row).at(column); },
        [](qsizetype) { return false; }, [](qsizetype, int) { return orm::RecordPtr(); }, error);
}

template <class ValueAt, class Skip, class StagedParent>
qint64 TableExporter::write(CsvWriter &writer, qsizetype count, const ValueAt &valueAt,
                            const Skip &skip, const StagedParent &stagedParent, QString *error) {
    qint64 written = 0;
    // Foreign keys as labels: the page's parents in one chunked read per relationship.
    QHash<int, QHash<QString, QString>> labels; // column → key text → label
    orm::RecordList parentsHeld;
    if (m_options.foreignKeysAsLabels) {
        for (int column : std::as_const(m_columns)) {
            const orm::Relationship *relationship = m_table.relationshipForColumn(column);
            if (!relationship || relationship->parent->displayColumn() < 0)
                continue;
            QVariantList keys;
            QHash<QString, QString> &byKey = labels[column];
            for (qsizetype row = 0; row < count; ++row) {
                if (skip(row))
                    continue;
                const QVariant key = valueAt(row, column);
                if (!key.isNull() && !byKey.contains(key.toString())) {
                    byKey.insert(key.toString(), QString());
                    keys << key;
                }
            }
            orm::RecordList parents = m_session.getMany(*relationship->parent, keys);
            if (m_session.lastError().isError()) {
                *error = m_session.lastError().message();
                return -1;
            }
            // Two parents of one label are written as the grid shows them, "Music (#8)", which
            // import reads back as that row (ForeignKeyResolver): "Music" twice would be refused
            // there as naming more than one row.
            const orm::Namesakes::Labels shown = m_options.includeStaged
                                                     ? orm::Namesakes::Labels::Staged
                                                     : orm::Namesakes::Labels::Stored;
            QString namesakeError;
            const QSet<const orm::Record *> namesakes =
                orm::Namesakes::find(m_session, parents, &namesakeError, shown);
            if (!namesakeError.isEmpty()) {
                *error = namesakeError;
                return -1;
            }
            for (const orm::RecordPtr &parent : std::as_const(parents)) {
                const QString key = parent->id().toString();
                byKey.insert(key, namesakes.contains(parent.get())
                                      ? orm::Namesakes::text(labelOf(*parent), key)
                                      : labelOf(*parent));
            }
            parentsHeld += parents;
        }
    }
    QList<Cell> cells;
    cells.reserve(m_columns.size());
    for (qsizetype row = 0; row < count; ++row) {
        if (skip(row))
            continue;
        cells.clear();
        for (int column : std::as_const(m_columns)) {
            const QVariant value = valueAt(row, column);
            const auto label = labels.constFind(column);
            if (label == labels.cend()) {
                cells << cellFor(m_table.column(column), value);
            } else if (!value.isNull()) {
                const QString text = label->value(value.toString());
                // A key that names no row (a dangling reference) is written as the key.
                cells << (text.isNull() ? cellFor(m_table.column(column), value)
                                        : Cell::ofText(text));
            } else {
                // No key: no parent, or (staged) a new parent that has no key yet.
                const orm::RecordPtr parent = stagedParent(row, column);
                cells << (parent ? Cell::ofText(parent->displayText()) : Cell::null());
            }
        }
        writer.writeRow(cells);
        ++written;
    }
    m_session.releaseUnused(std::move(parentsHeld));
    if (writer.hasError()) {
        *error = writer.errorString();
        return -1;
    }
    return written;
}

namespace {

/// The last row's value of `column`, where the next keyset page starts.
QVariant lastValue(const orm::RecordList &page, int column) {
    return page.last()->storedValue(column);
}

/// A page written as it was read (exportRows()): its rows (-1 when writing them failed, `error`
/// says why), and the last one's values of the order columns, where the next keyset page starts
/// (the other columns' may be left invalid).
struct WrittenPage {
    qsizetype rows = 0;
    QVariantList last;
    QString error;

    bool isEmpty() const { return rows == 0; }
    qsizetype size() const { return rows; }
};

QVariant lastValue(const WrittenPage &page, int column) {
    return page.last.at(column);
}

} // namespace

bool TableExporter::reportProgress(const Progress &progress, qint64 done, qint64 total,
                                   ExportResult &result) const {
    if (!progress || progress(done, total))
        return true;
    result.cancelled = true;
    result.error = tr("Export cancelled.");
    return false;
}

template <class Page, class ReadPage, class WritePage, class ReleasePage>
bool TableExporter::writePages(const orm::Query &base, qint64 total, const Progress &progress,
                               ExportResult &result, const ReadPage &readPage,
                               const WritePage &writePage, const ReleasePage &releasePage) {
    orm::Query query = base;
    query.limit = m_options.pageSize;
    query.offset = 0;
    query.keysetFrom.clear();
    const bool keyset = pagesByKeyset(m_table, query);
    const QList<int> orderColumns = orm::StatementBuilder::orderColumns(m_table, query.orderColumn);
    for (;;) {
        Page page;
        if (!readPage(query, page)) {
            result.error = m_session.lastError().message();
            return false;
        }
        if (page.isEmpty())
            return true;
        QString error;
        const qint64 written = writePage(page, &error);
        if (written < 0) {
            result.error = error;
            return false;
        }
        result.rows += written;
        if (keyset) {
            query.keysetFrom.clear();
            for (int column : orderColumns)
                query.keysetFrom << lastValue(page, column);
            query.keysetAfter = true;
        } else {
            query.offset += page.size();
        }
        const bool lastPage = page.size() < m_options.pageSize;
        releasePage(std::move(page)); // memory stays one page, whatever the table's size
        if (!reportProgress(progress, result.rows, total, result))
            return false;
        if (lastPage)
            return true;
    }
}

ExportResult TableExporter::exportQuery(const orm::Query &base, QIODevice *device,
                                        const Progress &progress) {
    // Nothing staged and no flush waiting for its commit: every record would hold its row as the
    // database holds it (an untouched record takes the row read, rule 11), so the rows are
    // written as read, without becoming records (3.4 µs a row through QPSQL; issue 14).
    if (!m_session.hasChanges() && !m_session.inTransaction())
        return exportRows(base, device, progress);
    ExportResult result;
    CsvWriter writer(device, m_options.writer);
    writeHeader(writer);
    const qint64 newRows = m_options.includeStaged ? m_session.newRecords(m_table).size() : 0;
    const qint64 total = m_session.count(m_table, base) + newRows;
    const bool paged = writePages<orm::RecordList>(
        base, total, progress, result,
        [this](const orm::Query &query, orm::RecordList &page) {
            page = m_session.query(m_table, query);
            return !m_session.lastError().isError();
        },
        [&](const orm::RecordList &page, QString *error) {
            return writeRecords(writer, page, error);
        },
        [this](orm::RecordList page) { m_session.releaseUnused(std::move(page)); });
    if (!paged)
        return result;
    if (m_options.includeStaged) {
        QString error;
        const qint64 written = writeRecords(writer, m_session.newRecords(m_table), &error);
        if (written < 0) {
            result.error = error;
            return result;
        }
        result.rows += written;
    }
    if (!writer.finish())
        result.error = writer.errorString();
    return result;
}

ExportResult TableExporter::exportRows(const orm::Query &base, QIODevice *device,
                                       const Progress &progress) {
    // CSV and TSV of the columns' own values: PostgreSQL's text goes to the file with no
    // QVariant made of it where that is the same bytes (JSON needs each value's kind, labels the
    // page's keys as values)
    const bool asText = m_options.writer.format != TextFormat::Json && !writesLabels();
    ExportResult result;
    CsvWriter writer(device, m_options.writer);
    writeHeader(writer);
    // The same pages as exportQuery() (the same statements, so the same rows in the same order),
    // each written as it is read
    const qint64 total = m_session.count(m_table, base);
    const QList<int> orderColumns = orm::StatementBuilder::orderColumns(m_table, base.orderColumn);
    TextRowCells cells(m_table, m_columns);
    const bool paged = writePages<WrittenPage>(
        base, total, progress, result,
        [&](const orm::Query &query, WrittenPage &page) {
            if (asText) {
                page.last = QVariantList(m_table.columnCount());
                const orm::TextRead read = orm::readRowsAsText(
                    m_session, m_table, query, [&](const orm::PostgresReader::TextRow &row) {
                        writer.writeRow(cells.cellsOf(row));
                        ++page.rows;
                        if (row.isLast()) {
                            for (int column : orderColumns)
                                page.last[column] = row.value(column);
                        }
                        return !writer.hasError();
                    });
                if (read != orm::TextRead::Declined)
                    return read == orm::TextRead::Read;
            }
            // Through values: JSON, labels, SQLite, and a page the PostgreSQL reader leaves to
            // QPSQL (a bind it does not send)
            QList<QVariantList> rows;
            if (!m_session.readRows(m_table, query, [&rows](const QVariantList &row) {
                    rows.append(row);
                    return true;
                }))
                return false;
            if (!rows.isEmpty()) {
                page.rows = writeRows(writer, rows, &page.error);
                page.last = rows.last();
            }
            return true;
        },
        [&](const WrittenPage &page, QString *error) -> qint64 {
            if (page.rows < 0) {
                *error = page.error;
                return -1;
            }
            if (writer.hasError()) {
                *error = writer.errorString();
                return -1;
            }
            return page.rows;
        },
        [](WrittenPage) {});
    if (paged && !writer.finish())
        result.error = writer.errorString();
    return result;
}

bool TableExporter::writesLabels() const {
    if (!m_options.foreignKeysAsLabels)
        return false;
    for (int column : m_columns) {
        const orm::Relationship *relationship = m_table.relationshipForColumn(column);
        if (relationship && relationship->parent->displayColumn() >= 0)
            return true;
    }
    return false;
}

ExportResult TableExporter::exportRecords(const orm::RecordList &records, QIODevice *device,
                                          const Progress &progress) {
    ExportResult result;
    CsvWriter writer(device, m_options.writer);
    writeHeader(writer);
    for (qsizetype start = 0; start < records.size(); start += m_options.pageSize) {
        QString error;
        const qint64 written = writeRecords(writer, records.mid(start, m_options.pageSize), &error);
        if (written < 0) {
            result.error = error;
            return result;
        }
        result.rows += written;
        if (!reportProgress(progress, start + written, records.size(), result))
            return result;
    }
    if (!writer.finish())
        result.error = writer.errorString();
    return result;
}

} // namespace io
