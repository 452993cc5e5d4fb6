#include "importcsvdialog.h"

#include "edithistory.h"
#include "transferchoices.h"

#include "orm/session.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

/// "1 row", "2 rows", "1,200 rows": Shelf has no plural translations to say so.
QString rowsText(qsizetype rows) {
    return rows == 1 ? ImportCsvDialog::tr("1 row") : ImportCsvDialog::tr("%L1 rows").arg(rows);
}

} // namespace

namespace {

constexpr int PreviewRows = 20;
constexpr int SampleBytes = 64 * 1024;

/// The format a file's name says: JSON by its suffix (.json an array, .jsonl / .ndjson lines),
/// else delimited text.
io::ImportFormat formatOf(const QString &path) {
    if (QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return io::ImportFormat::Json;
    return io::JsonReader::layoutFor(path) == io::JsonLayout::Lines ? io::ImportFormat::JsonLines
                                                                    : io::ImportFormat::Csv;
}

} // namespace

ImportCsvDialog::ImportCsvDialog(orm::Session *session, const orm::Table &table,
                                 const QString &path, EditHistory *history, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_table(table)
    , m_path(path)
    , m_history(history)
    , m_format(formatOf(path)) {
    setObjectName(QStringLiteral("importCsvDialog"));
    setWindowTitle(m_format == io::ImportFormat::Csv
                       ? tr("Import CSV into %1").arg(table.displayLabel())
                       : tr("Import JSON into %1").arg(table.displayLabel()));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("File: %1").arg(QFileInfo(path).fileName()), this));

    auto *format =
        new QGroupBox(tr("How the file is written (detected; change what is wrong)"), this);
    auto *form = new QFormLayout(format);
    m_delimiter = new QComboBox(format);
    m_delimiter->setObjectName(QStringLiteral("delimiterCombo"));
    m_delimiter->addItem(tr("Comma ( , )"), int(','));
    m_delimiter->addItem(tr("Semicolon ( ; )"), int(';'));
    m_delimiter->addItem(tr("Tab"), int('\t'));
    m_delimiter->addItem(tr("Vertical bar ( | )"), int('|'));
    m_quote = new QComboBox(format);
    m_quote->setObjectName(QStringLiteral("quoteCombo"));
    m_quote->addItem(tr("Double quote ( \" )"), int('"'));
    m_quote->addItem(tr("Single quote ( ' )"), int('\''));
    m_encoding = new QComboBox(format);
    m_encoding->setObjectName(QStringLiteral("encodingCombo"));
    for (const io::Encoding encoding :
         {io::Encoding::Utf8, io::Encoding::Utf16LE, io::Encoding::Utf16BE, io::Encoding::Latin1})
        m_encoding->addItem(io::encodingName(encoding), int(encoding));
    m_header = new QCheckBox(tr("The first line names the columns"), format);
    m_header->setObjectName(QStringLiteral("headerCheck"));
    form->addRow(tr("&Delimiter:"), m_delimiter);
    form->addRow(tr("&Quote:"), m_quote);
    form->addRow(tr("&Encoding:"), m_encoding);
    form->addRow(QString(), m_header);
    layout->addWidget(format);
    format->setVisible(m_format == io::ImportFormat::Csv); // JSON says all of it itself

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("noteLabel"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    m_mapping = new QTableWidget(0, 2, this);
    m_mapping->setObjectName(QStringLiteral("mappingTable"));
    m_mapping->setHorizontalHeaderLabels({tr("Column of the file"), tr("Goes to")});
    m_mapping->horizontalHeader()->setStretchLastSection(true);
    m_mapping->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_mapping->verticalHeader()->hide();
    m_mapping->setMaximumHeight(150);
    layout->addWidget(m_mapping);

    m_preview = new QTableWidget(this);
    m_preview->setObjectName(QStringLiteral("previewTable"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setWordWrap(false);
    m_preview->setMinimumHeight(140);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_preview, 1);

    auto *choices = new QFormLayout;
    m_foreignKeys = new QComboBox(this);
    m_foreignKeys->setObjectName(QStringLiteral("foreignKeysCombo"));
    m_foreignKeys->addItem(tr("A number is a key, other text a name"),
                           int(io::ForeignKeyInput::KeyOrLabel));
    m_foreignKeys->addItem(tr("Always keys"), int(io::ForeignKeyInput::Key));
    m_foreignKeys->addItem(tr("Always names"), int(io::ForeignKeyInput::Label));
    transferchoices::offerOnlyWithReferences(m_foreignKeys, m_table);
    choices->addRow(tr("&References:"), m_foreignKeys);
    m_allOrNothing = new QRadioButton(tr("Stage nothing if any row is refused"), this);
    m_allOrNothing->setObjectName(QStringLiteral("allOrNothingRadio"));
    m_validOnly = new QRadioButton(tr("Stage the valid rows, list the refused ones"), this);
    m_validOnly->setObjectName(QStringLiteral("validOnlyRadio"));
    m_allOrNothing->setChecked(true);
    choices->addRow(tr("If rows are refused:"), m_allOrNothing);
    choices->addRow(QString(), m_validOnly);
    layout->addLayout(choices);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #a00;"));
    layout->addWidget(m_problem);
    m_refusals = new QListWidget(this);
    m_refusals->setObjectName(QStringLiteral("refusalsList"));
    // A refusal names its line, column and value and why: wrapped to the dialog's width, not
    // cut off behind a horizontal scroll bar
    m_refusals->setWordWrap(true);
    m_refusals->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_refusals->setMaximumHeight(140);
    m_refusals->hide();
    layout->addWidget(m_refusals);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_cancelButton = buttons->button(QDialogButtonBox::Cancel);
    QPushButton *import = buttons->addButton(tr("&Stage Rows"), QDialogButtonBox::AcceptRole);
    m_importButton = import;
    import->setObjectName(QStringLiteral("importButton"));
    import->setToolTip(tr("The rows are staged like typed edits: Commit writes them, Undo or "
                          "Rollback takes them back."));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(import, &QPushButton::clicked, this, [this] { (void)importNow(); });
    layout->addWidget(buttons);

    detect();
    for (QComboBox *combo : {m_delimiter, m_quote, m_encoding, m_foreignKeys})
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportCsvDialog::refreshPreview);
    connect(m_header, &QCheckBox::toggled, this, [this] {
        m_mapping->setRowCount(0); // the mapping follows the new header
        refreshPreview();
    });
    refreshPreview();
    resize(760, 640);
}

void ImportCsvDialog::detect() {
    if (m_format != io::ImportFormat::Csv) {
        m_note->setText(m_format == io::ImportFormat::Json
                            ? tr("JSON: an array of objects, one per row. The first object's keys "
                                 "name the columns; null is NULL.")
                            : tr("JSON Lines: one object per line, one per row. The first "
                                 "object's keys name the columns; null is NULL."));
        return;
    }
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_note->setText(tr("The file cannot be read: %1").arg(file.errorString()));
        return;
    }
    const QByteArray sample = file.read(SampleBytes);
    const io::DialectGuess guess = io::detectDialect(sample, file.atEnd());
    const io::CsvDialect &dialect = guess.dialect;
    m_delimiter->setCurrentIndex(qMax(0, m_delimiter->findData(int(dialect.delimiter))));
    m_quote->setCurrentIndex(qMax(0, m_quote->findData(int(dialect.quote))));
    m_encoding->setCurrentIndex(qMax(0, m_encoding->findData(int(dialect.encoding))));
    m_header->setChecked(dialect.header);
    m_note->setText(guess.error.isEmpty() ? guess.note : guess.error);
}

io::ImportOptions ImportCsvDialog::options() const {
    io::ImportOptions options;
    options.format = m_format;
    options.dialect.delimiter = char(m_delimiter->currentData().toInt());
    options.dialect.quote = char(m_quote->currentData().toInt());
    options.dialect.encoding = io::Encoding(m_encoding->currentData().toInt());
    options.dialect.header = m_header->isChecked();
    QFile file(m_path);
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray start = file.read(3);
        options.dialect.byteOrderMark = start.startsWith("\xEF\xBB\xBF") ||
                                        start.startsWith("\xFF\xFE") ||
                                        start.startsWith("\xFE\xFF");
    }
    options.foreignKeys = io::ForeignKeyInput(m_foreignKeys->currentData().toInt());
    options.mode =
        m_validOnly->isChecked() ? io::ImportMode::ValidRowsOnly : io::ImportMode::AllOrNothing;
    for (int row = 0; row < m_mapping->rowCount(); ++row) {
        const auto *combo = qobject_cast<QComboBox *>(m_mapping->cellWidget(row, 1));
        options.mapping << (combo ? combo->currentData().toInt() : -1);
    }
    return options;
}

void ImportCsvDialog::rebuildMapping(const QStringList &header, int fields) {
    const QList<int> byName =
        header.isEmpty() ? QList<int>() : io::CsvImporter::mapByName(header, m_table);
    m_rebuilding = true;
    m_mapping->setRowCount(fields);
    for (int field = 0; field < fields; ++field) {
        const QString name =
            field < header.size() ? header.at(field) : tr("Column %1").arg(field + 1);
        m_mapping->setItem(field, 0, new QTableWidgetItem(name));
        auto *combo = new QComboBox(m_mapping);
        combo->addItem(tr("(leave out)"), -1);
        for (int column = 0; column < m_table.columnCount(); ++column) {
            if (!m_table.column(column).hidden)
                combo->addItem(m_table.column(column).displayLabel(), column);
        }
        int target = -1;
        if (!header.isEmpty())
            target = field < byName.size() ? byName.at(field) : -1;
        else if (field + 1 < combo->count())
            target = combo->itemData(field + 1).toInt(); // by position
        combo->setCurrentIndex(qMax(0, combo->findData(target)));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportCsvDialog::refreshPreview);
        m_mapping->setCellWidget(field, 1, combo);
    }
    m_rebuilding = false;
}

void ImportCsvDialog::refreshPreview() {
    if (m_rebuilding)
        return;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    io::ImportOptions settings = options();
    // A new header (or none yet): map by name again; else keep what the user chose.
    QFile probe(m_path);
    QStringList header;
    QString problem;
    if (probe.open(QIODevice::ReadOnly)) {
        io::ImportOptions first = settings;
        first.mapping.clear();
        io::CsvImporter peek(*m_session, m_table, first);
        const QList<io::PreviewRow> rows = peek.preview(&probe, 1, &header, &problem);
        const int fields = header.isEmpty() ? (rows.isEmpty() ? 0 : int(rows.first().fields.size()))
                                            : int(header.size());
        if (header != m_fileHeader || m_mapping->rowCount() != fields) {
            m_fileHeader = header;
            rebuildMapping(header, fields);
            settings = options();
        }
    }
    io::CsvImporter importer(*m_session, m_table, settings);
    const QList<io::PreviewRow> rows = importer.preview(&file, PreviewRows, &header, &problem);
    const int columns = int(settings.mapping.size());
    m_preview->clear();
    m_preview->setColumnCount(columns);
    m_preview->setRowCount(int(rows.size()));
    QStringList labels;
    for (int field = 0; field < columns; ++field) {
        const int column = settings.mapping.at(field);
        labels << (column < 0 ? tr("(left out)") : m_table.column(column).displayLabel());
    }
    m_preview->setHorizontalHeaderLabels(labels);
    QStringList lines;
    int refused = 0;
    for (int r = 0; r < rows.size(); ++r) {
        const io::PreviewRow &row = rows.at(r);
        lines << QString::number(row.line);
        for (int field = 0; field < row.fields.size() && field < columns; ++field) {
            auto *item = new QTableWidgetItem(row.fields.at(field));
            if (row.nulls.value(field)) {
                // As the grid shows NULL: dimmed, never as an empty text.
                item->setText(QStringLiteral("NULL"));
                QFont italic = item->font();
                italic.setItalic(true);
                item->setFont(italic);
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            }
            const QString cellProblem =
                !row.rowProblem.isEmpty() ? row.rowProblem : row.problems.value(field);
            if (!cellProblem.isEmpty()) {
                item->setBackground(QColor(0xf8, 0xd7, 0xda));
                item->setToolTip(cellProblem);
            } else if (settings.mapping.at(field) < 0) {
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            }
            m_preview->setItem(r, field, item);
        }
        refused +=
            !row.rowProblem.isEmpty() || std::any_of(row.problems.cbegin(), row.problems.cend(),
                                                     [](const QString &p) { return !p.isEmpty(); });
    }
    m_preview->setVerticalHeaderLabels(lines); // the file's line (CSV) or record (JSON) numbers
    m_preview->resizeColumnsToContents();
    if (problem.isEmpty() && refused > 0)
        problem = tr("%L1 of the first %L2 rows would be refused: point at a red cell to see why.")
                      .arg(refused)
                      .arg(rows.size());
    m_problem->setText(problem);
}

io::ImportResult ImportCsvDialog::importNow() {
    m_refusals->clear();
    m_refusals->hide();
    QFile file(m_path);
    io::ImportResult result;
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("The file cannot be read: %1").arg(file.errorString());
        m_problem->setText(result.error);
        return result;
    }
    QProgressDialog progress(tr("Reading and checking %1\u2026").arg(QFileInfo(m_path).fileName()),
                             tr("Cancel"), 0, 1000, this);
    progress.setObjectName(QStringLiteral("importProgress"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    io::CsvImporter importer(*m_session, m_table, options());
    result = importer.run(&file, [&progress](qint64 done, qint64 total) {
        if (total > 0)
            progress.setValue(int(done * 1000 / total));
        QApplication::processEvents(); // the window stays responsive, Cancel is heard
        return !progress.wasCanceled();
    });
    progress.reset();
    if (!result.error.isEmpty()) {
        m_problem->setText(result.error);
        showRefusals(result);
        return result;
    }
    if (m_history) {
        const std::shared_ptr<orm::NewRows> rows = result.rows;
        orm::Session *session = m_session;
        m_history->pushBatch(
            tr("Import %1 into %2").arg(rowsText(result.rowsStaged), m_table.displayLabel()),
            [session, rows] { session->addNewRows(rows); });
    }
    if (result.rowsRefused > 0) {
        // Valid rows only: they are staged, and the refused ones stay listed until closed. A second
        // click must not stage them twice.
        m_importButton->setEnabled(false);
        m_cancelButton->setText(tr("Close"));
        m_problem->setText(tr("%1 staged; %L2 refused (listed below).")
                               .arg(rowsText(result.rowsStaged))
                               .arg(result.rowsRefused));
        showRefusals(result);
        return result;
    }
    accept();
    return result;
}

void ImportCsvDialog::showRefusals(const io::ImportResult &result) {
    for (const io::Refusal &refusal : result.refusals)
        m_refusals->addItem(refusal.message);
    if (result.rowsRefused > result.refusals.size())
        m_refusals->addItem(
            tr("\u2026 and %L1 more").arg(result.rowsRefused - result.refusals.size()));
    m_refusals->setVisible(m_refusals->count() > 0);
}

} // namespace ui
