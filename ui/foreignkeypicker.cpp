#include "foreignkeypicker.h"

#include "recordfilter.h"
#include "recordtablemodel.h"

#include "orm/session.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QStandardItemModel>
#include <QTimer>

#include <limits>

namespace ui {

ForeignKeyPicker::ForeignKeyPicker(orm::Session *session, const orm::Relationship &relationship,
                                   QWidget *parent)
    : QLineEdit(parent)
    , m_session(session)
    , m_relationship(relationship)
    , m_completer(new QCompleter(this))
    , m_matches(new QStandardItemModel(this))
    , m_debounce(new QTimer(this)) {
    setObjectName(QStringLiteral("foreignKeyPicker"));
    setMaxLength(std::numeric_limits<int>::max()); // QLineEdit's default cuts at 32767
    setPlaceholderText(tr("Type to search %1\u2026").arg(relationship.parent->className()));
    setClearButtonEnabled(relationship.foreignKeyNullable());
    m_completer->setModel(m_matches);
    // The query already filtered; the completer must show every match as it is.
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(12);
    setCompleter(m_completer);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, [this] { search(text()); });
    connect(this, &QLineEdit::textEdited, this, [this] {
        m_current.reset();
        m_debounce->start();
    });
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) {
                m_current = index.data(RecordTableModel::RecordRole).value<orm::RecordPtr>();
            });
}

void ForeignKeyPicker::setCurrentRecord(const orm::RecordPtr &record) {
    m_current = record;
    setText(record ? record->displayText() : QString());
    selectAll();
}

orm::RecordPtr ForeignKeyPicker::currentRecord() {
    const QString typed = text().trimmed();
    if (typed.isEmpty())
        return nullptr;
    if (m_current && m_current->displayText().compare(typed, Qt::CaseInsensitive) == 0)
        return m_current;
    search(typed);
    for (const orm::RecordPtr &record : std::as_const(m_results)) {
        if (record->displayText().compare(typed, Qt::CaseInsensitive) == 0)
            return record;
    }
    return m_results.size() == 1 ? m_results.first() : nullptr;
}

void ForeignKeyPicker::search(const QString &text) {
    m_results.clear();
    if (!m_session)
        return;
    const orm::Table &table = *m_relationship.parent;
    const int displayColumn =
        table.displayColumn() >= 0 ? table.displayColumn() : table.primaryKey();
    // New parents first: the database does not know them yet.
    for (const orm::RecordPtr &record : m_session->newRecords(table)) {
        if (record->displayText().contains(text.trimmed(), Qt::CaseInsensitive))
            m_results.append(record);
    }
    const QString typed = text.trimmed();
    const orm::Dialect &dialect = m_session->dialect();
    orm::Query query;
    if (dialect.storesNulInText() || !typed.contains(QChar(0))) {
        query.where =
            RecordFilter::containsTerm(dialect, dialect.quote(table.column(displayColumn).name));
        query.binds = RecordFilter::containsBinds(typed);
    } else {
        // No stored name can contain a NUL here, and PostgreSQL would refuse the parameter.
        query.where = QStringLiteral("1 = 0");
    }
    query.orderColumn = displayColumn;
    query.limit = ResultLimit;
    for (const orm::RecordPtr &record : m_session->query(table, query)) {
        if (!record->isMarkedForDelete() && !m_results.contains(record))
            m_results.append(record);
    }
    m_matches->clear();
    for (const orm::RecordPtr &record : std::as_const(m_results)) {
        auto *item = new QStandardItem(record->displayText());
        item->setData(QVariant::fromValue(record), RecordTableModel::RecordRole);
        item->setToolTip(record->displayName());
        m_matches->appendRow(item);
    }
    if (hasFocus() && !m_results.isEmpty())
        m_completer->complete();
    Q_EMIT searched(int(m_results.size()));
}

} // namespace ui
