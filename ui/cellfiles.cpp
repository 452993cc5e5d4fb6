#include "cellfiles.h"

#include "prompter.h"
#include "recordmodel.h"
#include "recordvalues.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace ui::cellfiles {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::CellFiles", text);
}

const orm::Column *columnOf(const QModelIndex &cell) {
    const auto *model = qobject_cast<const RecordModel *>(cell.model());
    return model ? &model->table().column(cell.column()) : nullptr;
}

} // namespace

bool saveValue(QWidget *parent, Prompter &prompter, const QModelIndex &cell, QString *message) {
    message->clear();
    const orm::Column *column = columnOf(cell);
    const QVariant value = cell.data(Qt::EditRole);
    if (!column || value.isNull()) {
        *message = tr("%1 is NULL here: there is nothing to save.")
                       .arg(column ? column->displayLabel() : tr("The cell"));
        return false;
    }
    const QString path = prompter.chooseFileToSave(
        parent, tr("Save %1 As").arg(column->displayLabel()), column->name);
    if (path.isEmpty())
        return false;
    const QByteArray bytes = value.typeId() == QMetaType::QByteArray
                                 ? value.toByteArray()
                                 : values::toText(*column, value).toUtf8();
    // Written beside and renamed over: a failed write leaves an existing file as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *message = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool loadValue(QWidget *parent, Prompter &prompter, const QModelIndex &cell, QString *message) {
    message->clear();
    auto *model = qobject_cast<RecordModel *>(const_cast<QAbstractItemModel *>(cell.model()));
    if (!model)
        return false;
    const orm::Column &column = model->table().column(cell.column());
    if (column.type != orm::ColumnType::Blob) {
        *message = tr("%1 holds %2, not bytes: a file can be loaded only into a blob column.")
                       .arg(column.displayLabel(), orm::columnTypeName(column.type));
        return false;
    }
    if (!(model->loadedFlags(cell) & Qt::ItemIsEditable)) {
        *message =
            tr("%1 is read-only here: a file cannot be loaded into it.").arg(column.displayLabel());
        return false;
    }
    const QString path =
        prompter.chooseFileToOpen(parent, tr("Load %1 From File").arg(column.displayLabel()));
    if (path.isEmpty())
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *message = tr("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *message = tr("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!model->setData(cell, bytes)) {
        *message = model->lastRefusal();
        return false;
    }
    return true;
}

} // namespace ui::cellfiles
