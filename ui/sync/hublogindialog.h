// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Pasokh::Sync {
class SyncController;
}

namespace Pasokh::Ui {

/// The operator's login to the hub (user name + password; the station comes from the configuration). Sends the
/// login through the SyncController (off the GUI thread) and closes on success; shows the hub's refusal or
/// "hub not reachable" otherwise. Without network the operator may close it and keep working: cases queue.
class HubLoginDialog : public QDialog
{
    Q_OBJECT
public:
    HubLoginDialog(Sync::SyncController *controller, const QString &userName, QWidget *parent = nullptr);

private:
    void submit();
    void finished(bool ok, const QString &code, const QString &message);

    Sync::SyncController *m_controller;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_error;
    QPushButton *m_login;
};

} // namespace Pasokh::Ui
