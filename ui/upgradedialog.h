#pragma once

#include <QDialog>
#include <QStringList>

class QPlainTextEdit;
class QPushButton;

namespace ui {

/// What opening a library made by an older Shelf asks: the database, its revision and this
/// Shelf's, what will change (in words), the SQL (under Details), and where the backup goes — or,
/// on PostgreSQL, that the upgrade runs in one transaction. Generic: it knows nothing of the
/// library, only the plan it is given.
struct UpgradeQuestion {
    QString database; ///< as the user reads it
    int fromRevision = 0;
    int toRevision = 0;
    QStringList steps;  ///< what will change, one sentence each
    QString sql;        ///< the statements, for Details
    QString backupPath; ///< empty: no file to back up (PostgreSQL)
};

/// Upgrade opens the upgraded library; Cancel opens nothing and changes nothing.
class UpgradeDialog : public QDialog {
    Q_OBJECT
public:
    explicit UpgradeDialog(const UpgradeQuestion &question, QWidget *parent = nullptr);

    QPushButton *upgradeButton() const { return m_upgrade; }
    QPushButton *detailsButton() const { return m_details; }
    QPlainTextEdit *sqlView() const { return m_sql; }

private:
    QPushButton *m_upgrade;
    QPushButton *m_details;
    QPlainTextEdit *m_sql;
};

} // namespace ui
