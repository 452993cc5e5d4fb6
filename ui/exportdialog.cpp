#include "exportdialog.h"

#include "transferchoices.h"

#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/relationship.h"
#include "orm/rowlabel.h"
#include "orm/session.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace ui {

ExportDialog::ExportDialog(orm::Session *session, const orm::Table &table, const orm::Query &shown,
                           const orm::RecordList &selection, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_table(table)
    , m_shown(shown)
    , m_selection(selection) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export %1").arg(table.displayLabel()));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_whole = new QRadioButton(tr("The whole table"), this);
    m_whole->setObjectName(QStringLiteral("wholeTableRadio"));
    m_filtered = new QRadioButton(tr("What the filter and sort show"), this);
    m_filtered->setObjectName(QStringLiteral("filteredRadio"));
    m_filtered->setEnabled(!shown.where.isEmpty() || shown.orderColumn >= 0);
    m_selected = new QRadioButton(tr("The selected rows (%L1)").arg(selection.size()), this);
    m_selected->setObjectName(QStringLiteral("selectionRadio"));
    m_selected->setEnabled(!selection.isEmpty());
    m_whole->setChecked(true);
    form->addRow(tr("Rows:"), m_whole);
    form->addRow(QString(), m_filtered);
    form->addRow(QString(), m_selected);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItem(tr("CSV (comma-separated, RFC 4180)"), int(io::TextFormat::Csv));
    m_format->addItem(tr("TSV (tab-separated)"), int(io::TextFormat::Tsv));
    m_format->addItem(tr("JSON (an array of objects)"), int(io::TextFormat::Json));
    form->addRow(tr("&Format:"), m_format);
    m_bom = new QCheckBox(tr("Start with a byte-order mark (for spreadsheet programs)"), this);
    m_bom->setObjectName(QStringLiteral("bomCheck"));
    form->addRow(QString(), m_bom);
    m_staged = new QCheckBox(tr("Include staged edits"), this);
    m_staged->setObjectName(QStringLiteral("stagedCheck"));
    m_staged->setChecked(true);
    form->addRow(tr("Staged edits:"), m_staged);
    m_stagedNote = new QLabel(this);
    m_stagedNote->setObjectName(QStringLiteral("stagedNote"));
    m_stagedNote->setWordWrap(true);
    form->addRow(QString(), m_stagedNote);
    m_foreignKeys = new QComboBox(this);
    m_foreignKeys->setObjectName(QStringLiteral("foreignKeysCombo"));
    addReferenceChoices();
    form->addRow(tr("&References:"), m_foreignKeys);
    m_nullText = new QLineEdit(this);
    m_nullText->setObjectName(QStringLiteral("nullTextEdit"));
    m_nullText->setPlaceholderText(tr("(nothing)"));
    form->addRow(tr("Write &empty values as:"), m_nullText);
    auto *pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("pathEdit"));
    auto *browse = new QPushButton(tr("&Browse\u2026"), this);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *pathLabel = new QLabel(tr("&File:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    layout->addLayout(form);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, [this] { (void)exportNow(); });
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export to"), m_path->text(), tr("CSV, TSV or JSON (*.csv *.tsv *.json)"));
        if (!path.isEmpty())
            m_path->setText(path);
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const auto format = io::TextFormat(m_format->currentData().toInt());
        const QString suffix = format == io::TextFormat::Json  ? QStringLiteral(".json")
                               : format == io::TextFormat::Tsv ? QStringLiteral(".tsv")
                                                               : QStringLiteral(".csv");
        QString path = m_path->text();
        const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
        if (dot > path.lastIndexOf(QLatin1Char('/')))
            m_path->setText(path.left(dot) + suffix);
        updateNotes();
    });
    connect(m_staged, &QCheckBox::toggled, this, &ExportDialog::updateNotes);
    m_path->setText(
        transferchoices::defaultFolder().filePath(table.name() + QStringLiteral(".csv")));
    updateNotes();
    resize(560, 420);
}

void ExportDialog::addReferenceChoices() {
    // The example is this table's own first reference in the first selected row, as the grid
    // shows it: "Keys (8)" against "Names, as the grid shows them (Kara Köhler)".
    const QList<const orm::Relationship *> &references = m_table.parentRelationships();
    QString key;
    QString name;
    if (!references.isEmpty() && !m_selection.isEmpty()) {
        const orm::Relationship &reference = *references.first();
        const orm::RecordPtr &record = m_selection.first();
        QStringList values;
        for (int column : reference.foreignKeyColumns)
            values.append(record->value(column).toString());
        if (const orm::RecordPtr parent = record->parent(reference)) {
            key = values.join(QStringLiteral(", "));
            const bool shared = orm::Namesakes::find(*m_session, {parent}).contains(parent.get());
            name = shared ? orm::Namesakes::text(parent)
                          : orm::RowLabel::text(*parent, orm::RowLabel::Values::Staged);
        }
    }
    const auto withExample = [](const QString &text, const QString &example) {
        return example.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, example);
    };
    m_foreignKeys->addItem(withExample(tr("Keys"), key), false);
    m_foreignKeys->addItem(withExample(tr("Names, as the grid shows them"), name), true);
    transferchoices::offerOnlyWithReferences(m_foreignKeys, m_table);
}

void ExportDialog::setPath(const QString &path) {
    m_path->setText(path);
}

void ExportDialog::setScope(Scope scope) {
    (scope == Scope::WholeTable      ? m_whole
     : scope == Scope::FilterAndSort ? m_filtered
                                     : m_selected)
        ->setChecked(true);
}

void ExportDialog::updateNotes() {
    const bool changes = m_session->hasChanges();
    m_stagedNote->setText(
        m_staged->isChecked()
            ? tr("The file holds what the grid shows: staged values, new rows, and no rows marked "
                 "for delete — not yet what the database holds.")
            : tr("The file holds what the database holds now: staged edits are left out%1.")
                  .arg(changes ? tr(" (there are some)") : QString()));
    m_bom->setEnabled(io::TextFormat(m_format->currentData().toInt()) != io::TextFormat::Json);
}

io::ExportOptions ExportDialog::options() const {
    io::ExportOptions options;
    options.writer.format = io::TextFormat(m_format->currentData().toInt());
    options.writer.byteOrderMark = m_bom->isChecked() && m_bom->isEnabled();
    options.writer.nullText = m_nullText->text();
    options.includeStaged = m_staged->isChecked();
    options.foreignKeysAsLabels = m_foreignKeys->currentData().toBool();
    return options;
}

io::ExportResult ExportDialog::exportNow() {
    io::ExportResult result;
    // Written to a temporary file and renamed at the end: a cancelled or failed export leaves
    // no half file, and an existing file is replaced only by a whole one.
    QSaveFile file(m_path->text());
    if (m_path->text().isEmpty() || !file.open(QIODevice::WriteOnly)) {
        result.error = tr("The file cannot be written: %1").arg(file.errorString());
        m_problem->setText(result.error);
        return result;
    }
    QProgressDialog progress(tr("Exporting %1\u2026").arg(m_table.displayLabel()), tr("Cancel"), 0,
                             1000, this);
    progress.setObjectName(QStringLiteral("exportProgress"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    const auto onProgress = [&progress](qint64 done, qint64 total) {
        if (total > 0)
            progress.setValue(int(qMin<qint64>(done, total) * 1000 / total));
        QApplication::processEvents();
        return !progress.wasCanceled();
    };
    io::TableExporter exporter(*m_session, m_table, options());
    if (m_selected->isChecked()) {
        result = exporter.exportRecords(m_selection, &file, onProgress);
    } else {
        orm::Query query = m_whole->isChecked() ? orm::Query() : m_shown;
        result = exporter.exportQuery(query, &file, onProgress);
    }
    progress.reset();
    if (!result.error.isEmpty()) {
        file.cancelWriting();
        m_problem->setText(result.error);
        return result;
    }
    if (!file.commit()) {
        result.error = tr("The file cannot be written: %1").arg(file.errorString());
        m_problem->setText(result.error);
        return result;
    }
    accept();
    return result;
}

} // namespace ui
