// The wording of orm::Error: every sentence the ORM tells the user about a failure, chosen by
// the error's reason and filled from its facts.

#include "errorwording.h"

#include "error.h"
#include "record.h"

#include <QCoreApplication>

namespace orm {

namespace {

/// The translation context of every sentence below.
struct Wording {
    Q_DECLARE_TR_FUNCTIONS(orm::ErrorWording)
};

/// The first line of a driver's text without the PostgreSQL severity prefix ("ERROR:  ").
QString databaseReason(const QString &driverMessage) {
    QString reason = driverMessage.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    for (const QLatin1String prefix : {QLatin1String("ERROR:"), QLatin1String("FATAL:")}) {
        if (reason.startsWith(prefix))
            reason = reason.mid(prefix.size()).trimmed();
    }
    while (reason.endsWith(QLatin1Char('.')))
        reason.chop(1);
    return reason;
}

/// A CHECK constraint that Column::range() declared: say the range, not the constraint's name.
QString rangeMessage(const QString &who, const Column &column) {
    const QString label = column.displayLabel();
    if (column.minimum && column.maximum)
        return Wording::tr("%1 cannot be saved: %2 must be between %3 and %4.")
            .arg(who, label, QString::number(*column.minimum), QString::number(*column.maximum));
    if (column.minimum)
        return Wording::tr("%1 cannot be saved: %2 must be at least %3.")
            .arg(who, label, QString::number(*column.minimum));
    return Wording::tr("%1 cannot be saved: %2 must be at most %3.")
        .arg(who, label, QString::number(*column.maximum));
}

/// The columns' header labels as a phrase: "invoice_id and line_no", "a, b and c".
QString labelsOf(const Table &table, const QStringList &columns) {
    QStringList labels;
    for (const QString &name : columns) {
        const int column = table.columnIndex(name);
        labels << (column >= 0 ? table.column(column).displayLabel() : name);
    }
    const QString last = labels.takeLast();
    return Wording::tr("%1 and %2").arg(labels.join(QStringLiteral(", ")), last);
}

/// A failure to save or delete a record: the sentence names the record (by its name when the
/// sentence is made, which is when the failure is reported) and the column by the label the
/// user sees in the table's header.
QString describeRecord(const Error &error) {
    const Record &record = *error.record;
    const Table &table = record.table();
    const QString who = record.displayName();
    const int column = error.column.isEmpty() ? -1 : table.columnIndex(error.column);
    const QString label = column >= 0 ? table.column(column).displayLabel() : QString();
    using Reason = Error::Reason;
    switch (error.reason) {
    case Reason::ReadAgainFailed:
        return Wording::tr("%1 could not be read again; nothing was changed.").arg(who);
    case Reason::LostWhileSaving:
        return Wording::tr("The connection to the database was lost while saving %1: nothing was "
                           "saved, and every staged change is kept. Reconnect and commit again.")
            .arg(who);
    case Reason::ChangedByOther:
        if (column < 0)
            return Wording::tr("%1 was changed by another user. Nothing was saved; your changes "
                               "are kept.")
                .arg(who);
        return Wording::tr("%1 was changed by another user: %2 is now '%3' (you loaded "
                           "'%4'). Nothing was saved; your changes are kept.")
            .arg(who, label, error.valueNow.toString(), error.valueLoaded.toString());
    case Reason::DeletedByOther:
        return Wording::tr("%1 was deleted by another user. Nothing was saved; your changes are "
                           "kept.")
            .arg(who);
    case Reason::MustNotBeEmpty:
        return Wording::tr("%1 cannot be saved: %2 must not be empty.").arg(who, label);
    case Reason::Duplicate: {
        const QString what = error.columns.size() > 1 ? labelsOf(table, error.columns)
                             : label.isEmpty()        ? Wording::tr("value")
                                                      : label;
        // The row that holds it: "Author 'Stephen King'", or by its key where its name is the
        // one refused; unnamed where it reads as the record itself (a junction row's key)
        QString holder = error.other ? error.other->displayName() : QString();
        if (holder == who && !error.other->keyText().isEmpty())
            holder = Wording::tr("%1 #%2").arg(table.className(), error.other->keyText());
        if (!holder.isEmpty() && holder != who)
            return Wording::tr("%1 cannot be saved: %2 already has this %3.")
                .arg(who, holder, what);
        return Wording::tr("%1 cannot be saved: another %2 already has this %3.")
            .arg(who, table.className(), what);
    }
    case Reason::MissingParent:
        return Wording::tr("%1 cannot be saved: %2 refers to a record that does not exist.")
            .arg(who, label.isEmpty() ? Wording::tr("a reference") : label);
    case Reason::StillReferenced:
        if (error.deleting || record.isMarkedForDelete())
            return Wording::tr("%1 cannot be deleted: rows of %2 still refer to it.")
                .arg(who, error.detail);
        return Wording::tr("%1 cannot be saved: rows of %2 still refer to its key, and the "
                           "database does not let it change under them.")
            .arg(who, error.detail);
    case Reason::WrongType:
        return Wording::tr("%1 cannot be saved: %2 has a value of the wrong type.")
            .arg(who, label.isEmpty() ? Wording::tr("a column") : label);
    case Reason::OutOfRange:
        if (column >= 0)
            return rangeMessage(who, table.column(column));
        break;
    case Reason::BreaksRule: {
        const QString what = label.isEmpty() ? Wording::tr("a value") : label;
        if (!error.detail.isEmpty()) // a CHECK without a name, known by its expression
            return Wording::tr("%1 cannot be saved: %2 breaks the rule CHECK (%3).")
                .arg(who, what, error.detail);
        // SQLite names an unnamed CHECK that starts with a quoted column by that column only
        if (!label.isEmpty() && error.constraint.compare(error.column, Qt::CaseInsensitive) == 0)
            return Wording::tr("%1 cannot be saved: %2 breaks a CHECK rule of %3 on it.")
                .arg(who, label, table.displayLabel());
        if (!error.constraint.isEmpty())
            return Wording::tr("%1 cannot be saved: %2 breaks the rule %3.")
                .arg(who, what, error.constraint);
        // A rule without a name (a row that fits none of a table's partitions): the database's
        // own words say which.
        const QString reason = databaseReason(error.driverMessage);
        if (reason.isEmpty())
            return Wording::tr("%1 cannot be saved: %2 breaks a rule of the database.")
                .arg(who, what);
        return Wording::tr("%1 cannot be saved: %2 breaks a rule of the database, which says: "
                           "\u201c%3\u201d")
            .arg(who, what, reason);
    }
    case Reason::SaveRefused: {
        // Not a failure Shelf knows by name (a trigger's RAISE, a rule of another program): the
        // database's own words are the only explanation there is, so they go in the sentence.
        const QString reason = databaseReason(error.driverMessage);
        return reason.isEmpty()
                   ? Wording::tr("%1 cannot be saved: the database reported an error.").arg(who)
                   : Wording::tr("%1 cannot be saved. The database says: \u201c%2\u201d")
                         .arg(who, reason);
    }
    case Reason::InvalidValue:
        return Wording::tr("%1 cannot be saved: %2.").arg(who, error.detail);
    case Reason::NulInText:
        return Wording::tr("%1 cannot be saved: %2 contains a NUL character, which %3 cannot "
                           "store.")
            .arg(who, label, error.detail);
    case Reason::ReadOnlyTable:
        return (error.deleting ? Wording::tr("%1 cannot be deleted: %2 is read-only (%3).")
                               : Wording::tr("%1 cannot be saved: %2 is read-only (%3)."))
            .arg(who, error.table, error.detail);
    case Reason::ReadOnlyRow:
        return Wording::tr("%1 cannot be deleted: %2.").arg(who, error.detail);
    case Reason::ReferenceCycle: {
        const QString records = error.cycleRecords.join(QStringLiteral(", "));
        const QString columns = error.cycleColumns.join(QStringLiteral(", "));
        if (error.deleting)
            return Wording::tr(
                       "%1 cannot be deleted: %2 refer to each other through %3, which may not "
                       "be empty, so none of them can be deleted while another still refers to "
                       "it. Nothing was written; delete them after one of these references has "
                       "been changed.")
                .arg(who, records, columns);
        return Wording::tr("%1 cannot be saved: %2 refer to each other through %3, which may not "
                           "be empty, so none of them can be written before the others. Leave "
                           "one of these references empty, commit, and set it afterwards.")
            .arg(who, records, columns);
    }
    case Reason::DeleteBlocked:
        // A record blocker names the child; rows the database keeps are named by the reason.
        if (error.other)
            return Wording::tr("%1 cannot be deleted: %2 %3.")
                .arg(who, error.other->displayName(), error.detail);
        return Wording::tr("%1 cannot be deleted: %2.").arg(who, error.detail);
    case Reason::NotInSession:
        return Wording::tr("%1 is not in this session (it is %2), so it cannot be deleted.")
            .arg(who, stateName(error.state));
    case Reason::NotStored:
        return Wording::tr("%1 is %2: only a stored record can be in conflict with the database.")
            .arg(who, stateName(error.state));
    case Reason::ResolveInTransaction:
        return Wording::tr("%1 cannot be resolved while a transaction is open: commit or roll "
                           "back first.")
            .arg(who);
    default:
        break;
    }
    return {};
}

} // namespace

QString describe(const Error &error) {
    using Reason = Error::Reason;
    switch (error.reason) {
    case Reason::None:
        return {};
    case Reason::UnsupportedDriver:
        return error.detail.isEmpty()
                   ? Wording::tr("The database driver is not supported.")
                   : Wording::tr("Shelf cannot work with the %1 driver; use SQLite or PostgreSQL.")
                         .arg(error.detail);
    case Reason::NotOpened:
        return Wording::tr("The database could not be opened; reconnect() tries again.");
    case Reason::SetupFailed:
        return Wording::tr("The database connection could not be set up.");
    case Reason::StillUnreachable:
        return Wording::tr("The database is still unreachable; your staged changes are kept.");
    case Reason::ConnectionLost:
        return Wording::tr("The connection to the database was lost.");
    case Reason::StatementRefused:
        return Wording::tr("The database refused a statement.");
    case Reason::ReadFailed:
        return Wording::tr("Reading %1 failed.").arg(error.table);
    case Reason::TransactionNotStarted:
        return Wording::tr("A transaction could not be started: nothing was saved, and every "
                           "staged change is kept.");
    case Reason::CommitRefused:
        return Wording::tr("The database did not accept the commit.");
    case Reason::LostWhileSaving:
        if (!error.record)
            return Wording::tr("The connection to the database was lost: nothing was saved, and "
                               "every staged change is kept. Reconnect and commit again.");
        break;
    case Reason::Busy:
        return Wording::tr("The database is locked: another program or connection is writing to "
                           "it. Nothing was saved, and every staged change is kept. Commit again "
                           "once it has finished.");
    case Reason::LostWhileCommitting:
        // The server may have committed before its answer was lost: say so rather than promise
        // that nothing was saved.
        return Wording::tr("The connection to the database was lost while it was committing, so "
                           "Shelf cannot tell whether your changes were saved. Every staged "
                           "change is kept. Reconnect and refresh to see what the database holds "
                           "before committing again.");
    case Reason::DeletePreviewFailed:
        return error.detail; // the delete preview's own words
    case Reason::CascadeTooDeep:
        return Wording::tr("The database cascades deletes more than %1 levels deep from %2; "
                           "Shelf cannot preview all of it.")
            .arg(error.limit)
            .arg(error.other ? error.other->displayName() : error.table);
    case Reason::NothingToResolve:
        return Wording::tr("No record to resolve.");
    case Reason::SchemaInTransaction:
        return Wording::tr("Commit or roll back before changing the schema.");
    case Reason::TableNotCreated:
        return Wording::tr("The table %1 could not be created.").arg(error.table);
    case Reason::NotificationNotSetUp:
        return Wording::tr("The change notification could not be set up.");
    case Reason::TablesNotCommitted:
        return Wording::tr("The new tables could not be committed.");
    case Reason::TableNotDropped:
        return Wording::tr("The table %1 could not be dropped.").arg(error.table);
    case Reason::DropNotCommitted:
        return Wording::tr("Dropping the tables could not be committed.");
    // These name a record first (no `default:`, so that a new reason is a compiler warning
    // until it has a sentence)
    case Reason::ReadAgainFailed:
    case Reason::ChangedByOther:
    case Reason::DeletedByOther:
    case Reason::MustNotBeEmpty:
    case Reason::Duplicate:
    case Reason::MissingParent:
    case Reason::StillReferenced:
    case Reason::WrongType:
    case Reason::OutOfRange:
    case Reason::BreaksRule:
    case Reason::SaveRefused:
    case Reason::InvalidValue:
    case Reason::NulInText:
    case Reason::ReadOnlyTable:
    case Reason::ReadOnlyRow:
    case Reason::ReferenceCycle:
    case Reason::DeleteBlocked:
    case Reason::NotInSession:
    case Reason::NotStored:
    case Reason::ResolveInTransaction:
        break;
    }
    return error.record ? describeRecord(error) : QString();
}

} // namespace orm
