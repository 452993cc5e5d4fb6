#include "datatransfer.h"

#include "edithistory.h"
#include "exportdialog.h"
#include "importcsvdialog.h"
#include "mainactions.h"
#include "recordfilter.h"
#include "recordtablemodel.h"
#include "setcellsdialog.h"
#include "tablebrowser.h"
#include "transferchoices.h"

#include "io/foreignkeyresolver.h"
#include "orm/relationship.h"
#include "orm/session.h"
#include "orm/valueinput.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QMimeData>
#include <QSet>
#include <QTableView>

namespace ui {

namespace {

/// The selected cells of a view, leaving out hidden columns (SQLite's rowid).
QModelIndexList selectedCells(const QTableView *view) {
    QModelIndexList cells;
    if (!view || !view->selectionModel())
        return cells;
    for (const QModelIndex &index : view->selectionModel()->selectedIndexes()) {
        if (!view->isColumnHidden(index.column()))
            cells << index;
    }
    if (cells.isEmpty() && view->currentIndex().isValid())
        cells << view->currentIndex();
    return cells;
}

} // namespace

DataTransfer::DataTransfer(QWidget *window, TableBrowser *browser, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_browser(browser) {
}

void DataTransfer::setSession(orm::Session *session, EditHistory *history) {
    m_session = session;
    m_history = history;
    acceptDroppedFiles();
}

namespace {

/// The one local delimited-text file a drag carries, or an empty string.
QString droppedFile(const QMimeData *data) {
    if (!data || !data->hasUrls() || data->urls().size() != 1 ||
        !data->urls().first().isLocalFile())
        return {};
    const QString path = data->urls().first().toLocalFile();
    const QString suffix = QFileInfo(path).suffix().toLower();
    static const QStringList imported = {QStringLiteral("csv"),   QStringLiteral("tsv"),
                                         QStringLiteral("txt"),   QStringLiteral("json"),
                                         QStringLiteral("jsonl"), QStringLiteral("ndjson")};
    return imported.contains(suffix) ? path : QString();
}

} // namespace

void DataTransfer::acceptDroppedFiles() {
    if (!m_session)
        return;
    for (RecordTableModel *model : m_browser->models()) {
        QTableView *view = m_browser->viewFor(model->table());
        if (!view || view->viewport()->property("shelfTakesCsv").toBool())
            continue;
        view->viewport()->setProperty("shelfTakesCsv", true);
        view->viewport()->setAcceptDrops(true);
        view->viewport()->installEventFilter(this);
    }
}

bool DataTransfer::eventFilter(QObject *watched, QEvent *event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
        return QObject::eventFilter(watched, event);
    auto *drop = static_cast<QDropEvent *>(event);
    const QString path = droppedFile(drop->mimeData());
    if (path.isEmpty())
        return QObject::eventFilter(watched, event);
    drop->acceptProposedAction();
    if (type == QEvent::Drop) {
        for (RecordTableModel *model : m_browser->models()) {
            QTableView *view = m_browser->viewFor(model->table());
            if (view && view->viewport() == watched)
                m_browser->setCurrentTable(model->table());
        }
        if (ImportCsvDialog *dialog = importCsv(path))
            dialog->open();
    }
    return true;
}

void DataTransfer::attach(const MainActions &actions) {
    connect(actions.importCsv, &QAction::triggered, this, [this] {
        if (ImportCsvDialog *dialog = importCsv())
            dialog->open();
    });
    connect(actions.exportData, &QAction::triggered, this, [this] {
        if (ExportDialog *dialog = exportData())
            dialog->open();
    });
    connect(actions.copy, &QAction::triggered, this,
            [this] { copy(clipboard::CopyMode::AsShown); });
    connect(actions.copyRaw, &QAction::triggered, this, [this] { copy(clipboard::CopyMode::Raw); });
    connect(actions.copyWithHeaders, &QAction::triggered, this,
            [this] { copy(clipboard::CopyMode::AsShown, true); });
    connect(actions.paste, &QAction::triggered, this, [this] { (void)paste(); });
    connect(actions.duplicate, &QAction::triggered, this, [this] { (void)duplicate(); });
    connect(actions.setCells, &QAction::triggered, this, &DataTransfer::askForSelectedCells);
}

void DataTransfer::report(const QString &message, bool refusal) {
    m_lastMessage = message;
    if (refusal)
        Q_EMIT refused(message);
    else
        Q_EMIT done(message);
}

ImportCsvDialog *DataTransfer::importCsv(const QString &given) {
    RecordTableModel *model = m_browser->currentModel();
    if (!m_session || !model || !m_browser->commitOpenEditor())
        return nullptr;
    const QString path =
        given.isEmpty() ? QFileDialog::getOpenFileName(
                              m_window, tr("Import into %1").arg(model->table().displayLabel()),
                              transferchoices::defaultFolder().path(),
                              tr("Delimited text or JSON (*.csv *.tsv *.txt *.json *.jsonl "
                                 "*.ndjson);;All files (*)"))
                        : given;
    if (path.isEmpty())
        return nullptr;
    auto *dialog = new ImportCsvDialog(m_session, model->table(), path, m_history, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this] { report(tr("Rows imported and staged: commit to write them."), false); });
    return dialog;
}

ExportDialog *DataTransfer::exportData() {
    RecordTableModel *model = m_browser->currentModel();
    QTableView *view = m_browser->currentView();
    if (!m_session || !model || !view || !m_browser->commitOpenEditor())
        return nullptr;
    // What the grid shows: its filter in SQL and the sort of its header.
    orm::Query shown;
    RecordFilter(*m_session, model->table(), model->filter()).apply(&shown);
    if (view->isSortingEnabled() && view->horizontalHeader()->sortIndicatorSection() >= 0) {
        shown.orderColumn = view->horizontalHeader()->sortIndicatorSection();
        shown.order = view->horizontalHeader()->sortIndicatorOrder();
        shown.orderByReferencedName = true;
    }
    orm::RecordList selection;
    if (m_browser->activeView() == view)
        selection = m_browser->selectedRecords();
    auto *dialog = new ExportDialog(m_session, model->table(), shown, selection, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // What the user narrowed the grid to is what they mean to export: rows they picked, else
    // what the filter shows (exporting a filtered table wrote the whole table)
    if (selection.size() > 1)
        dialog->setScope(ExportDialog::Scope::Selection);
    else if (!shown.where.isEmpty())
        dialog->setScope(ExportDialog::Scope::FilterAndSort);
    return dialog;
}

void DataTransfer::copy(clipboard::CopyMode mode, bool headers) {
    QTableView *view = m_browser->activeView();
    RecordModel *model = m_browser->activeModel();
    const QModelIndexList cells = selectedCells(view);
    if (!model || cells.isEmpty())
        return;
    QApplication::clipboard()->setMimeData(clipboard::mimeFor(*model, cells, mode, headers));
    report(tr("Copied %L1 cells.").arg(cells.size()), false);
}

bool DataTransfer::paste() {
    QTableView *view = m_browser->activeView();
    RecordModel *model = m_browser->activeModel();
    const QMimeData *data = QApplication::clipboard()->mimeData();
    if (!m_session || !model || !view || !data || !m_browser->commitOpenEditor())
        return false;
    const QModelIndex current = view->currentIndex();
    QModelIndexList cells = selectedCells(view);
    if (!cells.contains(current))
        cells = {current}; // a selection the current cell left: the paste goes where it is
    QSet<int> columns;
    QModelIndex anchor = current;
    for (const QModelIndex &cell : std::as_const(cells)) {
        columns.insert(cell.column());
        // A block goes at the selection's top-left: the current cell, where the selecting ended,
        // may be its foot.
        if (cell.row() < anchor.row() || cell.column() < anchor.column())
            anchor =
                model->index(qMin(cell.row(), anchor.row()), qMin(cell.column(), anchor.column()));
    }
    // One value over several cells of a column goes into each, checked once at the current cell.
    const bool fill = cells.size() > 1 && columns.size() == 1 && clipboard::isOneCell(data);
    clipboard::PastePlan plan;
    QString error;
    if (!clipboard::planPaste(*m_session, *model, fill ? current : anchor, data, &plan, &error)) {
        report(tr("Nothing pasted. %1").arg(error), true);
        return false;
    }
    if (fill)
        return fillCells(*model, cells, plan,
                         tr("Pasted %L1 cells; 0 new rows.").arg(cells.size()));
    (void)clipboard::applyPaste(*m_session, *model, m_history, plan);
    report(tr("Pasted %L1 cells; %L2 new rows.").arg(plan.cells.size()).arg(plan.newRows), false);
    return true;
}

bool DataTransfer::duplicate() {
    RecordModel *model = m_browser->activeModel();
    const orm::RecordList originals = m_browser->selectedRecords();
    if (!m_session || !model || originals.isEmpty() || !m_browser->commitOpenEditor())
        return false;
    const orm::Table &table = model->table();
    if (table.isReadOnly()) {
        report(tr("%1 is read-only (%2).").arg(table.displayLabel(), table.readOnlyReason()), true);
        return false;
    }
    // The copies: every writable value, references to the same parents — but not a key the
    // database gives, nor a value no two rows may share (a key typed by hand, a UNIQUE column):
    // a copy of it could only be refused at commit, so it is left for the user to type.
    // Which columns a copy takes, decided once for every copy.
    QList<int> copied;
    QStringList toType;
    for (int column = 0; column < table.columnCount(); ++column) {
        const orm::Column &c = table.column(column);
        if (mustDifferInACopy(table, column))
            toType << c.displayLabel();
        else if (c.isWritable() && !(table.isKeyColumn(column) && c.autoIncrement))
            copied << column;
    }
    orm::RecordList copies;
    QList<QList<QPair<const orm::Relationship *, orm::RecordPtr>>> parents;
    for (const orm::RecordPtr &original : originals) {
        orm::RecordPtr copy = table.createRecord();
        QList<QPair<const orm::Relationship *, orm::RecordPtr>> references;
        for (int column : std::as_const(copied)) {
            if (const orm::Relationship *relationship = table.relationshipForColumn(column))
                references.append({relationship, original->parent(*relationship)});
            else
                (void)copy->setValue(column, original->value(column));
        }
        copies << copy;
        parents << references;
    }
    orm::Session *session = m_session;
    const auto apply = [session, copies, parents] {
        for (qsizetype i = 0; i < copies.size(); ++i) {
            for (const auto &[relationship, parent] : parents.at(i))
                (void)copies.at(i)->setParent(*relationship, parent);
            session->add(copies.at(i));
        }
    };
    apply();
    if (m_history)
        m_history->pushBatch(copies.size() == 1
                                 ? tr("Duplicate %1").arg(originals.first()->displayName())
                                 : tr("Duplicate %L1 records").arg(copies.size()),
                             apply);
    m_browser->revealRecord(copies.last());
    const QString staged =
        copies.size() == 1 ? tr("1 copy staged.") : tr("%L1 copies staged.").arg(copies.size());
    report(toType.isEmpty()
               ? staged
               : tr("%1 Type %2 for each: no two rows of %3 may share them.")
                     .arg(staged, toType.join(QStringLiteral(", ")), table.displayLabel()),
           false);
    return true;
}

bool DataTransfer::mustDifferInACopy(const orm::Table &table, int column) {
    const orm::Column &c = table.column(column);
    // A reference stays: a junction row's copy keeps its parents, and the user re-points one.
    if (!c.isWritable() || table.relationshipForColumn(column))
        return false;
    // A key part the database does not give (an invoice line's number beside its invoice).
    if (table.isKeyColumn(column))
        return !c.autoIncrement;
    if (c.unique)
        return true;
    for (const orm::UniqueKey &unique : table.uniqueKeys()) {
        if (unique.columns == QList<int>{column})
            return true;
    }
    return false;
}

void DataTransfer::askForSelectedCells() {
    const QModelIndexList cells = selectedCells(m_browser->activeView());
    RecordModel *model = m_browser->activeModel();
    if (!model || cells.isEmpty())
        return;
    SetCellsDialog dialog(m_session, model->table(), cells.first().column(), cells.size(),
                          cells.first().data(Qt::EditRole), m_window);
    if (dialog.exec() == QDialog::Accepted)
        (void)setSelectedCells(dialog.valueText());
}

bool DataTransfer::setSelectedCells(const QString &text) {
    RecordModel *model = m_browser->activeModel();
    const QModelIndexList cells = selectedCells(m_browser->activeView());
    if (!m_session || !model || cells.isEmpty() || !m_browser->commitOpenEditor())
        return false;
    QSet<int> columns;
    for (const QModelIndex &index : cells)
        columns.insert(index.column());
    if (columns.size() != 1) {
        report(tr("Select cells of one column: one value goes into all of them."), true);
        return false;
    }
    // The same block a paste of one value into each row would be: checked the same way.
    clipboard::PastePlan plan;
    QString error;
    auto data = std::make_unique<QMimeData>();
    // Quoted, so that the whole text is one cell whatever it holds (a tab, a line break, nothing).
    data->setText(QLatin1Char('"') +
                  QString(text).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
                  QLatin1Char('"'));
    // The value is checked (and a reference looked up) once, at the first cell; the other cells
    // only need to take it.
    if (!clipboard::planPaste(*m_session, *model, cells.first(), data.get(), &plan, &error)) {
        report(tr("Nothing set. %1").arg(error), true);
        return false;
    }
    // The undo step names what the user did: a set, not the paste it is staged as
    const QString step =
        cells.size() == 1
            ? tr("Set %1").arg(model->table().column(cells.first().column()).displayLabel())
            : tr("Set %L1 cells").arg(cells.size());
    return fillCells(*model, cells, plan, tr("Set %L1 cells.").arg(cells.size()), step);
}

bool DataTransfer::fillCells(RecordModel &model, const QModelIndexList &cells,
                             const clipboard::PastePlan &first, const QString &done,
                             const QString &step) {
    clipboard::PastePlan all;
    all.columns = 1;
    for (const QModelIndex &index : cells) {
        const orm::RecordPtr record = model.record(index.row());
        if (!record || record->isMarkedForDelete() ||
            !(model.loadedFlags(index) & Qt::ItemIsEditable)) {
            report(tr("Nothing set. Row %1 cannot take a value in %2.")
                       .arg(index.row() + 1)
                       .arg(model.table().column(index.column()).displayLabel()),
                   true);
            return false;
        }
        clipboard::PastePlan::Cell cell = first.cells.value(0);
        cell.rowInBlock = int(all.existing.size());
        all.existing << record;
        all.cells << cell;
    }
    all.rows = int(all.existing.size());
    (void)clipboard::applyPaste(*m_session, model, m_history, all, step);
    report(done, false);
    return true;
}

} // namespace ui
