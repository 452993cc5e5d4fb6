#include "labelreader.h"

#include "loader.h"
#include "namesakes.h"
#include "record.h"
#include "rowlabel.h"
#include "session.h"
#include "statementbuilder.h"
#include "table.h"
#include "values.h"

#include <QCoreApplication>
#include <QSet>
#include <algorithm>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::LabelReader", text);
}

QString quoted(const QString &text) {
    return QStringLiteral("\u201c%1\u201d").arg(text);
}

/// How a text reached a row, for the message when it reached several.
enum class Via { Label, Key, New };

struct Candidate {
    RecordPtr record;
    bool exact = false; ///< named in its exact case
    Via via = Via::Label;
};

} // namespace

struct LabelReader::Parsed {
    QString given; ///< as passed to read()
    QString text;  ///< blanks around it off
    QString label; ///< of "Music (#8)" or "Music (new)"
    QString key;   ///< of "Music (#8)", trimmed
    QVariant id;   ///< the key as the key column holds it; null when it cannot be one
    bool withKey = false;
    bool isNew = false;
};

LabelReader::LabelReader(Session &session, const Table &table)
    : m_session(session)
    , m_table(table) {
}

bool LabelReader::read(const QStringList &texts, QHash<QString, Reading> *readings,
                       QString *error) {
    const int column = m_table.displayColumn();
    if (column < 0 || m_table.primaryKey() < 0) {
        for (const QString &text : texts)
            readings->insert(
                text,
                Reading{
                    nullptr,
                    tr("%1 has no name to look it up by: give its id.").arg(m_table.className()),
                    false});
        return true;
    }
    const Column &keyColumn = m_table.column(m_table.primaryKey());
    QList<Parsed> parsed;
    QSet<QString> folded;
    for (const QString &given : texts) {
        Parsed text;
        text.given = given;
        text.text = given.trimmed();
        folded.insert(text.text.toCaseFolded());
        text.withKey = Namesakes::parse(text.text, &text.label, &text.key);
        if (text.withKey) {
            text.key = text.key.trimmed();
            text.id = values::coerce(keyColumn, text.key);
            // Not a key this column can hold ("Mix (#two)" for a number key): never asked of the
            // database, which would refuse the whole query over it.
            if (text.id.isNull() || !values::validate(keyColumn, text.id).isEmpty())
                text.id = QVariant();
            // The key's row by its label alone: the form to suggest when "Mix (#2)" is also a
            // name as it stands
            folded.insert(text.label.toCaseFolded());
        } else {
            text.isNew = Namesakes::parseNew(text.text, &text.label);
        }
        parsed << text;
    }
    RecordList held; // what the lookups read, released again unless a reading names it
    QHash<QString, RecordList> named;
    QHash<QString, RecordPtr> byKey;
    if (!findNamed(folded, &named, &held, error) || !findKeyed(parsed, &byKey, &held, error))
        return false;
    const RecordList pending = m_session.newRecords(m_table);
    for (const Parsed &text : std::as_const(parsed))
        readings->insert(text.given, decide(text, named, byKey, pending));
    named.clear();
    byKey.clear();
    m_session.releaseUnused(std::move(held));
    return true;
}

bool LabelReader::findNamed(const QSet<QString> &folded, QHash<QString, RecordList> *named,
                            RecordList *held, QString *error) {
    const int column = m_table.displayColumn();
    // A row named by two columns reads "Jane Peacock" in the grid and in what Copy takes; the
    // display column (last_name) is the end of that text after a blank, so every such end is
    // asked for, and the whole label compared in memory.
    const bool severalColumns = m_table.labelColumns().size() > 1;
    QSet<QString> asked;
    for (const QString &label : folded) {
        named->insert(label, {});
        asked.insert(label);
        for (qsizetype blank = label.indexOf(QLatin1Char(' ')); severalColumns && blank >= 0;
             blank = label.indexOf(QLatin1Char(' '), blank + 1))
            asked.insert(label.mid(blank + 1));
    }
    // Every record each folded label names: new records (staged names), then the database's.
    const auto consider = [&](const RecordPtr &record) {
        if (record->isMarkedForDelete())
            return;
        QStringList labels{RowLabel::part(*record, column).toCaseFolded()};
        if (severalColumns)
            labels << record->displayText().toCaseFolded();
        for (const QString &label : std::as_const(labels)) {
            const auto it = named->find(label);
            if (it != named->end() && !it->contains(record))
                it->append(record);
        }
    };
    for (const RecordPtr &record : m_session.newRecords(m_table))
        consider(record);
    const StatementBuilder sql(m_session.dialect());
    const QStringList labels(asked.cbegin(), asked.cend());
    for (const Loader::Chunk &run : Loader::chunks(labels.size(), 1)) {
        const QStringList chunk = labels.mid(run.start, run.size);
        Query query;
        query.where = sql.foldedIn(m_table, column, chunk.size());
        for (const QString &label : chunk)
            query.binds << label;
        const RecordList rows = m_session.query(m_table, query);
        if (m_session.lastError().isError()) {
            *error = m_session.lastError().message();
            return false;
        }
        for (const RecordPtr &record : rows)
            consider(record);
        *held += rows;
    }
    return true;
}

bool LabelReader::findKeyed(const QList<Parsed> &texts, QHash<QString, RecordPtr> *byKey,
                            RecordList *held, QString *error) {
    QVariantList ids;
    QStringList keyTexts;
    QSet<QString> seen;
    for (const Parsed &text : texts) {
        if (!text.withKey || text.id.isNull() || seen.contains(text.key))
            continue;
        seen.insert(text.key);
        keyTexts << text.key;
        ids << text.id;
    }
    for (qsizetype start = 0; start < ids.size(); start += StatementBuilder::ChunkParameters) {
        const QVariantList chunk = ids.mid(start, StatementBuilder::ChunkParameters);
        const RecordList found = m_session.getMany(m_table, chunk);
        if (m_session.lastError().isError()) {
            *error = m_session.lastError().message();
            return false;
        }
        QHash<QString, RecordPtr> byId;
        for (const RecordPtr &record : found)
            byId.insert(record->id().toString(), record);
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (const RecordPtr record = byId.value(chunk.at(i).toString()))
                byKey->insert(keyTexts.at(start + i), record);
        }
        *held += found;
    }
    return true;
}

LabelReader::Reading LabelReader::decide(const Parsed &text,
                                         const QHash<QString, RecordList> &named,
                                         const QHash<QString, RecordPtr> &byKey,
                                         const RecordList &pending) const {
    QList<Candidate> candidates;
    const auto add = [&candidates](const RecordPtr &record, bool exact, Via via) {
        for (Candidate &candidate : candidates) {
            if (candidate.record == record) {
                candidate.exact = candidate.exact || exact;
                return;
            }
        }
        candidates.append(Candidate{record, exact, via});
    };
    const int column = m_table.displayColumn();
    for (const RecordPtr &record : named.value(text.text.toCaseFolded())) {
        add(record,
            RowLabel::part(*record, column) == text.text || record->displayText() == text.text,
            Via::Label);
    }
    const RecordPtr keyed = text.withKey ? byKey.value(text.key) : nullptr;
    // The name a cell shows beside its key (Namesakes::text(): every label column)
    if (keyed && !keyed->isMarkedForDelete() &&
        keyed->displayText().toCaseFolded() == text.label.toCaseFolded())
        add(keyed, keyed->displayText() == text.label, Via::Key);
    for (const RecordPtr &record : text.isNew ? pending : RecordList()) {
        if (!record->isMarkedForDelete() &&
            record->displayText().toCaseFolded() == text.label.toCaseFolded())
            add(record, record->displayText() == text.label, Via::New);
    }

    Reading reading;
    if (candidates.size() > 1) {
        QList<Candidate> exact;
        for (const Candidate &candidate : std::as_const(candidates)) {
            if (candidate.exact)
                exact.append(candidate);
        }
        if (exact.size() == 1)
            candidates = exact;
    }
    if (candidates.size() == 1) {
        reading.record = candidates.first().record;
        return reading;
    }
    const QString className = m_table.className();
    if (candidates.isEmpty()) {
        if (text.withKey && keyed && !keyed->isMarkedForDelete())
            reading.error = tr("%1 %2 is named \u201c%3\u201d, not \u201c%4\u201d.")
                                .arg(className, text.key, keyed->displayText(), text.label);
        else if (text.withKey)
            reading.error = tr("There is no %1 with id %2.").arg(className, text.key);
        else if (text.isNew)
            reading.error = tr("No new %1 is named \u201c%2\u201d.").arg(className, text.label);
        else
            reading.error = tr("No %1 matches \u201c%2\u201d.").arg(className, text.given);
        return reading;
    }
    reading.ambiguous = true;
    const auto every = [&candidates](Via via) {
        return std::all_of(candidates.cbegin(), candidates.cend(),
                           [via](const Candidate &candidate) { return candidate.via == via; });
    };
    if (every(Via::New)) {
        // No key to tell them apart by until they are committed
        reading.error = tr("More than one new %1 is named \u201c%2\u201d: pick one from the "
                           "cell's list, or commit first.")
                            .arg(className, text.label);
        return reading;
    }
    // Say how the grid tells them apart ("Music (#8)"), so that the text can be corrected to one
    // of them: short, as a status bar shows it after the row and column.
    QStringList forms;
    QStringList rows;
    for (const Candidate &candidate : std::as_const(candidates)) {
        const QString form = formFor(candidate.record, text.text, named);
        if (!form.isEmpty() && forms.size() < 3)
            forms << quoted(form);
        if (rows.size() < 3) {
            rows << (candidate.record->state() == ObjectState::Pending
                         ? tr("new %1 %2").arg(className, quoted(candidate.record->displayText()))
                         : tr("%1 %2 %3")
                               .arg(className, candidate.record->keyText(),
                                    quoted(candidate.record->displayText())));
        }
    }
    if (every(Via::Label)) {
        reading.error = forms.isEmpty()
                            ? tr("More than one %1 is named \u201c%2\u201d: give its id instead.")
                                  .arg(className, text.given)
                            : tr("More than one %1 is named \u201c%2\u201d: write %3.")
                                  .arg(className, text.given, forms.join(tr(" or ")));
        return reading;
    }
    // A label that reads like another row's key form ("Mix (#2)" the name of one playlist, and
    // playlist 2 "Mix" by its key): neither reading is meant more than the other.
    reading.error = forms.isEmpty()
                        ? tr("\u201c%1\u201d could be %2: give the id of the one meant.")
                              .arg(text.text, rows.join(tr(" or ")))
                        : tr("\u201c%1\u201d could be %2: write %3.")
                              .arg(text.text, rows.join(tr(" or ")), forms.join(tr(" or ")));
    return reading;
}

QString LabelReader::formFor(const RecordPtr &record, const QString &given,
                             const QHash<QString, RecordList> &named) const {
    if (record->state() == ObjectState::Pending)
        return {}; // no key yet: only the cell's list tells two new rows apart
    if (record->id().isNull())
        return {};
    const QString form = Namesakes::text(record);
    if (form.toCaseFolded() != given.toCaseFolded())
        return form;
    // Its own form is the text given ("Mix (#2)" for playlist 2 "Mix"): its label alone, when
    // that names it alone
    const RecordList sameLabel = named.value(record->displayText().toCaseFolded());
    return sameLabel.size() == 1 && sameLabel.first() == record ? record->displayText() : QString();
}

} // namespace orm
