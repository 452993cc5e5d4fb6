#include "foreignkeypicker.h"

#include "recordfilter.h"
#include "recordtablemodel.h"

#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/session.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHash>
#include <QKeyEvent>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTimer>
#include <algorithm>

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
                Q_EMIT submitted(); // a click in the list is a choice made
            });
}

void ForeignKeyPicker::focusInEvent(QFocusEvent *event) {
    QLineEdit::focusInEvent(event);
    if (m_listed)
        return;
    m_listed = true;
    // Every record matches the empty text: the first ones, by name, with the current one's
    // text kept selected so that typing replaces it.
    search(QString());
}

void ForeignKeyPicker::keyPressEvent(QKeyEvent *event) {
    // With the list open, QCompleter hands Return here after taking the highlighted entry (and
    // past the item delegate's event filter): either way, Enter ends the choice.
    QLineEdit::keyPressEvent(event);
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        Q_EMIT submitted();
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
    // A picked entry is that record, whatever other records share its name.
    if (m_current && (labelFor(m_current).compare(typed, Qt::CaseInsensitive) == 0 ||
                      m_current->displayText().compare(typed, Qt::CaseInsensitive) == 0))
        return m_current;
    if (const orm::RecordPtr listed = resultLabelled(typed))
        return listed;
    // Typed: search the name, or the name in a disambiguated entry ("copy (#4)").
    static const QRegularExpression labelled(QStringLiteral("^(.*) \\(#\\d+\\)$"));
    const QRegularExpressionMatch match = labelled.match(typed);
    search(match.hasMatch() ? match.captured(1) : typed);
    if (const orm::RecordPtr listed = resultLabelled(typed))
        return listed;
    orm::RecordPtr exact;
    for (const orm::RecordPtr &record : std::as_const(m_results)) {
        if (record->displayText().compare(typed, Qt::CaseInsensitive) != 0)
            continue;
        if (exact)
            return nullptr; // several records have that name: the user has to pick one
        exact = record;
    }
    if (exact)
        return exact;
    return m_results.size() == 1 ? m_results.first() : nullptr;
}

QString ForeignKeyPicker::labelFor(const orm::RecordPtr &record) const {
    const qsizetype index = m_results.indexOf(record);
    return index >= 0 ? m_labels.at(index) : record->displayText();
}

orm::RecordPtr ForeignKeyPicker::resultLabelled(const QString &text) const {
    for (qsizetype i = 0; i < m_results.size(); ++i) {
        if (m_labels.at(i).compare(text, Qt::CaseInsensitive) == 0 &&
            m_labels.at(i) != m_results.at(i)->displayText())
            return m_results.at(i);
    }
    return nullptr;
}

void ForeignKeyPicker::search(const QString &text) {
    m_results.clear();
    m_labels.clear();
    if (!m_session)
        return;
    const orm::Table &table = *m_relationship.parent;
    // A row is found by the words of its label, in any of its columns and any order ("Michael
    // Mitchell", "mitch", "Peacock Jane" for a first and a last name), or by its key when no
    // column names it.
    QList<int> searchColumns = table.labelColumns();
    if (searchColumns.isEmpty())
        searchColumns = table.primaryKeyColumns();
    const QString typed = text.trimmed();
    const QStringList words = typed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const auto named = [&words](const QString &label) {
        return std::all_of(words.cbegin(), words.cend(), [&label](const QString &word) {
            return label.contains(word, Qt::CaseInsensitive);
        });
    };
    // New parents first: the database does not know them yet.
    for (const orm::RecordPtr &record : m_session->newRecords(table)) {
        if (named(record->displayText()))
            m_results.append(record);
    }
    const orm::Dialect &dialect = m_session->dialect();
    orm::Query query;
    QStringList conditions; // one a word: some column holds it
    for (const QString &word : words) {
        QStringList terms;
        for (int column : std::as_const(searchColumns)) {
            const orm::Column &searchedColumn = table.column(column);
            const QString quoted = dialect.quote(searchedColumn.name);
            bool number = false;
            const qlonglong value = word.toLongLong(&number);
            if (searchedColumn.type == orm::ColumnType::Text &&
                (dialect.storesNulInText() || !word.contains(QChar(0)))) {
                terms << RecordFilter::containsTerm(dialect, quoted);
                query.binds << RecordFilter::containsBinds(word);
            } else if (searchedColumn.type == orm::ColumnType::Integer && number) {
                terms << QStringLiteral("%1 = ?").arg(quoted);
                query.binds << value;
            }
        }
        // No column can hold this word (a NUL on PostgreSQL, letters for a number key).
        conditions << (terms.isEmpty() ? QStringLiteral("1 = 0")
                                       : QLatin1Char('(') + terms.join(QLatin1String(" OR ")) +
                                             QLatin1Char(')'));
    }
    query.where = conditions.join(QLatin1String(" AND "));
    query.orderColumn = table.displayColumn() >= 0 ? table.displayColumn() : searchColumns.first();
    query.limit = ResultLimit;
    for (const orm::RecordPtr &record : m_session->query(table, query)) {
        if (!record->isMarkedForDelete() && !m_results.contains(record))
            m_results.append(record);
    }
    // Records that share a name are told apart by their key ("copy (#4)"), new ones by their
    // place among the new records; the list shows each entry once.
    QHash<QString, int> namesakes;
    for (const orm::RecordPtr &record : std::as_const(m_results))
        ++namesakes[record->displayText().toCaseFolded()];
    m_labels.clear();
    int newCount = 0;
    for (const orm::RecordPtr &record : std::as_const(m_results)) {
        const bool isNew = record->id().isNull();
        if (isNew)
            ++newCount;
        QString label = record->displayText();
        if (namesakes.value(label.toCaseFolded()) > 1) {
            // The key as the grid's cells show it, which paste and import read back
            label =
                isNew ? tr("%1 (new %2)").arg(label).arg(newCount) : orm::Namesakes::text(record);
        }
        m_labels.append(label);
    }
    m_matches->clear();
    for (qsizetype i = 0; i < m_results.size(); ++i) {
        const orm::RecordPtr &record = m_results.at(i);
        auto *item = new QStandardItem(m_labels.at(i));
        item->setData(QVariant::fromValue(record), RecordTableModel::RecordRole);
        item->setToolTip(record->displayName());
        m_matches->appendRow(item);
    }
    if (m_results.isEmpty() && !text.trimmed().isEmpty()) {
        // Said in the list, which would otherwise stay open and blank: nothing can be taken from
        // it (the entry is not enabled), and Enter still hands the text to the cell, which says
        // why it cannot take it.
        auto *none =
            new QStandardItem(tr("No %1 matches \u201c%2\u201d")
                                  .arg(m_relationship.parent->className(), text.trimmed()));
        none->setFlags(Qt::NoItemFlags);
        m_matches->appendRow(none);
        if (hasFocus()) {
            m_completer->setCompletionPrefix(QString());
            m_completer->complete();
            m_completer->popup()->setCurrentIndex(QModelIndex());
        }
    }
    if (hasFocus() && !m_results.isEmpty()) {
        // The entry matching the text is highlighted (so Enter keeps the current choice), none
        // when the text matches no entry's start (Enter then takes what was typed).
        m_completer->setCompletionPrefix(this->text());
        m_completer->complete();
        // An empty text matches every entry's start: nothing is highlighted then, or Enter and
        // Tab would take the first entry unasked.
        if (this->text().isEmpty())
            m_completer->popup()->setCurrentIndex(QModelIndex());
    }
    Q_EMIT searched(int(m_results.size()));
}

} // namespace ui
