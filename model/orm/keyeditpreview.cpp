#include "keyeditpreview.h"

#include "metadata.h"
#include "record.h"
#include "sessioninternals.h"
#include "setdefaultmoves.h"
#include "statementbuilder.h"

#include <QCoreApplication>
#include <algorithm>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

QString effectText(const Table &child, const ForeignKey &key, qint64 rows,
                   const ReferencedEditPreview::DefaultRow &target, const QString &missing) {
    const QString columns = child.columnNames(key.columns);
    const QString action = onDeleteName(key.onUpdate);
    const QString count = rows == 1 ? QCoreApplication::translate("orm", "1 row")
                                    : QCoreApplication::translate("orm", "%1 rows").arg(rows);
    if (key.onUpdate == ReferentialAction::SetDefault && !missing.isEmpty()) {
        // As the delete preview blocks an ON DELETE SET DEFAULT: the row, the values, the rule.
        return (rows == 1 ? tr("the database will refuse the change: %1 of %2 would be set to "
                               "its default, %3, but %4 (ON UPDATE %5)")
                          : tr("the database will refuse the change: %1 of %2 would be set to "
                               "their default, %3, but %4 (ON UPDATE %5)"))
            .arg(count, child.name(), describeAssignment(child, key.columns, target.values),
                 missing, action);
    }
    if (key.onUpdate == ReferentialAction::SetDefault) {
        return tr("the database sets %1 to its default, %2, in %3 of %4 (ON UPDATE %5)")
            .arg(columns, target.name, count, child.name(), action);
    }
    switch (key.onUpdate) {
    case ReferentialAction::Cascade:
        return QCoreApplication::translate("orm", "the database changes %1 in %2 of %3 to "
                                                  "the new value (ON UPDATE %4)")
            .arg(columns, count, child.name(), action);
    case ReferentialAction::SetNull:
        return QCoreApplication::translate("orm", "the database sets %1 to NULL in %2 of %3 "
                                                  "(ON UPDATE %4)")
            .arg(columns, count, child.name(), action);
    case ReferentialAction::SetDefault: // above
    case ReferentialAction::NoAction:
    case ReferentialAction::Restrict:
        break;
    }
    return QCoreApplication::translate("orm", "the database will refuse the change: %1 of %2 "
                                              "still hold the old value in %3 (ON UPDATE %4)")
        .arg(count, child.name(), columns, action);
}

} // namespace

ReferencedEditPreview::ReferencedEditPreview(Session &session)
    : m_session(session) {
    for (const Table *child : session.metadata().tables()) {
        for (const ForeignKey &key : child->foreignKeys())
            m_referrers[key.targetTable].append({child, &key});
    }
}

bool ReferencedEditPreview::preview(const Record &record, const QList<int> &changed,
                                    PendingChange *change, Error *error) {
    const auto referrers = m_referrers.constFind(record.table().name());
    if (referrers == m_referrers.cend())
        return true;
    const StatementBuilder sql(m_session.dialect());
    for (const auto &[child, key] : *referrers) {
        bool touched = false;
        QVariantList old;
        for (int column : key->targetColumns) {
            touched = touched || changed.contains(column);
            old.append(record.storedValue(column));
        }
        // Nothing refers to a NULL value.
        if (!touched || std::any_of(old.cbegin(), old.cend(),
                                    [](const QVariant &value) { return value.isNull(); }))
            continue;
        qint64 rows = 0;
        if (!SessionInternals::countWhere(m_session, *child, sql.equals(*child, key->columns), old,
                                          &rows)) {
            *error = m_session.lastError();
            return false;
        }
        if (rows == 0)
            continue;
        DefaultRow target;
        QString missing;
        if (key->onUpdate == ReferentialAction::SetDefault) {
            if (!defaultRow(*child, *key, &target, error))
                return false;
            missing = whyMissing(*child, *key, target, record, old);
        }
        change->databaseEffects << effectText(*child, *key, rows, target, missing);
        if (key->onUpdate == ReferentialAction::NoAction ||
            key->onUpdate == ReferentialAction::Restrict || !missing.isEmpty())
            change->refusedByDatabase = true;
    }
    return true;
}

bool ReferencedEditPreview::defaultRow(const Table &child, const ForeignKey &key,
                                       DefaultRow *target, Error *error) {
    // Evaluated and looked for once per foreign key, however many edits refer to it.
    if (const auto known = m_defaults.constFind(&key); known != m_defaults.cend()) {
        *target = *known;
        return true;
    }
    for (int column : key.columns) {
        QVariant value;
        if (!SessionInternals::columnDefault(m_session, child, column, &value)) {
            *error = m_session.lastError();
            return false;
        }
        target->values << value;
    }
    const Table *parent = m_session.metadata().table(key.targetTable);
    const bool anyNull = std::any_of(target->values.cbegin(), target->values.cend(),
                                     [](const QVariant &value) { return value.isNull(); });
    if (anyNull || !parent) {
        // A NULL refers to nothing (MATCH SIMPLE): no row to look for.
        target->name = QStringLiteral("NULL");
        target->found = true;
        m_defaults.insert(&key, *target);
        return true;
    }
    const Key wanted = Key::ofValues(*parent, key.targetColumns, target->values);
    target->name =
        tr("%1 with %2")
            .arg(parent->name(), describeAssignment(*parent, key.targetColumns, target->values));
    if (key.targetColumns == parent->primaryKeyColumns()) {
        // The row itself names it best ("category 'Uncategorised'").
        if (const RecordPtr row = m_session.get(*parent, wanted.toVariant())) {
            target->name = row->displayName();
            target->found = true;
        } else if (m_session.lastError()) {
            *error = m_session.lastError();
            return false;
        }
    } else {
        const StatementBuilder sql(m_session.dialect());
        qint64 rows = 0;
        if (!SessionInternals::countWhere(m_session, *parent,
                                          sql.equals(*parent, key.targetColumns), target->values,
                                          &rows)) {
            *error = m_session.lastError();
            return false;
        }
        target->found = rows > 0;
    }
    // A new row the same commit inserts is there when the key edit runs (saves in one pass).
    for (const RecordPtr &record : m_session.newRecords(*parent)) {
        if (Key::ofColumns(*parent, key.targetColumns, record->values()) == wanted) {
            target->name = record->displayName();
            target->found = true;
        }
    }
    m_defaults.insert(&key, *target);
    return true;
}

QString ReferencedEditPreview::whyMissing(const Table &child, const ForeignKey &key,
                                          const DefaultRow &target, const Record &edited,
                                          const QVariantList &old) const {
    for (qsizetype i = 0; i < target.values.size(); ++i) {
        if (target.values.at(i).isNull() && !child.column(key.columns.at(i)).nullable)
            return tr("%1 has no default but NULL, which it cannot hold")
                .arg(child.column(key.columns.at(i)).name);
    }
    if (target.name == QLatin1String("NULL"))
        return {};
    // The default row is the very row whose values change: it is not there any more when the
    // database sets the referring rows to them.
    const Key wanted = Key::ofValues(edited.table(), key.targetColumns, target.values);
    if (Key::ofValues(edited.table(), key.targetColumns, old) == wanted)
        return tr("%1 is the row edited, whose %2 changes")
            .arg(target.name, edited.table().columnNames(key.targetColumns));
    if (!target.found)
        return tr("no row of %1 has %2")
            .arg(edited.table().name(),
                 describeAssignment(edited.table(), key.targetColumns, target.values));
    return {};
}

} // namespace orm
