#include "keyeditpreview.h"

#include "defaultrow.h"
#include "metadata.h"
#include "record.h"
#include "sessioninternals.h"
#include "statementbuilder.h"

#include <QCoreApplication>
#include <algorithm>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm", text);
}

QString effectText(const Table &child, const ForeignKey &key, qint64 rows, const DefaultRow &target,
                   const QString &missing) {
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
    : m_session(session)
    , m_defaultRows(session.metadata(), session.isValid() ? &session.dialect() : nullptr,
                    SessionInternals::loader(session), SessionInternals::unitOfWork(session),
                    SessionInternals::selects(session)) {
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
        SelectRunner &selects = SessionInternals::selects(m_session);
        if (!selects.countWhere(*child, sql.equals(*child, key->columns), old, &rows)) {
            *error = selects.error();
            return false;
        }
        if (rows == 0)
            continue;
        const DefaultRow *target = nullptr;
        QString missing;
        if (key->onUpdate == ReferentialAction::SetDefault) {
            target = m_defaultRows.of(*child, *key);
            if (!target) {
                *error = m_defaultRows.error();
                return false;
            }
            missing = whyMissing(*key, *target, record, old);
        }
        change->databaseEffects << effectText(*child, *key, rows, target ? *target : DefaultRow(),
                                              missing);
        if (key->onUpdate == ReferentialAction::NoAction ||
            key->onUpdate == ReferentialAction::Restrict || !missing.isEmpty())
            change->refusedByDatabase = true;
    }
    return true;
}

QString ReferencedEditPreview::whyMissing(const ForeignKey &key, const DefaultRow &target,
                                          const Record &edited, const QVariantList &old) const {
    if (!target.nullInNotNullColumn.isEmpty())
        return tr("%1 has no default but NULL, which it cannot hold")
            .arg(target.nullInNotNullColumn);
    if (target.refersToNothing || !target.parent)
        return {};
    // The default row is the very row whose values change: it is not there any more when the
    // database sets the referring rows to them.
    if (Key::ofValues(edited.table(), key.targetColumns, old) == target.key)
        return tr("%1 is the row edited, whose %2 changes")
            .arg(target.name, edited.table().columnNames(key.targetColumns));
    if (!target.found())
        return tr("no row of %1 has %2")
            .arg(edited.table().name(),
                 describeAssignment(edited.table(), key.targetColumns, target.values));
    return {};
}

} // namespace orm
