#include "pendingchangespane.h"

#include "cellpresenter.h"
#include "cellstyle.h"
#include "recordtablemodel.h"

#include "orm/namesakes.h"
#include "orm/record.h"
#include "orm/relationship.h"
#include "orm/session.h"
#include "orm/table.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

/// Changes listed in full (of each kind: an edit stays listed beside an import), and statements
/// shown: the rest are counted. A pane that listed a
/// 100,000-row import made 600,000 tree items and 200,000 lines after every edit (2.8 s, 560 MB).
constexpr qsizetype ListedChanges = 500;
constexpr qsizetype ShownStatements = 200;

/// One statement laid out clause by clause, so that a narrow pane shows its shape without
/// scrolling: SET, VALUES, WHERE and RETURNING start a line, so do each assignment of the SET
/// and each AND of the WHERE.
/// Keywords inside quoted literals and identifiers are left alone. Only long values still need
/// the horizontal scroll bar.
QString laidOut(const QString &statement) {
    static const struct {
        QLatin1String keyword;
        QLatin1String indent;
    } breaks[] = {{QLatin1String(" SET "), QLatin1String("\n  ")},
                  {QLatin1String(" VALUES "), QLatin1String("\n  ")},
                  {QLatin1String(" WHERE "), QLatin1String("\n  ")},
                  {QLatin1String(" AND "), QLatin1String("\n    ")},
                  {QLatin1String(" RETURNING "), QLatin1String("\n  ")}};
    QString result;
    result.reserve(statement.size() + 32);
    QChar quote;
    bool inSet = false;
    for (qsizetype i = 0; i < statement.size(); ++i) {
        const QChar c = statement.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar(); // a doubled quote closes and reopens: same result
            result += c;
            continue;
        }
        if (c == u'<' && QStringView(statement).sliced(i).startsWith(u"<new key of ")) {
            // A key not assigned yet names its record, quotes and all: copy it as it is
            qsizetype end = i;
            while ((end = statement.indexOf(u'>', end + 1)) >= 0) {
                const qsizetype next = end + 1;
                if (next == statement.size() || QStringLiteral(",; )").contains(statement.at(next)))
                    break;
            }
            if (end > i) {
                result += QStringView(statement).sliced(i, end - i + 1);
                i = end;
                continue;
            }
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
            result += c;
            continue;
        }
        if (inSet && c == u',' && i + 1 < statement.size() && statement.at(i + 1) == u' ') {
            result += QLatin1String(",\n      "); // one assignment per line, under the first
            ++i;
            continue;
        }
        bool broke = false;
        for (const auto &entry : breaks) {
            if (QStringView(statement).sliced(i).startsWith(entry.keyword)) {
                const QLatin1String keyword = entry.keyword.sliced(1, entry.keyword.size() - 2);
                inSet = keyword == QLatin1String("SET");
                result += entry.indent;
                result += keyword;
                result += u' ';
                i += entry.keyword.size() - 1;
                broke = true;
                break;
            }
        }
        if (!broke)
            result += c;
    }
    return result;
}

} // namespace

PendingChangesPane::PendingChangesPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_sql(new QPlainTextEdit(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_debounce(new QTimer(this)) {
    setObjectName(QStringLiteral("pendingChangesPane"));
    m_summary->setText(tr("No staged changes."));
    m_summary->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("pendingChangesTree"));
    m_tree->setColumnCount(1);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_sql->setObjectName(QStringLiteral("pendingSqlView"));
    m_sql->setReadOnly(true);
    // Statements are laid out clause by clause (laidOut()); a long value scrolls sideways rather
    // than wrapping into the next clause.
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sql->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sql->setPlaceholderText(tr("Nothing to commit."));
    m_splitter->setObjectName(QStringLiteral("pendingChangesSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_sql);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_splitter, 1);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);
    connect(m_debounce, &QTimer::timeout, this, &PendingChangesPane::refresh);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        for (; item; item = item->parent()) {
            const auto record = item->data(0, RecordTableModel::RecordRole).value<orm::RecordPtr>();
            if (record) {
                Q_EMIT recordActivated(record);
                return;
            }
        }
    });
}

void PendingChangesPane::setSession(orm::Session *session) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        connect(session, &orm::Session::recordAdded, this, &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::recordRemoved, this, &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::recordChanged, this, &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::recordStateChanged, this,
                &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::hasChangesChanged, this,
                &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::committed, this, &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::rolledBack, this, &PendingChangesPane::scheduleRefresh);
        connect(session, &orm::Session::schemaChanged, this, &PendingChangesPane::scheduleRefresh);
    }
    scheduleRefresh();
}

void PendingChangesPane::scheduleRefresh() {
    m_stale = true;
    if (isVisible())
        m_debounce->start();
}

void PendingChangesPane::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_stale)
        m_debounce->start();
}

QSet<const orm::Record *>
PendingChangesPane::namesakesOf(const QList<orm::PendingChange> &changes) {
    // A foreign key reads as the names the grid shows. The parents are read as a page of the grid
    // reads them: per parent table, those in memory from the identity map and the rest (a parent
    // the session let go of) in one query per chunk of keys, never one per parent.
    QHash<const orm::Table *, QVariantList> keys;
    QList<const orm::Table *> tables; // in the order first met, so that the queries are too
    for (const orm::PendingChange &change : changes) {
        const orm::Table &table = change.record->table();
        for (const orm::PendingChange::ColumnChange &column : change.columns) {
            const orm::Relationship *relationship = table.relationshipForColumn(column.column);
            if (!relationship)
                continue;
            for (const QVariant &key : {column.before, column.after}) {
                if (key.isNull())
                    continue;
                if (!keys.contains(relationship->parent))
                    tables << relationship->parent;
                keys[relationship->parent] << key;
            }
        }
    }
    orm::RecordList parents;
    for (const orm::Table *table : std::as_const(tables))
        parents += m_session->getMany(*table, keys.value(table));
    // One query per parent table, as for a page of the grid; on an error the names stand alone.
    return parents.isEmpty() ? QSet<const orm::Record *>()
                             : orm::Namesakes::find(*m_session, parents);
}

QString PendingChangesPane::valueText(const orm::RecordPtr &record, int column,
                                      const QVariant &value,
                                      const QSet<const orm::Record *> &namesakes) const {
    const orm::Relationship *relationship = record->table().relationshipForColumn(column);
    if (relationship && !value.isNull() && !namesakes.isEmpty()) {
        const orm::RecordPtr parent = m_session->findLoaded(*relationship->parent, value);
        if (parent && namesakes.contains(parent.get()))
            return QStringLiteral("\u201c%1\u201d").arg(orm::Namesakes::text(parent));
    }
    return CellPresenter::describe(record, column, value);
}

QString PendingChangesPane::columnText(const orm::PendingChange &change,
                                       const orm::PendingChange::ColumnChange &column,
                                       const QSet<const orm::Record *> &namesakes) const {
    const orm::RecordPtr &record = change.record;
    const orm::Relationship *relationship = record->table().relationshipForColumn(column.column);
    const QString after =
        column.afterText.isEmpty()
            ? valueText(record, column.column, column.after, namesakes)
            // the key of a new parent is not known yet: name the parent itself
            : (relationship ? CellPresenter::describeParent(record->parent(*relationship))
                            : column.afterText);
    if (change.kind == orm::PendingChange::Kind::New)
        return after;
    return tr("%1 \u2192 %2")
        .arg(valueText(record, column.column, column.before, namesakes), after);
}

void PendingChangesPane::refresh() {
    m_stale = false;
    m_tree->clear();
    m_sql->clear();
    if (!m_session || !m_session->hasChanges()) {
        m_summary->setText(tr("No staged changes."));
        return;
    }
    const orm::PendingListing listing = m_session->pendingListing(ListedChanges);
    const QList<orm::PendingChange> &changes = listing.changes;
    const QSet<const orm::Record *> namesakes = namesakesOf(changes);
    QTreeWidgetItem *groups[3] = {};
    const QString titles[3] = {tr("New"), tr("Modified"), tr("Deleted")};
    const QColor tints[3] = {cellstyle::newBackground(), cellstyle::modifiedBackground(),
                             cellstyle::deletedBackground()};
    qsizetype counts[3] = {};
    for (const orm::PendingListing::Count &count : listing.counts)
        counts[int(count.kind)] += count.count;
    const auto groupOf = [&](int kind) {
        if (!groups[kind]) {
            groups[kind] = new QTreeWidgetItem(m_tree);
            QFont font = groups[kind]->font(0);
            font.setBold(true);
            groups[kind]->setFont(0, font);
        }
        return groups[kind];
    };
    QHash<QPair<int, const orm::Table *>, qsizetype> listedIn; // by kind and table
    for (const orm::PendingChange &change : changes) {
        const int kind = int(change.kind);
        groupOf(kind);
        const orm::Table &table = change.record->table();
        ++listedIn[{kind, &table}];
        auto *item = new QTreeWidgetItem(groups[kind], {change.record->displayName()});
        if (!change.reason.isEmpty()) {
            item->setToolTip(0, change.reason);
            auto *why = new QTreeWidgetItem(item, {tr("because %1").arg(change.reason)});
            why->setForeground(0, cellstyle::deletedForeground());
        }
        for (const QString &effect : change.databaseEffects) {
            // What the database does to the rows that refer to an edited key, before commit.
            auto *line = new QTreeWidgetItem(item, {effect});
            line->setToolTip(0, effect); // a sentence wider than the pane reads whole here
            if (change.refusedByDatabase)
                line->setForeground(0, cellstyle::deletedForeground());
        }
        item->setData(0, RecordTableModel::RecordRole, QVariant::fromValue(change.record));
        item->setBackground(0, tints[kind]);
        if (change.kind == orm::PendingChange::Kind::Deleted)
            item->setFont(0, cellstyle::struckOut(item->font(0)));
        for (const orm::PendingChange::ColumnChange &column : change.columns) {
            const QString label = table.column(column.column).displayLabel();
            new QTreeWidgetItem(item,
                                {tr("%1: %2").arg(label, columnText(change, column, namesakes))});
        }
    }
    // What is not listed is counted, table by table, at the end of its group
    QList<QTreeWidgetItem *> unlisted;
    for (const orm::PendingListing::Count &count : listing.counts) {
        const int kind = int(count.kind);
        const qsizetype more = count.count - listedIn.value({kind, count.table});
        if (more > 0) {
            unlisted << new QTreeWidgetItem(
                groupOf(kind),
                {tr("\u2026 and %L1 more in %2").arg(more).arg(count.table->displayLabel())});
            unlisted.last()->setForeground(0, palette().color(QPalette::PlaceholderText));
        }
    }
    for (int kind = 0; kind < 3; ++kind) {
        if (groups[kind])
            groups[kind]->setText(0, tr("%1 (%L2)").arg(titles[kind]).arg(counts[kind]));
    }
    m_tree->expandAll();
    for (QTreeWidgetItem *item : std::as_const(unlisted))
        item->setExpanded(false);
    m_summary->setText(
        listing.total > changes.size()
            ? tr("Staged changes: %L1 (%L2 listed). Commit runs the SQL below.")
                  .arg(listing.total)
                  .arg(changes.size())
            : tr("Staged changes: %L1. Commit runs the SQL below.").arg(listing.total));
    qsizetype notShown = 0;
    QStringList statements = m_session->previewSql(ShownStatements, &notShown);
    for (QString &statement : statements)
        statement = laidOut(statement) + QLatin1Char(';');
    if (notShown > 0 && statements.size() >= 2) // before COMMIT
        statements.insert(
            statements.size() - 1,
            tr("-- \u2026 and %L1 more statements: Commit runs them all.").arg(notShown));
    m_sql->setPlainText(statements.join(QLatin1Char('\n')));
}

} // namespace ui
