#include "foreignkeyresolver.h"

#include "orm/namesakes.h"
#include "orm/relationship.h"
#include "orm/session.h"
#include "orm/values.h"

#include <QCoreApplication>
#include <QSet>

namespace io {

namespace {

constexpr qsizetype Chunk = 500;         // binds per query, well below either database's limit
constexpr qsizetype Remembered = 200000; // texts kept between batches; past it, looked up again

QString tr(const char *text) {
    return QCoreApplication::translate("io::ForeignKeyResolver", text);
}

} // namespace

ForeignKeyResolver::ForeignKeyResolver(orm::Session &session, const orm::Relationship &relationship,
                                       ForeignKeyInput input)
    : m_session(session)
    , m_relationship(relationship)
    , m_input(input) {
}

bool ForeignKeyResolver::isKey(const QString &text) const {
    if (m_input == ForeignKeyInput::Label)
        return false;
    if (m_input == ForeignKeyInput::Key)
        return true;
    bool isNumber = false;
    (void)text.trimmed().toLongLong(&isNumber);
    return isNumber;
}

ForeignKeyResolver::Match ForeignKeyResolver::match(const QString &text) const {
    return m_matches.value(text, Match{{}, {}, {}, tr("%1 was not looked up.").arg(text)});
}

bool ForeignKeyResolver::resolve(const QStringList &texts) {
    if (m_matches.size() > Remembered)
        m_matches.clear(); // bounded memory for a file that names a million different rows
    QStringList keys;
    QStringList labels;
    QSet<QString> seen;
    for (const QString &text : texts) {
        if (m_matches.contains(text) || seen.contains(text))
            continue;
        seen.insert(text);
        (isKey(text) ? keys : labels) << text;
    }
    return resolveKeys(keys) && resolveLabels(labels);
}

bool ForeignKeyResolver::resolveKeys(const QStringList &texts) {
    const orm::Table &parent = *m_relationship.parent;
    const int keyColumn = parent.primaryKey();
    for (qsizetype start = 0; start < texts.size(); start += Chunk) {
        const QStringList chunk = texts.mid(start, Chunk);
        QVariantList ids;
        QVariantList asked;
        for (const QString &text : chunk) {
            ids << orm::values::coerce(parent.column(keyColumn), text.trimmed());
            // Text no key can be ("Music (#8)" given as a number key) names no row: asked of
            // PostgreSQL, it would fail the whole query, and with it the import.
            if (orm::values::validate(parent.column(keyColumn), ids.last()).isEmpty())
                asked << ids.last();
        }
        orm::RecordList found = m_session.getMany(parent, asked);
        if (m_session.lastError().isError()) {
            m_error = m_session.lastError().message;
            return false;
        }
        QHash<QString, orm::RecordPtr> byKey;
        for (const orm::RecordPtr &record : std::as_const(found))
            byKey.insert(record->id().toString(), record);
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            const orm::RecordPtr record = byKey.value(ids.at(i).toString());
            if (record && !record->isMarkedForDelete())
                m_matches.insert(chunk.at(i),
                                 Match{record->id(), {}, m_keepRecords ? record : nullptr, {}});
            else
                m_matches.insert(chunk.at(i),
                                 Match{{},
                                       {},
                                       {},
                                       tr("There is no %1 with id %2.")
                                           .arg(parent.className(), chunk.at(i).trimmed())});
        }
        if (!m_keepRecords)
            m_session.releaseUnused(std::move(found));
    }
    return true;
}

bool ForeignKeyResolver::resolveLabels(const QStringList &texts) {
    const orm::Table &parent = *m_relationship.parent;
    const int column = parent.displayColumn();
    if (texts.isEmpty())
        return true;
    if (column < 0 || parent.primaryKey() < 0) {
        for (const QString &text : texts)
            m_matches.insert(text, Match{{},
                                         {},
                                         {},
                                         tr("%1 has no name to look it up by: give its "
                                            "id.")
                                             .arg(parent.className())});
        return true;
    }
    QHash<QString, orm::RecordList> named;
    if (!findNamed(texts, &named))
        return false;
    QHash<QString, orm::RecordPtr> byKey;
    if (!resolveKeyedLabels(texts, &byKey))
        return false;
    for (const QString &text : texts) {
        orm::RecordList records = named.value(text.trimmed().toCaseFolded());
        if (records.size() > 1) {
            // "Music" and "music" are two labels to the database and in the grid (Namesakes): the
            // one written exactly as given is the one meant.
            orm::RecordList exact;
            for (const orm::RecordPtr &record : std::as_const(records)) {
                if (displayValue(*record) == text.trimmed() ||
                    record->displayText() == text.trimmed())
                    exact.append(record);
            }
            if (exact.size() == 1)
                records = exact;
        }
        QString label;
        QString key;
        const bool withKey = orm::Namesakes::parse(text.trimmed(), &label, &key);
        const orm::RecordPtr keyed = withKey ? byKey.value(key.trimmed()) : nullptr;
        // The name a cell shows beside its key (Namesakes::text(): every label column). A text
        // that is someone's name as it stands ("Mix (#2)") names that row when the key's does not.
        const bool keyedMatches = keyed && !keyed->isMarkedForDelete() &&
                                  keyed->displayText().toCaseFolded() == label.toCaseFolded();
        Match match;
        if (keyedMatches || records.size() == 1) {
            const orm::RecordPtr &record = keyedMatches ? keyed : records.first();
            if (record->state() == orm::ObjectState::Pending)
                match.newParent = record;
            else
                match.key = record->id();
            if (m_keepRecords)
                match.record = record;
        } else if (withKey && records.isEmpty()) {
            match.error =
                !keyed || keyed->isMarkedForDelete()
                    ? tr("There is no %1 with id %2.").arg(parent.className(), key.trimmed())
                    : tr("%1 %2 is named \u201c%3\u201d, not \u201c%4\u201d.")
                          .arg(parent.className(), key.trimmed(), keyed->displayText(), label);
        } else if (records.isEmpty()) {
            match.error = tr("No %1 matches \u201c%2\u201d.").arg(parent.className(), text);
        } else {
            // Say how the grid tells them apart ("Music (#8)"), so that the text can be corrected
            // to one of them: short, as a status bar shows it after the row and column.
            QStringList forms;
            for (const orm::RecordPtr &record : std::as_const(records)) {
                if (!record->id().isNull() && forms.size() < 3)
                    forms << QStringLiteral("\u201c%1\u201d").arg(orm::Namesakes::text(record));
            }
            match.error = forms.isEmpty()
                              ? tr("More than one %1 is named \u201c%2\u201d: give its id instead.")
                                    .arg(parent.className(), text)
                              : tr("More than one %1 is named \u201c%2\u201d: write %3.")
                                    .arg(parent.className(), text, forms.join(tr(" or ")));
        }
        m_matches.insert(text, match);
    }
    if (!m_keepRecords) { // as resolveKeys(): an import of a million rows keeps keys only
        orm::RecordList held = byKey.values();
        byKey.clear();
        m_session.releaseUnused(std::move(held));
    }
    return true;
}

QString ForeignKeyResolver::displayValue(const orm::Record &record) const {
    // As a cell shows it: 'English' for a character(20) column's 'English' and 13 blanks, as
    // PostgreSQL's own comparison has it.
    const orm::Table &parent = *m_relationship.parent;
    const int column = parent.displayColumn();
    QString label = record.value(column).toString();
    while (parent.column(column).blankPadded && label.endsWith(QLatin1Char(' ')))
        label.chop(1);
    return label;
}

bool ForeignKeyResolver::findNamed(const QStringList &texts,
                                   QHash<QString, orm::RecordList> *named) {
    const orm::Table &parent = *m_relationship.parent;
    const int column = parent.displayColumn();
    // A row named by two columns reads "Jane Peacock" in the grid and in what Copy takes; the
    // display column (last_name) is the end of that text after a blank, so every such end is
    // asked for, and the whole label compared in memory.
    const bool severalColumns = parent.labelColumns().size() > 1;
    QSet<QString> asked;
    for (const QString &text : texts) {
        const QString folded = text.trimmed().toCaseFolded();
        named->insert(folded, {});
        asked.insert(folded);
        for (qsizetype blank = folded.indexOf(QLatin1Char(' ')); severalColumns && blank >= 0;
             blank = folded.indexOf(QLatin1Char(' '), blank + 1))
            asked.insert(folded.mid(blank + 1));
    }
    // Every record each folded label names: new records (staged names), then the database's.
    const auto consider = [&](const orm::RecordPtr &record) {
        if (record->isMarkedForDelete())
            return;
        QStringList labels{displayValue(*record).toCaseFolded()};
        if (severalColumns)
            labels << record->displayText().toCaseFolded();
        for (const QString &label : std::as_const(labels)) {
            const auto it = named->find(label);
            if (it != named->end() && !it->contains(record))
                it->append(record);
        }
    };
    for (const orm::RecordPtr &record : m_session.newRecords(parent))
        consider(record);
    const QString quoted = m_session.dialect().quote(parent.column(column).name);
    const QStringList folded(asked.cbegin(), asked.cend());
    for (qsizetype start = 0; start < folded.size(); start += Chunk) {
        const QStringList chunk = folded.mid(start, Chunk);
        orm::Query query;
        QStringList placeholders;
        for (const QString &label : chunk) {
            placeholders << QStringLiteral("lower(?)");
            query.binds << label;
        }
        query.where =
            QStringLiteral("lower(%1) IN (%2)").arg(quoted, placeholders.join(QLatin1Char(',')));
        orm::RecordList rows = m_session.query(parent, query);
        if (m_session.lastError().isError()) {
            m_error = m_session.lastError().message;
            return false;
        }
        for (const orm::RecordPtr &record : std::as_const(rows))
            consider(record);
    }
    return true;
}

bool ForeignKeyResolver::resolveKeyedLabels(const QStringList &texts,
                                            QHash<QString, orm::RecordPtr> *byKey) {
    const orm::Table &parent = *m_relationship.parent;
    const orm::Column &keyColumn = parent.column(parent.primaryKey());
    QVariantList ids;
    QStringList keyTexts;
    QSet<QString> seen;
    for (const QString &text : texts) {
        QString label;
        QString key;
        if (!orm::Namesakes::parse(text.trimmed(), &label, &key) || seen.contains(key.trimmed()))
            continue;
        seen.insert(key.trimmed());
        const QVariant id = orm::values::coerce(keyColumn, key.trimmed());
        // Not a key this column can hold ("Mix (#two)" for a number key): a label, or nothing.
        // Never asked of the database, which would refuse the whole query over it.
        if (id.isNull() || !orm::values::validate(keyColumn, id).isEmpty())
            continue;
        keyTexts << key.trimmed();
        ids << id;
    }
    for (qsizetype start = 0; start < ids.size(); start += Chunk) {
        const QVariantList chunk = ids.mid(start, Chunk);
        orm::RecordList found = m_session.getMany(parent, chunk);
        if (m_session.lastError().isError()) {
            m_error = m_session.lastError().message;
            return false;
        }
        QHash<QString, orm::RecordPtr> held;
        for (const orm::RecordPtr &record : std::as_const(found))
            held.insert(record->id().toString(), record);
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (const orm::RecordPtr record = held.value(chunk.at(i).toString()))
                byKey->insert(keyTexts.at(start + i), record);
        }
    }
    return true;
}

} // namespace io
