#pragma once

#include "databasetarget.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace ui {

/// Asks for a PostgreSQL server: host, port, database, user and password. The password stays in
/// memory (DatabaseTarget::toString() leaves it out), so it is never written to disk.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    /// Disconnects the host field first: destroying the dialog takes its focus, which emits
    /// editingFinished() into a dialog already half gone (UndefinedBehaviorSanitizer caught it).
    ~ConnectDialog() override;

    void setTarget(const DatabaseTarget &target);
    /// What was entered: the host without surrounding blanks, the other fields exactly as typed
    /// (quotes, spaces, ';', '=' and non-ASCII reach the driver intact). A URL
    /// `postgresql://user:password@host:port/db` in the host field stands for every field (the
    /// password field's when the URL has none); leaving the field fills them from it.
    DatabaseTarget target() const;
    /// Shows why the last attempt failed, above the buttons.
    void setError(const QString &message);

private:
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_error;
};

} // namespace ui
