#pragma once

#include <QCoreApplication>
#include <QString>

class QTextStream;

namespace app {

/// `shelf --upgrade FILE [--yes]`: upgrades a library without a window, for people who manage
/// many files. Prints the revisions, what will change and where the backup goes, asks on `in`
/// unless `assumeYes`, then backs up and upgrades as the dialog does. Returns the exit code: 0
/// when the library is upgraded or already current, 1 when it is declined, refused (no library, a
/// newer one) or failed — the file then unchanged.
class UpgradeCommand {
    Q_DECLARE_TR_FUNCTIONS(app::UpgradeCommand)
public:
    static int run(const QString &database, bool assumeYes, QTextStream &in, QTextStream &out,
                   QTextStream &err);
};

} // namespace app
