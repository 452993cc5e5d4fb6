#include "keyeditpreview.h"

#include "metadata.h"
#include "record.h"
#include "sessioninternals.h"
#include "statementbuilder.h"

#include <QCoreApplication>
#include <algorithm>

namespace orm {

namespace {

QString effectText(const Table &child, const ForeignKey &key, qint64 rows) {
    const QString columns = child.columnNames(key.columns);
    const QString action = onDeleteName(key.onUpdate);
    const QString count = rows == 1 ? QCoreApplication::translate("orm", "1 row")
                                    : QCoreApplication::translate("orm", "%1 rows").arg(rows);
    switch (key.onUpdate) {
    case ReferentialAction::Cascade:
        return QCoreApplication::translate("orm", "the database changes %1 in %2 of %3 to "
                                                  "the new value (ON UPDATE %4)")
            .arg(columns, count, child.name(), action);
    case ReferentialAction::SetNull:
        return QCoreApplication::translate("orm", "the database sets %1 to NULL in %2 of %3 "
                                                  "(ON UPDATE %4)")
            .arg(columns, count, child.name(), action);
    case ReferentialAction::SetDefault:
        return QCoreApplication::translate("orm", "the database sets %1 to its default in %2 "
                                                  "of %3 (ON UPDATE %4)")
            .arg(columns, count, child.name(), action);
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
        change->databaseEffects << effectText(*child, *key, rows);
        if (key->onUpdate == ReferentialAction::NoAction ||
            key->onUpdate == ReferentialAction::Restrict)
            change->refusedByDatabase = true;
    }
    return true;
}

} // namespace orm
