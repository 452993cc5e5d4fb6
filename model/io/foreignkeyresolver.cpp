#include "foreignkeyresolver.h"

#include "orm/labelreader.h"
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
            m_error = m_session.lastError().message();
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
    if (texts.isEmpty())
        return true;
    // One reading of labels for paste, import and typed values (orm::LabelReader)
    QHash<QString, orm::LabelReader::Reading> readings;
    orm::LabelReader reader(m_session, *m_relationship.parent);
    if (!reader.read(texts, &readings, &m_error))
        return false;
    for (auto reading = readings.begin(); reading != readings.end(); ++reading) {
        Match match;
        match.error = reading->error;
        if (const orm::RecordPtr &record = reading->record) {
            if (record->state() == orm::ObjectState::Pending)
                match.newParent = record;
            else
                match.key = record->id();
            if (m_keepRecords)
                match.record = record;
        }
        m_matches.insert(reading.key(), match);
    }
    if (!m_keepRecords) { // as resolveKeys(): an import of a million rows keeps keys only
        orm::RecordList named;
        for (const orm::LabelReader::Reading &reading : std::as_const(readings)) {
            if (reading.record)
                named.append(reading.record);
        }
        readings.clear();
        m_session.releaseUnused(std::move(named));
    }
    return true;
}

} // namespace io
