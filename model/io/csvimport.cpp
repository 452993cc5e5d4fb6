#include "csvimport.h"

#include "newkeychecker.h"

#include "orm/newrows.h"
#include "orm/newrowwriter.h"
#include "orm/record.h"
#include "orm/relationship.h"
#include "orm/session.h"
#include "orm/valueinput.h"
#include "orm/values.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSet>
#include <algorithm>
#include <optional>

namespace io {

namespace {

// Rows checked between two progress reports, and per round of foreign key look-ups.
constexpr int BatchSize = 4096;

QString tr(const char *text) {
    return QCoreApplication::translate("io::CsvImporter", text);
}

QString folded(const QString &name) {
    QString out = name.trimmed().toCaseFolded();
    out.remove(QLatin1Char(' '));
    out.remove(QLatin1Char('_'));
    return out;
}

/// The one-column foreign key relationship of a column: its values are looked up by key or label.
const orm::Relationship *lookedUpReference(const orm::Table &table, int column) {
    const orm::Relationship *relationship = table.relationshipForColumn(column);
    const orm::ForeignKey *key = table.foreignKey(column);
    if (!relationship || !key || key->isComposite() || relationship->parent->primaryKey() < 0)
        return nullptr;
    return relationship;
}

} // namespace

struct CsvImporter::Row {
    qint64 line = 0;
    /// The new record its values are written into (none when it will not be staged: a preview,
    /// or all-or-nothing after a refused row).
    orm::RecordPtr record;
    struct Reference {
        int column;
        int field;
        QString text;
    };
    QList<Reference> references; ///< foreign keys still to look up
};

struct CsvImporter::Batch {
    std::vector<Row> rows;
};

CsvImporter::CsvImporter(orm::Session &session, const orm::Table &table, ImportOptions options)
    : m_session(session)
    , m_table(table)
    , m_options(std::move(options)) {
}

QList<int> CsvImporter::mapByName(const QStringList &header, const orm::Table &table) {
    QList<int> mapping;
    QSet<int> taken;
    for (const QString &name : header) {
        int found = -1;
        const QString key = folded(name);
        for (int column = 0; column < table.columnCount() && found < 0; ++column) {
            const orm::Column &c = table.column(column);
            if (!c.hidden && !taken.contains(column) &&
                (folded(c.name) == key || folded(c.displayLabel()) == key))
                found = column;
        }
        // A foreign key's header may name the reference ("author") rather than its column.
        for (int column = 0; column < table.columnCount() && found < 0; ++column) {
            const orm::Relationship *relationship = table.relationshipForColumn(column);
            if (relationship && !taken.contains(column) && folded(relationship->backrefName) == key)
                found = column;
        }
        if (found >= 0)
            taken.insert(found);
        mapping << found;
    }
    return mapping;
}

QString CsvImporter::checkMapping(const QList<int> &mapping, const orm::Table &table) {
    if (table.isReadOnly())
        return tr("%1 is read-only (%2): nothing can be imported into it.")
            .arg(table.displayLabel(), table.readOnlyReason());
    QSet<int> mapped;
    for (int column : mapping) {
        if (column < 0)
            continue;
        const orm::Column &c = table.column(column);
        if (mapped.contains(column))
            return tr("Two columns of the file go to %1: leave one out.").arg(c.displayLabel());
        if (!c.isWritable())
            return tr("%1 is read-only (%2): leave its column of the file out.")
                .arg(c.displayLabel(), c.readOnlyReason.isEmpty() ? tr("the database computes it")
                                                                  : c.readOnlyReason);
        mapped.insert(column);
    }
    if (mapped.isEmpty())
        return tr("No column of the file matches a column of %1: map them by hand.")
            .arg(table.displayLabel());
    for (int column = 0; column < table.columnCount(); ++column) {
        const orm::Column &c = table.column(column);
        if (!mapped.contains(column) && c.isWritable() && !c.nullable && !c.hasDatabaseDefault() &&
            !(c.primaryKey && table.primaryKeyColumns().size() == 1 &&
              c.type == orm::ColumnType::Integer))
            return tr("The file has no column for %1, which cannot be empty.")
                .arg(c.displayLabel());
    }
    return {};
}

QList<int> CsvImporter::effectiveMapping(const QStringList &header, int fields) const {
    if (!m_options.mapping.isEmpty())
        return m_options.mapping;
    if (!header.isEmpty())
        return mapByName(header, m_table);
    QList<int> mapping;
    for (int column = 0; column < m_table.columnCount() && mapping.size() < fields; ++column) {
        if (!m_table.column(column).hidden)
            mapping << column;
    }
    while (mapping.size() < fields)
        mapping << -1;
    return mapping;
}

bool CsvImporter::isNull(const Utf8Record &record, int field) const {
    return record.isNull(field) ||
           (!m_nullTextUtf8.isEmpty() && record.bytes(field) == QByteArrayView(m_nullTextUtf8));
}

std::unique_ptr<RecordReader> CsvImporter::openReader(QIODevice *device,
                                                      const ImportOptions &options) {
    switch (options.format) {
    case ImportFormat::Json:
        return std::make_unique<JsonReader>(device, JsonLayout::Array, options.limits);
    case ImportFormat::JsonLines:
        return std::make_unique<JsonReader>(device, JsonLayout::Lines, options.limits);
    case ImportFormat::Csv:
        break;
    }
    return std::make_unique<CsvReader>(device, options.dialect, options.limits);
}

bool CsvImporter::readFirst(RecordReader &reader, QStringList *header, Utf8Record *record) const {
    bool haveRecord = reader.nextUtf8(record);
    if (m_options.format != ImportFormat::Csv) {
        *header = reader.fieldNames();
    } else if (haveRecord && m_options.dialect.header) {
        *header = record->texts();
        haveRecord = reader.nextUtf8(record);
    }
    return haveRecord;
}

void CsvImporter::setMapping(QList<int> mapping) {
    m_mapping = std::move(mapping);
    m_references.fill(nullptr, m_table.columnCount());
    for (const int column : std::as_const(m_mapping)) {
        if (column >= 0)
            m_references[column] = lookedUpReference(m_table, column);
    }
    m_nullTextUtf8 = m_options.nullText.toUtf8();
    // Where a refused key is named: the file's field of the key's first column
    const QList<int> &key = m_table.primaryKeyColumns();
    m_keyField = key.isEmpty() ? -1 : int(m_mapping.indexOf(key.first()));
    QStringList labels;
    for (int column : key)
        labels << m_table.column(column).displayLabel();
    m_keyLabel = labels.join(QStringLiteral(", "));
}

bool CsvImporter::takePlain(int column, QByteArrayView bytes, orm::NewRowWriter *writer) const {
    const orm::values::PlainValue plain = orm::values::plainValue(m_table.column(column), bytes);
    if (writer) {
        switch (plain.kind) {
        case orm::values::PlainValue::Kind::Integer:
            writer->setInteger(column, plain.integer);
            break;
        case orm::values::PlainValue::Kind::Real:
            writer->setReal(column, plain.real);
            break;
        case orm::values::PlainValue::Kind::Text:
            writer->setUtf8(column, bytes);
            break;
        case orm::values::PlainValue::Kind::None:
            break;
        }
    }
    return plain.kind != orm::values::PlainValue::Kind::None;
}

QString CsvImporter::refusalText(qint64 line, int field, const QString &column,
                                 const QString &error) const {
    return tr("%1 (%2): %3").arg(m_reader->place(line, field), column, error);
}

bool CsvImporter::convert(const Utf8Record &record, Row *row, QList<Refusal> *refusals,
                          bool build) {
    row->line = record.line;
    if (!record.problem.isEmpty()) {
        refusals->append(Refusal{record.line, record.problemField + 1, {}, record.problem});
        return false;
    }
    std::optional<orm::NewRowWriter> writer;
    if (build) {
        row->record = m_session.createRecord(m_table);
        writer.emplace(*row->record);
    }
    orm::NewRowWriter *cells = writer ? &*writer : nullptr;
    bool ok = true;
    for (int field = 0; field < record.size() && field < m_mapping.size(); ++field) {
        const int column = m_mapping.at(field);
        if (column < 0)
            continue;
        const orm::Column &c = m_table.column(column);
        const bool null = isNull(record, field);
        if (!null && m_references.at(column)) {
            row->references.append(Row::Reference{column, field, record.text(field).trimmed()});
            continue;
        }
        if (null && (c.nullable || c.primaryKey || c.hasDatabaseDefault()))
            continue; // the cell stays NULL: what fromInput() gives an empty field here, and
                      // what the commit leaves to a column's DEFAULT (as for a new row typed)
        if (!null && takePlain(column, record.bytes(field), cells))
            continue; // a plain number or text, written as it is
        const QString text = null ? QString() : record.text(field);
        QVariant value;
        QString error;
        bool valid = true;
        if (c.type == orm::ColumnType::Text && !text.isNull() && text.trimmed().isEmpty()) {
            // Quoted blank text stays text: typed, it would mean "empty the cell", read from a
            // file it is a value that must come back as it went out.
            value = text;
            error = orm::values::validate(c, value);
            valid = error.isEmpty();
        } else {
            valid =
                orm::values::fromInput(m_session.dialect(), c,
                                       text.isNull() ? QVariant() : QVariant(text), &value, &error);
        }
        if (!valid) {
            refusals->append(Refusal{record.line, field + 1, c.displayLabel(),
                                     refusalText(record.line, field + 1, c.displayLabel(), error)});
            ok = false;
            continue;
        }
        if (cells)
            cells->setValue(column, value);
    }
    if (!ok)
        row->record.reset(); // refused: its slot is freed
    return ok;
}

bool CsvImporter::resolveForeignKeys(Batch &batch, QString *error) {
    QHash<int, QStringList> texts;
    for (const Row &row : batch.rows) {
        for (const Row::Reference &reference : row.references)
            texts[reference.column] << reference.text;
    }
    for (auto it = texts.cbegin(); it != texts.cend(); ++it) {
        ForeignKeyResolver *&resolver = m_resolvers[it.key()];
        if (!resolver) {
            m_resolverStore.push_back(std::make_unique<ForeignKeyResolver>(
                m_session, *lookedUpReference(m_table, it.key()), m_options.foreignKeys));
            resolver = m_resolverStore.back().get();
        }
        if (!resolver->resolve(it.value())) {
            *error = resolver->error();
            return false;
        }
    }
    return true;
}

ImportResult CsvImporter::run(QIODevice *device, const Progress &progress) {
    ImportResult result;
    const std::unique_ptr<RecordReader> source = openReader(device, m_options);
    RecordReader &reader = *source;
    m_reader = source.get();
    const qint64 total = device->isSequential() ? 0 : device->size();
    QStringList header;
    Utf8Record record;
    bool haveRecord = readFirst(reader, &header, &record);
    if (reader.error().isError() && header.isEmpty() && !haveRecord) {
        result.error = reader.error().message;
        return result;
    }
    if (m_options.format != ImportFormat::Csv && !haveRecord && !reader.error().isError()) {
        result.error = tr("The file has no rows to import.");
        return result;
    }
    if (m_options.format != ImportFormat::Csv && header.isEmpty() && haveRecord &&
        !record.problem.isEmpty()) {
        result.error = record.problem + QLatin1Char(' ') +
                       tr("Its keys name the columns: nothing was staged.");
        return result;
    }
    setMapping(effectiveMapping(header, haveRecord ? record.size() : int(header.size())));
    if (const QString problem = checkMapping(m_mapping, m_table); !problem.isEmpty()) {
        result.error = problem;
        return result;
    }

    NewKeyChecker keys(m_session, m_table);
    // Each valid row's values are taken out of its record into here, and the record dropped: a
    // million rows are their cells, not a record each, until something asks for records
    const std::shared_ptr<orm::NewRows> rows = m_session.newRows(m_table);
    QList<QPair<qsizetype, Row::Reference>> pendingParents; // record index → reference
    const auto refuse = [&](const Refusal &refusal) {
        if (result.refusals.size() < m_options.listedRefusals)
            result.refusals.append(refusal);
    };
    while (haveRecord) {
        Batch batch;
        batch.rows.reserve(BatchSize);
        while (haveRecord && batch.rows.size() < BatchSize) {
            ++result.rowsRead;
            Row row;
            QList<Refusal> refusals;
            // All or nothing, one refused row means nothing is staged: the rest is only checked
            const bool build =
                m_options.mode == ImportMode::ValidRowsOnly || result.rowsRefused == 0;
            if (convert(record, &row, &refusals, build))
                batch.rows.push_back(std::move(row));
            else {
                ++result.rowsRefused;
                for (const Refusal &refusal : std::as_const(refusals))
                    refuse(refusal);
            }
            haveRecord = reader.nextUtf8(&record);
        }
        QString error;
        if (!resolveForeignKeys(batch, &error)) {
            result.error = error;
            return result;
        }
        std::vector<bool> refused(batch.rows.size(), false);
        std::vector<const orm::Record *> keyed(batch.rows.size(), nullptr);
        for (size_t i = 0; i < batch.rows.size(); ++i) {
            Row &row = batch.rows[i];
            for (const Row::Reference &reference : std::as_const(row.references)) {
                const ForeignKeyResolver::Match match =
                    m_resolvers.value(reference.column)->match(reference.text);
                if (!match.isValid()) {
                    const QString label = m_table.column(reference.column).displayLabel();
                    refuse(Refusal{row.line, reference.field + 1, label,
                                   refusalText(row.line, reference.field + 1, label, match.error)});
                    refused[i] = true;
                } else if (!match.newParent && row.record) {
                    orm::NewRowWriter(*row.record).setValue(reference.column, match.key);
                }
            }
            if (!refused[i])
                keyed[i] = row.record.get();
        }
        // A key taken already (by an earlier line, a record in the session, a stored row) would
        // fail the commit: refused here, where the line can still be named
        QStringList keyProblems;
        if (!keys.check(keyed, &keyProblems)) {
            result.error = keys.error();
            return result;
        }
        for (size_t i = 0; i < batch.rows.size(); ++i) {
            Row &row = batch.rows[i];
            if (const QString &problem = keyProblems.at(qsizetype(i)); !problem.isEmpty()) {
                refuse(Refusal{row.line, m_keyField + 1, m_keyLabel,
                               refusalText(row.line, m_keyField + 1, m_keyLabel, problem)});
                refused[i] = true;
                row.record.reset();
            }
            if (refused[i]) {
                ++result.rowsRefused;
                continue;
            }
            if (m_options.mode == ImportMode::AllOrNothing && result.rowsRefused > 0)
                continue; // nothing will be staged: the record is dropped
            orm::RecordPtr staged = std::move(row.record);
            // A new parent has no key yet: the reference is set when the records are staged.
            for (const Row::Reference &reference : std::as_const(row.references)) {
                const ForeignKeyResolver::Match match =
                    m_resolvers.value(reference.column)->match(reference.text);
                if (match.isValid() && match.newParent)
                    pendingParents.append({rows->size(), reference});
            }
            rows->append(std::move(staged));
        }
        if (progress && !progress(reader.bytesRead(), total)) {
            result.cancelled = true;
            result.error = tr("Import cancelled: nothing was staged.");
            return result;
        }
    }
    if (reader.error().isError()) {
        const CsvError &error = reader.error();
        if (m_options.mode == ImportMode::AllOrNothing) {
            result.error = error.message + QLatin1Char(' ') + tr("Nothing was staged.");
            return result;
        }
        ++result.rowsRefused;
        refuse(
            Refusal{error.line,
                    error.field,
                    {},
                    error.message + QLatin1Char(' ') + tr("The rest of the file was not read.")});
    }
    std::stable_sort(result.refusals.begin(), result.refusals.end(),
                     [](const Refusal &a, const Refusal &b) {
                         return a.line != b.line ? a.line < b.line : a.field < b.field;
                     });
    if (m_options.mode == ImportMode::AllOrNothing && result.rowsRefused > 0) {
        result.error = tr("Refused rows: %1 of %2. Nothing was staged: fix them, or import the "
                          "valid rows only.")
                           .arg(result.rowsRefused)
                           .arg(result.rowsRead);
        return result;
    }
    if (result.rowsRead == 0) {
        result.error = tr("The file has no rows to import.");
        return result;
    }
    // A new parent has no key yet: the row, made a record, is given the parent itself
    for (const auto &[index, reference] : std::as_const(pendingParents)) {
        const ForeignKeyResolver::Match match =
            m_resolvers.value(reference.column)->match(reference.text);
        rows->records().at(index)->setParent(*lookedUpReference(m_table, reference.column),
                                             match.newParent);
    }
    // A reference taken by key to a parent the session holds joins that parent's collection, as
    // one picked in the grid does (the author's books list the new book before commit). Set while
    // the records are still transient: in the session, the key alone would count as linked already.
    // Only such rows need records to be linked; with none, the rows stay cells.
    QList<std::tuple<qsizetype, const orm::Relationship *, orm::RecordPtr>> links;
    for (const int column : m_resolvers.keys()) {
        const orm::Relationship &relationship = *lookedUpReference(m_table, column);
        for (qsizetype row = 0; row < rows->size(); ++row) {
            const QVariant key = rows->holdsRecords() ? rows->records().at(row)->value(column)
                                                      : rows->value(row, column);
            if (key.isNull())
                continue;
            if (orm::RecordPtr parent = m_session.findLoaded(*relationship.parent, key))
                links.append({row, &relationship, std::move(parent)});
        }
    }
    for (const auto &[row, relationship, parent] : std::as_const(links))
        rows->records().at(row)->setParent(*relationship, parent);
    m_session.addNewRows(rows);
    result.rows = rows;
    result.rowsStaged = rows->size();
    return result;
}

orm::RecordList ImportResult::staged() const {
    return rows ? rows->records() : orm::RecordList();
}

QList<PreviewRow> CsvImporter::preview(QIODevice *device, int rows, QStringList *header,
                                       QString *error) {
    QList<PreviewRow> preview;
    const std::unique_ptr<RecordReader> source = openReader(device, m_options);
    RecordReader &reader = *source;
    m_reader = source.get();
    Utf8Record record;
    header->clear();
    bool haveRecord = readFirst(reader, header, &record);
    setMapping(effectiveMapping(*header, haveRecord ? record.size() : int(header->size())));
    *error = checkMapping(m_mapping, m_table);
    Batch batch;
    while (haveRecord && preview.size() < rows) {
        PreviewRow shown;
        shown.line = record.line;
        shown.fields = record.texts();
        shown.rowProblem = record.problem;
        for (int i = 0; i < record.size(); ++i) {
            shown.problems << QString();
            shown.nulls << isNull(record, i);
        }
        Row row;
        QList<Refusal> refusals;
        if (record.problem.isEmpty()) {
            convert(record, &row, &refusals, false);
            for (const Refusal &refusal : std::as_const(refusals)) {
                if (refusal.field >= 1 && refusal.field <= shown.problems.size())
                    shown.problems[refusal.field - 1] = refusal.message;
            }
        }
        batch.rows.push_back(std::move(row));
        preview << shown;
        haveRecord = reader.nextUtf8(&record);
    }
    if (reader.error().isError() && error->isEmpty())
        *error = reader.error().message;
    QString lookup;
    if (resolveForeignKeys(batch, &lookup)) {
        for (qsizetype i = 0; i < preview.size(); ++i) {
            for (const Row::Reference &reference : std::as_const(batch.rows.at(i).references)) {
                const auto match = m_resolvers.value(reference.column)->match(reference.text);
                if (!match.isValid())
                    preview[i].problems[reference.field] = match.error;
            }
        }
    } else if (error->isEmpty()) {
        *error = lookup;
    }
    return preview;
}

} // namespace io
