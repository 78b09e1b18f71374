// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace Pasokh::HubTest {

/// A real `pasokh-hub` process for integration tests: `--listen 127.0.0.1:0 --port-file F`, stopped by PID
/// with SIGTERM (graceful) in the destructor. Also runs `pasokh-hub admin ...` commands.
class HubProcess
{
public:
    explicit HubProcess(QString databaseUrl, QStringList extraArgs = {});
    ~HubProcess();

    /// Starts the hub and waits until it listens (≤ 20 s). Returns an error message (with the hub's output).
    QString start();
    /// SIGTERM and wait (≤ 15 s); returns the exit code (−1 if it had to be killed or crashed).
    int stop();
    /// SIGKILL without a goodbye (crash simulation).
    void kill();
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    int port() const { return m_port; }
    QString baseUrl() const;
    QString url() const { return m_databaseUrl; }
    /// Everything the hub wrote so far (stderr and stdout).
    QString output();

    /// Path of the pasokh-hub binary under test.
    static QString binary();
    /// Runs `pasokh-hub admin --db URL args...`; returns stdout (trimmed); `ok` false on a non-zero exit.
    static QString admin(const QString &databaseUrl, const QStringList &args, bool *ok = nullptr);
    /// A free TCP port on 127.0.0.1 (bind port 0, read it back, release).
    static int freePort();

private:
    QString m_databaseUrl;
    QStringList m_extraArgs;
    QString m_portFile;
    QProcess m_process;
    QByteArray m_output;
    int m_port = 0;
};

} // namespace Pasokh::HubTest
