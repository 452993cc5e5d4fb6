#include "seeding.h"

#include "library/librarydatabase.h"
#include "library/seeder.h"
#include "orm/session.h"

#include <QCoreApplication>
#include <QLocale>
#include <QProgressDialog>

namespace app::seeding {

Outcome seedLarge(QWidget *parent, orm::Session &session, int authors, int booksPerAuthor,
                  QString *error) {
    if (!session.dropAll() || !library::createTables(session)) {
        *error = session.lastError().message();
        return Outcome::Failed;
    }
    QProgressDialog progress(
        QCoreApplication::translate("app::seeding", "Seeding %1 authors with %2 books each\u2026")
            .arg(QLocale().toString(authors), QLocale().toString(booksPerAuthor)),
        QCoreApplication::translate("app::seeding", "Cancel"), 0, authors, parent);
    progress.setObjectName(QStringLiteral("seedProgress"));
    progress.setWindowTitle(QCoreApplication::translate("app::seeding", "Seed large library"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setValue(0);
    const bool ok = library::seedLarge(session, authors, booksPerAuthor, [&](int done, int total) {
        progress.setMaximum(total);
        progress.setValue(done);
        QCoreApplication::processEvents();
        return !progress.wasCanceled();
    });
    const bool cancelled = progress.wasCanceled();
    progress.reset();
    if (ok)
        return Outcome::Done;
    if (cancelled)
        return Outcome::Cancelled;
    *error = session.lastError().message();
    return Outcome::Failed;
}

} // namespace app::seeding
