// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Pasokh::App {

/// Turns SIGTERM, SIGINT and SIGHUP (a session logout, `kill`, Ctrl+C in a terminal, systemd stopping the
/// kiosk session) into a Qt signal on the GUI thread, so the console closes the way the window's close button
/// does: the half-typed case is saved as a draft, the agent's state interval is closed, the phone engine is
/// stopped and the data folder's lock is released. Without it the default action killed the process on the
/// spot and left pasokh.lock behind. Uses the self-pipe pattern of Qt's "Calling Qt Functions From Unix
/// Signal Handlers": the handler only writes a byte to a socketpair. One instance per process; a second
/// signal while closing is ignored, a third restores the default action (so a stuck close can still be
/// interrupted).
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    /// Installs the handlers. If the socketpair or sigaction fails, the default actions stay (logged).
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    /// A termination signal arrived (signal number, e.g. 15 for SIGTERM).
    void terminationRequested(int signalNumber);

private:
    void onReadable();
    static void handler(int signalNumber);

    QSocketNotifier *m_notifier = nullptr;
    int m_received = 0;
};

} // namespace Pasokh::App
