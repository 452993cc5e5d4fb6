#include "foreignkeyresolver.h"

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
        for (const QString &text : chunk)
            ids << orm::values::coerce(parent.column(keyColumn), text.trimmed());
        orm::RecordList found = m_session.getMany(parent, ids);
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
    // Every record each folded label names: new records (staged names), then the database's.
    QHash<QString, orm::RecordList> named;
    for (const QString &text : texts)
        named.insert(text.trimmed().toCaseFolded(), {});
    const auto consider = [&](const orm::RecordPtr &record) {
        const auto it = named.find(record->value(column).toString().toCaseFolded());
        if (it != named.end() && !record->isMarkedForDelete() && !it->contains(record))
            it->append(record);
    };
    for (const orm::RecordPtr &record : m_session.newRecords(parent))
        consider(record);
    const QString quoted = m_session.dialect().quote(parent.column(column).name);
    const QStringList folded = named.keys();
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
    for (const QString &text : texts) {
        const orm::RecordList &records = named.value(text.trimmed().toCaseFolded());
        Match match;
        if (records.size() == 1) {
            const orm::RecordPtr &record = records.first();
            if (record->state() == orm::ObjectState::Pending)
                match.newParent = record;
            else
                match.key = record->id();
            if (m_keepRecords)
                match.record = record;
        } else if (records.isEmpty()) {
            match.error = tr("No %1 matches \u201c%2\u201d.").arg(parent.className(), text);
        } else {
            match.error = tr("More than one %1 is named \u201c%2\u201d: give its id instead.")
                              .arg(parent.className(), text);
        }
        m_matches.insert(text, match);
    }
    return true;
}

} // namespace io
