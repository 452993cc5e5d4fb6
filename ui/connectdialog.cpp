#include "connectdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

namespace {

bool isUrl(const QString &host) {
    return DatabaseTarget::fromString(host).kind == DatabaseTarget::Kind::Postgres;
}

} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_error(new QLabel(this)) {
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to PostgreSQL"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_port->setObjectName(QStringLiteral("portEdit"));
    m_database->setObjectName(QStringLiteral("databaseEdit"));
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_port->setRange(1, 65535);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("not saved"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #a00000"));
    m_error->hide();
    // A connection URL pasted into the host field, as services and documentation hand them out,
    // fills every field (its password too, in memory only) once the field is left
    connect(m_host, &QLineEdit::editingFinished, this, [this] {
        if (isUrl(m_host->text()))
            setTarget(target());
    });

    // Room for a host name or a database name without scrolling inside the field.
    const int fieldWidth = fontMetrics().averageCharWidth() * 42;
    for (QLineEdit *field : {m_host, m_database, m_user, m_password})
        field->setMinimumWidth(fieldWidth);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setTarget(DatabaseTarget::fromString(QStringLiteral("postgresql://localhost:5432/")));
}

ConnectDialog::~ConnectDialog() {
    disconnect(m_host, nullptr, this, nullptr);
}

void ConnectDialog::setTarget(const DatabaseTarget &target) {
    m_host->setText(target.host);
    m_port->setValue(target.port);
    m_database->setText(target.database);
    m_user->setText(target.user);
    m_password->setText(target.password);
}

DatabaseTarget ConnectDialog::target() const {
    if (isUrl(m_host->text())) { // not left yet: Enter right after pasting it
        DatabaseTarget target = DatabaseTarget::fromString(m_host->text());
        if (target.password.isEmpty()) // most URLs leave it out: the one typed holds
            target.password = m_password->text();
        return target;
    }
    DatabaseTarget target;
    target.kind = DatabaseTarget::Kind::Postgres;
    target.host = m_host->text().trimmed();
    target.port = m_port->value();
    // Role and database names may begin or end with a space in PostgreSQL: passed as typed.
    target.database = m_database->text();
    target.user = m_user->text();
    target.password = m_password->text();
    return target;
}

void ConnectDialog::setError(const QString &message) {
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

} // namespace ui
