// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sync/hublogindialog.h"

#include "models/sync/synccontroller.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Pasokh::Ui {

HubLoginDialog::HubLoginDialog(Sync::SyncController *controller, const QString &userName, QWidget *parent)
    : QDialog(parent), m_controller(controller), m_user(new QLineEdit(userName, this)),
      m_password(new QLineEdit(this)), m_error(new QLabel(this)), m_login(nullptr)
{
    setWindowTitle(tr("Log in to the hub"));
    m_user->setLayoutDirection(Qt::LeftToRight);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setLayoutDirection(Qt::LeftToRight);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; }"));
    auto *form = new QFormLayout;
    form->addRow(tr("User name"), m_user);
    form->addRow(tr("Password"), m_password);
    auto *buttons = new QDialogButtonBox(this);
    m_login = buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Work offline"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &HubLoginDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_controller, &Sync::SyncController::loginFinished, this, &HubLoginDialog::finished);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Cases are kept on this computer until the hub accepts them."), this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    (userName.isEmpty() ? m_user : m_password)->setFocus();
}

void HubLoginDialog::submit()
{
    if (m_user->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        m_error->setText(tr("Enter your user name and password."));
        return;
    }
    m_error->clear();
    m_login->setEnabled(false);
    m_controller->login(m_user->text().trimmed(), m_password->text());
}

void HubLoginDialog::finished(bool ok, const QString &code, const QString &message)
{
    m_login->setEnabled(true);
    m_password->clear();
    if (ok) {
        accept();
        return;
    }
    if (code == QLatin1String("network"))
        m_error->setText(tr("The hub cannot be reached. You can keep working offline; log in again later."));
    else if (code == QLatin1String("invalid_credentials") || code == QLatin1String("401"))
        m_error->setText(tr("Wrong user name or password."));
    else
        m_error->setText(tr("The hub refused the login: %1").arg(message.isEmpty() ? code : message));
}

} // namespace Pasokh::Ui
