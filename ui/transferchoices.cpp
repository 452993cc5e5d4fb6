#include "transferchoices.h"

#include "orm/table.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QStandardPaths>

namespace ui::transferchoices {

QDir defaultFolder() {
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(!documents.isEmpty() && QDir(documents).exists() ? documents : QDir::homePath());
}

void offerOnlyWithReferences(QComboBox *references, const orm::Table &table) {
    if (!table.parentRelationships().isEmpty())
        return;
    references->setEnabled(false);
    references->setToolTip(
        QCoreApplication::translate("ui::transferchoices", "%1 refers to no other table.")
            .arg(table.displayLabel()));
}

} // namespace ui::transferchoices
